package audit

import (
	"strings"
	"testing"
)

func TestCompare(t *testing.T) {
	cur := fixtureReport(t, DefaultSettings())
	// The week before: the same calendar a week earlier, less the Friday.
	var earlier []Event
	for _, e := range fixtureWeek() {
		if e.Start.Day() == 20 {
			continue
		}
		e.Start, e.End = e.Start.AddDate(0, 0, -7), e.End.AddDate(0, 0, -7)
		earlier = append(earlier, e)
	}
	s := DefaultSettings()
	prev := Build(earlier, nil, kinds, Options{Range: Range{From: u(9, 0, 0), To: u(16, 0, 0)}, Settings: &s, Me: []string{"me@x"}})
	ds := Compare(&cur, &prev)
	by := map[string]Delta{}
	for _, d := range ds {
		by[d.Key] = d
	}
	// Friday had 4 meetings: Ceremonies A and B, Hiring C, 1-on-1s Priya.
	if d := by["meetings"]; d.Value-d.Previous != 4 || d.Verdict() != -1 {
		t.Errorf("meetings: %+v, verdict %d", d, d.Verdict())
	}
	if d := by["focus_minutes"]; d.Change() >= 0 || d.Verdict() != -1 {
		t.Errorf("focus: %+v", d)
	}
	if d := by["category:Ceremonies"]; !d.HasPrevious || !d.HasCurrent || d.Change() != 60 {
		t.Errorf("ceremonies: %+v", d)
	}
	if d := by["counted_minutes"]; d.Verdict() != 0 {
		t.Errorf("time counted has no better way: %+v", d)
	}
	// Figures come in a fixed order, categories last.
	if ds[0].Key != "counted_minutes" || !strings.HasPrefix(ds[len(ds)-1].Key, "category:") {
		t.Errorf("order: %s ... %s", ds[0].Key, ds[len(ds)-1].Key)
	}
	// A category only the earlier range had is there with 0 now.
	none := Build(nil, nil, kinds, Options{Range: cur.Range, Settings: &s})
	for _, d := range Compare(&none, &prev) {
		if strings.HasPrefix(d.Key, "category:") && (!d.HasCurrent || d.Value != 0 || !d.HasPrevious) {
			t.Errorf("%s: %+v", d.Key, d)
		}
		// An empty week is a week with nothing in it: no meetings, all free.
		if d.Key == "meetings" && (!d.HasCurrent || d.Value != 0) {
			t.Errorf("an empty week has 0 meetings, yet %+v", d)
		}
	}
}

func TestRedactor(t *testing.T) {
	r := fixtureReport(t, DefaultSettings())
	r.Notes = append(r.Notes, "alex@x said hello; M:Hiring interview was moved")
	r.Invalid = []Skipped{{Source: Provenance{Source: "secret.ics", Line: 3}, Err: `bad DTSTART "M:Hiring interview"`}}
	before := r.Total
	x := NewRedactor()
	x.Report(&r)
	if r.Total != before {
		t.Error("figures changed")
	}
	seen := map[string]string{}
	for _, it := range r.Items {
		e := it.Event
		for _, s := range []string{e.Title, e.Organizer.Email, e.Location, e.Description, e.Source.Source} {
			if strings.Contains(s, "@x") || strings.HasPrefix(s, "M:") || strings.HasPrefix(s, "P:") {
				t.Errorf("%q survives", s)
			}
		}
		for _, a := range e.Attendees {
			if a.Email != "" || !strings.HasPrefix(a.Name, "person ") {
				t.Errorf("attendee %+v", a)
			}
		}
		if it.Match.Why != "" {
			t.Errorf("why %q kept", it.Match.Why)
		}
		seen[e.Title] = e.Title
	}
	// Stable: the same original, the same pseudonym, numbered in order.
	if got := x.Title("M:Ceremonies standup"); got != "Meeting 1" {
		t.Errorf("first title = %q", got)
	}
	if a, b := x.Person(Person{Email: "ALEX@x"}), x.Person(Person{Email: "alex@x", Name: "Alex"}); a != b {
		t.Errorf("alex: %v vs %v", a, b)
	}
	for _, p := range r.Analysis.OneOnOnes.People {
		if !strings.HasPrefix(p.Name, "person ") {
			t.Errorf("counterpart %q", p.Name)
		}
	}
	if n := r.Notes[len(r.Notes)-1]; strings.Contains(n, "alex@x") || strings.Contains(n, "M:Hiring interview") {
		t.Errorf("note %q", n)
	}
	if r.Invalid[0].Source.Source == "secret.ics" || strings.Contains(r.Invalid[0].Err, "Hiring") || r.Invalid[0].Source.Line != 3 {
		t.Errorf("invalid %+v", r.Invalid[0])
	}
	// The events handed to Build are untouched.
	if fixtureWeek()[0].Title != "M:Ceremonies standup" {
		t.Error("input changed")
	}
}
