package audit

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Range is the half-open interval [From, To) an audit covers. Both ends are
// midnights in the report's time zone, which Location returns. The zero Range
// is unbounded: it covers whatever the input holds.
type Range struct {
	From, To time.Time
}

// IsZero reports whether the range is unbounded.
func (r Range) IsZero() bool { return r.From.IsZero() && r.To.IsZero() }

// Location is the report's time zone.
func (r Range) Location() *time.Location {
	if r.From.IsZero() {
		return time.UTC
	}
	return r.From.Location()
}

// Days is the number of calendar days in the range.
func (r Range) Days() int {
	if r.IsZero() {
		return 0
	}
	n := 0
	for d := r.From; d.Before(r.To); d = d.AddDate(0, 0, 1) {
		n++
	}
	return n
}

// Overlaps reports whether [start, end) meets the range. A zero-length event
// overlaps when its instant lies inside the range.
func (r Range) Overlaps(start, end time.Time) bool {
	if r.IsZero() {
		return true
	}
	if !end.After(start) {
		return !start.Before(r.From) && start.Before(r.To)
	}
	return start.Before(r.To) && end.After(r.From)
}

// Clip returns [start, end) cut to the range.
func (r Range) Clip(start, end time.Time) (time.Time, time.Time) {
	if r.IsZero() {
		return start, end
	}
	if start.Before(r.From) {
		start = r.From
	}
	if end.After(r.To) {
		end = r.To
	}
	if end.Before(start) {
		end = start
	}
	return start, end
}

// String renders the range as "2026-03-16 .. 2026-03-23 (Europe/Berlin)",
// the second date exclusive.
func (r Range) String() string {
	if r.IsZero() {
		return "all events"
	}
	return fmt.Sprintf("%s .. %s (%s)", r.From.Format(time.DateOnly), r.To.Format(time.DateOnly), r.Location())
}

// Label names the range the way a user would: "2026-W12" for an ISO week,
// else "2026-03-16..2026-03-22" (both dates inclusive).
func (r Range) Label() string {
	if r.IsZero() {
		return "all"
	}
	if y, w := r.From.ISOWeek(); r.From.Weekday() == time.Monday && r.Days() == 7 {
		return fmt.Sprintf("%d-W%02d", y, w)
	}
	last := r.To.AddDate(0, 0, -1)
	if last.Equal(r.From) {
		return r.From.Format(time.DateOnly)
	}
	return r.From.Format(time.DateOnly) + ".." + last.Format(time.DateOnly)
}

// Midnight is the start of t's calendar day in loc.
func Midnight(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// DaysRange is [from 00:00, to 00:00) in loc. to must be after from.
func DaysRange(from, to time.Time, loc *time.Location) (Range, error) {
	f, t := Midnight(from, loc), Midnight(to, loc)
	if !t.After(f) {
		return Range{}, fmt.Errorf("the range is empty: %s is not after %s (--to is exclusive)", t.Format(time.DateOnly), f.Format(time.DateOnly))
	}
	return Range{From: f, To: t}, nil
}

// ISOWeekRange is Monday 00:00 to the next Monday 00:00 of ISO week w of year y in loc.
func ISOWeekRange(y, w int, loc *time.Location) (Range, error) {
	if w < 1 || w > 53 {
		return Range{}, fmt.Errorf("week %d is not between 1 and 53", w)
	}
	// 4 January is always in week 1.
	jan4 := time.Date(y, time.January, 4, 0, 0, 0, 0, loc)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	from := monday.AddDate(0, 0, 7*(w-1))
	if gy, gw := from.ISOWeek(); gy != y || gw != w {
		return Range{}, fmt.Errorf("%d has no week %d", y, w)
	}
	return Range{From: from, To: from.AddDate(0, 0, 7)}, nil
}

// WeekOf is the ISO week (Monday to Monday) holding t, in loc.
func WeekOf(t time.Time, loc *time.Location) Range {
	day := Midnight(t, loc)
	from := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	return Range{From: from, To: from.AddDate(0, 0, 7)}
}

// maxWeekOffset bounds --week offsets: about a thousand years.
const maxWeekOffset = 52 * 1000

// ParseWeek reads a --week value: "this", "last", "next", an ISO week
// ("2026-W12", "2026W12", "2026-w12") or a signed offset from this week ("-2").
// now is the caller's clock; the answer is in loc.
func ParseWeek(s string, now time.Time, loc *time.Location) (Range, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	this := WeekOf(now, loc)
	shift := func(n int) Range {
		from := this.From.AddDate(0, 0, 7*n)
		return Range{From: from, To: from.AddDate(0, 0, 7)}
	}
	switch v {
	case "this", "current", "0":
		return this, nil
	case "last", "previous", "prev":
		return shift(-1), nil
	case "next":
		return shift(1), nil
	}
	if n, err := strconv.Atoi(v); err == nil && (strings.HasPrefix(v, "-") || strings.HasPrefix(v, "+")) {
		if n < -maxWeekOffset || n > maxWeekOffset {
			return Range{}, fmt.Errorf("invalid week %q: an offset counts at most %d weeks", s, maxWeekOffset)
		}
		return shift(n), nil
	}
	if i := strings.Index(v, "w"); i >= 4 {
		ys := strings.TrimSuffix(v[:i], "-")
		y, err1 := strconv.Atoi(ys)
		w, err2 := strconv.Atoi(v[i+1:])
		if err1 == nil && err2 == nil && len(ys) == 4 {
			return ISOWeekRange(y, w, loc)
		}
	}
	return Range{}, fmt.Errorf("invalid week %q: use this, last, next, an offset such as -2, or an ISO week such as 2026-W12", s)
}

// ParseDate reads a YYYY-MM-DD date as midnight in loc.
func ParseDate(s string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("invalid date %q: use YYYY-MM-DD", s)
	}
	return t, nil
}
