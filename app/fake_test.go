package app

import (
	"context"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

// fake is a source that returns what it is told, when it is told.
type fake struct {
	name   string
	events []audit.Event
	notes  []string
	err    error
	panics bool
	block  bool          // wait for the context to end
	delay  time.Duration // before answering
	ranged bool          // needs a range (an API)
	deaf   bool          // does not hear cancellation: finishes its delay
	log    *fetchLog
}

func (f *fake) Name() string     { return f.name }
func (f *fake) NeedsRange() bool { return f.ranged }

func (f *fake) Fetch(ctx context.Context, req sources.Request) (*sources.Result, error) {
	f.log.begin()
	defer f.log.end(f.name, req.Range)
	if f.panics {
		panic("boom")
	}
	if f.block {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if f.err != nil && f.delay == 0 {
		return nil, f.err // at once, whatever the others do
	}
	if f.deaf {
		time.Sleep(f.delay)
		return nil, f.err
	}
	select {
	case <-time.After(f.delay):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if f.err != nil {
		return nil, f.err
	}
	return &sources.Result{Events: f.events, Notes: f.notes}, nil
}

// fetchLog records what the fakes were asked, and how many ran at once.
type fetchLog struct {
	mu      sync.Mutex
	running int
	peak    int
	ranges  map[string][]audit.Range
}

func (l *fetchLog) begin() {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.running++
	l.peak = max(l.peak, l.running)
}

func (l *fetchLog) end(name string, r audit.Range) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.running--
	if l.ranges == nil {
		l.ranges = map[string][]audit.Range{}
	}
	l.ranges[name] = append(l.ranges[name], r)
}

// kind makes a source kind that claims "fake:NAME" and opens the fake of
// that name; "-" reads stdin's first line as the name.
func kind(fakes ...*fake) sources.Kind {
	byName := map[string]*fake{}
	for _, f := range fakes {
		byName[f.name] = f
	}
	open := func(arg string, r io.Reader, _ sources.Env) (sources.Source, error) {
		if arg == "-" {
			data, err := io.ReadAll(r)
			if err != nil {
				return nil, err
			}
			arg = strings.TrimSpace(string(data))
		}
		if f, ok := byName[arg]; ok {
			return f, nil
		}
		return nil, audit.Usagef("%s: no such fake", arg)
	}
	return sources.Kind{
		Name:   "fake",
		Claims: func(arg string) bool { return strings.HasPrefix(arg, "fake:") },
		Sniff:  func([]byte) bool { return true },
		Open:   open,
	}
}

var utc = time.UTC

func day(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, utc) }

// meeting is a timed event in March 2026.
func meeting(title string, d, h, m, minutes int) audit.Event {
	start := day(d, h, m)
	return audit.Event{Title: title, Start: start, End: start.Add(time.Duration(minutes) * time.Minute)}
}
