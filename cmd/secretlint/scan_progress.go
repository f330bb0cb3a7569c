package main

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progressDelay is how long a scan runs before its progress bar appears:
// short scans print nothing.
const progressDelay = time.Second

// progress is a progress bar on stderr that shows only when stderr is a
// terminal, CI is not set, --quiet is off and the scan has run for
// progressDelay. The zero value and a nil *progress do nothing.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	total int64
	desc  string
	start time.Time
	done  int64
	bar   *progressbar.ProgressBar
}

// showProgress decides whether a progress bar may be drawn on w.
func showProgress(w io.Writer, getenv func(string) string, quiet bool) bool {
	if quiet || getenv == nil || getenv("CI") != "" || getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// newProgress returns a bar counting to total (-1: unknown, a spinner),
// or nil when showProgress says no.
func newProgress(e *env, quiet bool, total int64, desc string) *progress {
	if !showProgress(e.stderr, e.getenv, quiet) {
		return nil
	}
	return newProgressTo(e.stderr, total, desc, time.Now())
}

func newProgressTo(w io.Writer, total int64, desc string, start time.Time) *progress {
	return &progress{w: w, total: total, desc: desc, start: start}
}

func (p *progress) add(n int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	if p.bar == nil {
		if time.Since(p.start) < progressDelay {
			return
		}
		p.bar = p.newBar()
		_ = p.bar.Set64(p.done)
		return
	}
	_ = p.bar.Add64(n)
}

func (p *progress) newBar() *progressbar.ProgressBar {
	return progressbar.NewOptions64(p.total,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription(p.desc),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSpinnerType(14),
	)
}

// set records absolute progress: done of total (total may grow as a walk
// discovers files); it is the shape of scan.Options.Progress.
func (p *progress) set(done, total int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done, p.total = done, total
	if p.bar == nil {
		if time.Since(p.start) < progressDelay {
			return
		}
		p.bar = p.newBar()
	}
	if p.bar.GetMax64() != total {
		p.bar.ChangeMax64(total)
	}
	_ = p.bar.Set64(done)
}

// finish clears the bar, if one was drawn.
func (p *progress) finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Finish()
		_ = p.bar.Clear()
	}
}
