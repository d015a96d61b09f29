package audit

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// prepCheckPairwise is prepCheck as first written: every block looked at
// for every meeting. The windowed one must agree with it.
func prepCheckPairwise(s *Settings, meetings []*placed, all []placed) PrepCheck {
	var pc PrepCheck
	type block struct {
		Interval
		words []string
		used  bool
	}
	var blocks []*block
	for _, p := range all {
		if strings.EqualFold(p.Item.Match.Category, s.Prep.Category) {
			blocks = append(blocks, &block{Interval: p.Interval, words: titleWords(p.Item.Event.Title)})
		}
	}
	for _, m := range meetings {
		if !needsPrep(m.Item, s, nil) {
			continue
		}
		pc.Needing++
		words := titleWords(m.Item.Event.Title)
		var generic, named *block
		for _, b := range blocks {
			if b.used || b.End.After(m.Start) || m.Start.Sub(b.End) > s.Prep.Window {
				continue
			}
			switch {
			case len(b.words) == 0:
				generic = b
			case slices.ContainsFunc(b.words, func(w string) bool { return slices.Contains(words, w) }):
				named = b
			}
		}
		switch {
		case named != nil:
			named.used = true
		case generic != nil:
			generic.used = true
		default:
			pc.Missing = append(pc.Missing, m.Item)
			continue
		}
		pc.WithPrep++
	}
	return pc
}

// Random weeks of meetings and prep blocks of every length: the windowed
// pairing is the pairwise one.
func TestPrepCheckWindowed(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	s := DefaultSettings()
	s.Prep.Managers = false
	names := []string{"Alex", "Sam", "Kim", "Design", ""}
	base := time.Date(2026, 3, 16, 8, 0, 0, 0, time.UTC)
	for round := 0; round < 300; round++ {
		s.Prep.Window = time.Duration(1+rng.IntN(48)) * time.Hour
		var all []placed
		for i := 0; i < 5+rng.IntN(80); i++ {
			start := base.Add(time.Duration(rng.IntN(14*24*4)) * 15 * time.Minute)
			length := time.Duration(1+rng.IntN(16)) * 15 * time.Minute
			if rng.IntN(10) == 0 {
				length = time.Duration(1+rng.IntN(3)) * 24 * time.Hour // a long block
			}
			cat, title := "1-on-1s", "1:1 "+names[rng.IntN(len(names))]
			if rng.IntN(2) == 0 {
				cat, title = "Prep", strings.TrimSpace("Prep "+names[rng.IntN(len(names))])
			}
			it := &Item{Event: &Event{Title: title}, Interval: Interval{start, start.Add(length)}, Match: &Match{Category: cat, Kind: KindMeeting}}
			all = append(all, place(it))
		}
		slices.SortStableFunc(all, func(a, b placed) int { return a.Start.Compare(b.Start) })
		var meetings []*placed
		for i := range all {
			if all[i].Match.Category != "Prep" {
				meetings = append(meetings, &all[i])
			}
		}
		got, want := prepCheck(&s, meetings, all), prepCheckPairwise(&s, meetings, all)
		if got.Needing != want.Needing || got.WithPrep != want.WithPrep || !slices.Equal(got.Missing, want.Missing) {
			t.Fatalf("round %d: windowed %d/%d missing %d, pairwise %d/%d missing %d", round, got.WithPrep, got.Needing, len(got.Missing), want.WithPrep, want.Needing, len(want.Missing))
		}
	}
}

// Prep pairing over years of meetings and prep blocks: linear, not
// meetings x blocks (go run ./bench bounds it).
func BenchmarkPrepCheck(b *testing.B) {
	s := DefaultSettings()
	s.Prep.Managers = false
	var all []placed
	start := time.Date(2021, 1, 4, 9, 0, 0, 0, time.UTC)
	for d := 0; d < 5*365; d++ {
		for h := 0; h < 8; h++ {
			at := start.AddDate(0, 0, d).Add(time.Duration(h) * time.Hour)
			cat, title := "1-on-1s", "1:1 Alex"
			if h%2 == 0 {
				cat, title = "Prep", "Prep 1:1 Alex"
			}
			all = append(all, place(&Item{Event: &Event{Title: title}, Interval: Interval{at, at.Add(30 * time.Minute)}, Match: &Match{Category: cat, Kind: KindMeeting}}))
		}
	}
	var meetings []*placed
	for i := range all {
		if all[i].Match.Category != "Prep" {
			meetings = append(meetings, &all[i])
		}
	}
	for b.Loop() {
		prepCheck(&s, meetings, all)
	}
}
