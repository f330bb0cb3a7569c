package rules

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	toml "github.com/pelletier/go-toml/v2"
	"github.com/zricethezav/gitleaks/v8/config"
	glregexp "github.com/zricethezav/gitleaks/v8/regexp"
)

// compileGL compiles a pattern into gitleaks' regexp type (the standard
// library's, or go-re2's under the gore2regex build tag), returning an
// error where gitleaks would panic.
func compileGL(pattern string) (re *glregexp.Regexp, err error) {
	if _, err := regexp.Compile(pattern); err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return glregexp.MustCompile(pattern), nil
}

// Start-up cost matters: go vet starts the vet tool once per package, and a
// pre-commit hook once per commit. Parsing gitleaks' embedded TOML through
// viper and compiling all 222 rules (with their window plans) costs ~55 ms
// per process; a scan of a small change or a Go package with a handful of
// string constants touches a few rules. So the built-in rule set is read
// with go-toml directly into a skeleton config.Config (metadata, keywords,
// path patterns, global allowlists) and each rule's regex, window plan and
// allowlists are built the first time one of its keywords occurs. The
// skeleton is checked field by field against gitleaks' own Translate in a
// test (TestLazyDefaultMatchesTranslate).

// tomlAllowlist and tomlRule mirror gitleaks' TOML schema.
type tomlAllowlist struct {
	Description string   `toml:"description"`
	Condition   string   `toml:"condition"`
	Commits     []string `toml:"commits"`
	Paths       []string `toml:"paths"`
	RegexTarget string   `toml:"regexTarget"`
	Regexes     []string `toml:"regexes"`
	StopWords   []string `toml:"stopwords"`
	TargetRules []string `toml:"targetRules"`
}

type tomlRule struct {
	ID          string           `toml:"id"`
	Description string           `toml:"description"`
	Regex       string           `toml:"regex"`
	Path        string           `toml:"path"`
	SecretGroup int              `toml:"secretGroup"`
	Entropy     float64          `toml:"entropy"`
	Keywords    []string         `toml:"keywords"`
	Tags        []string         `toml:"tags"`
	Allowlist   *tomlAllowlist   `toml:"allowlist"`
	Allowlists  []*tomlAllowlist `toml:"allowlists"`
	Required    []any            `toml:"required"`
	SkipReport  bool             `toml:"skipReport"`
}

type tomlConfig struct {
	Title      string           `toml:"title"`
	MinVersion string           `toml:"minVersion"`
	Allowlist  *tomlAllowlist   `toml:"allowlist"`
	Allowlists []*tomlAllowlist `toml:"allowlists"`
	Rules      []tomlRule       `toml:"rules"`
}

// lazyRule is what a skeleton rule still needs to be built.
type lazyRule struct {
	regex      string
	allowlists []*tomlAllowlist
}

// lazySet is a skeleton configuration and the deferred parts of its rules.
type lazySet struct {
	cfg   config.Config
	rules map[string]*lazyRule
}

var defaultLazy = sync.OnceValues(func() (*lazySet, error) {
	return parseLazy(builtinTOML)
})

// parseLazy reads a gitleaks TOML that needs none of the features the
// skeleton leaves out (required rules, extend, targeted global allowlists).
func parseLazy(data string) (*lazySet, error) {
	var tc tomlConfig
	if err := toml.Unmarshal([]byte(data), &tc); err != nil {
		return nil, err
	}
	set := &lazySet{
		cfg: config.Config{
			Title: tc.Title, MinVersion: tc.MinVersion,
			Rules: map[string]config.Rule{}, Keywords: map[string]struct{}{},
		},
		rules: map[string]*lazyRule{},
	}
	globals := tc.Allowlists
	if tc.Allowlist != nil {
		globals = append([]*tomlAllowlist{tc.Allowlist}, globals...)
	}
	for _, ta := range globals {
		if len(ta.TargetRules) > 0 {
			return nil, fmt.Errorf("targeted global allowlists are not supported by the lazy rule set")
		}
		a, err := buildAllowlist(ta)
		if err != nil {
			return nil, fmt.Errorf("[[allowlists]] %w", err)
		}
		set.cfg.Allowlists = append(set.cfg.Allowlists, a)
	}
	for _, tr := range tc.Rules {
		if len(tr.Required) > 0 {
			return nil, fmt.Errorf("%s: required rules are not supported by the lazy rule set", tr.ID)
		}
		r := config.Rule{
			RuleID: tr.ID, Description: tr.Description, Entropy: tr.Entropy,
			SecretGroup: tr.SecretGroup, Tags: tr.Tags, SkipReport: tr.SkipReport,
			Keywords: make([]string, 0, len(tr.Keywords)),
		}
		if r.Tags == nil {
			r.Tags = []string{}
		}
		for _, k := range tr.Keywords {
			k = strings.ToLower(k)
			r.Keywords = append(r.Keywords, k)
			set.cfg.Keywords[k] = struct{}{}
		}
		if tr.Path != "" {
			p, err := compileGL(tr.Path)
			if err != nil {
				return nil, fmt.Errorf("%s: invalid path: %w", tr.ID, err)
			}
			r.Path = p
		}
		lists := tr.Allowlists
		if tr.Allowlist != nil {
			lists = append(lists, tr.Allowlist)
		}
		set.rules[tr.ID] = &lazyRule{regex: tr.Regex, allowlists: lists}
		set.cfg.Rules[tr.ID] = r
		set.cfg.OrderedRules = append(set.cfg.OrderedRules, tr.ID)
	}
	return set, nil
}

// buildAllowlist is gitleaks' parseAllowlist.
func buildAllowlist(ta *tomlAllowlist) (*config.Allowlist, error) {
	a := &config.Allowlist{Description: ta.Description, Commits: ta.Commits, StopWords: ta.StopWords}
	switch strings.ToUpper(ta.Condition) {
	case "AND", "&&":
		a.MatchCondition = config.AllowlistMatchAnd
	case "", "OR", "||":
		a.MatchCondition = config.AllowlistMatchOr
	default:
		return nil, fmt.Errorf("unknown allowlist |condition| '%s' (expected 'and', 'or')", ta.Condition)
	}
	switch ta.RegexTarget {
	case "", "secret":
	case "match", "line":
		a.RegexTarget = ta.RegexTarget
	default:
		return nil, fmt.Errorf("unknown allowlist |regexTarget| '%s' (expected 'match', 'line')", ta.RegexTarget)
	}
	for _, p := range ta.Regexes {
		re, err := compileGL(p)
		if err != nil {
			return nil, err
		}
		a.Regexes = append(a.Regexes, re)
	}
	for _, p := range ta.Paths {
		re, err := compileGL(p)
		if err != nil {
			return nil, err
		}
		a.Paths = append(a.Paths, re)
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return a, nil
}

// newLazyDetector builds a detector over a skeleton; rules listed in lazy
// are built on first use.
func newLazyDetector(cfg config.Config, lazy map[string]*lazyRule) *Detector {
	d := newDetector(cfg)
	for _, r := range d.rules {
		if lr, ok := lazy[r.rule.RuleID]; ok && r.rule.Regex == nil {
			r.lazy = lr
		}
	}
	return d
}
