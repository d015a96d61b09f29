package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

// A panic anywhere, also in a goroutine reading a source, is one line on
// stderr and exit status 1, never a stack trace.
func TestPanicsAreOneLine(t *testing.T) {
	var out, errOut bytes.Buffer
	a := &factory{
		io:        &iostreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut},
		now:       func() time.Time { panic("the clock broke") },
		getenv:    func(string) string { return "" },
		configDir: func() (string, error) { return t.TempDir(), nil },
		cacheDir:  func() (string, error) { return t.TempDir(), nil },
	}
	if code := run(context.Background(), []string{"report", sample, "--week", "this"}, a); code != 1 {
		t.Errorf("exit %d", code)
	}
	if got := errOut.String(); got != "timeaudit: internal error: the clock broke (please report this)\n" {
		t.Errorf("stderr %q", got)
	}
	errOut.Reset()
	a.now = func() time.Time { return time.Date(2026, 3, 25, 10, 0, 0, 0, time.UTC) }
	a.extraKinds = []sources.Kind{{Name: "boom", Claims: func(arg string) bool { return arg == "boom:" },
		Open: func(string, io.Reader, sources.Env) (sources.Source, error) { return panicky{}, nil }}}
	if code := run(context.Background(), []string{"report", "boom:", sample, "--week", "2026-W12"}, a); code != 1 {
		t.Errorf("exit %d", code)
	}
	if got := errOut.String(); got != "timeaudit: boom:: internal error: nil map (please report this)\n" || out.Len() != 0 {
		t.Errorf("stderr %q, stdout %q", got, out.String())
	}
}

type panicky struct{}

func (panicky) Name() string { return "boom:" }

func (panicky) Fetch(context.Context, sources.Request) (*sources.Result, error) {
	panic("nil map")
}

// blocking is a source that waits until the run is interrupted.
type blocking struct{ started chan struct{} }

func (blocking) Name() string { return "slow:" }

func (b blocking) Fetch(ctx context.Context, _ sources.Request) (*sources.Result, error) {
	close(b.started)
	<-ctx.Done()
	return nil, ctx.Err()
}

// Ctrl-C while calendars are read: one line, exit status 130, nothing on stdout.
func TestInterrupt(t *testing.T) {
	var out, errOut bytes.Buffer
	b := blocking{started: make(chan struct{})}
	f := testFactory(t)
	f.io.Out, f.io.ErrOut = &out, &errOut
	f.extraKinds = []sources.Kind{{Name: "slow", Claims: func(arg string) bool { return arg == "slow:" },
		Open: func(string, io.Reader, sources.Env) (sources.Source, error) { return b, nil }}}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-b.started; cancel() }() // the user presses Ctrl-C
	if code := run(ctx, []string{"report", "slow:", sample, "--week", "2026-W12"}, f); code != 130 {
		t.Errorf("exit %d, want 130", code)
	}
	if errOut.String() != "timeaudit: interrupted\n" || out.Len() != 0 {
		t.Errorf("stderr %q, stdout %q", errOut.String(), out.String())
	}
}

// Every kind of error has its exit status, and wrapping keeps it.
func TestExitCodes(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{errors.New("disk full"), exitFailure},
		{audit.Usagef("--week: bad"), exitUsage},
		{&audit.Error{Kind: audit.KindInput, Msg: "bad row"}, exitUsage},
		{fmt.Errorf("wrapped: %w", &audit.Error{Kind: audit.KindCheck, Msg: "missed"}), exitCheck},
		{&audit.Error{Kind: audit.KindInterrupted, Msg: "interrupted"}, exitInterrupted},
	}
	for _, tt := range tests {
		if got := exitCode(tt.err); got != tt.want {
			t.Errorf("exitCode(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

// The collector's setting follows the size of the files named: small
// inputs are collected less often, large or unknown ones keep the heap low.
func TestGCPercent(t *testing.T) {
	sizes := map[string]int64{"small.ics": 600 << 10, "big.ics": 90 << 20}
	stat := func(name string) (os.FileInfo, error) {
		if name == "dir" {
			return os.Stat(t.TempDir())
		}
		n, ok := sizes[name]
		if !ok {
			return nil, os.ErrNotExist
		}
		f := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(f, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(f, n); err != nil {
			t.Fatal(err)
		}
		return os.Stat(f)
	}
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"small.ics"}, -1},
		{[]string{"small.ics", "missing.ics"}, -1},
		{[]string{"small.ics", "big.ics"}, 60},
		{[]string{"small.ics", "google:primary"}, 60},
		{[]string{"-"}, 60},
		{[]string{"dir"}, 60},
		{[]string{"https://example.com/cal.ics"}, 60},
		{nil, 60},
	} {
		if got := gcPercent(tc.args, stat); got != tc.want {
			t.Errorf("gcPercent(%q) = %d, want %d", tc.args, got, tc.want)
		}
	}
}

// The collector is set from the command's sources once its flags are
// parsed: the value of -o (a large report written before, say) and of
// other flags is not an input.
func TestTuneGCSeesOnlySources(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"events", "small.ics", "-o", "big.csv", "--tz", "UTC", "-f", "csv"}, []string{"small.ics"}},
		{[]string{"report", "--output=big.json", "a.ics", "b.ics"}, []string{"a.ics", "b.ics"}},
		{[]string{"rules", "init"}, []string{}},
	} {
		f := testFactory(t)
		var got []string
		f.tuneGC = func(sources []string) { got = append([]string{}, sources...) }
		run(context.Background(), tc.args, f)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: the collector was set for %q, want %q", tc.args, got, tc.want)
		}
	}
}
