// Package aws is a stub of the AWS SDK's package for tests.
package aws

func String(v string) *string { return &v }
