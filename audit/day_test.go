package audit

import (
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// The day analysis, in nanoseconds from the day's start, gives the day
// the analysis by instants gave, and the same after-hours meetings: random
// items of every kind across midnight, days long, centuries away, to the
// nanosecond, in and out of start order, over days that change their
// offset (New York, Lord Howe's half hour, Apia skipping a day), with
// away time and working hours of the whole day.
func TestAnalyzeDayAsInstants(t *testing.T) {
	rng := rand.New(rand.NewSource(20))
	zones := []string{"UTC", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Apia", "Europe/London"}
	days := []time.Time{
		time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 4, 5, 0, 0, 0, 0, time.UTC), time.Date(2011, 12, 29, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC),
		time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2600, 6, 1, 0, 0, 0, 0, time.UTC),
	}
	kinds := []Kind{KindMeeting, KindMeeting, KindFocus, KindPersonal, KindBusy, KindAway}
	cats := []string{"A", "B", "C", OwnWork}
	wholeDay := DefaultSettings()
	for wd := range wholeDay.WorkingHours {
		wholeDay.WorkingHours[wd] = []Span{{0, 24 * 60}}
	}
	split := DefaultSettings()
	split.WorkingHours[time.Monday] = []Span{{8 * 60, 12 * 60}, {13 * 60, 18 * 60}}
	compared := 0
	for round := range 3000 {
		loc, err := time.LoadLocation(zones[rng.Intn(len(zones))])
		if err != nil {
			t.Fatal(err)
		}
		y, m, dd := days[rng.Intn(len(days))].AddDate(0, 0, rng.Intn(3)-1).Date()
		d := time.Date(y, m, dd, 0, 0, 0, 0, loc)
		s := []Settings{DefaultSettings(), wholeDay, split}[rng.Intn(3)]
		at := func() time.Time {
			switch rng.Intn(20) {
			case 0:
				return d.AddDate(-300, 0, 0)
			case 1:
				return d.AddDate(300, 0, 0)
			case 2:
				return d.Add(time.Duration(rng.Int63n(int64(96*time.Hour))) - 48*time.Hour) // to the nanosecond
			}
			return d.Add(time.Duration(rng.Intn(4*24*4)-2*24*4) * 15 * time.Minute)
		}
		var away []Interval
		for range rng.Intn(2) {
			a, b := at(), at()
			if b.Before(a) {
				a, b = b, a
			}
			away = append(away, Interval{a, b})
		}
		items := make([]Item, rng.Intn(30))
		for i := range items {
			a, b := at(), at()
			if b.Before(a) {
				a, b = b, a
			}
			if rng.Intn(4) == 0 {
				b = a.Add(time.Duration(rng.Intn(8)) * 15 * time.Minute)
			}
			items[i] = Item{Interval: Interval{a.In(loc), b.In(loc)}, Match: &Match{Kind: kinds[rng.Intn(len(kinds))], Category: cats[rng.Intn(len(cats))]}}
		}
		if round%3 != 0 {
			slices.SortStableFunc(items, func(a, b Item) int { return a.Start.Compare(b.Start) })
		}
		var all []placed
		for i := range items {
			all = append(all, place(&items[i]))
		}
		var ptrs []*placed
		for i := range all {
			ptrs = append(ptrs, &all[i])
		}
		var scratch dayScratch
		var gotSet, wantSet afterHoursSet
		got := analyzeDay(d, loc, &s, merge(away), ptrs, &gotSet, &scratch)
		again := analyzeDay(d, loc, &s, merge(away), ptrs, &afterHoursSet{}, &scratch) // scratch used again
		want := analyzeDayByInstants(d, loc, &s, merge(away), ptrs, &wantSet)
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(again, want) {
			t.Fatalf("round %d, %s in %s:\n got %+v\nwant %+v", round, d.Format(time.DateOnly), loc, got, want)
		}
		if !reflect.DeepEqual(gotSet, wantSet) {
			t.Fatalf("round %d: after hours %+v, want %+v", round, gotSet, wantSet)
		}
		if len(want.Activities) > 0 {
			compared++
		}
	}
	if compared < 1000 {
		t.Fatalf("only %d days with activities: the test shows little", compared)
	}
}

// analyzeDayByInstants is analyzeDay as it was written with instants
// (time.Time) before it worked in nanoseconds from the day's start: the
// oracle the day analysis is held to.
func analyzeDayByInstants(d time.Time, loc *time.Location, s *Settings, away []Interval, items []*placed, afterHours *afterHoursSet) Day {
	next := d.AddDate(0, 0, 1)
	day := Day{Date: d}
	day.Working = workingIntervals(d, loc, s, away)
	day.WorkingTime = total(day.Working)
	day.Away = s.WorkingDay(d.Weekday()) && day.WorkingTime == 0

	// Meetings and cover on this day.
	var meetIv, coverIv []Interval
	var acts []Activity
	for _, p := range items {
		kind := p.Item.Kind()
		if !kind.Blocks() {
			continue
		}
		iv, ok := p.Interval.clip(d, next)
		if ok {
			coverIv = append(coverIv, iv)
		}
		if kind != KindMeeting {
			continue
		}
		if !p.Start.Before(d) && p.Start.Before(next) {
			day.Meetings++
		}
		if !ok {
			continue
		}
		meetIv = append(meetIv, iv)
		// Its part in working time: from where that starts to where it
		// ends (intersect of iv with the day's working intervals, without
		// the slice).
		var first, last time.Time
		var inside time.Duration
		found := false
		for _, w := range day.Working {
			lo, hi := Later(iv.Start, w.Start), Earlier(iv.End, w.End)
			if !hi.After(lo) {
				continue
			}
			if !found {
				first, found = lo, true
			}
			last = hi
			inside += hi.Sub(lo)
		}
		if found {
			acts = append(acts, Activity{Interval: Interval{first, last}, Category: p.Item.Match.Category})
		}
		if inside < iv.Len() {
			afterHours.add(p.Item, !p.Start.Before(d) && !p.End.After(next))
		}
	}
	mergedMeet := merge(meetIv)
	day.MeetingTime = total(mergedMeet)
	day.AfterHours = total(subtract(mergedMeet, day.Working))

	// Free gaps.
	for _, g := range subtract(day.Working, merge(coverIv)) {
		gap := Gap{Interval: g}
		l := g.Len()
		switch {
		case l >= s.Focus:
			gap.Kind = FocusBlock
			day.FocusBlocks++
			day.FocusTime += l
		case l >= s.Buffer:
			gap.Kind = BufferBlock
			day.BufferBlocks++
			day.BufferTime += l
		default:
			day.Fragments++
			day.FragmentTime += l
		}
		if l > day.Longest {
			day.Longest = l
		}
		day.Gaps = append(day.Gaps, gap)
		if gap.Kind != Fragment {
			acts = append(acts, Activity{Interval: g, Category: OwnWork})
		}
	}

	// Context switches: consecutive activities of different categories, in
	// the order of a stable sort by start, end and category. The gaps are
	// in that order already (disjoint, in time order), the meetings nearly:
	// the meetings are sorted, then the two runs merged, ties to the
	// meetings, which a stable sort of the two runs one after the other
	// gives as well.
	if len(acts) > 0 {
		day.Activities = slices.Clone(acts)
		slices.SortStableFunc(day.Activities, func(a, b Activity) int {
			if c := a.Start.Compare(b.Start); c != 0 {
				return c
			}
			if c := a.End.Compare(b.End); c != 0 {
				return c
			}
			return strings.Compare(a.Category, b.Category)
		})
	}
	for i := range day.Activities {
		if i > 0 && day.Activities[i].Category != day.Activities[i-1].Category {
			day.Activities[i].Switch = true
			day.Switches++
		}
	}
	// Effective focus: a focus block entered by a switch pays its cost.
	for _, act := range day.Activities {
		if act.Category != OwnWork || act.Len() < s.Focus {
			continue
		}
		for i, cost := range [2]time.Duration{s.SwitchCost[1], s.SwitchCost[0]} {
			eff := act.Len()
			if act.Switch {
				eff = max(0, eff-cost)
			}
			day.EffectiveFocus[i] += eff
		}
	}
	return day
}

// Own work merged as it comes (focus blocks day by day, focus items in
// start order) is own work merged after a sort, in and out of order.
func TestOwnWorkInOrder(t *testing.T) {
	rng := rand.New(rand.NewSource(21))
	base := time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)
	for round := range 500 {
		a := &Analysis{}
		var own, work []Interval
		for d := range 1 + rng.Intn(5) {
			day := Day{Date: base.AddDate(0, 0, d)}
			at := day.Date.Add(time.Duration(rng.Intn(10)) * time.Hour)
			day.Working = []Interval{{at, at.Add(8 * time.Hour)}}
			for g := at; g.Before(at.Add(8 * time.Hour)); g = g.Add(time.Duration(1+rng.Intn(3)) * time.Hour) {
				kind := []GapKind{Fragment, BufferBlock, FocusBlock}[rng.Intn(3)]
				day.Gaps = append(day.Gaps, Gap{Interval{g, g.Add(30 * time.Minute)}, kind})
				if kind == FocusBlock {
					own = append(own, Interval{g, g.Add(30 * time.Minute)})
				}
			}
			work = append(work, day.Working...)
			a.Days = append(a.Days, day)
		}
		items := make([]Item, rng.Intn(30))
		for i := range items {
			s := base.Add(time.Duration(rng.Intn(5*24*4)) * 15 * time.Minute)
			kind := []Kind{KindFocus, KindMeeting}[rng.Intn(2)]
			items[i] = Item{Interval: Interval{s, s.Add(time.Duration(rng.Intn(12)) * 15 * time.Minute)}, Match: &Match{Kind: kind}}
			if kind == KindFocus {
				own = append(own, items[i].Interval)
			}
		}
		if round%4 != 0 {
			slices.SortStableFunc(items, func(a, b Item) int { return a.Start.Compare(b.Start) })
		}
		var all []placed
		for i := range items {
			all = append(all, place(&items[i]))
		}
		if got, want := ownWork(a, all), overlap(merge(own), merge(work)); got != want {
			t.Fatalf("round %d: %v, want %v", round, got, want)
		}
	}
}
