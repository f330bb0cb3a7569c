package remediate

import (
	"path"
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/secretlint-go/secretlint/finding"
)

// EditRailsERB replaces a value (or the secret part of a value) of an
// ERB-templated YAML file with <%= ENV.fetch("VAR") %>.
const EditRailsERB = "rails-erb"

// railsConsumer is Rails (and whatever renders YAML with ERB first:
// config/database.yml, storage.yml, cable.yml, …): the value's bytes
// become <%= ENV.fetch("VAR") %>, so ERB writes back exactly the bytes the
// value had, inside the same quotes, before YAML reads the file. ENV.fetch
// raises KeyError when the variable is missing, so a run without the env
// map fails at boot instead of connecting with an empty password.
type railsConsumer struct{}

func (railsConsumer) name() string { return "rails" }

// railsConfig is a YAML file in a Rails config/ directory.
var railsConfig = regexp.MustCompile(`(?:^|/)config/[^/]+\.ya?ml$`)

func (railsConsumer) claims(f *finding.Finding, o *planEnv) bool {
	if !isYAMLFile(f) || path.Ext(f.File) == ".json" || o.refs == RefsVals {
		return false
	}
	switch f.Meta["format"] {
	case "", "yaml":
	default:
		return false // Kubernetes, compose, Spring … have consumers of their own
	}
	if o.fileHas(f.File, "<%") {
		return true
	}
	if !railsConfig.MatchString(f.File) {
		return false
	}
	app := path.Dir(path.Dir(f.File))
	return o.fileHas(path.Join(app, "config", "application.rb"), "Rails") || o.fileHas(path.Join(app, "Gemfile"), "rails")
}

func (railsConsumer) needs(*planEnv) string {
	return "run the application through `secretlint exec -- bin/rails server` (the env map next to the file maps each " +
		"variable to its store reference); without the variable ENV.fetch raises KeyError at boot"
}

func (railsConsumer) prepare(f *finding.Finding, _ *planEnv) (string, string, string) {
	v := f.Secret.Reveal()
	switch {
	case strings.Contains(v, "<%") || strings.Contains(v, "%>"):
		return "", StatusNotRewritable, "the value holds ERB (<% %>); move it by hand"
	case strings.ContainsAny(v, "\n\r"):
		return "", StatusNotRewritable, "the value spans several lines, which ERB would not indent as YAML needs; move it by hand"
	}
	return EditRailsERB, "", ""
}

func (railsConsumer) envVar(f *finding.Finding, _ string, b binding) string {
	stem := strings.TrimSuffix(path.Base(f.File), path.Ext(f.File))
	name := envVarName(stem + "_" + f.KeyPath)
	if name == "" || f.KeyPath == "" {
		return ""
	}
	if !isWholeYAMLValue(b.content, f) {
		if f.RuleID == "url-credentials" {
			return name + "_PASSWORD"
		}
		return name + "_SECRET"
	}
	return name
}

func (railsConsumer) shape(_ string, b binding) editRequest {
	return editRequest{replace: railsFetch(b.envVar, `"`), inner: true}
}

// railsFetch is the ERB tag that writes a variable, its name quoted with
// q for Ruby.
func railsFetch(v, q string) string { return "<%= ENV.fetch(" + q + v + q + ") %>" }

// analyse rewrites the value's bytes, not its YAML scalar: in a
// double-quoted scalar the variable's name is quoted with ' for Ruby, so
// that the file stays YAML before ERB runs (the tree check of the YAML
// analysis holds). The value is replaced inside its quotes, and the YAML
// analysis keeps an edit only where the value is written as itself there
// (no escapes), so what ERB writes back is the original text.
func (railsConsumer) analyse(content []byte, reqs []*editRequest) ([]*yamlEdit, map[*editRequest]string, []byte) {
	bad := map[*editRequest]string{}
	docs, err := parseYAML(content)
	var ok []*editRequest
	if err == nil {
		infos := scalars(content, docs)
		for _, r := range reqs {
			var host *scalarInfo
			for i := range infos {
				if infos[i].offset >= 0 && infos[i].offset <= r.offset && (host == nil || infos[i].offset > host.offset) {
					host = &infos[i]
				}
			}
			if host != nil && host.node.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				bad[r] = "the value is a block scalar, which ERB would not indent; move it by hand"
				continue
			}
			if host != nil && styleQuote(host.node.Style) == `"` {
				name := strings.TrimSuffix(strings.TrimPrefix(r.replace, `<%= ENV.fetch("`), `") %>`)
				r.replace = railsFetch(name, "'")
			}
			if host != nil && styleQuote(host.node.Style) == "'" && strings.Contains(r.value, "'") {
				bad[r] = "the value holds a quote doubled in its single-quoted scalar; ERB would write it once"
				continue
			}
			ok = append(ok, r)
		}
	} else {
		ok = reqs
	}
	edits, rejected, after := analyseYAML(content, ok)
	for r, why := range bad {
		rejected[r] = why
	}
	return edits, rejected, after
}
