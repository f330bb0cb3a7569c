// Package quiet has its own .secretlint.yaml, which disables
// hardcoded-credential.
package quiet

var adminPassword = "q8Lm2vXk9zPwT"
