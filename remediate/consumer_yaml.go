package remediate

import (
	"path"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
)

// yamlSyntax is the analysis shared by the consumers whose files are YAML:
// edits are replacements of scalars (or of text inside scalars) that must
// leave every other node of the tree as it was.
type yamlSyntax struct{}

func (yamlSyntax) analyse(content []byte, reqs []*editRequest) ([]*yamlEdit, map[*editRequest]string, []byte) {
	return analyseYAML(content, reqs)
}

// isYAMLFile reports whether a finding's file is YAML (or JSON, which
// YAML reads) by its name.
func isYAMLFile(f *finding.Finding) bool {
	switch strings.ToLower(path.Ext(f.File)) {
	case ".yaml", ".yml", ".json", ".template":
		return true
	}
	return false
}

// envVarName turns a key or variable-ish name into an environment variable
// name: upper case, with every other character an underscore.
func envVarName(s string) string {
	out := strings.Trim(envChars(s), "_")
	if out != "" && out[0] >= '0' && out[0] <= '9' {
		out = "_" + out
	}
	return out
}

// envChars upper-cases s and turns every character other than a letter,
// digit or underscore into an underscore.
func envChars(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// lastKey returns the last segment of a key path
// (services.db.environment.POSTGRES_PASSWORD → POSTGRES_PASSWORD,
// env[DB_PASSWORD].value → value, a[0] → "").
func lastKey(keyPath string) string {
	i := strings.LastIndexAny(keyPath, ".]")
	if i >= 0 && keyPath[i] == ']' {
		if i == len(keyPath)-1 {
			j := strings.LastIndexByte(keyPath, '[')
			inner := keyPath[j+1 : i]
			if inner != "" && strings.Trim(inner, "0123456789") != "" {
				return inner
			}
			return ""
		}
	}
	return keyPath[i+1:]
}
