package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/timeaudit/timeaudit/audit"
)

var benchTitles = []string{"1:1 Alex", "Interview: backend engineer", "Sprint retro", "Vendor call: observability",
	"Focus time", "Lunch", "Architecture council", "All-hands", "Design review: payments API", "Team standup"}

func benchEvents() []audit.Event {
	out := make([]audit.Event, len(benchTitles))
	for i, t := range benchTitles {
		out[i] = audit.Event{Title: t, Attendees: []audit.Attendee{{Person: audit.Person{Email: "me@x"}}, {Person: audit.Person{Email: "a@x"}}, {Person: audit.Person{Email: "b@x"}}}}
	}
	return out
}

// BenchmarkClassifyDefault classifies with the built-in rules.
func BenchmarkClassifyDefault(b *testing.B) {
	cl := Default().Classifier()
	events := benchEvents()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cl.Classify(&events[i%len(events)])
	}
}

// BenchmarkClassify50 classifies with 50 title rules ahead of the built-in
// ones: most events walk all of them.
func BenchmarkClassify50(b *testing.B) {
	var y strings.Builder
	y.WriteString("categories:\n")
	for i := 0; i < 50; i++ {
		fmt.Fprintf(&y, "  - name: C%d\n    match:\n      - title: [\"keyword%d\", \"other%d\"]\n", i, i, i)
	}
	cfg, err := Parse("bench.yaml", []byte(y.String()))
	if err != nil {
		b.Fatal(err)
	}
	cl := cfg.Classifier()
	events := benchEvents()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cl.Classify(&events[i%len(events)])
	}
}
