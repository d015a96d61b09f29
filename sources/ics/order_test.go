package ics

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// sortKeys orders as the comparison sort does, packed or not: random keys
// with ties in start, file and line. Most pack with the key's index and
// sort as numbers alone; "before 1970 and after 2100" packs without room
// for it and moves the keys along; sub-second starts and spans too wide to
// pack take the comparison path.
func TestSortKeys(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name       string
		start      func() int64
		lines, src int32
	}{
		{"five years of whole seconds", func() int64 { return (1.6e9 + rng.Int64N(1.6e8)) * 1e9 }, 9000, 1},
		{"ties in start", func() int64 { return (1.6e9 + rng.Int64N(20)*3600) * 1e9 }, 50, 3},
		{"before 1970 and after 2100", func() int64 { return (rng.Int64N(8e9) - 4e9) * 1e9 }, 1 << 20, 4},
		{"sub-second starts", func() int64 { return 1.6e18 + rng.Int64N(1e12) }, 100, 1},
		{"too wide to pack", func() int64 { return rng.Int64N(1<<62) - 1<<61 }, 1 << 30, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, n := range []int{0, 1, 2, 17, 5000} {
				var keys []key
				for s := 0; len(keys) < n; s++ {
					for i := 0; i < 1+rng.IntN(40) && len(keys) < n; i++ {
						keys = append(keys, key{start: tc.start(), src: rng.Int32N(tc.src), line: rng.Int32N(tc.lines), series: int32(s), idx: int32(len(keys))})
					}
				}
				want := slices.Clone(keys)
				slices.SortFunc(want, compareKeys)
				keys = sortKeys(keys)
				if !slices.Equal(keys, want) {
					t.Fatalf("n=%d: not the comparison sort's order", n)
				}
			}
		})
	}
}

func BenchmarkSortKeys(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	keys := make([]key, 150000)
	for i := range keys {
		keys[i] = key{start: (1.6e9 + rng.Int64N(1.6e8)) * 1e9, line: rng.Int32N(9000), series: int32(i / 400), idx: int32(i)}
	}
	work := make([]key, len(keys))
	for _, sorter := range []struct {
		name string
		sort func([]key)
	}{{"radix", func(k []key) { sortKeys(k) }}, {"comparison", func(k []key) { slices.SortFunc(k, compareKeys) }}} {
		b.Run(sorter.name, func(b *testing.B) {
			for b.Loop() {
				copy(work, keys)
				sorter.sort(work)
			}
		})
	}
}

// inParts covers every index once, in parts when there are many, and a
// part's panic reaches the caller.
func TestInParts(t *testing.T) {
	for _, n := range []int{0, 1, 19_999, 40_000, 123_457} {
		seen := make([]int32, n)
		inParts(n, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				seen[i]++
			}
		})
		for i, c := range seen {
			if c != 1 {
				t.Fatalf("n=%d: index %d done %d times", n, i, c)
			}
		}
	}
	defer func() {
		if p := recover(); p != "boom" {
			t.Fatalf("recovered %v, want the part's panic", p)
		}
	}()
	inParts(100_000, func(lo, hi int) {
		if lo > 0 {
			panic("boom")
		}
	})
}
