package audit

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// identity is who the user is, as far as the report can tell.
type identity struct {
	me         []string
	inferred   bool
	fromSource bool // a source marks the user's own entry (Google's self)
	unknown    bool // nothing tells the user's responses
	// on, of: the inferred address is on `on` of the `of` invitations that list people.
	on, of int
}

// identify settles who the user is: the addresses given (--me, me:); else,
// when no source marks the user's own attendee entry, the one address on
// nearly every invitation that lists people (four in five, and at least
// two), which is said in a note. Responses are unknown when nothing gives
// them: no address, and no source that marks the user or their answers.
func identify(events eventList, rng Range, given []string) identity {
	if len(lowerAll(given)) > 0 {
		return identity{me: given}
	}
	// Each address as written is read once: lower-cased, trimmed, and
	// given its place in addrs (first seen first; -1 for what is not an
	// address). count is how many invitations name it; last, the
	// invitation (index + 1) that last named it: an address counts once per
	// invitation, in linear time however long the guest list.
	type address struct {
		email       string
		count, last int
	}
	var addrs []address
	written := map[string]int{}
	byEmail := map[string]int{}
	lookup := func(raw string) int {
		if i, ok := written[raw]; ok {
			return i
		}
		i := -1
		if email := strings.ToLower(strings.TrimSpace(raw)); email != "" && strings.Contains(email, "@") {
			var ok bool
			if i, ok = byEmail[email]; !ok {
				i = len(addrs)
				addrs = append(addrs, address{email: email})
				byEmail[email] = i
			}
		}
		written[raw] = i
		return i
	}
	withPeople := 0
	self, answered := "", false
	gen, named := 0, false
	type inviteKey struct {
		first *Attendee
		n     int
		org   strID
	}
	// An invitation's addresses, each once, and how many more times it was
	// seen.
	type invite struct {
		addrs   []int
		repeats int
	}
	invites := map[inviteKey]*invite{}
	// visit counts an invitation that w occurrences in the range repeat.
	visit := func(e *Event, w int) {
		if e.MyResponse != ResponseUnknown {
			answered = true
		}
		gen, named = gen+1, false
		// The occurrences of a series repeat one invitation: its addresses
		// are worked out once (a one-off's are not looked for again).
		var key inviteKey
		if len(e.Attendees) > 0 && e.Recurring() {
			key = inviteKey{&e.Attendees[0], len(e.Attendees), strIDOf(e.Organizer.Email)}
		}
		if memo, ok := invites[key]; ok && key.first != nil {
			// Seen before: its addresses are counted again at the end.
			memo.repeats += w
			if len(memo.addrs) > 0 {
				withPeople += w
			}
			return
		}
		var these []int
		record := func(raw string) {
			if i := lookup(raw); i >= 0 && addrs[i].last != gen {
				addrs[i].last = gen
				addrs[i].count++
				these = append(these, i)
				named = true
			}
		}
		record(e.Organizer.Email)
		for j := range e.Attendees {
			a := &e.Attendees[j]
			if a.Self && self == "" && a.Email != "" {
				self = strings.ToLower(a.Email)
			}
			if !a.Resource {
				record(a.Email)
			}
		}
		if named {
			withPeople += w
		}
		if key.first != nil {
			invites[key] = &invite{addrs: these, repeats: w - 1}
		} else {
			for _, i := range these {
				addrs[i].count += w - 1
			}
		}
	}
	// skip leaves out a cancelled event, or one (with its times) outside the range.
	skip := func(e *Event, start, end time.Time) bool {
		return !start.IsZero() && !rng.Overlaps(start, end) || e.Status == StatusCancelled
	}
	if events.occs == nil {
		for i := range events.events {
			if e := &events.events[i]; !skip(e, e.Start, e.End) {
				visit(e, 1)
			}
		}
	} else {
		// Each series' event once, with the number of its occurrences in
		// the range, in the order of its first: the same counts, and the
		// same first-seen order, as event by event.
		weight := make([]int, len(events.events))
		var first []int
		for i, n := 0, events.len(); i < n; i++ {
			o := &events.occs[i]
			if skip(&events.events[o.Event], o.Start, o.End) {
				continue
			}
			if weight[o.Event] == 0 {
				first = append(first, int(o.Event))
			}
			weight[o.Event]++
		}
		for _, t := range first {
			visit(&events.events[t], weight[t])
		}
	}
	for _, inv := range invites { // sums: the order does not matter
		for _, i := range inv.addrs {
			addrs[i].count += inv.repeats
		}
	}
	if self != "" {
		return identity{me: []string{self}, fromSource: true}
	}
	best, n := "", 0
	for _, a := range addrs { // first seen wins a tie
		if a.count > n {
			best, n = a.email, a.count
		}
	}
	if n >= 2 && n*5 >= withPeople*4 {
		return identity{me: []string{best}, inferred: true, on: n, of: withPeople}
	}
	return identity{unknown: withPeople > 0 && !answered}
}

func (id identity) notes() []string {
	if !id.inferred {
		return nil
	}
	return []string{fmt.Sprintf("you were taken to be %s, who is on %d of the %d invitations that list people: your responses are read from that address (declined events are left out); say who you are with --me", id.me[0], id.on, id.of)}
}

// duplicates finds the events that several sources hold: the same UID and
// the same occurrence (RecurrenceID, else start). The first source named
// keeps the event; the others' copies are left out and counted. A source
// named twice is two sources here.
type duplicates struct {
	parts []Part
	ends  []int          // the index after each part's last event
	cur   int            // the part of the event being looked at
	first map[dupKey]int // the part that had it first
	pairs map[[2]int]int // (duplicate's part, first part) -> events
	order [][2]int
}

type dupKey struct {
	uid string
	at  int64
}

// newDuplicates is nil when the events come from one source: there is
// nothing to merge.
func newDuplicates(parts []Part) *duplicates {
	if len(parts) < 2 {
		return nil
	}
	d := &duplicates{parts: parts, first: map[dupKey]int{}, pairs: map[[2]int]int{}}
	n := 0
	for _, p := range parts {
		n += p.Events
		d.ends = append(d.ends, n)
	}
	return d
}

// seen reports whether an earlier source had event i, e, and records it.
func (d *duplicates) seen(i int, e *Event) bool {
	for d.cur < len(d.ends)-1 && i >= d.ends[d.cur] {
		d.cur++
	}
	if e.UID == "" {
		return false
	}
	at := e.RecurrenceID
	if at.IsZero() {
		at = e.Start
	}
	k := dupKey{e.UID, at.UnixNano()}
	part, ok := d.first[k]
	switch {
	case !ok:
		d.first[k] = d.cur
		return false
	case part == d.cur:
		return false // one source's own copies are its business
	}
	p := [2]int{d.cur, part}
	if d.pairs[p] == 0 {
		d.order = append(d.order, p)
	}
	d.pairs[p]++
	return true
}

func (d *duplicates) notes() []string {
	if d == nil || len(d.order) == 0 {
		return nil
	}
	sort.SliceStable(d.order, func(i, j int) bool { return d.order[i][0] < d.order[j][0] })
	var out []string
	for _, p := range d.order {
		n, dup, first := d.pairs[p], d.parts[p[0]].Name, d.parts[p[1]].Name
		if dup == first {
			out = append(out, fmt.Sprintf("%s is named twice: its %s count once", dup, plural(n, "event")))
			continue
		}
		out = append(out, fmt.Sprintf("%s of %s %s also in %s (the same UID and start): counted once, as in %s", plural(n, "event"), dup, isAre(n), first, first))
	}
	return out
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}
