package rules

import (
	"regexp"
	"slices"
	"strings"
)

// Environment lookups with a literal fallback, in the languages whose
// source the text scanner reads: the literal is what the program uses
// whenever the variable is unset, so it is in the file and in effect.
//
//	Python  os.environ.get("X", "…"), os.getenv("X", "…"), os.getenv("X") or "…",
//	        os.environ.setdefault("X", "…")
//	Elixir  System.get_env("X", "…")
//	Ruby    ENV.fetch("X", "…"), ENV.fetch("X") { "…" }, ENV["X"] || "…"
//	JS, TS  process.env.X || "…", process.env["X"] ?? "…", Deno.env.get("X") ?? "…"
//	PHP     getenv('X') ?: '…', env('X', '…') (Laravel)
//	Kotlin  System.getenv("X") ?: "…", System.getenv().getOrDefault("X", "…")
//	C#      Environment.GetEnvironmentVariable("X") ?? "…"
//
// Shell's ${X:-…} is a reference with a default (Classify), judged as such.
var (
	// A call whose first argument names the variable and whose second
	// (or default=) is the fallback. Groups: 1 the variable, 2 the
	// fallback (double quotes), 3 the fallback (single quotes).
	reEnvCallDefault = regexp.MustCompile(`(?:\benviron\.get|\benviron\.setdefault|\bgetenv|\bENV\.fetch|\bSystem\.get_env|(?:^|[^\w.$>])env|\bgetenv\(\)\.getOrDefault)\(\s*["']([A-Za-z_][A-Za-z0-9_.]*)["']\s*,\s*(?:default\s*=\s*)?(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\)`)
	// A lookup followed by an operator that takes the right side when
	// the left is unset or empty. Groups: 1–5 the variable (one of
	// them), 6 the fallback (double quotes), 7 the fallback (single
	// quotes).
	reEnvOrElse = regexp.MustCompile(`(?:\bprocess\.env\.([A-Za-z_][A-Za-z0-9_]*)|\bprocess\.env\[\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\]|\bENV\[\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\]|(?:\bos\.environ\.get|\bos\.getenv|\bgetenv|\bGetEnvironmentVariable|\bDeno\.env\.get|\bSystem\.getenv|\benv)\(\s*["']([A-Za-z_][A-Za-z0-9_.]*)["']\s*\)|\bENV\.fetch\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\)\s*\{)\s*(?:\|\||\?\?|\?:|\bor\b)?\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')`)
	// envHints: every lookup of the two expressions holds one of these
	// (ignoring case), next to its parenthesis or bracket where short.
	envHints    = NewKeywordSet([]string{"env(", "env[", "environ.", "getenv", "env.fetch", "get_env", "process.env", "deno.env"})
	reAssignEnd = regexp.MustCompile(`["']?\s*(?:\|\|=|\?\?=|:=|=>|=|:)\s*$`)
)

// EnvFallback is a literal fallback of an environment lookup on a line.
type EnvFallback struct {
	// Variable is the environment variable looked up; Assigned is the
	// name the expression is assigned to on the line (a variable, a key),
	// "" when none.
	Variable, Assigned string
	// Value is the fallback literal as written between its quotes, and
	// Start, End its byte span in the line.
	Value      string
	Start, End int
}

// EnvFallbacks finds the literal fallbacks of environment lookups on one
// line of source.
func EnvFallbacks(line string) []EnvFallback {
	if !strings.ContainsAny(line, `"'`) || !envHints.Contains(line) {
		return nil // a fallback is a quoted literal after a lookup
	}
	var out []EnvFallback
	add := func(m []int, varGroups []int, valGroups []int, requireOp bool) {
		v := ""
		for _, g := range varGroups {
			if m[2*g] >= 0 {
				v = line[m[2*g]:m[2*g+1]]
			}
		}
		for _, g := range valGroups {
			s, e := m[2*g], m[2*g+1]
			if s < 0 {
				continue
			}
			if requireOp && !fallbackOperator(line, m, varGroups, s) {
				return
			}
			out = append(out, EnvFallback{Variable: v, Assigned: assignedName(line[:m[0]]), Value: line[s:e], Start: s, End: e})
			return
		}
	}
	for _, m := range findEnvLookups(reEnvCallDefault, line) {
		add(m, []int{1}, []int{2, 3}, false)
	}
	for _, m := range findEnvLookups(reEnvOrElse, line) {
		add(m, []int{1, 2, 3, 4, 5}, []int{6, 7}, true)
	}
	return out
}

// A line longer than envLongLine (a minified bundle: vendored JavaScript
// runs to hundreds of kilobytes on one line) is searched only in windows
// around its lookups, envWindow bytes past each: a whole-line search by
// these expressions costs tens of milliseconds there, and a fallback
// literal is not kilobytes long.
const envLongLine, envWindow = 8 << 10, 2 << 10

// envLookBack is how far before its lookup word (envHints) a match of the
// expressions can start (System.getenv starts seven bytes before
// getenv), plus one byte of context for \b and [^\w.$>].
const envLookBack = 9

// findEnvLookups is re.FindAllStringSubmatchIndex(line, -1), for a long
// line found window by window: each match holds a lookup word near its
// start, so every match shorter than a window is found as in the whole
// line, and windows that overlap are merged, so that matches stay apart.
func findEnvLookups(re *regexp.Regexp, line string) [][]int {
	if len(line) <= envLongLine {
		return re.FindAllStringSubmatchIndex(line, -1)
	}
	var starts []int
	envHints.Scan(line, func(_, start int) bool {
		starts = append(starts, start)
		return true
	})
	slices.Sort(starts)
	var out [][]int
	for i := 0; i < len(starts); {
		lo, hi := max(0, starts[i]-envLookBack), min(len(line), starts[i]+envWindow)
		for i++; i < len(starts) && starts[i]-envLookBack <= hi; i++ {
			hi = min(len(line), starts[i]+envWindow)
		}
		for _, m := range re.FindAllStringSubmatchIndex(line[lo:hi], -1) {
			if lo > 0 && m[0] == 0 {
				continue // ^ at the window's start: not the line's start
			}
			for k := range m {
				if m[k] >= 0 {
					m[k] += lo
				}
			}
			out = append(out, m)
		}
	}
	return out
}

// fallbackOperator reports whether the text between a lookup and the
// literal after it is a fallback: ||, ??, ?:, or, or the { of Ruby's
// ENV.fetch("X") { "…" } (a concatenation or a comparison is not).
func fallbackOperator(line string, m, varGroups []int, litStart int) bool {
	end := -1
	for _, g := range varGroups {
		if m[2*g] >= 0 {
			end = m[2*g+1]
		}
	}
	if end < 0 {
		return false
	}
	between := strings.TrimSpace(line[end : litStart-1])
	between = strings.TrimLeft(between, `"']) `)
	between = strings.TrimSpace(between)
	switch {
	case strings.HasSuffix(between, "{"):
		return strings.HasPrefix(line[m[0]:], "ENV.fetch")
	case between == "||", between == "??", between == "?:", between == "or":
		return true
	}
	return false
}

// assignedName is the name a line assigns the expression that follows
// before to: API_KEY in `API_KEY = `, password in `password: `, "token"
// in `"token": `; "" when before does not end in an assignment.
func assignedName(before string) string {
	// The receiver of the lookup: os., System., Environment.
	before = strings.TrimRightFunc(before, func(r rune) bool {
		return r == '.' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	})
	loc := reAssignEnd.FindStringIndex(before)
	if loc == nil {
		return ""
	}
	return lastName(before[:loc[0]])
}

// VariableReferences returns the byte spans of the ${VAR…} references in
// s (with or without a default), so that a scanner can judge each one
// where it stands inside a longer text: psql -W "${PGPASSWORD:-…}".
func VariableReferences(s string) [][]int {
	if !strings.Contains(s, "${") {
		return nil
	}
	return reDollarBrace.FindAllStringIndex(s, -1)
}
