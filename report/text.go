package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/secretlint-go/secretlint/finding"
)

// ANSI styles for the text format.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

type textStyle bool

func (c textStyle) paint(style, s string) string {
	if !c || s == "" {
		return s
	}
	return style + s + ansiReset
}

func (c textStyle) severity(s finding.Severity) string {
	style := ansiCyan
	switch s {
	case finding.SeverityCritical:
		style = ansiBold + ansiRed
	case finding.SeverityHigh:
		style = ansiRed
	case finding.SeverityMedium:
		style = ansiYellow
	}
	return c.paint(style, "["+s.String()+"]")
}

// writeText writes the human format: findings grouped by file, one
// "path:line:col: message (rule-id) [severity]" line each with indented
// details, then notices, then a one-line summary.
func writeText(w io.Writer, p *prepared) error {
	bw := bufio.NewWriter(w)
	c := textStyle(p.opts.Color)
	for i := range p.findings {
		f := &p.findings[i]
		if i > 0 && f.File != p.findings[i-1].File {
			bw.WriteString("\n")
		}
		fmt.Fprintf(bw, "%s %s %s %s\n",
			c.paint(ansiBold, fmt.Sprintf("%s:%d:%d:", clean(f.File), f.Line, f.Column)),
			clean(message(f)),
			c.paint(ansiDim, "("+clean(f.RuleID)+")"),
			c.severity(f.Severity))
		if p.opts.ShowSecrets {
			fmt.Fprintf(bw, "    value: %s\n", strconv.QuoteToGraphic(f.Secret.Reveal()))
		} else if prev := f.Preview(); prev != "" {
			fmt.Fprintf(bw, "    value: %s\n", c.paint(ansiDim, clean(prev)))
		}
		if f.KeyPath != "" {
			fmt.Fprintf(bw, "    key: %s\n", clean(f.KeyPath))
		}
		if f.Encoding != "" {
			fmt.Fprintf(bw, "    encoding: %s\n", clean(f.Encoding))
		}
		if f.Commit != "" {
			fmt.Fprintf(bw, "    commit: %s%s%s\n", clean(shortCommit(f.Commit)), author(f), dateSuffix(f.Date))
		}
	}
	if len(p.notices) > 0 {
		if len(p.findings) > 0 {
			bw.WriteString("\n")
		}
		bw.WriteString("notices:\n")
		for _, n := range p.notices {
			level := c.paint(ansiYellow, "warning")
			if n.Error {
				level = c.paint(ansiRed, "error")
			}
			fmt.Fprintf(bw, "  %s: %s: %s (%s)\n", level, clean(noticePlace(n)), clean(n.Message), clean(n.Kind))
		}
	}
	if len(p.Sources) > 0 {
		if len(p.findings) > 0 || len(p.notices) > 0 {
			bw.WriteString("\n")
		}
		bw.WriteString("configuration applied:\n")
		for _, s := range p.Sources {
			fmt.Fprintf(bw, "  %s\n", s)
		}
	}
	if len(p.findings) > 0 || len(p.notices) > 0 || len(p.Sources) > 0 {
		bw.WriteString("\n")
	}
	bw.WriteString(p.summaryLine() + "\n")
	return bw.Flush()
}

func author(f *finding.Finding) string {
	switch {
	case f.Author != "" && f.Email != "":
		return " by " + clean(f.Author) + " <" + clean(f.Email) + ">"
	case f.Author != "":
		return " by " + clean(f.Author)
	case f.Email != "":
		return " by <" + clean(f.Email) + ">"
	}
	return ""
}

func dateSuffix(d string) string {
	if d == "" {
		return ""
	}
	return " on " + clean(d)
}

// noticePlace is "file", "file:line" or "file:line:col".
func noticePlace(n finding.Notice) string {
	place := n.File
	if place == "" {
		place = "(scan)"
	}
	if n.Line > 0 {
		place += ":" + strconv.Itoa(n.Line)
		if n.Column > 0 {
			place += ":" + strconv.Itoa(n.Column)
		}
	}
	return place
}

// summaryLine is the one-line summary shared by the text and github
// formats.
func (p *prepared) summaryLine() string {
	c := p.counts()
	var b strings.Builder
	b.WriteString("secretlint: ")
	if c.findings == 0 {
		b.WriteString("no findings")
	} else {
		b.WriteString(plural(c.findings, "finding", "findings"))
		b.WriteString(" in ")
		b.WriteString(plural(c.files, "file", "files"))
		var parts []string
		for _, s := range severities {
			if n := c.bySeverity[s]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, s))
			}
		}
		b.WriteString(" (" + strings.Join(parts, ", ") + ")")
	}
	if len(p.notices) > 0 {
		b.WriteString("; ")
		b.WriteString(plural(len(p.notices), "notice", "notices"))
		fmt.Fprintf(&b, " (%s, %s)", plural(c.errors, "error", "errors"), plural(c.warnings, "warning", "warnings"))
	}
	if s := p.Stats; s.Files > 0 || s.Bytes > 0 || s.Duration > 0 {
		b.WriteString("; scanned " + plural(s.Files, "file", "files"))
		if s.Bytes > 0 {
			b.WriteString(", " + byteSize(s.Bytes))
		}
		if s.Duration > 0 {
			b.WriteString(" in " + s.Duration.Round(time.Millisecond).String())
		}
	}
	return b.String()
}

// byteSize formats a byte count with binary prefixes.
func byteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return plural(int(n), "byte", "bytes")
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// Clean makes s safe to print on a terminal, as every format of this
// package prints paths, keys and messages (see clean); remediate's plan
// and report print file names through it too.
func Clean(s string) string { return clean(s) }

// clean makes s safe to print on a terminal: control characters, invalid
// UTF-8 and bidirectional overrides are escaped, so that a file name or a
// key cannot move the cursor, recolour the screen or reorder what follows.
func clean(s string) string {
	if !needsClean(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func needsClean(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || unsafeRune(r) {
			return true
		}
		i += n
	}
	return false
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029'
}
