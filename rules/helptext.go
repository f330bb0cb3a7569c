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
