package rules

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
)

func mustParse(t *testing.T, yml string) *Config {
	t.Helper()
	cfg, err := Parse("test.yaml", []byte(yml))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return cfg
}

func TestDefault(t *testing.T) {
	cfg := Default()
	var names []string
	for _, c := range cfg.Categories {
		names = append(names, c.Name+":"+string(c.Kind))
	}
	want := "Prep:focus 1-on-1s:meeting Hiring:meeting Ceremonies:meeting Focus:focus Buffer:buffer Personal:personal Out of office:away External:meeting"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("default categories = %s, want %s", got, want)
	}
	if cfg.Default.Name != "Other" || cfg.Default.Kind != audit.KindMeeting {
		t.Errorf("default = %+v", cfg.Default)
	}
	// The commented file `rules init` writes is the same config.
	again := mustParse(t, string(DefaultYAML()))
	if again.Rules() != cfg.Rules() || len(again.Categories) != len(cfg.Categories) {
		t.Error("DefaultYAML does not parse to the built-in config")
	}
}

// The exact shape from the issue.
func TestIssueShape(t *testing.T) {
	cfg := mustParse(t, `
categories:            # first match wins
  - name: 1-on-1s
    match:             # alternatives: the category matches if any alternative matches
      - title: ["1:1", "one-on-one"]   # case-insensitive substrings, any of them
      - attendees: 2                     # me + one other
  - name: Focus
    kind: focus        # meeting (default) | focus | buffer | personal | ignore
    match:
      - title: [focus, "deep work"]
default: Other
`)
	cl := cfg.Classifier()
	two := []audit.Attendee{{Person: audit.Person{Email: "me@x"}}, {Person: audit.Person{Email: "you@x"}}}
	tests := []struct {
		e        audit.Event
		cat, why string
	}{
		{audit.Event{Title: "1:1 Alex"}, "1-on-1s", `title has the word "1:1"`},
		{audit.Event{Title: "ONE-ON-ONE"}, "1-on-1s", `title has the word "one-on-one"`},
		{audit.Event{Title: "Sync", Attendees: two}, "1-on-1s", "2 people"},
		{audit.Event{Title: "Deep Work"}, "Focus", `title has the phrase "deep work"`},
		{audit.Event{Title: "Focus on hiring", Attendees: two}, "1-on-1s", "2 people"}, // first match wins
		{audit.Event{Title: "Standup"}, "Other", NoMatch},
	}
	for _, tt := range tests {
		m := cl.Classify(&tt.e)
		if m.Category != tt.cat || m.Why != tt.why {
			t.Errorf("%q: got %s (%s), want %s (%s)", tt.e.Title, m.Category, m.Why, tt.cat, tt.why)
		}
	}
	if m := cl.Classify(&audit.Event{Title: "deep work"}); m.Kind != audit.KindFocus || m.Rule != "Focus#1" {
		t.Errorf("Focus match = %+v", m)
	}
	if m := cl.Classify(&audit.Event{Title: "Sync", Attendees: two}); m.Rule != "1-on-1s#2" {
		t.Errorf("rule = %q, want 1-on-1s#2", m.Rule)
	}
	if got := cl.Categories(); len(got) != 3 || got[2].Name != "Other" {
		t.Errorf("Categories() = %v", got)
	}
}

// articleCategory is the article's helper, restated: case-insensitive
// substrings, in this order.
func articleCategory(title string) string {
	t := strings.ToLower(title)
	switch {
	case strings.Contains(t, "1:1") || strings.Contains(t, "one-on-one"):
		return "1-on-1s"
	case strings.Contains(t, "interview") || strings.Contains(t, "debrief"):
		return "Hiring"
	case strings.Contains(t, "review") || strings.Contains(t, "retro"):
		return "Ceremonies"
	}
	return "Other"
}

// randomTitle joins words; with sep "" by any separator, also none.
func randomTitle(r *rand.Rand, words []string, sep string) string {
	n := 1 + r.Intn(4)
	parts := make([]string, n)
	for i := range parts {
		w := words[r.Intn(len(words))]
		if r.Intn(3) == 0 {
			w = strings.ToUpper(w)
		}
		parts[i] = w
	}
	if sep != "" {
		return strings.Join(parts, []string{" ", ": ", " - ", " / "}[r.Intn(4)])
	}
	return strings.Join(parts, []string{" ", ": ", " - ", ""}[r.Intn(4)])
}

// The article's config (text_match: substrings) reproduces the article
// exactly on any title. The built-in rules match words: they agree with the
// article wherever its keywords stand as words among neutral ones.
func TestArticleAgreement(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "article", "rules.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	article := mustParse(t, string(data)).Classifier()
	defaults := Default().Classifier()
	articleWords := []string{"1:1", "one-on-one", "Interview", "debrief", "review", "Retro", "Retrospective", "reviewer"}
	neutral := []string{"Alex", "budget", "vendor", "All-hands", "sync", "Q3", "payments", "with", "team", "council"}
	extra := []string{"standup", "planning", "focus", "lunch", "buffer", "demo", "catch-up", "phone screen"}
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		title := randomTitle(r, append(append(append([]string{}, articleWords...), neutral...), extra...), "")
		e := audit.Event{Title: title}
		if got, want := article.Classify(&e).Category, articleCategory(title); got != want {
			t.Fatalf("article config: %q -> %s, the article says %s", title, got, want)
		}
		title = randomTitle(r, append(append([]string{}, articleWords[:len(articleWords)-1]...), neutral...), "with")
		e = audit.Event{Title: title}
		if got, want := defaults.Classify(&e).Category, articleCategory(title); got != want {
			t.Fatalf("defaults: %q -> %s, the article says %s", title, got, want)
		}
	}
}

func TestMatchers(t *testing.T) {
	person := func(email string) audit.Attendee { return audit.Attendee{Person: audit.Person{Email: email}} }
	base := audit.Event{
		Title:       "Weekly Sync [INT] with Vendor",
		Description: "Agenda: Budget review",
		Location:    "Room 4, Berlin",
		Organizer:   audit.Person{Email: "boss@corp.example", Name: "Big Boss"},
		Attendees:   []audit.Attendee{person("me@corp.example"), person("ann@eu.corp.example"), person("bob@vendor.example")},
		Calendar:    "Work",
		Type:        "focusTime",
		SeriesID:    "abc",
		MyResponse:  audit.ResponseTentative,
		ShowAs:      audit.ShowAsFree,
		Start:       time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC),
		End:         time.Date(2026, 3, 16, 10, 30, 0, 0, time.UTC),
	}
	tests := []struct {
		rule string
		want bool
		why  string
	}{
		{`title: sync`, true, `title has the word "sync"`},
		{`title: [nope, "WITH VENDOR"]`, true, `title has the phrase "WITH VENDOR"`},
		{`title: ync`, false, ""},
		{`title: [nope]`, false, ""},
		{`title_regex: '^weekly\s+sync'`, true, `title matches /^weekly\s+sync/`},
		{`title_regex: '\[int\]$'`, false, ""},
		{`title_regex: '(?-i)^weekly'`, false, ""},
		{`description: budget`, true, `description has the word "budget"`},
		{`location: berlin`, true, `location has the word "berlin"`},
		{`location: munich`, false, ""},
		{`organizer: boss@corp.example`, true, "organizer is boss@corp.example"},
		{`organizer: "@corp.example"`, true, "organizer from @corp.example"},
		{`organizer: big boss`, true, `organizer contains "big boss"`},
		{`organizer: "@vendor.example"`, false, ""},
		{`attendee: "@vendor.example"`, true, "attendee from @vendor.example"},
		{`attendee: "@corp.example"`, true, "attendee from @corp.example"},
		{`attendee: ann@eu.corp.example`, true, "attendee is ann@eu.corp.example"},
		{`attendee: "@other.example"`, false, ""},
		{`attendee: boss@corp.example`, true, "attendee is boss@corp.example"}, // the organizer is on the invitation
		{`attendees: 4`, true, "4 people"},
		{`attendees: 3`, false, ""},
		{`attendees: "3-8"`, true, "3-8 people"},
		{`attendees: ">=10"`, false, ""},
		{`attendees: ">3"`, true, "more than 3 people"},
		{`attendees: "<5"`, true, "fewer than 5 people"},
		{`attendees: "<=3"`, false, ""},
		{`attendees: 4+`, true, "at least 4 people"},
		{`calendar: work`, true, `calendar is "work"`},
		{`calendar: [Work Travel]`, false, ""},
		{`type: focustime`, true, `type is "focustime"`},
		{`type: default`, false, ""},
		{`min_duration: 90m`, true, "at least 1h30m"},
		{`min_duration: 91`, false, ""},
		{`max_duration: "1:30"`, true, "at most 1h30m"},
		{`max_duration: 1h`, false, ""},
		{`recurring: true`, true, "recurring"},
		{`recurring: false`, false, ""},
		{`response: [accepted, tentative]`, true, "my response is tentative"},
		{`response: declined`, false, ""},
		{`busy: false`, true, "shown as free"},
		{`busy: true`, false, ""},
		{"title: sync\n        attendees: \">=3\"", true, `title has the word "sync" and at least 3 people`},
		{"title: sync\n        calendar: Home", false, ""},
	}
	for _, tt := range tests {
		cfg := mustParse(t, "categories:\n  - name: X\n    match:\n      - "+tt.rule+"\n")
		m := cfg.Classifier().Classify(&base)
		if got := m.Category == "X"; got != tt.want {
			t.Errorf("%s: matched = %v, want %v", tt.rule, got, tt.want)
			continue
		}
		if tt.want && m.Why != tt.why {
			t.Errorf("%s: why = %q, want %q", tt.rule, m.Why, tt.why)
		}
	}
	// An event without a type is of the default type.
	cfg := mustParse(t, "categories:\n  - name: X\n    match:\n      - type: default\n")
	if m := cfg.Classifier().Classify(&audit.Event{Title: "t"}); m.Category != "X" {
		t.Error("type: default does not match an event without a type")
	}
	// Untimed events use their duration.
	cfg = mustParse(t, "categories:\n  - name: Long\n    match:\n      - min_duration: 1h\n")
	if m := cfg.Classifier().Classify(&audit.Event{Title: "t", Duration: 2 * time.Hour}); m.Category != "Long" {
		t.Error("min_duration ignores the duration of untimed events")
	}
}

func TestFirstMatchAndDefaults(t *testing.T) {
	cfg := mustParse(t, `
me: [me@corp.example]
timezone: Europe/Berlin
categories:
  - name: Hiring
    match: {title: interview}
  - name: Reviews
    match:
      - title: review
      - title: interview         # never reached: Hiring comes first
  - name: Misc
    kind: personal
default: Misc
`)
	cl := cfg.Classifier()
	for title, want := range map[string]string{"Interview review": "Hiring", "Code review": "Reviews", "Lunch": "Misc"} {
		if got := cl.Classify(&audit.Event{Title: title}); got.Category != want {
			t.Errorf("%q -> %s, want %s", title, got.Category, want)
		}
	}
	if m := cl.Classify(&audit.Event{Title: "Lunch"}); m.Kind != audit.KindPersonal || !m.Default() {
		t.Errorf("the default takes its declared kind: %+v", m)
	}
	if len(cl.Categories()) != 3 {
		t.Errorf("a declared default is listed once: %v", cl.Categories())
	}
	if cfg.Timezone != "Europe/Berlin" || cfg.TimezoneLine != 3 || len(cfg.Me) != 1 {
		t.Errorf("me/timezone = %v %q:%d", cfg.Me, cfg.Timezone, cfg.TimezoneLine)
	}
}

func TestNoCategoriesKeyUsesBuiltins(t *testing.T) {
	cfg := mustParse(t, "me: me@corp.example\n")
	if !cfg.BuiltinCategories || len(cfg.Categories) != len(Default().Categories) {
		t.Errorf("a config without categories: should use the built-in ones")
	}
	cfg = mustParse(t, "categories: []\ndefault: Everything\n")
	if len(cfg.Categories) != 0 || cfg.Classifier().Classify(&audit.Event{Title: "1:1"}).Category != "Everything" {
		t.Error("an explicit empty list means no categories")
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name, yml string
		line      int
		msg       string
	}{
		{"syntax", "categories:\n  - name: [oops\n", 2, "invalid YAML"},
		{"not a mapping", "- a\n- b\n", 1, "the config must be a mapping"},
		{"unknown top key", "categories: []\ndefualt: Other\n", 2, `unknown key "defualt" (did you mean "default"?)`},
		{"unknown category key", "categories:\n  - name: A\n    mtach: {title: a}\n", 3, `unknown key "mtach" (did you mean "match"?)`},
		{"unknown matcher", "categories:\n  - name: A\n    match:\n      - titel: x\n", 4, `unknown field "titel" (did you mean "title"?)`},
		{"unknown matcher far", "categories:\n  - name: A\n    match:\n      - color: red\n", 4, "valid: title, title_regex"},
		{"bad regex", "categories:\n  - name: A\n    match:\n      - title_regex: 'a(b'\n", 4, `invalid regular expression "a(b"`},
		{"bad kind", "categories:\n  - name: A\n    kind: meating\n    match: {title: a}\n", 3, `unknown kind "meating" (did you mean "meeting"?)`},
		{"bad count", "categories:\n  - name: A\n    match:\n      - attendees: lots\n", 4, `invalid attendee count "lots"`},
		{"backwards count", "categories:\n  - name: A\n    match:\n      - attendees: 8-3\n", 4, "8 is more than 3"},
		{"bad duration", "categories:\n  - name: A\n    match:\n      - min_duration: forever\n", 4, `invalid duration "forever"`},
		{"min above max", "categories:\n  - name: A\n    match:\n      - min_duration: 2h\n        max_duration: 1h\n", 4, "min_duration 2h is longer than max_duration 1h"},
		{"bad bool", "categories:\n  - name: A\n    match:\n      - recurring: sometimes\n", 4, `expected true or false, found "sometimes"`},
		{"bad response", "categories:\n  - name: A\n    match:\n      - response: [accepted, maybe-not]\n", 4, `unknown response "maybe-not"`},
		{"empty title", "categories:\n  - name: A\n    match:\n      - title: ['']\n", 4, "empty text would match every event"},
		{"empty alternative", "categories:\n  - name: A\n    match:\n      - {}\n", 4, "an empty alternative would match every event"},
		{"no name", "categories:\n  - kind: focus\n    match: {title: a}\n", 2, "the category needs a name"},
		{"duplicate", "categories:\n  - name: A\n    match: {title: a}\n  - name: a\n    match: {title: b}\n", 4, `category "a" is already declared at line 2`},
		{"unreachable", "categories:\n  - name: A\n", 2, `category "A" has no match: list`},
		{"bad me", "me: [me]\n", 1, `"me" is not an e-mail address`},
		{"nested list", "categories:\n  - name: A\n    match:\n      - title: [[a]]\n", 4, "expected text, found a list"},
		{"duplicate key", "categories: []\ncategories: []\n", 2, `"categories" is given twice (first at line 1)`},
		{"duplicate matcher", "categories:\n  - name: A\n    match:\n      - title: a\n        title: b\n", 5, `"title" is given twice`},
		{"unclosed flow mapping", "me: a@b.c\ncategories: [\n  {name: A\n", 3, "invalid YAML"},
		{"categories not a list", "categories: {a: b}\n", 1, "expected a list of categories"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("cfg.yaml", []byte(tt.yml))
			if err == nil {
				t.Fatal("no error")
			}
			es := problemsOf(t, err)
			first := es[0]
			if first.Pos.Line != tt.line || !strings.Contains(first.Error(), tt.msg) || first.Pos.Source != "cfg.yaml" {
				t.Errorf("got %q (line %d), want line %d containing %q", first.Error(), first.Pos.Line, tt.line, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), "cfg.yaml:") {
				t.Errorf("message %q does not start with the file name", err.Error())
			}
		})
	}
}

func TestAllErrorsReported(t *testing.T) {
	_, err := Parse("cfg.yaml", []byte("categories:\n  - name: A\n    match:\n      - titel: x\n      - attendees: many\nfoo: 1\n"))
	var lines []int
	for _, e := range problemsOf(t, err) {
		lines = append(lines, e.Pos.Line)
	}
	if !sort.IntsAreSorted(lines) || len(lines) != 3 {
		t.Errorf("lines = %v, want 3 problems in file order", lines)
	}
	if !strings.Contains(err.Error(), "and 2 more problems") {
		t.Errorf("Error() = %q", err.Error())
	}
}

// Anchors live under x- keys, which are otherwise ignored.
func TestAnchors(t *testing.T) {
	cfg := mustParse(t, `
x-team-words: &words [sync, standup]
categories:
  - name: Team
    match:
      - title: *words
      - attendee: "@team.example"
        title: *words
`)
	if m := cfg.Classifier().Classify(&audit.Event{Title: "Daily standup"}); m.Category != "Team" {
		t.Errorf("alias not followed: %+v", m)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(string(DefaultYAML()))
	f.Add("categories:\n  - name: A\n    match:\n      - title: [a, b]\n        attendees: \"3-8\"\ndefault: B\n")
	f.Add("a: &a [*a]\n")
	f.Add("categories: [&x {name: A, match: [{title: a}]}, *x]\n")
	f.Fuzz(func(t *testing.T, s string) {
		start := time.Now()
		defer func() {
			if el := time.Since(start); el > 2*time.Second {
				t.Fatalf("slow: %v for %q", el, s)
			}
		}()
		cfg, err := Parse("fuzz.yaml", []byte(s))
		if err != nil {
			problemsOf(t, err)
			return
		}
		cl := cfg.Classifier()
		e := audit.Event{Title: s, Description: s, Attendees: []audit.Attendee{{Person: audit.Person{Email: "a@b"}}}}
		m := cl.Classify(&e)
		if m.Category == "" {
			t.Fatalf("empty category for %q", s)
		}
	})
}

// The title index is an optimisation: with and without it, every event
// lands in the same category by the same rule for the same reason.
func TestTitleIndexAgrees(t *testing.T) {
	words := []string{"1:1", "Sync", "keyword", "Other", "review", "Q3", "İstanbul", "ÜBER", "block", "Focus", "x", "", "  ", "planning", "vendor", "sync3", "keyword12", "other 48"}
	for _, cfg := range []*Config{Default(), mixed50(t)} {
		fast := cfg.Classifier()
		slow := cfg.Classifier()
		slow.ix = nil
		if fast.ix == nil {
			t.Fatal("no index built")
		}
		rnd := rand.New(rand.NewSource(7))
		for n := 0; n < 20000; n++ {
			var title []string
			for k := rnd.Intn(4); k >= 0; k-- {
				w := words[rnd.Intn(len(words))]
				if rnd.Intn(3) == 0 {
					w = strings.ToUpper(w)
				}
				title = append(title, w)
			}
			e := audit.Event{Title: strings.Join(title, []string{" ", "", ": ", "/"}[rnd.Intn(4)]),
				Start: time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC), Type: []string{"", "focusTime"}[rnd.Intn(2)],
				MyResponse: []audit.Response{audit.ResponseAccepted, audit.ResponseUnknown}[rnd.Intn(2)], SeriesID: []string{"", "s"}[rnd.Intn(2)]}
			e.End = e.Start.Add(time.Duration(rnd.Intn(240)) * time.Minute)
			for k := rnd.Intn(5); k > 0; k-- {
				e.Attendees = append(e.Attendees, audit.Attendee{Person: audit.Person{Email: fmt.Sprintf("p%d@corp.example", k)}})
			}
			if rnd.Intn(4) == 0 {
				e.Organizer = audit.Person{Email: "sales@vendor5.example"}
			}
			if a, b := fast.Classify(&e), slow.Classify(&e); a != b {
				t.Fatalf("%q: indexed %+v, word by word %+v", e.Title, a, b)
			}
		}
	}
}

// problemsOf is every problem of a config error, each an input error with
// its position.
func problemsOf(t testing.TB, err error) []*audit.Error {
	t.Helper()
	if audit.KindOf(err) != audit.KindInput {
		t.Fatalf("error %T %v is not an input error", err, err)
	}
	var out []*audit.Error
	for _, p := range audit.Problems(err) {
		e, ok := p.(*audit.Error)
		if !ok || e.Kind != audit.KindInput {
			t.Fatalf("problem %T %v is not an input error", p, p)
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		t.Fatalf("error %v lists no problems", err)
	}
	return out
}
