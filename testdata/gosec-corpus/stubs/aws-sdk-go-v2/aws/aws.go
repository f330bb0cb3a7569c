// Package aws is a stub of the AWS SDK for the corpus.
package aws

func String(v string) *string { return &v }
