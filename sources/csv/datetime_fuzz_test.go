package csv

import (
	"testing"
	"time"
)

// FuzzDateTime: whatever a date or time cell holds, reading it never
// panics, and a date it accepts is a real day and a time a real time.
func FuzzDateTime(f *testing.F) {
	for _, s := range []string{"3/16/2026", "16/3/2026", "2026-03-16", "16.3.2026", "Mar 16, 2026", "16 März 2026", "2026-03-16T09:00:00+01:00",
		"3/16/2026 9:30 AM", "2026-03-16 24:00", "12/31/99", "2/29/2100", "9am", "21:30:00", "0:00 PM", "13:00 AM", "", "  ", "1/1/1"} {
		f.Add(s)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	f.Fuzz(func(t *testing.T, s string) {
		dt, err := splitDateTime(s)
		if err != nil {
			return
		}
		if !dt.abs.IsZero() {
			return
		}
		for _, o := range []DateOrder{DateMDY, DateDMY} {
			c, err := dt.date.resolve(o, s)
			if err != nil {
				continue
			}
			if c.m < 1 || c.m > 12 || c.d < 1 || c.d > daysIn(c.y, c.m) {
				t.Fatalf("%q (%v) read as the impossible day %+v", s, o, c)
			}
			if dt.hasClock {
				if dt.clock.h < 0 || dt.clock.h > 24 || dt.clock.m < 0 || dt.clock.m > 59 || dt.clock.s < 0 || dt.clock.s > 59 {
					t.Fatalf("%q: impossible time %+v", s, dt.clock)
				}
				_ = at(c, dt.clock, berlin)
			}
		}
	})
}

// The ISO fast path reads what the general path reads.
func FuzzISOFastPath(f *testing.F) {
	for _, s := range []string{"2026-03-16", "2026-03-16 09:00", "2026-03-16T09:00:00", "2026-02-30 09:00", "2026-03-16 24:00", "2026-13-01", "2026-03-16 9:00", "2026-03-16T23:59:59"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fast, ok := isoDateTime(s)
		if !ok {
			return
		}
		slow, err := generalDateTime(s)
		if err != nil || fast != slow {
			t.Errorf("%q: fast %+v, general %+v (%v)", s, fast, slow, err)
		}
	})
}
