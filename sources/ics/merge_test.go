package ics

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// A merge of the series' runs, each put in order by sortRun, in any
// number of parts, is the order sortKeys gives their keys: random runs,
// mostly in order with a tail of moved instances (or in no order at all),
// with ties in start, file and line within and across runs, and runs of
// one or none.
func TestMergeInParts(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	files := []string{"a.ics", "b.ics", "c.ics"}
	rank := map[string]int32{"a.ics": 0, "b.ics": 1, "c.ics": 2}
	base := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	for round := range 200 {
		nRuns := 1 + rng.IntN(12)
		if round%20 == 0 {
			nRuns = 1 + rng.IntN(300)
		}
		var evs []*vevent
		for range 6 {
			evs = append(evs, &vevent{src: files[rng.IntN(len(files))], first: int32(1 + rng.IntN(4))})
		}
		runs := make([][]occurrence, nRuns)
		var keys []key
		for r := range runs {
			n := rng.IntN(30)
			if rng.IntN(4) == 0 {
				n = rng.IntN(2)
			}
			at := base.Add(time.Duration(rng.IntN(100)) * time.Hour)
			for j := range n {
				switch {
				case rng.IntN(5) == 0: // a moved instance, anywhere
					at = base.Add(time.Duration(rng.IntN(400)) * time.Hour)
				case round%7 == 0:
					at = base.Add(time.Duration(rng.IntN(50)) * time.Hour) // no order at all
				default:
					at = at.Add(time.Duration(rng.IntN(3)) * time.Hour) // ties in start
				}
				o := occurrence{ev: evs[rng.IntN(len(evs))], start: at, tmpl: int32(j)} // tmpl: its place as made
				runs[r] = append(runs[r], o)
				keys = append(keys, key{at.UnixNano(), rank[o.ev.src], int32(o.ev.begin()), int32(r), int32(j)})
			}
		}
		want := sortKeys(keys)
		var rk ranker
		rk.rank = rank
		for _, run := range runs {
			sortRun(run, &rk)
		}
		for parts := 1; parts <= 4; parts++ {
			got := make([]key, len(want))
			mergeInParts(runs, rank, parts, func(lo, hi int, next func() (int32, *occurrence)) {
				for p := lo; p < hi; p++ {
					r, o := next()
					got[p] = key{o.start.UnixNano(), rank[o.ev.src], int32(o.ev.begin()), r, o.tmpl}
				}
			})
			if !slices.Equal(got, want) {
				t.Fatalf("round %d, %d runs, %d parts: not sortKeys' order\n got %v\nwant %v", round, nRuns, parts, firstKeys(got), firstKeys(want))
			}
		}
	}
}

func firstKeys(ks []key) string {
	return fmt.Sprint(ks[:min(len(ks), 8)])
}

// cutRuns cuts each run once, in order, between occurrences of different
// starts, into parts of about the same size.
func TestCutRuns(t *testing.T) {
	base := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	runs := make([][]occurrence, 40)
	n := 0
	for r := range runs {
		for j := range 100 + r {
			runs[r] = append(runs[r], occurrence{start: base.Add(time.Duration(j*(r%5+1)) * time.Hour)})
			n++
		}
	}
	for parts := 1; parts <= 8; parts++ {
		cuts := cutRuns(runs, parts)
		for k := 0; k < parts; k++ {
			size := 0
			for r, run := range runs {
				lo, hi := cuts[k][r], cuts[k+1][r]
				if lo > hi {
					t.Fatalf("%d parts: part %d of run %d is [%d, %d)", parts, k, r, lo, hi)
				}
				if lo > 0 && lo < len(run) && run[lo-1].start.Equal(run[lo].start) {
					t.Fatalf("%d parts: run %d cut between two of one start", parts, r)
				}
				size += hi - lo
			}
			if d := size - n/parts; d < -n/parts/4 || d > n/parts/4 {
				t.Errorf("%d parts: part %d holds %d of %d", parts, k, size, n)
			}
		}
	}
}
