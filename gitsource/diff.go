package gitsource

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
)

// LineRange is an inclusive range of 1-based line numbers.
type LineRange struct{ Start, End int }

// Contains reports whether line lies in the range.
func (r LineRange) Contains(line int) bool { return r.Start <= line && line <= r.End }

// Ranges is a sorted list of disjoint line ranges.
type Ranges []LineRange

// Overlaps reports whether any line in [start, end] is in the ranges.
func (rs Ranges) Overlaps(start, end int) bool {
	if end < start {
		end = start
	}
	for _, r := range rs {
		if r.Start > end {
			return false
		}
		if r.End >= start {
			return true
		}
	}
	return false
}

// add appends line, merging it into the last range when adjacent. Lines
// arrive in increasing order from a diff.
func (rs *Ranges) add(line int) {
	if n := len(*rs); n > 0 && (*rs)[n-1].End+1 >= line && (*rs)[n-1].Start <= line {
		if line > (*rs)[n-1].End {
			(*rs)[n-1].End = line
		}
		return
	}
	*rs = append(*rs, LineRange{line, line})
}

// normalize sorts the ranges and merges overlapping or adjacent ones
// (hunks of a well-formed diff come in order; a malformed one may not).
func (rs Ranges) normalize() Ranges {
	ok := true
	for i := 1; i < len(rs) && ok; i++ {
		ok = rs[i].Start > rs[i-1].End+1
	}
	if ok {
		return rs
	}
	slices.SortFunc(rs, func(a, b LineRange) int { return cmp.Or(a.Start-b.Start, a.End-b.End) })
	out := rs[:1]
	for _, r := range rs[1:] {
		last := &out[len(out)-1]
		if r.Start <= last.End+1 {
			last.End = max(last.End, r.End)
			continue
		}
		out = append(out, r)
	}
	return out
}

// FileDiff is one file's part of a unified diff (git's flavour).
type FileDiff struct {
	// OldPath and NewPath are slash paths relative to the repository root,
	// without git's a/ and b/ prefixes; "" stands for /dev/null (a created
	// or deleted file).
	OldPath, NewPath string
	// Binary is set for "Binary files ... differ" entries (no hunks).
	Binary bool
	// Added lists the added lines' numbers in the new version.
	Added Ranges
	// Lines holds the added lines' text (without the leading '+' and the
	// line feed), parallel to LineNumbers; filled only when the parser
	// was asked to keep text (history scans).
	Lines       []string
	LineNumbers []int
}

// Commit describes a commit of a history scan.
type Commit struct {
	Hash   string
	Author string
	Email  string
	// Date is the author date in strict ISO 8601 (git's %aI).
	Date string
}

// commitMarker starts each commit header in the log format we ask git
// for; the fields after it are separated by 0x1f.
const commitMarker = "\x1esecretlint-commit\x1f"

// logFormat is the --format that produces commitMarker headers.
const logFormat = "--format=format:%x1esecretlint-commit%x1f%H%x1f%an%x1f%ae%x1f%aI"

// maxLine caps the text kept for one added line (a minified file can have
// megabyte lines); the rest of the line is dropped, not the line.
const maxLine = 1 << 20

// ParseDiff reads a unified diff as printed by git diff or git log -p
// (with -U0 or any context) and calls yield for each file that has a
// header, in order. When keepText is set, the added lines' text is
// collected too. For git log output, commit is the commit the file
// belongs to (nil before the first commit header).
//
// The parser is lenient: lines it does not understand are skipped, so a
// diff with unexpected extended headers still yields its hunks. It never
// allocates more than the input for one file.
func ParseDiff(r io.Reader, keepText bool, yield func(commit *Commit, fd *FileDiff) error) error {
	p := &parser{br: bufio.NewReaderSize(r, 64<<10), keepText: keepText, yield: yield}
	return p.run()
}

type parser struct {
	br       *bufio.Reader
	keepText bool
	yield    func(*Commit, *FileDiff) error

	commit *Commit
	cur    *FileDiff
	// inHunk tracks the remaining old/new lines of the current hunk, so
	// that a "--- " or "+++ " line inside a hunk is read as content.
	oldLeft, newLeft int
	newLine          int
}

// readLine returns the next line without its line feed; long lines are
// truncated to maxLine (the rest is consumed).
func (p *parser) readLine() (string, bool, error) {
	var buf []byte
	for {
		chunk, err := p.br.ReadSlice('\n')
		if len(buf)+len(chunk) <= maxLine {
			buf = append(buf, chunk...)
		} else if len(buf) < maxLine {
			buf = append(buf, chunk[:maxLine-len(buf)]...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err == io.EOF {
			if len(chunk) == 0 && len(buf) == 0 {
				return "", false, nil
			}
			return string(bytes.TrimSuffix(buf, []byte{'\n'})), true, nil
		}
		if err != nil {
			return "", false, err
		}
		return string(bytes.TrimSuffix(buf, []byte{'\n'})), true, nil
	}
}

func (p *parser) flush() error {
	if p.cur == nil {
		return nil
	}
	fd := p.cur
	fd.Added = fd.Added.normalize()
	p.cur = nil
	p.oldLeft, p.newLeft = 0, 0
	return p.yield(p.commit, fd)
}

func (p *parser) run() error {
	for {
		line, ok, err := p.readLine()
		if err != nil {
			return err
		}
		if !ok {
			return p.flush()
		}
		if p.oldLeft > 0 || p.newLeft > 0 {
			if p.hunkLine(line) {
				continue
			}
		}
		switch {
		case strings.HasPrefix(line, commitMarker):
			if err := p.flush(); err != nil {
				return err
			}
			p.commit = parseCommitHeader(line[len(commitMarker):])
		case strings.HasPrefix(line, "diff --git "), strings.HasPrefix(line, "diff --cc "), strings.HasPrefix(line, "diff --combined "):
			if err := p.flush(); err != nil {
				return err
			}
			p.cur = &FileDiff{}
			if strings.HasPrefix(line, "diff --git ") {
				p.cur.OldPath, p.cur.NewPath = splitGitHeader(line[len("diff --git "):])
			}
		case p.cur == nil:
			// commit message, blank lines, anything before a file header
		case strings.HasPrefix(line, "--- "):
			p.cur.OldPath = diffPath(line[4:], "a/")
		case strings.HasPrefix(line, "+++ "):
			p.cur.NewPath = diffPath(line[4:], "b/")
		case strings.HasPrefix(line, "rename to "):
			p.cur.NewPath = unquote(line[len("rename to "):])
		case strings.HasPrefix(line, "rename from "):
			p.cur.OldPath = unquote(line[len("rename from "):])
		case strings.HasPrefix(line, "copy to "):
			p.cur.NewPath = unquote(line[len("copy to "):])
		case strings.HasPrefix(line, "new file mode "):
			p.cur.OldPath = ""
		case strings.HasPrefix(line, "deleted file mode "):
			p.cur.NewPath = ""
		case strings.HasPrefix(line, "Binary files "), line == "GIT binary patch":
			p.cur.Binary = true
		case strings.HasPrefix(line, "@@"):
			p.hunkHeader(line)
		}
	}
}

// hunkLine consumes one line of a hunk body; it reports false when the
// line cannot belong to the hunk (a truncated hunk), so that the caller
// reads it as a header.
func (p *parser) hunkLine(line string) bool {
	if line == "" {
		// Some tools strip the space of empty context lines.
		p.oldLeft--
		p.newLeft--
		p.newLine++
		return true
	}
	switch line[0] {
	case '+':
		if p.newLeft <= 0 {
			return false
		}
		p.newLeft--
		p.cur.Added.add(p.newLine)
		if p.keepText {
			p.cur.Lines = append(p.cur.Lines, line[1:])
			p.cur.LineNumbers = append(p.cur.LineNumbers, p.newLine)
		}
		p.newLine++
	case '-':
		if p.oldLeft <= 0 {
			return false
		}
		p.oldLeft--
	case ' ':
		p.oldLeft--
		p.newLeft--
		p.newLine++
	case '\\': // "\ No newline at end of file"
	default:
		p.oldLeft, p.newLeft = 0, 0
		return false
	}
	if p.oldLeft < 0 {
		p.oldLeft = 0
	}
	if p.newLeft < 0 {
		p.newLeft = 0
	}
	return true
}

// hunkHeader parses "@@ -a,b +c,d @@ ..." (or the combined-diff form with
// more '@' and more old ranges).
func (p *parser) hunkHeader(line string) {
	ats := 0
	for ats < len(line) && line[ats] == '@' {
		ats++
	}
	rest := line[ats:]
	end := strings.Index(rest, strings.Repeat("@", ats))
	if end < 0 {
		return
	}
	fields := strings.Fields(rest[:end])
	oldTotal, newStart, newCount := 0, -1, 0
	for _, f := range fields {
		if len(f) < 2 {
			continue
		}
		start, count, ok := parseRange(f[1:])
		if !ok {
			return
		}
		switch f[0] {
		case '-':
			oldTotal = max(oldTotal, count)
		case '+':
			newStart, newCount = start, count
		}
	}
	if newStart < 0 {
		return
	}
	p.oldLeft, p.newLeft = oldTotal, newCount
	p.newLine = newStart
	if newCount == 0 {
		// A pure deletion: "+c,0" names the line before the gap.
		p.newLine = newStart + 1
	}
}

// parseRange parses "start[,count]"; count defaults to 1.
func parseRange(s string) (start, count int, ok bool) {
	a, b, has := strings.Cut(s, ",")
	start, err := strconv.Atoi(a)
	if err != nil || start < 0 || start > 1<<30 {
		return 0, 0, false
	}
	count = 1
	if has {
		count, err = strconv.Atoi(b)
		if err != nil || count < 0 || count > 1<<30 {
			return 0, 0, false
		}
	}
	return start, count, true
}

func parseCommitHeader(s string) *Commit {
	f := strings.Split(s, "\x1f")
	c := &Commit{}
	if len(f) > 0 {
		c.Hash = f[0]
	}
	if len(f) > 1 {
		c.Author = f[1]
	}
	if len(f) > 2 {
		c.Email = f[2]
	}
	if len(f) > 3 {
		c.Date = f[3]
	}
	return c
}

// diffPath turns a "--- "/"+++ " operand into a path: "" for /dev/null,
// else unquoted with the prefix removed. git appends a tab after a path
// that contains a space in some versions; it is trimmed.
func diffPath(s, prefix string) string {
	s = strings.TrimSuffix(s, "\t")
	if s == "/dev/null" {
		return ""
	}
	s = unquote(s)
	return strings.TrimPrefix(s, prefix)
}

// splitGitHeader splits the operands of "diff --git a/x b/x". When the
// paths are unquoted and contain spaces the split is ambiguous; it is
// resolved for the common case (old and new path equal) and otherwise
// left to the ---/+++ or rename lines that follow.
func splitGitHeader(s string) (oldPath, newPath string) {
	if strings.HasPrefix(s, `"`) {
		a, rest, ok := cutQuoted(s)
		if !ok {
			return "", ""
		}
		rest = strings.TrimPrefix(rest, " ")
		b := rest
		if strings.HasPrefix(rest, `"`) {
			b, _, _ = cutQuoted(rest)
		}
		return strings.TrimPrefix(a, "a/"), strings.TrimPrefix(b, "b/")
	}
	if strings.HasSuffix(s, `"`) {
		if i := strings.Index(s, ` "`); i >= 0 {
			b, _, _ := cutQuoted(s[i+1:])
			return strings.TrimPrefix(s[:i], "a/"), strings.TrimPrefix(b, "b/")
		}
	}
	// a/X b/X: the two halves are equal, so the middle space is at the
	// centre.
	if n := len(s); n%2 == 1 {
		mid := n / 2
		if s[mid] == ' ' && strings.HasPrefix(s, "a/") && s[mid+1:mid+3] == "b/" && s[2:mid] == s[mid+3:] {
			return s[2:mid], s[mid+3:]
		}
	}
	if a, b, ok := strings.Cut(s, " b/"); ok && strings.HasPrefix(a, "a/") {
		return a[2:], b
	}
	return "", ""
}

// cutQuoted reads one C-quoted string at the start of s and returns it
// unquoted and the rest.
func cutQuoted(s string) (string, string, bool) {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return unquote(s[:i+1]), s[i+1:], true
		}
	}
	return "", "", false
}

// unquote undoes git's C-style path quoting ("caf\303\251.txt"); other
// strings are returned as they are.
func unquote(s string) string {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return s
	}
	var b strings.Builder
	for i := 1; i < len(s)-1; i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s)-1 {
			b.WriteByte(c)
			continue
		}
		i++
		switch c = s[i]; c {
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'v':
			b.WriteByte('\v')
		case 'f':
			b.WriteByte('\f')
		case 'r':
			b.WriteByte('\r')
		case '0', '1', '2', '3':
			if i+2 < len(s)-1 && isOctal(s[i+1]) && isOctal(s[i+2]) {
				b.WriteByte((c-'0')<<6 | (s[i+1]-'0')<<3 | (s[i+2] - '0'))
				i += 2
				continue
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isOctal(c byte) bool { return '0' <= c && c <= '7' }
