package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	args := []string{"report", sampleICS, "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example", "-f", "json", "--check"}
	missed := writeConfig(t, "targets:\n  focus_hours: \">= 20\"\n  meetings_per_week: \"<= 25\"\n  share: {Hiring: \"20%-30%\"}\n")
	out, errOut, code := runCLI(t, testEnv{}, append(args, "--config", missed)...)
	if code != 3 || errOut != "timeaudit: 2 of 3 targets missed: focus_hours, share.Hiring\n" {
		t.Errorf("missed targets: exit %d, %q", code, errOut)
	}
	if !strings.Contains(out, `"name": "focus_hours"`) || !strings.Contains(out, `"ok": false`) {
		t.Errorf("the report is still written, with the targets: %.200s", out)
	}
	met := writeConfig(t, "targets:\n  meetings_per_week: \"<= 25\"\n")
	if _, errOut, code := runCLI(t, testEnv{}, append(args, "--config", met)...); code != 0 {
		t.Errorf("met targets: exit %d, %q", code, errOut)
	}
	// With --per-source, each source's targets.
	_, errOut, code = runCLI(t, testEnv{}, "report", sampleICS, sample, "--week", "2026-W12", "--tz", "Europe/Berlin", "--per-source", "--check", "-f", "csv", "--config", missed)
	if code != 3 || !strings.Contains(errOut, "../../testdata/sample/calendar.ics: focus_hours") || !strings.Contains(errOut, "targets missed: ") {
		t.Errorf("per-source check: exit %d, %q", code, errOut)
	}
	// Without --check, a missed target is only reported.
	if _, _, code := runCLI(t, testEnv{}, "report", sampleICS, "--week", "2026-W12", "--config", missed); code != 0 {
		t.Errorf("without --check: exit %d", code)
	}
}

func TestByAndPerSource(t *testing.T) {
	out, errOut, code := runCLI(t, testEnv{}, "report", sampleICS, "--week", "2026-W12", "--tz", "Europe/Berlin", "--by", "day", "-f", "csv")
	if code != 0 || !strings.HasPrefix(out, "day,working_minutes,meetings,meeting_minutes,focus_blocks,focus_minutes,") || strings.Count(out, "\n") != 9 {
		t.Errorf("--by day: exit %d, %q\n%s", code, errOut, out)
	}
	if _, errOut, code := runCLI(t, testEnv{}, "report", sample, "--by", "month"); code != 2 || !strings.Contains(errOut, `invalid --by "month": use day or week`) {
		t.Errorf("--by month: exit %d, %q", code, errOut)
	}
	out, _, code = runCLI(t, testEnv{}, "report", sample, sampleICS, "--week", "2026-W12", "--tz", "Europe/Berlin", "--per-source", "-f", "csv")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 4 || !strings.HasPrefix(lines[0], "source,minutes,events,meetings_per_week,") ||
		!strings.HasPrefix(lines[1], "../../testdata/sample/week.csv,") || !strings.HasPrefix(lines[3], "average,") {
		t.Errorf("--per-source csv: exit %d\n%s", code, out)
	}
	out, _, _ = runCLI(t, testEnv{}, "report", sample, sampleICS, "--week", "2026-W12", "--per-source", "-f", "json")
	if !strings.Contains(out, `"sources": [`) || !strings.Contains(out, `"average": {`) || !strings.Contains(out, `"all": {`) {
		t.Errorf("--per-source json: %.300s", out)
	}
	if _, errOut, code := runCLI(t, testEnv{}, "report", sample, "--per-source", "--by", "day"); code != 2 || !strings.Contains(errOut, "cannot be used together") {
		t.Errorf("--per-source --by: exit %d, %q", code, errOut)
	}
}

func TestPolicyFlags(t *testing.T) {
	ics := filepath.Join(t.TempDir(), "p.ics")
	os.WriteFile(ics, []byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260316T090000Z\r\nDTEND:20260316T100000Z\r\nSUMMARY:Sync\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\n"+
		"BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20260317T090000Z\r\nDTEND:20260317T100000Z\r\nSUMMARY:Maybe\r\nATTENDEE;PARTSTAT=TENTATIVE:mailto:me@x.example\r\nEND:VEVENT\r\n"+
		"BEGIN:VEVENT\r\nUID:c\r\nDTSTART:20260318T090000Z\r\nDTEND:20260318T100000Z\r\nSUMMARY:No\r\nATTENDEE;PARTSTAT=DECLINED:mailto:me@x.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"), 0o644)
	base := []string{"report", ics, "--week", "2026-W12", "--tz", "UTC", "--me", "me@x.example", "-f", "json"}
	for _, tt := range []struct {
		flags  []string
		events string
	}{
		{nil, `"events": 1`},
		{[]string{"--include-free"}, `"events": 2`},
		{[]string{"--include-free", "--include-declined"}, `"events": 3`},
		{[]string{"--exclude-tentative"}, `"events": 0`},
	} {
		out, errOut, code := runCLI(t, testEnv{}, append(base, tt.flags...)...)
		total := out[strings.Index(out, `"total"`):]
		if code != 0 || !strings.Contains(total[:80], tt.events) {
			t.Errorf("%v: exit %d %q, total %.80s, want %s", tt.flags, code, errOut, total, tt.events)
		}
	}
}

// Nothing of the calendar survives --redact: no title, no address, no
// name, in any format.
func TestRedact(t *testing.T) {
	ics, _ := os.ReadFile(sampleICS)
	csvData, _ := os.ReadFile(sample)
	var secrets []string
	for _, m := range regexp.MustCompile(`(?m)^SUMMARY:(.*)$`).FindAllStringSubmatch(string(ics), -1) {
		secrets = append(secrets, strings.TrimSpace(m[1]))
	}
	for _, line := range strings.Split(string(csvData), "\n")[1:] {
		if title, _, ok := strings.Cut(line, ","); ok && title != "" {
			secrets = append(secrets, strings.Trim(title, `"`))
		}
	}
	secrets = append(secrets, regexp.MustCompile(`[\w.+-]+@[\w.-]+\.\w+`).FindAllString(string(ics)+string(csvData), -1)...)
	secrets = append(secrets, "Alex", "Priya", "Kim", "calendar.ics", "week.csv", "sample.timeaudit")
	// Titles that are also words of the report itself (a category, a figure).
	words := map[string]bool{"Buffer": true, "Focus time": true}
	views := [][]string{}
	for _, f := range []string{"table", "tsv", "csv", "json", "markdown", "html"} {
		views = append(views, []string{"report", "-f", f})
	}
	for _, f := range []string{"table", "tsv", "csv", "json", "markdown"} {
		views = append(views, []string{"events", "-f", f}, []string{"rules", "explain", "-f", f})
	}
	views = append(views, []string{"report", "--per-source", "-f", "json"}, []string{"report", "--per-source", "-f", "table"},
		[]string{"report", "--compare", "previous", "-f", "json"}, []string{"report", "--by", "day", "-f", "csv"})
	for _, f := range []string{"table", "tsv", "csv", "json", "markdown", "html", "ics"} {
		views = append(views, []string{"plan", "-f", f})
	}
	views = append(views, []string{"whatif", "--move", "One-on-one: Sam=Mon 13:00", "--add", "focus Tue 09:00-10:00", "-f", "json"},
		[]string{"whatif", "--move", "Priya / me (moved)=Mon 14:00", "-f", "table"})
	for _, v := range views {
		a := append(v, sampleICS, sample, "--redact", "--week", "2026-W12", "--tz", "Europe/Berlin", "--me", "me@corp.example")
		out, errOut, code := runCLI(t, testEnv{}, a...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", v, code, errOut)
		}
		for _, s := range secrets {
			if len(s) >= 3 && !words[s] && (strings.Contains(out, s) || strings.Contains(errOut, s)) {
				t.Errorf("%v: %q survives redaction", v, s)
			}
		}
	}
	// The figures do not change.
	plain, _, _ := runCLI(t, testEnv{}, args([]string{"report"}, args(icsWeek, "-f", "tsv")...)...)
	red, _, _ := runCLI(t, testEnv{}, args([]string{"report"}, args(icsWeek, "-f", "tsv", "--redact")...)...)
	if plain != red {
		t.Errorf("redaction changed the figures:\n%s\nvs\n%s", plain, red)
	}
	// Pseudonyms are stable within a run: the same title, the same name.
	out, _, _ := runCLI(t, testEnv{}, args([]string{"events", "-f", "csv", "--redact"}, icsWeek...)...)
	standups := strings.Count(out, ",Meeting 1,Ceremonies")
	if standups != 4 {
		t.Errorf("the standup is Meeting 1 on %d days, want 4:\n%s", standups, out)
	}
}

// In the HTML timeline, events that overlap in time are drawn in lanes:
// no event's box covers another's, and each context-switch mark is drawn
// once. (The screenshots in .ci/run check the same in a browser.)
