package audit

import (
	"cmp"
	"slices"
	"time"
)

// Interval is the half-open span [Start, End).
type Interval struct{ Start, End time.Time }

// Len is the interval's length.
func (iv Interval) Len() time.Duration { return iv.End.Sub(iv.Start) }

// clip cuts iv to [lo, hi); ok is false when nothing is left.
func (iv Interval) clip(lo, hi time.Time) (Interval, bool) {
	if iv.Start.Before(lo) {
		iv.Start = lo
	}
	if iv.End.After(hi) {
		iv.End = hi
	}
	return iv, iv.End.After(iv.Start)
}

// merge returns the union of intervals as sorted, disjoint intervals.
func merge(ivs []Interval) []Interval {
	if len(ivs) == 0 {
		return nil
	}
	s := ivs
	byStart := func(a, b Interval) int { return a.Start.Compare(b.Start) }
	if !slices.IsSortedFunc(s, byStart) {
		s = slices.Clone(ivs)
		slices.SortFunc(s, byStart)
	}
	var out []Interval
	for _, iv := range s {
		out = mergeInto(out, iv)
	}
	return out
}

// mergeInto adds iv to the sorted, disjoint intervals out, iv starting no
// earlier than any of them: it extends the last one or follows it.
func mergeInto(out []Interval, iv Interval) []Interval {
	if n := len(out); n > 0 && !iv.Start.After(out[n-1].End) {
		if iv.End.After(out[n-1].End) {
			out[n-1].End = iv.End
		}
		return out
	}
	return append(out, iv)
}

// subtract returns the parts of the sorted, disjoint intervals a not
// covered by the sorted, disjoint intervals b.
func subtract(a, b []Interval) []Interval {
	var out []Interval
	j := 0
	for _, iv := range a {
		cur := iv.Start
		for j < len(b) && !b[j].End.After(iv.Start) {
			j++
		}
		for k := j; k < len(b) && b[k].Start.Before(iv.End); k++ {
			if b[k].Start.After(cur) {
				out = append(out, Interval{cur, b[k].Start})
			}
			if b[k].End.After(cur) {
				cur = b[k].End
			}
		}
		if iv.End.After(cur) {
			out = append(out, Interval{cur, iv.End})
		}
	}
	return out
}

// span is an interval as nanoseconds from a day's start: what the day
// analysis works in (two integers to compare, nothing for the collector to
// scan).
type span struct{ lo, hi int64 }

func (s span) len() time.Duration { return time.Duration(s.hi - s.lo) }

// mergeSpans appends the union of spans to out as sorted, disjoint spans
// (sorting spans when they are out of order): merge, for spans.
func mergeSpans(out, spans []span) []span {
	if !slices.IsSortedFunc(spans, func(a, b span) int { return cmp.Compare(a.lo, b.lo) }) {
		slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.lo, b.lo) })
	}
	for _, s := range spans {
		if n := len(out); n > 0 && s.lo <= out[n-1].hi {
			out[n-1].hi = max(out[n-1].hi, s.hi)
			continue
		}
		out = append(out, s)
	}
	return out
}

// subtractSpans appends to out the parts of the sorted, disjoint spans a
// not covered by the sorted, disjoint spans b: subtract, for spans.
func subtractSpans(out, a, b []span) []span {
	j := 0
	for _, s := range a {
		cur := s.lo
		for j < len(b) && b[j].hi <= s.lo {
			j++
		}
		for k := j; k < len(b) && b[k].lo < s.hi; k++ {
			if b[k].lo > cur {
				out = append(out, span{cur, b[k].lo})
			}
			cur = max(cur, b[k].hi)
		}
		if s.hi > cur {
			out = append(out, span{cur, s.hi})
		}
	}
	return out
}

func spansTotal(spans []span) time.Duration {
	var d time.Duration
	for _, s := range spans {
		d += s.len()
	}
	return d
}

// overlap is the length of the overlap of two sorted, disjoint interval
// lists.
func overlap(a, b []Interval) time.Duration {
	var d time.Duration
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		lo, hi := Later(a[i].Start, b[j].Start), Earlier(a[i].End, b[j].End)
		if hi.After(lo) {
			d += hi.Sub(lo)
		}
		if a[i].End.Before(b[j].End) {
			i++
		} else {
			j++
		}
	}
	return d
}

// total is the summed length of intervals.
func total(ivs []Interval) time.Duration {
	var d time.Duration
	for _, iv := range ivs {
		d += iv.Len()
	}
	return d
}

// multiplyCovered is the clock time covered by two or more of the
// intervals: double-booked time.
func multiplyCovered(ivs []Interval) time.Duration {
	type edge struct {
		at    instant
		delta int
	}
	edges := make([]edge, 0, 2*len(ivs))
	for _, iv := range ivs {
		if iv.End.After(iv.Start) {
			edges = append(edges, edge{instantOf(iv.Start), 1}, edge{instantOf(iv.End), -1})
		}
	}
	slices.SortFunc(edges, func(a, b edge) int {
		if c := cmp.Or(cmp.Compare(a.at.sec, b.at.sec), cmp.Compare(a.at.nsec, b.at.nsec)); c != 0 {
			return c
		}
		return cmp.Compare(a.delta, b.delta) // ends before starts: touching is not overlapping
	})
	var d time.Duration
	depth := 0
	for i, e := range edges {
		if depth >= 2 && i > 0 {
			d += e.at.sub(edges[i-1].at)
		}
		depth += e.delta
	}
	return d
}

// coverage sweeps the placed items that take time (see Kind.Blocks) in
// start order, without copying them: busy is the time at least one covers,
// double the time two or more do (touching is not overlapping). Items out
// of start order are sorted first, through a copy.
//
// In start order, every item met so far has begun, so an instant after the
// latest start is covered by as many of them as end after it: by one when
// the latest end is later, by two when the second latest is. The sweep
// keeps those two ends.
func coverage(all []placed) (busy, double time.Duration) {
	if !slices.IsSortedFunc(all, func(a, b placed) int { return a.Start.Compare(b.Start) }) {
		var ivs []Interval
		for _, p := range all {
			if p.blocks {
				ivs = append(ivs, p.Interval)
			}
		}
		return total(merge(ivs)), multiplyCovered(ivs)
	}
	earlier := func(a, b instant) instant {
		if a.before(b) {
			return a
		}
		return b
	}
	var at, first, second instant // the latest start; the latest end and the one before
	n := 0                        // of those ends, how many there are yet
	for i := range all {
		p := &all[i]
		if !p.blocks || !p.start.before(p.end) {
			continue
		}
		if n > 0 {
			busy += max(0, earlier(p.start, first).sub(at))
		}
		if n > 1 {
			double += max(0, earlier(p.start, second).sub(at))
		}
		at = p.start
		switch {
		case n == 0 || first.before(p.end):
			first, second = p.end, first
		case n == 1 || second.before(p.end):
			second = p.end
		}
		n = min(n+1, 2)
	}
	if n > 0 {
		busy += max(0, first.sub(at))
	}
	if n > 1 {
		double += max(0, second.sub(at))
	}
	return busy, double
}
