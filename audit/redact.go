package audit

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Redactor replaces what identifies meetings, people and places with
// stable pseudonyms ("Meeting 12", "person 3", "place 2"), so that a report
// can be shared without leaking the calendar. The same title, person or
// place gets the same pseudonym everywhere the Redactor is used (all the
// reports of one run), numbered in order of first appearance. Categories,
// times and every figure stay as they are: redaction happens after the
// audit, on its result.
type Redactor struct {
	maps  map[string]map[string]string // kind -> original (lower-cased) -> pseudonym
	count map[string]int
	// originals holds every replaced text, longest first when used, for
	// scrubbing free text (notes).
	originals map[string]string
}

// NewRedactor makes a Redactor with no pseudonyms yet.
func NewRedactor() *Redactor {
	return &Redactor{maps: map[string]map[string]string{}, count: map[string]int{}, originals: map[string]string{}}
}

// pseudonym returns the pseudonym of value among kind ("Meeting", "person" ...).
func (x *Redactor) pseudonym(kind, value string) string {
	key := strings.ToLower(strings.TrimSpace(value))
	m := x.maps[kind]
	if m == nil {
		m = map[string]string{}
		x.maps[kind] = m
	}
	if p, ok := m[key]; ok {
		return p
	}
	x.count[kind]++
	p := fmt.Sprintf("%s %d", kind, x.count[kind])
	m[key] = p
	if len(strings.TrimSpace(value)) >= 3 {
		x.originals[strings.TrimSpace(value)] = p
	}
	return p
}

// Title is a title's pseudonym; an empty title stays empty.
func (x *Redactor) Title(t string) string {
	if strings.TrimSpace(t) == "" {
		return t
	}
	return x.pseudonym("Meeting", t)
}

// Source is a source's pseudonym: "source 1".
func (x *Redactor) Source(name string) string {
	if name == "" {
		return ""
	}
	return x.pseudonym("source", name)
}

// Person is a person's pseudonym. A person known by both e-mail and name
// gets one pseudonym for both.
func (x *Redactor) Person(p Person) Person {
	if p.IsZero() {
		return p
	}
	m := x.maps["person"]
	email, name := strings.ToLower(strings.TrimSpace(p.Email)), strings.ToLower(strings.TrimSpace(p.Name))
	var pseud string
	if m != nil {
		if v, ok := m[email]; ok && email != "" {
			pseud = v
		} else if v, ok := m[name]; ok && name != "" {
			pseud = v
		}
	}
	if pseud == "" {
		id := p.Email
		if id == "" {
			id = p.Name
		}
		pseud = x.pseudonym("person", id)
		m = x.maps["person"]
	}
	for _, k := range []struct{ key, orig string }{{email, p.Email}, {name, p.Name}} {
		if k.key != "" {
			m[k.key] = pseud
			if len(strings.TrimSpace(k.orig)) >= 3 {
				x.originals[strings.TrimSpace(k.orig)] = pseud
			}
		}
	}
	return Person{Name: pseud}
}

// personName is the pseudonym of a name or address that may be known.
func (x *Redactor) personName(s string) string {
	if s == "" {
		return s
	}
	if strings.Contains(s, "@") {
		return x.Person(Person{Email: s}).Name
	}
	return x.Person(Person{Name: s}).Name
}

// Event returns a redacted copy of e.
func (x *Redactor) Event(e *Event) *Event {
	c := *e
	c.Title = x.Title(e.Title)
	c.Organizer = x.Person(e.Organizer)
	c.Attendees = make([]Attendee, len(e.Attendees))
	for i, a := range e.Attendees {
		a.Person = x.Person(a.Person)
		c.Attendees[i] = a
	}
	if e.Location != "" {
		c.Location = x.pseudonym("place", e.Location)
	}
	if e.Calendar != "" {
		c.Calendar = x.pseudonym("calendar", e.Calendar)
	}
	if e.SeriesID != "" {
		c.SeriesID = x.pseudonym("series", e.SeriesID)
	}
	if e.UID != "" { // UIDs can carry names and addresses (abc-alex@corp.example)
		c.UID = x.pseudonym("event", e.UID)
	}
	c.Description = ""
	c.Categories = nil // labels can name projects and people
	c.Source.Source = x.Source(e.Source.Source)
	return &c
}

var emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)

// Text scrubs free text: every e-mail address, and every title, name,
// place or source already seen, becomes its pseudonym.
func (x *Redactor) Text(s string) string {
	s = emailPattern.ReplaceAllStringFunc(s, func(addr string) string { return x.Person(Person{Email: addr}).Name })
	keys := make([]string, 0, len(x.originals))
	for k := range x.originals {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if len(keys[i]) != len(keys[j]) {
			return len(keys[i]) > len(keys[j])
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		s = strings.ReplaceAll(s, k, x.originals[k])
	}
	return s
}

// withoutWhy is the verdict without its explanation, as a copy: verdicts
// are shared.
func withoutWhy(m *Match) *Match {
	cp := *m
	cp.Why = ""
	return &cp
}

// Report redacts a report in place: its events (through copies; the
// originals are not touched), the 1-on-1 counterparts, the invalid records
// and the notes. The rule's explanation is withheld (the rule's name stays),
// as it may quote a title.
func (x *Redactor) Report(r *Report) {
	for i := range r.Items {
		it := &r.Items[i]
		it.Event = x.Event(it.Event)
		it.Match = withoutWhy(it.Match)
	}
	for i := range r.LeftOutItems {
		it := &r.LeftOutItems[i]
		it.Event = x.Event(it.Event)
		it.Match = withoutWhy(it.Match)
	}
	if len(r.Me) > 0 {
		me := make([]string, len(r.Me))
		for i, m := range r.Me {
			me[i] = x.personName(m)
		}
		r.Me = me
	}
	if a := r.Analysis; a != nil {
		people := make([]Counterpart, len(a.OneOnOnes.People))
		for i, p := range a.OneOnOnes.People {
			p.Name = x.personName(p.Name)
			people[i] = p
		}
		a.OneOnOnes.People = people
		a.OneOnOnes.AssumedMe = x.personName(a.OneOnOnes.AssumedMe)
		rost := make([]RosterEntry, len(a.Roster))
		for i, e := range a.Roster {
			p := x.Person(Person{Email: e.Email, Name: e.Name})
			e.Email, e.Name = p.Email, p.Name
			rost[i] = e
		}
		a.Roster = rost
	}
	if len(r.Inside.Domains) > 0 {
		doms := make([]string, len(r.Inside.Domains))
		for i, d := range r.Inside.Domains {
			doms[i] = x.pseudonym("domain", d)
		}
		r.Inside.Domains = doms
	}
	inv := make([]Skipped, len(r.Invalid))
	for i, s := range r.Invalid {
		inv[i] = Skipped{Source: Provenance{Source: x.Source(s.Source.Source), Line: s.Source.Line, Record: s.Source.Record},
			Err: "the record could not be read (details withheld by --redact)"}
	}
	r.Invalid = inv
	notes := make([]string, len(r.Notes))
	for i, n := range r.Notes {
		notes[i] = x.Text(n)
	}
	r.Notes = notes
}
