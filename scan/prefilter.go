package scan

import (
	"bytes"
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
	if memo == nil {
		memo = nf.memo()
		defer nf.release(memo)
	}
	lastEnd := -1
	nf.frags.Scan(s, func(_, start int) bool {
		if start < lastEnd {
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
		lastEnd = b
		if memo.Match(s[a:b]) && !yield(a, b) {
			return false
		}
		// The run before, across one punctuation byte on the same line.
		if a > 0 && s[a-1] != '\n' && s[a-1] != '\r' {
			p := a - 1
			for p > 0 && !structural(s[p-1]) {
				p--
			}
			if !blank(s[p:a-1]) && memo.Match(s[p:a-1]+" "+s[a:b]) && !yield(p, b) {
				return false
			}
		}
		// And the run after (api:key, whose fragment "api" starts it).
		if b < len(s) && s[b] != '\n' && s[b] != '\r' {
			q := b + 1
			for q < len(s) && !structural(s[q]) {
				q++
			}
			if !blank(s[b+1:q]) && memo.Match(s[a:b]+" "+s[b+1:q]) && !yield(a, q) {
				return false
			}
		}
		return true
	})
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
var credentialShapes = [][]byte{[]byte("://"), []byte("@/"), []byte("@tcp"), []byte("@udp"), []byte("@unix"), []byte("@cloudsql")}

func hasCredentialShape(b []byte) bool {
	if bytes.IndexByte(b, '@') < 0 {
		return false
	}
	for _, s := range credentialShapes {
		if bytes.Contains(b, s) {
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
// template (with {{ or {%) is seldom valid YAML: there any secret name
// counts, as before, so that the notice saying the file was read as text
// stays.
func (nf *nameFilter) worthYAML(b []byte, j *judge.Judge) bool {
	s := unsafeString(b)
	if hasCredentialShape(b) || rules.MayHoldCLIPassword(s) {
		return true
	}
	if bytes.Contains(b, []byte("{{")) || bytes.Contains(b, []byte("{%")) {
		return nf.hasName(s)
	}
	g := yamlscan.NewNameGate(b)
	if j != nil {
		g.Judge = func(name, value string) bool {
			_, ok := j.Assignment(name, value)
			return ok
		}
	}
	found := false
	nf.eachName(s, nil, func(a, e int) bool {
		found = g.Matters(a, e)
		return !found
	})
	return found
}
