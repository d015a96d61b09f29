package ics

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// hasNote reports whether some note contains each of parts.
func hasNote(notes []string, parts ...string) bool {
	for _, n := range notes {
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(n, p)
		}
		if ok {
			return true
		}
	}
	return false
}

// Real files that bend RFC 5545 where the intent is clear read whole, each
// bend said in a note with its line; the facts are the origin projects'.
func TestLenientCorpus(t *testing.T) {
	utc := time.UTC
	t.Run("a doubled RRULE name with a garbage part (node-ical badRRULE.ics)", func(t *testing.T) {
		name := "google-rrule-doubled-name-busymac-param.ics"
		res := read(t, name, "UTC", "2020-09-01", "2020-10-01")
		academic := titled(res.Events, "Academic Time")
		// node-ical: the start keeps its time, 15:50Z (09:50 in Denver);
		// the rule reads as weekly on weekdays, as Python reads it too.
		if len(academic) != 20 || !academic[0].Start.Equal(time.Date(2020, 9, 3, 15, 50, 0, 0, utc)) {
			t.Errorf("Academic Time: %d occurrences, the first %v", len(academic), academic[0].Start)
		}
		if n := len(titled(res.Events, "Brain Break")); n != 20 {
			t.Errorf("Brain Break: %d weekday occurrences in September 2020, want 20 (from the 3rd)", n)
		}
		if !hasNote(res.Notes, name+":50: RRULE \"RRULE:AnythingRandom;", "repeats its own name") ||
			!hasNote(res.Notes, name+`:50: RRULE parts without a value ignored: "AnythingRandom"`) {
			t.Errorf("notes %q", res.Notes)
		}
		// The RRULE with a vendor parameter reads: weekdays from 2 November, zero-length reminders.
		nov := read(t, name, "Europe/Budapest", "2020-11-02", "2020-11-09")
		if got := titled(nov.Events, "Invalid RRULE property"); len(got) != 5 || !got[0].End.Equal(got[0].Start) {
			t.Errorf("Invalid RRULE property: %v", got)
		}
	})
	for _, name := range []string{"exchange-tzone-custom-undefined-negative-duration.ics", "exchange-customized-tz-undefined-negative-duration.ics"} {
		t.Run("an undefined custom zone and a negative duration ("+name+")", func(t *testing.T) {
			res := read(t, name, "UTC", "2021-03-01", "2021-05-01")
			priv := titled(res.Events, "[private]")
			// node-ical: not read in the custom zone, on 25 March at 10:35.
			if len(priv) != 1 || !priv[0].Start.Equal(time.Date(2021, 3, 25, 10, 35, 0, 0, utc)) || !priv[0].End.Equal(time.Date(2021, 3, 25, 11, 50, 0, 0, utc)) {
				t.Errorf("[private]: %v", priv)
			}
			// node-ical: no end, so it ends where it starts.
			if m := titled(res.Events, "*masked-away*"); len(m) != 1 || !m[0].End.Equal(m[0].Start) {
				t.Errorf("*masked-away*: %v", m)
			}
			// node-ical: the negative duration ends on 23 March; read as
			// the 9 days before DTSTART, all day.
			m2 := titled(res.Events, "*masked-away2*")
			if len(m2) != 1 || !m2[0].AllDay || !m2[0].Start.Equal(time.Date(2021, 3, 23, 0, 0, 0, 0, utc)) || !m2[0].End.Equal(time.Date(2021, 4, 1, 0, 0, 0, 0, utc)) {
				t.Errorf("*masked-away2*: %v", m2)
			}
			if !hasNote(res.Notes, name+":6: time zone", "is not defined in the file: read as floating time, in UTC, the report zone") ||
				!hasNote(res.Notes, name+":40: DURATION \"-PT1W1D2H3M4S\" is not in RFC 5545's form: read as 8 days 2h3m4s") ||
				!hasNote(res.Notes, name+":40: DURATION \"-PT1W1D2H3M4S\" is negative: read as the 8 days 2h3m4s before DTSTART") {
				t.Errorf("notes %q", res.Notes)
			}
		})
	}
	t.Run("DTEND before DTSTART (python-recurring-ical-events issue 132)", func(t *testing.T) {
		name := "unknown-dtend-before-dtstart-vtodo.ics"
		res := read(t, name, "Europe/Paris", "2023-12-18", "2023-12-19")
		paris := zone(t, "Europe/Paris")
		// rie: the start and end are swapped: 23:30 to 23:45.
		if len(res.Events) != 1 || !res.Events[0].Start.Equal(time.Date(2023, 12, 18, 23, 30, 0, 0, paris)) || !res.Events[0].End.Equal(time.Date(2023, 12, 18, 23, 45, 0, 0, paris)) {
			t.Errorf("events %v", res.Events)
		}
		if !hasNote(res.Notes, name+":5: DTEND is before DTSTART: the two were swapped") {
			t.Errorf("notes %q", res.Notes)
		}
	})
}

// The shapes real feeds and exports bend RFC 5545 in, each a row: what is
// read, and the note that says how.
func TestLenientShapes(t *testing.T) {
	berlinDay := "BEGIN:VEVENT\nUID:%s\nSUMMARY:%s\n%s\nEND:VEVENT"
	ev := func(uid, title, props string) string {
		return strings.ReplaceAll(fmtS(berlinDay, uid, title, props), "|", "\n")
	}
	tests := []struct {
		name, body, tz, from, to string
		spans                    string // in tz
		note                     string // "" for none
	}{
		{"an empty RRULE on every event of a holiday feed (calendarlabs, see peterbraden/ical.js#109)",
			ev("h1", "Christmas", "DTSTART:20261225|DTEND:20261225|RRULE:") + "\n" + ev("h2", "Boxing Day", "DTSTART:20261226|DTEND:20261226|RRULE:") + "\n" + ev("h3", "New Year", "DTSTART:20270101|DTEND:20270101|RRULE:"),
			"UTC", "2026-12-01", "2027-02-01", "12-25 00:00-00:00 12-26 00:00-00:00 01-01 00:00-00:00",
			"test.ics:9: an empty RRULE was ignored: the event is read as its DTSTART alone (3 events, the first at this line)"},
		{"DTEND with a TZID and a Z beside a local DTSTART: wall time",
			ev("z1", "Sync", "DTSTART;TZID=Europe/Berlin:20260316T090000|DTEND;TZID=Europe/Berlin:20260316T100000Z"),
			"Europe/Berlin", "2026-03-16", "2026-03-17", "03-16 09:00-10:00",
			"test.ics:8: DTEND has a TZID and ends in Z: read as wall time in Europe/Berlin, the form of the event's other times"},
		{"both with a TZID and a Z: wall time",
			ev("z2", "Lecture", "DTSTART;TZID=Asia/Shanghai:20260316T080000Z|DTEND;TZID=Asia/Shanghai:20260316T093500Z"),
			"Asia/Shanghai", "2026-03-16", "2026-03-17", "03-16 08:00-09:35",
			"test.ics:7: DTSTART has a TZID and ends in Z: read as wall time in Asia/Shanghai"},
		{"a TZID that is UTC with a Z (F1TV's feed, tutanota#11248): UTC, no note",
			ev("z3", "Race", "DTSTART;TZID=Etc/GMT:20260725T121500Z|DTEND;TZID=UTC:20260725T140000Z"),
			"UTC", "2026-07-25", "2026-07-26", "07-25 12:15-14:00", ""},
		{"DTEND with a TZID and a Z beside a UTC DTSTART: UTC",
			ev("z4", "Call", "DTSTART:20260316T090000Z|DTEND;TZID=Europe/Berlin:20260316T100000Z"),
			"UTC", "2026-03-16", "2026-03-17", "03-16 09:00-10:00",
			"test.ics:8: DTEND has a TZID and ends in Z: read as UTC, as DTSTART is"},
		{"floating times in the calendar's X-WR-TIMEZONE",
			"X-WR-TIMEZONE:America/New_York\n" + ev("f1", "Breakfast", "DTSTART:20260316T090000|DTEND:20260316T093000"),
			"UTC", "2026-03-16", "2026-03-17", "03-16 13:00-13:30",
			"test.ics:8: floating times (no time zone) were read in America/New_York, the calendar's X-WR-TIMEZONE"},
		{"floating times in the report zone",
			ev("f2", "Breakfast", "DTSTART:20260316T090000|DTEND:20260316T093000"),
			"Europe/Berlin", "2026-03-16", "2026-03-17", "03-16 09:00-09:30",
			"test.ics:7: floating times (no time zone) were read in Europe/Berlin, the report zone"},
		{"an undefined TZID, in the file's only VTIMEZONE",
			"BEGIN:VTIMEZONE\nTZID:Customized Time Zone\nBEGIN:STANDARD\nDTSTART:16010101T000000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0100\nEND:STANDARD\nEND:VTIMEZONE\n" +
				ev("u1", "Meeting", "DTSTART;TZID=Custom:20260316T090000|DTEND;TZID=Custom:20260316T100000"),
			"UTC", "2026-03-16", "2026-03-17", "03-16 08:00-09:00",
			`test.ics:15: time zone "Custom" is not defined in the file: read in the file's only VTIMEZONE, "Customized Time Zone"`},
		{"an undefined TZID, floating in X-WR-TIMEZONE",
			"X-WR-TIMEZONE:Europe/Berlin\n" + ev("u2", "Meeting", "DTSTART;TZID=Nowhere:20260316T090000|DTEND;TZID=Nowhere:20260316T100000"),
			"UTC", "2026-03-16", "2026-03-17", "03-16 08:00-09:00",
			`test.ics:8: time zone "Nowhere" is not defined in the file: read as floating time, in Europe/Berlin, the calendar's X-WR-TIMEZONE`},
		{"a week in the time part (PT1W)",
			ev("d1", "Conference", "DTSTART:20260316T090000Z|DURATION:PT1W"),
			"UTC", "2026-03-16", "2026-03-30", "03-16 09:00-09:00",
			`test.ics:8: DURATION "PT1W" is not in RFC 5545's form: read as 7 days`},
		{"hours without T (P2H)",
			ev("d2", "Workshop", "DTSTART:20260316T090000Z|DURATION:P2H"),
			"UTC", "2026-03-16", "2026-03-17", "03-16 09:00-11:00",
			`test.ics:8: DURATION "P2H" is not in RFC 5545's form: read as 2h0m0s`},
		{"RRULE with its own name again",
			ev("r1", "Standup", "DTSTART:20260316T090000Z|DTEND:20260316T091500Z|RRULE:RRULE:FREQ=DAILY;COUNT=2"),
			"UTC", "2026-03-16", "2026-03-19", "03-16 09:00-09:15 03-17 09:00-09:15",
			`test.ics:9: RRULE "RRULE:FREQ=DAILY;COUNT=2" repeats its own name: read as "FREQ=DAILY;COUNT=2"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := fetchICS(t, cal(tt.body), tt.tz, tt.from, tt.to, false)
			if err != nil {
				t.Fatal(err)
			}
			if got := spans(res.Events, zone(t, tt.tz)); got != tt.spans {
				t.Errorf("spans %q, want %q", got, tt.spans)
			}
			if tt.note == "" && len(res.Notes) > 0 {
				t.Errorf("notes %q, want none", res.Notes)
			}
			if tt.note != "" && !hasNote(res.Notes, tt.note) {
				t.Errorf("notes %q lack %q", res.Notes, tt.note)
			}
		})
	}
}

func fmtS(format string, args ...any) string { return fmt.Sprintf(format, args...) }
