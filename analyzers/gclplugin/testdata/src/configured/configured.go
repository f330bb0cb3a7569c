// Package configured checks that the plugin's config setting reaches the
// analyzers: .secretlint.yaml here disables github-pat.
package configured

const label = "ghp_tYi5jGbIj0groLhnzorSxMpCUEVtLkibEtSy"

var dbPassword = "hX9#kq2!Vr7pLm4Zt" // want `hardcoded-credential`

func use() (string, string) { return label, dbPassword }
