package audit

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

// Weights are what the plan's objective counts, by the article's goals:
// effective focus up; context switches, days with 1-on-1s beyond one,
// days with external meetings beyond one, days that mix the two,
// back-to-back chains and fragmentation down.
type Weights struct {
	FocusMinute        float64 // + a minute of effective focus
	Switch             float64 // - a context switch
	OneOnOneDay        float64 // - a day with 1-on-1s beyond one a week
	ExternalDay        float64 // - a day with external meetings beyond one a week
	MixedDay           float64 // - a day with both external meetings and 1-on-1s
	Chain              float64 // - a run of back-to-back meetings (no buffer between)
	LongChain          float64 // - a meeting beyond three in the longest run
	FragmentationPoint float64 // - a percentage point of fragmentation
}

// DefaultWeights value a context switch at the article's 15 minutes and a
// day given to 1-on-1s or to external meetings at an hour.
var DefaultWeights = Weights{FocusMinute: 1, Switch: 15, OneOnOneDay: 60, ExternalDay: 60, MixedDay: 60, Chain: 30, LongChain: 20, FragmentationPoint: 2}

// Objective is a week's score and the figures it comes from.
type Objective struct {
	Score          float64
	EffectiveFocus time.Duration // the middle of the low and high estimate
	Switches       int
	OneOnOneDays   int
	ExternalDays   int
	MixedDays      int
	Chains         int
	LongestChain   int
	Fragmentation  float64 // 0..1
}

// Score is the objective of an analysed week: higher is better.
func Score(a *Analysis, w Weights) Objective {
	if a == nil {
		return Objective{}
	}
	o := Objective{
		EffectiveFocus: (a.Total.EffectiveFocus[0] + a.Total.EffectiveFocus[1]) / 2,
		Switches:       a.Total.Switches,
		OneOnOneDays:   a.OneOnOnes.Days,
		ExternalDays:   a.External.Days,
		MixedDays:      a.External.MixedDays,
		Chains:         a.Meetings.Chains,
		LongestChain:   a.Meetings.LongestChain,
		Fragmentation:  a.Total.Fragmentation(),
	}
	weeks := max(1, int(math.Round(a.Weeks)))
	o.Score = w.FocusMinute*o.EffectiveFocus.Minutes() -
		w.Switch*float64(o.Switches) -
		w.OneOnOneDay*float64(max(0, o.OneOnOneDays-weeks)) -
		w.ExternalDay*float64(max(0, o.ExternalDays-weeks)) -
		w.MixedDay*float64(o.MixedDays) -
		w.Chain*float64(o.Chains) -
		w.LongChain*float64(max(0, o.LongestChain-3)) -
		w.FragmentationPoint*100*o.Fragmentation
	o.Score = math.Round(o.Score*1000) / 1000
	return o
}

// Changes says how the figures moved from o to p, in words: "1-on-1 days
// 3 -> 2, switches -2"; only the figures that changed.
func (o Objective) Changes(p Objective) string {
	var out []string
	count := func(name string, a, b int) {
		if a != b {
			out = append(out, fmt.Sprintf("%s %d -> %d", name, a, b))
		}
	}
	count("1-on-1 days", o.OneOnOneDays, p.OneOnOneDays)
	count("external days", o.ExternalDays, p.ExternalDays)
	count("mixed days", o.MixedDays, p.MixedDays)
	if o.Switches != p.Switches {
		out = append(out, fmt.Sprintf("switches %+d", p.Switches-o.Switches))
	}
	if o.EffectiveFocus != p.EffectiveFocus {
		out = append(out, fmt.Sprintf("effective focus %s -> %s", FormatHM(o.EffectiveFocus), FormatHM(p.EffectiveFocus)))
	}
	if math.Abs(o.Fragmentation-p.Fragmentation) >= 0.0005 {
		out = append(out, fmt.Sprintf("fragmentation %s -> %s", pctText(o.Fragmentation), pctText(p.Fragmentation)))
	}
	count("back-to-back chains", o.Chains, p.Chains)
	count("longest chain", o.LongestChain, p.LongestChain)
	if len(out) == 0 {
		return "no figure changes"
	}
	return strings.Join(out, ", ")
}

func pctText(f float64) string {
	return strings.TrimSuffix(strings.TrimSuffix(fmt.Sprintf("%.1f", f*100), "0"), ".") + "%"
}

// PlanInput is what a plan is made from.
type PlanInput struct {
	// Events are the week's events as the sources gave them.
	Events []Event
	// Build audits a version of the events (the same rules, range and
	// settings as the report).
	Build func([]Event) *Report
	// Weights of the objective; the zero value means DefaultWeights.
	Weights Weights
	// MaxMoves bounds the moves proposed (default 5).
	MaxMoves int
	// Step is the grid of start times tried (default 15 minutes).
	Step time.Duration
	// Movable and Fixed are the config's rules: an event Fixed matches
	// never moves; one Movable matches may, though you do not organise
	// it. Either may be nil.
	Movable, Fixed func(e *Event) (why string, ok bool)
	// Free tells whether an attendee is free from..to, not counting the
	// event itself (which is where it is now): known is false when the
	// source cannot tell. Nil: nobody's time is known.
	Free func(email string, e *Event, from, to time.Time) (free, known bool)
	// Series tells whether moving a recurring event to the new start holds
	// for its other weeks (the same weekday and time, and the new slot free
	// in each): the move is then proposed for the series. Nil: never.
	Series func(e *Event, to time.Time) bool
}

// Move is one proposed change of time.
type Move struct {
	Event    int // in PlanInput.Events
	From, To time.Time
	Why      string // why it may move: "you organise it"
	// Checked are the attendees found free at the new time; Unknown those
	// whose time could not be known.
	Checked, Unknown []string
	Series           bool // proposed for every week of the series
	// Before and After are the week's objective before and after this
	// move, the moves before it made.
	Before, After Objective
}

// Candidate is a meeting of the week and whether the plan may move it.
type Candidate struct {
	Event   int
	Movable bool
	Why     string
}

// Plan is a proposed week.
type Plan struct {
	Moves       []Move
	Candidates  []Candidate // every meeting of the week, in start order
	Events      []Event     // the week with the moves made
	Before      *Report
	After       *Report
	Objective   [2]Objective // before, after
	Evaluations int          // versions of the week audited
}

// planState is the search's working copy of the week.
type planState struct {
	in      *PlanInput
	events  []Event
	orig    []Event
	movable []int              // event indices
	blocks  map[int][]Interval // event index -> where it blocks time (one interval)
	working []Interval         // the week's working time, in order
	me      []string
	inside  Inside
	base    *Report
	// anchored limits the starts tried to those against something (see
	// slots): for weeks too large to try every start on the grid.
	anchored bool
	items    []Item  // reused for each version scored
	shifted  []Event // the moved events of one version
	evals    int
	// free caches attendees' availability: the answer for one event at
	// one start does not change during a search.
	free map[slotKey]slotFree
}

type slotKey struct {
	event int
	start int64
}

type slotFree struct {
	ok               bool
	checked, unknown []string
}

// MakePlan proposes at most MaxMoves moves that raise the week's
// objective: a greedy choice of the best single move, again and again,
// then a local search that places each moved meeting again with the others
// fixed, until nothing improves. Moves stay in the week and its working
// hours, keep their length, and never overlap anything else that takes
// time. The result is deterministic: ties go to the earlier meeting and
// the earlier start.
func MakePlan(in PlanInput) Plan {
	if in.Weights == (Weights{}) {
		in.Weights = DefaultWeights
	}
	if in.MaxMoves <= 0 {
		in.MaxMoves = 5
	}
	if in.Step <= 0 {
		in.Step = 15 * time.Minute
	}
	st, p := newPlanState(&in)
	if p.Before.Analysis == nil {
		return p
	}
	base := p.Before
	score := Score(base.Analysis, in.Weights).Score
	// A beam search over sets of moves: the best few sets of one move,
	// then of two, and so on; a set may score lower than the one it grew
	// from (gathering 1-on-1s onto one day pays only with the last of
	// them). The beam is as wide as the week is small.
	moved, score := st.beam(score)
	st.setTo(moved)
	// Local search: place each moved meeting again, the others where they
	// are (back where it was is a choice too), then give a freed move to
	// another meeting; a few rounds at most.
	for round := 0; round < 3; round++ {
		improved := false
		for _, ev := range sortedKeys(moved) {
			cur, home := moved[ev], st.orig[ev].Start
			st.place(ev, home)
			// Back where it was, unless another move took the place.
			bestTo, bestScore := home, math.Inf(-1)
			if !st.overlaps(ev, home, st.events[ev].End) {
				bestScore = st.score()
			}
			if to, s, ok := st.bestFor(ev, bestScore); ok {
				bestTo, bestScore = to, s
			}
			if bestTo.Equal(cur) || bestScore < score+minGain {
				bestTo, bestScore = cur, score
			} else {
				improved = true
			}
			st.place(ev, bestTo)
			score = bestScore
			if bestTo.Equal(home) {
				delete(moved, ev)
			} else {
				moved[ev] = bestTo
			}
		}
		for len(moved) < in.MaxMoves {
			ev, to, s, ok := st.best(score, func(e int) bool { _, done := moved[e]; return !done })
			if !ok {
				break
			}
			st.place(ev, to)
			moved[ev], score = to, s
			improved = true
		}
		if !improved {
			break
		}
	}
	// The moves in the order that gains most at each step, each with the
	// figures before and after it (the moves before it made).
	week := append([]Event(nil), in.Events...)
	before := Score(base.Analysis, in.Weights)
	left := sortedKeys(moved)
	for len(left) > 0 {
		next, nextScore := 0, math.Inf(-1)
		for k, ev := range left {
			was := week[ev].Start
			shift(&week[ev], moved[ev])
			if s := Score(in.Build(week).Analysis, in.Weights).Score; s > nextScore+1e-6 {
				next, nextScore = k, s
			}
			st.evals++
			shift(&week[ev], was)
		}
		ev := left[next]
		left = append(left[:next], left[next+1:]...)
		to := moved[ev]
		shift(&week[ev], to)
		m := Move{Event: ev, From: in.Events[ev].Start, To: to, Before: before}
		for _, c := range p.Candidates {
			if c.Event == ev {
				m.Why = c.Why
			}
		}
		f := st.freeAt(ev, to)
		m.Checked, m.Unknown = f.checked, f.unknown
		if in.Series != nil && in.Events[ev].Recurring() {
			m.Series = in.Series(&in.Events[ev], to)
		}
		m.After = Score(in.Build(week).Analysis, in.Weights)
		st.evals++
		before = m.After
		p.Moves = append(p.Moves, m)
	}
	p.Events = week
	p.After = in.Build(week)
	st.evals++
	p.Objective = [2]Objective{Score(base.Analysis, in.Weights), Score(p.After.Analysis, in.Weights)}
	p.Evaluations = st.evals
	return p
}

// newPlanState audits the week as it is and finds what may move and where
// everything is.
func newPlanState(in *PlanInput) (*planState, Plan) {
	st := &planState{in: in, orig: in.Events, events: append([]Event(nil), in.Events...), free: map[slotKey]slotFree{}}
	baseEvents := append([]Event(nil), in.Events...) // the report keeps pointers to them
	base := in.Build(baseEvents)
	st.evals++
	p := Plan{Before: base}
	st.me, st.inside, st.base = base.Me, base.Inside, base
	if base.Analysis == nil {
		p.After, p.Events = base, baseEvents
		return st, p
	}
	st.blocks = map[int][]Interval{}
	for i := range base.Items {
		it := &base.Items[i]
		ei := int(it.Index)
		if !it.Counted() || !it.Event.HasTimeOfDay() {
			continue
		}
		// Anything that takes time is in the way of a move: meetings,
		// personal time, booked focus, holds.
		st.blocks[ei] = append(st.blocks[ei], it.Interval)
		if !it.Meeting() {
			continue
		}
		ok, why := movable(it, base, in)
		p.Candidates = append(p.Candidates, Candidate{Event: ei, Movable: ok, Why: why})
		if ok {
			st.movable = append(st.movable, ei)
		}
	}
	for _, d := range base.Analysis.Days {
		st.working = append(st.working, d.Working...)
	}
	return st, p
}

// movable says whether the plan may move a meeting, and why: the config's
// fixed: rules first, then its movable: rules, then external meetings
// stay unless you organise them, and you move only what you organise.
func movable(it *Item, r *Report, in *PlanInput) (bool, string) {
	e := it.Event
	if e.AllDay || it.Kind() == KindAway {
		return false, "all-day or away"
	}
	if in.Fixed != nil {
		if why, ok := in.Fixed(e); ok {
			return false, "fixed by the config (" + why + ")"
		}
	}
	if in.Movable != nil {
		if why, ok := in.Movable(e); ok {
			return true, "movable by the config (" + why + ")"
		}
	}
	mine := organisedByMe(e, r.Me)
	if !mine && r.Inside.HasExternal(e) {
		return false, "external, and you do not organise it"
	}
	if mine {
		return true, "you organise it"
	}
	if e.Organizer.Email == "" {
		return false, "its organizer is unknown"
	}
	return false, "you do not organise it"
}

func organisedByMe(e *Event, me []string) bool { return isMe(e.Organizer.Email, me) }

func isMe(email string, me []string) bool {
	for _, m := range me {
		if email != "" && strings.EqualFold(email, m) {
			return true
		}
	}
	return false
}

func shift(e *Event, to time.Time) {
	e.End, e.Start = to.Add(e.End.Sub(e.Start)), to
}

// place moves an event of the working copy, and where it blocks time.
func (st *planState) place(ev int, to time.Time) {
	d := to.Sub(st.events[ev].Start)
	shift(&st.events[ev], to)
	if bs, ok := st.blocks[ev]; ok {
		out := make([]Interval, len(bs))
		for i, b := range bs {
			out[i] = Interval{Start: b.Start.Add(d), End: b.End.Add(d)}
		}
		st.blocks[ev] = out
	}
}

// score is the objective of the working copy. The week is not audited
// from scratch: moving a meeting changes no category, length or
// classification, only where items lie, so the base report's items are
// shifted and the analyses run again on them, in the order Build gives
// (by start, then input position). TestPlanFastScore checks that this
// equals a full audit.
func (st *planState) score() float64 {
	st.evals++
	items := append(st.items[:0], st.base.Items...)
	for j := range items {
		it := &items[j]
		i := int(it.Index)
		if i >= len(st.events) {
			continue
		}
		d := st.events[i].Start.Sub(st.orig[i].Start)
		if d == 0 {
			continue
		}
		ev := *it.Event
		ev.Start, ev.End = ev.Start.Add(d), ev.End.Add(d)
		st.shifted = append(st.shifted, ev)
		it.Event = &st.shifted[len(st.shifted)-1]
		it.Start, it.End = it.Start.Add(d), it.End.Add(d)
	}
	slices.SortStableFunc(items, func(a, b Item) int {
		if a.Start.IsZero() != b.Start.IsZero() {
			if a.Start.IsZero() {
				return 1
			}
			return -1
		}
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return int(a.Index) - int(b.Index)
	})
	r := *st.base
	r.Items = items
	sc := Score(Analyze(&r, st.base.Analysis.Settings), st.in.Weights).Score
	st.items, st.shifted = items, st.shifted[:0:0] // the analysis may keep pointers into shifted: a new one next time
	return sc
}

// beamWork bounds the beam's work: versions of the week scored times the
// events in it; maxBeam is the widest beam, for small weeks.
// maxGridSlots is the most starts on the grid tried, all meetings
// together; above it, only starts against something are.
const (
	beamWork     = 150_000
	maxBeam      = 32
	maxGridSlots = 400
)

type beamState struct {
	moved map[int]time.Time
	score float64
	key   string
}

func stateKey(moved map[int]time.Time) string {
	var b strings.Builder
	for _, ev := range sortedKeys(moved) {
		fmt.Fprintf(&b, "%d@%d;", ev, moved[ev].Unix())
	}
	return b.String()
}

// setTo puts the working copy in a state: the moved meetings at their new
// starts, every other where it was.
func (st *planState) setTo(moved map[int]time.Time) {
	for _, ev := range st.movable {
		to, ok := moved[ev]
		if !ok {
			to = st.orig[ev].Start
		}
		if !st.events[ev].Start.Equal(to) {
			st.place(ev, to)
		}
	}
}

// beam returns the best set of at most MaxMoves moves it finds, and its
// score; the empty set (score) unless one is at least minGain better.
func (st *planState) beam(score float64) (map[int]time.Time, float64) {
	slots := 0
	for _, ev := range st.movable {
		slots += len(st.slots(ev))
	}
	if slots > maxGridSlots {
		st.anchored = true
		slots = 0
		for _, ev := range st.movable {
			slots += len(st.slots(ev))
		}
	}
	m := len(st.movable)
	per := (slots + m*(m-1)/2) * st.in.MaxMoves     // versions scored a state, at most
	budget := beamWork / max(len(st.base.Items), 1) // versions to score: fewer, the larger the week
	width := min(maxBeam, max(1, budget/max(per, 1)))
	best := beamState{moved: map[int]time.Time{}, score: score}
	states := []beamState{best}
	for depth := 0; depth < st.in.MaxMoves && len(states) > 0; depth++ {
		seen := map[string]bool{}
		var next []beamState
		for _, s := range states {
			st.setTo(s.moved)
			// with is the state with some meetings placed anew (back
			// where it was is no move).
			with := func(to map[int]time.Time) (map[int]time.Time, bool) {
				m := make(map[int]time.Time, len(s.moved)+len(to))
				for k, v := range s.moved {
					m[k] = v
				}
				for k, v := range to {
					if v.Equal(st.orig[k].Start) {
						delete(m, k)
					} else {
						m[k] = v
					}
				}
				return m, len(m) <= st.in.MaxMoves
			}
			add := func(m map[int]time.Time, sc float64) {
				if key := stateKey(m); !seen[key] {
					seen[key] = true
					next = append(next, beamState{moved: m, score: sc, key: key})
				}
			}
			// One meeting to a free slot (a moved one may move again).
			for _, ev := range st.movable {
				cur := st.events[ev].Start
				for _, to := range st.slots(ev) {
					m, ok := with(map[int]time.Time{ev: to})
					if !ok {
						continue
					}
					st.place(ev, to)
					add(m, st.score())
				}
				st.place(ev, cur)
			}
			// Swaps: two meetings of one length trade places; in a full
			// week no single move may be possible, and swaps in turn make
			// any rearrangement.
			for x, a := range st.movable {
				for _, b := range st.movable[x+1:] {
					if !st.swappable(a, b) {
						continue
					}
					ta, tb := st.events[b].Start, st.events[a].Start
					m, ok := with(map[int]time.Time{a: ta, b: tb})
					if !ok {
						continue
					}
					st.place(a, ta)
					st.place(b, tb)
					add(m, st.score())
					st.place(a, tb)
					st.place(b, ta)
				}
			}
		}
		sort.SliceStable(next, func(a, b int) bool {
			if next[a].score != next[b].score {
				return next[a].score > next[b].score
			}
			return next[a].key < next[b].key
		})
		if len(next) > width {
			next = next[:width]
		}
		for _, s := range next {
			if s.score >= best.score+minGain {
				best = s
			}
		}
		states = next
	}
	return best.moved, best.score
}

// minGain is the least gain a move must bring: a minute's worth.
const minGain = 1.0

// best is the best move of one meeting (for which pick is true), at least
// minGain better than score.
func (st *planState) best(score float64, pick func(int) bool) (int, time.Time, float64, bool) {
	bestEv, bestTo, bestScore, found := 0, time.Time{}, score, false
	for _, ev := range st.movable {
		if !pick(ev) {
			continue
		}
		if to, s, ok := st.bestFor(ev, bestScore); ok {
			bestEv, bestTo, bestScore, found = ev, to, s, true
		}
	}
	if !found || bestScore < score+minGain {
		return 0, time.Time{}, 0, false
	}
	return bestEv, bestTo, bestScore, true
}

// bestFor is the best start for one meeting, better than score, the
// others where they are.
func (st *planState) bestFor(ev int, score float64) (time.Time, float64, bool) {
	from := st.events[ev].Start
	bestTo, bestScore, found := time.Time{}, score, false
	for _, to := range st.slots(ev) {
		st.place(ev, to)
		if s := st.score(); s > bestScore+1e-6 {
			bestTo, bestScore, found = to, s, true
		}
	}
	st.place(ev, from)
	return bestTo, bestScore, found
}

// Slots are the starts a meeting may move to: on the step grid, within
// one stretch of working time, overlapping nothing that takes time, with
// every attendee whose time is known free; not where it is now.
func (st *planState) slots(ev int) []time.Time {
	e := &st.events[ev]
	length := e.End.Sub(e.Start)
	if length <= 0 {
		return nil
	}
	ok := func(t time.Time) bool {
		return !t.Equal(e.Start) && st.inWorking(t, t.Add(length)) && !st.overlaps(ev, t, t.Add(length)) &&
			!st.seriesThatDay(ev, t) && st.freeAt(ev, t).ok
	}
	var out []time.Time
	if st.anchored {
		// A large week: only the starts that put the meeting against
		// something (the edge of working time, or another event), which
		// is where it fragments least.
		seen := map[int64]bool{}
		try := func(t time.Time) {
			if !seen[t.Unix()] && ok(t) {
				seen[t.Unix()] = true
				out = append(out, t)
			}
		}
		for _, w := range st.working {
			try(w.Start)
			try(w.End.Add(-length))
		}
		for _, other := range sortedBlocks(st.blocks) {
			if other == ev {
				continue
			}
			for _, b := range st.blocks[other] {
				try(b.End)
				try(b.Start.Add(-length))
			}
		}
		slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
		return out
	}
	for _, w := range st.working {
		for t := w.Start; !t.Add(length).After(w.End); t = t.Add(st.in.Step) {
			if ok(t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// sortedBlocks are the events that take time, in index order.
func sortedBlocks(m map[int][]Interval) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

// swappable reports whether two meetings may trade places: the same
// length, each place in working hours, clear of everything but the other,
// with its attendees free there.
func (st *planState) swappable(a, b int) bool {
	ea, eb := &st.events[a], &st.events[b]
	length := ea.End.Sub(ea.Start)
	if eb.End.Sub(eb.Start) != length || ea.Start.Equal(eb.Start) {
		return false
	}
	for _, c := range [2][2]int{{a, b}, {b, a}} {
		ev, to := c[0], st.events[c[1]].Start
		if !st.inWorking(to, to.Add(length)) || st.seriesThatDay(ev, to) || !st.freeAt(ev, to).ok {
			return false
		}
		for other, bs := range st.blocks {
			if other == a || other == b {
				continue
			}
			for _, bl := range bs {
				if bl.Start.Before(to.Add(length)) && to.Before(bl.End) {
					return false
				}
			}
		}
	}
	return true
}

// inWorking reports whether from..to lies in one stretch of working time.
func (st *planState) inWorking(from, to time.Time) bool {
	for _, w := range st.working {
		if !from.Before(w.Start) && !to.After(w.End) {
			return true
		}
	}
	return false
}

// seriesThatDay reports whether another occurrence of the event's series
// is on the day of t: a daily stand-up does not move onto Tuesday's.
func (st *planState) seriesThatDay(ev int, t time.Time) bool {
	id := st.events[ev].SeriesID
	if id == "" {
		return false
	}
	y, m, d := t.Date()
	for other := range st.blocks {
		o := &st.events[other]
		if other == ev || o.SeriesID != id {
			continue
		}
		if oy, om, od := o.Start.In(t.Location()).Date(); oy == y && om == m && od == d {
			return true
		}
	}
	return false
}

func (st *planState) overlaps(ev int, from, to time.Time) bool {
	for other, bs := range st.blocks {
		if other == ev {
			continue
		}
		for _, b := range bs {
			if b.Start.Before(to) && from.Before(b.End) {
				return true
			}
		}
	}
	return false
}

// freeAt asks whether the meeting's attendees are free at a start.
func (st *planState) freeAt(ev int, to time.Time) slotFree {
	k := slotKey{ev, to.Unix()}
	if f, ok := st.free[k]; ok {
		return f
	}
	f := slotFree{ok: true}
	e := &st.orig[ev]
	end := to.Add(e.End.Sub(e.Start))
	for _, a := range e.Attendees {
		if a.Self || a.Resource || a.Email == "" || a.Response == ResponseDeclined || isMe(a.Email, st.me) {
			continue
		}
		if st.in.Free == nil || st.inside.External(a.Email) {
			f.unknown = append(f.unknown, a.Email)
			continue
		}
		free, known := st.in.Free(a.Email, e, to, end)
		switch {
		case !known:
			f.unknown = append(f.unknown, a.Email)
		case !free:
			f.ok = false
		default:
			f.checked = append(f.checked, a.Email)
		}
	}
	st.free[k] = f
	return f
}

func sortedKeys(m map[int]time.Time) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}
