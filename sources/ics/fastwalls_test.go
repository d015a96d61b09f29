package ics

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// ruleWalls is ruleWallsInto a new slice.
func ruleWalls(value string, start time.Time, allDay bool, zone *time.Location, loW, hiW time.Time) ([]time.Time, error) {
	return ruleWallsInto(nil, value, start, allDay, zone, loW, hiW)
}

// slowWalls is ruleWalls through rrule-go alone.
func slowWalls(value string, start time.Time, loW, hiW time.Time) ([]time.Time, error) {
	useFastWalls = false
	defer func() { useFastWalls = true }()
	return ruleWalls(value, start, false, time.UTC, loW, hiW)
}

// The direct date loops give exactly rrule-go's instances: random DAILY,
// WEEKLY and MONTHLY rules (weekday sets, nth weekdays, INTERVAL, COUNT,
// UNTIL, WKST) from random starts (month ends included) over random ranges.
func TestFastWalls(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	days := []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
	fast, n := 0, 20000
	if testing.Short() {
		n = 2000
	}
	for i := 0; i < n; i++ {
		start := time.Date(1995+rng.IntN(40), time.Month(1+rng.IntN(12)), 1+rng.IntN(31), rng.IntN(24), rng.IntN(4)*15, rng.IntN(2)*30, 0, time.UTC)
		var parts []string
		switch rng.IntN(3) {
		case 0:
			parts = append(parts, "FREQ=DAILY")
		case 1:
			parts = append(parts, "FREQ=WEEKLY")
		default:
			parts = append(parts, "FREQ=MONTHLY")
		}
		if rng.IntN(2) == 0 {
			parts = append(parts, fmt.Sprintf("INTERVAL=%d", 1+rng.IntN(4)))
		}
		switch {
		case parts[0] == "FREQ=MONTHLY" && rng.IntN(3) > 0:
			nth := []int{1, 2, 3, 4, 5, -1, -2, -5}[rng.IntN(8)]
			parts = append(parts, fmt.Sprintf("BYDAY=%d%s", nth, days[rng.IntN(7)]))
		case parts[0] != "FREQ=MONTHLY" && rng.IntN(3) > 0:
			var set []string
			for _, d := range days {
				if rng.IntN(3) == 0 {
					set = append(set, d)
				}
			}
			if len(set) > 0 {
				parts = append(parts, "BYDAY="+strings.Join(set, ","))
			}
		}
		if rng.IntN(3) == 0 {
			parts = append(parts, "WKST="+days[rng.IntN(7)])
		}
		switch rng.IntN(3) {
		case 0:
			parts = append(parts, fmt.Sprintf("COUNT=%d", 1+rng.IntN(300)))
		case 1:
			parts = append(parts, "UNTIL="+start.AddDate(0, rng.IntN(60), rng.IntN(40)).Add(time.Duration(rng.IntN(48))*time.Hour).Format("20060102T150405Z"))
		}
		rng.Shuffle(len(parts), func(a, b int) { parts[a], parts[b] = parts[b], parts[a] })
		rule := strings.Join(parts, ";")
		lo := start.AddDate(0, rng.IntN(120)-12, rng.IntN(60)).Add(time.Duration(rng.IntN(24)) * time.Hour)
		hi := lo.AddDate(0, 0, 1+rng.IntN(800))
		want, werr := slowWalls(rule, start, lo, hi)
		got, gerr := ruleWalls(rule, start, false, time.UTC, lo, hi)
		if (werr == nil) != (gerr == nil) || !slices.EqualFunc(got, want, time.Time.Equal) {
			t.Fatalf("RRULE:%s from %s in [%s, %s):\n got %d %v (%v)\nwant %d %v (%v)", rule, start, lo, hi, len(got), firstFew(got), gerr, len(want), firstFew(want), werr)
		}
		opt, _, _ := parseRRule(rule)
		if opt != nil {
			opt.Dtstart = start
			if _, ok := fastWalls(nil, *opt, lo, hi); ok {
				fast++
			}
		}
	}
	if fast < n/2 {
		t.Errorf("the fast path took only %d of %d rules", fast, n)
	}
}

func firstFew(ts []time.Time) []time.Time { return ts[:min(len(ts), 4)] }

// Rules that span centuries: the fast path counts in seconds (a Duration
// would saturate at 292 years) and leaves walks of more than 250,000
// periods to rrule-go, so both give the same answer, or the same error.
func TestFastWallsLongSpans(t *testing.T) {
	for _, tc := range []struct {
		rule      string
		start, lo time.Time
	}{
		{"FREQ=WEEKLY;COUNT=1000000000", time.Date(1, 1, 1, 9, 0, 0, 0, time.UTC), time.Date(9000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"FREQ=DAILY", time.Date(1, 1, 1, 9, 0, 0, 0, time.UTC), time.Date(9000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"FREQ=MONTHLY;BYDAY=-1FR", time.Date(1600, 1, 1, 9, 0, 0, 0, time.UTC), time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;COUNT=3000", time.Date(1700, 1, 1, 9, 0, 0, 0, time.UTC), time.Date(1705, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		hi := tc.lo.AddDate(0, 1, 0)
		want, werr := slowWalls(tc.rule, tc.start, tc.lo, hi)
		got, gerr := ruleWalls(tc.rule, tc.start, false, time.UTC, tc.lo, hi)
		if (werr == nil) != (gerr == nil) || !slices.EqualFunc(got, want, time.Time.Equal) {
			t.Errorf("RRULE:%s from %s: got %d (%v), want %d (%v)", tc.rule, tc.start, len(got), gerr, len(want), werr)
		}
	}
}
