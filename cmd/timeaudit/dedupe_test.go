package main

import (
	"encoding/json"
	"strings"
	"testing"

	"google.golang.org/api/calendar/v3"

	"github.com/timeaudit/timeaudit/sources/google/googletest"
)

// The same calendar named twice gives the report of one, and a note.
func TestSameCalendarTwice(t *testing.T) {
	args := []string{"--tz", "Europe/Berlin", "--me", "me@corp.example", "--week", "2026-W12", "-f", "json"}
	once, _, code := runCLI(t, testEnv{}, append([]string{"report", sampleICS}, args...)...)
	if code != 0 {
		t.Fatal(once)
	}
	twice, errOut, code := runCLI(t, testEnv{}, append([]string{"report", sampleICS, sampleICS}, args...)...)
	if code != 0 {
		t.Fatal(errOut)
	}
	a, b := figures(t, once), figures(t, twice)
	if a != b {
		t.Errorf("twice differs from once:\n%s\n%s", a, b)
	}
	if !strings.Contains(twice, sampleICS+" is named twice: its") || !strings.Contains(errOut, "is named twice") {
		t.Errorf("no note that the calendar is named twice: %s", errOut)
	}
}

// An invitation on google:primary and on a team calendar counts once.
func TestSharedInvitationsOnce(t *testing.T) {
	summary, evs, err := googletest.LoadEvents(googleEvents)
	if err != nil {
		t.Fatal(err)
	}
	var shared []*calendar.Event
	for _, e := range evs { // the team calendar carries the standups and the design reviews too
		if e.Summary == "Team standup" || strings.HasPrefix(e.Summary, "Design review") {
			c := *e
			c.Id = "team_" + e.Id
			shared = append(shared, &c)
		}
	}
	own := &calendar.Event{Id: "offsite", ICalUID: "offsite@team", Summary: "Team offsite planning", Status: "confirmed",
		Start: &calendar.EventDateTime{DateTime: "2026-03-19T13:00:00+01:00"}, End: &calendar.EventDateTime{DateTime: "2026-03-19T14:00:00+01:00"}}
	api := googletest.NewAPI(&googletest.Calendar{ID: "me@corp.example", Summary: summary, Owner: "me@corp.example", Primary: true, Events: evs, PageSize: 10},
		&googletest.Calendar{ID: "team@group.calendar.google.com", Summary: "Team", Events: append(shared, own)})
	api.Tokens["tok"] = "me@corp.example"
	t.Cleanup(api.Close)
	args := []string{"--tz", "Europe/Berlin", "--week", "2026-W12", "-f", "json"}
	alone, _, _ := runCLI(t, testEnv{env: googleEnv(api)}, append([]string{"report", "google:primary"}, args...)...)
	both, errOut, code := runCLI(t, testEnv{env: googleEnv(api)}, append([]string{"report", "google:primary", "google:team@group.calendar.google.com"}, args...)...)
	if code != 0 {
		t.Fatal(errOut)
	}
	var a, b struct {
		Total    struct{ Events int }
		Excluded map[string]int
	}
	json.Unmarshal([]byte(alone), &a)
	json.Unmarshal([]byte(both), &b)
	if b.Total.Events != a.Total.Events+1 || b.Excluded["duplicate"] == 0 {
		t.Errorf("primary alone %d events, with the team calendar %d (%d duplicates); want one more, the offsite", a.Total.Events, b.Total.Events, b.Excluded["duplicate"])
	}
	if !strings.Contains(errOut, "of google:team@group.calendar.google.com are also in google:primary (the same UID and start): counted once") {
		t.Errorf("no note on the shared invitations: %s", errOut)
	}
}

// figures is a JSON report without its notes and the counts of duplicates.
func figures(t *testing.T, out string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "notes")
	delete(m["excluded"].(map[string]any), "duplicate")
	b, _ := json.Marshal(m)
	return string(b)
}
