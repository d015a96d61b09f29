package main

import (
	"testing"

	"google.golang.org/api/calendar/v3"

	"github.com/timeaudit/timeaudit/sources/google/googletest"
)

const peopleConfig = "../../testdata/people/config.yaml"

// peopleWeeks is the people model's fixture as Google's API would serve
// it: two weeks of a manager's calendar (2026-W11 and W12, UTC).
func peopleWeeks() []*calendar.Event {
	me := &calendar.EventAttendee{Email: "me@corp.example", Self: true, ResponseStatus: "accepted"}
	guest := func(email string) *calendar.EventAttendee {
		return &calendar.EventAttendee{Email: email, ResponseStatus: "accepted"}
	}
	ev := func(id, title, day, from, to string, guests ...*calendar.EventAttendee) *calendar.Event {
		e := &calendar.Event{Id: id, ICalUID: id + "@fixture", Summary: title, Status: "confirmed",
			Start:     &calendar.EventDateTime{DateTime: "2026-03-" + day + "T" + from + ":00Z"},
			End:       &calendar.EventDateTime{DateTime: "2026-03-" + day + "T" + to + ":00Z"},
			Organizer: &calendar.EventOrganizer{Email: "me@corp.example", Self: true}}
		if len(guests) > 0 {
			e.Attendees = append([]*calendar.EventAttendee{me}, guests...)
		}
		return e
	}
	series := func(e *calendar.Event, series, orig string) *calendar.Event {
		e.RecurringEventId, e.ICalUID = series, series+"@fixture"
		e.OriginalStartTime = &calendar.EventDateTime{DateTime: orig}
		if orig == "" {
			e.OriginalStartTime.DateTime = e.Start.DateTime
		}
		return e
	}
	hidden := func(e *calendar.Event) *calendar.Event {
		no := false
		e.GuestsCanSeeOtherGuests = &no
		e.Organizer = &calendar.EventOrganizer{Email: "ceo@corp.example"}
		e.Attendees = []*calendar.EventAttendee{me} // all the reader sees
		return e
	}
	return []*calendar.Event{
		// 2026-W11
		ev("prep1", "Prep: 1:1 Alex", "09", "09:30", "10:00"),
		series(ev("a1", "1:1 Alex", "09", "10:00", "10:30", guest("alex@corp.example")), "alex", ""),
		series(ev("s1", "Sam / me", "09", "14:00", "14:30", guest("sam@corp.example")), "sam", ""),
		series(ev("p1", "1:1 Priya", "10", "10:00", "10:30", guest("priya@corp.example")), "priya", ""),
		ev("code", "Coding: payments API", "11", "13:00", "15:00"),
		ev("dana", "Skip-level: Dana", "12", "11:00", "11:30", guest("dana@corp.example")),
		series(ev("v1", "Acme vendor weekly", "12", "15:00", "15:30", guest("bob@acme.example")), "acme", ""),
		ev("sprint", "Sprint review", "13", "14:00", "15:00", guest("alex@corp.example"), guest("priya@corp.example"), guest("sam@corp.example")),
		// 2026-W12
		series(ev("a2", "1:1 Alex", "16", "10:00", "10:30", guest("alex@corp.example")), "alex", ""),
		series(ev("s2", "Sam / me", "17", "14:00", "14:30", guest("sam@corp.example")), "sam", "2026-03-16T14:00:00Z"),
		series(hidden(ev("h1", "All-hands", "17", "16:00", "16:30")), "allhands", ""),
		series(hidden(ev("h2", "All-hands", "18", "16:00", "16:30")), "allhands", ""),
		ev("prep2", "Prepare design review", "18", "09:00", "10:00"),
		ev("design", "Design review", "18", "11:00", "12:00", guest("alex@corp.example"), guest("priya@corp.example"), guest("ann@corp.example")),
		ev("plan", "Write Q3 plan", "19", "13:00", "14:00", me),
		series(ev("v2", "Acme vendor weekly", "19", "15:00", "15:30", guest("bob@acme.example")), "acme", ""),
	}
}

func peopleAPI(t *testing.T) *googletest.API {
	api := googletest.NewAPI(&googletest.Calendar{ID: "me@corp.example", Summary: "me@corp.example", Owner: "me@corp.example", Primary: true, Events: peopleWeeks()})
	api.Tokens["tok"] = "me@corp.example"
	t.Cleanup(api.Close)
	return api
}

var peopleArgs = []string{"report", "google:primary", "--tz", "UTC", "--from", "2026-03-09", "--to", "2026-03-23", "--config", peopleConfig}
