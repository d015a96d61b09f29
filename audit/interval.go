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
	out := []Interval{s[0]}
	for _, iv := range s[1:] {
		last := &out[len(out)-1]
		if !iv.Start.After(last.End) {
			if iv.End.After(last.End) {
				last.End = iv.End
			}
			continue
		}
		out = append(out, iv)
	}
	return out
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

// intersect returns the overlap of two sorted, disjoint interval lists.
func intersect(a, b []Interval) []Interval {
	var out []Interval
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		lo, hi := a[i].Start, a[i].End
		if b[j].Start.After(lo) {
			lo = b[j].Start
		}
		if b[j].End.Before(hi) {
			hi = b[j].End
		}
		if hi.After(lo) {
			out = append(out, Interval{lo, hi})
		}
		if a[i].End.Before(b[j].End) {
			i++
		} else {
			j++
		}
	}
	return out
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
		at    int64 // Unix nanoseconds
		delta int
	}
	edges := make([]edge, 0, 2*len(ivs))
	for _, iv := range ivs {
		if iv.End.After(iv.Start) {
			edges = append(edges, edge{iv.Start.UnixNano(), 1}, edge{iv.End.UnixNano(), -1})
		}
	}
	slices.SortFunc(edges, func(a, b edge) int {
		if a.at != b.at {
			return cmp.Compare(a.at, b.at)
		}
		return cmp.Compare(a.delta, b.delta) // ends before starts: touching is not overlapping
	})
	var d time.Duration
	depth := 0
	for i, e := range edges {
		if depth >= 2 && i > 0 {
			d += time.Duration(e.at - edges[i-1].at)
		}
		depth += e.delta
	}
	return d
}
