// Package all registers every secretref backend: import it blank in a
// program's main package to read any reference secretlint writes.
//
//	import _ "github.com/secretlint-go/secretlint/secretref/all"
//
// It links both the AWS SDK and the Vault client. A program that needs
// only one store imports only that backend instead
// (secretref/awssecrets or secretref/vault).
package all

import (
	_ "github.com/secretlint-go/secretlint/secretref/awssecrets" // ref+awssecrets://
	_ "github.com/secretlint-go/secretlint/secretref/vault"      // ref+vault://
)
