package audit

import (
	"slices"
	"strings"
	"time"
	"unicode"
)

// Tally is a number of events and their time.
type Tally struct {
	Count int
	Time  time.Duration // lengths added, overlaps not merged
}

func (t *Tally) add(d time.Duration) { t.Count++; t.Time += d }

// External describes the meetings with someone from outside the user's
// domains (the article: keep external stakeholders to a day of their own).
type External struct {
	Known       bool // the user's domains are known, so "external" means something
	Meetings    Tally
	Share       float64  // of meeting time (lengths added), 0..1
	Weekdays    [7]Tally // by weekday (time.Weekday order)
	Days        int      // days with an external meeting
	DaysPerWeek float64
	MixedDays   int // days with both external meetings and 1-on-1s
}

// PrepCheck describes the meetings that need preparing and whether a prep
// block came before them.
type PrepCheck struct {
	Needing  int
	WithPrep int
	Share    float64 // WithPrep / Needing; 0 when nothing needs prep
	Missing  []*Item // the meetings needing prep that had none, in start order
}

// Roster statuses.
const (
	StatusOK       = "ok"
	StatusOverdue  = "overdue"   // longer than the cadence without a 1-on-1
	StatusNever    = "never"     // no 1-on-1 in a range at least one cadence long
	StatusTooShort = "too_short" // no 1-on-1, but the range is shorter than the cadence
)

// RosterEntry is one roster member's 1-on-1s in the range.
type RosterEntry struct {
	Member
	Count      int
	Time       time.Duration
	Last       time.Time     // zero without a 1-on-1
	DaysSince  float64       // from the last one to the range's end; -1 without one
	LongestGap time.Duration // between 1-on-1s, and before the first and after the last
	Average    time.Duration
	Status     string
}

// Grace is how much longer than its cadence a gap between 1-on-1s may be
// before it is overdue: half the cadence, at most a week. A weekly 1-on-1
// moved by a day is not overdue; one skipped is.
func Grace(cadence time.Duration) time.Duration { return min(cadence/2, 7*24*time.Hour) }

// Late reports whether the member has waited too long: overdue, or never met.
func (e RosterEntry) Late() bool { return e.Status == StatusOverdue || e.Status == StatusNever }

// externalAndPrep works out the external meetings and the prep checks over
// the analysed meetings.
func externalAndPrep(r *Report, s *Settings, a *Analysis, meetings []*placed, all []placed) {
	x := External{Known: r.Inside.Known()}
	type dayFlags struct{ ext, one bool }
	days := make([]dayFlags, len(a.Days)) // by the day a meeting starts on
	var meetTime time.Duration
	for _, m := range meetings {
		meetTime += m.len()
		if strings.EqualFold(m.Item.Match.Category, s.OneOnOnes) {
			days[m.first].one = true
		}
		if !m.Item.External {
			continue
		}
		x.Meetings.add(m.len())
		x.Weekdays[a.Days[m.first].Date.Weekday()].add(m.len())
		days[m.first].ext = true
	}
	if meetTime > 0 {
		x.Share = float64(x.Meetings.Time) / float64(meetTime)
	}
	for _, f := range days {
		if f.ext {
			x.Days++
			if f.one {
				x.MixedDays++
			}
		}
	}
	if a.Weeks > 0 {
		x.DaysPerWeek = float64(x.Days) / a.Weeks
	}
	a.External = x

	a.Prep = prepCheck(s, meetings, all)
}

// prepCheck pairs each meeting that needs prep with a block of the prep
// category that ends no more than the window before it starts. A block
// serves one meeting: the one its title names (they share a word: "Prep:
// 1:1 Alex" and "1:1 Alex"), else, for a block whose title names nothing
// but prep, the next meeting that needs it.
func prepCheck(s *Settings, meetings []*placed, all []placed) PrepCheck {
	var pc PrepCheck
	managers := map[string]bool{}
	if s.Prep.Managers {
		for _, m := range s.Team {
			if m.Relation == RelationManager {
				managers[strings.ToLower(m.Email)] = true
			}
		}
	}
	type block struct {
		Interval
		words []string
		used  bool
	}
	// A title's words, worked out once per title.
	wordsOf := map[string][]string{}
	words := func(title string) []string {
		w, ok := wordsOf[title]
		if !ok {
			w = titleWords(title)
			wordsOf[title] = w
		}
		return w
	}
	var blocks []*block // in start order, as all is
	var longest time.Duration
	for _, p := range all {
		if strings.EqualFold(p.Item.Match.Category, s.Prep.Category) {
			blocks = append(blocks, &block{Interval: p.Interval, words: words(p.Item.Event.Title)})
			longest = max(longest, p.Len())
		}
	}
	// The blocks that can serve a meeting end within the window before it:
	// they start no later than it, and no earlier than the window and the
	// longest block before it. Meetings come in start order, so the blocks
	// to look at are a window that only moves forward.
	lo, hi := 0, 0
	for i, m := range meetings { // in start order
		if !needsPrep(m.Item, s, managers) {
			continue
		}
		pc.Needing++
		var mw []string // the meeting's title words, when a block has words
		mwDone := false
		for hi < len(blocks) && !blocks[hi].Start.After(m.Start) {
			hi++
		}
		for lo < hi && blocks[lo].Start.Add(longest).Before(m.Start.Add(-s.Prep.Window)) {
			lo++
		}
		var generic, named *block
		for _, b := range blocks[lo:hi] {
			if b.used || b.End.After(m.Start) || m.Start.Sub(b.End) > s.Prep.Window {
				continue
			}
			switch {
			case len(b.words) == 0:
				generic = b // the latest one before the meeting
			default:
				if !mwDone {
					mw, mwDone = words(m.Item.Event.Title), true
				}
				if slices.ContainsFunc(b.words, func(w string) bool { return slices.Contains(mw, w) }) {
					named = b
				}
			}
		}
		switch {
		case named != nil:
			named.used = true
		case generic != nil:
			generic.used = true
		default:
			if pc.Missing == nil { // room for all that may follow: no copies as it grows
				pc.Missing = make([]*Item, 0, len(meetings)-i)
			}
			pc.Missing = append(pc.Missing, m.Item)
			continue
		}
		pc.WithPrep++
	}
	if pc.Needing > 0 {
		pc.Share = float64(pc.WithPrep) / float64(pc.Needing)
	}
	return pc
}

// titleWords are the words of a title that can name a meeting: lower-cased,
// three letters or more, not the words of preparing itself.
func titleWords(title string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len([]rune(w)) < 3 || prepWords[w] || strings.Trim(w, "0123456789") == "" {
			continue
		}
		out = append(out, w)
	}
	return out
}

var prepWords = map[string]bool{"prep": true, "prepare": true, "preparing": true, "preparation": true, "for": true,
	"the": true, "and": true, "with": true, "our": true, "meeting": true}

func needsPrep(it *Item, s *Settings, managers map[string]bool) bool {
	if slices.ContainsFunc(s.Prep.Before, func(c string) bool { return strings.EqualFold(c, it.Match.Category) }) {
		return true
	}
	if len(managers) == 0 {
		return false
	}
	e := it.Event
	if managers[strings.ToLower(e.Organizer.Email)] {
		return true
	}
	return slices.ContainsFunc(e.Attendees, func(a Attendee) bool { return managers[strings.ToLower(a.Email)] })
}

// roster checks every roster member's 1-on-1s against their cadence. by
// holds each counterpart's 1-on-1 starts (in order), keyed as counterpart
// keys them; names maps lower-cased names to keys, for title-named ones.
func roster(r *Report, s *Settings, by map[string][]placed, names map[string]string) ([]RosterEntry, map[string]bool) {
	matched := map[string]bool{}
	var out []RosterEntry
	length := r.Range.To.Sub(r.Range.From)
	for _, m := range s.Team {
		e := RosterEntry{Member: m, DaysSince: -1}
		key := strings.ToLower(m.Email)
		runs, ok := by[key]
		if !ok && m.Name != "" {
			if k, found := names[strings.ToLower(m.Name)]; found {
				key, runs = k, by[k]
			}
		}
		if len(runs) > 0 {
			matched[key] = true
			prev := r.Range.From
			for _, p := range runs {
				e.Count++
				e.Time += p.Len()
				e.LongestGap = max(e.LongestGap, p.Start.Sub(prev))
				prev = p.Start
			}
			e.Last = runs[len(runs)-1].Start
			e.LongestGap = max(e.LongestGap, r.Range.To.Sub(e.Last))
			e.DaysSince = r.Range.To.Sub(e.Last).Hours() / 24
			e.Average = e.Time / time.Duration(e.Count)
		}
		switch {
		case m.Cadence == 0:
			e.Status = StatusOK // nothing expected
		case e.Count == 0 && length < m.Cadence:
			e.Status = StatusTooShort
		case e.Count == 0:
			e.Status = StatusNever
		case e.LongestGap > m.Cadence+Grace(m.Cadence):
			e.Status = StatusOverdue
		default:
			e.Status = StatusOK
		}
		out = append(out, e)
	}
	return out, matched
}

// ownWork is the working time the user has to themselves: focus blocks,
// booked focus time and solo holds, overlaps merged.
func ownWork(a *Analysis, all []placed) time.Duration {
	nWork, nBlocks := 0, 0
	for i := range a.Days {
		nWork += len(a.Days[i].Working)
		nBlocks += len(a.Days[i].Gaps)
	}
	work, blocks := make([]Interval, 0, nWork), make([]Interval, 0, nBlocks)
	for i := range a.Days {
		d := &a.Days[i]
		work = append(work, d.Working...)
		for _, g := range d.Gaps {
			if g.Kind == FocusBlock {
				blocks = append(blocks, g.Interval) // in order, day by day
			}
		}
	}
	// Own time is the focus blocks and the focus items, overlaps merged:
	// both come in start order, and are merged as they come (items out of
	// order are sorted first, through a copy).
	if !slices.IsSortedFunc(all, func(a, b placed) int { return a.Start.Compare(b.Start) }) {
		own := blocks
		for i := range all {
			if all[i].focus {
				own = append(own, all[i].Interval)
			}
		}
		return overlap(merge(own), work)
	}
	var own []Interval
	b := 0
	for i := range all {
		p := &all[i]
		if !p.focus {
			continue
		}
		for ; b < len(blocks) && blocks[b].Start.Before(p.Start); b++ {
			own = mergeInto(own, blocks[b])
		}
		own = mergeInto(own, p.Interval)
	}
	for ; b < len(blocks); b++ {
		own = mergeInto(own, blocks[b])
	}
	return overlap(own, work) // the days' working time is sorted and disjoint already
}
