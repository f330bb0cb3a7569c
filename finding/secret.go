package finding

import (
	"fmt"
	"io"
)

// Secret holds a detected secret value. It exists so that a value can travel
// inside a Finding without ever being printed by accident: every formatting
// path (fmt verbs, String, GoString, encoding.TextMarshaler, json) yields the
// redacted preview. Only Reveal returns the value, and the only callers that
// may use it are the stores that receive the secret and the --show-secrets
// report path.
type Secret struct {
	v string
}

// NewSecret wraps a value.
func NewSecret(v string) Secret { return Secret{v: v} }

// Reveal returns the plaintext value. Call it only to hand the value to a
// secret store, to compare it, or when the user asked with --show-secrets.
func (s Secret) Reveal() string { return s.v }

// IsZero reports whether no value is held.
func (s Secret) IsZero() bool { return s.v == "" }

// Len returns the length of the value in bytes.
func (s Secret) Len() int { return len(s.v) }

// Equal compares two secrets by value.
func (s Secret) Equal(o Secret) bool { return s.v == o.v }

// String returns the redacted preview.
func (s Secret) String() string { return Redact(s.v) }

// GoString returns the redacted preview, so %#v cannot leak the value.
func (s Secret) GoString() string { return fmt.Sprintf("finding.Secret(%q)", Redact(s.v)) }

// Format implements fmt.Formatter so that every verb prints the preview.
func (s Secret) Format(f fmt.State, verb rune) {
	switch verb {
	case 'q':
		_, _ = fmt.Fprintf(f, "%q", Redact(s.v))
	case 'v':
		if f.Flag('#') {
			_, _ = io.WriteString(f, s.GoString())
			return
		}
		_, _ = io.WriteString(f, Redact(s.v))
	default:
		_, _ = io.WriteString(f, Redact(s.v))
	}
}

// MarshalText implements encoding.TextMarshaler with the redacted preview,
// so encoding/json, yaml and the like never serialise the value.
func (s Secret) MarshalText() ([]byte, error) { return []byte(Redact(s.v)), nil }

// Redact returns a preview of v that is safe to print: at most a few leading
// characters (enough to recognise a provider prefix such as "ghp_" or
// "AKIA"), never more than a quarter of the value, followed by a fixed mask
// that does not reveal the length.
func Redact(v string) string {
	const mask = "****"
	if v == "" {
		return ""
	}
	n := 0
	switch {
	case len(v) >= 32:
		n = 4
	case len(v) >= 16:
		n = 3
	case len(v) >= 10:
		n = 2
	}
	// Never cut a multi-byte rune in half, never show non-printables.
	out := make([]byte, 0, n+len(mask))
	for i := 0; i < n && i < len(v); i++ {
		c := v[i]
		if c < 0x21 || c > 0x7e {
			break
		}
		out = append(out, c)
	}
	return string(out) + mask
}
