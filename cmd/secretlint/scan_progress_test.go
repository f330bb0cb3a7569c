package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

func TestShowProgress(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	noenv := func(string) string { return "" }
	ci := func(k string) string {
		if k == "CI" {
			return "true"
		}
		return ""
	}
	cases := []struct {
		name  string
		w     any
		env   func(string) string
		quiet bool
	}{
		{"a regular file is not a terminal", f, noenv, false},
		{"a buffer is not a terminal", &bytes.Buffer{}, noenv, false},
		{"CI set", f, ci, false},
		{"quiet", f, noenv, true},
	}
	for _, c := range cases {
		e := &env{stderr: c.w.(interface{ Write([]byte) (int, error) }), getenv: c.env}
		if showProgress(e.stderr, c.env, c.quiet) {
			t.Errorf("%s: progress shown", c.name)
		}
		if p := newProgress(e, c.quiet, 10, "x"); p != nil {
			t.Errorf("%s: newProgress returned a bar", c.name)
		}
	}
	// A nil bar is safe to use.
	var p *progress
	p.add(1)
	p.finish()
}

func TestProgressDelay(t *testing.T) {
	var buf bytes.Buffer
	p := newProgressTo(&buf, 100, "scanning", time.Now())
	p.add(5)
	if buf.Len() != 0 {
		t.Errorf("bar drawn before %v: %q", progressDelay, buf.String())
	}
	p = newProgressTo(&buf, 100, "scanning", time.Now().Add(-2*progressDelay))
	p.add(5)
	p.add(5)
	p.finish()
	if !strings.Contains(buf.String(), "scanning") {
		t.Errorf("bar not drawn after the delay: %q", buf.String())
	}
	// Absolute updates with a growing total (scan.Options.Progress).
	buf.Reset()
	p = newProgressTo(&buf, 0, "files", time.Now().Add(-2*progressDelay))
	p.set(3, 10)
	p.set(10, 40)
	if p.bar == nil || p.bar.GetMax64() != 40 || p.done != 10 {
		t.Errorf("after set(10, 40): bar %v done %d", p.bar, p.done)
	}
	p.finish()
	var nilp *progress
	nilp.set(1, 2)
}
