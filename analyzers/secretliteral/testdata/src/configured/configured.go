// Package configured is analysed with a .secretlint.yaml that disables
// github-pat, adds the secret name "pin", allows values starting with
// "allowed-" and allows the file fixtures_data.go.
package configured

// github-pat is disabled: the next rule that matches reports the literal.
const githubToken = "ghp_tYi5jGbIj0groLhnzorSxMpCUEVtLkibEtSy" // want `^hardcoded credential in string literal assigned to githubToken \(hardcoded-credential\)$`

const cardPin = "8841-2290-7731" // want `hardcoded credential in string literal assigned to cardPin \(hardcoded-credential\)$`

const allowedPassword = "allowed-q8Lm2vXk9zPw"

//secretlint:ignore github-pat the rule is disabled, so the directive is not judged
const otherToken = "ghp_tYi5jGbIj0groLhnzorSxMpCUEVtLkibEtSy" // want `assigned to otherToken \(hardcoded-credential\)`
