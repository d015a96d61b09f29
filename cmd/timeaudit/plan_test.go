package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/api/calendar/v3"

	"github.com/timeaudit/timeaudit/sources"
	"github.com/timeaudit/timeaudit/sources/google/googletest"
	"github.com/timeaudit/timeaudit/sources/ics"
)

// The plan of the fixture week: its moves gather the 1-on-1s, and never
// make the week worse; every format shows it; -f ics is a calendar our own
// reader reads back, with the moves at their new times.
func TestPlan(t *testing.T) {
	out, errOut, code := runCLI(t, testEnv{}, append([]string{"plan"}, append(whatifWeek, "-f", "json")...)...)
	if code != 0 {
		t.Fatal(errOut)
	}
	var p struct {
		Moves []struct {
			Title, From, To, Reason string
			UnknownAttendees        []string `json:"unknown_attendees"`
		}
		Objective struct{ Before, After struct{ Score float64 } }
		Before    weekFigures
		After     weekFigures
		Notes     []string
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Moves) == 0 || len(p.Moves) > 5 || p.Objective.After.Score <= p.Objective.Before.Score {
		t.Fatalf("moves %+v, objective %+v", p.Moves, p.Objective)
	}
	if p.After.OneOnOnes.Days >= p.Before.OneOnOnes.Days {
		t.Errorf("1-on-1 days %d -> %d", p.Before.OneOnOnes.Days, p.After.OneOnOnes.Days)
	}
	for _, m := range p.Moves {
		if m.Reason != "you organise it" {
			t.Errorf("move %+v", m)
		}
	}
	if !slices.ContainsFunc(p.Notes, func(n string) bool { return strings.Contains(n, "attendees' availability is unknown") }) {
		t.Errorf("notes %q", p.Notes)
	}
	again, _, _ := runCLI(t, testEnv{}, append([]string{"plan"}, append(whatifWeek, "-f", "json")...)...)
	if again != out {
		t.Error("two plans of one week differ")
	}
	for _, f := range []string{"table", "markdown", "html", "csv", "tsv"} {
		o, e, c := runCLI(t, testEnv{}, append([]string{"plan"}, append(whatifWeek, "-f", f)...)...)
		if c != 0 || !strings.Contains(o, p.Moves[0].Title) {
			t.Errorf("-f %s: exit %d: %s%s", f, c, e, o)
		}
	}
	cal, _, code := runCLI(t, testEnv{}, append([]string{"plan"}, append(whatifWeek, "-f", "ics")...)...)
	if code != 0 {
		t.Fatal("-f ics failed")
	}
	src := ics.New("plan.ics", strings.NewReader(cal), ics.Options{})
	berlin, _ := time.LoadLocation("Europe/Berlin")
	res, err := src.Fetch(t.Context(), sources.Request{Location: berlin})
	if err != nil {
		t.Fatalf("the planned week does not read back: %v", err)
	}
	proposed := 0
	for _, e := range res.Events {
		if strings.HasPrefix(e.Title, "Proposed: ") {
			proposed++
			if !strings.Contains(e.Description, "timeaudit changes nothing") {
				t.Errorf("%q: description %q", e.Title, e.Description)
			}
		}
	}
	if proposed != len(p.Moves) || len(res.Events) < 20 {
		t.Errorf("%d proposed of %d events; %d moves", proposed, len(res.Events), len(p.Moves))
	}
}

// With Google, the plan asks the attendees' free/busy (read-only) and never
// moves a meeting where an attendee is busy; without it, it says their time
// is unknown.
func TestPlanGoogleFreeBusy(t *testing.T) {
	me := "me@corp.example"
	ev := func(id, title, day, from, to string, guests ...string) *calendar.Event {
		e := &calendar.Event{Id: id, ICalUID: id + "@fixture", Summary: title, Status: "confirmed",
			Start:     &calendar.EventDateTime{DateTime: "2026-03-" + day + "T" + from + ":00Z"},
			End:       &calendar.EventDateTime{DateTime: "2026-03-" + day + "T" + to + ":00Z"},
			Organizer: &calendar.EventOrganizer{Email: me, Self: true}}
		e.Attendees = []*calendar.EventAttendee{{Email: me, ResponseStatus: "accepted", Self: true}}
		for _, g := range guests {
			e.Attendees = append(e.Attendees, &calendar.EventAttendee{Email: g, ResponseStatus: "accepted"})
		}
		return e
	}
	mine := []*calendar.Event{
		ev("a1", "1:1 Ana", "16", "10:00", "10:30", "ana@corp.example"),
		ev("b1", "1:1 Ben", "17", "15:00", "15:30", "ben@corp.example"),
		ev("c1", "1:1 Cam", "18", "11:00", "11:30", "cam@corp.example"),
	}
	// Ben is busy every Monday and Tuesday morning and all afternoon; Cam's
	// calendar is not shared with me.
	var benBusy []*calendar.Event
	for _, d := range []string{"16", "17", "18", "19", "20"} {
		benBusy = append(benBusy, ev("ben"+d, "Ben's own", d, "09:00", "12:30"), ev("ben-pm"+d, "Ben's afternoon", d, "13:30", "14:59"))
	}
	benBusy = append(benBusy, ev("ben-b1", "1:1 Ben", "17", "15:00", "15:30"))
	api := googletest.NewAPI(
		&googletest.Calendar{ID: me, Summary: me, Owner: me, Primary: true, Events: mine},
		&googletest.Calendar{ID: "ana@corp.example", Owner: "ana@corp.example", Shared: map[string]string{me: googletest.RoleFreeBusyReader}},
		&googletest.Calendar{ID: "ben@corp.example", Owner: "ben@corp.example", Shared: map[string]string{me: googletest.RoleFreeBusyReader}, Events: benBusy},
		&googletest.Calendar{ID: "cam@corp.example", Owner: "cam@corp.example"},
	)
	api.Tokens["tok"] = me
	t.Cleanup(api.Close)
	out, errOut, code := runCLI(t, testEnv{env: googleEnv(api)}, "plan", "google:primary", "--week", "2026-W12", "--tz", "UTC", "-f", "json")
	if code != 0 {
		t.Fatal(errOut)
	}
	var p struct {
		Moves []struct {
			Title, To string
			Checked   []string `json:"checked_attendees"`
			Unknown   []string `json:"unknown_attendees"`
		}
		Notes []string
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	if api.FreeBusyRequests != 1 || !slices.Equal(api.FreeBusyAsked, []string{"ana@corp.example", "ben@corp.example", "cam@corp.example"}) {
		t.Errorf("free/busy asked %d times, for %q", api.FreeBusyRequests, api.FreeBusyAsked)
	}
	if !slices.ContainsFunc(p.Notes, func(n string) bool {
		return strings.Contains(n, "checked through free/busy: 2 of 3 people (the other 1 could not be read")
	}) {
		t.Errorf("notes %q", p.Notes)
	}
	for _, m := range p.Moves {
		to, _ := time.Parse(time.RFC3339, m.To)
		if m.Title == "1:1 Ben" {
			if h := to.Hour()*60 + to.Minute(); h < 12*60+30 || (h >= 13*60 && h < 15*60) {
				t.Errorf("1:1 Ben moved into Ben's busy time: %s", m.To)
			}
			if !slices.Equal(m.Checked, []string{"ben@corp.example"}) {
				t.Errorf("1:1 Ben: checked %q", m.Checked)
			}
		}
		if m.Title == "1:1 Cam" && !slices.Equal(m.Unknown, []string{"cam@corp.example"}) {
			t.Errorf("1:1 Cam: unknown %q", m.Unknown)
		}
	}
	if len(p.Moves) == 0 {
		t.Error("no move proposed")
	}
	// Nothing was written: only GETs and the free/busy query reached the API.
	if !slices.Equal(api.Methods, []string{"POST freeBusy"}) {
		t.Errorf("requests other than GET: %q", api.Methods)
	}
}

// With --weeks N, a move of a recurring meeting that meets at the same
// time every week of the range, with the new time clear in each, is
// proposed for the series; with one week nothing tells.
func TestPlanSeries(t *testing.T) {
	series := func(extra ...string) map[string]bool {
		out, errOut, code := runCLI(t, testEnv{}, append([]string{"plan"}, append(icsWeek, append(extra, "-f", "json")...)...)...)
		if code != 0 {
			t.Fatal(errOut)
		}
		var p struct {
			Moves []struct {
				Title, From string
				Series      bool
			}
		}
		json.Unmarshal([]byte(out), &p)
		m := map[string]bool{}
		for _, mv := range p.Moves {
			m[mv.Title+" "+mv.From] = mv.Series
		}
		return m
	}
	one, three := series(), series("--weeks", "3")
	if len(one) == 0 || len(one) != len(three) {
		t.Fatalf("moves %v and %v", one, three)
	}
	every := 0
	for k, s := range three {
		if one[k] {
			t.Errorf("%s: every week, from one week", k)
		}
		if s {
			every++
			if !strings.HasPrefix(k, "Team standup ") {
				t.Errorf("%s: every week, but it is not a weekly series", k)
			}
		}
	}
	if every == 0 {
		t.Errorf("no move for the series: %v", three)
	}
}
