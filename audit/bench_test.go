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
