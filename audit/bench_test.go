package audit

import (
	"fmt"
	"testing"
	"time"
)

func BenchmarkBuild10k(b *testing.B) {
	events := make([]Event, 10000)
	t0 := time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)
	for i := range events {
		s := t0.Add(time.Duration(i%8)*time.Hour + time.Duration(i/8)*24*time.Hour)
		events[i] = Event{Title: fmt.Sprintf("%c meeting", 'A'+rune(i%3)), Start: s, End: s.Add(30 * time.Minute),
			Attendees: []Attendee{{Person: Person{Email: "me@x"}, Response: ResponseAccepted}, {Person: Person{Email: "a@x"}}}}
	}
	opts := Options{Location: time.UTC, Me: []string{"me@x"}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := Build(events, nil, byPrefix, opts)
		if r.Total.Events != len(events) {
			b.Fatal(r.Total.Events)
		}
	}
}

// busyYears is five years of a manager's calendar: about 30 meetings, a
// lunch and two focus events every working week.
func busyYears() ([]Event, Range) {
	from := time.Date(2021, 3, 22, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(5, 0, 0)
	var events []Event
	cats := []string{"M:Ceremonies", "M:1-on-1s", "M:Hiring", "M:Other"}
	i := 0
	for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			continue
		}
		for _, slot := range []struct{ h, m, len int }{{9, 0, 15}, {9, 30, 30}, {10, 30, 60}, {13, 0, 45}, {14, 0, 30}, {16, 0, 60}} {
			s := d.Add(time.Duration(slot.h)*time.Hour + time.Duration(slot.m)*time.Minute)
			events = append(events, Event{Title: cats[i%len(cats)] + " meeting", Start: s, End: s.Add(time.Duration(slot.len) * time.Minute),
				Attendees: []Attendee{{Person: Person{Email: "me@x"}}, {Person: Person{Email: "p" + string(rune('a'+i%7)) + "@x"}}}})
			i++
		}
		events = append(events, Event{Title: "P: lunch", Start: d.Add(12 * time.Hour), End: d.Add(13 * time.Hour)})
	}
	return events, Range{From: from, To: to}
}

// BenchmarkBuildAndAnalyzeFiveYears audits five busy years: every analysis.
func BenchmarkBuildAndAnalyzeFiveYears(b *testing.B) {
	events, rng := busyYears()
	s := DefaultSettings()
	s.Targets = []Target{{Metric: "focus_hours", Bound: MustBound(">= 10")}, {Metric: "share", Category: "Hiring", Bound: MustBound("20%-30%")}}
	b.ReportMetric(float64(len(events)), "events")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := Build(events, nil, kinds, Options{Range: rng, Settings: &s, Me: []string{"me@x"}})
		if r.Analysis == nil || len(r.Analysis.Days) < 1800 {
			b.Fatal("no analysis")
		}
	}
}

// BenchmarkBuildAttendees100k audits one invitation of 100,000 people: who
// the user is, and the meeting's size, in linear time.
func BenchmarkBuildAttendees100k(b *testing.B) {
	s := time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)
	e := Event{Title: "All hands", Start: s, End: s.Add(time.Hour), Guests: GuestsListed, Organizer: Person{Email: "ceo@x"}}
	for i := range 100000 {
		e.Attendees = append(e.Attendees, Attendee{Person: Person{Email: fmt.Sprintf("p%d@x", i), Name: fmt.Sprintf("P %d", i)}, Response: ResponseAccepted})
	}
	events := []Event{e}
	opts := Options{Range: Range{From: s.Truncate(24 * time.Hour), To: s.Add(7 * 24 * time.Hour)}, Location: time.UTC}
	b.ReportAllocs()
	for b.Loop() {
		r := Build(events, nil, byPrefix, opts)
		if r.Total.Events != 1 || events[0].PeopleCount() != 100001 {
			b.Fatal(r.Total.Events, events[0].PeopleCount())
		}
	}
}
