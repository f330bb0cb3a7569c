package refaudit

import (
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

func init() { Register(actionsFinder{}) }

// actionsFinder finds the store reads of GitHub Actions workflows
// (.github/workflows/*.yml): the secret-ids of
// aws-actions/aws-secretsmanager-get-secrets steps ([ALIAS,]NAME; a
// prefix ending in * is not a reference to one secret), and the secrets
// lines of hashicorp/vault-action steps (MOUNT/data/NAME SELECTOR [| VAR] ;),
// whose selector may be quoted in backticks.
type actionsFinder struct{}

func (actionsFinder) Name() string { return "actions" }

func (actionsFinder) Find(_ *Tree, f *File) []Reference {
	if !strings.Contains("/"+f.Path, "/.github/workflows/") ||
		!strings.HasSuffix(f.Path, ".yml") && !strings.HasSuffix(f.Path, ".yaml") {
		return nil
	}
	var out []Reference
	for _, d := range f.YAML() {
		jobs := child(root(d), "jobs")
		if jobs == nil || jobs.Kind != yaml.MappingNode {
			continue
		}
		for i := 1; i < len(jobs.Content); i += 2 {
			steps := child(jobs.Content[i], "steps")
			if steps == nil || steps.Kind != yaml.SequenceNode {
				continue
			}
			for _, step := range steps.Content {
				uses := scalar(child(step, "uses"))
				action, _, _ := strings.Cut(uses, "@")
				switch action {
				case "aws-actions/aws-secretsmanager-get-secrets":
					out = append(out, actionsLines(f, child(child(step, "with"), "secret-ids"), awsSecretID)...)
				case "hashicorp/vault-action":
					out = append(out, actionsLines(f, child(child(step, "with"), "secrets"), vaultActionLine)...)
				}
			}
		}
	}
	return out
}

// actionsLines reads each non-empty line of an input with parse.
func actionsLines(f *File, n *yaml.Node, parse func(string) (Reference, bool)) []Reference {
	if n == nil || n.Kind != yaml.ScalarNode {
		return nil
	}
	var out []Reference
	line := n.Line
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		line++ // the text starts below the block's header
	}
	for i, l := range strings.Split(n.Value, "\n") {
		for _, part := range strings.Split(l, ";") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			r, ok := parse(part)
			if !ok {
				continue
			}
			r.Form, r.File, r.Text = "actions", f.Path, part
			r.Line = line + i
			r.Offset = lineOffset(f.Content, r.Line)
			r.Column = 1
			out = append(out, r)
		}
	}
	return out
}

// awsSecretID reads one secret-ids entry, [ALIAS,]NAME.
func awsSecretID(s string) (Reference, bool) {
	name := s
	if _, after, ok := strings.Cut(s, ","); ok {
		name = strings.TrimSpace(after)
	}
	if name == "" || strings.HasSuffix(name, "*") {
		return Reference{}, false
	}
	return Reference{Backend: "aws", Name: arnOrName(name)}, true
}

// vaultActionLine reads one vault-action secrets entry, PATH SELECTOR
// [| VAR]; a KV v2 path is MOUNT/data/NAME.
func vaultActionLine(s string) (Reference, bool) {
	spec, _, _ := strings.Cut(s, "|")
	fields := strings.Fields(spec)
	if len(fields) != 2 {
		return Reference{}, false
	}
	mount, name, ok := strings.Cut(fields[0], "/data/")
	if !ok || mount == "" || name == "" {
		return Reference{}, false
	}
	key := strings.Trim(fields[1], "`\"")
	return Reference{Backend: "vault", Mount: mount, Name: name, Key: key}, true
}
