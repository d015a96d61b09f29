package main

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/timeaudit/timeaudit/sources/google"
)

// progress is one status line on stderr while calendars are fetched, when
// stderr is a terminal and there is something to wait for (several
// calendars, or several pages). It is cleared before anything else prints.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	now     func() time.Time
	total   int // sources
	done    int
	pages   map[string]int
	events  map[string]int
	current string
	last    time.Time
	shown   bool
}

func newProgress(w io.Writer, now func() time.Time) *progress {
	return &progress{w: w, now: now, pages: map[string]int{}, events: map[string]int{}}
}

// Start hears that a fetch of n sources begins (app.Progress).
func (p *progress) Start(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total, p.done, p.current = n, 0, ""
	clear(p.pages)
	clear(p.events)
}

// page hears about a page fetched (google.Options.Progress).
func (p *progress) page(pr google.Progress) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pages[pr.Source], p.events[pr.Source], p.current = pr.Pages, pr.Events, pr.Source
	p.draw(false)
}

// Fetched hears that a source is read (app.Progress).
func (p *progress) Fetched(string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.draw(false)
}

// draw redraws at most ten times a second.
func (p *progress) draw(force bool) {
	pages, events := 0, 0
	for _, n := range p.pages {
		pages += n
	}
	for _, n := range p.events {
		events += n
	}
	if p.total < 2 && pages < 2 {
		return
	}
	now := p.now()
	if !force && p.shown && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last, p.shown = now, true
	line := fmt.Sprintf("Reading calendars: %d of %d done, %d pages, %d events", p.done, p.total, pages, events)
	if p.current != "" && p.done < p.total {
		line += " (" + p.current + ")"
	}
	if r := []rune(line); len(r) > 100 {
		line = string(r[:99]) + "…"
	}
	fmt.Fprint(p.w, "\r\033[K"+line)
}

// Stop removes the line, before anything else prints (app.Progress).
func (p *progress) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}
