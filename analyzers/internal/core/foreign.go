package core

import (
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/secretlint-go/secretlint/rules"
)

// A constant of another package that reaches a sink or a secret-named
// place here: go vet analyzes the declaring package first, and that
// package cannot know where its constants go. When its declaration is
// reported there (a secret name: const DBPassword = "…"; a provider
// format), this use is no new finding. When it is not (const
// RegistryFallback = "…", a name that says nothing), this use is the first
// place the secret can be seen, and it is reported here, at the use, with
// the constant named in the message: one finding per secret either way.

// ReportedAtDefinition reports whether the declaration of c, a constant of
// another package with value val, is reported where it is declared: by its
// name (hardcoded-credential, aws-secret-access-key), by its value
// (url-credentials, env-default-secret) or by a provider rule. A constant of another module is reported nowhere (go vet reports
// the packages named on its command line), so its uses are.
func ReportedAtDefinition(pass *analysis.Pass, cfg *rules.Config, c *types.Const, val string) bool {
	if c.Pkg() == nil || !sameModule(pass, c.Pkg().Path()) {
		return false
	}
	cand := rules.Candidate{Name: c.Name(), Value: val}
	if rules.CheckAssignment(cfg.Names, cand).Match || rules.CheckAWSSecretKey(cand).Match ||
		rules.CheckURLCredentials(cand).Match || rules.CheckEnvDefault(cfg.Names, cand).Match {
		return true
	}
	if det, err := cfg.Detector(); err == nil && len(det.Detect("", val)) > 0 {
		return true
	}
	return false
}

// sameModule reports whether the package at path belongs to the module of
// the pass (every package does when the driver gives no module).
func sameModule(pass *analysis.Pass, path string) bool {
	m := pass.Module
	if m == nil || m.Path == "" {
		return true
	}
	return path == m.Path || strings.HasPrefix(path, m.Path+"/")
}

// DeclaredAt names where c is declared, for messages: its file's base
// name and line ("config.go:22"), or "" when the position is unknown.
func DeclaredAt(pass *analysis.Pass, c *types.Const) string {
	pos := pass.Fset.Position(c.Pos())
	if !pos.IsValid() || pos.Filename == "" {
		return ""
	}
	name := pos.Filename
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return name + ":" + strconv.Itoa(pos.Line)
}
