package rules

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// TestPrescanMatchesSeparatePasses checks that one prescan answers what
// the separate passes did: the detector's matches, the name fragments of
// each line and the command-line hints of each line.
func TestPrescanMatchesSeparatePasses(t *testing.T) {
	d, err := DefaultDetector()
	if err != nil {
		t.Fatal(err)
	}
	names := NewNames([]string{"recovery_code"}, nil)
	frags := NewKeywordSet(names.Fragments())
	p := NewPrescanner(d, names.Fragments(), []string{"LS0tLS1CRUdJTi", "secretlint:ignore"}, nil)
	docs := diffCorpus(t, 7, 60)
	// Long documents take the four-stream search.
	docs = append(docs, strings.Repeat(docs[0]+"\r\nmysql -ppass: x\n", 40), strings.Join(docs, "\n"),
		"key: LS0tLS1CRUdJTiBQUklWQVRF # SecretLint:Ignore")
	for i, doc := range docs {
		path := fmt.Sprintf("dir/file%d.txt", i)
		h := p.Scan(doc)
		if got, want := d.DetectHits(path, doc, h), d.DetectChecked(path, doc); !reflect.DeepEqual(got, want) {
			t.Fatalf("doc %d: DetectHits found %d matches, DetectChecked %d", i, len(got), len(want))
		}
		for off := 0; off <= len(doc); {
			end := strings.IndexByte(doc[off:], '\n')
			if end < 0 {
				end = len(doc)
			} else {
				end += off
			}
			line := strings.TrimRight(doc[off:end], "\r")
			var want []int
			frags.Scan(line, func(_, start int) bool { want = append(want, off+start); return true })
			if got := h.LineFrags(off, off+len(line)); !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
				t.Fatalf("doc %d, line at %d: LineFrags = %v, a scan of the line finds %v", i, off, got, want)
			}
			if got, want := h.CLIHint(off, off+len(line)), MayHoldCLIPassword(line); got != want {
				t.Fatalf("doc %d, line at %d: CLIHint = %v, MayHoldCLIPassword = %v", i, off, got, want)
			}
			off = end + 1
		}
		for k, m := range []string{"LS0tLS1CRUdJTi", "secretlint:ignore"} {
			if got, want := h.Marked(k), strings.Contains(strings.ToLower(doc), strings.ToLower(m)); got != want {
				t.Fatalf("doc %d: Marked(%d) = %v, want %v", i, k, got, want)
			}
		}
		p.Release(h)
	}
	// Without provider rules the prescanner still finds names.
	p = NewPrescanner(nil, names.Fragments(), nil, nil)
	h := p.Scan("db_password: x")
	if got := h.LineFrags(0, 14); len(got) != 2 { // pass, password
		t.Errorf("LineFrags without a detector = %v, want the starts of pass and password", got)
	}
}

// TestPrescanConcurrent shares one prescanner and detector between
// goroutines, as the scan workers do (run it with -race): each gets the
// answers of a lone run.
func TestPrescanConcurrent(t *testing.T) {
	d, err := DefaultDetector()
	if err != nil {
		t.Fatal(err)
	}
	p := NewPrescanner(d, DefaultNames.Fragments(), nil, nil)
	docs := diffCorpus(t, 11, 16)
	want := make([][]Match, len(docs))
	for i, doc := range docs {
		want[i] = d.DetectChecked("f.txt", doc)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range docs {
				i := (k + g) % len(docs)
				h := p.Scan(docs[i])
				got := d.DetectHits("f.txt", docs[i], h)
				p.Release(h)
				if !reflect.DeepEqual(got, want[i]) {
					t.Errorf("goroutine %d, doc %d: %d matches, alone %d", g, i, len(got), len(want[i]))
				}
			}
		}()
	}
	wg.Wait()
}
