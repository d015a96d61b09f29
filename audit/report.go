package audit

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unsafe"
)

// Reason says why an event was left out of the audit.
type Reason int

// Reasons, in the order reports list them.
const (
	OutsideRange Reason = iota
	Cancelled
	NotTime
	DeclinedByMe
	TentativeByMe
	ShownFree
	AllDay
	TooLong
	IgnoredByRule
	Invalid
	Duplicate
	numReasons
)

var reasonText = [numReasons]string{
	OutsideRange:  "outside the range",
	Cancelled:     "cancelled",
	NotTime:       "not time spent (markers of no length, working locations, birthdays)",
	DeclinedByMe:  "declined by me",
	TentativeByMe: "tentative",
	ShownFree:     "shown as free",
	AllDay:        "all-day",
	TooLong:       "too long",
	IgnoredByRule: "ignored by a rule",
	Invalid:       "invalid",
	Duplicate:     "in another source too",
}

var reasonKey = [numReasons]string{
	OutsideRange:  "outside_range",
	Cancelled:     "cancelled",
	NotTime:       "not_time",
	DeclinedByMe:  "declined",
	TentativeByMe: "tentative",
	ShownFree:     "free",
	AllDay:        "all_day",
	TooLong:       "too_long",
	IgnoredByRule: "ignored",
	Invalid:       "invalid",
	Duplicate:     "duplicate",
}

func (r Reason) String() string { return reasonText[r] }

// Key is the reason's machine name, used in JSON and CSV.
func (r Reason) Key() string { return reasonKey[r] }

// Reasons lists every reason in report order.
func Reasons() []Reason {
	rs := make([]Reason, numReasons)
	for i := range rs {
		rs[i] = Reason(i)
	}
	return rs
}

// Skipped is an input record a source skipped because it was invalid
// (only with --skip-invalid; otherwise the record fails the run).
type Skipped struct {
	Source Provenance
	Err    string // what was wrong, naming the column and value
}

// Options steer Build.
type Options struct {
	// Range to audit. The zero Range derives the range from the events:
	// the ISO weeks from the first event's to the last one's.
	Range Range
	// Location is the report's time zone; required when Range is zero.
	Location *time.Location
	// Me holds the user's e-mail addresses; they mark the user's attendee
	// entry and so the user's own response.
	Me []string
	// Domains are the user's organisation (the config's domain:); without
	// them, the domains of Me (given or inferred).
	Domains []string
	// Settings steer what counts and the analyses; nil means DefaultSettings.
	Settings *Settings
	// SkipAnalyses leaves Analysis nil: for listings that do not show it.
	SkipAnalyses bool
	// KeepLeftOut keeps the events left out (in the range) in
	// Report.LeftOutItems, with their reasons: for listing everything.
	KeepLeftOut bool
	// Parts says which source each event came from when the events are
	// several sources' one after another: an event the same as one of an
	// earlier part (the same UID and occurrence) counts once.
	Parts []Part
	// Owned says the events are Build's to change, and nobody audits them
	// again: the user's response and marked attendee list are set on them
	// rather than on a copy of each (attendee lists themselves are still
	// never changed, only replaced by a marked copy, once per list).
	Owned bool
	// Occurrences, when not nil, are what Build audits: the events are
	// then each series' (and each moved instance's) details, once, and
	// these their instances, in order, with their own times. An item's
	// Event is then its series' event, shared by its occurrences, with the
	// first one's Start, End and RecurrenceID: the item's own times are
	// its Interval; its Index is its occurrence's. Parts count events.
	Occurrences []Occurrence
}

// Part is one source's run of events in Build's input.
type Part struct {
	Name   string // the source as the user named it
	Events int
}

// Item is one classified event in the report: clipped to the range.
type Item struct {
	Event *Event
	// Interval is Start and End, clipped to the range, in the report
	// zone; zero when untimed.
	Interval
	Length time.Duration
	// Match is the verdict; items with the same verdict share one (there
	// are millions of items, and few verdicts). Never modify it in place.
	Match *Match
	// Solo marks a solo hold: a meeting of fewer than two people, which is
	// the user's own time (unless Settings.SoloHoldsAsMeetings).
	Solo bool
	// External marks a meeting with someone outside the user's domains.
	External bool
	// Index is the event's position in Build's input (Event may be a copy
	// of it, with the user's entry marked): what a plan moves. With
	// Options.Occurrences, the occurrence's position.
	Index int32
}

// Kind is what the item's time is in the analyses: its category's kind,
// but own time (focus) for a solo hold.
func (it *Item) Kind() Kind {
	if it.Solo {
		return KindFocus
	}
	return it.Match.Kind
}

// Meeting reports whether the item is a meeting in the analyses.
func (it *Item) Meeting() bool { return it.Kind() == KindMeeting }

// CategoryTotal is the time spent in one category.
type CategoryTotal struct {
	Category
	Events int
	Time   time.Duration
	Share  float64 // of the total counted time, 0..1
}

// LeftOut counts the events left out for one reason.
type LeftOut struct {
	Reason Reason
	Events int
}

// Report is the result of an audit.
type Report struct {
	Range        Range
	RangeDerived bool // the range was derived from the events, not asked for
	// Categories holds every category with time, largest first; ties keep
	// the classifier's declaration order.
	Categories []CategoryTotal
	// Declared is every category the classifier knows, in its order, with
	// or without time: what stays the same from one report to the next.
	Declared []Category
	Total    CategoryTotal // Name "Total"
	// LeftOut holds a count for every reason with at least one event, in
	// Reasons() order.
	LeftOut []LeftOut
	Invalid []Skipped // details of the invalid records skipped
	// Items holds every classified event (counted ones and those a rule
	// ignored) in start order; untimed events keep input order, last.
	Items []Item
	// LeftOutItems are the events in the range left out for a reason other
	// than a rule's, classified and clipped like Items: only with
	// Options.KeepLeftOut.
	LeftOutItems []LeftOutItem
	// Me are the addresses taken to be the user's: --me and the config's
	// me:, else the one inferred (MeInferred) from the invitations.
	Me           []string
	MeInferred   bool
	MeFromSource bool // a source marked the user's own entry
	// ResponsesUnknown is set when nothing tells the user's responses: no
	// --me, none could be inferred, and no source marks them.
	ResponsesUnknown bool
	// Inside are the user's domains: who is internal, who external.
	Inside Inside
	// SizeUnknown is set when the meetings come with no attendee lists at
	// all: solo holds and sizes cannot be told.
	SizeUnknown bool
	// Untimed counts counted events without a time of day: the
	// time-of-day analyses cannot place them. Undated counts those of them
	// without a date either, to which no range applies.
	Untimed, Undated int
	// Responses counts the user's own responses to the events in the range:
	// the counted ones by answer, and the declined ones (left out unless
	// IncludeDeclined).
	Responses ResponseCounts
	// Policy is what counted.
	Policy Policy
	// Away is the out-of-office time in the range (events of kind away, or
	// shown as out of office): it is not working time.
	Away []Interval
	// Analysis holds the time-of-day analyses; nil when no counted event
	// has a time of day.
	Analysis *Analysis
	Notes    []string
}

// ResponseCounts counts events by the user's response.
type ResponseCounts struct {
	Accepted, Tentative, NeedsAction, Declined, Unknown int
}

// Known reports whether any response was known (a source gave one, or --me found the user).
func (r ResponseCounts) Known() bool {
	return r.Accepted+r.Tentative+r.NeedsAction+r.Declined > 0
}

func (r *ResponseCounts) add(resp Response) {
	switch resp {
	case ResponseAccepted:
		r.Accepted++
	case ResponseTentative:
		r.Tentative++
	case ResponseNeedsAction:
		r.NeedsAction++
	case ResponseDeclined:
		r.Declined++
	default:
		r.Unknown++
	}
}

// PolicyText says what counted, and when the user's responses are
// unknown, that declining could not leave anything out.
func (r *Report) PolicyText() string {
	s := r.Policy.String()
	if r.ResponsesUnknown {
		s += "; your responses are unknown (no --me, and no address is on nearly every invitation), so nothing is left out as declined or tentative"
	}
	return s
}

// LeftOutItem is an event left out of the totals, and why.
type LeftOutItem struct {
	Item
	Reason Reason
}

// Counted reports whether the item adds to the totals (a rule did not ignore it).
func (it *Item) Counted() bool { return it.Match.Kind != KindIgnore }

// Build audits events: it marks the user's attendance, leaves out what
// does not belong (outside the range, cancelled, declined by the user,
// all-day, ignored by a rule), classifies and clips the rest and totals
// them by category. It does not modify events. skipped are the invalid
// records the sources skipped; they are counted and listed.
func Build(events []Event, skipped []Skipped, c Classifier, opt Options) Report {
	loc := opt.Location
	if loc == nil {
		loc = opt.Range.Location()
	}
	settings := DefaultSettings()
	if opt.Settings != nil {
		settings = *opt.Settings
	}
	policy := settings.Policy
	r := Report{Range: opt.Range, Invalid: skipped, Policy: policy}
	var rangeNote string
	list := eventList{events, opt.Occurrences}
	if r.Range.IsZero() {
		r.Range, rangeNote = deriveRange(loc, policy, list)
		r.RangeDerived = !r.Range.IsZero()
	}
	var left [numReasons]int
	left[Invalid] = len(skipped)
	id := identify(list, r.Range, opt.Me)
	r.Me, r.MeInferred, r.MeFromSource, r.ResponsesUnknown = id.me, id.inferred, id.fromSource, id.unknown
	me := lowerAll(r.Me)
	r.Inside = Inside{Domains: lowerAll(opt.Domains)}
	if !r.Inside.Known() {
		r.Inside.Domains = DomainsOf(me)
	}
	if dc, ok := c.(DomainClassifier); ok {
		c = dc.ForInside(r.Inside)
	}
	dups := newDuplicates(opt.Parts)
	marker := selfMarker{me: me, owned: opt.Owned}
	var busy busyTally
	// The occurrences of a series look the same to the rules (the same
	// strings, attendee list and length): one classification serves them,
	// interned, with the head count and whether anyone is external (see
	// verdictCache).
	var verdicts verdictCache
	interned := map[Match]*Match{}
	intern := func(m Match) *Match {
		p, ok := interned[m]
		if !ok {
			p = new(Match) // m itself would escape on every call
			*p = m
			interned[m] = p
		}
		return p
	}
	verdictOf := func(e *Event) *verdict {
		v, hit := verdicts.slot(e)
		if !hit {
			m := busyMatch // nothing to classify but the time
			if !e.DetailsHidden {
				m = c.Classify(e)
			}
			v.match, v.people, v.external = intern(m), -1, -1
		}
		return v
	}
	// With occurrences, the verdict of each series' (marked) event, by
	// length: most of its occurrences find it at once.
	type memoVerdict struct {
		length time.Duration
		set    bool
		v      verdict
	}
	var memo []memoVerdict
	if list.occs != nil {
		memo = make([]memoVerdict, len(events))
	}
	verdictAt := func(t int, e *Event) *verdict {
		if memo == nil {
			return verdictOf(e)
		}
		m := &memo[t]
		if l := e.Length(); !m.set || m.length != l {
			*m = memoVerdict{length: l, set: true, v: *verdictOf(e)}
		}
		return &m.v
	}
	r.Items = make([]Item, 0, list.len())
	// An item points to keep: the event itself, or with occurrences, its
	// series' event (marked: marks[t]); its times are e's.
	var marks []*Event
	if list.occs != nil && len(me) > 0 {
		marks = make([]*Event, len(events))
	}
	clip := func(e, keep *Event, match *Match) Item {
		it := Item{Event: keep, Match: match}
		if e.Timed() {
			it.Start, it.End = r.Range.Clip(e.Start.In(loc), e.End.In(loc))
			it.Length = it.End.Sub(it.Start)
		} else {
			it.Length = e.Duration
		}
		return it
	}
	// Out-of-office time is not working time, whether or not it counts.
	addAway := func(start, end time.Time) {
		if iv, ok := (Interval{start.In(loc), end.In(loc)}).clip(r.Range.From, r.Range.To); ok {
			r.Away = append(r.Away, iv)
		}
	}
	listed, meetings, hidden := false, 0, 0 // whether any meeting comes with its guests; how many hide them
	leave := func(e, keep *Event, reason Reason, match *Match) {
		left[reason]++
		if opt.KeepLeftOut {
			m := match
			if m == nil {
				m = verdictOf(e).match
			}
			r.LeftOutItems = append(r.LeftOutItems, LeftOutItem{Item: clip(e, keep, m), Reason: reason})
		}
	}

	// With occurrences (and one source), an occurrence of the same series'
	// event, length and timing as one counted before is counted as it was:
	// everything but its times is the event's (see fastItem).
	var fast []fastItem
	if list.occs != nil && dups == nil {
		fast = make([]fastItem, len(events))
	}
	var scratch Event
	for i, n := 0, list.len(); i < n; i++ {
		if fast != nil {
			o := &list.occs[i]
			f := &fast[o.Event]
			timed := !o.Start.IsZero()
			if timed && !r.Range.Overlaps(o.Start, o.End) {
				left[OutsideRange]++
				continue
			}
			if f.set && timed && f.timed && o.End.Sub(o.Start) == f.length {
				if f.away {
					addAway(o.Start, o.End)
				}
				it := Item{Event: f.keep, Match: f.match, Solo: f.solo, External: f.external, Index: int32(i)}
				it.Start, it.End = r.Range.Clip(o.Start.In(loc), o.End.In(loc))
				it.Length = it.End.Sub(it.Start)
				f.count(&r, &it, &busy, &left, &listed, &meetings, &hidden)
				r.Items = append(r.Items, it)
				continue
			}
		}
		e, t := list.at(i, &scratch)
		keep := e
		if list.occs != nil {
			keep = &events[t]
		}
		timed := e.Timed()
		if timed && !r.Range.Overlaps(e.Start, e.End) {
			left[OutsideRange]++
			continue
		}
		if dups != nil && dups.seen(t, e) {
			leave(e, keep, Duplicate, nil)
			continue
		}
		if e.Status == StatusCancelled {
			leave(e, keep, Cancelled, nil)
			continue
		}
		if e.Type == TypeWorkingLocation || e.Type == TypeBirthday || (timed && !e.AllDay && !e.End.After(e.Start)) {
			leave(e, keep, NotTime, nil) // a marker: a working location, a birthday, a reminder of no length
			continue
		}
		switch {
		case len(me) == 0:
		case marks == nil:
			e = marker.mark(e)
			keep = e
		default: // the series' event is marked once, for all its occurrences
			if marks[t] == nil {
				marks[t] = marker.mark(&events[t])
			}
			keep = marks[t]
			e = list.timed(i, keep, &scratch)
		}
		if e.MyResponse == ResponseDeclined && !policy.Declined {
			leave(e, keep, DeclinedByMe, nil)
			r.Responses.Declined++
			continue
		}
		v := verdictAt(t, e)
		match := *v.match
		away := match.Kind == KindAway || e.ShowAs == ShowAsOutOfOffice || e.Type == TypeOutOfOffice
		if away && timed {
			addAway(e.Start, e.End)
		}
		switch {
		case e.MyResponse == ResponseTentative && !policy.Tentative:
			leave(e, keep, TentativeByMe, v.match)
			r.Responses.Tentative++
			continue
		case e.ShowAs == ShowAsFree && !policy.Free && !away:
			leave(e, keep, ShownFree, v.match)
			continue
		case e.AllDay && !policy.AllDay:
			leave(e, keep, AllDay, v.match)
			continue
		case !e.AllDay && policy.MaxLength > 0 && e.Length() > policy.MaxLength:
			leave(e, keep, TooLong, v.match)
			continue
		}
		mp := v.match
		if away && match.Kind != KindAway {
			match.Kind = KindAway
			mp = intern(match)
		}
		it := clip(e, keep, mp)
		it.Index = int32(i)
		if match.Kind == KindMeeting {
			if v.external < 0 {
				v.external = 0
				if r.Inside.HasExternal(e) {
					v.external = 1
				}
			}
			it.External = v.external == 1
			if !settings.SoloHoldsAsMeetings && e.PeopleKnown() {
				if v.people < 0 {
					v.people = e.PeopleCount()
				}
				it.Solo = v.people < 2
			}
		}
		f := fastItem{set: true, timed: timed, length: e.Length(), away: away && timed, keep: keep, match: mp, solo: it.Solo, external: it.External,
			meeting: match.Kind == KindMeeting, listed: e.Guests != GuestsUnknown, hidden: e.Guests == GuestsHidden,
			resp: e.MyResponse, busy: e.DetailsHidden, dateOnly: e.DateOnly}
		f.count(&r, &it, &busy, &left, &listed, &meetings, &hidden)
		if fast != nil {
			fast[t] = f
		}
		r.Items = append(r.Items, it)
	}
	byStart := func(a, b Item) int {
		if a.Start.IsZero() != b.Start.IsZero() {
			if a.Start.IsZero() {
				return 1
			}
			return -1
		}
		return a.Start.Compare(b.Start)
	}
	if !slices.IsSortedFunc(r.Items, byStart) { // sources mostly deliver them in order
		sortStable(r.Items, byStart)
	}
	slices.SortStableFunc(r.LeftOutItems, func(a, b LeftOutItem) int { return byStart(a.Item, b.Item) })
	for i := range left {
		if left[i] > 0 {
			r.LeftOut = append(r.LeftOut, LeftOut{Reason: Reason(i), Events: left[i]})
		}
	}
	r.Declared = c.Categories()
	if busy.events > 0 {
		r.Declared = append(slices.Clip(r.Declared), BusyCategory)
	}
	r.Categories, r.Total = totals(r.Items, r.Declared)
	r.SizeUnknown = meetings > 0 && !listed
	r.Notes = append(id.notes(), untimedNotes(&r)...)
	if rangeNote != "" {
		r.Notes = append(r.Notes, rangeNote)
	}
	if r.SizeUnknown {
		r.Notes = append(r.Notes, "the input lists no attendees: meeting size is unknown, so meetings of one (solo holds) and 1-on-1s by size cannot be told")
	}
	if hidden > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("%s with a hidden guest list: their size is unknown, so no rule by the number of people matches them", plural(hidden, "meeting")))
	}
	r.Notes = append(r.Notes, dups.notes()...)
	r.Notes = append(r.Notes, busy.notes()...)
	if !opt.SkipAnalyses {
		r.Analysis = Analyze(&r, settings)
	}
	return r
}

// fastItem is how Build counted an occurrence of a series' event: what
// counts the same for each of its occurrences of the same length.
type fastItem struct {
	set, timed              bool
	length                  time.Duration
	away                    bool // its time is away time (with occurrence times: r.Away)
	keep                    *Event
	match                   *Match
	solo, external          bool
	meeting, listed, hidden bool
	resp                    Response
	busy, dateOnly          bool
}

// count adds the item to the report's tallies, as an item of f.
func (f *fastItem) count(r *Report, it *Item, busy *busyTally, left *[numReasons]int, listed *bool, meetings, hidden *int) {
	if f.meeting {
		*listed = *listed || f.listed
		*meetings++
		if f.hidden {
			*hidden++
		}
	}
	if it.Counted() {
		r.Responses.add(f.resp)
		if f.busy {
			busy.add(f.keep, it.Length)
		}
	}
	switch {
	case !it.Counted():
		left[IgnoredByRule]++
	case !f.timed:
		r.Untimed++
		r.Undated++
	case f.dateOnly:
		r.Untimed++
	}
}

// sortStable sorts items stably by cmp through a permutation: sorting the
// large structs themselves moves each many times (a stable sort rotates).
func sortStable(items []Item, cmp func(a, b Item) int) {
	perm := make([]int32, len(items))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortStableFunc(perm, func(a, b int32) int { return cmp(items[a], items[b]) })
	// Apply the permutation in place, cycle by cycle: each item moves once.
	for i := range perm {
		if perm[i] < 0 {
			continue
		}
		j, tmp := i, items[i]
		for {
			k := int(perm[j])
			perm[j] = -1
			if k == i {
				items[j] = tmp
				break
			}
			items[j] = items[k]
			j = k
		}
	}
}

// busyTally counts the events whose details were hidden, and where.
type busyTally struct {
	events  int
	time    time.Duration
	sources []string // in order of first appearance
}

func (b *busyTally) add(e *Event, d time.Duration) {
	b.events++
	b.time += d
	if !slices.Contains(b.sources, e.Source.Source) {
		b.sources = append(b.sources, e.Source.Source)
	}
}

func (b *busyTally) notes() []string {
	if b.events == 0 {
		return nil
	}
	where := b.sources
	more := ""
	if len(where) > 3 {
		more = fmt.Sprintf(" and %d more", len(where)-3)
		where = where[:3]
	}
	return []string{fmt.Sprintf("%s (%s) on %s%s came without details, only as busy time (the calendar is shared free/busy only, or they are private): counted as %q by time alone, not classified by title",
		plural(b.events, "event"), FormatHM(b.time), strings.Join(where, ", "), more, BusyCategory.Name)}
}

// untimedNotes says what the report cannot do for events without a time of day.
func untimedNotes(r *Report) []string {
	dateOnly := r.Untimed - r.Undated
	switch {
	case r.Untimed == 0:
		return nil
	case r.Untimed == r.Total.Events && dateOnly == 0:
		return []string{"the input has durations but no start times: totals by category only; time-of-day analyses are unavailable"}
	case r.Untimed == r.Total.Events && r.Undated == 0:
		return []string{"the input has dates and durations but no times of day: totals by category and day only; time-of-day analyses are unavailable"}
	}
	var notes []string
	if r.Undated > 0 {
		notes = append(notes, fmt.Sprintf("%s a duration but no date: they count in the totals, but no range applies to them and time-of-day analyses cannot place them", eventsHave(r.Undated)))
	}
	if dateOnly > 0 {
		notes = append(notes, fmt.Sprintf("%s a date and a duration but no time of day: time-of-day analyses cannot place them", eventsHave(dateOnly)))
	}
	return notes
}

func eventsHave(n int) string {
	if n == 1 {
		return "1 event has"
	}
	return fmt.Sprintf("%d events have", n)
}

// LeftOutCount is the number of events left out for reason.
func (r *Report) LeftOutCount(reason Reason) int {
	for _, l := range r.LeftOut {
		if l.Reason == reason {
			return l.Events
		}
	}
	return 0
}

func totals(items []Item, cats []Category) ([]CategoryTotal, CategoryTotal) {
	idx := make(map[string]int, len(cats))
	out := make([]CategoryTotal, 0, len(cats))
	for _, c := range cats {
		if _, dup := idx[c.Name]; !dup {
			idx[c.Name] = len(out)
			out = append(out, CategoryTotal{Category: c})
		}
	}
	total := CategoryTotal{Category: Category{Name: "Total"}}
	for i := range items {
		it := &items[i]
		if !it.Counted() {
			continue
		}
		j, ok := idx[it.Match.Category]
		if !ok { // a classifier that names a category it did not declare
			j = len(out)
			idx[it.Match.Category] = j
			out = append(out, CategoryTotal{Category: Category{Name: it.Match.Category, Kind: it.Match.Kind}})
		}
		out[j].Events++
		out[j].Time += it.Length
		total.Events++
		total.Time += it.Length
	}
	kept := out[:0]
	for _, ct := range out {
		if ct.Events == 0 {
			continue
		}
		if total.Time > 0 {
			ct.Share = float64(ct.Time) / float64(total.Time)
		}
		kept = append(kept, ct)
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].Time > kept[j].Time })
	if total.Time > 0 {
		total.Share = 1
	}
	return kept, total
}

// MaxDerived is the longest range derived from the events: ten years. A
// longer span (an export of decades, a runaway event) is cut to its busiest
// ten years, with a note; --from/--to asks for any range.
const MaxDerived = 10 * 365 * 24 * time.Hour

// DeriveRange is the range a report of these lists of events, merged,
// derives when asked for none (see deriveRange), and the note that says
// so when it keeps ten years of more. The lists are read, not copied.
func DeriveRange(loc *time.Location, p Policy, lists ...[]Event) (Range, string) {
	ls := make([]eventList, len(lists))
	for i, l := range lists {
		ls[i] = eventList{events: l}
	}
	return deriveRange(loc, p, ls...)
}

// deriveRange (DeriveRange over event lists) spans, in whole ISO weeks,
// the events that will count: timed, not cancelled, not markers, not
// all-day or too long unless the policy counts those, not declined (as the
// source says) unless it counts that.
// An event the audit leaves out anyway must not stretch the range: a
// DURATION of a million weeks would make millennia of empty days. When none
// would count, the timed, non-cancelled events give the span. A span over
// MaxDerived keeps the ten years holding the most events (the latest of
// equals), and the note says so.
func deriveRange(loc *time.Location, p Policy, lists ...eventList) (Range, string) {
	counts := func(e *Event) bool {
		switch {
		case !e.Timed() || e.Status == StatusCancelled:
			return false
		case e.Type == TypeWorkingLocation || e.Type == TypeBirthday || (!e.AllDay && !e.End.After(e.Start)):
			return false
		case e.AllDay && !p.AllDay:
			return false
		case !e.AllDay && p.MaxLength > 0 && e.Length() > p.MaxLength:
			return false
		case e.MyResponse == ResponseDeclined && !p.Declined:
			return false
		}
		return true
	}
	type span struct{ from, to time.Time }
	var spans []span
	var scratch Event
	for _, strict := range []bool{true, false} {
		for _, events := range lists {
			for i, n := 0, events.len(); i < n; i++ {
				e, _ := events.at(i, &scratch)
				if strict && !counts(e) || !strict && (!e.Timed() || e.Status == StatusCancelled) {
					continue
				}
				end := e.End
				if end.Sub(e.Start) > 31*24*time.Hour {
					end = e.Start.Add(31 * 24 * time.Hour) // a runaway end stretches nothing
				}
				spans = append(spans, span{e.Start, end})
			}
		}
		if len(spans) > 0 {
			break
		}
	}
	if len(spans) == 0 {
		return Range{}, ""
	}
	slices.SortFunc(spans, func(a, b span) int { return a.from.Compare(b.from) })
	first, last := spans[0].from, spans[len(spans)-1].from
	lo, hi := 0, len(spans)-1
	cut := last.Sub(first) > MaxDerived
	if cut {
		// The busiest window of MaxDerived by starts, by two pointers.
		best := -1
		for i, j := 0, 0; j < len(spans); j++ {
			for spans[j].from.Sub(spans[i].from) > MaxDerived {
				i++
			}
			if j-i >= best {
				best, lo, hi = j-i, i, j
			}
		}
	}
	to := spans[lo].to
	for _, s := range spans[lo : hi+1] {
		if s.to.After(to) {
			to = s.to
		}
	}
	if to.After(spans[lo].from) {
		to = to.Add(-time.Nanosecond) // an event ending at midnight belongs to the day before
	}
	if cut && to.Sub(spans[lo].from) > MaxDerived+31*24*time.Hour {
		to = spans[hi].from
	}
	r := Range{From: WeekOf(spans[lo].from, loc).From, To: WeekOf(to, loc).To}
	if !cut {
		return r, ""
	}
	day := func(t time.Time) string { return t.In(loc).Format(time.DateOnly) }
	return r, fmt.Sprintf("the events run from %s to %s; without --from/--to a report covers at most ten years, here the ten with the most events: %s to %s (%d of %d events); name a range with --from/--to for the rest",
		day(first), day(last), day(r.From), day(r.To.AddDate(0, 0, -1)), hi-lo+1, len(spans))
}

func lowerAll(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if s = strings.ToLower(strings.TrimSpace(s)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// classifyKey is what a classifier reads of an event, by identity: the
// same string data (address and length), the same attendee list, and the
// same small fields are the same event to the rules.
type classifyKey struct {
	title, desc, place, cal, typ      *byte
	titleN, descN, placeN, calN, typN int
	org                               personID
	list                              listKey
	cats                              *string
	catsN                             int
	length                            time.Duration
	series                            bool
	resp                              Response
	show                              ShowAs
	guests                            GuestList
}

// keyOf is e's classifyKey (empty text has no address; its length says it).
func keyOf(e *Event) classifyKey {
	k := classifyKey{
		title: unsafe.StringData(e.Title), titleN: len(e.Title),
		desc: unsafe.StringData(e.Description), descN: len(e.Description),
		place: unsafe.StringData(e.Location), placeN: len(e.Location),
		cal: unsafe.StringData(e.Calendar), calN: len(e.Calendar),
		typ: unsafe.StringData(e.Type), typN: len(e.Type),
		org: personIDOf(e.Organizer), length: e.Length(), series: e.SeriesID != "",
		resp: e.MyResponse, show: e.ShowAs, guests: e.Guests, catsN: len(e.Categories),
	}
	if len(e.Attendees) > 0 {
		k.list = listKey{&e.Attendees[0], len(e.Attendees)}
	}
	if len(e.Categories) > 0 {
		k.cats = &e.Categories[0]
	}
	return k
}

// selfMarker is markSelf for one Build: the occurrences of a series share
// one attendee list, and so one marked copy of it, instead of a copy each.
type selfMarker struct {
	me     []string
	owned  bool // set the marks on the event itself (Options.Owned)
	marked map[listKey][]Attendee
	slab   []Event // marked copies, allocated a thousand at a time
}

// copyOf is a copy of e that lives as long as the report.
func (m *selfMarker) copyOf(e *Event) *Event {
	if len(m.slab) == cap(m.slab) {
		m.slab = make([]Event, 0, 1024)
	}
	m.slab = append(m.slab, *e)
	return &m.slab[len(m.slab)-1]
}

// listKey names an attendee list by its first entry and its length.
type listKey struct {
	first *Attendee
	n     int
}

func (m *selfMarker) mark(e *Event) *Event {
	if len(e.Attendees) == 0 {
		if m.owned {
			if e.MyResponse == ResponseUnknown && e.Organizer.Email != "" && slices.ContainsFunc(m.me, func(me string) bool { return strings.EqualFold(e.Organizer.Email, me) }) {
				e.MyResponse = ResponseAccepted // the organizer attends their own meeting
			}
			return e
		}
		return markSelf(e, m.me)
	}
	k := listKey{&e.Attendees[0], len(e.Attendees)}
	shared, ok := m.marked[k]
	if !ok {
		cp := markSelf(e, m.me)
		if m.marked == nil {
			m.marked = map[listKey][]Attendee{}
		}
		m.marked[k] = cp.Attendees
		return cp
	}
	// Marked before: the shared copy, and what markSelf would set.
	resp := e.MyResponse
	for i := range shared {
		if shared[i].Self && !e.Attendees[i].Self && resp == ResponseUnknown {
			resp = shared[i].Response
		}
	}
	if resp == ResponseUnknown && e.Organizer.Email != "" {
		for _, me := range m.me {
			if strings.EqualFold(e.Organizer.Email, me) {
				resp = ResponseAccepted // the organizer attends their own meeting
				break
			}
		}
	}
	if resp == e.MyResponse && &shared[0] == &e.Attendees[0] {
		return e // nothing marked
	}
	c := e
	if !m.owned {
		c = m.copyOf(e)
	}
	c.Attendees, c.MyResponse = shared, resp
	return c
}

// PeopleCounts is PeopleCount remembered by attendee list and organizer:
// the occurrences of a series share them, and are counted once; the
// latest events are remembered by their address as well, which is
// quicker to look up. The zero value is ready to use. The events must not
// change while it is in use.
type PeopleCounts struct {
	recent *[1024]recentCount // direct-mapped, by the event's address
	byList map[peopleKey]int
}

type recentCount struct {
	e *Event
	n int
}

type peopleKey struct {
	list listKey
	org  personID
}

// strID names a string by its data's address and length: strings that
// share their bytes (the occurrences of a series share their source
// event's) are the same without reading them, and hash as two words.
type strID struct {
	p *byte
	n int
}

func strIDOf(s string) strID { return strID{unsafe.StringData(s), len(s)} }

// personID is a Person by the identity of its strings.
type personID struct{ name, email strID }

func personIDOf(p Person) personID { return personID{strIDOf(p.Name), strIDOf(p.Email)} }

// keyOfPeople is e's peopleKey; ok is false without attendees.
func keyOfPeople(e *Event) (peopleKey, bool) {
	if len(e.Attendees) == 0 {
		return peopleKey{}, false
	}
	return peopleKey{listKey{&e.Attendees[0], len(e.Attendees)}, personIDOf(e.Organizer)}, true
}

// Of is e.PeopleCount().
func (m *PeopleCounts) Of(e *Event) int {
	k, ok := keyOfPeople(e)
	if !ok {
		return e.PeopleCount() // no guest list: nothing to count
	}
	if m.recent == nil {
		m.recent, m.byList = new([1024]recentCount), map[peopleKey]int{}
	}
	slot := &m.recent[(uint64(uintptr(unsafe.Pointer(e)))*0x9E3779B97F4A7C15)>>(64-10)] // Fibonacci hashing: the top bits
	if slot.e == e {
		return slot.n
	}
	n, ok := m.byList[k]
	if !ok {
		n = e.PeopleCount()
		m.byList[k] = n
	}
	*slot = recentCount{e, n}
	return n
}

// markSelf returns e with the user's attendee entry marked and the user's
// response filled in; e itself is copied, not modified, when anything changes.
func markSelf(e *Event, me []string) *Event {
	isMe := func(email string) bool {
		for _, m := range me {
			if strings.EqualFold(email, m) {
				return true
			}
		}
		return false
	}
	var cp *Event
	for i := range e.Attendees {
		a := &e.Attendees[i]
		if a.Self || a.Email == "" || !isMe(a.Email) {
			continue
		}
		if cp == nil {
			c := *e
			c.Attendees = append([]Attendee(nil), e.Attendees...)
			cp = &c
		}
		cp.Attendees[i].Self = true
		if cp.MyResponse == ResponseUnknown {
			cp.MyResponse = a.Response
		}
	}
	if cp == nil {
		cp = e
	}
	if cp.MyResponse == ResponseUnknown && cp.Organizer.Email != "" && isMe(cp.Organizer.Email) {
		if cp == e {
			c := *e
			cp = &c
		}
		cp.MyResponse = ResponseAccepted // the organizer attends their own meeting
	}
	return cp
}

// verdict is what Build works out once per source event: its interned
// match, its head count and whether anyone is from outside (-1: not yet).
type verdict struct {
	match            *Match
	people, external int
}

// verdictCache keeps the verdicts of recent events by their classifyKey:
// a direct-mapped cache (the key's few words hashed, no strings read), so
// the occurrences of a few thousand series interleaved by start find their
// event's verdict without a map. A miss classifies again, as before.
type verdictCache struct {
	slots *[4096]verdictSlot
}

type verdictSlot struct {
	key    classifyKey
	hidden bool
	used   bool
	verdict
}

func (c *verdictCache) slot(e *Event) (*verdict, bool) {
	if c.slots == nil {
		c.slots = new([4096]verdictSlot)
	}
	k := keyOf(e)
	h := (uint64(uintptr(unsafe.Pointer(k.title))) + uint64(uintptr(unsafe.Pointer(k.list.first)))*0x9E3779B1 + uint64(k.length)) * 0x9E3779B97F4A7C15
	s := &c.slots[h>>(64-12)]
	if s.used && s.key == k && s.hidden == e.DetailsHidden {
		return &s.verdict, true
	}
	*s = verdictSlot{key: k, hidden: e.DetailsHidden, used: true}
	return &s.verdict, false
}
