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

// mixed50 is a config of 50 rules of every shape: title words (most), a
// word with attendees, organizer domains, durations, a regular expression,
// event types and responses — as a real team config might have.
func mixed50(tb testing.TB) *Config {
	var y strings.Builder
	y.WriteString("categories:\n")
	for i := 0; i < 50; i++ {
		fmt.Fprintf(&y, "  - name: C%d\n    match:\n", i)
		switch i % 10 {
		case 3:
			fmt.Fprintf(&y, "      - title: [\"sync%d\"]\n        attendees: \">=3\"\n", i)
		case 5:
			fmt.Fprintf(&y, "      - organizer: \"@vendor%d.example\"\n", i)
		case 7:
			fmt.Fprintf(&y, "      - title: [\"block%d\"]\n        min_duration: 2h\n", i)
		case 9:
			if i == 49 {
				fmt.Fprintf(&y, "      - title_regex: [\"^q[1-4] review$\"]\n")
			} else {
				fmt.Fprintf(&y, "      - type: focusTime\n        response: accepted\n")
			}
		default:
			fmt.Fprintf(&y, "      - title: [\"keyword%d\", \"other %d\", \"Project%d\"]\n", i, i, i)
		}
	}
	cfg, err := Parse("bench.yaml", []byte(y.String()))
	if err != nil {
		tb.Fatal(err)
	}
	return cfg
}

// BenchmarkClassify50Mixed: 50 rules of every shape over events of which
// some match early, some late and most not at all.
func BenchmarkClassify50Mixed(b *testing.B) {
	cl := mixed50(b).Classifier()
	events := benchEvents()
	events = append(events, audit.Event{Title: "Keyword2 planning"}, audit.Event{Title: "Other 48 catch-up"}, audit.Event{Title: "Q3 review"})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cl.Classify(&events[i%len(events)])
	}
}
