package remediate

import (
	"regexp"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
)

// Edit kinds of the compose consumer.
const (
	// EditComposeVar replaces a value (or the secret part of a value,
	// such as a password inside a URL) with ${VAR:?VAR must be set}.
	EditComposeVar = "compose-var"
	// EditComposeDefault replaces ${VAR:-default} with
	// ${VAR:?VAR must be set}: the literal default goes.
	EditComposeDefault = "compose-default"
)

// composeConsumer is docker compose: a value becomes an interpolation,
// ${VAR:?VAR must be set}, which compose resolves from the environment
// everywhere in the file and refuses to run without.
type composeConsumer struct{ yamlSyntax }

func (composeConsumer) name() string { return "compose" }

func (composeConsumer) claims(f *finding.Finding, o *planEnv) bool {
	return isYAMLFile(f) && f.Meta["format"] == "compose" && o.refs != RefsVals
}

func (composeConsumer) needs(*planEnv) string {
	return "run compose through `secretlint exec -- docker compose up` (the env map next to the file maps each variable " +
		"to its store reference); without the variables compose stops with \"VAR must be set\""
}

func (composeConsumer) prepare(f *finding.Finding, _ *planEnv) (string, string, string) {
	if f.RuleID == "env-default-secret" {
		return EditComposeDefault, "", ""
	}
	if strings.Contains(f.Secret.Reveal(), "$") {
		// compose has already interpolated the text: what the container
		// gets is not what the file spells.
		return "", StatusNotRewritable, "the value holds compose interpolation ($); move it by hand"
	}
	return EditComposeVar, "", ""
}

// composeListEntry is a list-form environment entry, NAME=value.
var composeListEntry = regexp.MustCompile(`^\s*-\s*['"]?([A-Za-z_][A-Za-z0-9_.\-]*)=`)

func (composeConsumer) envVar(f *finding.Finding, kind string, b binding) string {
	if kind != EditComposeVar {
		return "" // ${VAR:-default} names its variable
	}
	name, whole := composeVarOf(b.content, f)
	if name == "" {
		return ""
	}
	if !whole {
		suffix := "_SECRET"
		if f.RuleID == "url-credentials" {
			suffix = "_PASSWORD"
		}
		name += suffix
	}
	return name
}

// composeVarOf names the variable for a compose value: the environment
// entry's name (map or list form) or the key holding the value, and
// whether the value is the entry's whole value.
func composeVarOf(content []byte, f *finding.Finding) (name string, whole bool) {
	secret := f.Secret.Reveal()
	if f.Offset < 0 || f.EndOffset > len(content) || f.Offset > f.EndOffset {
		return "", false
	}
	i := strings.Index(string(content[f.Offset:f.EndOffset]), secret)
	if i < 0 || secret == "" {
		return "", false
	}
	vs, ve := f.Offset+i, f.Offset+i+len(secret)
	ls := strings.LastIndexByte(string(content[:vs]), '\n') + 1
	le := len(content)
	if j := strings.IndexByte(string(content[ve:]), '\n'); j >= 0 {
		le = ve + j
	}
	before, after := string(content[ls:vs]), strings.TrimRight(string(content[ve:le]), " \t\r")
	after = strings.TrimSuffix(strings.TrimSuffix(after, `"`), "'")
	if m := composeListEntry.FindStringSubmatch(before); m != nil {
		rest := strings.TrimPrefix(strings.TrimPrefix(before[len(m[0]):], `"`), "'")
		return envVarName(m[1]), rest == "" && after == ""
	}
	return envVarName(lastKey(f.KeyPath)), composeMapEntry.MatchString(before) && after == ""
}

// composeMapEntry is the text before a value that is a mapping's whole
// value: KEY: (quoted or not).
var composeMapEntry = regexp.MustCompile(`^\s*(?:-\s+)?['"]?[^\s'":]+['"]?\s*:\s+['"]?$`)

func (composeConsumer) shape(kind string, b binding) editRequest {
	if kind == EditComposeDefault {
		return editRequest{interpDefault: true, render: composeRequired}
	}
	return editRequest{replace: composeRequired(b.envVar), inner: true}
}

// composeRequired is compose's interpolation of a required variable.
func composeRequired(v string) string { return "${" + v + ":?" + v + " must be set}" }
