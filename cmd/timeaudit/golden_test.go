package main

import (
	"strings"
	"testing"
)

func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"report.table", []string{"report", sample, "--tz", "Europe/Berlin", "--week", "2026-W12", "-f", "table"}},
		{"report.tsv", []string{"report", sample, "--tz", "Europe/Berlin", "--week", "2026-W12", "-f", "tsv"}},
		{"report.csv", []string{"report", sample, "--tz", "Europe/Berlin", "--week", "2026-W12", "-f", "csv"}},
		{"report.json", []string{"report", sample, "--tz", "Europe/Berlin", "--week", "2026-W12", "-f", "json"}},
		{"report.md", []string{"report", sample, "--tz", "Europe/Berlin", "--week", "2026-W12", "-f", "markdown"}},
		{"events.csv", []string{"events", sample, "--tz", "Europe/Berlin", "--week", "2026-W12"}},
		{"events.json", []string{"events", sample, "--tz", "Europe/Berlin", "--week", "2026-W12", "-f", "json"}},
		{"events.table", []string{"events", sample, "--tz", "Europe/Berlin", "--week", "2026-W12", "-f", "table"}},
		{"events.tsv", []string{"events", sample, "--tz", "Europe/Berlin", "--week", "2026-W12", "-f", "tsv"}},
		{"events.md", []string{"events", sample, "--tz", "Europe/Berlin", "--week", "2026-W12", "-f", "markdown"}},
		{"explain.table", []string{"rules", "explain", sample, "--tz", "Europe/Berlin", "-f", "table"}},
		{"explain.csv", []string{"rules", "explain", sample, "--tz", "Europe/Berlin", "-f", "csv"}},
		{"explain.json", []string{"rules", "explain", sample, "--tz", "Europe/Berlin", "-f", "json"}},
		{"explain.md", []string{"rules", "explain", sample, "--tz", "Europe/Berlin", "-f", "markdown"}},
		{"explain.tsv", []string{"rules", "explain", sample, "--tz", "Europe/Berlin", "-f", "tsv"}},
		{"ics-report.table", []string{"report", sampleICS, "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example", "-f", "table"}},
		{"ics-report.json", []string{"report", sampleICS, "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example", "-f", "json"}},
		{"ics-events.csv", []string{"events", sampleICS, "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example"}},
		{"ics-explain.csv", []string{"rules", "explain", sampleICS, "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example", "-f", "csv"}},
		{"ics-events-all.csv", []string{"events", sampleICS, "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example", "--all"}},
		{"ics-events-all.table", []string{"events", sampleICS, "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example", "--all", "-f", "table"}},
		{"article.table", []string{"report", article, "-f", "table"}},
		{"article-rules.table", []string{"report", article, "-f", "table", "--config", "../../testdata/article/rules.yaml"}},
		{"ics-report.md", []string{"report", sampleICS, "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example", "-f", "markdown"}},
		{"ics-by-day.csv", []string{"report", sampleICS, "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example", "--by", "day", "-f", "csv"}},
		{"ics-by-week.table", []string{"report", sampleICS, "--tz", "Europe/Berlin", "--from", "2026-03-02", "--to", "2026-03-30", "--me", "me@corp.example", "--by", "week", "-f", "table"}},
		{"ics-by-week.tsv", []string{"report", sampleICS, "--tz", "Europe/Berlin", "--from", "2026-03-02", "--to", "2026-03-30", "--me", "me@corp.example", "--by", "week", "-f", "tsv"}},
		{"article.json", []string{"report", article, "-f", "json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, testEnv{}, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, tt.name, out)
		})
	}
}

func TestReportGoldens(t *testing.T) {
	for _, tt := range []struct {
		name string
		te   testEnv
		args []string
	}{
		{"ics-report.html", testEnv{}, args([]string{"report"}, args(icsWeek, "-f", "html")...)},
		{"ics-weeks-compare.html", testEnv{}, []string{"report", sampleICS, "--tz", "Europe/Berlin", "--me", "me@corp.example", "--weeks", "4", "--week", "2026-W12", "--compare", "previous", "-f", "html"}},
		{"ics-weeks-compare.md", testEnv{}, []string{"report", sampleICS, "--tz", "Europe/Berlin", "--me", "me@corp.example", "--weeks", "4", "--week", "2026-W12", "--compare", "previous", "-f", "markdown"}},
		{"ics-compare.json", testEnv{}, args([]string{"report"}, args(icsWeek, "--compare", "previous", "-f", "json")...)},
		// The plan of the sample week, with its reasons, and a what-if.
		{"ics-plan.table", testEnv{tty: true, width: 100, env: map[string]string{"NO_COLOR": "1"}}, args([]string{"plan"}, icsWeek...)},
		{"ics-plan.json", testEnv{}, args([]string{"plan"}, args(icsWeek, "-f", "json")...)},
		{"ics-plan.md", testEnv{}, args([]string{"plan"}, args(icsWeek, "-f", "markdown")...)},
		{"ics-plan.ics", testEnv{}, args([]string{"plan"}, args(icsWeek, "-f", "ics")...)},
		{"ics-whatif.md", testEnv{}, args([]string{"whatif"}, args(icsWeek, "--move", "1:1 Alex=Wed 13:30", "--drop", "Incident postmortem: checkout outage", "-f", "markdown")...)},
		{"ics-compare.csv", testEnv{}, args([]string{"report"}, args(icsWeek, "--compare", "2026-W10", "-f", "csv")...)},
		// Terminals 60, 80 and 140 columns wide, with NO_COLOR: everything
		// fits (TestFitsTheWidth checks every line), no escapes.
		{"ics-report-60.table", testEnv{tty: true, width: 60, env: map[string]string{"NO_COLOR": "1"}}, args([]string{"report"}, icsWeek...)},
		{"ics-report-80.table", testEnv{tty: true, width: 80, env: map[string]string{"NO_COLOR": "1"}}, args([]string{"report"}, icsWeek...)},
		{"ics-report-140.table", testEnv{tty: true, width: 140, env: map[string]string{"NO_COLOR": "1"}}, args([]string{"report"}, icsWeek...)},
		{"ics-events-60.table", testEnv{tty: true, width: 60, env: map[string]string{"NO_COLOR": "1"}}, args([]string{"events"}, icsWeek...)},
		{"ics-events-80.table", testEnv{tty: true, width: 80, env: map[string]string{"NO_COLOR": "1"}}, args([]string{"events"}, icsWeek...)},
		// A pipe gets the same report, in plain text, ASCII when asked.
		{"ics-report-ascii.table", testEnv{}, args([]string{"report"}, args(icsWeek, "--ascii")...)},
		{"ics-report-redacted.md", testEnv{}, args([]string{"report"}, args(icsWeek, "--redact", "-f", "markdown")...)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, tt.te, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, tt.name, out)
		})
	}
}

// The article's helper prints each category's total, largest first; its
// own rules over its own format must give exactly those totals.
func TestArticleTotals(t *testing.T) {
	out, errOut, code := runCLI(t, testEnv{}, "report", article, "-f", "tsv", "--config", "../../testdata/article/rules.yaml")
	if code != 0 {
		t.Fatal(errOut)
	}
	// Worked out by hand from calendar_export.csv with the article's rules.
	want := "category\tkind\tevents\tminutes\tshare\n" +
		"Other\tmeeting\t3\t210\t0.3043\n" +
		"Hiring\tmeeting\t4\t180\t0.2609\n" +
		"Ceremonies\tmeeting\t3\t165\t0.2391\n" +
		"1-on-1s\tmeeting\t4\t135\t0.1957\n" +
		"Total\t\t14\t690\t1\n"
	if !strings.HasPrefix(out, want) {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
	js, _, _ := runCLI(t, testEnv{}, "report", article, "-f", "json")
	for _, want := range []string{`"analyses_available": false`, `"meetings": null`, `"focus": null`, `"context_switches": null`, `"days": []`} {
		if !strings.Contains(js, want) {
			t.Errorf("the JSON of untimed input lacks %s: analyses must be unavailable, not zero", want)
		}
	}
	if !strings.Contains(errOut, "timeaudit: note: the input has durations but no start times: totals by category only; time-of-day analyses are unavailable\n") {
		t.Errorf("stderr does not say that time-of-day analyses are unavailable: %q", errOut)
	}
	if strings.Contains(out, "#") {
		t.Errorf("comment rows in the TSV: %q", out)
	}
	// The built-in rules agree on this file.
	def, _, _ := runCLI(t, testEnv{}, "report", article, "-f", "tsv")
	if !strings.HasPrefix(def, want) {
		t.Errorf("built-in rules disagree with the article:\n%s", def)
	}
}
