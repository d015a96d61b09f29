package audit

import (
	"cmp"
	"container/heap"
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

// coverage sweeps the placed items that take time (see Kind.Blocks) in
// start order, without copying them: busy is the time at least one covers,
// double the time two or more do (touching is not overlapping). Items out
// of start order are sorted first, through a copy.
func coverage(all []placed) (busy, double time.Duration) {
	if !slices.IsSortedFunc(all, func(a, b placed) int { return a.Start.Compare(b.Start) }) {
		var ivs []Interval
		for _, p := range all {
			if p.Item.Kind().Blocks() {
				ivs = append(ivs, p.Interval)
			}
		}
		return total(merge(ivs)), multiplyCovered(ivs)
	}
	ends := &endHeap{} // the ends of the items covering now, earliest first
	var t int64        // the sweep's time, Unix nanoseconds
	advance := func(to int64) {
		if n := ends.Len(); n >= 1 && to > t {
			busy += time.Duration(to - t)
			if n >= 2 {
				double += time.Duration(to - t)
			}
		}
		t = to
	}
	for i := range all {
		p := &all[i]
		if !p.Item.Kind().Blocks() || !p.End.After(p.Start) {
			continue
		}
		s := p.Start.UnixNano()
		for ends.Len() > 0 && (*ends)[0] <= s {
			advance((*ends)[0])
			heap.Pop(ends)
		}
		advance(s)
		heap.Push(ends, p.End.UnixNano())
	}
	for ends.Len() > 0 {
		advance((*ends)[0])
		heap.Pop(ends)
	}
	return busy, double
}

// endHeap is a min-heap of instants (container/heap).
type endHeap []int64

func (h endHeap) Len() int           { return len(h) }
func (h endHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h endHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *endHeap) Push(x any)        { *h = append(*h, x.(int64)) }
func (h *endHeap) Pop() any {
	old := *h
	v := old[len(old)-1]
	*h = old[:len(old)-1]
	return v
}
