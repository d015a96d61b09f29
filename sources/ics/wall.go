package ics

import (
	"time"
)

// Recurrences are computed in "wall clock": a local date and time held in a
// time.Time in UTC (a proxy), where rrule-go's arithmetic is exact because
// nothing shifts. instantAt then maps each wall-clock reading to the instant
// it names in the series' zone, the way RFC 5545 says (section 3.3.5, as
// section 3.3.10 asks for recurrences).

// proxy is t's wall-clock reading as a UTC time.
func proxy(t time.Time) time.Time {
	y, m, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, m, d, h, mi, s, 0, time.UTC)
}

// instantAt is the instant a wall-clock reading w names in loc. A reading
// that occurs twice (the hour the clocks go back) is the first of the two;
// one that does not occur (the hour they go forward) is read with the UTC
// offset before the gap, which puts it after the gap: 02:30 in a 02:00->03:00
// spring gap is 03:30.
func instantAt(w time.Time, loc *time.Location) time.Time {
	if loc == time.UTC {
		return w
	}
	y, m, d := w.Date()
	h, mi, s := w.Clock()
	t := time.Date(y, m, d, h, mi, s, 0, loc)
	start, end := t.ZoneBounds()
	const far = 50 * time.Hour
	if (start.IsZero() || t.Sub(start) > far) && (end.IsZero() || end.Sub(t) > far) {
		return t // no transition nearby: unique
	}
	// Near a transition: try each offset in use around w.
	var offsets [5]int
	for i, dh := range [...]time.Duration{-2 * far, -far / 2, 0, far / 2, 2 * far} {
		_, offsets[i] = w.Add(dh).In(loc).Zone()
	}
	var best time.Time
	found := false
	maxOff := offsets[0]
	for _, o := range offsets {
		maxOff = max(maxOff, o)
		cand := w.Add(-time.Duration(o) * time.Second)
		if _, co := cand.In(loc).Zone(); co == o && (!found || cand.Before(best)) {
			best, found = cand, true
		}
	}
	if found {
		return best.In(loc)
	}
	// In a gap: the offset in force before it.
	_, before := w.Add(-time.Duration(maxOff) * time.Second).In(loc).Zone()
	return w.Add(-time.Duration(before) * time.Second).In(loc)
}

// civilDate is a calendar date.
type civilDate struct {
	y int
	m time.Month
	d int
}

func dateOf(w time.Time) civilDate {
	y, m, d := w.Date()
	return civilDate{y, m, d}
}
