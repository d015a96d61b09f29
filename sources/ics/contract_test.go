package ics

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
	"github.com/timeaudit/timeaudit/sources/sourcetest"
)

// writeICS writes events as a calendar with floating times in loc; an event
// with a series id becomes a one-instance series of that UID.
func writeICS(events []audit.Event, loc *time.Location) []byte {
	var b bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\r\n", args...) }
	esc := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`)
	w("BEGIN:VCALENDAR")
	w("VERSION:2.0")
	w("PRODID:-//timeaudit//contract//EN")
	for i, e := range events {
		w("BEGIN:VEVENT")
		uid := fmt.Sprintf("event-%d@timeaudit.test", i)
		if e.SeriesID != "" {
			uid = e.SeriesID
		}
		w("UID:%s", uid)
		if e.AllDay {
			w("DTSTART;VALUE=DATE:%s", e.Start.In(loc).Format("20060102"))
			w("DTEND;VALUE=DATE:%s", e.End.In(loc).Format("20060102"))
		} else {
			w("DTSTART:%s", e.Start.In(loc).Format("20060102T150405"))
			w("DTEND:%s", e.End.In(loc).Format("20060102T150405"))
		}
		if e.SeriesID != "" {
			w("RRULE:FREQ=DAILY;COUNT=1")
		}
		w("SUMMARY:%s", esc.Replace(e.Title))
		w("STATUS:%s", strings.ToUpper(e.Status.String()))
		if e.Organizer.Email != "" {
			w("ORGANIZER:mailto:%s", e.Organizer.Email)
		}
		for _, a := range e.Attendees {
			w("ATTENDEE;PARTSTAT=%s:mailto:%s", strings.ToUpper(a.Response.String()), a.Email)
		}
		w("END:VEVENT")
	}
	w("END:VCALENDAR")
	return b.Bytes()
}

func TestContract(t *testing.T) {
	file := func(t *testing.T, content []byte) sources.Source {
		path := filepath.Join(t.TempDir(), "cal.ics")
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		src, err := Kind(Options{}).Open(path, nil, sources.Env{})
		if err != nil {
			t.Fatal(err)
		}
		return src
	}
	sourcetest.Run(t, sourcetest.Harness{
		Caps: sourcetest.Caps{Attendees: true, Status: true, Series: true},
		New: func(t *testing.T, events []audit.Event, loc *time.Location) sources.Source {
			return file(t, writeICS(events, loc))
		},
		Garbage: file,
	})
}

func FuzzICS(f *testing.F) {
	for _, name := range []string{"reservas-range-thisandfuture.ics", "zimbra-rdate-period-exdate-overrides.ics",
		"exchange2010-multi-windows-tz-exdate-list.ics", "lotus-notes6-rdate-period-list.ics", "google-birthdays-rdate-malformed.ics"} {
		data, err := os.ReadFile(filepath.Join(corpusDir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(cal("BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20260302T090000\nDURATION:PT30M\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260401\nEXDATE;VALUE=DATE:20260304\nEND:VEVENT")))
	f.Add([]byte(cal("BEGIN:VEVENT\nUID:a\nDTSTART:20260302T090000Z\nRRULE:FREQ=HOURLY;INTERVAL=5;BYHOUR=3\nEND:VEVENT")))
	f.Add([]byte("BEGIN:VCALENDAR\r\nX-FOO;A=\"b\"c:val\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		loc := time.UTC
		req := sources.Request{Location: loc, Range: audit.Range{From: time.Date(2026, 3, 1, 0, 0, 0, 0, loc), To: time.Date(2026, 4, 1, 0, 0, 0, 0, loc)}}
		for _, skip := range []bool{false, true} {
			req.SkipInvalid = skip
			start := time.Now()
			res, err := New("f.ics", bytes.NewReader(data), Options{}).Fetch(context.Background(), req)
			if el := time.Since(start); el > 5*time.Second {
				t.Fatalf("took %v", el)
			}
			if err != nil {
				if k := audit.KindOf(err); k != audit.KindInput && k != audit.KindUsage {
					t.Fatalf("error of type %T: %v", err, err)
				}
				if !strings.HasPrefix(err.Error(), "f.ics") {
					t.Fatalf("error does not name the file: %v", err)
				}
				continue
			}
			for _, e := range res.Events {
				if e.End.Before(e.Start) {
					t.Fatalf("event ends before it starts: %+v", e)
				}
				if e.Source.Line < 1 {
					t.Fatalf("event without a line: %+v", e)
				}
			}
		}
	})
}
