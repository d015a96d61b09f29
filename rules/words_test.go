package rules

import (
	"testing"

	"github.com/timeaudit/timeaudit/audit"
)

// Real-looking titles and where the built-in rules file them: words match
// as words, so false friends ("Laptop" holds "pto", "Preview" holds
// "review") stay where they belong.
func TestBuiltinWords(t *testing.T) {
	tests := []struct{ title, want string }{
		// Out of office, and its false friends.
		{"Laptop setup with IT", "Other"},
		{"Crypto payments sync", "Other"},
		{"Spooky ooo-themed party", "Other"},
		{"Photography club", "Other"},
		{"OOO", "Out of office"},
		{"PTO - Alex", "Out of office"},
		{"Out of office", "Out of office"},
		{"Out-of-office: conference", "Out of office"},
		{"Alex: vacation", "Out of office"},
		{"Public holidays", "Out of office"},
		{"Sick leave", "Out of office"},
		// Ceremonies, and theirs.
		{"Preview of Q3 plan", "Other"},
		{"Reviewer sync", "Other"},
		{"Design review", "Ceremonies"},
		{"Code reviews", "Ceremonies"},
		{"API code-review", "Ceremonies"},
		{"Sprint retrospective", "Ceremonies"},
		{"Retro", "Ceremonies"},
		{"Daily standup", "Ceremonies"},
		{"Daily stand-up", "Ceremonies"},
		{"Standup-comedy night", "Other"},
		{"Q3 planning", "Ceremonies"},
		{"Sprint-planning", "Ceremonies"},
		{"Backlog refinement", "Ceremonies"},
		{"Demos", "Ceremonies"},
		{"Demolition of the old office", "Other"},
		// Hiring.
		{"Interview: backend candidate", "Hiring"},
		{"Interviews (loop 2)", "Hiring"},
		{"Interviewee feedback for the podcast", "Other"},
		{"Post-interview debrief", "Hiring"},
		{"Phone screen - Jordan", "Hiring"},
		{"Recruiter sync", "Hiring"},
		// 1-on-1s.
		{"1:1 Alex", "1-on-1s"},
		{"Alex / Sam 1:1", "1-on-1s"},
		{"1:1s with the team", "1-on-1s"},
		{"One-on-one: Jordan", "1-on-1s"},
		{"1-on-1 with Priya", "1-on-1s"},
		{"Skip-level with Morgan", "1-on-1s"},
		{"11:15 sync", "Other"},
		{"Catch-up with Lee", "1-on-1s"},
		// Own time and personal time.
		{"Focus time", "Focus"},
		{"Focused reading group", "Other"},
		{"Deep work: payments API", "Focus"},
		{"Lunch", "Personal"},
		{"Launch review", "Ceremonies"},
		{"Dentist", "Personal"},
		{"Buffer", "Buffer"},
		{"Inbox zero", "Buffer"},
		// Letters beyond ASCII are letters too.
		{"Über-retro", "Ceremonies"},
		{"Retroähnlich", "Other"},
		{"Café 1:1 Zoë", "1-on-1s"},
	}
	if len(tests) < 40 {
		t.Fatalf("only %d titles", len(tests))
	}
	fast := Default().Classifier()
	slow := Default().Classifier()
	slow.ix = nil
	for _, tt := range tests {
		for _, cl := range []*Classifier{fast, slow} {
			e := audit.Event{Title: tt.title}
			if got := cl.Classify(&e); got.Category != tt.want {
				t.Errorf("%q -> %s (%s), want %s (indexed: %v)", tt.title, got.Category, got.Why, tt.want, cl.ix != nil)
			}
		}
	}
}

func TestContainsWord(t *testing.T) {
	tests := []struct {
		s, w string
		want bool
	}{
		{"laptop setup", "pto", false},
		{"pto - alex", "pto", true},
		{"alex:pto", "pto", true},
		{"(pto)", "pto", true},
		{"pto-alex", "pto", false}, // hyphen-joined to the next word
		{"team-pto", "pto", true},  // the last part of a hyphenated word
		{"11:15", "1:1", false},
		{"1:1", "1:1", true},
		{"x1:1", "1:1", false},
		{"review review", "review", true},
		{"preview review", "review", true}, // the second one
		{"previews", "review", false},
		{"zoë 1:1", "1:1", true},
		{"zoë1:1", "1:1", false},
		{"", "x", false},
		{"x", "", false},
		{"[int] sync", "[int]", true},
		{"a[int]b", "[int]", true}, // edges that are not letters need no boundary
	}
	for _, tt := range tests {
		if got := containsWord(tt.s, tt.w); got != tt.want {
			t.Errorf("containsWord(%q, %q) = %v, want %v", tt.s, tt.w, got, tt.want)
		}
	}
}

// text_match: substrings keeps the old matching, for rules written for it.
func TestTextMatchOption(t *testing.T) {
	rules := "categories:\n  - name: Away\n    kind: away\n    match:\n      - title: [pto]\n"
	for _, tt := range []struct {
		yml  string
		want string
		why  string
	}{
		{rules, "Other", NoMatch},
		{"text_match: words\n" + rules, "Other", NoMatch},
		{"text_match: substrings\n" + rules, "Away", `title contains "pto"`},
	} {
		cfg := mustParse(t, tt.yml)
		if m := cfg.Classifier().Classify(&audit.Event{Title: "Laptop"}); m.Category != tt.want || m.Why != tt.why {
			t.Errorf("%q: %s (%s), want %s (%s)", tt.yml, m.Category, m.Why, tt.want, tt.why)
		}
	}
	_, err := Parse("cfg.yaml", []byte("text_match: word\n"))
	if es := problemsOf(t, err); es[0].Pos.Line != 1 || es[0].Msg != `unknown text_match "word" (did you mean "words"?)` {
		t.Errorf("error %v", err)
	}
}
