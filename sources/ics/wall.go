package ics

import (
	"math"
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

// zoneCache is instantAt for one series: the occurrences of a series fall
// mostly in a few DST periods, and within a period, far from its
// transitions, a wall clock is its instant by one subtraction. Each period
// is learnt from the first wall instantAt places in it; anything else (near
// a transition, in a gap or a fold) goes to instantAt itself.
type zoneCache struct {
	loc    *time.Location
	lo, hi int64 // Unix seconds: the learnt period, less 50 hours at each end
	off    int64 // its UTC offset, seconds
}

func newZoneCache(loc *time.Location) zoneCache { return zoneCache{loc: loc} }

func (z *zoneCache) at(w time.Time) time.Time {
	if z.loc == time.UTC {
		return w
	}
	ws := w.Unix() // the wall clock read as UTC
	if u := ws - z.off; z.lo < z.hi && u >= z.lo && u < z.hi {
		return time.Unix(u, int64(w.Nanosecond())).In(z.loc)
	}
	t := instantAt(w, z.loc)
	start, end := t.ZoneBounds()
	_, off := t.Zone()
	const far = int64(50 * 3600)
	lo, hi := int64(math.MinInt64/2), int64(math.MaxInt64/2)
	if !start.IsZero() {
		lo = start.Unix() + far
	}
	if !end.IsZero() {
		hi = end.Unix() - far
	}
	if u := t.Unix(); u >= lo && u < hi && ws-int64(off) == u {
		z.lo, z.hi, z.off = lo, hi, int64(off)
	}
	return t
}

// end is n.end(w, z.loc) through the cache.
func (z *zoneCache) end(n nominal, w time.Time) time.Time {
	if n.days == 0 {
		return z.at(w).Add(n.exact)
	}
	return z.at(w.AddDate(0, 0, n.days)).Add(n.exact)
}
