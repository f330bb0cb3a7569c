package scan

import (
	"bytes"
	"path"
	"regexp"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan/internal/judge"
	"github.com/secretlint-go/secretlint/scan/internal/textpos"
)

// textMode says how the line scanner reads assignments in a file.
type textMode int

const (
	// textNone: no assignment scanning (documentation, unknown binary-ish
	// text); provider rules still run.
	textNone textMode = iota
	// textCode: source code of other languages, JSON: only quoted values
	// count (password = getPassword() is not a literal).
	textCode
	// textConfig: .env, .properties, .ini, shell, Dockerfile, and YAML
	// that did not parse: unquoted values count too.
	textConfig
	// textHCL: Terraform and other HCL, where an unquoted value is an
	// expression (var.x, data.….value, sensitive(…)): only quoted values
	// count, except inside heredocs (<<EOF … EOF), which are text; and a
	// variable block's default is judged under the variable's name.
	textHCL
	// textDirectives: textConfig, and a line that is a directive and one
	// value (redis.conf's requirepass, masterauth): server
	// configuration files (.conf, .cfg, .cnf).
	textDirectives
	// textDoc: documentation (Markdown, reStructuredText, AsciiDoc): only
	// the lines of code blocks (docBlocks) are read, for URL credentials and
	// command-line passwords (psql "postgresql://…", mysql -p…); a local
	// or documentation host (example.com) there is an example.
	textDoc
)

var configExts = map[string]bool{
	".env": true, ".properties": true, ".ini": true,
	".toml": true, ".sh": true, ".bash": true, ".zsh": true,
	".ksh": true, ".envrc": true, ".npmrc": true, ".pypirc": true, ".yarnrc": true, ".gitconfig": true,
	".yml": true, ".yaml": true, ".tpl": true, ".gotmpl": true, ".j2": true, ".service": true,
}

var configNames = map[string]bool{
	"dockerfile": true, "containerfile": true, ".env": true, "credentials": true, ".netrc": true,
	".pgpass": true, "makefile": true, ".envrc": true, ".npmrc": true, ".pypirc": true,
}

var codeExts = map[string]bool{
	".py": true, ".js": true, ".mjs": true, ".cjs": true, ".ts": true, ".jsx": true, ".tsx": true,
	".rb": true, ".java": true, ".kt": true, ".kts": true, ".scala": true, ".groovy": true, ".gradle": true,
	".cs": true, ".php": true, ".rs": true, ".swift": true, ".c": true, ".h": true, ".cc": true,
	".cpp": true, ".hpp": true, ".m": true, ".json": true, ".jsonc": true, ".json5": true, ".ps1": true,
	".psm1": true, ".bat": true, ".cmd": true, ".lua": true, ".pl": true, ".r": true, ".dart": true,
	".ex": true, ".exs": true, ".erl": true, ".clj": true, ".sql": true, ".vue": true, ".svelte": true,
	".xml": true, ".config": true, ".tfstate": true, ".ipynb": true,
}

// textModeOf picks the line scanner's mode for a file by its name.
func textModeOf(p string) textMode {
	base := strings.ToLower(path.Base(p))
	if configNames[base] || strings.HasPrefix(base, ".env") || strings.HasSuffix(base, ".env") || strings.HasPrefix(base, "dockerfile") {
		return textConfig
	}
	ext := path.Ext(base)
	switch {
	case ext == ".tf" || ext == ".tfvars" || ext == ".hcl":
		return textHCL
	case configExts[ext]:
		return textConfig
	case ext == ".conf" || ext == ".cfg" || ext == ".cnf":
		return textDirectives
	case codeExts[ext]:
		return textCode
	case docFile(base):
		return textDoc
	}
	return textNone
}

// scanText is the line scanner: KEY=value, key: value, key = "value",
// "key": "value", export KEY=value, ENV KEY value, <key>value</key>, and
// URL credentials anywhere on a line. Comment lines are skipped. hits is
// a prescan of src (nil: each line is searched for names on its own).
func scanText(src []byte, mode textMode, j *judge.Judge, nf *nameFilter, format string, hits *rules.FileHits) []finding.Finding {
	if mode == textNone {
		return nil
	}
	var out []finding.Finding
	var doc docBlocks // textDoc: where the code blocks are
	rel := fileRelated{src: src, mode: textConfig}
	if mode == textCode {
		rel.mode = textCode // "user": "sandbox", "password": "sandbox" on one JSON line
	}
	var ix *textpos.Index
	memo := nf.memo()
	defer nf.release(memo)
	pendingName := "" // "- name: DB_PASSWORD" names the next line's value:
	var hcl hclState
	stmt := mode != textDoc && fileStatement(hits, src) // statementAssignments
	byteKeys := mode == textCode && bytesAssigned(src)  // key = b"…" (scanLine)
	off := 0
	for off <= len(src) {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off
		}
		line := unsafeString(bytes.TrimRight(src[off:end], "\r"))
		named := pendingName
		pendingName = ""
		lineMode := mode
		if mode == textHCL {
			lineMode, named = hcl.line(line, j)
		}
		if mode == textDoc && (!doc.code(line) || !hasCredentialShapeString(line) && !lineCLIHint(hits, line, off)) {
			line = "" // prose, a fence line, or code without a URL or command to judge
		}
		if line != "" && (mode == textDoc || named != "" || lineHasName(nf, hits, line, off, memo) || hasCredentialShapeString(line) || lineCLIHint(hits, line, off) || stmt && lineStatement(hits, line, off) || byteKeys && (strings.Contains(line, "key") || strings.Contains(line, "KEY")) || mode == textDirectives && serverEnvLine(line)) && !commentLine(line) {
			if ix == nil {
				ix = textpos.New(src)
			}
			if m := reNameLine.FindStringSubmatch(line); m != nil && mode == textConfig {
				pendingName = m[1]
			} else if mode == textCode && strings.Contains(line, "\"") {
				if m := reJSONNameLine.FindStringSubmatch(line); m != nil {
					pendingName = m[1]
				}
			}
			out = append(out, scanLine(src, ix, off, line, lineMode, j, format, named, &rel)...)
		}
		if end >= len(src) {
			break
		}
		off = end + 1
	}
	if mode == textDoc && j.Enabled("hardcoded-credential") {
		for _, a := range docPairs(unsafeString(src)) {
			d, ok := j.Assignment("password", a.value)
			if !ok || d.RuleID != "hardcoded-credential" || d.Severity == finding.SeverityLow || rules.LeetPlaceholder(a.value) || rules.SameAsRelated(a.value, a.name) {
				continue
			}
			if ix == nil {
				ix = textpos.New(src)
			}
			s, e := d.Span(a.value)
			out = append(out, mkFinding(ix, 0, a.tokStart, a.tokEnd, a.valStart+s, a.valStart+e, d, d.Message("password in prose, of user", a.name), a.value[s:e], format))
		}
		for _, a := range docSecrets(unsafeString(src)) {
			d, ok := j.Assignment(a.name, a.value)
			if !ok || d.RuleID != "hardcoded-credential" || d.Severity == finding.SeverityLow || docCovered(out, a) {
				continue
			}
			if ix == nil {
				ix = textpos.New(src)
			}
			s, e := d.Span(a.value)
			out = append(out, mkFinding(ix, 0, a.tokStart, a.tokEnd, a.valStart+s, a.valStart+e, d, d.Message("inline code in prose, named", a.name), a.value[s:e], format))
		}
	}
	return out
}

// bytesAssigned reports whether src assigns a bytes literal (Python's
// key = b"…", key: bytes = b"…", f(key=b"…")), which scanLine judges under
// a bare key name.
func bytesAssigned(src []byte) bool {
	for _, p := range [][]byte{[]byte(`= b"`), []byte(`= b'`), []byte(`=b"`), []byte(`=b'`)} {
		if bytes.Contains(src, p) {
			return true
		}
	}
	return false
}

// docCovered reports whether a finding of out overlaps a's value.
func docCovered(out []finding.Finding, a assignment) bool {
	for _, f := range out {
		if a.valStart < f.EndOffset && f.Offset < a.valEnd {
			return true
		}
	}
	return false
}

// lineHasName is nf.hasNameMemo(line) answered from a prescan when there
// is one; the line starts at offset off of the file.
func lineHasName(nf *nameFilter, hits *rules.FileHits, line string, off int, memo *judge.NameMemo) bool {
	if hits == nil {
		return nf.hasNameMemo(line, memo)
	}
	return hasNameAt(line, off, hits.LineFrags(off, off+len(line)), memo)
}

// lineCLIHint is rules.MayHoldCLIPassword(line) answered from a prescan
// when there is one.
func lineCLIHint(hits *rules.FileHits, line string, off int) bool {
	if hits == nil {
		return rules.MayHoldCLIPassword(line)
	}
	return hits.CLIHint(off, off+len(line))
}

func commentLine(l string) bool {
	t := strings.TrimLeft(l, " \t")
	if len(t) > 2 && t[0] == '-' && t[1] == '-' && t[2] >= 'a' && t[2] <= 'z' {
		return false // a long option continuing a command (--secret-string …), not an SQL comment
	}
	for _, p := range []string{"#", "//", ";", "--", "/*", "* ", "<!--", "REM ", "rem "} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return t == "*"
}

// reAction is one Go template action.
var reAction = regexp.MustCompile(`\{\{-?(?:[^{}]|\{[^{}]*\})*?-?\}\}`)

// pairNameKey reports whether a key of a name/value pair object holds the
// name (name, header, key, variable, env).
func pairNameKey(k string) bool {
	switch strings.ToLower(k) {
	case "name", "header", "key", "variable", "env", "envvar", "headername":
		return true
	}
	return false
}

// reJSONNameLine is reNameLine in JSON or a JavaScript object: the
// "name": "DB_PASSWORD", line of a name/value pair written on two lines.
var reJSONNameLine = regexp.MustCompile(`^\s*"?(?:name|header|key|variable)"?\s*:\s*["']([A-Za-z_][\w.\-]*)["']\s*,?\s*$`)

// reNameLine is the name half of a name/value pair written on two lines
// (Kubernetes env lists in a Helm template that is not valid YAML).
var reNameLine = regexp.MustCompile(`^\s*(?:-\s+)?name:\s*["']?([A-Za-z_][\w.\-]*)["']?\s*$`)

// scanLine scans one line starting at byte offset base of src; named is
// the name a "value:" key on this line stands for ("" when none).
func scanLine(src []byte, ix *textpos.Index, base int, line string, mode textMode, j *judge.Judge, format, named string, rel *fileRelated) []finding.Finding {
	if mode == textDoc {
		return scanDocLine(ix, base, line, j, format)
	}
	directives := mode == textDirectives
	if directives {
		mode = textConfig
	}
	var out []finding.Finding
	covered := func(a, b int) bool {
		for _, f := range out {
			if a < f.EndOffset-base && f.Offset-base < b {
				return true
			}
		}
		return false
	}
	for _, a := range assignments(line, mode) {
		if named != "" && (strings.EqualFold(a.name, "value") || a.name == "default") {
			a.name = named
		} else if pairNameKey(a.name) && a.value != "" && a.quoted {
			// {"header": "X-Api-Key", "value": "…"}, {name: "DB_PASSWORD",
			// value: "…"}: a name/value pair object on one line names
			// the value after it.
			named = a.value
		}
		if strings.Contains(a.value, "$(") || strings.HasPrefix(a.value, "`") {
			continue // shell command substitution: computed at run time
		}
		if a.quoted && concatPrefix(line, a) {
			continue // "archive:" + System.getenv("ARCHIVE_PASSWORD"): the user half of a built user:password
		}
		d, ok := j.Assignment(a.name, a.value)
		if !ok && a.bytes && strings.EqualFold(a.name, "key") {
			// key = b"…", def sign(body, key: bytes = b"…"): random
			// bytes under a bare key name are key material (an HMAC or
			// cipher key), judged as a secret key: generated, not words.
			d, ok = j.Assignment("secret_key", a.value)
		}
		if ok {
			s, e := d.Span(a.value)
			if d.RuleID == "hardcoded-credential" && rules.SameAsRelated(a.value, rel.get()...) ||
				d.RuleID == "env-default-secret" && rules.SameAsRelated(a.value[s:e], rel.get()...) {
				continue // POSTGRES_PASSWORD=booking (or ${PG_PASSWORD:-booking}) beside POSTGRES_USER=booking
			}
			if strings.HasPrefix(a.value, "AIza") && rules.FirebaseWebConfig(unsafeString(src), base+a.valStart, base+a.valEnd) {
				continue // a Firebase web configuration's apiKey: public by design
			}
			f := mkFinding(ix, base, a.tokStart, a.tokEnd, a.valStart+s, a.valStart+e, d, d.Message("key", a.name), a.value[s:e], format)
			if !a.exact {
				f.Line, f.Column = ix.Position(base + a.tokStart)
				f.EndLine, f.EndColumn = ix.Position(base + a.tokEnd)
			}
			out = append(out, f)
		}
	}
	// Statements that set a credential without an operator (SQL CREATE
	// ROLE … PASSWORD '…', PHP define('NAME', '…'), nginx
	// proxy_set_header Authorization "…").
	for _, a := range statementAssignments(line) {
		if covered(a.tokStart, a.tokEnd) {
			continue
		}
		if d, ok := j.Assignment(a.name, a.value); ok {
			s, e := d.Span(a.value)
			out = append(out, mkFinding(ix, base, a.tokStart, a.tokEnd, a.valStart+s, a.valStart+e, d, d.Message("key", a.name), a.value[s:e], format))
		}
	}
	if directives && len(out) == 0 {
		if a, ok := directiveLine(line); ok {
			if d, ok := j.Assignment(a.name, a.value); ok {
				s, e := d.Span(a.value)
				out = append(out, mkFinding(ix, base, a.tokStart, a.tokEnd, a.valStart+s, a.valStart+e, d, d.Message("directive", a.name), a.value[s:e], format))
			}
		}
	}
	// The literal fallback of an environment lookup (os.getenv("X", "…"),
	// process.env.X || "…", ENV.fetch("X", "…")), judged under the
	// variable's name, else under the name the line assigns it to.
	if j.Enabled("hardcoded-credential") {
		for _, fb := range rules.EnvFallbacks(line) {
			if covered(fb.Start, fb.End) {
				continue
			}
			name := fb.Variable
			d, ok := j.Assignment(name, fb.Value)
			if !ok && fb.Assigned != "" {
				name = fb.Assigned
				d, ok = j.Assignment(name, fb.Value)
			}
			if ok {
				s, e := d.Span(fb.Value)
				out = append(out, mkFinding(ix, base, fb.Start-1, fb.End+1, fb.Start+s, fb.Start+e, d, d.Message("fallback of variable", name), fb.Value[s:e], format))
			}
		}
	}
	// ${VAR:-…} references anywhere else on the line (a command's
	// argument, a Java @Value string): a secret-named variable's literal
	// default.
	if j.Enabled("env-default-secret") {
		for _, m := range rules.VariableReferences(line) {
			if covered(m[0], m[1]) {
				continue
			}
			ref := line[m[0]:m[1]]
			if d, ok := j.Assignment("", ref); ok && d.RuleID == "env-default-secret" {
				s, e := d.Span(ref)
				out = append(out, mkFinding(ix, base, m[0]+s, m[0]+e, m[0]+s, m[0]+e, d, d.Message("variable", rules.Classify(ref).Variable), ref[s:e], format))
			}
		}
	}
	// Go template actions anywhere on the line ({{- .Values.db.password |
	// default "…" -}} in a Helm helper): a literal default of a
	// secret-named value.
	if strings.Contains(line, "{{") && j.Enabled("env-default-secret") {
		for _, m := range reAction.FindAllStringIndex(line, -1) {
			if covered(m[0], m[1]) {
				continue
			}
			act := line[m[0]:m[1]]
			if d, ok := j.Assignment("", act); ok && d.RuleID == "env-default-secret" {
				s, e := d.Span(act)
				out = append(out, mkFinding(ix, base, m[0]+s, m[0]+e, m[0]+s, m[0]+e, d, d.Message("template value", ""), act[s:e], format))
			}
		}
	}
	// URL credentials and command-line passwords anywhere else on the
	// line.
	if hasCredentialShapeString(line) || rules.MayHoldCLIPassword(line) {
		if d, ok := j.Assignment("", line); ok && (d.RuleID == "url-credentials" || d.RuleID == "cli-password") && !covered(d.Start, d.End) {
			out = append(out, mkFinding(ix, base, d.Start, d.End, d.Start, d.End, d, d.Message("line", ""), line[d.Start:d.End], format))
		}
	}
	return out
}

func mkFinding(ix *textpos.Index, base, tokStart, tokEnd, secStart, secEnd int, d judge.Decision, msg, secret, format string) finding.Finding {
	line, col := ix.Position(base + secStart)
	eline, ecol := ix.Position(base + secEnd)
	f := finding.Finding{
		RuleID: d.RuleID, Message: msg, Severity: d.Severity,
		Line: line, Column: col, EndLine: eline, EndColumn: ecol,
		Offset: base + tokStart, EndOffset: base + tokEnd,
		Secret: finding.NewSecret(secret),
	}
	if format != "" {
		f.Meta = map[string]string{"format": format}
	}
	return f
}

// assignment is one name/value pair on a line; offsets are into the line.
type assignment struct {
	name             string
	value            string
	tokStart, tokEnd int // the value as written (quotes included)
	valStart, valEnd int // the value's text
	exact            bool
	quoted           bool
	bytes            bool // a bytes literal: Python's b"…"
}

// assignments finds the name/value pairs of a line: every assignment
// operator (=, :=, :, =>, ?=, +=) preceded by a name, its value quoted or
// (in config mode) the rest of the line up to a comment; and XML
// <name>value</name> elements.
func assignments(line string, mode textMode) []assignment {
	var out []assignment
	i := 0
	for i < len(line) {
		c := line[i]
		switch c {
		case '"', '\'', '`':
			// Skip quoted text that is not a value, but read a quoted
			// NAME=value word ("ADMIN_PASSWORD=…" echoed into a file, a
			// docker -e argument) as an assignment.
			if j := closingQuote(line, i); j > i {
				if a, ok := quotedAssignment(line, i, j); ok {
					out = append(out, a)
				}
				i = j + 1
				continue
			}
		case '<':
			if a, ok := xmlElement(line, i); ok {
				out = append(out, a)
				i = a.tokEnd
				continue
			}
		case '=', ':':
			if a, next, ok := assignmentAt(line, i, mode); ok {
				out = append(out, a)
				i = next
				continue
			}
		}
		i++
	}
	return out
}

func closingQuote(line string, i int) int {
	q := line[i]
	for j := i + 1; j < len(line); j++ {
		if line[j] == '\\' && q != '\'' {
			j++
			continue
		}
		if line[j] == q {
			return j
		}
	}
	return -1
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c >= 0x80
}

// assignmentAt reads an assignment whose operator is at i.
func assignmentAt(line string, i int, mode textMode) (assignment, int, bool) {
	opEnd := i + 1
	if line[i] == ':' {
		if opEnd < len(line) && line[opEnd] == '=' {
			opEnd++ // :=
		} else if opEnd < len(line) && line[opEnd] == ':' {
			return assignment{}, 0, false // ::
		} else if opEnd < len(line) && line[opEnd] != ' ' && line[opEnd] != '\t' && line[opEnd] != '"' && line[opEnd] != '\'' {
			return assignment{}, 0, false // scheme://, a:b
		}
	} else {
		if opEnd < len(line) && (line[opEnd] == '=' || line[opEnd] == '~') {
			return assignment{}, 0, false // ==, =~
		}
		if opEnd < len(line) && line[opEnd] == '>' {
			opEnd++ // =>
		}
		if i > 0 && strings.IndexByte("!<>=+-*/%&|^?.", line[i-1]) >= 0 && line[i-1] != '+' && line[i-1] != '?' {
			return assignment{}, 0, false // !=, <=, >= …
		}
	}
	// The name: the identifier before the operator, skipping blanks, a
	// closing quote and a +/? of += ?=.
	k := i
	for k > 0 && (line[k-1] == ' ' || line[k-1] == '\t') {
		k--
	}
	if k > 0 && (line[k-1] == '+' || line[k-1] == '?') {
		k--
	}
	if k > 0 && (line[k-1] == '"' || line[k-1] == '\'') {
		k-- // "key": value
	}
	if mode == textConfig && k > 2 && line[k-1] == ']' {
		// php-fpm's env[DB_PASSWORD] = …, an ini array key: judged
		// under the key in brackets.
		if o := strings.LastIndexByte(line[:k-1], '['); o >= 0 {
			if key := strings.Trim(line[o+1:k-1], `"'`); key != "" && strings.IndexFunc(key, func(r rune) bool { return r > 0x7f || !isNameByte(byte(r)) }) < 0 {
				k = o + 1 + strings.Index(line[o+1:k-1], key) + len(key)
			}
		}
	}
	ne := k
	for k > 0 && isNameByte(line[k-1]) {
		k--
	}
	name := line[k:ne]
	if name == "" || strings.Trim(name, ".-") == "" {
		return assignment{}, 0, false
	}
	if mode == textCode && line[i] == '=' {
		if an, ok := annotatedName(line, k); ok {
			name = an // key: bytes = b"…", apiKey: string = "…": the name, not its type
		}
	}
	// The value.
	v := opEnd
	for v < len(line) && (line[v] == ' ' || line[v] == '\t') {
		v++
	}
	if v >= len(line) {
		return assignment{}, 0, false
	}
	isBytes := false
	if mode == textCode {
		n := stringPrefix(line[v:]) // b"…", rb'…', u"…"
		isBytes = strings.ContainsAny(line[v:v+n], "bB")
		v += n
	}
	if q := line[v]; q == '"' || q == '\'' || q == '`' {
		e := closingQuote(line, v)
		if e < 0 {
			return assignment{}, 0, false
		}
		raw := line[v+1 : e]
		val := raw
		exact := true
		if q == '"' && strings.Contains(raw, `\`) {
			val = unescape(raw)
			exact = val == raw
		}
		return assignment{name: name, value: val, tokStart: v, tokEnd: e + 1, valStart: v + 1, valEnd: e, exact: exact, quoted: true, bytes: isBytes}, e + 1, true
	}
	if mode != textConfig {
		return assignment{}, 0, false
	}
	e := len(line)
	for j := v; j < len(line); j++ {
		if (line[j] == '#' || line[j] == ';') && j > v && (line[j-1] == ' ' || line[j-1] == '\t') {
			e = j
			break
		}
		if (line[j] == ' ' || line[j] == '\t') && nextIsAssignment(line, j+1) {
			e = j // host a=1 b=2: an inventory line, shell assignments before a command
			break
		}
	}
	if e-v >= 2 && line[e-1] == '\\' && (line[e-2] == ' ' || line[e-2] == '\t') {
		e-- // a shell line continuation
	}
	for e > v && (line[e-1] == ' ' || line[e-1] == '\t' || line[e-1] == ',' || line[e-1] == ';') {
		e--
	}
	if e <= v {
		return assignment{}, 0, false
	}
	val := line[v:e]
	return assignment{name: name, value: val, tokStart: v, tokEnd: e, valStart: v, valEnd: e, exact: true}, e, true
}

// annotatedName returns the name of a typed declaration whose type ends
// at k, the start of the word before an = (Python's key: bytes = …,
// TypeScript's apiKey: string = …, Kotlin's val token: String = …): the
// identifier before the colon that opens the type.
func annotatedName(line string, k int) (string, bool) {
	j := k
	for j > 0 && k-j < 48 {
		c := line[j-1]
		if c == ':' {
			break
		}
		if !isNameByte(c) && c != ' ' && c != '[' && c != ']' && c != '|' && c != '?' && c != '<' && c != '>' && c != ',' {
			return "", false
		}
		j--
	}
	if j == 0 || line[j-1] != ':' || j >= 2 && line[j-2] == ':' {
		return "", false
	}
	e := j - 1
	for e > 0 && line[e-1] == ' ' {
		e--
	}
	b := e
	for b > 0 && isNameByte(line[b-1]) {
		b--
	}
	if b == e {
		return "", false
	}
	return line[b:e], true
}

// stringPrefix is the length of a string literal's prefix at the start
// of s (Python's b, r, u, rb, br; not f, whose braces are code) when a
// quote follows it, else 0.
func stringPrefix(s string) int {
	n := 0
	for n < len(s) && n < 2 && strings.IndexByte("bBrRuU", s[n]) >= 0 {
		n++
	}
	if n > 0 && n < len(s) && (s[n] == '"' || s[n] == '\'') {
		return n
	}
	return 0
}

// concatPrefix reports whether the quoted value a ends with a colon (the
// user: of user:password) and is concatenated with more (+, PHP's .,
// Lua's ..): the literal is the fixed head of a value built at run time,
// not the value.
func concatPrefix(line string, a assignment) bool {
	if a.value == "" || a.value[len(a.value)-1] != ':' {
		return false
	}
	rest := strings.TrimLeft(line[a.tokEnd:], " \t")
	return strings.HasPrefix(rest, "+") && !strings.HasPrefix(rest, "+=") || strings.HasPrefix(rest, ". ") || strings.HasPrefix(rest, ".$") || strings.HasPrefix(rest, "..")
}

// unescape undoes the common backslash escapes of a double-quoted value.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// xmlElement reads <name>value</name> at i.
func xmlElement(line string, i int) (assignment, bool) {
	j := i + 1
	for j < len(line) && isNameByte(line[j]) {
		j++
	}
	if j == i+1 || j >= len(line) || line[j] != '>' {
		return assignment{}, false
	}
	name := line[i+1 : j]
	closeTag := "</" + name + ">"
	e := strings.Index(line[j+1:], closeTag)
	if e < 0 {
		return assignment{}, false
	}
	vs, ve := j+1, j+1+e
	if strings.ContainsAny(line[vs:ve], "<>") {
		return assignment{}, false
	}
	return assignment{name: name, value: line[vs:ve], tokStart: vs, tokEnd: ve, valStart: vs, valEnd: ve, exact: true}, true
}

// nextIsAssignment reports whether line[i:] starts with NAME= (not ==).
func nextIsAssignment(line string, i int) bool {
	k := i
	for k < len(line) && (line[k] >= 'a' && line[k] <= 'z' || line[k] >= 'A' && line[k] <= 'Z' || line[k] == '_' ||
		k > i && (line[k] >= '0' && line[k] <= '9' || line[k] == '.')) {
		k++
	}
	return k > i && k+1 < len(line) && line[k] == '=' && line[k+1] != '='
}

// quotedAssignment reads the quoted word line[i..j] (j its closing quote)
// when it is NAME=value.
func quotedAssignment(line string, i, j int) (assignment, bool) {
	if line[i] == '`' || !nextIsAssignment(line, i+1) {
		return assignment{}, false
	}
	eq := strings.IndexByte(line[i+1:j], '=') + i + 1
	raw := line[eq+1 : j]
	if raw == "" || strings.ContainsAny(raw, " \t") || strings.Contains(raw, `\`) {
		return assignment{}, false
	}
	return assignment{name: line[i+1 : eq], value: raw, tokStart: eq + 1, tokEnd: j, valStart: eq + 1, valEnd: j, exact: true}, true
}

// hclState follows an HCL file line by line: heredocs, and the variable
// block whose default the next lines may set.
type hclState struct {
	heredoc  string // the closing marker while inside a heredoc
	variable string // the secret name of the variable block being read
}

var (
	reHCLHeredoc  = regexp.MustCompile(`<<-?\s*"?([A-Za-z_][A-Za-z0-9_]*)"?\s*$`)
	reHCLVariable = regexp.MustCompile(`^\s*variable\s+"([^"]+)"\s*\{`)
)

// line returns the mode for one line and the name its default is judged
// under ("" outside a secret-named variable block).
func (h *hclState) line(line string, j *judge.Judge) (textMode, string) {
	if h.heredoc != "" {
		if strings.TrimSpace(line) == h.heredoc {
			h.heredoc = ""
			return textCode, ""
		}
		return textConfig, ""
	}
	if m := reHCLHeredoc.FindStringSubmatch(line); m != nil {
		h.heredoc = m[1]
	}
	if m := reHCLVariable.FindStringSubmatch(line); m != nil {
		h.variable = ""
		if j.SecretName(m[1]) {
			h.variable = m[1]
		}
	} else if strings.HasPrefix(line, "}") {
		h.variable = ""
	}
	return textCode, h.variable
}

// fileRelated collects, on first use, the user and database names a text
// file assigns (POSTGRES_USER=booking, DB_NAME=orders): a password
// equal to one of them is trivial (rules.SameAsRelated).
type fileRelated struct {
	src  []byte
	mode textMode // how lines are read: textConfig, or textCode for code and JSON
	done bool
	vals []string
}

func (r *fileRelated) get() []string {
	if r == nil {
		return nil
	}
	if !r.done {
		r.done = true
		for l := range strings.Lines(unsafeString(r.src)) {
			for _, a := range assignments(strings.TrimRight(l, "\r\n"), r.mode) {
				if a.value != "" && rules.RelatedName(a.name) {
					r.vals = append(r.vals, a.value)
				}
			}
		}
	}
	return r.vals
}

// reDirective is a configuration line made of a directive and one value
// (redis.conf's requirepass <password>, masterauth <password>).
var reDirective = regexp.MustCompile(`^\s*([A-Za-z][\w.\-]*)[ \t]+("[^"]*"|'[^']*'|[^\s"'#;]+)\s*$`)

// directiveLine reads line as a directive and its one value.
func directiveLine(line string) (assignment, bool) {
	m := reDirective.FindStringSubmatchIndex(line)
	if m == nil {
		return assignment{}, false
	}
	a := assignment{name: line[m[2]:m[3]], tokStart: m[4], tokEnd: m[5], valStart: m[4], valEnd: m[5], exact: true}
	if q := line[m[4]]; q == '"' || q == '\'' {
		a.valStart, a.valEnd, a.quoted = m[4]+1, m[5]-1, true
	}
	a.value = line[a.valStart:a.valEnd]
	return a, a.value != ""
}

// docBlocks follows the code blocks of a documentation file line by
// line: fenced blocks (``` or ~~~, Markdown) and indented blocks (four
// spaces or a tab after a blank line: Markdown's, and reStructuredText's
// literal blocks).
type docBlocks struct {
	fence    string // the fence of the open fenced block ("" outside one)
	blank    bool   // the previous line was blank (or the file starts)
	indented bool   // the previous line was indented code
	started  bool
}

// code reports whether line is code inside a block, and moves past it.
func (b *docBlocks) code(line string) bool {
	if !b.started {
		b.started, b.blank = true, true
	}
	t := strings.TrimLeft(line, " \t")
	if b.fence != "" {
		if strings.HasPrefix(t, b.fence) && strings.TrimSpace(strings.TrimLeft(t, b.fence[:1])) == "" {
			b.fence, b.blank = "", false
			return false
		}
		return true
	}
	indent := len(line) - len(t)
	if t == "" {
		b.blank = true
		return false
	}
	if indent <= 3 && (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")) {
		n := len(t) - len(strings.TrimLeft(t, t[:1]))
		b.fence, b.blank, b.indented = t[:n], false, false
		return false
	}
	code := (b.blank || b.indented) && (strings.HasPrefix(line, "    ") || line[0] == '\t')
	b.blank, b.indented = false, code
	return code
}

// scanDocLine scans one line of a code block in documentation: URL
// credentials and command-line passwords, as a shell line; not against a
// local or documentation host (the severity the URL rule gives those),
// which in documentation is an example.
func scanDocLine(ix *textpos.Index, base int, line string, j *judge.Judge, format string) []finding.Finding {
	if !hasCredentialShapeString(line) && !rules.MayHoldCLIPassword(line) {
		return nil
	}
	d, ok := j.Assignment("", line)
	if !ok || d.RuleID != "url-credentials" && d.RuleID != "cli-password" || d.Severity == finding.SeverityLow {
		return nil
	}
	if rules.LeetPlaceholder(line[d.Start:d.End]) {
		return nil // htpasswd -nb admin "P@ssw0rd": the textbook example
	}
	return []finding.Finding{mkFinding(ix, base, d.Start, d.End, d.Start, d.End, d, d.Message("line", ""), line[d.Start:d.End], format)}
}

// reAuthFileLine is a line of a PgBouncer auth_file (userlist.txt): the
// user name and the password (plain, md5… or SCRAM-SHA-256$… verifier),
// each in double quotes ("" inside is a quote).
var reAuthFileLine = regexp.MustCompile(`^"((?:[^"]|"")+)"[ \t]+"((?:[^"]|"")*)"`)

// scanAuthFile reads a PgBouncer auth_file: a file named like one
// (userlist.txt, PgBouncer's default, or any file under a path naming
// pgbouncer) whose every line is an entry (or blank, or a ; or #
// comment). A plain password there is a credential; its verifiers are
// hashes (rules.Classify). Any other file yields nothing: lists of quoted
// pairs (a redirect map of paths) are common.
func scanAuthFile(p string, src []byte, j *judge.Judge) []finding.Finding {
	if len(src) == 0 || src[0] != '"' || !j.Enabled("hardcoded-credential") {
		return nil
	}
	if lp := strings.ToLower(p); !strings.Contains(lp, "pgbouncer") && !strings.Contains(path.Base(lp), "userlist") {
		return nil
	}
	type entry struct {
		off  int
		m    []int
		line string
	}
	var entries []entry
	off := 0
	for l := range strings.Lines(unsafeString(src)) {
		line := strings.TrimRight(l, "\r\n")
		t := strings.TrimSpace(line)
		switch {
		case t == "" || t[0] == ';' || t[0] == '#':
		default:
			m := reAuthFileLine.FindStringSubmatchIndex(line)
			if m == nil || strings.TrimSpace(line[m[1]:]) != "" {
				return nil // not an auth_file
			}
			entries = append(entries, entry{off, m, line})
		}
		off += len(l)
	}
	var out []finding.Finding
	var ix *textpos.Index
	for _, e := range entries {
		user := strings.ReplaceAll(e.line[e.m[2]:e.m[3]], `""`, `"`)
		pw := e.line[e.m[4]:e.m[5]]
		if strings.Contains(pw, `""`) {
			continue // an escaped quote: the span is not the value
		}
		d, ok := j.Assignment("password", pw)
		if !ok || d.RuleID != "hardcoded-credential" {
			continue
		}
		if ix == nil {
			ix = textpos.New(src)
		}
		s, end := d.Span(pw)
		out = append(out, mkFinding(ix, e.off, e.m[4]-1, e.m[5]+1, e.m[4]+s, e.m[4]+end, d, d.Message("auth_file entry of user", user), pw[s:end], "pgbouncer-auth-file"))
	}
	return out
}

// keyFileName reports whether p is a file that holds one secret key and
// nothing else, by its well-known name: Rails' config/master.key and
// config/credentials/<environment>.key (the key of the encrypted
// credentials file beside it, meant to stay out of the repository),
// Jenkins' secrets/master.key.
func keyFileName(p string) bool {
	lp := strings.ToLower(p)
	base := path.Base(lp)
	return base == "master.key" || path.Ext(base) == ".key" && strings.HasSuffix(path.Dir(lp), "config/credentials")
}

// scanKeyFile reads a key file (keyFileName): one generated value on
// one line, judged as a master key. A PEM key of the same name is the
// private-key rule's; a placeholder or words are no finding.
func scanKeyFile(p string, src []byte, j *judge.Judge) []finding.Finding {
	if len(src) > 1024 || !keyFileName(p) || !j.Enabled("hardcoded-credential") {
		return nil
	}
	t := strings.TrimSpace(unsafeString(src))
	if len(t) < 16 || strings.ContainsAny(t, " \t\r\n") || !rules.Generated(t) {
		return nil
	}
	d, ok := j.Assignment("master_key", t)
	if !ok || d.RuleID != "hardcoded-credential" {
		return nil
	}
	start := strings.Index(unsafeString(src), t)
	ix := textpos.New(src)
	s, e := d.Span(t)
	return []finding.Finding{mkFinding(ix, 0, start, start+len(t), start+s, start+e, d, d.Message("key file", path.Base(p)), t[s:e], "")}
}
