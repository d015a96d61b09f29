package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
)

type oneCategory struct{}

func (oneCategory) Classify(e *audit.Event) audit.Match {
	if strings.HasPrefix(e.Title, "=") || strings.HasPrefix(e.Title, "|") {
		return audit.Match{Category: "Odd | cat", Kind: audit.KindMeeting, Rule: "Odd#1", Why: "odd"}
	}
	return audit.Match{Category: "Other", Kind: audit.KindMeeting, Why: "no rule matched"}
}
func (oneCategory) Categories() []audit.Category {
	return []audit.Category{{Name: "Odd | cat", Kind: audit.KindMeeting}, {Name: "Other", Kind: audit.KindMeeting}}
}

func build(events []audit.Event) *audit.Report {
	r := audit.Build(events, nil, oneCategory{}, audit.Options{Location: time.UTC})
	return &r
}

func encode(t *testing.T, format string, v View, r *audit.Report) string {
	t.Helper()
	f, err := Lookup(format, v)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Encode(&b, v, Input{Report: r}, Options{}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestRegistry(t *testing.T) {
	tests := []struct {
		name, format, path string
		view               View
		terminal           bool
		want, err          string
	}{
		{name: "by name", format: "json", view: ReportView, want: "json"},
		{name: "an alias in any case", format: "MD", view: EventsView, want: "markdown"},
		{name: "unknown", format: "yaml", view: ReportView, err: `invalid format "yaml": valid formats are table, tsv, csv, json, markdown, html`},
		{name: "a list has no HTML", format: "html", view: ListView, err: "format html cannot show a list: valid formats are table, tsv, csv, json, markdown"},
		{name: "events have no HTML", format: "html", view: EventsView, err: "format html cannot show events: valid formats are table, tsv, csv, json, markdown"},
		{name: "the team view has HTML", format: "html", view: TeamView, want: "html"},
		{name: "a name wins over the extension", format: "csv", path: "r.json", view: ReportView, want: "csv"},
		{name: "by extension", path: "out/r.JSON", view: ReportView, want: "json"},
		{name: ".markdown", path: "r.markdown", view: ReportView, want: "markdown"},
		{name: ".htm", path: "r.htm", view: TeamView, want: "html"},
		{name: "an unknown extension is a table", path: "r.txt", view: ReportView, want: "table"},
		{name: "an extension the view lacks", path: "e.html", view: EventsView, err: "e.html: format html (from the extension) cannot show events: name one with --format (table, tsv, csv, json, markdown)"},
		{name: "a terminal", terminal: true, view: ReportView, want: "table"},
		{name: "a pipe: report, the same report in plain text", view: ReportView, want: "table"},
		{name: "a pipe: events", view: EventsView, want: "csv"},
		{name: "a pipe: list", view: ListView, want: "tsv"},
		{name: "stdout by name", path: "-", view: EventsView, want: "csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Choose(tt.format, tt.path, tt.view, tt.terminal)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err || audit.KindOf(err) != audit.KindUsage {
					t.Fatalf("error = %v, want the usage error %q", err, tt.err)
				}
				return
			}
			if err != nil || f.Name != tt.want {
				t.Fatalf("Choose = %q, %v; want %q", f.Name, err, tt.want)
			}
		})
	}
	if got := Help(EventsView); got != "output format: table|tsv|csv|json|markdown (default: table on a terminal, else csv)" {
		t.Errorf("Help = %q", got)
	}
	if got := Help(ListView); got != "output format: table|tsv|csv|json|markdown (default: table on a terminal, else tsv)" {
		t.Errorf("Help = %q", got)
	}
	// Every view has a format for terminals and one for pipes.
	for v := View(0); v < numViews; v++ {
		for _, tty := range []bool{true, false} {
			if _, err := Lookup(Default(v, tty), v); err != nil {
				t.Errorf("view %d: default format: %v", v, err)
			}
		}
	}
}

// Titles come from whoever sends the invitation: they must not turn into
// spreadsheet formulas, Markdown structure or broken TSV lines.
func TestHostileTitles(t *testing.T) {
	at := time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)
	r := build([]audit.Event{
		{Title: "=HYPERLINK(\"http://evil\",\"x\")", Start: at, End: at.Add(time.Hour)},
		{Title: "| *bold* <b>x</b>\tand\na newline", Start: at.Add(2 * time.Hour), End: at.Add(3 * time.Hour)},
	})
	csv := encode(t, "csv", EventsView, r)
	if !strings.Contains(csv, `'=HYPERLINK(`) {
		t.Errorf("CSV leaves a formula live:\n%s", csv)
	}
	md := encode(t, "markdown", EventsView, r)
	if !strings.Contains(md, `\| \*bold\* &lt;b&gt;x&lt;/b&gt; and a newline`) {
		t.Errorf("Markdown cell not escaped:\n%s", md)
	}
	tsv := encode(t, "tsv", EventsView, r)
	if lines := strings.Count(tsv, "\n"); lines != 3 {
		t.Errorf("TSV has %d lines, want a header and 2 rows:\n%s", lines, tsv)
	}
	for _, line := range strings.Split(strings.TrimSuffix(tsv, "\n"), "\n") {
		if n := strings.Count(line, "\t"); n != len(eventColumns)-1 {
			t.Errorf("TSV line has %d tabs, want %d: %q", n, len(eventColumns)-1, line)
		}
	}
	rep := encode(t, "markdown", ReportView, r)
	if !strings.Contains(rep, `Odd \| cat`) {
		t.Errorf("category name not escaped in Markdown:\n%s", rep)
	}
}

func TestEmptyReport(t *testing.T) {
	r := build(nil)
	for _, f := range Formats(ReportView) {
		out := encode(t, f.Name, ReportView, r)
		if out == "" {
			t.Errorf("%s: no output for an empty report", f.Name)
		}
	}
	var js struct {
		Categories []any `json:"categories"`
		Invalid    []any `json:"invalid"`
		Notes      []any `json:"notes"`
	}
	if err := json.Unmarshal([]byte(encode(t, "json", ReportView, r)), &js); err != nil || js.Categories == nil || js.Invalid == nil || js.Notes == nil {
		t.Errorf("empty JSON report must have empty lists, not null: %+v, %v", js, err)
	}
	if out := encode(t, "json", EventsView, r); strings.TrimSpace(out) != "[]" {
		t.Errorf("empty events JSON = %q, want []", out)
	}
}

func TestDateOnlyAndUntimedRows(t *testing.T) {
	day := time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)
	r := build([]audit.Event{
		{Title: "dated", Start: day, End: day.Add(90 * time.Minute), Duration: 90 * time.Minute, DateOnly: true},
		{Title: "undated", Duration: 30 * time.Minute},
	})
	csv := encode(t, "csv", EventsView, r)
	for _, want := range []string{"2026-03-16,,90,dated,", ",,30,undated,"} {
		if !strings.Contains(csv, want) {
			t.Errorf("events CSV lacks %q:\n%s", want, csv)
		}
	}
	table := encode(t, "table", EventsView, r)
	if !strings.Contains(table, "│ Mon 16 Mar │      │   1:30 │ dated") || strings.Contains(table, "00:00") {
		t.Errorf("a dated row shows a time of day:\n%s", table)
	}
}

func TestBar(t *testing.T) {
	for share, want := range map[float64]string{0: "", 1: strings.Repeat("█", 20), 0.5: strings.Repeat("█", 10), 0.0125: "▎", 0.025: "▌", 0.03: "▋"} {
		if got := bar(share, 20); got != want {
			t.Errorf("bar(%v) = %q, want %q", share, got, want)
		}
	}
}
