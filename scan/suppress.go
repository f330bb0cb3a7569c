package scan

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan/internal/textpos"
)

// directiveMarker starts a suppression: "# secretlint:ignore <rule>[,<rule>…]
// <reason>" in YAML, shell and config files, "//secretlint:ignore …" in
// Go and C-like files. It applies to its own line and, when it is the
// only thing on its line, to the next line.
const directiveMarker = "secretlint:ignore"

type directive struct {
	line, col  int // 1-based position of the marker
	start, end int // byte span of the directive text
	rules      []string
	reason     string
	alone      bool // nothing but the comment on its line
	used       bool
	problem    string // why the directive is invalid; "" when valid
}

// parseDirectives finds the suppression directives of a file.
func parseDirectives(src []byte, ix *textpos.Index, known func(string) bool) []*directive {
	if !bytes.Contains(src, []byte(directiveMarker)) {
		return nil
	}
	var out []*directive
	for off := 0; ; {
		i := bytes.Index(src[off:], []byte(directiveMarker))
		if i < 0 {
			break
		}
		at := off + i
		off = at + len(directiveMarker)
		line, col := ix.Position(at)
		ls, le := ix.LineStart(line), ix.LineEnd(line)
		before := string(src[ls:at])
		cs := directiveComment(before)
		if cs < 0 {
			continue // not a comment that opens with the directive
		}
		text := strings.TrimRight(string(src[off:le]), "\r")
		// A block comment closes on the same line: */ or -->.
		for _, c := range []string{"*/", "-->"} {
			if k := strings.Index(text, c); k >= 0 {
				text = text[:k]
			}
		}
		d := &directive{line: line, col: col, start: ls + cs, end: le, alone: strings.TrimSpace(before[:cs]) == ""}
		if len(text) > 0 && text[0] != ' ' && text[0] != '\t' {
			continue // secretlint:ignored, secretlint:ignore-file …
		}
		fields := strings.Fields(text)
		switch {
		case len(fields) == 0:
			d.problem = "names no rule and gives no reason"
		default:
			for _, r := range strings.Split(fields[0], ",") {
				if r == "" {
					continue
				}
				if !known(r) {
					d.problem = fmt.Sprintf("names unknown rule %q", r)
				}
				d.rules = append(d.rules, r)
			}
			d.reason = strings.TrimSpace(strings.Join(fields[1:], " "))
			if d.problem == "" && d.reason == "" {
				d.problem = "gives no reason (write: secretlint:ignore <rule> <reason>)"
			}
		}
		out = append(out, d)
	}
	return out
}

// directiveComment returns where the comment opened by a directive starts,
// given the text before the directive on its line, or -1 when the directive
// does not open a comment: the comment marker must come right before it
// ("# secretlint:ignore", "//secretlint:ignore"), must not sit inside a
// word or a URL ("https://"), and no earlier comment may be open on the
// line (prose that mentions the syntax, "// use //secretlint:ignore …").
func directiveComment(before string) int {
	trimmed := strings.TrimRight(before, " \t")
	m := -1
	for _, mk := range []string{"#", "//", "/*", "<!--", "--", ";"} {
		if strings.HasSuffix(trimmed, mk) {
			m = len(trimmed) - len(mk)
			break
		}
	}
	if m < 0 || m > 0 && before[m-1] != ' ' && before[m-1] != '\t' {
		return -1
	}
	if c := commentStart(before[:m]); c >= 0 {
		return -1
	}
	if strings.Count(before[:m], `"`)%2 == 1 || strings.Count(before[:m], "`")%2 == 1 {
		return -1 // inside a string literal
	}
	if (strings.HasSuffix(trimmed, ";") || strings.HasSuffix(trimmed, "--")) && strings.TrimSpace(before[:m]) != "" {
		return -1 // ini and SQL comments only at the start of a line
	}
	return m
}

// commentStart returns where a comment starts in text, or -1: a marker at
// the start of the text or after white space, and "//" not after ":".
func commentStart(text string) int {
	best := -1
	for _, mk := range []string{"#", "//", "/*", "<!--"} {
		for off := 0; ; {
			k := strings.Index(text[off:], mk)
			if k < 0 {
				break
			}
			k += off
			off = k + len(mk)
			if k > 0 && text[k-1] != ' ' && text[k-1] != '\t' {
				continue
			}
			if best < 0 || k < best {
				best = k
			}
			break
		}
	}
	return best
}

// suppress drops findings matched by a valid directive and adds
// unused-suppression and invalid-suppression findings. tokenLine returns
// the line where a finding's written value starts.
func suppress(fs []finding.Finding, ds []*directive, tokenLine func(*finding.Finding) int) []finding.Finding {
	if len(ds) == 0 {
		return fs
	}
	out := fs[:0]
	for _, f := range fs {
		lines := []int{f.Line, tokenLine(&f)}
		hit := false
		for _, d := range ds {
			if d.problem != "" || !slices.Contains(d.rules, f.RuleID) {
				continue
			}
			if slices.Contains(lines, d.line) || d.alone && slices.Contains(lines, d.line+1) {
				d.used = true
				hit = true
			}
		}
		if !hit {
			out = append(out, f)
		}
	}
	for _, d := range ds {
		var id, msg string
		switch {
		case d.problem != "":
			id, msg = "invalid-suppression", "suppression directive "+d.problem+": it suppresses nothing"
		case !d.used:
			id, msg = "unused-suppression", fmt.Sprintf("suppression of %s matches no finding on its line or the next", strings.Join(d.rules, ", "))
		default:
			continue
		}
		r, _ := rules.Lookup(id)
		out = append(out, finding.Finding{
			RuleID: id, Message: msg, Severity: r.Severity,
			Line: d.line, Column: d.col, Offset: d.start, EndOffset: d.end,
			Secret: finding.NewSecret(directiveMarker + " " + strings.Join(d.rules, ",") + " " + d.reason),
		})
	}
	return out
}
