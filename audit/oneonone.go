package audit

import (
	"slices"
	"sort"
	"strings"
	"time"
)

// oneOnOnes finds, for each person met in the 1-on-1 category, how often
// and how regularly; and on how many days a week the 1-on-1s fall (the
// article: batch them on one day).
func oneOnOnes(r *Report, s *Settings, a *Analysis) (OneOnOnes, []RosterEntry) {
	o := OneOnOnes{Category: s.OneOnOnes, Cadence: s.Cadence}
	var items []*Item
	for i := range r.Items {
		it := &r.Items[i]
		if it.Counted() && it.Meeting() && it.Event.HasTimeOfDay() && strings.EqualFold(it.Match.Category, s.OneOnOnes) {
			items = append(items, it)
		}
	}
	if len(items) == 0 {
		rost, _ := roster(r, s, nil, nil)
		return o, rost
	}
	me := selfAddresses(items)
	if r.MeInferred {
		o.AssumedMe = r.Me[0]
	}
	type acc struct {
		Counterpart
		starts []time.Time
		key    string
	}
	byKey := map[string]*acc{}
	runs := map[string][]placed{}
	names := map[string]string{}
	var order []*acc
	days := map[civil]bool{}
	loc := r.Range.Location()
	// The occurrences of a series have one counterpart: worked out once
	// per guest list, organizer and title (by the identity of their data).
	type who struct{ name, key string }
	type eventKey struct {
		list  listKey
		org   personID
		title strID
	}
	known := map[eventKey]who{}
	for _, it := range items {
		e := it.Event
		ek := eventKey{org: personIDOf(e.Organizer), title: strIDOf(e.Title)}
		if len(e.Attendees) > 0 {
			ek.list = listKey{&e.Attendees[0], len(e.Attendees)}
		}
		w, ok := known[ek]
		if !ok {
			w.name, w.key = counterpart(e, me)
			known[ek] = w
		}
		name, key := w.name, w.key
		p := byKey[key]
		if p == nil {
			p = &acc{Counterpart: Counterpart{Name: name}, key: key}
			byKey[key] = p
			order = append(order, p)
			if _, dup := names[strings.ToLower(name)]; !dup {
				names[strings.ToLower(name)] = key
			}
		}
		runs[key] = append(runs[key], place(it))
		p.Count++
		p.Time += it.Length
		p.starts = append(p.starts, it.Start)
		o.Count++
		o.Time += it.Length
		y, m, d := it.Start.In(loc).Date()
		days[civil{y, m, d}] = true
	}
	o.Days = len(days)
	if a.Weeks > 0 {
		o.DaysPerWeek = float64(o.Days) / a.Weeks
	}
	o.CadenceChecked = r.Range.To.Sub(r.Range.From) >= s.Cadence
	for _, rs := range runs {
		slices.SortFunc(rs, func(a, b placed) int { return a.Start.Compare(b.Start) })
	}
	rost, matched := roster(r, s, runs, names)
	for _, p := range order {
		p.OnRoster = matched[p.key]
		sort.Slice(p.starts, func(i, j int) bool { return p.starts[i].Before(p.starts[j]) })
		p.First, p.Last = p.starts[0], p.starts[len(p.starts)-1]
		for i := 1; i < len(p.starts); i++ {
			p.LongestGap = max(p.LongestGap, p.starts[i].Sub(p.starts[i-1]))
		}
		if o.CadenceChecked {
			p.Overdue = r.Range.To.Sub(p.Last) > s.Cadence || p.LongestGap > s.Cadence
		}
		o.People = append(o.People, p.Counterpart)
	}
	sort.SliceStable(o.People, func(i, j int) bool {
		if o.People[i].Time != o.People[j].Time {
			return o.People[i].Time > o.People[j].Time
		}
		return o.People[i].Name < o.People[j].Name
	})
	return o, rost
}

type civil struct {
	y int
	m time.Month
	d int
}

// selfAddresses returns the user's address when an attendee entry is
// marked as the user's (by the source or --me).
func selfAddresses(items []*Item) string {
	for _, it := range items {
		for _, at := range it.Event.Attendees {
			if at.Self && at.Email != "" {
				return strings.ToLower(at.Email)
			}
		}
	}
	return ""
}

// people is everyone on the invitation, organizer included, rooms not.
func people(e *Event) []Person {
	var out []Person
	if !e.Organizer.IsZero() {
		out = append(out, e.Organizer)
	}
	for _, a := range e.Attendees {
		if !a.Resource && !a.IsZero() {
			out = append(out, a.Person)
		}
	}
	return out
}

// counterpart names the other person of a 1-on-1: the one attendee who is
// not the user, else what the title says ("1:1 Alex", "Priya / me").
func counterpart(e *Event, me string) (name, key string) {
	var others []Person
	seen := map[string]bool{}
	for _, p := range people(e) {
		id := strings.ToLower(p.Email)
		if id == "" {
			id = strings.ToLower(p.Name)
		}
		if seen[id] || (me != "" && id == me) {
			continue
		}
		seen[id] = true
		others = append(others, p)
	}
	if len(others) == 1 {
		p := others[0]
		name = p.Name
		if name == "" {
			name = p.Email
		}
		if p.Email != "" {
			return name, strings.ToLower(p.Email)
		}
		return name, strings.ToLower(name)
	}
	name = nameFromTitle(e.Title)
	return name, "title:" + strings.ToLower(name)
}

// nameFromTitle strips the words 1-on-1 titles are made of: "1:1 with
// Alex" -> "Alex", "Priya / me" -> "Priya", "One-on-one: Jordan" -> "Jordan".
func nameFromTitle(title string) string {
	t := " " + strings.ToLower(title) + " "
	for _, w := range []string{"one-on-one", "one on one", "1-on-1", "1on1", "1:1", "1x1", "skip-level", "skip level", "catch-up", "catchup", "sync"} {
		t = strings.ReplaceAll(t, w, " ")
	}
	fields := strings.FieldsFunc(t, func(r rune) bool {
		return strings.ContainsRune(" /:|-–—&+<>()[],.", r)
	})
	var kept []string
	orig := strings.FieldsFunc(title, func(r rune) bool { return strings.ContainsRune(" /:|-–—&+<>()[],.", r) })
	for _, f := range fields {
		switch f {
		case "with", "me", "and", "x", "weekly", "biweekly", "monthly", "meeting", "chat", "mit", "avec":
			continue
		}
		// Keep the title's own spelling of the word.
		for _, o := range orig {
			if strings.EqualFold(o, f) {
				f = o
				break
			}
		}
		kept = append(kept, f)
	}
	if len(kept) == 0 {
		return strings.TrimSpace(title)
	}
	return strings.Join(kept, " ")
}
