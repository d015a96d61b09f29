package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// The terminal report and the events table fit the terminal: no line
// wider than it, at 60, 80 and 140 columns, in colour or not.
func TestFitsTheWidth(t *testing.T) {
	for _, width := range []int{60, 80, 140} {
		for _, cmd := range [][]string{args([]string{"report"}, icsWeek...), args([]string{"events"}, icsWeek...),
			args([]string{"rules", "explain"}, icsWeek...), {"report", sample, "--from", "2026-03-02", "--to", "2026-03-30", "--tz", "Europe/Berlin"},
			{"report", "--per-source", sample, sampleICS, "--week", "2026-W12", "--tz", "Europe/Berlin"}} {
			out, errOut, code := runCLI(t, testEnv{tty: true, width: width}, cmd...)
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", cmd, code, errOut)
			}
			for i, line := range strings.Split(out, "\n") {
				if w := twwidth.Width(ansi.ReplaceAllString(line, "")); w > width {
					t.Errorf("%v at %d columns: line %d is %d wide: %q", cmd[:2], width, i+1, w, line)
				}
			}
		}
	}
}

// A report piped to less or mail is the report on the terminal, less the
// colour: not the category TSV (that is -f tsv).
func TestPipedReportIsTheTerminalReport(t *testing.T) {
	tty, _, _ := runCLI(t, testEnv{tty: true, width: 80}, args([]string{"report"}, icsWeek...)...)
	pipe, _, _ := runCLI(t, testEnv{}, args([]string{"report"}, icsWeek...)...)
	if !strings.Contains(tty, "\x1b[") {
		t.Fatal("no colour on the terminal: the test proves nothing")
	}
	if got := ansi.ReplaceAllString(tty, ""); got != pipe {
		t.Errorf("the piped report differs from the terminal's:\n--- terminal, colour removed\n%s\n--- pipe\n%s", got, pipe)
	}
	if strings.Contains(pipe, "\x1b") || strings.HasPrefix(pipe, "category\t") {
		t.Errorf("the piped report has escapes or is the TSV:\n%.200s", pipe)
	}
	// ASCII when asked, or on a dumb terminal: no box drawing.
	for _, te := range []testEnv{{}, {tty: true, width: 80, env: map[string]string{"TERM": "dumb"}}} {
		a := []string{"report"}
		if !te.tty {
			a = append(a, "--ascii")
		}
		out, _, _ := runCLI(t, te, args(a, icsWeek...)...)
		if strings.ContainsAny(out, "┌─│━█") {
			t.Errorf("box drawing with --ascii or TERM=dumb:\n%.400s", out)
		}
	}
}
