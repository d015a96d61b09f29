package main

import (
	"strings"
	"testing"
)

func vcal(body string) string {
	return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n" + strings.ReplaceAll(body, "\n", "\r\n") + "\r\nEND:VCALENDAR\r\n"
}

// 4 and 6. Nothing is dropped or cut without a word, and one odd event does
// not stretch a report without a range.
func TestNothingSilent(t *testing.T) {
	for _, tc := range []struct {
		name, file, content string
		cmd                 string // report, unless named
		args                []string
		code                int
		want                []string // on stderr
	}{
		{name: "a runaway DURATION does not stretch the range", file: "long.ics", code: 0,
			content: vcal("BEGIN:VEVENT\nUID:a\nDTSTART:20260316T090000Z\nDURATION:P99999999W\nSUMMARY:Runaway\nEND:VEVENT\nBEGIN:VEVENT\nUID:b\nDTSTART:20260317T090000Z\nDTEND:20260317T100000Z\nSUMMARY:Real\nEND:VEVENT"),
			want:    []string{"Left out: 1 too long"}},
		{name: "a row in year 0000, before the last week", file: "y0.csv", code: 0,
			content: "title,start,end\nA,0000-01-01 09:00,0000-01-01 10:00\nB,2026-03-16 09:00,2026-03-16 10:00\n",
			want:    []string{"this report is of the last complete week, 2026-W12"}},
		{name: "a row in year 0000, and a span that does not reach the last week", file: "y0old.csv", code: 0,
			content: "title,start,end\nA,0000-01-01 09:00,0000-01-01 10:00\nB,2020-03-16 09:00,2020-03-16 10:00\n",
			want: []string{"the input does not reach the last complete week (2026-W12): this report covers the input's span",
				"the events run from 0000-01-01 to 2020-03-16; without --from/--to a report covers at most ten years", "(1 of 2 events)", "Left out: 1 outside the range"}},
		{name: "only an endless series: a range is needed", file: "count.ics", code: 2,
			content: vcal("BEGIN:VEVENT\nUID:x\nDTSTART:20260316T090000Z\nDTEND:20260316T100000Z\nRRULE:FREQ=DAILY;COUNT=2147483647\nSUMMARY:x\nEND:VEVENT"),
			want:    []string{"count.ics:4: without a range, its recurring events have nowhere to stop"}},
		{name: "a series of 10,000 years is cut, and says so", file: "yearly.ics", code: 0, cmd: "events",
			content: vcal("BEGIN:VEVENT\nUID:x\nDTSTART:20260316T090000Z\nDTEND:20260316T100000Z\nRRULE:FREQ=YEARLY;COUNT=10000\nSUMMARY:x\nEND:VEVENT\nBEGIN:VEVENT\nUID:y\nDTSTART:20260318T090000Z\nDTEND:20260318T100000Z\nSUMMARY:y\nEND:VEVENT"),
			want:    []string{"1 recurring series runs past the calendar's last fixed event (open-ended, or for more than ten years): expanded up to 2026-03-18, where that event ends, giving 1 occurrence"}},
		{name: "an event inside an event", file: "nested.ics", code: 0,
			content: vcal("BEGIN:VEVENT\nUID:a\nDTSTART:20260316T090000Z\nDTEND:20260316T100000Z\nSUMMARY:Outer\nBEGIN:VEVENT\nUID:b\nDTSTART:20260316T110000Z\nSUMMARY:Inner\nEND:VEVENT\nEND:VEVENT"),
			args:    []string{"--week", "2026-W12"}, want: []string{"1 VEVENT inside other events (the first at line 9) ignored"}},
		{name: "two versions of one event", file: "versions.ics", code: 0,
			content: vcal("BEGIN:VEVENT\nUID:same\nSEQUENCE:2\nDTSTART:20260316T090000Z\nDTEND:20260316T100000Z\nSUMMARY:v2\nEND:VEVENT\nBEGIN:VEVENT\nUID:same\nSEQUENCE:1\nDTSTART:20260317T090000Z\nDTEND:20260317T100000Z\nSUMMARY:v1\nEND:VEVENT"),
			args:    []string{"--week", "2026-W12"}, want: []string{`events with the same UID "same" and no RECURRENCE-ID are versions of one event: the one at line 4 was kept (the higher SEQUENCE), the one at line 11 dropped`}},
		{name: "a SEQUENCE that is not a number", file: "seq.ics", code: 0,
			content: vcal("BEGIN:VEVENT\nUID:a\nSEQUENCE:abc\nDTSTART:20260316T090000Z\nDTEND:20260316T100000Z\nSUMMARY:x\nEND:VEVENT"),
			args:    []string{"--week", "2026-W12"}, want: []string{`seq.ics:6: SEQUENCE "abc" is not a revision number: read as 0`}},
		{name: "empty CSV rows", file: "blank.csv", code: 0,
			content: "title,start,end\nA,2026-03-16 09:00,2026-03-16 10:00\n,,\n , , \nB,2026-03-17 09:00,2026-03-17 10:00\n",
			args:    []string{"--week", "2026-W12"}, want: []string{"blank.csv: 2 empty rows with no values skipped"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := write(t, tc.file, tc.content)
			cmd := tc.cmd
			if cmd == "" {
				cmd = "report"
			}
			out, errOut, code := runCLI(t, testEnv{}, append([]string{cmd, file}, tc.args...)...)
			errOut += strings.Join(strings.Fields(out), " ") // a report on a pipe shows what it left out
			if code != tc.code {
				t.Errorf("exit %d, want %d: %s", code, tc.code, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
		})
	}
}

// 6. A second YAML document in a rules file is an error, not half the rules.
func TestRulesSecondDocument(t *testing.T) {
	cfg := write(t, "rules.yaml", "categories:\n  - name: Hiring\n    match:\n      - title: [interview]\n---\ncategories:\n  - name: Focus\n    kind: focus\n    match:\n      - title: [focus]\n")
	_, errOut, code := runCLI(t, testEnv{}, "rules", "check", cfg)
	if code != 2 || !strings.Contains(errOut, "rules.yaml:5: a second YAML document (after ---)") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// 11. TSV, what a pipe gets, is formula-escaped as CSV is.
func TestTSVFormulas(t *testing.T) {
	file := write(t, "f.csv", "title,start,end\n\"=HYPERLINK(\"\"https://evil.example\"\",\"\"x\"\")\",2026-03-16 09:00,2026-03-16 10:00\n+cmd|' /C calc'!A0,2026-03-16 11:00,2026-03-16 12:00\n@SUM(1+1),2026-03-16 13:00,2026-03-16 14:00\n-2+3,2026-03-16 15:00,2026-03-16 16:00\n")
	out, errOut, code := runCLI(t, testEnv{}, "events", file, "--week", "2026-W12", "-f", "tsv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		title := strings.Split(line, "\t")[3]
		if !strings.HasPrefix(title, "'") {
			t.Errorf("title %q goes to a spreadsheet as a formula", title)
		}
	}
}
