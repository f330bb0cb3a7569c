package rules

import "strings"

// HelpText reports whether s, a string written in source code, is help
// or usage text: three or more lines, most of them prose (four words or
// more), as a command's usage string or an example block is. The values
// such text shows (vault login token=…, password="p@$$w0rd", a bootstrap
// token in a doc comment) are examples for a reader; a name-based, URL or
// command-line judgment of them is noise. Provider-format keys are still
// reported wherever they are.
func HelpText(s string) bool {
	if strings.Count(s, "\n") < 2 {
		return false
	}
	lines, prose := 0, 0
	for l := range strings.Lines(s) {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		lines++
		if len(strings.Fields(l)) >= 4 {
			prose++
		}
	}
	return lines >= 3 && prose*2 >= lines
}

// GenericRule reports whether a rule judges by a name or a shape rather
// than by a provider's key format: the rules that help text and comments
// keep quiet (generic-api-key, gitleaks' curl-auth-* rules, and
// secretlint's name, URL and command-line rules).
func GenericRule(id string) bool {
	switch id {
	case GenericRuleID, "curl-auth-header", "curl-auth-user", "hardcoded-credential", "url-credentials", "cli-password", "env-default-secret":
		return true
	}
	return false
}

// HelpHeredocs returns the byte spans [start, end) of the here-document
// bodies of text that are help or usage text (HelpText, with a usage
// heading: Usage:, Options:, Examples: …): the
// `cat <<EOF … EOF` of a shell script's usage function, whose examples
// (--env MYSQL_ROOT_PASSWORD=…, curl -u user:pass) show a reader how to
// call the script. Shell, Ruby, Perl and PHP write here-documents as
// <<WORD, <<-WORD, <<~WORD or <<'WORD'.
func HelpHeredocs(text string) [][2]int {
	var out [][2]int
	for i := 0; ; {
		j := strings.Index(text[i:], "<<")
		if j < 0 {
			return out
		}
		i += j + 2
		word, rest := heredocWord(text[i:])
		if word == "" {
			continue
		}
		nl := strings.IndexByte(rest, '\n')
		if nl < 0 {
			return out
		}
		start := len(text) - len(rest) + nl + 1
		end := -1
		for off := start; off < len(text); {
			e := strings.IndexByte(text[off:], '\n')
			line := text[off:]
			if e >= 0 {
				line = text[off : off+e]
			}
			if strings.TrimSpace(line) == word {
				end = off
				break
			}
			if e < 0 {
				break
			}
			off += e + 1
		}
		if end < 0 {
			continue
		}
		if body := text[start:end]; usageHeading(body) && HelpText(body) {
			out = append(out, [2]int{start, end})
		}
		i = end
	}
}

// heredocWord reads the delimiter after "<<": an optional - or ~, spaces,
// and a word, bare or in quotes. It returns the word and what follows it.
func heredocWord(s string) (string, string) {
	if s != "" && (s[0] == '-' || s[0] == '~') {
		s = s[1:]
	}
	s = strings.TrimLeft(s, " \t")
	q := byte(0)
	if s != "" && (s[0] == '\'' || s[0] == '"') {
		q, s = s[0], s[1:]
	}
	n := 0
	for n < len(s) && (s[n] == '_' || s[n] >= 'A' && s[n] <= 'Z' || s[n] >= 'a' && s[n] <= 'z' || n > 0 && s[n] >= '0' && s[n] <= '9') {
		n++
	}
	if n == 0 || q != 0 && (n >= len(s) || s[n] != q) {
		return "", s
	}
	word, rest := s[:n], s[n:]
	if q != 0 {
		rest = rest[1:]
	}
	return word, rest
}

// usageHeadings open the sections of a command's help text.
var usageHeadings = []string{"usage", "options", "examples", "example", "flags", "commands", "arguments", "required", "optional", "synopsis"}

// usageHeading reports whether a line of s starts with a help section's
// heading: "Usage: cmd [flags]", "Options:", "EXAMPLES".
func usageHeading(s string) bool {
	for l := range strings.Lines(s) {
		w := strings.TrimSpace(l)
		if i := strings.IndexAny(w, ": "); i >= 0 {
			w = w[:i]
		}
		for _, h := range usageHeadings {
			if strings.EqualFold(w, h) {
				return true
			}
		}
	}
	return false
}
