// Package policy checks the _test.go policy: name-based rules are quiet in
// test files, provider formats are not.
package policy

const fixturePassword = "q8Lm2vXk9zPwT" // want `^hardcoded credential in string literal assigned to fixturePassword \(hardcoded-credential\)$`
