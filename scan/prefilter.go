package scan

import (
	"bytes"
	"strings"
	"sync"

	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan/internal/judge"
	"github.com/secretlint-go/secretlint/scan/yamlscan"
)

// nameFilter is the cheap test run before a structural scan: can this text
// hold a secret-named key, a URL with credentials or a connection string?
// It finds every secret-name fragment (one Aho-Corasick pass), takes the
// run of text around it up to YAML/shell punctuation, and asks the name
// matcher about that run (and about the run joined with the one before or
// after it, for names written with punctuation inside, like "api:key"). A text
// that fails it cannot produce a finding of the YAML, dbt or text
// scanners; TestPrefilterSound and the fuzz targets check that.
type nameFilter struct {
	names *rules.Names
	frags *rules.KeywordSet
	// yamlWords finds the fragments and then cliWords in one pass
	// (worthYAML); built when first needed.
	yamlWords     *rules.KeywordSet
	yamlWordsOnce sync.Once
	// cliWordSet finds cliWords alone, where the prescan found one.
	cliWordSet   *rules.KeywordSet
	cliWordsOnce sync.Once
	// memos keeps name decisions across the files a worker scans: the
	// same keys recur in every file of a tree.
	memos sync.Pool
}

// memo returns a name memo for one file; give it back with release.
func (nf *nameFilter) memo() *judge.NameMemo {
	if m, ok := nf.memos.Get().(*judge.NameMemo); ok {
		return m
	}
	return judge.NewNameMemo(nf.names)
}

func (nf *nameFilter) release(m *judge.NameMemo) { nf.memos.Put(m) }

var filters sync.Map // *rules.Names -> *nameFilter

func filterFor(names *rules.Names) *nameFilter {
	if names == nil {
		names = rules.DefaultNames
	}
	if f, ok := filters.Load(names); ok {
		return f.(*nameFilter)
	}
	f := &nameFilter{names: names, frags: judge.Fragments(names)}
	actual, _ := filters.LoadOrStore(names, f)
	return actual.(*nameFilter)
}

// structural reports bytes that end a name run.
func structural(c byte) bool {
	switch c {
	case '\n', '\r', ':', '#', '"', '\'', '`', '{', '}', '[', ']', ',', '=', '&', '*', '!', '|', '>', '<', '(', ')', ';', '$', '/', '\\', '@', '%', '?':
		return true
	}
	return false
}

// hasName reports whether s holds a run of text that names a secret.
func (nf *nameFilter) hasName(s string) bool { return nf.hasNameMemo(s, nil) }

// hasNameMemo is hasName remembering answers in memo (may be nil).
func (nf *nameFilter) hasNameMemo(s string, memo *judge.NameMemo) bool {
	found := false
	nf.eachName(s, memo, func(_, _ int) bool {
		found = true
		return false
	})
	return found
}

// eachName calls yield with the span [a, b) of each run of text in s that
// names a secret (with memo, which may be nil), until yield returns false.
// A run joined with the one before or after it across one punctuation byte
// is yielded as the span of both.
func (nf *nameFilter) eachName(s string, memo *judge.NameMemo, yield func(a, b int) bool) {
	nf.eachNameIn(nf.frags, 0, s, memo, yield, nil)
}

// eachNameIn is eachName scanning with set, whose words from index
// nfrags on are not fragments: each of their occurrences goes to other
// (with its index among them), which returns false to stop.
func (nf *nameFilter) eachNameIn(set *rules.KeywordSet, nfrags int, s string, memo *judge.NameMemo, yield func(a, b int) bool, other func(w, start int) bool) {
	if memo == nil {
		memo = nf.memo()
		defer nf.release(memo)
	}
	lastEnd := -1
	set.Scan(s, func(w, start int) bool {
		if other != nil && w >= nfrags {
			return other(w-nfrags, start)
		}
		return nameRuns(s, start, &lastEnd, memo, yield)
	})
}

// hasNameAt is hasNameMemo for a text whose fragments a prescan found:
// starts are their offsets in the file, base the offset of s there.
func hasNameAt(s string, base int, starts []int, memo *judge.NameMemo) bool {
	lastEnd := -1
	stop := func(int, int) bool { return false }
	for _, st := range starts {
		if !nameRuns(s, st-base, &lastEnd, memo, stop) {
			return true
		}
	}
	return false
}

// nameRuns calls yield with the span [a, b) of each run of text around the
// fragment starting at start in s that names a secret: the run alone, or
// joined with the run before or after it across one punctuation byte on
// the same line. Fragments come in order of end position; lastEnd is the
// end of the previous fragment's run (-1 at first), and a fragment inside
// that run is not asked again. It returns false when yield did.
func nameRuns(s string, start int, lastEnd *int, memo *judge.NameMemo, yield func(a, b int) bool) bool {
	if start < *lastEnd {
		return true // same run as the previous hit
	}
	a := start
	for a > 0 && !structural(s[a-1]) {
		a--
	}
	b := start
	for b < len(s) && !structural(s[b]) {
		b++
	}
	*lastEnd = b
	if memo.Match(s[a:b]) && !yield(a, b) {
		return false
	}
	// The run before, across one punctuation byte on the same line.
	if a > 0 && s[a-1] != '\n' && s[a-1] != '\r' {
		p := a - 1
		for p > 0 && !structural(s[p-1]) {
			p--
		}
		if !blank(s[p:a-1]) && memo.MatchJoined(s[p:a-1], s[a:b]) && !yield(p, b) {
			return false
		}
	}
	// And the run after (api:key, whose fragment "api" starts it).
	if b < len(s) && s[b] != '\n' && s[b] != '\r' {
		q := b + 1
		for q < len(s) && !structural(s[q]) {
			q++
		}
		if !blank(s[b+1:q]) && memo.MatchJoined(s[a:b], s[b+1:q]) && !yield(a, q) {
			return false
		}
	}
	return true
}

// blank reports whether s is only spaces and tabs: a run next to another
// adds no word to it.
func blank(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '\t' {
			return false
		}
	}
	return true
}

// credentialShapes are byte strings without which no URL or connection
// string carries a password (rules.FindCredentials needs "://", a MySQL
// DSN's "@/" or "@tcp(" …, or password= which hasName already covers).
var credentialShapes = []string{"://", "@/", "@tcp", "@udp", "@unix", "@cloudsql"}

func hasCredentialShape(b []byte) bool { return hasCredentialShapeString(unsafeString(b)) }

func hasCredentialShapeString(b string) bool {
	if strings.IndexByte(b, '@') < 0 {
		return false
	}
	for _, s := range credentialShapes {
		if strings.Contains(b, s) {
			return true
		}
	}
	return false
}

// worth reports whether a YAML or text file can hold a finding of this
// package's own rules.
func (nf *nameFilter) worth(b []byte) bool {
	return hasCredentialShape(b) || nf.hasName(unsafeString(b)) || rules.MayHoldCLIPassword(unsafeString(b))
}

// worthYAML is worth for a YAML file, which the structure-aware pass
// parses: a secret name counts only where it can lead to a finding
// (yamlscan.NameGate): not as the key of a nested mapping or a boolean, not
// as a word of prose, not as a key whose one-line value j rejects. A
// template (a {{ or {% where YAML expects a node) is seldom valid YAML:
// it is parsed as before (worth), so that the notice saying the file was
// read as text stays. The name fragments and whether a word of a
// command-line password (cliWords) occurs come from the file's prescan
// (fh, which may be nil: then one pass of its own finds both).
func (nf *nameFilter) worthYAML(b []byte, j *judge.Judge, fh *rules.FileHits) bool {
	if yamlscan.Templated(b) {
		return nf.worth(b)
	}
	s := unsafeString(b)
	if mayHoldURLCredentials(b) {
		return true
	}
	g := yamlscan.NewNameGate(b)
	if j != nil {
		g.Judge = func(name, value string) bool {
			_, ok := j.Assignment(name, value)
			return ok
		}
	}
	found := false
	matters := func(a, e int) bool {
		found = g.Matters(a, e)
		return !found
	}
	var commands uint32 // bit i: a command of cliFlagHints[i]
	cli := func(w, start int) bool {
		word := cliWords[w]
		if s[start:start+len(word)] != word {
			return true // the patterns match case-sensitively
		}
		if w < len(cliSelfHints) {
			found = word != "pass:" || start == 0 || flagBoundary(b, start)
			return !found
		}
		commands |= 1 << cliCommandFlag[word]
		return true
	}
	if fh == nil {
		nf.yamlWordsOnce.Do(func() {
			nf.yamlWords = rules.NewKeywordSet(append(nf.frags.Words(), cliWords...))
		})
		nf.eachNameIn(nf.yamlWords, len(nf.frags.Words()), s, nil, matters, cli)
	} else {
		memo := nf.memo()
		lastEnd := -1
		for _, st := range fh.Frags() {
			if !nameRuns(s, st, &lastEnd, memo, matters) {
				break
			}
		}
		nf.release(memo)
		if !found && markedAny(fh, cliMarkers, cliMarkers+len(cliWords)) {
			nf.cliWordsOnce.Do(func() { nf.cliWordSet = rules.NewKeywordSet(cliWords) })
			nf.cliWordSet.Scan(s, cli)
		}
	}
	if found {
		return true
	}
	for i, f := range cliFlagHints {
		if commands&(1<<i) != 0 && flagWord(b, f.flag) {
			return true
		}
	}
	return false
}

// mayHoldURLCredentials is hasCredentialShape made exact for the forms
// rules.FindCredentials reads around an '@' (its password= form has a
// secret name): some '@' ends a run without blanks, quotes or '@' that
// holds "://" and a ':' after it (scheme://user:password@host), or that
// holds a ':' and is followed by '/' or a MySQL DSN protocol
// (user:password@tcp(host)/db). An e-mail address or a URL without
// userinfo has neither.
func mayHoldURLCredentials(b []byte) bool {
	for off := 0; ; {
		i := bytes.IndexByte(b[off:], '@')
		if i < 0 {
			return false
		}
		i += off
		off = i + 1
		j := i
		for j > 0 && !credStop(b[j-1]) {
			j--
		}
		run := b[j:i]
		if bytes.IndexByte(run, ':') < 0 {
			continue
		}
		if k := bytes.Index(run, []byte("://")); k >= 0 && bytes.IndexByte(run[k+3:], ':') >= 0 {
			return true
		}
		rest := b[i+1:]
		if len(rest) > 0 && rest[0] == '/' {
			return true
		}
		for _, p := range dsnProtocols {
			if bytes.HasPrefix(rest, p) {
				return true
			}
		}
	}
}

// dsnProtocols start the address of a MySQL DSN after its '@'.
var dsnProtocols = [][]byte{[]byte("tcp"), []byte("udp"), []byte("unix"), []byte("cloudsql")}

// credStop reports the bytes no user or password of a URL or DSN holds.
func credStop(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\f', '\v', '@', '"', '\'':
		return true
	}
	return false
}

// A command-line password (rules.CheckCLIPassword) in YAML reaches the
// patterns folded or as the items of a sequence. The patterns match
// case-sensitively: a word of cliSelfHints (the flag itself), or a command
// of cliFlagHints (mysql -pX, mongo -p X, docker login -p X, redis-cli -a X,
// ldapsearch -w X) with its short flag as a word of its own.

// cliSelfHints are the words that are the flag itself (pass: of
// openssl's -passin pass:… after a blank or quote).
var cliSelfHints = []string{"--pass", "requirepass", "masterauth", "secret-string", "storepass", "keypass", "htpasswd", "sshpass", "pass:"}

// cliFlagHints are the commands that take a password after a short flag.
var cliFlagHints = []struct {
	flag     []byte
	commands []string
}{
	{[]byte("-p"), []string{"mysql", "mariadb", "mongo", "login"}},
	{[]byte("-a"), []string{"redis-cli"}},
	{[]byte("-w"), []string{"ldap"}},
}

// cliWords are cliSelfHints, then the commands of cliFlagHints;
// cliCommandFlag maps each command to its index in cliFlagHints.
var cliWords, cliCommandFlag = func() ([]string, map[string]int) {
	words := append([]string(nil), cliSelfHints...)
	flag := map[string]int{}
	for i, f := range cliFlagHints {
		for _, c := range f.commands {
			words = append(words, c)
			flag[c] = i
		}
	}
	return words, flag
}()

// flagWord reports whether flag starts a word of b (flagBoundary).
func flagWord(b, flag []byte) bool {
	for off := 0; ; {
		i := bytes.Index(b[off:], flag)
		if i < 0 {
			return false
		}
		i += off
		off = i + 1
		if i == 0 || flagBoundary(b, i) {
			return true
		}
	}
}

// flagBoundary reports whether a word can start at b[i] (i > 0) of a
// command line the walk or the line scanner reads: after a blank, a quote,
// '[' or ',' (a sequence item, folded or flow), or an escape.
func flagBoundary(b []byte, i int) bool {
	switch b[i-1] {
	case ' ', '\t', '\n', '\r', '\f', '\v', '"', '\'', '[', ',':
		return true
	}
	// After an escape in a double-quoted scalar: \t, \n, \x20, \u0020,
	// \U00000020.
	return i >= 2 && b[i-2] == '\\' || i >= 4 && b[i-4] == '\\' && b[i-3] == 'x' || i >= 6 && b[i-6] == '\\' && b[i-5] == 'u' ||
		i >= 10 && b[i-10] == '\\' && b[i-9] == 'U'
}
