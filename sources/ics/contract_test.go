package ics

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
	"github.com/timeaudit/timeaudit/sources/sourcetest"
)

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
			return file(t, sourcetest.WriteICS(events, loc))
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
