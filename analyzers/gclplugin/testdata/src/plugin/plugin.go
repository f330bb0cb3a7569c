// Package plugin is the golangci-lint plugin's fixture. The values are
// random text in provider formats, never real keys.
package plugin

import "os"

const deployToken = "ghp_tYi5jGbIj0groLhnzorSxMpCUEVtLkibEtSy" // want `^github pat in string literal assigned to deployToken \(github-pat\)$`

var dbPassword = "hX9#kq2!Vr7pLm4Zt" // want `hardcoded-credential`

// Not findings: a reference to the environment, a placeholder.
var fromEnv = os.Getenv("DB_PASSWORD")

var placeholder = "changeme"

func use() (string, string, string, string) { return deployToken, dbPassword, fromEnv, placeholder }
