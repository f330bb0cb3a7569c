package remediate

import (
	"encoding/base64"
	"strings"
)

// Spelling says how a value is written at an edit's span, so that the
// exact bytes can be recovered from the value alone: apply reads a value
// back out of the file through it, and rollback writes the value (read
// from the store) back through it. It holds only the bytes around the
// value (quotes, a block scalar header, indentation, ", '" before a dbt
// env_var default), never the value.
//
// Planning keeps an edit only when Spell(value) reproduces the span
// byte for byte, so a rollback restores byte-identical files; a value
// written with escapes or folding that cannot be reproduced is not
// rewritten.
type Spelling struct {
	// Prefix and Suffix are literal bytes of the span before and after the
	// value (after any quoting or block).
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
	// Quote is "" (as is), "'" (YAML single-quoted: ' doubled) or "\""
	// (double-quoted without escapes, or with NLEscapes).
	Quote string `json:"quote,omitempty"`
	// NLEscapes says that a double-quoted value writes each line break as
	// \n (a private key inline in JSON-like YAML) and has no other escape:
	// the value holds no backslash or double quote.
	NLEscapes bool `json:"nl_escapes,omitempty"`
	// Block is the header line of a YAML literal block scalar ("|", "|-",
	// "|+", possibly with an indentation indicator or a comment); Indent
	// is the indentation of its lines.
	Block  string `json:"block,omitempty"`
	Indent string `json:"indent,omitempty"`
	// TrimNL says that the span of a block ends before the line break
	// that ends the value's last line.
	TrimNL bool `json:"trim_nl,omitempty"`
	// Encoding is "" (the value as it is) or "base64" (the value is
	// written in standard base64, as in a Kubernetes Secret's data).
	Encoding string `json:"encoding,omitempty"`
}

// Spell returns the bytes that write v.
func (s Spelling) Spell(v string) string {
	if s.Encoding == "base64" {
		v = base64.StdEncoding.EncodeToString([]byte(v))
	}
	var b strings.Builder
	b.WriteString(s.Prefix)
	switch {
	case s.Block != "":
		b.WriteString(s.Block)
		b.WriteByte('\n')
		lines := strings.Split(v, "\n")
		for i, ln := range lines {
			if i > 0 {
				b.WriteByte('\n')
			}
			if ln != "" {
				b.WriteString(s.Indent)
				b.WriteString(ln)
			}
		}
		if s.TrimNL {
			out := strings.TrimSuffix(b.String(), "\n")
			b.Reset()
			b.WriteString(out)
		}
	case s.Quote == "'":
		b.WriteByte('\'')
		b.WriteString(strings.ReplaceAll(v, "'", "''"))
		b.WriteByte('\'')
	case s.Quote == `"`:
		b.WriteByte('"')
		if s.NLEscapes {
			v = strings.ReplaceAll(v, "\n", `\n`)
		}
		b.WriteString(v)
		b.WriteByte('"')
	default:
		b.WriteString(v)
	}
	b.WriteString(s.Suffix)
	return b.String()
}

// Unspell recovers the value written as span. ok is false unless
// Spell(v) == span exactly.
func (s Spelling) Unspell(span string) (v string, ok bool) {
	inner, ok := strings.CutPrefix(span, s.Prefix)
	if !ok {
		return "", false
	}
	inner, ok = strings.CutSuffix(inner, s.Suffix)
	if !ok {
		return "", false
	}
	switch {
	case s.Block != "":
		if s.TrimNL {
			inner += "\n"
		}
		body, ok := strings.CutPrefix(inner, s.Block+"\n")
		if !ok {
			return "", false
		}
		lines := strings.Split(body, "\n")
		for i, ln := range lines {
			if ln == "" {
				continue
			}
			rest, ok := strings.CutPrefix(ln, s.Indent)
			if !ok {
				return "", false
			}
			lines[i] = rest
		}
		v = strings.Join(lines, "\n")
	case s.Quote == "'":
		if len(inner) < 2 || inner[0] != '\'' || inner[len(inner)-1] != '\'' {
			return "", false
		}
		v = strings.ReplaceAll(inner[1:len(inner)-1], "''", "'")
	case s.Quote == `"`:
		if len(inner) < 2 || inner[0] != '"' || inner[len(inner)-1] != '"' {
			return "", false
		}
		v = inner[1 : len(inner)-1]
		if s.NLEscapes {
			v = strings.ReplaceAll(v, `\n`, "\n")
		}
		if strings.ContainsAny(v, `"\`) || !s.NLEscapes && strings.Contains(v, "\n") {
			return "", false // an escape, which Spell never writes
		}
	default:
		v = inner
	}
	switch s.Encoding {
	case "":
	case "base64":
		d, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			return "", false
		}
		v = string(d)
	default:
		return "", false
	}
	if s.Spell(v) != span {
		return "", false
	}
	return v, true
}
