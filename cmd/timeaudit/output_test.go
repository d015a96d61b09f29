package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func TestTerminalAndPipe(t *testing.T) {
	ansi := regexp.MustCompile("\x1b\\[")
	tests := []struct {
		name      string
		te        testEnv
		args      []string
		wantStart string
		wantANSI  bool
	}{
		{"terminal: a table in colour", testEnv{tty: true}, []string{"report", sample}, "\x1b[1mTime audit", true},
		{"terminal with NO_COLOR", testEnv{tty: true, env: map[string]string{"NO_COLOR": "1"}}, []string{"report", sample}, "Time audit ·", false},
		{"dumb terminal", testEnv{tty: true, env: map[string]string{"TERM": "dumb"}}, []string{"report", sample}, "Time audit ·", false},
		{"pipe: the report in plain text", testEnv{}, []string{"report", sample}, "Time audit ·", false},
		{"pipe: categories tab-separated", testEnv{}, []string{"report", sample, "-f", "tsv"}, "category\tkind\tevents\tminutes\tshare\n", false},
		{"pipe: events as CSV", testEnv{}, []string{"events", sample}, "start,end,minutes,title,category,rule,calendar,source,", false},
		{"terminal: events as a table", testEnv{tty: true, env: map[string]string{"NO_COLOR": "1"}}, []string{"events", sample}, "Events ·", false},
		{"an explicit format wins on a terminal", testEnv{tty: true}, []string{"report", sample, "-f", "json"}, "{\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, tt.te, tt.args...)
			if code != 0 {
				t.Fatal(errOut)
			}
			if !strings.HasPrefix(out, tt.wantStart) {
				t.Errorf("output starts %q, want %q", out[:min(len(out), 60)], tt.wantStart)
			}
			if got := ansi.MatchString(out); got != tt.wantANSI {
				t.Errorf("ANSI escapes present = %v, want %v", got, tt.wantANSI)
			}
		})
	}
}

func TestTerminalColour(t *testing.T) {
	out, _, _ := runCLI(t, testEnv{tty: true}, args([]string{"report"}, icsWeek...)...)
	if !strings.Contains(out, "\x1b[38;5;") {
		t.Error("no colour in the strips on a terminal")
	}
	for _, te := range []testEnv{{tty: true, env: map[string]string{"NO_COLOR": "1"}}, {tty: false}, {tty: true, env: map[string]string{"TERM": "dumb"}}} {
		out, _, _ := runCLI(t, te, args([]string{"report", "-f", "table"}, icsWeek...)...)
		if strings.Contains(out, "\x1b[") {
			t.Errorf("%+v: colour escapes", te)
		}
	}
	// Lines of the strip fit the terminal.
	for _, width := range []int{60, 80, 120} {
		out, _, _ := runCLI(t, testEnv{tty: true, width: width, env: map[string]string{"NO_COLOR": "1"}}, args([]string{"report"}, icsWeek...)...)
		section := out[strings.Index(out, "Day by day"):strings.Index(out, "Meeting load")]
		for _, l := range strings.Split(section, "\n") {
			if n := len([]rune(l)); n > width {
				t.Errorf("width %d: a strip line of %d columns: %q", width, n, l)
			}
		}
	}
}

func TestOutputFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "reports", "week.json")
	_, errOut, code := runCLI(t, testEnv{}, "report", sample, "-o", path)
	if code != 0 {
		t.Fatal(errOut)
	}
	data, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(data, []byte("{\n")) {
		t.Fatalf("the -o file is not JSON (chosen by its extension): %q, %v", data, err)
	}
	// A failing run leaves the previous report as it was, and no temporary files.
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("title,duration\nA,forever\n"), 0o600)
	if _, _, code := runCLI(t, testEnv{}, "report", bad, "-o", path); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(after, data) {
		t.Error("a failed run changed the report file")
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the reports directory holds %d entries, want only the report", len(entries))
	}
}

func TestOutputPlaceholders(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runCLI(t, testEnv{}, args([]string{"report"}, args(icsWeek, "-o", filepath.Join(dir, "reports", "{week}.html"))...)...)
	if code != 0 || out != "" {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	data, err := os.ReadFile(filepath.Join(dir, "reports", "2026-W12.html"))
	if err != nil || !bytes.HasPrefix(data, []byte("<!doctype html>")) {
		t.Fatalf("reports/2026-W12.html: %v", err)
	}
	_, _, code = runCLI(t, testEnv{}, "report", sampleICS, "--tz", "Europe/Berlin", "--from", "2026-03-02", "--to", "2026-03-16",
		"-o", filepath.Join(dir, "{from}_{to}.csv"))
	if _, err := os.Stat(filepath.Join(dir, "2026-03-02_2026-03-16.csv")); code != 0 || err != nil {
		t.Errorf("{from}_{to}: exit %d, %v", code, err)
	}
	_, errOut, code = runCLI(t, testEnv{}, args([]string{"report"}, args(icsWeek, "-o", filepath.Join(dir, "{year}.md"))...)...)
	if code != 2 || !strings.Contains(errOut, "unknown placeholder {year}: valid ones are {week}, {from}, {to}") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "{year}.md")); err == nil {
		t.Error("a file was written after bad usage")
	}
}

// A reader of the -o file sees the old report or the new one, whole,
// never a part: the cron job's consumer can read at any moment.
func TestAtomicOutput(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.txt")
	a := bytes.Repeat([]byte("a"), 1<<20)
	b := bytes.Repeat([]byte("b"), 2<<20)
	if err := writeFileAtomic(path, a); err != nil {
		t.Fatal(err)
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	var reads, bad atomic.Int64
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				got, err := os.ReadFile(path)
				if err != nil {
					bad.Add(1)
					continue
				}
				reads.Add(1)
				if !bytes.Equal(got, a) && !bytes.Equal(got, b) {
					bad.Add(1)
				}
			}
		}()
	}
	for i := 0; i < 60; i++ {
		data := a
		if i%2 == 0 {
			data = b
		}
		if err := writeFileAtomic(path, data); err != nil {
			t.Fatal(err)
		}
	}
	stop.Store(true)
	wg.Wait()
	if bad.Load() > 0 {
		t.Errorf("%d of %d reads saw a partial or missing file", bad.Load(), reads.Load()+bad.Load())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestQuiet(t *testing.T) {
	// An Outlook export with ambiguous dates makes a note.
	csv := "Subject,Start Date,Start Time,End Date,End Time\nSync,3/4/2026,10:00 AM,3/4/2026,11:00 AM\n"
	_, errOut, code := runCLI(t, testEnv{stdin: csv}, "events", "-", "--tz", "UTC")
	if code != 0 || !strings.Contains(errOut, "note:") {
		t.Fatalf("no note to silence: exit %d %q", code, errOut)
	}
	_, errOut, code = runCLI(t, testEnv{stdin: csv}, "events", "-", "--tz", "UTC", "--quiet")
	if code != 0 || errOut != "" {
		t.Errorf("--quiet: exit %d, stderr %q", code, errOut)
	}
}
