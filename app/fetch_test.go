package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

type recorder struct {
	mu      sync.Mutex
	started []int
	fetched []string
	stopped int
}

func (r *recorder) Start(n int) { r.mu.Lock(); r.started = append(r.started, n); r.mu.Unlock() }
func (r *recorder) Fetched(name string) {
	r.mu.Lock()
	r.fetched = append(r.fetched, name)
	r.mu.Unlock()
}
func (r *recorder) Stop() { r.mu.Lock(); r.stopped++; r.mu.Unlock() }

func TestFetch(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name    string
		fakes   []*fake
		limit   int
		wantErr string
		// wantDone are the sources that must have finished (not been
		// cancelled) when another failed.
		wantDone []string
	}{
		{name: "inputs in argument order, whoever finishes first", limit: 4, fakes: []*fake{
			{name: "a", delay: 30 * time.Millisecond}, {name: "b", delay: 10 * time.Millisecond}, {name: "c"}}},
		{name: "one at a time", limit: 1, fakes: []*fake{{name: "a"}, {name: "b"}, {name: "c"}}},
		{name: "a failure does not cancel the others: they finish", limit: 4, fakes: []*fake{
			{name: "a", delay: 30 * time.Millisecond}, {name: "b", err: fmt.Errorf("b: %w", boom)}, {name: "c", delay: 30 * time.Millisecond}},
			wantErr: "b: boom", wantDone: []string{"a", "c"}},
		{name: "every failure is named, the first argument's in full", limit: 4, fakes: []*fake{
			{name: "a", err: errors.New("a: slow"), delay: 50 * time.Millisecond}, {name: "b"}, {name: "c", err: errors.New("c: fast")}},
			wantErr: "a: slow (1 other source failed too: c)", wantDone: []string{"b"}},
		{name: "many failures: three named, the rest counted", limit: 8, fakes: []*fake{
			{name: "a", err: errors.New("a: no")}, {name: "b", err: boom}, {name: "c", err: boom}, {name: "d", err: boom}, {name: "e", err: boom}},
			wantErr: "a: no (4 other sources failed too: b, c, d and 1 more)"},
		{name: "a panic is that source's error", limit: 2, fakes: []*fake{{name: "a", panics: true}, {name: "b"}},
			wantErr: "a: internal error: boom (please report this)", wantDone: []string{"b"}},
		{name: "nothing to fetch", limit: 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log := &fetchLog{}
			srcs := make([]sources.Source, len(tt.fakes))
			for i, f := range tt.fakes {
				f.log = log
				srcs[i] = f
			}
			rec := &recorder{}
			ins, err := Fetch(context.Background(), srcs, sources.Request{Location: utc}, tt.limit, rec)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				if ins != nil {
					t.Error("inputs returned with an error")
				}
				for _, name := range tt.wantDone {
					if !slices.Contains(rec.fetched, name) {
						t.Errorf("%s did not finish: fetched %v", name, rec.fetched)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i, in := range ins {
				if in.Name != tt.fakes[i].name || in.Result == nil {
					t.Errorf("input %d is %q, want %q", i, in.Name, tt.fakes[i].name)
				}
			}
			if log.peak > tt.limit {
				t.Errorf("%d fetches at once, limit %d", log.peak, tt.limit)
			}
			if !slices.Equal(rec.started, []int{len(tt.fakes)}) || len(rec.fetched) != len(tt.fakes) || rec.stopped != 1 {
				t.Errorf("progress: started %v, fetched %v, stopped %d", rec.started, rec.fetched, rec.stopped)
			}
		})
	}
}

func TestFetchLimit(t *testing.T) {
	log := &fetchLog{}
	var srcs []sources.Source
	for i := range 12 {
		srcs = append(srcs, &fake{name: fmt.Sprint(i), delay: 5 * time.Millisecond, log: log})
	}
	if _, err := Fetch(context.Background(), srcs, sources.Request{Location: utc}, 3, nil); err != nil {
		t.Fatal(err)
	}
	if log.peak != 3 {
		t.Errorf("peak %d fetches at once, want 3 (the limit)", log.peak)
	}
}

// Cancelling the context (Ctrl-C) stops every fetch at once.
func TestFetchCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	srcs := []sources.Source{&fake{name: "a", block: true}, &fake{name: "b", block: true}, &fake{name: "c", block: true}}
	time.AfterFunc(20*time.Millisecond, cancel)
	start := time.Now()
	_, err := Fetch(ctx, srcs, sources.Request{Location: utc}, 1, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("took %v to stop", el)
	}
}

func TestOpen(t *testing.T) {
	week := audit.Range{From: day(16, 0, 0), To: day(23, 0, 0)}
	api := &fake{name: "fake:api", ranged: true}
	reg := sources.NewRegistry(kind(&fake{name: "fake:a"}, api, &fake{name: "fake:stdin"}))
	tests := []struct {
		name    string
		args    []string
		rng     audit.Range
		wantErr string
	}{
		{name: "files", args: []string{"fake:a", "fake:stdin"}},
		{name: "stdin once", args: []string{"-"}},
		{name: "stdin twice", args: []string{"-", "fake:a", "-"}, wantErr: "- (stdin) is named twice"},
		{name: "an API over a range", args: []string{"fake:api"}, rng: week},
		{name: "an API without one", args: []string{"fake:a", "fake:api"},
			wantErr: "fake:api: say which time to read: --week last, --week this, --week 2026-W12 or --from/--to"},
		{name: "a bad argument", args: []string{"fake:a", "fake:nope"}, wantErr: "fake:nope: no such fake"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Inputs{Args: tt.args, Registry: reg, Stdin: strings.NewReader("fake:stdin\n")}
			srcs, err := in.Open(nil, tt.rng)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr || audit.KindOf(err) != audit.KindUsage {
					t.Fatalf("error = %v, want the usage error %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || len(srcs) != len(tt.args) {
				t.Fatalf("%d sources, %v", len(srcs), err)
			}
		})
	}
}
