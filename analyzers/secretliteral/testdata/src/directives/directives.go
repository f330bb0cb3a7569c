// Package directives checks suppression directives.
package directives

// On the line above.
//
//secretlint:ignore hardcoded-credential the staging password, rotated weekly
const stagingPassword = "q8Lm2vXk9zPwT"

const trailingPassword = "Rk2vQ9xLm7pZ8wR4" //secretlint:ignore hardcoded-credential trailing comment form

// Several rules at once.
//
//secretlint:ignore github-pat,hardcoded-credential fixture shared with the e2e suite
const ciToken = "ghp_tYi5jGbIj0groLhnzorSxMpCUEVtLkibEtSy"

// gitleaks compatibility.
const legacyToken = "ghp_tYi5jGbIj0groLhnzorSxMpCUEVtLkibEtSy" // gitleaks:allow

// The wrong rule suppresses nothing: both are reported.
//
//secretlint:ignore url-credentials wrong rule // want `^secretlint:ignore directive for url-credentials suppresses nothing on this line or the next \(unused-suppression\)$`
const deployPassword = "Zt8kQ2vLm91xRk2v" // want `hardcoded credential in string literal assigned to deployPassword`

// A reason is required.
//
//secretlint:ignore hardcoded-credential // want `^secretlint:ignore directive needs a reason after the rule id \(invalid-suppression\)$`
const adminPassword = "pW9xK2mQ7v#aZ" // want `assigned to adminPassword`

//secretlint:ignore // want `needs a rule id and a reason`

//secretlint:ignore no-such-rule because // want `names unknown rule "no-such-rule" \(invalid-suppression\)`

// A directive with nothing to suppress.
//
//secretlint:ignore hardcoded-credential nothing here any more // want `suppresses nothing`
var port = 8080

// Prose that mentions secretlint:ignore is not a directive.
