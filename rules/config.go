package rules

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/zricethezav/gitleaks/v8/config"
	yaml "go.yaml.in/yaml/v3"
)

// ConfigFileNames are the names LoadConfig looks for in the scan root.
var ConfigFileNames = []string{".secretlint.yaml", ".secretlint.yml"}

// GitleaksConfigFileName is the gitleaks configuration honoured in the root.
const GitleaksConfigFileName = ".gitleaks.toml"

// DefaultMaxFileSize caps the size of a scanned file.
const DefaultMaxFileSize = 10 << 20

// Config is the user's configuration, merged over the defaults. The zero
// value is not usable; use DefaultConfig, LoadConfig or ParseConfig.
type Config struct {
	// Path is the file the configuration came from ("" for defaults).
	Path string
	// Dir is the directory allow.paths are relative to.
	Dir string

	disabled map[string]bool
	enabled  map[string]bool
	severity map[string]finding.Severity

	// Names is the secret-name matcher (defaults plus secret-names, minus
	// ignore-names).
	Names *Names
	// Sinks is the Go sink table (defaults plus sinks).
	Sinks []Sink

	allowPaths   []*regexp.Regexp
	allowValues  []*regexp.Regexp
	allowFingers map[string]bool

	// MaxFileSize caps scanned files (bytes).
	MaxFileSize int64
	// Salt keys fingerprints (fingerprint-salt, else
	// SECRETLINT_FINGERPRINT_SALT, else finding.DefaultSalt).
	Salt string
	// ExecAllowEnv (exec.allow-env) names the variables, or prefixes
	// ending in "*", that secretlint exec may set from an env map.
	ExecAllowEnv []string

	// SaltSource says where Salt came from: SaltDefault, SaltEnv or
	// SaltFile (the configuration file's fingerprint-salt).
	SaltSource string

	// Gitleaks is the provider rule set: gitleaks' defaults, or the
	// scanned root's .gitleaks.toml. For the defaults it is a skeleton
	// whose rules are compiled by the detector on first use: read rule ids,
	// descriptions and keywords from it, not regexes.
	Gitleaks     config.Config
	GitleaksPath string
	// gitleaksLazy holds the deferred parts of the skeleton's rules; nil
	// for a user's .gitleaks.toml.
	gitleaksLazy map[string]*lazyRule
	// ProviderRules is false when gitleaks.disable is set.
	ProviderRules bool

	// allowHits counts the findings Allowed removed (see
	// AllowSuppressed).
	allowHits atomic.Int64

	detectorOnce sync.Once
	detector     *Detector
	detectorErr  error
}

// fileConfig is the documented .secretlint.yaml schema.
type fileConfig struct {
	Version int `yaml:"version"`
	Rules   struct {
		Disable  []string          `yaml:"disable"`
		Enable   []string          `yaml:"enable"`
		Severity map[string]string `yaml:"severity"`
	} `yaml:"rules"`
	SecretNames []string `yaml:"secret-names"`
	IgnoreNames []string `yaml:"ignore-names"`
	Allow       struct {
		Paths        []string `yaml:"paths"`
		Values       []string `yaml:"values"`
		Fingerprints []string `yaml:"fingerprints"`
	} `yaml:"allow"`
	Sinks []Sink `yaml:"sinks"`
	Scan  struct {
		MaxFileSize    string `yaml:"max-file-size"`
		FollowSymlinks bool   `yaml:"follow-symlinks"`
	} `yaml:"scan"`
	FingerprintSalt string `yaml:"fingerprint-salt"`
	Exec            struct {
		AllowEnv []string `yaml:"allow-env"`
	} `yaml:"exec"`
	Gitleaks struct {
		Config  string `yaml:"config"`
		Disable bool   `yaml:"disable"`
	} `yaml:"gitleaks"`
}

// ConfigError is a configuration problem with its location.
type ConfigError struct {
	File         string
	Line, Column int
	Msg          string
}

func (e *ConfigError) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// DefaultConfig returns the configuration with no user file.
func DefaultConfig() (*Config, error) {
	set, err := defaultLazy()
	if err != nil {
		return nil, err
	}
	src := SaltDefault
	if os.Getenv("SECRETLINT_FINGERPRINT_SALT") != "" {
		src = SaltEnv
	}
	return &Config{
		disabled: map[string]bool{}, enabled: map[string]bool{}, severity: map[string]finding.Severity{},
		Names: DefaultNames, Sinks: DefaultSinks(), allowFingers: map[string]bool{},
		MaxFileSize: DefaultMaxFileSize, Salt: saltFromEnv(), SaltSource: src, Gitleaks: set.cfg, gitleaksLazy: set.rules,
		ProviderRules: true,
	}, nil
}

// Salt sources (Config.SaltSource).
const (
	SaltDefault = "default"
	SaltEnv     = "SECRETLINT_FINGERPRINT_SALT"
	SaltFile    = "fingerprint-salt"
)

func saltFromEnv() string {
	if s := os.Getenv("SECRETLINT_FINGERPRINT_SALT"); s != "" {
		return s
	}
	return finding.DefaultSalt
}

// LoadConfig loads the configuration for a scan rooted at dir: the first
// of ConfigFileNames found there (or the file named by explicit, when not
// empty), and .gitleaks.toml in dir when present. A missing file means
// the defaults; a bad file is an error naming the file, line and problem.
func LoadConfig(dir, explicit string) (*Config, error) {
	return LoadConfigWith(dir, explicit, true)
}

// LoadConfigWith is LoadConfig; with repo false it reads nothing from dir
// (no .secretlint.yaml, no .gitleaks.toml there), only the explicit file,
// if any, and the built-in defaults: for CI jobs that scan a pull request,
// which must not be able to change the rules it is judged by.
func LoadConfigWith(dir, explicit string, repo bool) (*Config, error) {
	name := explicit
	if name == "" && repo {
		for _, n := range ConfigFileNames {
			p := filepath.Join(dir, n)
			if _, err := os.Stat(p); err == nil {
				name = p
				break
			}
		}
	}
	var cfg *Config
	var err error
	if name == "" {
		cfg, err = DefaultConfig()
		if err == nil {
			cfg.Dir = dir
		}
	} else {
		data, rerr := os.ReadFile(name)
		if rerr != nil {
			return nil, fmt.Errorf("reading configuration: %w", rerr)
		}
		cfg, err = ParseConfig(data, name)
		if err == nil && explicit == "" {
			cfg.Dir = dir
		}
	}
	if err != nil {
		return nil, err
	}
	if cfg.GitleaksPath == "" && repo {
		p := filepath.Join(dir, GitleaksConfigFileName)
		if _, serr := os.Stat(p); serr == nil {
			cfg.GitleaksPath = p
		}
	}
	if cfg.GitleaksPath != "" {
		data, rerr := os.ReadFile(cfg.GitleaksPath)
		if rerr != nil {
			return nil, fmt.Errorf("reading gitleaks configuration: %w", rerr)
		}
		base := filepath.Dir(cfg.GitleaksPath)
		g, gerr := ParseGitleaksConfig(data, cfg.GitleaksPath, func(p string) ([]byte, error) {
			if !filepath.IsAbs(p) {
				p = filepath.Join(base, p)
			}
			return os.ReadFile(p)
		})
		if gerr != nil {
			return nil, gerr
		}
		cfg.Gitleaks, cfg.gitleaksLazy = g, nil
	}
	return cfg, nil
}

// ParseConfig parses a .secretlint.yaml; name is used in errors and its
// directory anchors allow.paths.
func ParseConfig(data []byte, name string) (*Config, error) {
	cfg, err := DefaultConfig()
	if err != nil {
		return nil, err
	}
	cfg.Path, cfg.Dir = name, filepath.Dir(name)
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(name, err)
	}
	if len(root.Content) == 0 {
		return cfg, nil // empty file: defaults
	}
	var fc fileConfig
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&fc); err != nil {
		return nil, yamlError(name, err)
	}
	doc := root.Content[0]
	at := func(msg string, keys ...any) error {
		n := nodeAt(doc, keys...)
		e := &ConfigError{File: name, Msg: msg}
		if n != nil {
			e.Line, e.Column = n.Line, n.Column
		}
		return e
	}
	if fc.Version != 0 && fc.Version != 1 {
		return nil, at(fmt.Sprintf("unsupported version %d (this secretlint reads version 1)", fc.Version), "version")
	}
	known := func(id string) bool { _, ok := Lookup(id); return ok || cfg.Gitleaks.Rules[id].RuleID != "" }
	for i, id := range fc.Rules.Disable {
		if !known(id) {
			return nil, at(fmt.Sprintf("rules.disable: unknown rule %q (list rules with `secretlint rules`)", id), "rules", "disable", i)
		}
		cfg.disabled[id] = true
	}
	for i, id := range fc.Rules.Enable {
		if !known(id) {
			return nil, at(fmt.Sprintf("rules.enable: unknown rule %q (list rules with `secretlint rules`)", id), "rules", "enable", i)
		}
		cfg.enabled[id] = true
	}
	for id, s := range fc.Rules.Severity {
		if !known(id) {
			return nil, at(fmt.Sprintf("rules.severity: unknown rule %q", id), "rules", "severity", id)
		}
		sev, err := finding.ParseSeverity(s)
		if err != nil {
			return nil, at(fmt.Sprintf("rules.severity.%s: %v", id, err), "rules", "severity", id)
		}
		cfg.severity[id] = sev
	}
	cfg.Names = NewNames(fc.SecretNames, fc.IgnoreNames)
	for i, p := range fc.Allow.Paths {
		re, err := GlobRegexp(p)
		if err != nil {
			return nil, at(fmt.Sprintf("allow.paths: %v", err), "allow", "paths", i)
		}
		if MatchesEveryPath(re) {
			return nil, at(fmt.Sprintf("allow.paths: %q matches every path, which turns the scan off: %s", p, everythingAdvice), "allow", "paths", i)
		}
		cfg.allowPaths = append(cfg.allowPaths, re)
	}
	for i, v := range fc.Allow.Values {
		re, err := regexp.Compile(v)
		if err != nil {
			return nil, at(fmt.Sprintf("allow.values: invalid regular expression: %v", err), "allow", "values", i)
		}
		if MatchesEveryValue(re) {
			return nil, at(fmt.Sprintf("allow.values: %q matches every value, which turns the scan off: %s", v, everythingAdvice), "allow", "values", i)
		}
		cfg.allowValues = append(cfg.allowValues, re)
	}
	for _, f := range fc.Allow.Fingerprints {
		cfg.allowFingers[f] = true
	}
	for i, s := range fc.Sinks {
		if s.Kind == "" {
			s.Kind = SinkPassword
		}
		if err := s.Validate(); err != nil {
			return nil, at("sinks: "+err.Error(), "sinks", i)
		}
		cfg.Sinks = append(cfg.Sinks, s)
	}
	if fc.Scan.MaxFileSize != "" {
		n, err := ParseSize(fc.Scan.MaxFileSize)
		if err != nil {
			return nil, at("scan.max-file-size: "+err.Error(), "scan", "max-file-size")
		}
		cfg.MaxFileSize = n
	}
	if fc.Scan.FollowSymlinks {
		// A repository's link can point anywhere (~/.aws, /etc): only the
		// person running secretlint decides to follow links.
		return nil, at("scan.follow-symlinks: a configuration file cannot turn on following symbolic links (a link in the repository can point out of it); use the --follow-symlinks flag", "scan", "follow-symlinks")
	}
	if fc.FingerprintSalt != "" {
		cfg.Salt, cfg.SaltSource = fc.FingerprintSalt, SaltFile
	}
	cfg.ExecAllowEnv = fc.Exec.AllowEnv
	cfg.ProviderRules = !fc.Gitleaks.Disable
	if fc.Gitleaks.Config != "" {
		p := fc.Gitleaks.Config
		if !filepath.IsAbs(p) {
			p = filepath.Join(cfg.Dir, p)
		}
		cfg.GitleaksPath = p
	}
	return cfg, nil
}

var (
	reYAMLLine  = regexp.MustCompile(`line (\d+)(?:, column (\d+))?: (.*)`)
	reInType    = regexp.MustCompile(`in type [\w.\[\]]+`)
	reUnmarshal = regexp.MustCompile("^cannot unmarshal (!!\\w+) (`[^`]*`) into .*$")
)

// yamlError turns yaml.v3's messages into file:line: errors.
func yamlError(name string, err error) error {
	var te *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if m := reYAMLLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		text := strings.Replace(m[3], "in type rules.fileConfig", "in the configuration", 1)
		text = reInType.ReplaceAllString(text, "here")
		if u := reUnmarshal.FindStringSubmatch(text); u != nil {
			text = "wrong type: got " + u[1] + " " + u[2]
		}
		return &ConfigError{File: name, Line: line, Column: col, Msg: text}
	}
	return &ConfigError{File: name, Msg: msg}
}

// nodeAt follows mapping keys (string) and sequence indexes (int).
func nodeAt(n *yaml.Node, keys ...any) *yaml.Node {
	for _, k := range keys {
		if n == nil {
			return nil
		}
		switch k := k.(type) {
		case string:
			if n.Kind != yaml.MappingNode {
				return n
			}
			var next *yaml.Node
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == k {
					next = n.Content[i+1]
					break
				}
			}
			if next == nil {
				return n
			}
			n = next
		case int:
			if n.Kind != yaml.SequenceNode || k >= len(n.Content) {
				return n
			}
			n = n.Content[k]
		}
	}
	return n
}

// An allowlist entry that matches everything is a configuration error: a
// repository (or a pull request) could otherwise blind the scan with one
// line and the scan would still exit 0. "Everything" is judged on probes:
// an entry that matches every one of these very different values or paths
// matches anything a scan could find.
var (
	//secretlint:ignore aws-access-token,github-pat probes of what an allowlist matches, split so that no line holds a key
	everyValueProbes = []string{"a", "Z", "0", "xq7", "p@ss-W0rd!", "AKIA" + "Z7QXPLN3RT5VW2YB", "ghp_" + "4kR9xT2mQ8vN1pL7wZ3yH6bF0cJ5dS2aE9uK",
		"-----BEGIN PRIVATE KEY-----", "postgres://u:p@h/db", "\u00e9t\u00e9"} //secretlint:ignore url-credentials a probe of what an allowlist matches, not a credential
	everyPathProbes = []string{"a", "README", "app.yaml", ".env", "x/y/z.go", "deploy/values.yaml", "config/prod/secrets.json", "src/main/resources/application.properties"}
)

const everythingAdvice = "remove it (to silence one rule, use rules.disable; one finding, allow.fingerprints or a secretlint:ignore comment)"

func matchesAll(re *regexp.Regexp, probes []string) bool {
	for _, p := range probes {
		if !re.MatchString(p) {
			return false
		}
	}
	return true
}

// MatchesEveryValue reports whether a value allowlist pattern matches
// every value a scan could find.
func MatchesEveryValue(re *regexp.Regexp) bool { return matchesAll(re, everyValueProbes) }

// MatchesEveryPath reports whether a path allowlist pattern matches every
// path a scan could find.
func MatchesEveryPath(re *regexp.Regexp) bool { return matchesAll(re, everyPathProbes) }

// EveryPathProbes are the paths MatchesEveryPath tries, for ignore-file
// matchers that are not regular expressions.
func EveryPathProbes() []string { return slices.Clone(everyPathProbes) }

// ParseSize parses 10MiB, 512k, 1G, 1000.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"kb", 1000}, {"mb", 1000 * 1000}, {"gb", 1000 * 1000 * 1000}, {"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"b", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.m
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("invalid size %q (examples: 10MiB, 512k, 1000000)", s)
	}
	return n * mult, nil
}

// GlobRegexp compiles a slash-separated glob: * matches within a path
// element, ** across elements, ? one character; a pattern without a slash
// matches the base name at any depth, and a trailing slash matches
// everything under a directory.
func GlobRegexp(glob string) (*regexp.Regexp, error) {
	g := strings.TrimPrefix(filepath.ToSlash(glob), "./")
	if g == "" {
		return nil, fmt.Errorf("empty pattern")
	}
	if strings.HasSuffix(g, "/") {
		g += "**"
	}
	anchored := strings.Contains(strings.TrimSuffix(g, "/**"), "/")
	var b strings.Builder
	b.WriteString("^")
	if !anchored {
		b.WriteString("(?:.*/)?")
	}
	for i := 0; i < len(g); i++ {
		c := g[i]
		switch {
		case c == '*' && i+1 < len(g) && g[i+1] == '*':
			i++
			if i+1 < len(g) && g[i+1] == '/' {
				i++
				b.WriteString("(?:.*/)?")
			} else {
				b.WriteString(".*")
			}
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		case c == '[':
			j := strings.IndexByte(g[i:], ']')
			if j < 0 {
				return nil, fmt.Errorf("pattern %q: unterminated [", glob)
			}
			b.WriteString(g[i : i+j+1])
			i += j
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("(?:/.*)?$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, fmt.Errorf("pattern %q: %w", glob, err)
	}
	return re, nil
}

// RuleEnabled reports whether a rule runs under this configuration.
func (c *Config) RuleEnabled(id string) bool {
	if c.disabled[id] {
		return false
	}
	if c.enabled[id] {
		return true
	}
	if r, ok := Lookup(id); ok && r.NonDefault {
		return false
	}
	return true
}

// Severity returns a rule's severity after overrides (rule may be nil for
// an unknown provider rule).
func (c *Config) Severity(id string) finding.Severity {
	if s, ok := c.severity[id]; ok {
		return s
	}
	if r, ok := Lookup(id); ok {
		return r.Severity
	}
	return finding.SeverityHigh
}

// PathAllowed reports whether allow.paths exempts a path relative to Dir
// (slash-separated).
func (c *Config) PathAllowed(rel string) bool {
	rel = path.Clean(filepath.ToSlash(rel))
	for _, re := range c.allowPaths {
		if re.MatchString(rel) {
			return true
		}
	}
	return false
}

// ValueAllowed reports whether allow.values exempts a secret value.
func (c *Config) ValueAllowed(v string) bool {
	for _, re := range c.allowValues {
		if re.MatchString(v) {
			return true
		}
	}
	return false
}

// FingerprintAllowed reports whether allow.fingerprints lists f.
func (c *Config) FingerprintAllowed(f string) bool { return c.allowFingers[f] }

// Detector returns the provider-rule detector for this configuration,
// built once; nil when provider rules are disabled.
func (c *Config) Detector() (*Detector, error) {
	c.detectorOnce.Do(func() {
		if !c.ProviderRules {
			return
		}
		g := c.Gitleaks
		if len(c.disabled) > 0 {
			rules := make(map[string]config.Rule, len(g.Rules))
			for id, r := range g.Rules {
				if !c.disabled[id] {
					rules[id] = r
				}
			}
			g.Rules = rules
		}
		if c.gitleaksLazy != nil && len(c.disabled) == 0 {
			c.detector, c.detectorErr = DefaultDetector()
			return
		}
		c.detector = newLazyDetector(g, c.gitleaksLazy)
	})
	return c.detector, c.detectorErr
}

// Allowed applies the value and fingerprint allowlists to a finding.
func (c *Config) Allowed(f *finding.Finding) bool {
	if c.ValueAllowed(f.Secret.Reveal()) || c.FingerprintAllowed(f.Fingerprint) {
		c.allowHits.Add(1)
		return true
	}
	return false
}

// AllowSuppressed is how many findings Allowed has removed (allow.values
// and allow.fingerprints) since the configuration was loaded: reports say
// what the configuration file left out.
func (c *Config) AllowSuppressed() int {
	return int(c.allowHits.Load())
}
