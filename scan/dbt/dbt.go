// Package dbt finds secrets in dbt's configuration files: profiles.yml
// (profiles → outputs → targets, judged by the adapter's table of
// secret-bearing fields), packages.yml and dependencies.yml (tokens in git
// URLs). dbt_project.yml is plain YAML to this package's caller.
//
// In a target, a literal in a secret field is a finding whatever its
// entropy (dbt-hardcoded-secret); {{ env_var('X') }} is clean unless X
// lacks the DBT_ENV_SECRET_ prefix (dbt-env-var-not-secret, low);
// {{ env_var('X', 'default') }} with a literal default is
// dbt-env-var-default. Identifiers, sizes and key-file paths (account,
// user, role, warehouse, schema, threads, keyfile, private_key_path) are
// never findings.
package dbt

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan/internal/judge"
	"github.com/secretlint-go/secretlint/scan/yamlscan"
	yaml "go.yaml.in/yaml/v3"
)

// File kinds.
const (
	Profiles = "profiles"
	Packages = "packages"
	Project  = "project"
)

// KindOf returns the dbt file kind of a path by its base name, or "".
func KindOf(p string) string {
	switch path.Base(p) {
	case "profiles.yml":
		return Profiles
	case "packages.yml", "dependencies.yml":
		return Packages
	case "dbt_project.yml":
		return Project
	}
	return ""
}

// Options configures a scan.
type Options struct {
	Config  *rules.Config
	Path    string
	Scalars bool
}

// Scan scans a dbt file of the given kind. Profiles of the wrong shape
// are reported as notices, never a panic; a profiles.yml that holds no
// dbt profile at all is scanned as plain YAML with a notice saying so. A
// file that is not valid YAML returns the parse error.
func Scan(src []byte, kind string, opts Options) (*yamlscan.Result, error) {
	f, err := yamlscan.Parse(src)
	if err != nil {
		return nil, err
	}
	return ScanFile(f, kind, opts), nil
}

// ScanFile scans a parsed dbt file.
func ScanFile(f *yamlscan.File, kind string, opts Options) *yamlscan.Result {
	yopts := yamlscan.Options{Config: opts.Config, Path: opts.Path, Scalars: opts.Scalars}
	switch kind {
	case Profiles:
		s := &scanner{f: f, j: judge.New(opts.Config), res: &yamlscan.Result{}}
		found := false
		for _, doc := range f.Docs {
			if s.profiles(doc) {
				found = true
			}
		}
		if !found {
			res := yamlscan.ScanFile(f, yopts)
			res.Notices = append(res.Notices, s.res.Notices...)
			res.Notices = append(res.Notices, finding.Notice{
				Line: 1, Kind: "dbt-profile-shape",
				Message: "profiles.yml holds no dbt profile (a mapping of profile names, each with an outputs mapping of targets): scanned as plain YAML",
			})
			return res
		}
		if opts.Scalars {
			// Provider-rule matches are placed with the generic walk's
			// key paths.
			s.res.Scalars = yamlscan.ScanFile(f, yopts).Scalars
		}
		return s.res
	case Packages:
		res := yamlscan.ScanFile(f, yopts)
		s := &scanner{f: f, j: judge.New(opts.Config), res: res}
		for _, doc := range f.Docs {
			s.packages(doc)
		}
		return res
	}
	return yamlscan.ScanFile(f, yopts)
}

type scanner struct {
	f   *yamlscan.File
	j   *judge.Judge
	res *yamlscan.Result
}

func root(doc *yaml.Node) *yaml.Node {
	if doc != nil && doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		return doc.Content[0]
	}
	return doc
}

func (s *scanner) notice(n *yaml.Node, msg string) {
	nt := finding.Notice{Kind: "dbt-profile-shape", Message: msg}
	if n != nil {
		nt.Line, nt.Column = n.Line, n.Column
	}
	s.res.Notices = append(s.res.Notices, nt)
}

// profiles walks one document of profiles.yml; it reports whether the
// document holds at least one profile with outputs.
func (s *scanner) profiles(doc *yaml.Node) bool {
	r := root(doc)
	if r == nil || r.Kind == 0 {
		return false
	}
	if r.Kind != yaml.MappingNode {
		return false
	}
	found := false
	for i := 0; i+1 < len(r.Content); i += 2 {
		k, prof := r.Content[i], r.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Value == "config" {
			continue
		}
		if prof.Kind == yaml.AliasNode && prof.Alias != nil {
			prof = prof.Alias
		}
		if prof.Kind != yaml.MappingNode {
			s.notice(prof, fmt.Sprintf("profile %q is not a mapping: not checked", k.Value))
			continue
		}
		outputs := mapValue(prof, "outputs")
		if outputs == nil {
			s.notice(prof, fmt.Sprintf("profile %q has no outputs: not checked", k.Value))
			continue
		}
		if outputs.Kind != yaml.MappingNode {
			s.notice(outputs, fmt.Sprintf("outputs of profile %q is not a mapping of targets: not checked", k.Value))
			continue
		}
		found = true
		for j := 0; j+1 < len(outputs.Content); j += 2 {
			tk, tgt := outputs.Content[j], outputs.Content[j+1]
			if tgt.Kind == yaml.AliasNode && tgt.Alias != nil {
				tgt = tgt.Alias
			}
			if tk.Kind != yaml.ScalarNode {
				continue
			}
			if tgt.Kind != yaml.MappingNode {
				s.notice(tgt, fmt.Sprintf("target %q of profile %q is not a mapping: not checked", tk.Value, k.Value))
				continue
			}
			adapter := ""
			if t := mapValue(tgt, "type"); t != nil && t.Kind == yaml.ScalarNode {
				adapter = t.Value
			} else {
				s.notice(tgt, fmt.Sprintf("target %q of profile %q has no adapter type: fields judged by their names", tk.Value, k.Value))
			}
			base := yamlscan.JoinKey(yamlscan.JoinKey(yamlscan.JoinKey("", k.Value), "outputs"), tk.Value)
			t := target{profile: k.Value, name: tk.Value, adapter: adapter, related: relatedValues(tgt)}
			s.fields(t, tgt, "", base, 0, tgt.Style&yaml.FlowStyle != 0)
		}
	}
	return found
}

type target struct {
	profile, name, adapter string
	related                []string // the target's user and database names (relatedValues)
}

// relatedValues returns the values of a target's fields that name its
// user or database (user: analytics, dbname: warehouse): a password equal
// to one of them (pass: analytics) is a local default
// (rules.SameAsRelated), as in an .env file.
func relatedValues(tgt *yaml.Node) []string {
	var out []string
	for i := 0; i+1 < len(tgt.Content); i += 2 {
		k, v := tgt.Content[i], tgt.Content[i+1]
		if k.Kind == yaml.ScalarNode && v.Kind == yaml.ScalarNode && v.Value != "" && rules.RelatedName(k.Value) {
			out = append(out, v.Value)
		}
	}
	return out
}

// fields walks a target's fields; field is the dotted field path of n's
// parent mapping (keyfile_json for its private_key).
func (s *scanner) fields(t target, n *yaml.Node, field, keyPath string, depth int, flow bool) {
	if depth > 16 || n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			continue
		}
		f := k.Value
		if field != "" {
			f = field + "." + k.Value
		}
		kp := yamlscan.JoinKey(keyPath, k.Value)
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		switch v.Kind {
		case yaml.MappingNode:
			s.fields(t, v, f, kp, depth+1, v.Style&yaml.FlowStyle != 0)
		case yaml.ScalarNode:
			if v.Tag == "!!null" || v.Tag == "!!bool" || v.Value == "" {
				continue
			}
			if rules.DBTSecretField(s.j.Names, t.adapter, f) {
				s.secretField(t, f, kp, v, flow)
			}
		}
	}
}

// secretField judges the value of a secret-bearing field.
func (s *scanner) secretField(t target, field, kp string, v *yaml.Node, flow bool) {
	cand := rules.Candidate{Name: field, Value: v.Value}
	if s.j.Enabled("dbt-env-var-default") {
		if r, ok := rules.Lookup("dbt-env-var-default"); ok {
			if vd := r.Check(cand); vd.Match {
				s.emit(t, field, kp, v, flow, r.ID, fmt.Sprintf("field %q of target %q (profile %q) hardcodes a secret as the env_var default", field, t.name, t.profile), vd, "")
			}
		}
	}
	if s.j.Enabled("dbt-env-var-not-secret") {
		if r, ok := rules.Lookup("dbt-env-var-not-secret"); ok {
			if vd := r.Check(cand); vd.Match {
				cl := rules.Classify(v.Value)
				s.emit(t, field, kp, v, flow, r.ID, fmt.Sprintf("field %q of target %q (profile %q) reads env_var %q, which dbt does not scrub from logs (no %s prefix)", field, t.name, t.profile, cl.Variable, rules.SecretDBTEnvPrefix), rules.Verdict{Match: true}, v.Value)
			}
		}
	}
	if s.j.Enabled("dbt-hardcoded-secret") {
		if vd := rules.CheckDBTSecretField(cand); vd.Match && !rules.SameAsRelated(v.Value, t.related...) {
			s.emit(t, field, kp, v, flow, "dbt-hardcoded-secret", fmt.Sprintf("field %q of target %q (profile %q, adapter %s) holds a literal secret", field, t.name, t.profile, adapterName(t.adapter)), vd, "")
		}
	}
}

func adapterName(a string) string {
	if a == "" {
		return "unknown"
	}
	return a
}

// emit records a finding; secretOverride, when set, is the value
// fingerprinted instead of the verdict's span (the variable name of an
// unscrubbed env_var is fingerprinted by its whole reference, which is
// no secret, so the report keeps the variable name in the message).
func (s *scanner) emit(t target, field, kp string, v *yaml.Node, flow bool, rule, msg string, vd rules.Verdict, secretOverride string) {
	sp, ok := s.f.ScalarSpan(v, flow)
	if !ok {
		return
	}
	a, b := 0, len(v.Value)
	if vd.End > vd.Start && vd.End <= len(v.Value) {
		a, b = vd.Start, vd.End
	}
	secret := v.Value[a:b]
	vs, ve := s.f.ValueSpan(sp, v.Value, a, b)
	if secretOverride != "" {
		secret = secretOverride
		vs, ve = sp.ValStart, sp.ValEnd
	}
	ix := s.f.Index()
	line, col := ix.Position(vs)
	eline, ecol := ix.Position(ve)
	s.res.Findings = append(s.res.Findings, finding.Finding{
		RuleID: rule, Message: msg, Severity: vd.Severity,
		Line: line, Column: col, EndLine: eline, EndColumn: ecol,
		Offset: sp.Start, EndOffset: sp.End, KeyPath: kp,
		Secret: finding.NewSecret(secret),
		Meta: map[string]string{
			"format": "dbt-profiles", "dbt.profile": t.profile, "dbt.target": t.name,
			"dbt.field": field, "dbt.adapter": t.adapter,
		},
	})
}

// packages checks the git URLs of packages.yml / dependencies.yml.
func (s *scanner) packages(doc *yaml.Node) {
	r := root(doc)
	for _, list := range []string{"packages", "projects"} {
		seq := mapValue(r, list)
		if seq == nil || seq.Kind != yaml.SequenceNode {
			continue
		}
		for i, item := range seq.Content {
			git := mapValue(item, "git")
			if git != nil && git.Kind == yaml.AliasNode && git.Alias != nil {
				git = git.Alias
			}
			if git == nil || git.Kind != yaml.ScalarNode || !s.j.Enabled("dbt-package-token") {
				continue
			}
			vd := rules.CheckGitURLToken(rules.Candidate{Name: "git", Value: git.Value})
			if !vd.Match {
				continue
			}
			kp := yamlscan.JoinKey(yamlscan.JoinIndex(list, strconv.Itoa(i)), "git")
			sp, ok := s.f.ScalarSpan(git, item.Style&yaml.FlowStyle != 0)
			if !ok {
				continue
			}
			a, b := 0, len(git.Value)
			if vd.End > vd.Start {
				a, b = vd.Start, vd.End
			}
			vs, ve := s.f.ValueSpan(sp, git.Value, a, b)
			ix := s.f.Index()
			line, col := ix.Position(vs)
			eline, ecol := ix.Position(ve)
			s.res.Findings = append(s.res.Findings, finding.Finding{
				RuleID: "dbt-package-token", Message: fmt.Sprintf("git URL of package %d embeds a literal access token", i),
				Severity: vd.Severity, Line: line, Column: col, EndLine: eline, EndColumn: ecol,
				Offset: sp.Start, EndOffset: sp.End, KeyPath: kp,
				Secret: finding.NewSecret(git.Value[a:b]),
				Meta:   map[string]string{"format": "dbt-packages", "dbt.field": "git"},
			})
		}
	}
}

// mapValue returns the value under key k of mapping n (aliases resolved).
func mapValue(n *yaml.Node, k string) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Kind == yaml.ScalarNode && strings.TrimSpace(n.Content[i].Value) == k {
			v := n.Content[i+1]
			if v.Kind == yaml.AliasNode && v.Alias != nil {
				return v.Alias
			}
			return v
		}
	}
	return nil
}
