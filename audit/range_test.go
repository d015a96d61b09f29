package audit

import (
	"testing"
	"time"
)

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParseWeek(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	// Wednesday 2026-03-25 10:00 Berlin, in ISO week 13.
	now := time.Date(2026, 3, 25, 10, 0, 0, 0, berlin)
	tests := []struct {
		in       string
		from, to string // YYYY-MM-DD in Berlin
		wantErr  bool
	}{
		{in: "this", from: "2026-03-23", to: "2026-03-30"},
		{in: "last", from: "2026-03-16", to: "2026-03-23"},
		{in: "next", from: "2026-03-30", to: "2026-04-06"},
		{in: "-2", from: "2026-03-09", to: "2026-03-16"},
		{in: "+1", from: "2026-03-30", to: "2026-04-06"},
		{in: "2026-W12", from: "2026-03-16", to: "2026-03-23"},
		{in: "2026w12", from: "2026-03-16", to: "2026-03-23"},
		{in: "2026-W01", from: "2025-12-29", to: "2026-01-05"}, // week 1 starts in the previous year
		{in: "2020-W53", from: "2020-12-28", to: "2021-01-04"}, // a 53-week year
		{in: "2026-W53", from: "2026-12-28", to: "2027-01-04"}, // 2026 starts on a Thursday: 53 weeks
		{in: "2025-W53", wantErr: true},                        // 2025 has 52
		{in: "2026-W00", wantErr: true},
		{in: "W12", wantErr: true},
		{in: "yesterday", wantErr: true},
		{in: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, err := ParseWeek(tt.in, now, berlin)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseWeek(%q) = %v, want an error", tt.in, r)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := r.From.Format(time.DateOnly); got != tt.from {
				t.Errorf("from = %s, want %s", got, tt.from)
			}
			if got := r.To.Format(time.DateOnly); got != tt.to {
				t.Errorf("to = %s, want %s", got, tt.to)
			}
			if r.From.Hour() != 0 || r.To.Hour() != 0 || r.From.Location() != berlin {
				t.Errorf("range %v is not midnight to midnight in Berlin", r)
			}
		})
	}
}

// The week holding a DST change is 167 hours long, and still Monday to Monday.
func TestWeekAcrossDST(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	r, err := ISOWeekRange(2026, 13, berlin) // 2026-03-29 is the spring change
	if err != nil {
		t.Fatal(err)
	}
	if got := r.To.Sub(r.From); got != 167*time.Hour {
		t.Errorf("week 13 lasts %v, want 167h", got)
	}
	if r.Days() != 7 || r.Label() != "2026-W13" {
		t.Errorf("Days() = %d, Label() = %q", r.Days(), r.Label())
	}
	// WeekOf an instant late on Sunday in UTC that is already Monday in Auckland.
	auckland := mustLoad(t, "Pacific/Auckland")
	inst := time.Date(2026, 3, 22, 20, 0, 0, 0, time.UTC)
	if got := WeekOf(inst, auckland).From.Format(time.DateOnly); got != "2026-03-23" {
		t.Errorf("WeekOf in Auckland starts %s, want 2026-03-23", got)
	}
}

func TestDaysRange(t *testing.T) {
	loc := mustLoad(t, "America/New_York")
	from, _ := ParseDate("2026-03-01", loc)
	to, _ := ParseDate("2026-04-01", loc)
	r, err := DaysRange(from, to, loc)
	if err != nil {
		t.Fatal(err)
	}
	if r.Days() != 31 || r.Label() != "2026-03-01..2026-03-31" {
		t.Errorf("Days() = %d, Label() = %q", r.Days(), r.Label())
	}
	if _, err := DaysRange(to, from, loc); err == nil {
		t.Error("a backwards range is accepted")
	}
	if _, err := DaysRange(from, from, loc); err == nil {
		t.Error("an empty range is accepted")
	}
	if _, err := ParseDate("03/01/2026", loc); err == nil {
		t.Error("ParseDate accepts a US date")
	}
}

func TestOverlapsAndClip(t *testing.T) {
	day := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, time.UTC) }
	r := Range{From: day(16, 0), To: day(23, 0)}
	tests := []struct {
		name       string
		start, end time.Time
		overlaps   bool
		clipped    time.Duration
	}{
		{"inside", day(17, 9), day(17, 10), true, time.Hour},
		{"before", day(15, 9), day(15, 10), false, 0},
		{"ends at the start", day(15, 23), day(16, 0), false, 0},
		{"starts at the end", day(23, 0), day(23, 1), false, 0},
		{"crosses the start", day(15, 23), day(16, 1), true, time.Hour},
		{"crosses the end", day(22, 23), day(23, 2), true, time.Hour},
		{"zero length inside", day(17, 9), day(17, 9), true, 0},
		{"zero length at the end", day(23, 0), day(23, 0), false, 0},
	}
	for _, tt := range tests {
		if got := r.Overlaps(tt.start, tt.end); got != tt.overlaps {
			t.Errorf("%s: Overlaps = %v, want %v", tt.name, got, tt.overlaps)
		}
		if tt.overlaps {
			s, e := r.Clip(tt.start, tt.end)
			if e.Sub(s) != tt.clipped {
				t.Errorf("%s: clipped to %v, want %v", tt.name, e.Sub(s), tt.clipped)
			}
		}
	}
}

// FuzzParseWeek: --week and --from/--to values never panic, and a week
// read is seven days from a Monday midnight.
func FuzzParseWeek(f *testing.F) {
	for _, s := range []string{"this", "last", "next", "-2", "+3", "2026-W12", "2026W12", "2026-w53", "2020-W53", "0000-W01", "9999-W52", "-99999999", "2026-03-16", "2026-02-30", ""} {
		f.Add(s)
	}
	now := time.Date(2026, 3, 25, 10, 0, 0, 0, time.UTC)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	f.Fuzz(func(t *testing.T, s string) {
		if r, err := ParseWeek(s, now, berlin); err == nil {
			if r.From.Weekday() != time.Monday || r.From.Hour() != 0 || r.Days() != 7 || !r.To.After(r.From) {
				t.Fatalf("week %q = %v", s, r)
			}
		}
		if d, err := ParseDate(s, berlin); err == nil && (d.Hour() != 0 || d.Minute() != 0) {
			t.Fatalf("date %q = %v, not a midnight", s, d)
		}
	})
}
