package rules

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/rs/zerolog"
	"github.com/spf13/viper"
	"github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/logging"
)

// GitleaksVersion is the gitleaks release whose default rules are built in.
const GitleaksVersion = "v8.30.1"

// SilenceGitleaks turns gitleaks' global logger off. gitleaks logs findings
// (with their secrets) at debug and trace level; nothing of it may reach our
// output. Library code calls it before loading rules; main calls it once.
func SilenceGitleaks() { silenceOnce() }

var silenceOnce = sync.OnceFunc(func() {
	logging.Logger = zerolog.New(io.Discard).Level(zerolog.Disabled)
})

// DefaultGitleaksConfig returns the built-in provider rule set: gitleaks'
// default rules (222 in v8.30.1) and this project's own provider-format
// rules (webhooks.go), parsed once without touching gitleaks' global viper
// instance. A .gitleaks.toml's [extend] useDefault extends it.
func DefaultGitleaksConfig() (config.Config, error) { return defaultGitleaks() }

// gitleaksDefaultTOML is gitleaks' embedded default configuration.
var gitleaksDefaultTOML = config.DefaultConfig

var defaultGitleaks = sync.OnceValues(func() (config.Config, error) {
	return parseGitleaksTOML(builtinTOML, "gitleaks default config", nil, nil)
})

// defaultDetector is the detector for the built-in rules, built lazily
// (see lazy.go).
var defaultDetector = sync.OnceValues(func() (*Detector, error) {
	set, err := defaultLazy()
	if err != nil {
		return nil, err
	}
	return newLazyDetector(set.cfg, set.rules), nil
})

// DefaultDetector returns the shared detector for gitleaks' default rules.
func DefaultDetector() (*Detector, error) { return defaultDetector() }

// translateMu serialises ViperConfig.Translate, which reads gitleaks'
// package-level state.
var translateMu sync.Mutex

// parseGitleaksTOML parses a gitleaks TOML configuration. It validates every
// regular expression first, so that a bad pattern is an error naming the
// file, line and rule instead of gitleaks' panic, and it performs
// [extend] useDefault / path itself instead of through gitleaks' global
// viper. base supplies the default rules for useDefault; readFile reads an
// extend.path (nil disables extend.path).
func parseGitleaksTOML(data, name string, base func() (config.Config, error), readFile func(string) ([]byte, error)) (config.Config, error) {
	SilenceGitleaks()
	v := viper.New()
	v.SetConfigType("toml")
	if err := v.ReadConfig(strings.NewReader(data)); err != nil {
		return config.Config{}, fmt.Errorf("%s: %w", name, err)
	}
	var vc config.ViperConfig
	if err := v.Unmarshal(&vc); err != nil {
		return config.Config{}, fmt.Errorf("%s: %w", name, err)
	}
	// The built-in rule set is known to compile (a test checks it);
	// validating it again would cost every process start ~15 ms.
	if data != builtinTOML {
		if err := validateGitleaksRegexes(&vc, data, name); err != nil {
			return config.Config{}, err
		}
	}
	ext := vc.Extend
	vc.Extend = config.Extend{}
	translateMu.Lock()
	cfg, err := translate(&vc)
	translateMu.Unlock()
	if err != nil {
		return config.Config{}, fmt.Errorf("%s: %w", name, err)
	}
	cfg.Extend = ext
	switch {
	case ext.UseDefault && ext.Path != "":
		return config.Config{}, fmt.Errorf("%s: [extend] sets both useDefault and path; choose one", name)
	case ext.UseDefault:
		if base == nil {
			return config.Config{}, fmt.Errorf("%s: [extend] useDefault is not supported here", name)
		}
		b, err := base()
		if err != nil {
			return config.Config{}, err
		}
		extendConfig(&cfg, b, ext.DisabledRules)
	case ext.Path != "":
		if readFile == nil {
			return config.Config{}, fmt.Errorf("%s: [extend] path is not supported here", name)
		}
		b, err := readFile(ext.Path)
		if err != nil {
			return config.Config{}, fmt.Errorf("%s: [extend] path: %w", name, err)
		}
		// One level of extension, like gitleaks' depth limit of two.
		parent, err := parseGitleaksTOML(string(b), ext.Path, base, nil)
		if err != nil {
			return config.Config{}, err
		}
		extendConfig(&cfg, parent, ext.DisabledRules)
	}
	return cfg, nil
}

// translate runs gitleaks' Translate, turning its panics (it calls
// MustCompile) into errors as a last line of defence.
func translate(vc *config.ViperConfig) (cfg config.Config, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("invalid configuration: %v", r)
		}
	}()
	return vc.Translate()
}

// validateGitleaksRegexes compiles every pattern of a gitleaks config and
// reports the first bad one with its rule and line.
func validateGitleaksRegexes(vc *config.ViperConfig, data, name string) error {
	check := func(pattern, where, ruleID string) error {
		if _, err := regexp.Compile(pattern); err != nil {
			line := lineOfSubstring(data, pattern)
			if line == 0 && ruleID != "" {
				line = lineOfSubstring(data, ruleID)
			}
			loc := name
			if line > 0 {
				loc = fmt.Sprintf("%s:%d", name, line)
			}
			if ruleID != "" {
				return fmt.Errorf("%s: rule %q: invalid %s: %w", loc, ruleID, where, err)
			}
			return fmt.Errorf("%s: invalid %s: %w", loc, where, err)
		}
		return nil
	}
	for _, r := range vc.Rules {
		if strings.TrimSpace(r.ID) == "" {
			return fmt.Errorf("%s: a [[rules]] entry has no id", name)
		}
		for what, p := range map[string]string{"regex": r.Regex, "path": r.Path} {
			if p != "" {
				if err := check(p, what, r.ID); err != nil {
					return err
				}
			}
		}
		lists := slices.Clone(r.Allowlists)
		if r.AllowList != nil {
			lists = append(lists, r.AllowList)
		}
		for _, a := range lists {
			if a == nil {
				continue
			}
			for _, p := range a.Regexes {
				if err := check(p, "allowlist regex", r.ID); err != nil {
					return err
				}
			}
			for _, p := range a.Paths {
				if err := check(p, "allowlist path", r.ID); err != nil {
					return err
				}
			}
		}
	}
	globals := slices.Clone(vc.Allowlists)
	// The single-table [allowlist] is deprecated in gitleaks v8 but still
	// read by it, and users' .gitleaks.toml files still have it.
	if vc.AllowList != nil { //nolint:staticcheck // SA1019: the v8 [allowlist] form is still supported
		globals = append(globals, vc.AllowList) //nolint:staticcheck // SA1019: as above
	}
	for _, a := range globals {
		if a == nil {
			continue
		}
		for _, p := range a.Regexes {
			if err := check(p, "allowlist regex", ""); err != nil {
				return err
			}
		}
		for _, p := range a.Paths {
			if err := check(p, "allowlist path", ""); err != nil {
				return err
			}
		}
		if len(a.TargetRules) > 0 || len(a.Commits) > 0 || len(a.StopWords) > 0 || strings.EqualFold(a.Condition, "AND") && len(a.Paths) > 0 && len(a.Regexes) > 0 {
			continue // narrowed: not everything
		}
		if err := allowsEverything(a.Paths, a.Regexes, data, name); err != nil {
			return err
		}
	}
	return nil
}

// allowsEverything refuses a global allowlist's paths or regexes that
// match every path or every value on their own (the caller skips lists
// narrowed by target rules, commits, stop words or an AND condition): one
// such line in a repository's .gitleaks.toml turns the scan off.
func allowsEverything(paths, regexes []string, data, name string) error {
	for what, list := range map[string][]string{"paths": paths, "regexes": regexes} {
		for _, p := range list {
			re, err := regexp.Compile(p)
			if err != nil {
				continue
			}
			if what == "paths" && MatchesEveryPath(re) || what == "regexes" && MatchesEveryValue(re) {
				loc := name
				if line := lineOfSubstring(data, p); line > 0 {
					loc = fmt.Sprintf("%s:%d", name, line)
				}
				return fmt.Errorf("%s: allowlist %s %q matches everything, which turns the scan off: %s", loc, what, p, everythingAdvice)
			}
		}
	}
	return nil
}

func lineOfSubstring(data, sub string) int {
	i := strings.Index(data, sub)
	if i < 0 {
		return 0
	}
	return strings.Count(data[:i], "\n") + 1
}

// extendConfig merges base into cfg the way gitleaks' [extend] does: rules
// only in base are added (unless disabled), rules in both are merged with
// cfg's non-zero fields winning and lists appended, and base's global
// allowlists are appended.
func extendConfig(cfg *config.Config, base config.Config, disabled []string) {
	if cfg.Rules == nil {
		cfg.Rules = map[string]config.Rule{}
	}
	if cfg.Keywords == nil {
		cfg.Keywords = map[string]struct{}{}
	}
	for id, b := range base.Rules {
		if slices.Contains(disabled, id) {
			continue
		}
		cur, ok := cfg.Rules[id]
		if !ok {
			cfg.Rules[id] = b
			cfg.OrderedRules = append(cfg.OrderedRules, id)
		} else {
			if cur.Description != "" {
				b.Description = cur.Description
			}
			if cur.Entropy != 0 {
				b.Entropy = cur.Entropy
			}
			if cur.SecretGroup != 0 {
				b.SecretGroup = cur.SecretGroup
			}
			if cur.Regex != nil {
				b.Regex = cur.Regex
			}
			if cur.Path != nil {
				b.Path = cur.Path
			}
			b.Tags = append(slices.Clone(b.Tags), cur.Tags...)
			b.Keywords = append(slices.Clone(b.Keywords), cur.Keywords...)
			b.Allowlists = append(slices.Clone(b.Allowlists), cur.Allowlists...)
			cfg.Rules[id] = b
		}
		for _, k := range cfg.Rules[id].Keywords {
			cfg.Keywords[strings.ToLower(k)] = struct{}{}
		}
	}
	cfg.Allowlists = append(cfg.Allowlists, base.Allowlists...)
	sort.Strings(cfg.OrderedRules)
}

// ErrNoRules is returned when a configuration disables every rule.
var ErrNoRules = errors.New("configuration leaves no rules enabled")

// ParseGitleaksConfig parses a user's .gitleaks.toml (named name in errors).
// [extend] useDefault extends gitleaks' default rules; [extend] path is read
// with readFile, relative paths resolved by the caller.
func ParseGitleaksConfig(data []byte, name string, readFile func(string) ([]byte, error)) (config.Config, error) {
	return parseGitleaksTOML(string(data), name, defaultGitleaks, readFile)
}
