package remediate

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/url"
	"os"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

func TestIdempotencyToken(t *testing.T) {
	values := map[string]string{"DB_PASSWORD": "a", "API_KEY": "b"}
	tok := IdempotencyToken("team/app", values, "")

	uuidShape := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	if !uuidShape.MatchString(tok) {
		t.Errorf("token %q is not a version-8 UUID", tok)
	}
	// AWS ClientRequestToken: 32 to 64 characters.
	if n := len(tok); n < 32 || n > 64 {
		t.Errorf("token length %d, want 32..64", n)
	}
	if again := IdempotencyToken("team/app", maps.Clone(values), ""); again != tok {
		t.Errorf("token not deterministic: %q then %q", tok, again)
	}

	differ := map[string]string{
		"other name":  IdempotencyToken("team/app2", values, ""),
		"other prev":  IdempotencyToken("team/app", values, "1"),
		"other keys":  IdempotencyToken("team/app", map[string]string{"DB_PASSWORD": "a"}, ""),
		"renamed key": IdempotencyToken("team/app", map[string]string{"DB_PASSWORD": "a", "API_KEY2": "b"}, ""),
		// Length-prefixing keeps ("ab","") and ("a","b") apart.
		"shifted boundary": IdempotencyToken("team/ap", values, "p"),
	}
	for name, got := range differ {
		if got == tok {
			t.Errorf("%s: token unchanged", name)
		}
	}

	// Values are deliberately not part of the token (see its doc comment):
	// it is visible in CloudTrail and as the VersionId.
	if got := IdempotencyToken("team/app", map[string]string{"DB_PASSWORD": "x", "API_KEY": "y"}, ""); got != tok {
		t.Errorf("token depends on values: %q vs %q", got, tok)
	}
}

func TestMergeValues(t *testing.T) {
	tests := map[string]struct {
		current, updates map[string]string
		want             map[string]string
		changed          bool
		wantErr          error
	}{
		"add to empty": {
			current: nil, updates: map[string]string{"A": "1"},
			want: map[string]string{"A": "1"}, changed: true,
		},
		"add new key": {
			current: map[string]string{"A": "1"}, updates: map[string]string{"B": "2"},
			want: map[string]string{"A": "1", "B": "2"}, changed: true,
		},
		"already present": {
			current: map[string]string{"A": "1", "B": "2"}, updates: map[string]string{"B": "2"},
			want: map[string]string{"A": "1", "B": "2"}, changed: false,
		},
		"different value": {
			current: map[string]string{"A": "1"}, updates: map[string]string{"A": "2"},
			wantErr: ErrKeyExists,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			before := maps.Clone(tc.current)
			got, changed, err := MergeValues(tc.current, tc.updates)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				if strings.Contains(err.Error(), "\"2\"") {
					t.Errorf("error %q quotes a value", err)
				}
				if !strings.Contains(err.Error(), `"A"`) {
					t.Errorf("error %q does not name the key", err)
				}
				return
			}
			if !maps.Equal(got, tc.want) || changed != tc.changed {
				t.Errorf("got %v changed=%v, want %v changed=%v", got, changed, tc.want, tc.changed)
			}
			if !maps.Equal(tc.current, before) {
				t.Errorf("current was modified: %v", tc.current)
			}
		})
	}
}

func TestValidateName(t *testing.T) {
	valid := []string{"a", "app", "team/app/db", "Team_A.prod-1/x", strings.Repeat("a", MaxNameLen)}
	invalid := []string{
		"", "/a", "a/", "a//b", "./a", "a/../b", "a b", "a+b", "a@b", "a?b", "a#b", "a%41",
		"ä", strings.Repeat("a", MaxNameLen+1), "a\nb",
	}
	for _, n := range valid {
		if err := ValidateName(n); err != nil {
			t.Errorf("ValidateName(%q) = %v, want nil", n, err)
		}
	}
	for _, n := range invalid {
		if err := ValidateName(n); !errors.Is(err, ErrInvalid) {
			t.Errorf("ValidateName(%q) = %v, want ErrInvalid", n, err)
		}
	}
}

// TestNameDotfiles: a dotfile keeps its name as the stem, so a root .env
// gets a secret under the prefix of its own, not the prefix itself.
func TestNameDotfiles(t *testing.T) {
	n, err := NewNaming(DefaultPrefix, "", "")
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		".env":                "secretlint/.env",
		".envrc":              "secretlint/.envrc",
		"svc/.env":            "secretlint/svc/.env",
		".env.production":     "secretlint/.env.production",
		"deploy/values.yaml":  "secretlint/deploy/values",
		"deploy/.hidden.yaml": "secretlint/deploy/.hidden",
		".gitlab-ci.yml":      "secretlint/.gitlab-ci",
	} {
		got, err := n.Name(file, "", "", "", "")
		if err != nil || got != want {
			t.Errorf("Name(%q) = %q, %v; want %q", file, got, err, want)
		}
	}
}

func TestValidateKey(t *testing.T) {
	for _, k := range []string{"DB_PASSWORD", "api.key", "token-2", "x"} {
		if err := ValidateKey(k); err != nil {
			t.Errorf("ValidateKey(%q) = %v", k, err)
		}
	}
	for _, k := range []string{"", "a/b", "a b", "a+b", "a#b", "é", strings.Repeat("k", MaxKeyLen+1)} {
		if err := ValidateKey(k); !errors.Is(err, ErrInvalid) {
			t.Errorf("ValidateKey(%q) = %v, want ErrInvalid", k, err)
		}
	}
}

func TestValidateWrite(t *testing.T) {
	planted := "pw-" + strings.Repeat("x", 20)
	tests := map[string]struct {
		name   string
		values map[string]string
		ok     bool
	}{
		"ok":           {"app/db", map[string]string{"PASSWORD": planted}, true},
		"odd old key":  {"app/db", map[string]string{"my key": planted}, true},
		"bad name":     {"app//db", map[string]string{"PASSWORD": planted}, false},
		"no values":    {"app/db", nil, false},
		"empty key":    {"app/db", map[string]string{"": planted}, false},
		"invalid utf8": {"app/db", map[string]string{"PASSWORD": planted + "\xff"}, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			err := ValidateWrite(tc.name, tc.values)
			if tc.ok != (err == nil) {
				t.Fatalf("err = %v, want ok=%v", err, tc.ok)
			}
			if err != nil && (!errors.Is(err, ErrInvalid) || strings.Contains(err.Error(), planted)) {
				t.Errorf("err = %q: want ErrInvalid without the value", err)
			}
		})
	}
}

// valsResolve mimics how vals turns a reference into the path it reads and
// the key it extracts (helmfile/vals vals.go: the ref regexp, url.Parse,
// host and path joined with '/', fragment trimmed of '/' and split on '/').
// It is written here from reading vals, to check our references survive it.
func valsResolve(t *testing.T, text string) (scheme, path string, keys []string) {
	t.Helper()
	re := regexp.MustCompile(`((secret)?ref)\+([^\+:]*://[^\+\n]+)\+?`)
	m := re.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("vals would not find a reference in %q", text)
	}
	u, err := url.Parse(m[3])
	if err != nil {
		t.Fatalf("vals could not parse %q: %v", m[3], err)
	}
	var parts []string
	if u.Host != "" {
		parts = append(parts, u.Host)
	}
	p := u.Path
	if u.Host != "" {
		p = strings.TrimPrefix(p, "/")
	}
	if p != "" {
		parts = append(parts, p)
	}
	frag := strings.TrimPrefix(strings.TrimPrefix(u.Fragment, "#"), "/")
	return u.Scheme, strings.Join(parts, "/"), strings.Split(frag, "/")
}

func TestRefsSurviveVals(t *testing.T) {
	names := []string{"app", "team/app/db", "Team_A.prod-1/svc.cfg", "a-b_c.d/e"}
	keys := []string{"DB_PASSWORD", "api.key", "token-2"}
	for _, name := range names {
		for _, key := range keys {
			if ValidateName(name) != nil || ValidateKey(key) != nil {
				t.Fatalf("test data invalid: %q %q", name, key)
			}
			// Embedded in YAML, as remediation writes it.
			scheme, path, gotKeys := valsResolve(t, "password: "+AWSRef(name, key)+"\n")
			if scheme != "awssecrets" || path != name || len(gotKeys) != 1 || gotKeys[0] != key {
				t.Errorf("AWSRef(%q, %q) resolves to %s %q %q", name, key, scheme, path, gotKeys)
			}
			scheme, path, gotKeys = valsResolve(t, "password: "+VaultRef("secret", name, key)+"\n")
			if scheme != "vault" || path != "secret/"+name || len(gotKeys) != 1 || gotKeys[0] != key {
				t.Errorf("VaultRef(secret, %q, %q) resolves to %s %q %q", name, key, scheme, path, gotKeys)
			}
		}
	}
	if got, want := AWSRef("team/app", "DB_PASSWORD"), "ref+awssecrets://team/app#/DB_PASSWORD"; got != want {
		t.Errorf("AWSRef = %q, want %q", got, want)
	}
	if got, want := VaultRef("/kv/team/", "app", "DB_PASSWORD"), "ref+vault://kv/team/app#/DB_PASSWORD"; got != want {
		t.Errorf("VaultRef = %q, want %q", got, want)
	}
}

type retryable bool

func (r retryable) Error() string   { return "custom" }
func (r retryable) Retryable() bool { return bool(r) }

func TestIsRetryable(t *testing.T) {
	timeout := &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}
	tests := map[string]struct {
		err  error
		want bool
	}{
		"nil":                {nil, false},
		"unavailable":        {fmt.Errorf("x: %w", ErrUnavailable), true},
		"conflict":           {fmt.Errorf("x: %w", ErrConflict), false},
		"unauthorized":       {&Error{Kind: "aws", Op: "read", Name: "n", Err: ErrUnauthorized}, false},
		"not found":          {ErrNotFound, false},
		"deadline":           {fmt.Errorf("x: %w", context.DeadlineExceeded), true},
		"canceled":           {fmt.Errorf("x: %w", context.Canceled), false},
		"refused":            {&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, true},
		"reset":              {fmt.Errorf("x: %w", syscall.ECONNRESET), true},
		"net timeout":        {timeout, true},
		"store error w/ net": {&Error{Kind: "vault", Op: "write", Name: "n", Err: errors.Join(ErrUnavailable, timeout)}, true},
		"custom yes":         {fmt.Errorf("x: %w", retryable(true)), true},
		"custom no":          {retryable(false), false},
		"plain":              {errors.New("boom"), false},
	}
	for name, tc := range tests {
		if got := IsRetryable(tc.err); got != tc.want {
			t.Errorf("%s: IsRetryable(%v) = %v, want %v", name, tc.err, got, tc.want)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	err := &Error{Kind: "aws", Op: "write", Name: "team/app", Code: "ResourceExistsException", Detail: "secret already exists", Err: ErrConflict}
	want := `aws: write secret "team/app": secret already exists (ResourceExistsException): ` + ErrConflict.Error()
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
	if !errors.Is(err, ErrConflict) {
		t.Error("errors.Is(err, ErrConflict) = false")
	}
}
