package scan

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/secretlint-go/secretlint/rules"
)

// Statements that set a credential without an assignment operator, in
// any text the line scanner reads (SQL migrations, SQL in other code,
// PHP, server configuration):
//
//   - SQL: CREATE/ALTER ROLE|USER|LOGIN … PASSWORD '…' (PostgreSQL,
//     Oracle, SQL Server) and … IDENTIFIED BY '…' (MySQL, MariaDB,
//     Oracle). A stored verifier (SCRAM-SHA-256$…, md5…) is a hash to the
//     classifier; a psql variable (:'name') is not a literal.
//   - PHP: define('NAME', '…'), judged under NAME.
//   - a header a server sets on requests or responses (nginx
//     proxy_set_header / add_header / grpc_set_header /
//     more_set_input_headers, Apache RequestHeader / Header set), judged
//     under the header's name: Authorization "Basic …".
//   - a variable a server sets for the application, judged under the
//     variable's name: Apache SetEnv / PerlSetEnv / PerlSetVar NAME value,
//     php_value / php_admin_value name value, nginx fastcgi_param /
//     uwsgi_param / scgi_param NAME value; (php-fpm's env[NAME] = value
//     is an assignment the line scanner reads).
var (
	reSQLPassword = regexp.MustCompile(`(?i)\b(?:CREATE|ALTER)\s+(?:ROLE|USER|LOGIN)\b[^;]*?\b(?:PASSWORD|IDENTIFIED\s+BY)\s*=?\s*(?:'((?:[^']|'')*)'|"([^"]*)")`)
	rePHPDefine   = regexp.MustCompile(`\bdefine\(\s*['"]([A-Za-z_]\w*)['"]\s*,\s*(?:'([^'\\]*)'|"([^"\\$]*)")\s*\)`)
	reServerEnv   = regexp.MustCompile(`(?i)^\s*(?:SetEnv|PerlSetEnv|PerlSetVar|php_value|php_admin_value|fastcgi_param|uwsgi_param|scgi_param)\s+([A-Za-z_][\w.\-]*)\s+(?:"([^"]*)"|'([^']*)'|([^\s;"']+))\s*;?\s*(?:#.*)?$`)
	reHeaderSet   = regexp.MustCompile(`(?i)^\s*(?:proxy_set_header|add_header|grpc_set_header|more_set_input_headers|more_set_headers|RequestHeader\s+(?:set|add|append)|Header\s+(?:always\s+)?(?:set|add|append))\s+['"]?([A-Za-z][\w\-]*)['"]?:?\s+(?:"([^"]*)"|'([^']*)'|([^\s;"']+))`)
)

// statementAssignments finds the statements above on a line.
func statementAssignments(line string) []assignment {
	var out []assignment
	add := func(name string, m []int, groups ...int) {
		for _, g := range groups {
			if m[2*g] >= 0 {
				s, e := m[2*g], m[2*g+1]
				q := s > 0 && (line[s-1] == '\'' || line[s-1] == '"')
				ts, te := s, e
				if q {
					ts, te = s-1, e+1
				}
				if v := line[s:e]; v != "" && !strings.Contains(v, "''") {
					out = append(out, assignment{name: name, value: v, tokStart: ts, tokEnd: te, valStart: s, valEnd: e, exact: true, quoted: q})
				}
				return
			}
		}
	}
	if hasFoldWord(line, "password") || hasFoldWord(line, "identified") {
		for _, m := range reSQLPassword.FindAllStringSubmatchIndex(line, -1) {
			add("password", m, 1, 2)
		}
	}
	if strings.Contains(line, "define(") {
		for _, m := range rePHPDefine.FindAllStringSubmatchIndex(line, -1) {
			add(line[m[2]:m[3]], m, 2, 3)
		}
	}
	if serverEnvLine(line) {
		if m := reServerEnv.FindStringSubmatchIndex(line); m != nil {
			add(line[m[2]:m[3]], m, 2, 3, 4)
		}
	}
	if strings.Contains(line, "eader") {
		if m := reHeaderSet.FindStringSubmatchIndex(line); m != nil {
			add(line[m[2]:m[3]], m, 2, 3, 4)
		}
	}
	return out
}

// statementWords are the words one of the statements needs; a file
// without any is not searched for them line by line.
var statementWords = [][]byte{[]byte("PASSWORD"), []byte("password"), []byte("Password"), []byte("IDENTIFIED"), []byte("identified"), []byte("define("), []byte("eader")}

// statementHints are statementWords for a prescan, which ignores case:
// a line without one holds no statement (lineStatement).
var statementHints = []string{"password", "identified", "define(", "eader"}

// serverEnvLine reports whether line may hold a server directive that
// sets a variable (reServerEnv). They are server configuration
// (.conf), whose lines the line scanner asks this of; no prescan hint
// finds them in other files, where the name filter decides (SetEnv
// DB_PASS … reads as one run of words whose last is the value).
func serverEnvLine(line string) bool {
	return hasFoldWord(line, "setenv") || hasFoldWord(line, "setvar") || strings.Contains(line, "_param") || strings.Contains(line, "php_")
}

// lineStatement is statementLine(line) answered first from a prescan
// when there is one; the line starts at offset off of the file.
func lineStatement(hits *rules.FileHits, line string, off int) bool {
	return (hits == nil || hits.LineWord(off, off+len(line))) && statementLine(line)
}

// fileStatement is mayHoldStatement(src) answered from a prescan when
// there is one.
func fileStatement(hits *rules.FileHits, src []byte) bool {
	if hits == nil {
		return mayHoldStatement(src)
	}
	return hits.AnyLineWord()
}

// mayHoldStatement reports whether src holds a word of statementWords.
func mayHoldStatement(src []byte) bool {
	for _, w := range statementWords {
		if bytes.Contains(src, w) {
			return true
		}
	}
	return false
}

// statementLine reports whether line may hold one of the statements.
func statementLine(line string) bool {
	return strings.Contains(line, "define(") || strings.Contains(line, "eader") || hasFoldWord(line, "password") || hasFoldWord(line, "identified")
}

// hasFoldWord reports whether line contains w (lower case) in any case.
func hasFoldWord(line, w string) bool {
	lo, up := w[0], w[0]&^0x20 // w[0] is a lower-case letter
	for i := 0; i+len(w) <= len(line); {
		// The next w[0] in either case, by two byte searches.
		j := strings.IndexByte(line[i:], lo)
		if k := strings.IndexByte(line[i:], up); k >= 0 && (j < 0 || k < j) {
			j = k
		}
		if j < 0 {
			return false
		}
		i += j
		if i+len(w) <= len(line) && strings.EqualFold(line[i:i+len(w)], w) {
			return true
		}
		i++
	}
	return false
}

// reDocPair is a user name and a password written as two inline code
// spans in documentation prose: `qa@example.org` / `…`, the pair on one
// line or across one line break.
var reDocPair = regexp.MustCompile("`([A-Za-z0-9][\\w.@+\\-]{1,63})`[ \\t]*/[ \\t]*\\r?\\n?[ \\t]*`([^`\\s]{6,128})`")

// docPairs finds, in a documentation file, the passwords given in prose
// as a pair of inline code spans, user then password, in a paragraph
// that says so (password, passwd, credentials): "The shared QA account is
// `qa@…` / `…`". Code blocks are read by the line scanner.
// The assignment's name is the user.
func docPairs(src string) []assignment {
	if !strings.Contains(src, "` /") && !strings.Contains(src, "`/") {
		return nil
	}
	var out []assignment
	for _, m := range reDocPair.FindAllStringSubmatchIndex(src, -1) {
		if !mixedPassword(src[m[4]:m[5]]) {
			continue // a word, a version, a path: `make` / `make test`
		}
		// The paragraph around the pair, as far as a blank line but not
		// beyond the lines before and after.
		ps := m[0]
		for n := 0; ps > 0 && n < 2; n++ {
			i := strings.LastIndexByte(src[:ps-1], '\n') + 1
			if strings.TrimSpace(src[i:ps]) == "" {
				break
			}
			ps = i
		}
		pe := m[1]
		for n := 0; pe < len(src) && n < 2; n++ {
			i := strings.IndexByte(src[pe+1:], '\n')
			if i < 0 {
				pe = len(src)
				break
			}
			if strings.TrimSpace(src[pe+1:pe+1+i]) == "" {
				break
			}
			pe += 1 + i
		}
		para := src[ps:pe]
		if !hasFoldWord(para, "password") && !hasFoldWord(para, "passwd") && !hasFoldWord(para, "credentials") {
			continue
		}
		out = append(out, assignment{name: src[m[2]:m[3]], value: src[m[4]:m[5]], tokStart: m[4] - 1, tokEnd: m[5] + 1, valStart: m[4], valEnd: m[5], exact: true, quoted: true})
	}
	return out
}

// mixedPassword reports whether v mixes letters with digits or symbols,
// as a password does and a word, a name or a version does not.
func mixedPassword(v string) bool {
	letters, others := 0, 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letters++
		case c == '.' || c == '/' || c == '-' || c == '_':
		default:
			others++
		}
	}
	return letters >= 3 && others >= 1 && !strings.ContainsAny(v, "/") && !strings.Contains(v, "..")
}

// reDocSecretName is documentation prose that names a secret right before
// an inline code span: "the shared secret `…`", "your API key is `…`",
// "signing key: `…`". Group 1 is the name; the match ends at the span.
var reDocSecretName = regexp.MustCompile(`(?i)\b((?:(?:shared|signing|webhook|client|api|access|secret|private|encryption|master)[ _-])?(?:secret|token|api[ _-]?key|key|password|passphrase))(?:[ \t]+(?:is|was|=))?[ \t]*:?[ \t]*$`)

// docSecrets finds the secrets that prose names and gives in an inline
// code span (reDocSecretName). Documentation is full of example values,
// so the value must read as generated (rules.Generated), whatever the
// name, and the name must come right before it. The assignment's name is
// the secret's name, words joined by _.
func docSecrets(src string) []assignment {
	var out []assignment
	for i := 0; i < len(src); {
		o := strings.IndexByte(src[i:], '`')
		if o < 0 {
			break
		}
		o += i
		c := strings.IndexByte(src[o+1:], '`')
		if c < 0 {
			break
		}
		c += o + 1
		i = c + 1
		v := src[o+1 : c]
		if len(v) < 16 || len(v) > 128 || strings.ContainsAny(v, " \t\n`") || !rules.Generated(v) {
			continue
		}
		m := reDocSecretName.FindStringSubmatch(src[max(0, o-48):o])
		if m == nil {
			continue
		}
		name := strings.NewReplacer(" ", "_", "-", "_").Replace(m[1])
		if strings.EqualFold(name, "key") {
			name = "secret_key" // "the key `…`": judged as a generated key
		}
		out = append(out, assignment{name: name, value: v, tokStart: o, tokEnd: c + 1, valStart: o + 1, valEnd: c, exact: true, quoted: true})
	}
	return out
}
