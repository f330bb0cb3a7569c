package rules

import (
	"testing"

	"github.com/zricethezav/gitleaks/v8/config"
)

// detectorAllowlists returns every allowlist the default detector
// consults: the global ones and each rule's.
func detectorAllowlists(t testing.TB) (*Detector, []*config.Allowlist) {
	d, err := DefaultDetector()
	if err != nil {
		t.Fatal(err)
	}
	lists := append([]*config.Allowlist(nil), d.cfg.Allowlists...)
	for _, r := range d.rules {
		if err := r.init(); err != nil {
			t.Fatal(err)
		}
		lists = append(lists, r.rule.Allowlists...)
	}
	return d, lists
}

// allowSeeds are texts allowlists decide on: values and words the global
// and rule allowlists name, in several cases, and texts they must not.
var allowSeeds = []string{
	"true", "FALSE", "null", "ThisIsFalseyStuff", "aaaaaa", "****", "$1", "${2}", "$DB_PASSWORD", "$MixedCase",
	"${db_password}", "{{ .Values.password }}", "${{ secrets.API_KEY }}", "%PASSWORD%", "%s", "{0}", "@TOKEN@",
	"/Users/dev/project/file", "/usr/local/bin/tool", "/etc/ssl/key.pem", "kHs8d7f6g5h4j3k2l1m0n9b8v7c6x5z4",
	"AKIAIOSFODNN7EXAMPLE", "xoxb-not-a-real-token", "example", "EXAMPLEKEY", "abcdefghijklmnopqrstuvwxyz",
	"014df517-39d1-4453-b7b3-9930c563627c", "password: changeme", "api_key = \"${API_KEY}\"", "",
}

// checkAllowedByRegex fails when the branches of an allowlist, or
// allowedByRegex (which asks gitleaks first, the branches after
// splitAfter calls), answer otherwise than gitleaks' RegexAllowed.
func checkAllowedByRegex(t *testing.T, d *Detector, lists []*config.Allowlist, s string) {
	for _, a := range lists {
		want := a.RegexAllowed(s)
		if got := d.allowedByRegex(a, s); got != want {
			t.Errorf("allowlist %q on %q: allowedByRegex %v, gitleaks says %v", a.Description, s, got, want)
		}
		v, _ := d.allowRegex.Load(a)
		e, _ := v.(*allowEntry)
		if e == nil {
			continue // no regexes
		}
		e.once.Do(func() { e.parts = splitAllowRegexes(a) })
		got := false
		for _, re := range e.parts {
			got = got || re.MatchString(s)
		}
		if got != want {
			t.Errorf("allowlist %q on %q: its branches say %v, gitleaks says %v", a.Description, s, got, want)
		}
	}
}

// TestAllowedByRegexAsGitleaks: the branch-by-branch match decides as
// gitleaks' joined expression, on every allowlist of the default rules,
// for the seeds and every rule's own samples.
func TestAllowedByRegexAsGitleaks(t *testing.T) {
	d, lists := detectorAllowlists(t)
	split := 0
	for _, a := range lists {
		if len(a.Regexes) > 1 {
			split++
		}
	}
	if split == 0 {
		t.Fatal("no allowlist with several regexes: nothing is compared")
	}
	inputs := append([]string(nil), allowSeeds...)
	for _, r := range All() {
		for _, s := range r.TruePositives {
			inputs = append(inputs, s.Value)
		}
		for _, s := range r.FalsePositives {
			inputs = append(inputs, s.Value)
		}
	}
	for _, s := range inputs {
		checkAllowedByRegex(t, d, lists, s)
	}
	// Past splitAfter calls, allowedByRegex answers from the branches.
	for i := 0; i <= splitAfter; i++ {
		d.allowedByRegex(d.cfg.Allowlists[0], "x")
	}
	for _, s := range inputs {
		checkAllowedByRegex(t, d, lists, s)
	}
}

func FuzzAllowedByRegex(f *testing.F) {
	for _, s := range allowSeeds {
		f.Add(s)
	}
	d, lists := detectorAllowlists(f)
	f.Fuzz(func(t *testing.T, s string) { checkAllowedByRegex(t, d, lists, s) })
}
