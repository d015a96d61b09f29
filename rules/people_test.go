package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
)

func TestPeopleConfig(t *testing.T) {
	cfg := mustParse(t, `
me: [me@corp.example]
domain: [corp.example, "@eu.corp.example"]
team:
  - {email: alex@corp.example, name: Alex, relation: report}
  - {email: sam@corp.example, relation: skip, cadence: 8w, length: 45m}
  - {email: lee@corp.example, relation: Manager}
  - {email: pat@partner.example, relation: peer}
prep:
  before: [1-on-1s]
  window: 12h
  managers: false
solo_holds: meeting
bands: {manager_own_work: "0%-15%", ic_own_work: "50%-80%"}
`)
	if got := strings.Join(cfg.Domains, " "); got != "corp.example eu.corp.example" {
		t.Errorf("domains %q", got)
	}
	s := cfg.Settings
	week := 7 * 24 * time.Hour
	want := []audit.Member{
		{Email: "alex@corp.example", Name: "Alex", Relation: audit.RelationReport, Cadence: week, Length: 30 * time.Minute, Line: 5},
		{Email: "sam@corp.example", Relation: audit.RelationSkip, Cadence: 8 * week, Length: 45 * time.Minute, Line: 6},
		{Email: "lee@corp.example", Relation: audit.RelationManager, Cadence: 2 * week, Length: 30 * time.Minute, Line: 7},
		{Email: "pat@partner.example", Relation: audit.RelationPeer, Length: 30 * time.Minute, Line: 8},
	}
	if len(s.Team) != len(want) {
		t.Fatalf("team %+v", s.Team)
	}
	for i := range want {
		if s.Team[i] != want[i] {
			t.Errorf("team[%d] = %+v, want %+v", i, s.Team[i], want[i])
		}
	}
	if s.Prep.Window != 12*time.Hour || s.Prep.Managers || len(s.Prep.Before) != 1 || !s.SoloHoldsAsMeetings {
		t.Errorf("prep %+v, solo as meetings %v", s.Prep, s.SoloHoldsAsMeetings)
	}
	if s.Bands.ManagerOwnWork.Text != "0%-15%" || s.Bands.ICOwnWork.Text != "50%-80%" {
		t.Errorf("bands %+v", s.Bands)
	}
	if len(cfg.Warnings) != 1 || !strings.Contains(cfg.Warnings[0], "test.yaml:8: team[3]: pat@partner.example is outside your domains (corp.example, eu.corp.example)") {
		t.Errorf("warnings %q", cfg.Warnings)
	}
	// The defaults.
	if d := Default().Settings; d.SoloHoldsAsMeetings || d.Prep.Window != 24*time.Hour || d.Prep.Category != "Prep" || !d.Prep.Managers {
		t.Errorf("default prep %+v", d.Prep)
	}
}

func TestPeopleConfigErrors(t *testing.T) {
	tests := []struct {
		yml  string
		line int
		msg  string
	}{
		{"team:\n  - {email: alex@corp.example, relation: boss}\n", 2, `unknown relation "boss"`},
		{"team:\n  - {email: alex@corp.example, relation: report, cadence: weekly}\n", 2, `invalid duration "weekly"`},
		{"team:\n  - {name: Alex, relation: report}\n", 2, "a team member needs an email:"},
		{"team:\n  - {email: alex@corp.example}\n", 2, "alex@corp.example needs a relation: (report, skip, manager, peer)"},
		{"team:\n  - {email: a@x.example, relation: peer}\n  - {email: A@x.example, relation: report}\n", 3, "A@x.example is already on the team at line 2"},
		{"team: {alex: report}\n", 1, "expected a list of people"},
		{"domain: [corp]\n", 1, `"corp" is not a domain such as corp.example`},
		{"solo_holds: sometimes\n", 1, `unknown solo_holds "sometimes" (valid: own_time, meeting)`},
		{"prep:\n  before: [Rituals]\n", 2, `no category is called "Rituals"`},
		{"prep:\n  window: -1h\n", 2, "negative"},
		{"bands: {ic_own_work: 60}\n", 1, `"60" must be a percentage`},
		{"categories:\n  - name: X\n    match:\n      - external: maybe\n", 4, "external"},
		{"categories:\n  - name: X\n    match:\n      - attendee_domain: [\"a@b.example\"]\n", 4, "is not a domain"},
	}
	for _, tt := range tests {
		_, err := Parse("cfg.yaml", []byte(tt.yml))
		if err == nil {
			t.Errorf("%q: no error", tt.yml)
			continue
		}
		es := problemsOf(t, err)
		if es[0].Pos.Line != tt.line || !strings.Contains(es[0].Error(), tt.msg) {
			t.Errorf("%q: got %q (line %d), want line %d with %q", tt.yml, es[0].Error(), es[0].Pos.Line, tt.line, tt.msg)
		}
	}
}

// The built-in rules on people: a two-person external call is External,
// not a 1-on-1; a hidden guest list is not a 1-on-1; prep is Prep.
func TestBuiltinPeople(t *testing.T) {
	cl := Default().Classifier().ForInside(audit.Inside{Domains: []string{"corp.example"}})
	person := func(email string) audit.Attendee { return audit.Attendee{Person: audit.Person{Email: email}} }
	inv := func(title string, series string, guests audit.GuestList, who ...string) *audit.Event {
		e := &audit.Event{Title: title, SeriesID: series, Guests: guests, Organizer: audit.Person{Email: "me@corp.example"}}
		for _, w := range who {
			e.Attendees = append(e.Attendees, person(w))
		}
		return e
	}
	tests := []struct {
		e    *audit.Event
		want string
	}{
		{inv("Sam / me", "s", audit.GuestsListed, "me@corp.example", "sam@corp.example"), "1-on-1s"},
		{inv("Acme vendor weekly", "a", audit.GuestsListed, "me@corp.example", "bob@acme.example"), "External"},
		{inv("All-hands", "h", audit.GuestsHidden, "me@corp.example"), "Other"},
		{inv("Prep: 1:1 Alex", "", audit.GuestsListed), "Prep"},
		{inv("Prep for performance review", "", audit.GuestsListed), "Prep"},
		{inv("Sync with a subsidiary", "s", audit.GuestsListed, "me@corp.example", "kim@eu.corp.example"), "1-on-1s"},
		{inv("Interview: candidate", "", audit.GuestsListed, "cand@gmail.example"), "Hiring"},
		{inv("Quarterly business review", "", audit.GuestsListed, "bob@acme.example", "ann@corp.example"), "Ceremonies"},
		{inv("Roadmap with Acme", "", audit.GuestsListed, "bob@acme.example", "ann@corp.example"), "External"},
	}
	for _, tt := range tests {
		if m := cl.Classify(tt.e); m.Category != tt.want {
			t.Errorf("%q -> %s (%s), want %s", tt.e.Title, m.Category, m.Why, tt.want)
		}
	}
	// Without known domains nobody is external: the call is a 1-on-1 by size, as before.
	if m := Default().Classifier().Classify(tests[1].e); m.Category != "1-on-1s" {
		t.Errorf("unknown domains: %s", m.Category)
	}
	// attendee_domain: matches subdomains too.
	cfg := mustParse(t, "categories:\n  - name: Partner\n    match:\n      - attendee_domain: [acme.example]\n")
	e := inv("x", "", audit.GuestsListed, "bob@eu.acme.example")
	if m := cfg.Classifier().Classify(e); m.Category != "Partner" || m.Why != "someone is from acme.example" {
		t.Errorf("attendee_domain: %+v", m)
	}
}
