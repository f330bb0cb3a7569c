// label: clean

// Package credentialspath: a path to a credentials file.
package credentialspath

const credentialsFile = "~/.aws/credentials"
