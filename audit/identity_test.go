package audit

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func person(email string, r Response) Attendee {
	return Attendee{Person: Person{Email: email}, Response: r}
}

func invite(title string, d, h int, org string, atts ...Attendee) Event {
	e := ev(title, d, h, 0, time.Hour)
	e.Organizer = Person{Email: org}
	e.Attendees, e.Guests = atts, GuestsListed
	return e
}

// Without --me, the address on nearly every invitation is taken to be the
// user's, for the responses too, and the report says so once.
func TestInferredMe(t *testing.T) {
	events := []Event{
		invite("A team sync", 16, 9, "lead@corp.example", person("me@corp.example", ResponseAccepted), person("ann@corp.example", ResponseAccepted)),
		invite("A vendor call", 16, 11, "me@corp.example", person("bob@vendor.example", ResponseAccepted)),
		invite("A offsite", 17, 9, "lead@corp.example", person("me@corp.example", ResponseDeclined), person("ann@corp.example", ResponseAccepted)),
		invite("A interview", 18, 9, "recruiting@corp.example", person("me@corp.example", ResponseTentative)),
		ev("C own block", 18, 14, 0, time.Hour), // no people: not an invitation
	}
	r := Build(events, nil, byPrefix, Options{Range: week12})
	if !r.MeInferred || !slices.Equal(r.Me, []string{"me@corp.example"}) || r.ResponsesUnknown {
		t.Fatalf("me %v (inferred %v, unknown %v)", r.Me, r.MeInferred, r.ResponsesUnknown)
	}
	if got := r.LeftOutCount(DeclinedByMe); got != 1 {
		t.Errorf("%d declined left out, want 1: the inferred address declined the offsite", got)
	}
	if r.Responses.Accepted != 2 || r.Responses.Tentative != 1 {
		t.Errorf("responses %+v: the organizer accepts; the interview is tentative", r.Responses)
	}
	want := "you were taken to be me@corp.example, who is on 4 of the 4 invitations that list people"
	if len(r.Notes) == 0 || !strings.HasPrefix(r.Notes[0], want) {
		t.Errorf("notes %q, want one starting %q", r.Notes, want)
	}

	// Given addresses are used as given, with no note.
	r = Build(events, nil, byPrefix, Options{Range: week12, Me: []string{"ann@corp.example"}})
	if r.MeInferred || len(r.Notes) != 0 || r.LeftOutCount(DeclinedByMe) != 0 {
		t.Errorf("--me ann: inferred %v, notes %q, declined %d", r.MeInferred, r.Notes, r.LeftOutCount(DeclinedByMe))
	}

	// A team calendar: nobody is on nearly everything, so responses are unknown, and the policy says so.
	team := []Event{
		invite("A one", 16, 9, "a@corp.example", person("b@corp.example", ResponseAccepted)),
		invite("A two", 16, 11, "c@corp.example", person("d@corp.example", ResponseDeclined)),
		invite("A three", 17, 9, "e@corp.example", person("a@corp.example", ResponseAccepted)),
	}
	r = Build(team, nil, byPrefix, Options{Range: week12})
	if r.MeInferred || !r.ResponsesUnknown || r.LeftOutCount(DeclinedByMe) != 0 {
		t.Errorf("team: inferred %v, unknown %v", r.MeInferred, r.ResponsesUnknown)
	}
	if !strings.Contains(r.PolicyText(), "your responses are unknown") {
		t.Errorf("policy %q does not say responses are unknown", r.PolicyText())
	}

	// A source that marks the user (Google) needs no guess.
	marked := slices.Clone(events)
	marked[0].Attendees = []Attendee{{Person: Person{Email: "me@corp.example"}, Self: true, Response: ResponseAccepted}}
	if r = Build(marked, nil, byPrefix, Options{Range: week12}); r.MeInferred || r.ResponsesUnknown {
		t.Errorf("marked: inferred %v, unknown %v", r.MeInferred, r.ResponsesUnknown)
	}
}

// Zero-length markers (reminders) are not time spent.
func TestZeroLengthIsNotTime(t *testing.T) {
	events := []Event{ev("A reminder", 17, 9, 0, 0), ev("A meeting", 17, 10, 0, time.Hour)}
	r := Build(events, nil, byPrefix, Options{Range: week12, KeepLeftOut: true})
	if r.Total.Events != 1 || r.LeftOutCount(NotTime) != 1 {
		t.Errorf("%d counted, %d not time; want 1 and 1", r.Total.Events, r.LeftOutCount(NotTime))
	}
	if len(r.LeftOutItems) != 1 || r.LeftOutItems[0].Reason != NotTime || r.LeftOutItems[0].Match.Category != "A" {
		t.Errorf("left-out items %+v", r.LeftOutItems)
	}
}

// The same invitation in two sources counts once; one source's own events
// are never merged.
func TestDuplicatesAcrossSources(t *testing.T) {
	in := func(e Event, src, uid string, rid time.Time) Event {
		e.Source, e.UID, e.RecurrenceID = Provenance{Source: src}, uid, rid
		return e
	}
	standup := ev("A standup", 17, 9, 0, 15*time.Minute)
	moved := ev("A standup", 18, 10, 0, 15*time.Minute) // the 18th's moved from 09:00
	events := []Event{
		in(standup, "primary", "s1", at(17, 9, 0)),
		in(moved, "primary", "s1", at(18, 9, 0)),
		in(ev("A private", 17, 11, 0, time.Hour), "primary", "p1", time.Time{}),
		in(standup, "team", "s1", at(17, 9, 0)),
		in(moved, "team", "s1", at(18, 9, 0)),
		in(ev("A team only", 17, 14, 0, time.Hour), "team", "t1", time.Time{}),
		in(ev("A no UID", 17, 15, 0, time.Hour), "team", "", time.Time{}),
		in(ev("A no UID", 17, 15, 0, time.Hour), "primary", "", time.Time{}), // nothing says they are one
	}
	parts := []Part{{"primary", 3}, {"team", 4}, {"primary", 1}}
	r := Build(events, nil, byPrefix, Options{Range: week12, KeepLeftOut: true, Parts: parts})
	if r.Total.Events != 6 || r.LeftOutCount(Duplicate) != 2 {
		t.Errorf("%d counted, %d duplicates; want 6 and 2", r.Total.Events, r.LeftOutCount(Duplicate))
	}
	want := "2 events of team are also in primary (the same UID and start): counted once, as in primary"
	if !slices.Contains(r.Notes, want) {
		t.Errorf("notes %q lack %q", r.Notes, want)
	}
	for _, it := range r.LeftOutItems {
		if it.Reason != Duplicate || it.Event.Source.Source != "team" {
			t.Errorf("left out %s from %s for %v", it.Event.Title, it.Event.Source.Source, it.Reason)
		}
	}
	// One source alone: two events with one UID and start are its own business.
	one := []Event{in(standup, "a.ics", "s1", time.Time{}), in(standup, "a.ics", "s1", time.Time{})}
	if r := Build(one, nil, byPrefix, Options{Range: week12}); r.Total.Events != 2 {
		t.Errorf("one source: %d counted, want 2", r.Total.Events)
	}
	// The same file named twice.
	twice := append(slices.Clone(one[:1]), one[:1]...)
	r = Build(twice, nil, byPrefix, Options{Range: week12, Parts: []Part{{"a.ics", 1}, {"a.ics", 1}}})
	if r.Total.Events != 1 || !slices.Contains(r.Notes, "a.ics is named twice: its 1 event count once") {
		t.Errorf("twice: %d counted, notes %q", r.Total.Events, r.Notes)
	}
}
