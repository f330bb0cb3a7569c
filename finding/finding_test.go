package finding

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestSecretNeverFormatsValue(t *testing.T) {
	const v = "hX9#kq2!Vr7pLm4Zt-very-long-and-secret"
	s := NewSecret(v)
	type wrap struct {
		S Secret
		P *Secret
	}
	outs := map[string]string{
		"%v":      fmt.Sprintf("%v", s),
		"%s":      fmt.Sprintf("%s", s),
		"%q":      fmt.Sprintf("%q", s),
		"%#v":     fmt.Sprintf("%#v", s),
		"%x":      fmt.Sprintf("%x", s),
		"%+v":     fmt.Sprintf("%+v", wrap{S: s, P: &s}),
		"%#vwrap": fmt.Sprintf("%#v", wrap{S: s}),
		"Println": fmt.Sprintln(s),
	}
	b, err := json.Marshal(wrap{S: s, P: &s})
	if err != nil {
		t.Fatal(err)
	}
	outs["json"] = string(b)
	f := Finding{RuleID: "r", Secret: s}
	b, _ = json.Marshal(f)
	outs["finding-json"] = string(b)
	outs["finding-%+v"] = fmt.Sprintf("%+v", f)
	for name, out := range outs {
		if strings.Contains(out, v) || strings.Contains(out, v[4:12]) {
			t.Errorf("%s leaks the value: %s", name, out)
		}
	}
	if s.Reveal() != v {
		t.Errorf("Reveal() lost the value")
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"":           "",
		"hunter2":    "****",
		"short-pass": "sh****",
		"ghp_0123456789abcdefghijABCDEFGHIJ012345": "ghp_****",
		"AKIAZ7QXPLN3RT5VW2YB":                     "AKI****",
		"\x00\x01abcdefghijklmnop":                 "****",
		"ü-unicode-secret-value":                   "****",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%d bytes) = %q, want %q", len(in), got, want)
		}
	}
}

func TestFingerprint(t *testing.T) {
	a := Fingerprint("", "rule", "a/b.yaml", NewSecret("value-1"))
	if len(a) != 32 {
		t.Fatalf("fingerprint length %d, want 32", len(a))
	}
	if a != Fingerprint(DefaultSalt, "rule", "a/b.yaml", NewSecret("value-1")) {
		t.Errorf("empty salt should mean the default salt")
	}
	for name, other := range map[string]string{
		"value": Fingerprint("", "rule", "a/b.yaml", NewSecret("value-2")),
		"path":  Fingerprint("", "rule", "a/c.yaml", NewSecret("value-1")),
		"rule":  Fingerprint("", "rule2", "a/b.yaml", NewSecret("value-1")),
		"salt":  Fingerprint("other", "rule", "a/b.yaml", NewSecret("value-1")),
		// field boundaries are unambiguous
		"shift": Fingerprint("", "rule", "a/b.yamlv", NewSecret("alue-1")),
	} {
		if other == a {
			t.Errorf("changing the %s did not change the fingerprint", name)
		}
	}
}

func TestSeverity(t *testing.T) {
	for _, name := range []string{"info", "low", "medium", "high", "critical", "HIGH"} {
		s, err := ParseSeverity(name)
		if err != nil {
			t.Fatalf("ParseSeverity(%q): %v", name, err)
		}
		if !strings.EqualFold(s.String(), name) {
			t.Errorf("round trip %q -> %q", name, s)
		}
	}
	if _, err := ParseSeverity("severe"); err == nil {
		t.Errorf("ParseSeverity(severe) succeeded")
	}
	if SeverityCritical <= SeverityHigh || SeverityLow <= SeverityInfo {
		t.Errorf("severities are not ordered")
	}
}

func TestSortDeterministic(t *testing.T) {
	fs := []Finding{
		{File: "b", Line: 1, RuleID: "x"},
		{File: "a", Line: 9, RuleID: "x"},
		{File: "a", Line: 2, Column: 5, RuleID: "y"},
		{File: "a", Line: 2, Column: 5, RuleID: "a"},
	}
	Sort(fs)
	got := ""
	for _, f := range fs {
		got += fmt.Sprintf("%s:%d:%d:%s ", f.File, f.Line, f.Column, f.RuleID)
	}
	if want := "a:2:5:a a:2:5:y a:9:0:x b:1:0:x "; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
