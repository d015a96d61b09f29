package ics

import (
	"cmp"
	"math"
	"slices"
	"sort"

	"github.com/timeaudit/timeaudit/audit"
)

// The occurrences of a source in order, merged from its series: each
// series' occurrences come out of the expansion in start order (but for
// the moved instances, appended after them), so putting a calendar of a
// few hundred series in order is a merge of that many sorted runs, read
// front to back, rather than a sort of all its occurrences through keys
// and a gather by random reads. A calendar of many one-off events (a
// large export: a run each) is sorted by its keys instead (sortKeys).

// mergeMaxRuns is the most runs a merge takes, and mergeMinRun the fewest
// occurrences a run must have on average: past either, the keys are
// sorted instead.
const (
	mergeMaxRuns = 1 << 14
	mergeMinRun  = 8
)

// mergeable reports whether a merge of runs runs holding total
// occurrences beats sorting their keys.
func mergeable(runs, total int) bool {
	return runs > 0 && runs <= mergeMaxRuns && total >= mergeMinRun*runs
}

// mkey is an occurrence's place in the order, as compareKeys has it: the
// run (its series) and the occurrence's place in the run break ties.
type mkey struct {
	start     int64 // Unix nanoseconds
	src, line int32
	run       int32
}

func (a mkey) compare(b mkey) int {
	switch {
	case a.start != b.start:
		return cmp.Compare(a.start, b.start)
	case a.src != b.src:
		return cmp.Compare(a.src, b.src)
	case a.line != b.line:
		return cmp.Compare(a.line, b.line)
	}
	return cmp.Compare(a.run, b.run)
}

// spent is the key of a run that has none left: after every real key, a
// line being an int32 of at most math.MaxInt32.
var spent = mkey{start: math.MaxInt64, src: math.MaxInt32, line: math.MaxInt32, run: math.MaxInt32}

// ranker gives a VEVENT's file rank and line, remembering the last event
// asked about (a run's occurrences are mostly of one event).
type ranker struct {
	rank      map[string]int32
	last      *vevent
	src, line int32
}

func (r *ranker) of(ev *vevent) (src, line int32) {
	if ev != r.last {
		r.last, r.src, r.line = ev, r.rank[ev.src], int32(ev.begin())
	}
	return r.src, r.line
}

// sortRun puts a run in key order, stably. A series' run is mostly in
// order already, its moved instances appended after the rest: the tail
// past the sorted front is sorted apart (through keys: they compare
// numbers) and merged in from the back, so that only the tail is copied.
func (rk *ranker) key(o *occurrence) mkey {
	src, line := rk.of(o.ev)
	return mkey{start: o.start.UnixNano(), src: src, line: line}
}

func sortRun(run []occurrence, rk *ranker) {
	front := 1
	for front < len(run) && rk.key(&run[front-1]).compare(rk.key(&run[front])) <= 0 {
		front++
	}
	if front >= len(run) {
		return
	}
	type keyed struct {
		k   mkey
		idx int32
	}
	tail := make([]keyed, len(run)-front)
	for j := range tail {
		tail[j] = keyed{rk.key(&run[front+j]), int32(front + j)}
	}
	slices.SortFunc(tail, func(a, b keyed) int {
		if c := a.k.compare(b.k); c != 0 {
			return c
		}
		return cmp.Compare(a.idx, b.idx)
	})
	moved := make([]occurrence, len(tail))
	for j, k := range tail {
		moved[j] = run[k.idx]
	}
	// From the back: the larger of the front's last and the tail's last,
	// the front's on a tie (it came first).
	i, j := front-1, len(tail)-1
	for p := len(run) - 1; j >= 0; p-- {
		if i >= 0 && rk.key(&run[i]).compare(tail[j].k) > 0 {
			run[p] = run[i]
			i--
		} else {
			run[p] = moved[j]
			j--
		}
	}
}

// mergeInParts merges sorted runs in parts (see cutRuns), at once:
// part k is positions [lo, hi) of the merge, and do takes its occurrences
// (with their runs) one by one from next, hi-lo times.
func mergeInParts(runs [][]occurrence, rank map[string]int32, parts int, do func(lo, hi int, next func() (int32, *occurrence))) {
	cuts := cutRuns(runs, parts)
	audit.InParts(parts, parts, func(part, _, _ int) {
		sub := make([][]occurrence, len(runs))
		lo, hi := 0, 0
		for r, run := range runs {
			sub[r] = run[cuts[part][r]:cuts[part+1][r]]
			lo += cuts[part][r]
			hi += cuts[part+1][r]
		}
		do(lo, hi, newMerger(sub, rank).next)
	})
}

// merger gives the occurrences of sorted runs in key order, through a
// tree of losers: one comparison a level a step.
type merger struct {
	runs  [][]occurrence
	heads []mkey  // each run's next key (spent when it has none)
	pos   []int32 // each run's next
	rks   []ranker
	tree  []int32 // tree[n] is the loser at node n, tree[0] the winner; leaves m..2m-1 are the runs
}

func newMerger(runs [][]occurrence, rank map[string]int32) *merger {
	m := 1
	for m < len(runs) {
		m *= 2
	}
	g := &merger{runs: runs, heads: make([]mkey, m), pos: make([]int32, m), rks: make([]ranker, m), tree: make([]int32, m)}
	for r := range g.heads {
		g.heads[r] = spent
		if r < len(runs) {
			g.rks[r].rank = rank
			g.heads[r] = g.head(int32(r))
		}
	}
	win := make([]int32, 2*m)
	for r := range m {
		win[m+r] = int32(r)
	}
	for n := m - 1; n >= 1; n-- {
		a, b := win[2*n], win[2*n+1]
		if g.heads[b].compare(g.heads[a]) < 0 {
			a, b = b, a
		}
		win[n], g.tree[n] = a, b
	}
	g.tree[0] = win[1]
	return g
}

func (g *merger) head(r int32) mkey {
	run := g.runs[r]
	if int(g.pos[r]) >= len(run) {
		return spent
	}
	k := g.rks[r].key(&run[g.pos[r]])
	k.run = r
	return k
}

// next is the next occurrence and its run; the runs must not be spent.
func (g *merger) next() (int32, *occurrence) {
	w := g.tree[0]
	o := &g.runs[w][g.pos[w]]
	g.pos[w]++
	g.heads[w] = g.head(w)
	r := w
	for n := (int(w) + len(g.tree)) / 2; n >= 1; n /= 2 {
		if g.heads[g.tree[n]].compare(g.heads[r]) < 0 {
			g.tree[n], r = r, g.tree[n]
		}
	}
	g.tree[0] = r
	return w, o
}

// cutRuns divides sorted runs by start into parts of about the same size:
// part k is run r's occurrences [cuts[k][r], cuts[k+1][r]). A part ends
// before a start, so that occurrences of the same start (whose order the
// rest of the key sets) are in one part, and the parts' merges, one after
// the other, are the whole merge. The starts cut at are taken from a
// sample of each run (eight of its starts), by a binary search for the
// one before which the runs hold the part's share.
func cutRuns(runs [][]occurrence, parts int) [][]int {
	cuts := make([][]int, parts+1)
	cuts[0] = make([]int, len(runs))
	cuts[parts] = make([]int, len(runs))
	n := 0
	for r, run := range runs {
		cuts[parts][r] = len(run)
		n += len(run)
	}
	if parts == 1 || n == 0 {
		for k := 1; k < parts; k++ {
			cuts[k] = cuts[0]
		}
		return cuts
	}
	const per = 8
	var starts []int64
	for _, run := range runs {
		for q := range per {
			if j := len(run) * q / per; j < len(run) && (q == 0 || j > len(run)*(q-1)/per) {
				starts = append(starts, run[j].start.UnixNano())
			}
		}
	}
	slices.Sort(starts)
	starts = slices.Compact(starts)
	for k := 1; k < parts; k++ {
		share := n * k / parts
		// The first sampled start before which at least share are, and
		// the one before it: the closer of the two.
		i := sort.Search(len(starts), func(i int) bool { return sum(cutAt(runs, starts[i])) >= share })
		best := cuts[parts]
		if i < len(starts) {
			best = cutAt(runs, starts[i])
		}
		if i > 0 {
			if prev := cutAt(runs, starts[i-1]); share-sum(prev) < sum(best)-share {
				best = prev
			}
		}
		cuts[k] = best
		for r := range best { // not before the last cut: the closer start may be
			best[r] = max(best[r], cuts[k-1][r])
		}
	}
	return cuts
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// cutAt is where each sorted run's starts reach start.
func cutAt(runs [][]occurrence, start int64) []int {
	at := make([]int, len(runs))
	for r, run := range runs {
		at[r] = sort.Search(len(run), func(j int) bool { return run[j].start.UnixNano() >= start })
	}
	return at
}
