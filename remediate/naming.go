package remediate

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"text/template"
)

// Default naming templates. A template is a Go text/template over
// NameData; its result is cleaned into a valid secret name (see
// SanitizeName).
const (
	// DefaultPrefix starts every secret name unless --prefix says
	// otherwise, so one IAM or Vault policy on "secretlint/*" covers them.
	DefaultPrefix = "secretlint"
	// DefaultNameTemplate names the secret of a YAML or CloudFormation
	// value: the file's path without its extension. The JSON key is the
	// value's key path.
	DefaultNameTemplate = "{{.Prefix}}/{{.PathNoExt}}"
	// DefaultDBTNameTemplate names the secret of a dbt profile target: one
	// secret per target, holding each secret field under its field name
	// ({"password": …, "private_key": …}).
	DefaultDBTNameTemplate = "{{.Prefix}}/dbt/{{.Profile}}/{{.Target}}"
	// DefaultEnvFileName is the env map written next to a dbt profiles.yml.
	DefaultEnvFileName = "secretlint.env.yaml"
)

// NameData is what a naming template sees for one finding.
type NameData struct {
	Prefix    string // --prefix
	Path      string // slash path relative to the root, e.g. deploy/app/values.yaml
	PathNoExt string // deploy/app/values
	Dir       string // deploy/app ("." at the root)
	Base      string // values (file name without extension)
	Ext       string // .yaml
	Format    string // the scanner's format: k8s, compose, cloudformation, dbt-profiles, …
	RuleID    string
	Profile   string // dbt profile (dbt findings only)
	Target    string // dbt target (dbt findings only)
}

// Naming turns findings into secret names and keys.
type Naming struct {
	prefix   string
	name     *template.Template
	dbtName  *template.Template
	nameText string
}

// NewNaming parses the templates; empty strings mean the defaults.
func NewNaming(prefix, nameTemplate, dbtTemplate string) (*Naming, error) {
	if nameTemplate == "" {
		nameTemplate = DefaultNameTemplate
	}
	if dbtTemplate == "" {
		dbtTemplate = DefaultDBTNameTemplate
	}
	t, err := template.New("name").Option("missingkey=error").Parse(nameTemplate)
	if err != nil {
		return nil, fmt.Errorf("parsing --name-template: %w", err)
	}
	d, err := template.New("dbt-name").Option("missingkey=error").Parse(dbtTemplate)
	if err != nil {
		return nil, fmt.Errorf("parsing --dbt-name-template: %w", err)
	}
	n := &Naming{prefix: prefix, name: t, dbtName: d, nameText: nameTemplate}
	// Fail early on a template that refers to a field NameData lacks.
	if _, err := n.render(t, NameData{Path: "a/b.yaml"}); err != nil {
		return nil, fmt.Errorf("--name-template: %w", err)
	}
	if _, err := n.render(d, NameData{Path: "a/profiles.yml", Profile: "p", Target: "t"}); err != nil {
		return nil, fmt.Errorf("--dbt-name-template: %w", err)
	}
	return n, nil
}

func (n *Naming) render(t *template.Template, d NameData) (string, error) {
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return "", err
	}
	return SanitizeName(b.String()), nil
}

// Name returns the secret name for a finding in file (slash path) with the
// given format and rule; profile and target are set for dbt findings.
func (n *Naming) Name(file, format, ruleID, profile, target string) (string, error) {
	ext := path.Ext(file)
	if strings.HasPrefix(path.Base(file), ".") && !structuredExt[ext] {
		// A dotfile (.env, .env.production, .envrc) keeps its whole name:
		// a root .env got the bare prefix as its secret name (outside
		// "secretlint/*", shared by every root dotfile), and .env and
		// .env.production would share one. .gitlab-ci.yml stays
		// secretlint/.gitlab-ci.
		ext = ""
	}
	d := NameData{
		Prefix: n.prefix, Path: file, PathNoExt: strings.TrimSuffix(file, ext), Dir: path.Dir(file),
		Base: strings.TrimSuffix(path.Base(file), ext), Ext: ext, Format: format, RuleID: ruleID,
		Profile: profile, Target: target,
	}
	t := n.name
	if profile != "" && target != "" {
		t = n.dbtName
	}
	name, err := n.render(t, d)
	if err != nil {
		return "", err
	}
	if err := ValidateName(name); err != nil {
		return "", err
	}
	return name, nil
}

// structuredExt are the extensions a dotfile's secret name drops.
var structuredExt = map[string]bool{".yml": true, ".yaml": true, ".json": true}

// SanitizeName cleans s into a valid secret name: segments split on "/",
// characters other than letters, digits, '.', '_' and '-' turned into
// '_', empty segments dropped, "." and ".." segments replaced.
func SanitizeName(s string) string {
	var segs []string
	for seg := range strings.SplitSeq(s, "/") {
		seg = sanitizeChars(seg)
		switch seg {
		case "":
			continue
		case ".", "..":
			seg = strings.Repeat("_", len(seg))
		}
		segs = append(segs, seg)
	}
	out := strings.Join(segs, "/")
	if len(out) > MaxNameLen {
		out = out[:MaxNameLen]
	}
	return strings.TrimRight(out, "/")
}

// SanitizeKey turns a key path such as
// spec.containers[0].env[DB_PASSWORD].value into a valid JSON key
// (spec.containers.0.env.DB_PASSWORD.value): brackets become dots and
// other characters that vals could not reference become '_'.
func SanitizeKey(s string) string {
	s = strings.NewReplacer("[", ".", "]", "", "/", ".").Replace(s)
	s = sanitizeChars(s)
	for strings.Contains(s, "..") {
		s = strings.ReplaceAll(s, "..", ".")
	}
	s = strings.Trim(s, ".")
	if len(s) > MaxKeyLen {
		s = s[len(s)-MaxKeyLen:]
		s = strings.TrimLeft(s, ".")
	}
	return s
}

func sanitizeChars(s string) string {
	return strings.Map(func(r rune) rune {
		if notRefSafe(r) {
			return '_'
		}
		return r
	}, s)
}
