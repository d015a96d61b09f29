package ics

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

// cal wraps VEVENT (and VTIMEZONE) text into a calendar, with CRLF.
func cal(body string) string {
	body = strings.TrimSpace(body)
	return strings.ReplaceAll("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//timeaudit//test//EN\n"+body+"\nEND:VCALENDAR\n", "\n", "\r\n")
}

func fetchICS(t *testing.T, text, tz, from, to string, skip bool) (*sources.Result, error) {
	t.Helper()
	loc := zone(t, tz)
	req := sources.Request{Location: loc, SkipInvalid: skip}
	if from != "" {
		f, err := time.ParseInLocation("2006-01-02", from, loc)
		if err != nil {
			t.Fatal(err)
		}
		tt, _ := time.ParseInLocation("2006-01-02", to, loc)
		req.Range = audit.Range{From: f, To: tt}
	}
	return New("test.ics", strings.NewReader(text), Options{}).Fetch(context.Background(), req)
}

func mustICS(t *testing.T, text, tz, from, to string) []audit.Event {
	t.Helper()
	res, err := fetchICS(t, text, tz, from, to, false)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	return res.Events
}

// spans renders events as "01-02 15:04-15:04" in loc.
func spans(es []audit.Event, loc *time.Location) string {
	var out []string
	for _, e := range es {
		out = append(out, e.Start.In(loc).Format("01-02 15:04")+"-"+e.End.In(loc).Format("15:04"))
	}
	return strings.Join(out, " ")
}

func TestGoICalDefects(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	tests := []struct {
		name, body, want string
	}{
		{
			// go-ical's RecurrenceSet loops over EXDATE twice and never adds RDATE.
			name: "RDATE adds instances",
			body: "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20260302T090000\nDTEND;TZID=Europe/Berlin:20260302T100000\nRDATE;TZID=Europe/Berlin:20260304T140000,20260306T090000\nEND:VEVENT",
			want: "03-02 09:00-10:00 03-04 14:00-15:00 03-06 09:00-10:00",
		},
		{
			name: "RDATE;VALUE=PERIOD keeps each period's own length",
			body: "BEGIN:VEVENT\nUID:a\nDTSTART:20260302T080000Z\nDTEND:20260302T090000Z\nRDATE;VALUE=PERIOD:20260303T080000Z/20260303T083000Z,20260304T080000Z/PT2H\nEND:VEVENT",
			want: "03-02 09:00-10:00 03-03 09:00-09:30 03-04 09:00-11:00",
		},
		{
			// A comma list made go-ical's RecurrenceSet fail.
			name: "EXDATE comma list",
			body: "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20260302T090000\nDURATION:PT30M\nRRULE:FREQ=DAILY;COUNT=5\nEXDATE;TZID=Europe/Berlin:20260303T090000,20260305T090000\nEND:VEVENT",
			want: "03-02 09:00-09:30 03-04 09:00-09:30 03-06 09:00-09:30",
		},
		{
			// go-ical compared a DATE EXDATE as midnight: nothing matched.
			name: "EXDATE;VALUE=DATE on a timed series",
			body: "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20260302T090000\nDURATION:PT30M\nRRULE:FREQ=DAILY;COUNT=3\nEXDATE;VALUE=DATE:20260303\nEND:VEVENT",
			want: "03-02 09:00-09:30 03-04 09:00-09:30",
		},
		{
			name: "EXDATE in UTC on a zoned series",
			body: "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20260302T090000\nDURATION:PT30M\nRRULE:FREQ=DAILY;COUNT=3\nEXDATE:20260303T080000Z\nEND:VEVENT",
			want: "03-02 09:00-09:30 03-04 09:00-09:30",
		},
		{
			// go-ical only calls time.LoadLocation.
			name: "Windows zone id",
			body: "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=W. Europe Standard Time:20260316T090000\nDTEND;TZID=W. Europe Standard Time:20260316T100000\nEND:VEVENT",
			want: "03-16 09:00-10:00",
		},
		{
			name: "prefixed IANA id",
			body: "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=/mozilla.org/20050126_1/Europe/Berlin:20260316T090000\nDTEND;TZID=/mozilla.org/20050126_1/Europe/Berlin:20260316T100000\nEND:VEVENT",
			want: "03-16 09:00-10:00",
		},
		{
			name: "the file's own VTIMEZONE under an unknown name",
			body: "BEGIN:VTIMEZONE\nTZID:My Office\nBEGIN:STANDARD\nDTSTART:16011028T030000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:16010325T020000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nEND:DAYLIGHT\nEND:VTIMEZONE\n" +
				"BEGIN:VEVENT\nUID:a\nDTSTART;TZID=My Office:20260327T090000\nDTEND;TZID=My Office:20260327T100000\nRRULE:FREQ=DAILY;COUNT=4\nEND:VEVENT",
			want: "03-27 09:00-10:00 03-28 09:00-10:00 03-29 09:00-10:00 03-30 09:00-10:00",
		},
		{
			// go-ical's RecurrenceSet yields the overridden instance too.
			name: "RECURRENCE-ID overrides replace their instance: moved, shortened, cancelled",
			body: "BEGIN:VEVENT\nUID:s\nDTSTART;TZID=Europe/Berlin:20260302T090000\nDTEND;TZID=Europe/Berlin:20260302T100000\nRRULE:FREQ=DAILY;COUNT=4\nSUMMARY:daily\nEND:VEVENT\n" +
				"BEGIN:VEVENT\nUID:s\nRECURRENCE-ID;TZID=Europe/Berlin:20260303T090000\nDTSTART;TZID=Europe/Berlin:20260303T150000\nDTEND;TZID=Europe/Berlin:20260303T153000\nSUMMARY:moved and shortened\nEND:VEVENT\n" +
				"BEGIN:VEVENT\nUID:s\nRECURRENCE-ID:20260304T080000Z\nDTSTART;TZID=Europe/Berlin:20260304T090000\nDTEND;TZID=Europe/Berlin:20260304T100000\nSTATUS:CANCELLED\nEND:VEVENT",
			want: "03-02 09:00-10:00 03-03 15:00-15:30 03-04 09:00-10:00 03-05 09:00-10:00",
		},
		{
			// go-ical adds 24 hours; on the spring DST day that lands at 01:00.
			name: "all-day without DTEND lasts one calendar day",
			body: "BEGIN:VEVENT\nUID:a\nDTSTART;VALUE=DATE:20260329\nEND:VEVENT",
			want: "03-29 00:00-00:00",
		},
		{
			name: "a UTF-8 byte-order mark",
			body: "BEGIN:VEVENT\nUID:a\nDTSTART:20260316T080000Z\nDTEND:20260316T090000Z\nEND:VEVENT",
			want: "03-16 09:00-10:00",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := cal(tt.body)
			if strings.Contains(tt.name, "byte-order") {
				text = "\ufeff" + text
			}
			if got := spans(mustICS(t, text, "Europe/Berlin", "2026-03-01", "2026-04-01"), berlin); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
	t.Run("the cancelled override is cancelled", func(t *testing.T) {
		es := mustICS(t, cal(tests[8].body), "Europe/Berlin", "2026-03-01", "2026-04-01")
		for _, e := range es {
			want := audit.StatusConfirmed
			if e.Start.Day() == 4 {
				want = audit.StatusCancelled
			}
			if e.Status != want || e.SeriesID != "s" {
				t.Errorf("%s: status %s, series %q", e.Start, e.Status, e.SeriesID)
			}
		}
	})
	t.Run("the all-day event on the DST day is 23 hours", func(t *testing.T) {
		es := mustICS(t, cal(tests[9].body), "Europe/Berlin", "2026-03-01", "2026-04-01")
		if len(es) != 1 || es[0].End.Sub(es[0].Start) != 23*time.Hour || !es[0].AllDay {
			t.Errorf("%+v", es)
		}
	})
	t.Run("unknown escapes fall back to the raw text", func(t *testing.T) {
		es := mustICS(t, cal("BEGIN:VEVENT\nUID:a\nDTSTART:20260316T080000Z\nSUMMARY:C:\\xfiles\\, and more\nEND:VEVENT"), "UTC", "", "")
		if len(es) != 1 || es[0].Title != `C:\xfiles, and more` {
			t.Errorf("title %q", es[0].Title)
		}
	})
}

func TestGoICalMalformedInput(t *testing.T) {
	tests := []struct {
		name, text string
		msg        string // the error, or "" when it reads (with a note)
		note       string
	}{
		{"a line without a colon", cal("BEGIN:VEVENT\nUID:a\nDTSTART:20260316T080000Z\nSUMMARY broken\nEND:VEVENT"),
			"test.ics:7: SUMMARY: malformed content line: missing colon", ""},
		{"a parameter go-ical panics on, in a property timeaudit does not use", cal("BEGIN:VEVENT\nUID:a\nDTSTART:20260316T080000Z\nX-FOO;A=\"b\"c:val\nEND:VEVENT"),
			"", `line 7: unreadable X-FOO property ignored (unexpected character 'c' after decoding param value)`},
		{"the same in DTSTART", cal("BEGIN:VEVENT\nUID:a\nDTSTART;TZID=\"b\"c:20260316T080000\nEND:VEVENT"),
			"test.ics:6: DTSTART: unexpected character 'c' after decoding param value", ""},
		{"a truncated file", strings.TrimSuffix(cal("BEGIN:VEVENT\nUID:a\nDTSTART:20260316T080000Z"), "END:VCALENDAR\r\n"),
			"test.ics:6: the file ends inside BEGIN:VEVENT (line 4): it is truncated", ""},
		{"END of the wrong component", cal("BEGIN:VEVENT\nUID:a\nDTSTART:20260316T080000Z\nEND:VTODO"),
			"test.ics:7: END:VTODO does not close BEGIN:VEVENT (line 4)", ""},
		{"no DTSTART", cal("BEGIN:VEVENT\nUID:a\nSUMMARY:when?\nEND:VEVENT"),
			"test.ics:4: DTSTART: the event has no DTSTART", ""},
		{"an unknown TZID without VTIMEZONE", cal("BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Mars/Olympus:20260316T080000\nEND:VEVENT"),
			"", `test.ics:6: time zone "Mars/Olympus" is not defined in the file: read as floating time, in UTC, the report zone`},
		{"a broken RRULE", cal("BEGIN:VEVENT\nUID:a\nDTSTART:20260316T080000Z\nRRULE:FREQ=FORTNIGHTLY\nEND:VEVENT"),
			"", `test.ics:7: RRULE "FREQ=FORTNIGHTLY" cannot be read (undefined frequency: FORTNIGHTLY): ignored, the event is read as its DTSTART alone`},
		{"an RRULE part RFC 5545 does not define", cal("BEGIN:VEVENT\nUID:a\nDTSTART:20260316T080000Z\nRRULE:FREQ=MONTHLY;RSCALE=HEBREW\nEND:VEVENT"),
			`test.ics:7: RRULE: invalid RRULE "FREQ=MONTHLY;RSCALE=HEBREW": unsupported part "RSCALE"`, ""},
		{"DTEND before DTSTART", cal("BEGIN:VEVENT\nUID:a\nDTSTART:20260316T090000Z\nDTEND:20260316T080000Z\nEND:VEVENT"),
			"", "test.ics:7: DTEND is before DTSTART: the two were swapped"},
		{"an impossible date", cal("BEGIN:VEVENT\nUID:a\nDTSTART:20260230T090000Z\nEND:VEVENT"),
			`test.ics:6: DTSTART: invalid date "20260230T090000Z": February 2026 has no day 30`, ""},
		{"not a calendar", "title,start\nA,B\n", "test.ics:1: expected BEGIN:VCALENDAR: this is not an iCalendar file", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := fetchICS(t, tt.text, "UTC", "2026-03-01", "2026-04-01", false)
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("error %v", err)
				}
				if !strings.Contains(strings.Join(res.Notes, "\n"), tt.note) {
					t.Errorf("notes %q lack %q", res.Notes, tt.note)
				}
				return
			}
			if audit.KindOf(err) != audit.KindInput || err.Error() != tt.msg {
				t.Errorf("error  %v (%T)\nwant   %s", err, err, tt.msg)
			}
		})
	}
}

// With --skip-invalid a broken event is skipped, counted and listed; the
// rest of the file still counts.
func TestSkipInvalid(t *testing.T) {
	text := cal("BEGIN:VEVENT\nUID:ok\nDTSTART:20260316T080000Z\nDTEND:20260316T090000Z\nEND:VEVENT\n" +
		"BEGIN:VEVENT\nUID:bad\nDTSTART:20260230T080000Z\nEND:VEVENT\n" +
		"BEGIN:VEVENT\nUID:badrule\nDTSTART:20260317T080000Z\nRRULE:FREQ=MONTHLY;RSCALE=HEBREW\nEND:VEVENT\n" +
		"BEGIN:VEVENT\nUID:ok2\nDTSTART:20260318T080000Z\nDTEND:20260318T090000Z\nEND:VEVENT")
	res, err := fetchICS(t, text, "UTC", "2026-03-01", "2026-04-01", true)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Events) != 2 {
		t.Errorf("%d events, want the two good ones", len(res.Events))
	}
	var got []string
	for _, s := range res.Skipped {
		got = append(got, s.Source.String()+": "+s.Err)
	}
	want := `test.ics:11: DTSTART: invalid date "20260230T080000Z": February 2026 has no day 30|test.ics:16: RRULE: invalid RRULE "FREQ=MONTHLY;RSCALE=HEBREW": unsupported part "RSCALE"`
	if strings.Join(got, "|") != want {
		t.Errorf("skipped:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.ReplaceAll(want, "|", "\n"))
	}
	// A truncated last event is skipped alone.
	trunc := strings.TrimSuffix(cal("BEGIN:VEVENT\nUID:ok\nDTSTART:20260316T080000Z\nEND:VEVENT\nBEGIN:VEVENT\nUID:cut\nDTSTART:20260317T080000Z"), "END:VCALENDAR\r\n")
	res, err = fetchICS(t, trunc, "UTC", "2026-03-01", "2026-04-01", true)
	if err != nil || len(res.Events) != 1 || len(res.Skipped) != 1 {
		t.Errorf("truncated: err %v, %d events, skipped %+v", err, len(res.Events), res.Skipped)
	}
}

func TestRRuleGoDefects(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	tests := []struct {
		name, body, from, to, want string
	}{
		{
			// StrToROption reads a floating UNTIL as UTC: in Berlin, 09:00 local
			// is 08:00 UTC, so the last instance would be lost.
			name: "floating UNTIL is local time",
			body: "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20260302T090000\nDURATION:PT30M\nRRULE:FREQ=DAILY;UNTIL=20260304T090000\nEND:VEVENT",
			want: "03-02 09:00-09:30 03-03 09:00-09:30 03-04 09:00-09:30",
		},
		{
			name: "a date UNTIL on a timed series keeps that day",
			body: "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20260302T090000\nDURATION:PT30M\nRRULE:FREQ=DAILY;UNTIL=20260304\nEND:VEVENT",
			want: "03-02 09:00-09:30 03-03 09:00-09:30 03-04 09:00-09:30",
		},
		{
			name: "UTC UNTIL one second before an instance ends the series",
			body: "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20260302T090000\nDURATION:PT30M\nRRULE:FREQ=DAILY;UNTIL=20260304T075959Z\nEND:VEVENT",
			want: "03-02 09:00-09:30 03-03 09:00-09:30",
		},
		{
			name: "a trailing semicolon, an X- part, lower case and spaces",
			body: "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20260302T090000\nDURATION:PT30M\nRRULE:freq=weekly;byday=MO, WE;X-NAME=foo;count=3;\nEND:VEVENT",
			want: "03-02 09:00-09:30 03-04 09:00-09:30 03-09 09:00-09:30",
		},
		{
			// rrule-go leaves out a DTSTART that the rule does not yield; RFC
			// 5545 makes DTSTART the first instance.
			name: "DTSTART off the rule is still an instance",
			body: "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20260304T090000\nDURATION:PT30M\nRRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=2\nEND:VEVENT",
			want: "03-04 09:00-09:30 03-09 09:00-09:30 03-16 09:00-09:30",
		},
		{
			// rrule-go emits 03:30 twice on the spring day: the 02:30 that does
			// not exist reads as 03:30 (RFC 5545 3.3.5) and counts once.
			name: "HOURLY across the spring change",
			body: "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20260329T003000\nDURATION:PT10M\nRRULE:FREQ=HOURLY;COUNT=5\nEND:VEVENT",
			want: "03-29 00:30-00:40 03-29 01:30-01:40 03-29 03:30-03:40 03-29 04:30-04:40",
		},
		{
			// rrule-go picks the second 02:30 of the autumn night; RFC 5545
			// 3.3.5 says the first.
			name: "HOURLY across the autumn change",
			from: "2026-10-24", to: "2026-10-27",
			body: "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20261025T003000\nDURATION:PT10M\nRRULE:FREQ=HOURLY;COUNT=5\nEND:VEVENT",
			want: "10-25 00:30-00:40 10-25 01:30-01:40 10-25 02:30-02:40 10-25 03:30-03:40 10-25 04:30-04:40",
		},
		{
			name: "daily wall clock holds across DST",
			body: "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20260328T090000\nDTEND;TZID=Europe/Berlin:20260328T100000\nRRULE:FREQ=DAILY;COUNT=3\nEND:VEVENT",
			want: "03-28 09:00-10:00 03-29 09:00-10:00 03-30 09:00-10:00",
		},
		{
			// DURATION:P1D is a calendar day (RFC 5545 3.3.6): 23 hours here.
			name: "DURATION in days is nominal",
			body: "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20260328T120000\nDURATION:P1D\nEND:VEVENT",
			want: "03-28 12:00-12:00",
		},
		{
			name: "BYSETPOS: the last weekday of the month",
			body: "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20260130T170000\nDURATION:PT1H\nRRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3\nEND:VEVENT",
			from: "2026-01-01", to: "2026-05-01",
			want: "01-30 17:00-18:00 02-27 17:00-18:00 03-31 17:00-18:00",
		},
		{
			name: "monthly on the 31st skips short months",
			body: "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20260131T090000\nDURATION:PT1H\nRRULE:FREQ=MONTHLY;COUNT=3\nEND:VEVENT",
			from: "2026-01-01", to: "2026-07-01",
			want: "01-31 09:00-10:00 03-31 09:00-10:00 05-31 09:00-10:00",
		},
		{
			name: "WKST changes a biweekly rule",
			body: "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20260302T090000\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU;WKST=SU;COUNT=4\nEND:VEVENT",
			want: "03-02 09:00-10:00 03-15 09:00-10:00 03-16 09:00-10:00 03-29 09:00-10:00",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to := tt.from, tt.to
			if from == "" {
				from, to = "2026-03-01", "2026-04-01"
			}
			if got := spans(mustICS(t, cal(tt.body), "Europe/Berlin", from, to), berlin); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
	t.Run("the spring HOURLY instances are distinct instants", func(t *testing.T) {
		es := mustICS(t, cal(tests[5].body), "Europe/Berlin", "2026-03-01", "2026-04-01")
		seen := map[int64]bool{}
		for _, e := range es {
			if seen[e.Start.Unix()] {
				t.Errorf("%s twice", e.Start)
			}
			seen[e.Start.Unix()] = true
		}
	})
}

func TestCaps(t *testing.T) {
	tests := []struct {
		name, body, msg string
	}{
		{"SECONDLY over a month", "BEGIN:VEVENT\nUID:a\nDTSTART:20260301T000000Z\nRRULE:FREQ=SECONDLY\nEND:VEVENT", "yields more than 100000 occurrences in the range"},
		{"COUNT=10^9 from long ago", "BEGIN:VEVENT\nUID:a\nDTSTART:20000101T000000Z\nRRULE:FREQ=MINUTELY;COUNT=1000000000\nEND:VEVENT", "needs more than 2000000 steps to reach the range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := fetchICS(t, cal(tt.body), "UTC", "2026-03-01", "2026-04-01", false)
			if err == nil || !strings.Contains(err.Error(), tt.msg) || !strings.HasPrefix(err.Error(), "test.ics:7: RRULE: ") {
				t.Errorf("error %v, want one containing %q", err, tt.msg)
			}
			if el := time.Since(start); el > 10*time.Second {
				t.Errorf("took %v to give up", el)
			}
		})
	}
}
