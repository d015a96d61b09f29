package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// Every figure of the people model, worked out by hand from peopleWeeks
// (the README's worked example).
func TestPeopleModel(t *testing.T) {
	api := peopleAPI(t)
	out, errOut, code := runCLI(t, testEnv{env: googleEnv(api)}, append(peopleArgs, "-f", "json")...)
	if code != 0 {
		t.Fatal(errOut)
	}
	var r struct {
		Total      struct{ Events, Minutes int }
		Categories []struct {
			Name    string
			Events  int
			Minutes float64
		}
		Meetings struct {
			Count                        int
			Recurring, OneOff, SoloHolds struct{ Count, Minutes int } `json:"-"`
			RecurringJ                   struct{ Count, Minutes int } `json:"recurring"`
			OneOffJ                      struct{ Count, Minutes int } `json:"one_off"`
			SoloJ                        struct{ Count, Minutes int } `json:"solo_holds"`
			Bands                        []struct{ Name, Verdict, Denominator string }
		}
		People []struct {
			Name, Relation, Status          string
			OneOnOnes                       int      `json:"one_on_ones"`
			Minutes                         float64  `json:"minutes"`
			Last                            *string  `json:"last"`
			DaysSince                       *float64 `json:"days_since"`
			LongestGapDays                  float64  `json:"longest_gap_days"`
			AverageMinutes, ExpectedMinutes float64  `json:"-"`
			Average                         float64  `json:"average_minutes"`
			Expected                        float64  `json:"expected_minutes"`
			CadenceDays                     float64  `json:"cadence_days"`
		}
		External struct {
			Known              bool
			Meetings, Days     int
			Minutes            float64
			Share, DaysPerWeek float64 `json:"-"`
			ShareJ             float64 `json:"share"`
			PerWeek            float64 `json:"days_per_week"`
			Mixed              int     `json:"mixed_days"`
			Weekdays           []struct {
				Day      string
				Meetings int
				Minutes  float64
			}
		}
		Prep struct {
			Needing  int
			WithPrep int     `json:"with_prep"`
			Share    float64 `json:"share"`
			Missing  []struct{ Title, Start string }
		}
		OwnWork struct {
			Minutes float64
			Share   float64
		} `json:"own_work"`
		Targets []struct {
			Name   string
			Actual float64
			OK     bool
		}
		Notes []string
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	// Counted: 12 meetings (420 min), 2 solo holds (180), 2 prep blocks (90).
	if r.Total.Events != 16 || r.Total.Minutes != 690 {
		t.Errorf("total %d events, %d min; want 16, 690", r.Total.Events, r.Total.Minutes)
	}
	cats := map[string][2]float64{}
	for _, c := range r.Categories {
		cats[c.Name] = [2]float64{float64(c.Events), c.Minutes}
	}
	wantCats := map[string][2]float64{"1-on-1s": {6, 180}, "Other": {4, 240}, "Ceremonies": {2, 120}, "Prep": {2, 90}, "External": {2, 60}}
	for name, want := range wantCats {
		if cats[name] != want {
			t.Errorf("%s: %v, want %v events, minutes", name, cats[name], want)
		}
	}
	m := r.Meetings
	if m.Count != 12 || m.RecurringJ != (struct{ Count, Minutes int }{9, 270}) || m.OneOffJ != (struct{ Count, Minutes int }{3, 150}) ||
		m.SoloJ != (struct{ Count, Minutes int }{2, 180}) {
		t.Errorf("meetings %d: recurring %+v, one-off %+v, solo holds %+v", m.Count, m.RecurringJ, m.OneOffJ, m.SoloJ)
	}
	// Reconciliation: meetings + solo holds + prep = counted; recurring + one-off = meetings.
	if m.RecurringJ.Minutes+m.OneOffJ.Minutes+m.SoloJ.Minutes+90 != r.Total.Minutes || m.RecurringJ.Count+m.OneOffJ.Count != m.Count {
		t.Error("the figures do not reconcile")
	}
	type person struct {
		name, status             string
		count                    int
		minutes, since, gap, avg float64
	}
	want := []person{
		{"Alex", "ok", 2, 60, 6.58, 7, 30},
		{"Priya", "overdue", 1, 30, 12.58, 12.58, 30},
		{"Sam", "ok", 2, 60, 5.42, 8, 30},
		{"Jordan", "never", 0, 0, -1, 0, 0},
		{"Dana", "ok", 1, 30, 10.54, 10.54, 30},
		{"Lee", "too_short", 0, 0, -1, 0, 0},
	}
	if len(r.People) != len(want) {
		t.Fatalf("people %+v", r.People)
	}
	for i, w := range want {
		p := r.People[i]
		since := -1.0
		if p.DaysSince != nil {
			since = *p.DaysSince
		}
		got := person{p.Name, p.Status, p.OneOnOnes, p.Minutes, since, p.LongestGapDays, p.Average}
		if got != w || p.Expected != 30 {
			t.Errorf("roster %d:\n got  %+v\n want %+v", i, got, w)
		}
	}
	x := r.External
	if !x.Known || x.Meetings != 2 || x.Minutes != 60 || x.ShareJ != 0.1429 || x.Days != 2 || x.PerWeek != 1 || x.Mixed != 1 ||
		len(x.Weekdays) != 1 || x.Weekdays[0].Day != "thu" || x.Weekdays[0].Meetings != 2 {
		t.Errorf("external %+v", x)
	}
	p := r.Prep
	if p.Needing != 8 || p.WithPrep != 2 || p.Share != 0.25 || len(p.Missing) != 6 || p.Missing[0].Title != "Sam / me" || p.Missing[0].Start != "2026-03-09T14:00:00Z" {
		t.Errorf("prep %+v", p)
	}
	// Own work: focus blocks (2,100 + 2,070 min), the prep block in Monday's
	// buffer (30) included, of 4,800 minutes of working time.
	if r.OwnWork.Minutes != 4170 || r.OwnWork.Share != 0.8688 {
		t.Errorf("own work %+v", r.OwnWork)
	}
	for _, b := range m.Bands {
		if strings.Contains(b.Name, "own work") && b.Denominator != "working_time" {
			t.Errorf("band %+v does not say its denominator", b)
		}
	}
	targets := map[string]bool{}
	for _, tr := range r.Targets {
		targets[tr.Name] = tr.OK
	}
	if !(targets["external_days"] && !targets["one_on_ones_overdue"] && !targets["mixed_days"] && !targets["prep_share"]) {
		t.Errorf("targets %+v", r.Targets)
	}
	if !strings.Contains(strings.Join(r.Notes, "\n"), "2 meetings with a hidden guest list") {
		t.Errorf("notes %q", r.Notes)
	}
}

// The report of the fixture, for people: table, Markdown, HTML.
func TestPeopleGoldens(t *testing.T) {
	api := peopleAPI(t)
	for _, f := range []struct{ name, format string }{{"people-report.table", "table"}, {"people-report.md", "markdown"}, {"people-report.html", "html"}} {
		out, errOut, code := runCLI(t, testEnv{env: googleEnv(api)}, append(peopleArgs, "-f", f.format)...)
		if code != 0 {
			t.Fatal(errOut)
		}
		golden(t, f.name, out)
	}
}
