package audit

import (
	"cmp"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// GapKind classifies a free gap in working time.
type GapKind int

// Gap kinds, by length: at least Settings.Focus, at least Settings.Buffer, shorter.
const (
	Fragment GapKind = iota
	BufferBlock
	FocusBlock
)

func (k GapKind) String() string { return [...]string{"fragment", "buffer", "focus"}[k] }

// OwnWork is the activity name of a free gap of at least a buffer's length.
const OwnWork = "own work"

// Gap is a maximal run of working time not covered by a meeting or a
// personal event.
type Gap struct {
	Interval
	Kind GapKind
}

// Activity is one step of a working day: a meeting (by its category) or a
// stretch of own work (a gap of at least a buffer's length).
type Activity struct {
	Interval
	Category string // the meeting's category, or OwnWork
	Switch   bool   // it differs from the activity before it: a context switch
}

// Day is one calendar day of the range.
type Day struct {
	Date         time.Time // midnight in the report zone
	Working      []Interval
	WorkingTime  time.Duration
	Away         bool // a working day that out-of-office time took whole
	Meetings     int  // meetings starting this day
	MeetingTime  time.Duration
	Gaps         []Gap
	Activities   []Activity
	FocusBlocks  int
	FocusTime    time.Duration
	BufferBlocks int
	BufferTime   time.Duration
	Fragments    int
	FragmentTime time.Duration
	Longest      time.Duration // the longest free gap
	Switches     int
	// EffectiveFocus is focus-block time less the switch cost that falls
	// on it, with the high cost first: [low, high].
	EffectiveFocus [2]time.Duration
	AfterHours     time.Duration   // meeting time outside working time
	Categories     []CategoryTotal // time by category on the day, in the report's order
}

// FreeTime is the day's working time not covered.
func (d *Day) FreeTime() time.Duration { return d.FocusTime + d.BufferTime + d.FragmentTime }

// Period sums days: one ISO week, or the whole range.
type Period struct {
	Label          string    // "2026-W12", or "total"
	Start          time.Time // its first day in the range
	Days           int       // days of the range in it
	WorkingDays    int       // days with working time
	WorkingTime    time.Duration
	Meetings       int
	MeetingTime    time.Duration
	FocusBlocks    int
	FocusTime      time.Duration
	BufferBlocks   int
	BufferTime     time.Duration
	Fragments      int
	FragmentTime   time.Duration
	Longest        time.Duration
	Switches       int
	SwitchCost     [2]time.Duration
	EffectiveFocus [2]time.Duration
	AfterHours     time.Duration
	Categories     []CategoryTotal // time by category in the period, in the report's order
}

// FreeTime is the period's free working time.
func (p *Period) FreeTime() time.Duration { return p.FocusTime + p.BufferTime + p.FragmentTime }

// Fragmentation is the share of free working time in gaps shorter than a
// focus block (0..1); 0 when there is no free time.
func (p *Period) Fragmentation() float64 {
	if free := p.FreeTime(); free > 0 {
		return float64(p.BufferTime+p.FragmentTime) / float64(free)
	}
	return 0
}

// SwitchesPerDay is the mean number of context switches per working day.
func (p *Period) SwitchesPerDay() float64 {
	if p.WorkingDays == 0 {
		return 0
	}
	return float64(p.Switches) / float64(p.WorkingDays)
}

// MeetingLoad describes the meetings of the range.
type MeetingLoad struct {
	Count          int
	PerWeek        float64
	Time           time.Duration // overlaps merged
	InWorkingHours time.Duration // of Time, what falls in working hours: Share is of this
	HoursPerWeek   float64
	Share          float64 // of working time, 0..1
	Average        time.Duration
	Chains         int // runs of two or more back-to-back meetings
	LongestChain   int // meetings in the longest run
	ChainTime      time.Duration
	AfterHours     int // meetings with time outside working hours
	AfterHoursTime time.Duration
	Weekend        int // meetings on days without working hours
	AttendeeHours  float64
	Cost           float64 // AttendeeHours x the hourly rate; 0 without one
	Bands          []BandVerdict
	// Recurring and OneOff split the meetings (Count of them, their
	// lengths added); SoloHolds are the meetings of fewer than two people,
	// counted as own time.
	Recurring, OneOff, SoloHolds Tally
}

// BandVerdict compares a figure with a reference band.
type BandVerdict struct {
	Who    string // "managers", "engineers"
	What   string // "meetings a week", "of working time on Hiring"
	Bound  Bound
	Actual float64
	Side   int    // -1 below, 0 within, 1 above
	Of     string // what a share is of ("working time"); "" for counts
}

// Name is "managers: 20-30 meetings a week".
func (b BandVerdict) Name() string { return b.Who + ": " + b.Bound.Text + " " + b.What }

// Verdict is below, within or above.
func (b BandVerdict) Verdict() string { return [...]string{"below", "within", "above"}[b.Side+1] }

// Counterpart is the other person of a run of 1-on-1s.
type Counterpart struct {
	Name       string
	Count      int
	Time       time.Duration
	First      time.Time
	Last       time.Time
	LongestGap time.Duration // between two 1-on-1s in the range
	Overdue    bool          // no 1-on-1 for longer than the cadence
	OnRoster   bool          // the counterpart is on the roster (team:)
}

// OneOnOnes describes the 1-on-1s of the range.
type OneOnOnes struct {
	Category    string
	People      []Counterpart // most time first
	Count       int
	Time        time.Duration
	Days        int     // distinct days with a 1-on-1
	DaysPerWeek float64 // mean over the weeks of the range
	// CadenceChecked is set when the range is at least the cadence long,
	// so that Overdue means something.
	CadenceChecked bool
	Cadence        time.Duration
	// AssumedMe is the address taken to be the user's when --me was not
	// given: the one on (nearly) every 1-on-1.
	AssumedMe string
}

// TargetResult is a target checked against the range.
type TargetResult struct {
	Target
	Unit   string
	Actual float64 // hours, a count, or a fraction for percentages
	OK     bool
}

// Analysis holds the time-of-day analyses of a report.
type Analysis struct {
	Settings     Settings
	Weeks        float64 // the range in weeks: days / 7
	Days         []Day
	ByWeek       []Period
	Total        Period
	Busy         time.Duration // meetings and personal events, overlaps merged
	DoubleBooked time.Duration // time in two or more of them at once
	Meetings     MeetingLoad
	OneOnOnes    OneOnOnes
	// Roster is every team member's 1-on-1s (the config's team:).
	Roster   []RosterEntry
	External External
	Prep     PrepCheck
	// OwnWork is working time the user has to themselves (focus blocks,
	// booked focus, solo holds, overlaps merged); OwnWorkShare its share of
	// working time.
	OwnWork      time.Duration
	OwnWorkShare float64
	Targets      []TargetResult
	Unplaced     int // counted events without a time of day, left out of the analyses
}

// Missed counts the targets missed.
func (a *Analysis) Missed() int {
	n := 0
	for _, t := range a.Targets {
		if !t.OK {
			n++
		}
	}
	return n
}

// placed is an item the time-of-day analyses place: one with a time of
// day. It points to the item (its Interval is where it lies), so that
// millions of them are not copied, and holds its instants as integers for
// the day analysis (see dayClock) and the days it touches.
type placed struct {
	*Item
	start, end  instant
	first, last int32 // the days it touches, in Analysis.Days
	// Its kind, read once (Item.Kind): it takes time (Kind.Blocks), it is
	// a meeting, it is own time.
	blocks, meeting, focus bool
}

func place(it *Item) placed {
	k := it.Kind()
	return placed{Item: it, start: instantOf(it.Start), end: instantOf(it.End), blocks: k.Blocks(), meeting: k == KindMeeting, focus: k == KindFocus}
}

// len is the placed item's length.
func (p *placed) len() time.Duration { return p.end.sub(p.start) }

// instant is a time as Unix seconds and nanoseconds: two integers to
// compare, for any year.
type instant struct {
	sec  int64
	nsec int32
}

func instantOf(t time.Time) instant { return instant{t.Unix(), int32(t.Nanosecond())} }

func (x instant) before(y instant) bool { return x.sec < y.sec || x.sec == y.sec && x.nsec < y.nsec }

// sub is x-y, as time.Time.Sub: the longest Duration when it is longer.
func (x instant) sub(y instant) time.Duration {
	const most = math.MaxInt64/1_000_000_000 - 1
	switch d := x.sec - y.sec; {
	case d > most:
		return math.MaxInt64
	case d < -most:
		return math.MinInt64
	default:
		return time.Duration(d*1e9 + int64(x.nsec) - int64(y.nsec))
	}
}

// justBefore is the nanosecond before x.
func (x instant) justBefore() instant {
	if x.nsec == 0 {
		return instant{x.sec - 1, 1e9 - 1}
	}
	return instant{x.sec, x.nsec - 1}
}

// Analyze runs the time-of-day analyses over a report. It returns nil when
// there is no range, or events count and none has a time of day (the
// analyses are unavailable, not zero); a range with nothing in it is an
// empty week, all of it free.
func Analyze(r *Report, s Settings) *Analysis {
	if r.Range.IsZero() {
		return nil
	}
	a := &Analysis{Settings: s}
	var starts []time.Time
	for d := r.Range.From; d.Before(r.Range.To); d = d.AddDate(0, 0, 1) {
		starts = append(starts, d)
	}
	a.Weeks = float64(len(starts)) / 7
	var all []placed
	var meetings []*placed
	afterHours, ok := 0, false
	// The 1-on-1s read the items alone: on a large calendar they are
	// worked out while the items are placed and the days analysed.
	together(len(r.Items) >= parallelItems,
		func() { a.OneOnOnes, a.Roster = oneOnOnes(r, &s, a) },
		func() { all, meetings, afterHours, ok = analyzeDays(r, &s, a, starts) })
	if !ok {
		return nil
	}
	// These read the days, the items and a.Weeks, and each writes its own
	// fields of a: on a large calendar they run at once.
	together(len(all) >= parallelItems,
		func() { a.ByWeek, a.Total = periods(a.Days, r, &s) },
		func() { a.Busy, a.DoubleBooked = coverage(all) },
		func() {
			a.Meetings = meetingLoad(meetings, afterHours, a, r, &s)
			for _, p := range all {
				if p.Item.Solo {
					a.Meetings.SoloHolds.add(p.Len())
				}
			}
		},
		func() { externalAndPrep(r, &s, a, meetings, all) },
		func() { a.OwnWork = ownWork(a, all) },
	)
	if a.Total.WorkingTime > 0 {
		a.OwnWorkShare = float64(a.OwnWork) / float64(a.Total.WorkingTime)
	}
	a.Meetings.Bands = bands(a, r, &s)
	a.Targets = checkTargets(a, r, &s)
	return a
}

// analyzeDays places the counted items with a time of day (all, and the
// meetings among them, pointing into all) on the days that start at
// starts, and works out a.Days; afterHours counts the meetings with time
// outside working hours. ok is false when events count and none has a time
// of day: then there is nothing to analyse.
func analyzeDays(r *Report, s *Settings, a *Analysis, starts []time.Time) (all []placed, meetings []*placed, afterHours int, ok bool) {
	loc := r.Range.Location()
	// Sized first: with millions of events, these slices are most of the
	// memory, and capacity for every item in each would double it.
	nAll, nMeet := 0, 0
	for i := range r.Items {
		it := &r.Items[i]
		if !it.Counted() || !it.Event.HasTimeOfDay() {
			continue
		}
		nAll++
		if it.Kind() == KindMeeting {
			nMeet++
		}
	}
	meetings = make([]*placed, 0, nMeet) // into all
	all = make([]placed, 0, nAll)
	// Each counted item goes to the days it touches, once: the days are
	// then analysed one by one without looking at the rest.
	counts := make([]int, len(starts))
	dayStarts := make([]instant, len(starts))
	for k, d := range starts {
		dayStarts[k] = instantOf(d)
	}
	// dayFrom is the day holding t, looking forward from day k (items come
	// in start order, so the days they start on only move forward; a
	// search when t is before day k).
	dayFrom := func(t instant, k int) int {
		if k < 0 || k >= len(dayStarts) || t.before(dayStarts[k]) {
			return sort.Search(len(dayStarts), func(i int) bool { return t.before(dayStarts[i]) }) - 1
		}
		for k+1 < len(dayStarts) && !t.before(dayStarts[k+1]) {
			k++
		}
		return k
	}
	cur := 0
	for i := range r.Items {
		it := &r.Items[i]
		if !it.Counted() {
			continue
		}
		if !it.Event.HasTimeOfDay() {
			a.Unplaced++
			continue
		}
		p := place(it)
		first := dayFrom(p.start, cur)
		cur = max(first, 0)
		last := first
		if p.start.before(p.end) {
			last = dayFrom(p.end.justBefore(), cur)
		} else {
			last = dayFrom(p.end, cur)
		}
		first, last = max(first, 0), min(last, len(starts)-1)
		for k := first; k <= last; k++ {
			counts[k]++
		}
		p.first, p.last = int32(first), int32(last)
		all = append(all, p)
		if p.meeting {
			meetings = append(meetings, &all[len(all)-1]) // all never grows past nAll
		}
	}
	if r.Total.Events > 0 && a.Unplaced == r.Total.Events {
		return nil, nil, 0, false
	}
	// The buckets share one array, cut to the counts, of pointers into all.
	buckets := make([][]*placed, len(starts))
	flat := make([]*placed, 0, sum(counts))
	for k := range buckets {
		buckets[k] = flat[len(flat) : len(flat) : len(flat)+counts[k]]
		flat = flat[:len(flat)+counts[k]]
	}
	for i := range all {
		for k := all[i].first; k <= all[i].last; k++ {
			buckets[k] = append(buckets[k], &all[i])
		}
	}
	away := merge(r.Away)
	catIndex := map[string]int{}
	for i, c := range r.Categories {
		catIndex[c.Name] = i
	}
	// The days, in parts on every core (each day is its own): each part has
	// its scratch space and its after-hours set, joined after.
	a.Days = make([]Day, len(starts))
	parts := max(1, min(runtime.GOMAXPROCS(0), len(starts)/64))
	sets := make([]afterHoursSet, parts)
	InParts(len(starts), parts, func(part, lo, hi int) {
		var scratch dayScratch
		for k := lo; k < hi; k++ {
			d := starts[k]
			day := analyzeDay(d, loc, s, away, buckets[k], &sets[part], &scratch)
			day.Categories = make([]CategoryTotal, len(r.Categories))
			for i, c := range r.Categories {
				day.Categories[i].Category = c.Category
			}
			clock := newDayClock(d, d.AddDate(0, 0, 1))
			for _, p := range buckets[k] {
				j := catIndex[p.Item.Match.Category]
				start := clock.at(p.start)
				// An event counts once: on the day it starts (or the range's first day).
				if startsOn := start >= 0 && start < clock.len; startsOn || (k == 0 && start < 0) {
					day.Categories[j].Events++
				}
				if iv, ok := clock.clip(start, clock.at(p.end)); ok {
					day.Categories[j].Time += iv.len()
				}
			}
			a.Days[k] = day
		}
	})
	set := sets[0]
	for _, other := range sets[1:] {
		set.within += other.within
		for it := range other.across { // a union: the order does not matter
			set.add(it, false)
		}
	}
	return all, meetings, set.len(), true
}

// workingIntervals is day d's working time in loc, less away time.
func workingIntervals(d time.Time, loc *time.Location, s *Settings, away []Interval) []Interval {
	var work []Interval
	y, m, dd := d.Date()
	for _, sp := range s.WorkingHours[d.Weekday()] {
		start := time.Date(y, m, dd, 0, sp.Start, 0, 0, loc)
		end := time.Date(y, m, dd, 0, sp.End, 0, 0, loc)
		if end.After(start) {
			work = append(work, Interval{start, end})
		}
	}
	return subtract(merge(work), away)
}

// afterHoursSet counts the meetings with time outside working hours, each
// once: one within a day is met on that day only, so only those that span
// days need remembering.
type afterHoursSet struct {
	within int
	across map[*Item]bool
}

func (s *afterHoursSet) add(it *Item, withinDay bool) {
	if withinDay {
		s.within++
		return
	}
	if s.across == nil {
		s.across = map[*Item]bool{}
	}
	s.across[it] = true
}

func (s *afterHoursSet) len() int { return s.within + len(s.across) }

// dayScratch is what analyzeDay works in and does not keep, used again
// from one day to the next.
type dayScratch struct {
	work, meet, cover, merged, gaps []span
	acts, sorted                    []act
}

// act is an activity as the day analysis works it out: its span from the
// day's start.
type act struct {
	span
	category string
}

// dayClock reads an item's instants as nanoseconds from a day's start.
type dayClock struct {
	sec  int64 // the day's start, Unix seconds
	nsec int32
	len  int64 // the day's length, nanoseconds
}

func newDayClock(d, next time.Time) dayClock {
	return dayClock{sec: d.Unix(), nsec: int32(d.Nanosecond()), len: int64(next.Sub(d))}
}

// farOff is how far from a day's start an instant is read exactly: one
// further away is outside the day, and is read as this far, on its side.
const farOff = 4 * 24 * 60 * 60

func (c dayClock) at(t instant) int64 {
	d := min(max(t.sec-c.sec, -farOff), farOff)
	return d*1e9 + int64(t.nsec) - int64(c.nsec)
}

// clip is the part of [lo, hi) in the day; ok is false when none is.
func (c dayClock) clip(lo, hi int64) (span, bool) {
	s := span{max(lo, 0), min(hi, c.len)}
	return s, s.hi > s.lo
}

// analyzeDay works out day d from the items that touch it. Meetings with
// time outside working hours are added to afterHours. It works in
// nanoseconds from the day's start (spans): the day keeps instants.
func analyzeDay(d time.Time, loc *time.Location, s *Settings, away []Interval, items []*placed, afterHours *afterHoursSet, scratch *dayScratch) Day {
	next := d.AddDate(0, 0, 1)
	clock := newDayClock(d, next)
	instant := func(off int64) time.Time { return d.Add(time.Duration(off)) }
	day := Day{Date: d}
	day.Working = workingIntervals(d, loc, s, away)
	day.WorkingTime = total(day.Working)
	day.Away = s.WorkingDay(d.Weekday()) && day.WorkingTime == 0
	work := scratch.work[:0]
	for _, w := range day.Working {
		work = append(work, span{int64(w.Start.Sub(d)), int64(w.End.Sub(d))})
	}

	// Meetings and cover on this day.
	meet, cover, acts := scratch.meet[:0], scratch.cover[:0], scratch.acts[:0]
	for _, p := range items {
		if !p.blocks {
			continue
		}
		start, end := clock.at(p.start), clock.at(p.end)
		iv, ok := clock.clip(start, end)
		if ok {
			cover = append(cover, iv)
		}
		if !p.meeting {
			continue
		}
		if start >= 0 && start < clock.len {
			day.Meetings++
		}
		if !ok {
			continue
		}
		meet = append(meet, iv)
		// Its part in working time: from where that starts to where it
		// ends.
		first, last, inside := int64(0), int64(0), int64(0)
		found := false
		for _, w := range work {
			lo, hi := max(iv.lo, w.lo), min(iv.hi, w.hi)
			if hi <= lo {
				continue
			}
			if !found {
				first, found = lo, true
			}
			last = hi
			inside += hi - lo
		}
		if found {
			acts = append(acts, act{span{first, last}, p.Item.Match.Category})
		}
		if inside < iv.hi-iv.lo {
			afterHours.add(p.Item, start >= 0 && end <= clock.len)
		}
	}
	merged := mergeSpans(scratch.merged[:0], meet)
	day.MeetingTime = spansTotal(merged)
	gaps := subtractSpans(scratch.gaps[:0], merged, work)
	day.AfterHours = spansTotal(gaps)

	// Free gaps.
	meetActs := len(acts) // acts[:meetActs] are the meetings'; the gaps' follow, in order
	merged = mergeSpans(merged[:0], cover)
	gaps = subtractSpans(gaps[:0], work, merged)
	if len(gaps) > 0 {
		day.Gaps = make([]Gap, 0, len(gaps))
	}
	for _, g := range gaps {
		gap := Gap{Interval: Interval{instant(g.lo), instant(g.hi)}}
		l := g.len()
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
			acts = append(acts, act{g, OwnWork})
		}
	}
	scratch.work, scratch.meet, scratch.cover, scratch.merged, scratch.gaps = work, meet, cover, merged, gaps

	// Context switches: consecutive activities of different categories, in
	// the order of a stable sort by start, end and category. The gaps are
	// in that order already (disjoint, in time order), the meetings nearly:
	// the meetings are sorted, then the two runs merged, ties to the
	// meetings, which a stable sort of the two runs one after the other
	// gives as well.
	sorted := sortActivities(acts, meetActs, scratch.sorted[:0])
	scratch.acts = acts
	if len(sorted) > 0 && (len(acts) == 0 || &sorted[0] != &acts[0]) {
		scratch.sorted = sorted // the merge's buffer, to use again
	}
	if len(sorted) > 0 {
		day.Activities = make([]Activity, len(sorted)) // the day's own, of its size
	}
	for i, a := range sorted {
		day.Activities[i] = Activity{Interval: Interval{instant(a.lo), instant(a.hi)}, Category: a.category}
		if i > 0 && a.category != sorted[i-1].category {
			day.Activities[i].Switch = true
			day.Switches++
		}
		// Effective focus: a focus block entered by a switch pays its cost.
		if a.category != OwnWork || a.len() < s.Focus {
			continue
		}
		for j, cost := range [2]time.Duration{s.SwitchCost[1], s.SwitchCost[0]} {
			eff := a.len()
			if day.Activities[i].Switch {
				eff = max(0, eff-cost)
			}
			day.EffectiveFocus[j] += eff
		}
	}
	return day
}

// periods sums the days by ISO week and over the whole range.
func periods(days []Day, r *Report, s *Settings) ([]Period, Period) {
	var weeks []Period
	tot := Period{Label: "total"}
	if len(days) > 0 {
		tot.Start = days[0].Date
	}
	add := func(p *Period, d *Day) {
		if p.Categories == nil {
			p.Categories = make([]CategoryTotal, len(d.Categories))
			for i := range d.Categories {
				p.Categories[i].Category = d.Categories[i].Category
			}
		}
		for i := range d.Categories {
			p.Categories[i].Events += d.Categories[i].Events
			p.Categories[i].Time += d.Categories[i].Time
		}
		p.SwitchCost[0] += time.Duration(d.Switches) * s.SwitchCost[0]
		p.SwitchCost[1] += time.Duration(d.Switches) * s.SwitchCost[1]
		p.Days++
		if d.WorkingTime > 0 {
			p.WorkingDays++
		}
		p.WorkingTime += d.WorkingTime
		p.Meetings += d.Meetings
		p.MeetingTime += d.MeetingTime
		p.FocusBlocks += d.FocusBlocks
		p.FocusTime += d.FocusTime
		p.BufferBlocks += d.BufferBlocks
		p.BufferTime += d.BufferTime
		p.Fragments += d.Fragments
		p.FragmentTime += d.FragmentTime
		p.Longest = max(p.Longest, d.Longest)
		p.Switches += d.Switches
		p.EffectiveFocus[0] += d.EffectiveFocus[0]
		p.EffectiveFocus[1] += d.EffectiveFocus[1]
		p.AfterHours += d.AfterHours
	}
	for i := range days {
		d := &days[i]
		y, w := d.Date.ISOWeek()
		label := fmt.Sprintf("%d-W%02d", y, w)
		if len(weeks) == 0 || weeks[len(weeks)-1].Label != label {
			weeks = append(weeks, Period{Label: label, Start: d.Date})
		}
		add(&weeks[len(weeks)-1], d)
		add(&tot, d)
	}
	return weeks, tot
}

func meetingLoad(meetings []*placed, afterHours int, a *Analysis, r *Report, s *Settings) MeetingLoad {
	ml := MeetingLoad{Count: len(meetings), AfterHours: afterHours}
	if a.Weeks > 0 {
		ml.PerWeek = float64(ml.Count) / a.Weeks
	}
	work := make([]Interval, 0, len(a.Days))
	weekend := make([]bool, len(a.Days)) // by day, in a.Days
	for k := range a.Days {
		d := &a.Days[k]
		work = append(work, d.Working...)
		ml.AfterHoursTime += d.AfterHours
		weekend[k] = !s.WorkingDay(d.Date.Weekday())
	}
	sorted := meetings
	byStart := func(a, b *placed) int { return a.Start.Compare(b.Start) }
	if !slices.IsSortedFunc(sorted, byStart) {
		sorted = slices.Clone(meetings)
		slices.SortStableFunc(sorted, byStart)
	}
	// In start order: the meetings' time with overlaps merged (without a
	// copy of their intervals), their lengths, sizes and days, and the
	// back-to-back chains.
	var merged []Interval
	var sum time.Duration
	var counts PeopleCounts // once per event and guest list
	run, runStart, runEnd := 0, instant{}, instant{}
	flush := func() {
		if run >= 2 {
			ml.Chains++
			ml.LongestChain = max(ml.LongestChain, run)
			ml.ChainTime += runEnd.sub(runStart)
		}
	}
	for i, m := range sorted {
		merged = mergeInto(merged, m.Interval)
		l := m.len()
		sum += l
		if m.Item.Event.Recurring() {
			ml.Recurring.add(l)
		} else {
			ml.OneOff.add(l)
		}
		people := counts.Of(m.Item.Event)
		if people == 0 {
			people = 1
		}
		ml.AttendeeHours += l.Hours() * float64(people)
		if weekend[m.first] { // the day it starts on
			ml.Weekend++
		}
		if i > 0 && m.start.sub(runEnd) <= s.BackToBack {
			run++
			if runEnd.before(m.end) {
				runEnd = m.end
			}
			continue
		}
		flush()
		run, runStart, runEnd = 1, m.start, m.end
	}
	flush()
	ml.Time = total(merged)
	if a.Weeks > 0 {
		ml.HoursPerWeek = ml.Time.Hours() / a.Weeks
	}
	ml.InWorkingHours = overlap(merged, work) // work is sorted and disjoint already
	if wt := total(work); wt > 0 {
		ml.Share = float64(ml.InWorkingHours) / float64(wt)
	}
	if ml.Count > 0 {
		ml.Average = sum / time.Duration(ml.Count)
	}
	if s.HourlyRate > 0 {
		ml.Cost = ml.AttendeeHours * s.HourlyRate
	}
	return ml
}

// bands sets the figures beside the article's reference ranges: meetings a
// week for managers and engineers, and shares of working time for hiring
// and own work.
func bands(a *Analysis, r *Report, s *Settings) []BandVerdict {
	var out []BandVerdict
	band := func(who, what string, b Bound, v float64, of string) {
		if b.Text != "" {
			out = append(out, BandVerdict{Who: who, What: what, Bound: b, Actual: v, Side: b.Side(v), Of: of})
		}
	}
	manager, ic := s.Role != "ic", s.Role != "manager"
	if manager {
		band("managers", "meetings a week", s.Bands.ManagerMeetings, a.Meetings.PerWeek, "")
	}
	if ic {
		band("engineers", "meetings a week", s.Bands.ICMeetings, a.Meetings.PerWeek, "")
	}
	work := a.Total.WorkingTime
	if manager && work > 0 {
		for _, c := range r.Categories {
			if strings.EqualFold(c.Name, s.Bands.HiringCategory) {
				band("managers", "of working time on "+c.Name, s.Bands.HiringShare, float64(c.Time)/float64(work), "working time")
			}
		}
	}
	if work > 0 {
		if manager {
			band("managers", "of working time as own work", s.Bands.ManagerOwnWork, a.OwnWorkShare, "working time")
		}
		if ic {
			band("engineers", "of working time as own work", s.Bands.ICOwnWork, a.OwnWorkShare, "working time")
		}
	}
	return out
}

func sum(ns []int) int {
	t := 0
	for _, n := range ns {
		t += n
	}
	return t
}

// Later is the later of two instants (b when they are equal).
func Later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Earlier is the earlier of two instants (b when they are equal).
func Earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// byTime orders activities by start, end and category.
func byTime(a, b act) int {
	if c := cmp.Compare(a.lo, b.lo); c != 0 {
		return c
	}
	if c := cmp.Compare(a.hi, b.hi); c != 0 {
		return c
	}
	return strings.Compare(a.category, b.category)
}

// sortActivities is slices.SortStableFunc(acts, byTime) for acts made of
// two runs, acts[:n] and acts[n:], each nearly or wholly in order: each is
// sorted if it is not, then the two are merged into buf (ties to the
// first run), or acts is returned when one run is empty.
func sortActivities(acts []act, n int, buf []act) []act {
	for _, run := range [2][]act{acts[:n], acts[n:]} {
		sortRun(run)
	}
	if n == 0 || n == len(acts) {
		return acts
	}
	merged := buf[:0]
	i, j := 0, n
	for i < n && j < len(acts) {
		if byTime(acts[j], acts[i]) < 0 {
			merged = append(merged, acts[j])
			j++
		} else {
			merged = append(merged, acts[i])
			i++
		}
	}
	return append(append(merged, acts[i:n]...), acts[j:]...)
}

// sortRun is slices.SortStableFunc(run, byTime) for a run nearly in
// order. A run in order by start (as items are) is out of order only
// among activities of the same start: those groups alone are sorted, by
// insertion (they are small), which keeps ties in their order.
func sortRun(run []act) {
	for i := 1; i < len(run); i++ {
		if run[i].lo < run[i-1].lo {
			slices.SortStableFunc(run, byTime)
			return
		}
	}
	for lo := 0; lo < len(run); {
		hi := lo + 1
		for hi < len(run) && run[hi].lo == run[lo].lo {
			hi++
		}
		for i := lo + 1; i < hi; i++ {
			for j := i; j > lo && byTime(run[j], run[j-1]) < 0; j-- {
				run[j], run[j-1] = run[j-1], run[j]
			}
		}
		lo = hi
	}
}

// InParts calls do over [0, n) in parts, each on its own goroutine, part
// numbers from 0 (one part: in the caller's goroutine). do must write only
// what belongs to its part. A part's panic is raised again here, in the
// caller's goroutine, once every part has ended: a worker's panic would
// otherwise end the process.
func InParts(n, parts int, do func(part, lo, hi int)) {
	if parts <= 1 {
		do(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	panics := make([]any, parts)
	size := (n + parts - 1) / parts
	for i := range parts {
		lo, hi := min(i*size, n), min((i+1)*size, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { panics[i] = recover() }()
			do(i, lo, hi)
		}()
	}
	wg.Wait()
	for _, p := range panics {
		if p != nil {
			panic(p)
		}
	}
}

// parallelItems is how many placed items make the analyses worth running
// at once (a variable for the test that holds them to one after another).
var parallelItems = 20_000

// together runs fns, each on its own goroutine when parallel, else one
// after another; a panic is raised again in the caller once all have ended.
func together(parallel bool, fns ...func()) {
	if !parallel {
		for _, fn := range fns {
			fn()
		}
		return
	}
	InParts(len(fns), len(fns), func(_, lo, hi int) {
		for _, fn := range fns[lo:hi] {
			fn()
		}
	})
}
