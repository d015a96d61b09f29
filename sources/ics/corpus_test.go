package ics

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

// corpusDir holds real files from other calendar software, vendored with
// their origins and licences (testdata/corpus/SOURCES.md).
var corpusDir = filepath.Join("..", "..", "testdata", "corpus", "ics")

func corpusFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusDir, name))
	if err != nil {
		t.Fatalf("corpus file missing: %v", err)
	}
	return data
}

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// read fetches a corpus file over [from, to) in loc (both "YYYY-MM-DD", or
// empty for the calendar's span).
func read(t *testing.T, name, tz, from, to string) *sources.Result {
	t.Helper()
	loc := zone(t, tz)
	req := sources.Request{Location: loc}
	if from != "" {
		f, _ := time.ParseInLocation(time.DateOnly, from, loc)
		tt, _ := time.ParseInLocation(time.DateOnly, to, loc)
		req.Range = audit.Range{From: f, To: tt}
	}
	res, err := New(name, strings.NewReader(string(corpusFile(t, name))), Options{}).Fetch(context.Background(), req)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return res
}

// between returns the events overlapping [from, to), end exclusive, as the
// origin projects' between()/at() count them.
func between(es []audit.Event, from, to time.Time) []audit.Event {
	var out []audit.Event
	for _, e := range es {
		if e.End.After(e.Start) && e.Start.Before(to) && e.End.After(from) ||
			!e.End.After(e.Start) && !e.Start.Before(from) && e.Start.Before(to) {
			out = append(out, e)
		}
	}
	return out
}

func day(t *testing.T, loc *time.Location, date string) (time.Time, time.Time) {
	t.Helper()
	d, err := time.ParseInLocation(time.DateOnly, date, loc)
	if err != nil {
		t.Fatal(err)
	}
	return d, d.AddDate(0, 0, 1)
}

func onDay(t *testing.T, es []audit.Event, loc *time.Location, date string) []audit.Event {
	from, to := day(t, loc, date)
	return between(es, from, to)
}

func titled(es []audit.Event, title string) []audit.Event {
	var out []audit.Event
	for _, e := range es {
		if e.Title == title {
			out = append(out, e)
		}
	}
	return out
}

// starts renders start instants in loc, sorted.
func starts(es []audit.Event, loc *time.Location, layout string) string {
	var out []string
	for _, e := range es {
		out = append(out, e.Start.In(loc).Format(layout))
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func TestCorpusRecurringICalEvents(t *testing.T) {
	t.Run("google-dst-weekly-attendees", func(t *testing.T) {
		berlin := zone(t, "Europe/Berlin")
		res := read(t, "google-dst-weekly-attendees.ics", "Europe/Berlin", "2018-09-01", "2019-08-01")
		var chaos []audit.Event
		for _, e := range res.Events {
			if e.SeriesID == "7uartkcnhf0elbvs8md0itrf6c@google.com" {
				chaos = append(chaos, e)
			}
		}
		for _, want := range []string{"2019-03-20T19:00:00+01:00", "2019-04-24T19:00:00+02:00"} {
			found := false
			for _, e := range chaos {
				found = found || e.Start.In(berlin).Format(time.RFC3339) == want
			}
			if !found {
				t.Errorf("Chaostreff has no occurrence at %s", want)
			}
		}
		var tour []audit.Event
		for _, e := range res.Events {
			if strings.Contains(e.Title, "mB-onTour") {
				tour = append(tour, e)
			}
		}
		want := "2018-09-22 2018-10-20 2018-11-17 2018-12-08 2019-01-12 2019-01-27 2019-02-09 2019-02-24 2019-03-23 2019-04-27 2019-05-25 2019-06-22"
		if got := starts(tour, berlin, time.DateOnly); got != want {
			t.Errorf("mB-onTour on %s\nwant %s", got, want)
		}
	})
	t.Run("google-chicago-exdates-until", func(t *testing.T) {
		chicago := zone(t, "America/Chicago")
		res := read(t, "google-chicago-exdates-until.ics", "America/Chicago", "2020-12-01", "2020-12-31")
		from := time.Date(2020, 12, 11, 10, 0, 0, 0, chicago)
		if got := between(res.Events, from, from.Add(5*time.Hour)); len(got) != 3 {
			t.Errorf("%d events between 10:00 and 15:00 on 2020-12-11, want 3", len(got))
		}
	})
	t.Run("google-last-friday-moved-zero-length", func(t *testing.T) {
		loc := zone(t, "Europe/Berlin")
		res := read(t, "google-last-friday-moved-zero-length.ics", "Europe/Berlin", "2021-12-01", "2022-01-01")
		if n := len(onDay(t, res.Events, loc, "2021-12-31")); n != 0 {
			t.Errorf("%d events on 2021-12-31, want 0 (the instance was moved)", n)
		}
		if n := len(onDay(t, res.Events, loc, "2021-12-17")); n != 1 {
			t.Errorf("%d events on 2021-12-17, want 1", n)
		}
		if n := len(res.Events); n != 1 {
			t.Errorf("%d events in December 2021, want 1", n)
		}
	})
	t.Run("google-moved-instances-allday-and-timed", func(t *testing.T) {
		sydney := zone(t, "Australia/Sydney")
		res := read(t, "google-moved-instances-allday-and-timed.ics", "Australia/Sydney", "2023-08-01", "2023-09-01")
		if got := starts(titled(res.Events, "All Day"), sydney, time.DateOnly); got != "2023-08-10 2023-08-16 2023-08-24" {
			t.Errorf("All Day on %s", got)
		}
		if got := starts(titled(res.Events, "Datetime"), sydney, time.DateOnly); got != "2023-08-08 2023-08-14 2023-08-22" {
			t.Errorf("Datetime on %s", got)
		}
		if len(res.Events) != 6 {
			t.Errorf("%d events in August 2023, want 6", len(res.Events))
		}
	})
	t.Run("google-xwr-timezone-utc-only", func(t *testing.T) {
		res := read(t, "google-xwr-timezone-utc-only.ics", "America/New_York", "2021-12-22", "2021-12-24")
		var got []string
		for _, e := range res.Events {
			got = append(got, e.Start.UTC().Format("15:04")+"-"+e.End.UTC().Format("15:04"))
		}
		if strings.Join(got, " ") != "17:00-18:00 02:00-03:00" {
			t.Errorf("events at %v (UTC)", got)
		}
	})
	t.Run("google-yearly-exdate-override-apple-alarm", func(t *testing.T) {
		la := zone(t, "America/Los_Angeles")
		res := read(t, "google-yearly-exdate-override-apple-alarm.ics", "America/Los_Angeles", "2024-07-01", "2024-09-01")
		from := time.Unix(1722564000, 0)
		if n := len(between(res.Events, from, time.Unix(1722567600, 0))); n != 1 {
			t.Errorf("%d events between 02:00 and 03:00Z on 2024-08-02, want 1", n)
		}
		if n := len(onDay(t, res.Events, la, "2024-08-01")); n != 1 {
			t.Errorf("%d events on 2024-08-01, want 1", n)
		}
	})
	t.Run("exchange2010-allday-biweekly-recurrence-id", func(t *testing.T) {
		london := zone(t, "Europe/London")
		res := read(t, "exchange2010-allday-biweekly-recurrence-id.ics", "Europe/London", "2020-05-25", "2020-09-05")
		if n := len(res.Events); n != 15 {
			t.Errorf("%d events between 2020-05-25 and 2020-09-05, want 15 (as Outlook online shows)", n)
		}
		from, _ := day(t, london, "2020-09-03")
		if n := len(between(res.Events, from, from.AddDate(0, 0, 2))); n != 1 {
			t.Errorf("%d events between 2020-09-03 and 09-05, want 1 (the moved one)", n)
		}
		for _, e := range res.Events {
			if !e.AllDay {
				t.Errorf("%s on %s is not all-day", e.Title, e.Start)
			}
		}
	})
	t.Run("exchange2010-evolution-mangled-floating-until", func(t *testing.T) {
		res := read(t, "exchange2010-evolution-mangled-floating-until.ics", "Europe/Berlin", "2020-04-25", "2020-04-30")
		if n := len(res.Events); n != 2 {
			t.Errorf("%d events between 2020-04-25 and 04-30, want 2: %s", n, starts(res.Events, time.UTC, time.RFC3339))
		}
	})
	t.Run("sabredav-exdate-utc-local-after-midnight", func(t *testing.T) {
		berlin := zone(t, "Europe/Berlin")
		res := read(t, "sabredav-exdate-utc-local-after-midnight.ics", "Europe/Berlin", "2019-01-01", "2020-01-01")
		if got := starts(res.Events, berlin, "01-02 15:04"); got != "03-04 00:30 03-18 00:30 04-01 00:30 04-08 00:30 04-15 00:30 04-22 00:30" {
			t.Errorf("occurrences %s; want 6, without 03-11 and 03-25", got)
		}
	})
	t.Run("sabredav-override-duration", func(t *testing.T) {
		res := read(t, "sabredav-override-duration.ics", "Europe/Berlin", "2019-03-18", "2019-03-21")
		var got []string
		for _, e := range res.Events {
			got = append(got, e.Start.Format("01-02 ")+e.Title+" "+e.End.Sub(e.Start).String())
		}
		if want := "03-18 original event 1h0m0s|03-19 edited duration 3h0m0s|03-20 original event 1h0m0s"; strings.Join(got, "|") != want {
			t.Errorf("got %s\nwant %s", strings.Join(got, "|"), want)
		}
	})
	t.Run("evolution-allday-override-lower-sequence", func(t *testing.T) {
		loc := zone(t, "Europe/Berlin")
		res := read(t, "evolution-allday-override-lower-sequence.ics", "Europe/Berlin", "2020-09-01", "2020-10-01")
		on := onDay(t, res.Events, loc, "2020-09-22")
		if len(on) != 1 || on[0].Title != "Modified event" {
			t.Errorf("on 2020-09-22: %+v, want one \"Modified event\"", on)
		}
	})
	t.Run("reservas-range-thisandfuture", func(t *testing.T) {
		res := read(t, "reservas-range-thisandfuture.ics", "UTC", "2024-09-01", "2024-09-27")
		var got []string
		for _, e := range res.Events {
			got = append(got, e.Start.Format("01-02")+" "+e.Title)
		}
		// Cumulative counts from the origin test: 6 up to 09-11, then 7, 8, 9 ...
		want := "09-01 ORIGINAL EVENT|09-03 ORIGINAL EVENT|09-05 ORIGINAL EVENT|09-07 ORIGINAL EVENT|09-09 ORIGINAL EVENT|09-11 ORIGINAL EVENT|" +
			"09-13 MODIFIED EVENT|09-14 MODIFIED EVENT|09-15 MODIFIED EVENT|09-17 MODIFIED EVENT|09-19 MODIFIED EVENT|09-22 EDITED EVENT|09-24 EDITED EVENT|09-26 EDITED EVENT"
		if strings.Join(got, "|") != want {
			t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), want)
		}
		for _, e := range res.Events {
			span := e.Start.Format("15:04") + "-" + e.End.Format("15:04")
			switch d := e.Start.Format("01-02"); d {
			case "09-13", "09-17":
				if span != "09:00-16:00" {
					t.Errorf("%s runs %s, want 09:00-16:00", d, span)
				}
			case "09-22", "09-24":
				if span != "14:22-16:13" {
					t.Errorf("%s runs %s, want 14:22-16:13", d, span)
				}
			}
		}
	})
	t.Run("davx5-exdate-list-folded-until", func(t *testing.T) {
		berlin := zone(t, "Europe/Berlin")
		res := read(t, "davx5-exdate-list-folded-until.ics", "Europe/Berlin", "2019-01-01", "2021-01-01")
		want := "2019-10-29 16:15 2019-11-12 16:15 2019-12-10 16:15 2020-01-07 16:15 2020-01-14 16:15 2020-01-21 16:15 2020-01-28 16:15"
		if got := starts(res.Events, berlin, "2006-01-02 15:04"); got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	})
	t.Run("fastmail-cyrus-two-rrules", func(t *testing.T) {
		london := zone(t, "Europe/London")
		res := read(t, "fastmail-cyrus-two-rrules.ics", "Europe/London", "2023-01-01", "2024-01-01")
		if len(res.Events) != 22 {
			t.Errorf("%d events in 2023, want 22 (20 + 2)", len(res.Events))
		}
		for _, d := range []string{"2023-02-09", "2023-02-13", "2023-02-16", "2023-03-13"} {
			if len(onDay(t, res.Events, london, d)) != 1 {
				t.Errorf("no event on %s", d)
			}
		}
	})
	t.Run("thunderbird-moved-instances-duration-pt0s", func(t *testing.T) {
		berlin := zone(t, "Europe/Berlin")
		res := read(t, "thunderbird-moved-instances-duration-pt0s.ics", "Europe/Berlin", "2019-03-07", "2019-03-11")
		if got := starts(titled(res.Events, "New Event"), berlin, "01-02 15:04"); got != "03-07 02:00 03-08 01:00 03-09 03:00 03-10 02:00" {
			t.Errorf("New Event at %s", got)
		}
	})
	t.Run("dataical-rdate-list-xwr-timezone", func(t *testing.T) {
		res := read(t, "dataical-rdate-list-xwr-timezone.ics", "Europe/London", "2013-01-01", "2015-01-01")
		want := "2013-08-03 2013-08-31 2013-10-05 2013-11-02 2013-11-30 2014-01-04 2014-02-01 2014-03-01 2014-04-05 2014-05-03 2014-05-31 2014-07-05"
		if got := starts(res.Events, time.UTC, time.DateOnly); got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
		if e := res.Events[0]; e.Start.UTC().Format("15:04") != "19:00" || e.End.UTC().Format("15:04") != "21:00" {
			t.Errorf("first runs %s-%s UTC, want 19:00-21:00", e.Start.UTC(), e.End.UTC())
		}
	})
	t.Run("icalendar-ruby-dup-vtimezone-no-dtend", func(t *testing.T) {
		berlin := zone(t, "Europe/Berlin")
		res := read(t, "icalendar-ruby-dup-vtimezone-no-dtend.ics", "Europe/Berlin", "2019-01-01", "2020-01-01")
		on := onDay(t, res.Events, berlin, "2019-01-17")
		if len(on) != 1 || !on[0].End.Equal(on[0].Start) || on[0].Start.In(berlin).Format("15:04:05") != "18:00:25" {
			t.Errorf("on 2019-01-17: %+v, want one zero-length event at 18:00:25", on)
		}
	})
	t.Run("outlook2007-holidays-unfolded-long-lines", func(t *testing.T) {
		berlin := zone(t, "Europe/Berlin")
		res := read(t, "outlook2007-holidays-unfolded-long-lines.ics", "Europe/Berlin", "2008-01-01", "2021-01-01")
		on := onDay(t, res.Events, berlin, "2014-05-11")
		if len(on) != 1 || on[0].Title != "Germany: Mother's Day [Not a public holiday]" || !on[0].AllDay {
			t.Errorf("on 2014-05-11: %+v", on)
		}
		for _, tz := range []string{"Europe/Berlin", "Asia/Ho_Chi_Minh", "America/Panama"} {
			loc := zone(t, tz)
			res := read(t, "outlook2007-holidays-unfolded-long-lines.ics", tz, "2018-12-01", "2019-02-01")
			from := time.Date(2019, 1, 1, 0, 0, 0, 0, loc)
			if len(between(res.Events, from, from.Add(time.Hour))) != 1 {
				t.Errorf("%s: the 2019-01-01 holiday is not found in its first hour", tz)
			}
		}
	})
	t.Run("google-override-before-master-crlf", func(t *testing.T) {
		res := read(t, "google-override-before-master-crlf.ics", "America/New_York", "2026-02-01", "2026-02-04")
		var got []string
		for _, e := range res.Events {
			got = append(got, e.Start.Format("01-02 15:04 ")+e.Title)
		}
		if want := "02-01 10:00 Initial Title|02-02 10:00 Edited Title|02-03 10:00 Initial Title"; strings.Join(got, "|") != want {
			t.Errorf("got %s", strings.Join(got, "|"))
		}
	})
}

func TestCorpusOthers(t *testing.T) {
	t.Run("google-birthdays-rdate-malformed", func(t *testing.T) {
		res := read(t, "google-birthdays-rdate-malformed.ics", "UTC", "2010-01-01", "2016-01-01")
		var got []string
		for _, e := range res.Events {
			if strings.HasPrefix(e.SeriesID, "BIRTHDAY_") {
				got = append(got, e.Start.Format(time.DateOnly))
			}
		}
		sort.Strings(got)
		if strings.Join(got, " ") != "2012-12-10 2013-12-10 2014-12-10" {
			t.Errorf("birthdays on %v, want 2012-12-10 2013-12-10 2014-12-10", got)
		}
	})
	t.Run("google-exdate-value-date-korganizer-import", func(t *testing.T) {
		ba := zone(t, "America/Argentina/Buenos_Aires")
		res := read(t, "google-exdate-value-date-korganizer-import.ics", "America/Argentina/Buenos_Aires", "2003-01-01", "2003-03-01")
		want := "02-03 17:00 02-04 17:00 02-05 17:00 02-06 17:00 02-07 17:00 02-10 17:00 02-11 17:00 02-12 17:00"
		if got := starts(res.Events, ba, "01-02 15:04"); got != want {
			t.Errorf("got  %s\nwant %s (EXDATE;VALUE=DATE removes 02-08 and 02-09)", got, want)
		}
	})
	t.Run("google-duration-instead-of-dtend", func(t *testing.T) {
		la := zone(t, "America/Los_Angeles")
		res := read(t, "google-duration-instead-of-dtend.ics", "America/Los_Angeles", "2012-06-01", "2012-08-01")
		if len(res.Events) != 1 || res.Events[0].End.In(la).Format("2006-01-02 15:04") != "2012-07-01 06:00" {
			t.Errorf("events %+v, want one ending 2012-07-01 06:00 (DURATION:P1D)", res.Events)
		}
	})
	t.Run("exchange2010-multi-windows-tz-exdate-list", func(t *testing.T) {
		res := read(t, "exchange2010-multi-windows-tz-exdate-list.ics", "UTC", "2020-06-01", "2020-07-01")
		jira := titled(res.Events, "Log Yesterday's Jira time")
		if len(jira) == 0 || jira[0].Start.UTC().Format("2006-01-02 15:04") != "2020-06-09 07:00" || jira[0].End.Minute() != 30 {
			t.Errorf("Jira: %+v, want a start at 2020-06-09 07:00Z and an end at minute 30", jira)
		}
		if !strings.Contains(strings.Join(res.Notes, "\n"), "repaired a misplaced quote in DTSTART") {
			t.Errorf("notes do not mention the repaired TZID quoting: %q", res.Notes)
		}
	})
	t.Run("exchange2010-customized-time-zone", func(t *testing.T) {
		res := read(t, "exchange2010-customized-time-zone.ics", "UTC", "2020-08-01", "2020-09-01")
		var found bool
		for _, e := range res.Events {
			if e.Location == "[private]" && e.Start.UTC().Format("2006-01-02T15:04") == "2020-08-25T14:35" && e.End.UTC().Format("15:04") == "15:50" {
				found = true
			}
		}
		if !found {
			t.Errorf("no [private] event 2020-08-25 14:35-15:50Z among %s", starts(res.Events, time.UTC, time.RFC3339))
		}
	})
	t.Run("exchange2010-owa-display-name-tzid-no-vtimezone", func(t *testing.T) {
		res := read(t, "exchange2010-owa-display-name-tzid-no-vtimezone.ics", "UTC", "2020-10-01", "2020-11-15")
		ends := map[string][]string{}
		for _, e := range res.Events {
			ends[e.Title] = append(ends[e.Title], e.End.UTC().Format("2006-01-02T15:04"))
		}
		if !containsPrefix(ends[" TEST"], "2020-10-28") && !containsPrefix(ends["TEST"], "2020-10-28") {
			t.Errorf("TEST ends %v, want one on 2020-10-28", ends)
		}
		if !containsPrefix(ends["TEST 3"], "2020-11-02T20:00") {
			t.Errorf("TEST 3 ends %v, want 2020-11-02T20:00 (15:00 EST, after the DST change)", ends["TEST 3"])
		}
	})
	t.Run("outlook2003-broken-prodid-line-biweekly", func(t *testing.T) {
		warsaw := zone(t, "Europe/Warsaw")
		res := read(t, "outlook2003-broken-prodid-line-biweekly.ics", "Europe/Warsaw", "2008-01-01", "2008-04-01")
		if got := starts(res.Events, warsaw, "01-02 15:04"); got != "01-03 17:00 01-17 17:00 01-31 17:00 02-14 17:00 02-28 17:00 03-13 17:00 03-27 17:00" {
			t.Errorf("got %s", got)
		}
		for _, e := range res.Events {
			if e.End.Sub(e.Start) != 30*time.Minute {
				t.Errorf("%s lasts %v", e.Start, e.End.Sub(e.Start))
			}
		}
	})
	t.Run("outlook2003-daily-weekdays-display-name-tz", func(t *testing.T) {
		res := read(t, "outlook2003-daily-weekdays-display-name-tz.ics", "Australia/Sydney", "2009-03-09", "2009-04-15")
		got := starts(res.Events, time.UTC, "2006-01-02T15:04")
		if !strings.Contains(got, "2009-03-09T22:30") || !strings.Contains(got, "2009-04-07T23:30") {
			t.Errorf("occurrences %s: want 2009-03-09T22:30Z (AEDT) and 2009-04-07T23:30Z (AEST)", got)
		}
	})
	t.Run("outlook2007-tab-folding-weekly", func(t *testing.T) {
		res := read(t, "outlook2007-tab-folding-weekly.ics", "UTC", "2008-10-31", "2008-11-08")
		if got := starts(res.Events, time.UTC, "2006-01-02T15:04"); got != "2008-10-31T01:30 2008-11-07T01:30" {
			t.Errorf("got %s, want Fridays 09:30 +08:00", got)
		}
	})
	t.Run("exchange-cdo-request-crosses-midnight", func(t *testing.T) {
		res := read(t, "exchange-cdo-request-crosses-midnight.ics", "UTC", "2004-10-01", "2004-11-01")
		if len(res.Events) != 1 || res.Events[0].Start.UTC().Format("15:04") != "05:30" || res.Events[0].End.Sub(res.Events[0].Start) != 90*time.Minute {
			t.Errorf("events %+v, want 05:30-07:00Z", res.Events)
		}
	})
	t.Run("exchange-cdo-byday-with-spaces", func(t *testing.T) {
		res := read(t, "exchange-cdo-byday-with-spaces.ics", "UTC", "", "")
		uids := map[string]bool{}
		for _, e := range res.Events {
			uids[e.Source.String()] = true
		}
		if len(uids) != 1 || len(res.Events) == 0 {
			t.Errorf("%d events from %d VEVENTs, want one VEVENT's", len(res.Events), len(uids))
		}
	})
	t.Run("outlook-style-nonascii-tzid-crlf", func(t *testing.T) {
		res := read(t, "outlook-style-nonascii-tzid-crlf.ics", "UTC", "2017-05-01", "2017-06-01")
		if len(res.Events) != 1 || res.Events[0].Start.UTC().Format("2006-01-02 15:04") != "2017-05-11 16:30" {
			t.Errorf("events %+v, want 2017-05-11 13:30 -03:00", res.Events)
		}
	})
	t.Run("windows-calendar-utf16le-bom", func(t *testing.T) {
		paris := zone(t, "Europe/Paris")
		res := read(t, "windows-calendar-utf16le-bom.ics", "Europe/Paris", "2009-12-04", "2009-12-12")
		if got := starts(titled(res.Events, "Daily Debug"), paris, "01-02 15:04"); got != "12-04 02:00 12-05 02:00 12-06 02:00 12-07 02:00 12-08 02:00 12-09 02:00 12-10 02:00" {
			t.Errorf("Daily Debug %s", got)
		}
		if got := starts(titled(res.Events, "Weekly by 2times"), paris, "01-02 15:04"); got != "12-04 02:00 12-11 02:00" {
			t.Errorf("Weekly by 2times %s", got)
		}
		from, _ := day(t, paris, "2009-12-04")
		if got := between(titled(res.Events, "Weekly Debug"), from, from.AddDate(0, 0, 6)); len(got) != 1 {
			t.Errorf("Weekly Debug: %d, want 1", len(got))
		}
	})
	t.Run("apple-icloud-caldav-vtimezone-last", func(t *testing.T) {
		la := zone(t, "America/Los_Angeles")
		res := read(t, "apple-icloud-caldav-vtimezone-last.ics", "America/Los_Angeles", "2022-09-12", "2022-09-17")
		var got []string
		for _, e := range res.Events {
			if !e.AllDay && len(got) < 5 { // the origin asserts the first five of the timeline
				got = append(got, e.Start.In(la).Format("01-02 15:04-")+e.End.In(la).Format("15:04 ")+e.Title)
			}
		}
		want := "09-12 09:00-10:00 New Event|09-13 09:00-10:00 Daily|09-14 09:00-10:00 Daily|09-15 09:00-10:00 Daily|09-16 09:00-10:00 Daily"
		if strings.Join(got, "|") != want {
			t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), want)
		}
	})
	t.Run("apple-macos11-status-partstat", func(t *testing.T) {
		res := read(t, "apple-macos11-status-partstat.ics", "America/Vancouver", "", "")
		statuses := map[audit.Status]int{}
		for _, e := range res.Events {
			statuses[e.Status]++
		}
		if statuses[audit.StatusCancelled] != 1 || statuses[audit.StatusTentative] != 1 || statuses[audit.StatusConfirmed] != 2 {
			t.Errorf("statuses %v, want 1 cancelled, 1 tentative, 2 confirmed (one of them without STATUS)", statuses)
		}
	})
	t.Run("apple-ios26-structured-location", func(t *testing.T) {
		res := read(t, "apple-ios26-structured-location.ics", "Europe/Vienna", "", "")
		if len(res.Events) != 1 || res.Events[0].Start.UTC().Format("2006-01-02 15:04") != "2026-05-22 08:30" || res.Events[0].End.Sub(res.Events[0].Start) != 10*time.Minute {
			t.Errorf("events %+v", res.Events)
		}
	})
	t.Run("apple-ical2-exdate-duration-count", func(t *testing.T) {
		brisbane := zone(t, "Australia/Brisbane")
		res := read(t, "apple-ical2-exdate-duration-count.ics", "Australia/Brisbane", "2005-12-01", "2006-02-01")
		if got := starts(res.Events, brisbane, "01-02 15:04"); got != "01-01 12:00 01-02 12:00 01-05 12:00 01-06 12:00 01-07 12:00" {
			t.Errorf("got %s (COUNT=7 counts the two EXDATEs too)", got)
		}
	})
	t.Run("apple-ical1-floating-utc-implicit-date", func(t *testing.T) {
		res := read(t, "apple-ical1-floating-utc-implicit-date.ics", "America/Los_Angeles", "", "")
		allDay := 0
		for _, e := range res.Events {
			if e.AllDay {
				allDay++
			}
		}
		if len(res.Events) != 5 || allDay != 2 {
			t.Errorf("%d events, %d all-day; want 5 with 2 all-day (one explicit, one implicit DATE)", len(res.Events), allDay)
		}
	})
	t.Run("apple-ical15-tv-crosses-midnight", func(t *testing.T) {
		res := read(t, "apple-ical15-tv-crosses-midnight.ics", "Australia/Melbourne", "2004-04-01", "2004-04-15")
		if len(res.Events) == 0 {
			t.Error("no events in the two weeks from 2004-04-01")
		}
	})
	t.Run("mozilla-calendar-latin1-split-fold", func(t *testing.T) {
		res := read(t, "mozilla-calendar-latin1-split-fold.ics", "Europe/Stockholm", "", "")
		var gotJul, gotMote bool
		for _, e := range res.Events {
			gotJul = gotJul || (e.Title == "God Jul" && e.End.Sub(e.Start) == 23*time.Hour)
			gotMote = gotMote || (e.Title == "Möte kontoret" && e.AllDay)
		}
		if !gotJul || !gotMote {
			t.Errorf("events %v: want God Jul (23 h) and an all-day Möte kontoret, read as Latin-1", titles(res.Events))
		}
	})
	t.Run("nextcloud-yearly-allday-multi-alarm", func(t *testing.T) {
		res := read(t, "nextcloud-yearly-allday-multi-alarm.ics", "Europe/Berlin", "2025-01-01", "2028-01-01")
		if got := starts(res.Events, zone(t, "Europe/Berlin"), time.DateOnly); got != "2025-07-01 2026-07-01 2027-07-01" {
			t.Errorf("got %s", got)
		}
	})
	t.Run("zimbra-rdate-period-exdate-overrides", func(t *testing.T) {
		res := read(t, "zimbra-rdate-period-exdate-overrides.ics", "UTC", "2012-09-01", "2013-02-01")
		got := starts(res.Events, time.UTC, "2006-01-02T15:04")
		for _, want := range []string{"2012-11-06T18:00", "2012-11-10T18:00", "2012-11-30T18:00", "2013-01-01T18:00"} {
			if !strings.Contains(got, want) {
				t.Errorf("no occurrence at %sZ among %s", want, got)
			}
		}
	})
	t.Run("lotus-notes6-rdate-period-list", func(t *testing.T) {
		ny := zone(t, "America/New_York")
		res := read(t, "lotus-notes6-rdate-period-list.ics", "America/New_York", "2005-04-01", "2005-05-01")
		if got := starts(res.Events, ny, "01-02 15:04"); got != "04-25 09:00 04-26 10:00 04-27 09:00 04-28 11:00 04-29 09:00" {
			t.Errorf("got %s (the first RDATE equals DTSTART and counts once)", got)
		}
		for _, e := range res.Events {
			if e.End.Sub(e.Start) != 30*time.Minute {
				t.Errorf("%s lasts %v, want 30m", e.Start, e.End.Sub(e.Start))
			}
		}
	})
	t.Run("podio-tab-fold-junk-after-end", func(t *testing.T) {
		res := read(t, "podio-tab-fold-junk-after-end.ics", "UTC", "", "")
		if len(res.Events) != 1 || res.Events[0].Start.Format("2006-01-02 15:04") != "2022-02-22 18:30" {
			t.Errorf("events %+v", res.Events)
		}
		if !strings.Contains(strings.Join(res.Notes, "\n"), "text after END:VCALENDAR") {
			t.Errorf("notes %q do not mention the junk after END:VCALENDAR", res.Notes)
		}
	})
	t.Run("blackberry-rim-request-allday", func(t *testing.T) {
		res := read(t, "blackberry-rim-request-allday.ics", "UTC", "", "")
		if len(res.Events) != 1 || len(res.Events[0].Attendees) == 0 {
			t.Fatalf("events %+v", res.Events)
		}
		a := res.Events[0].Attendees[0]
		if a.Email != "rembrand@xs4all.nl" || a.Name != "RembrandXS" || a.Response != audit.ResponseNeedsAction {
			t.Errorf("first attendee %+v", a)
		}
	})
}

// Every file of the corpus reads, with a range, without error.
func TestCorpusAllRead(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.ics"))
	if len(files) == 0 {
		t.Fatalf("no corpus files in %s", corpusDir)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			data, _ := os.ReadFile(f)
			loc := zone(t, "UTC")
			req := sources.Request{Location: loc, Range: audit.Range{From: time.Date(1990, 1, 1, 0, 0, 0, 0, loc), To: time.Date(2030, 1, 1, 0, 0, 0, 0, loc)}}
			if _, err := New(name, strings.NewReader(string(data)), Options{}).Fetch(context.Background(), req); err != nil {
				t.Error(err)
			}
		})
	}
}

// containsPrefix reports whether any of ss starts with p.
func containsPrefix(ss []string, p string) bool {
	return slices.ContainsFunc(ss, func(s string) bool { return strings.HasPrefix(s, p) })
}

func titles(es []audit.Event) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Title)
	}
	return out
}
