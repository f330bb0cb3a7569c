package scan

import (
	"strings"
	"sync"

	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan/internal/judge"
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
	if memo == nil {
		memo = nf.memo()
		defer nf.release(memo)
	}
	found := false
	lastEnd := -1
	nf.frags.Scan(s, func(_, start int) bool {
		found = nameRunAt(s, start, &lastEnd, memo)
		return !found
	})
	return found
}

// hasNameAt is hasNameMemo for a text whose fragments a prescan found:
// starts are their offsets in the file, base the offset of s there.
func hasNameAt(s string, base int, starts []int, memo *judge.NameMemo) bool {
	lastEnd := -1
	for _, st := range starts {
		if nameRunAt(s, st-base, &lastEnd, memo) {
			return true
		}
	}
	return false
}

// nameRunAt reports whether the run of text around the fragment starting
// at start in s names a secret, alone or joined with the run before or
// after it across one punctuation byte. Fragments come in order of end
// position; lastEnd is the end of the previous fragment's run (-1 at
// first), and a fragment inside that run is not asked again.
func nameRunAt(s string, start int, lastEnd *int, memo *judge.NameMemo) bool {
	if start < *lastEnd {
		return false // same run as the previous hit
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
	if memo.Match(s[a:b]) {
		return true
	}
	// The run before, across one punctuation byte on the same line.
	if a > 0 && s[a-1] != '\n' && s[a-1] != '\r' {
		p := a - 1
		for p > 0 && !structural(s[p-1]) {
			p--
		}
		if memo.MatchJoined(s[p:a-1], s[a:b]) {
			return true
		}
	}
	// And the run after (api:key, whose fragment "api" starts it).
	if b < len(s) && s[b] != '\n' && s[b] != '\r' {
		q := b + 1
		for q < len(s) && !structural(s[q]) {
			q++
		}
		if memo.MatchJoined(s[a:b], s[b+1:q]) {
			return true
		}
	}
	return false
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

// worthStructured reports whether a YAML or text file can hold a finding
// of this package's own rules.
func (nf *nameFilter) worth(b []byte) bool {
	return hasCredentialShape(b) || nf.hasName(unsafeString(b)) || rules.MayHoldCLIPassword(unsafeString(b))
}
