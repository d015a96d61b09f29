package main

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/sources/google/googletest"
	"google.golang.org/api/calendar/v3"
)

func at26(d, h, m int) *calendar.EventDateTime {
	return &calendar.EventDateTime{DateTime: time.Date(2026, 3, d, h, m, 0, 0, time.UTC).Format(time.RFC3339)}
}

// A team audit of 500 calendars read as one user, three pages each (1,500
// requests), against a fake that allows 600 requests a window per user,
// sliding: no calendar fails, the window is never exceeded, and the report
// says how long it waited. The window is a second here instead of a minute.
func TestGoogleTeamAuditWithinRateLimit(t *testing.T) {
	const calendars, window = 500, time.Second
	var cals []*googletest.Calendar
	args := []string{"report", "--week", "2026-W12", "-f", "json", "--no-cache", "--concurrency", "8"}
	for i := range calendars {
		id := fmt.Sprintf("u%03d@corp.example", i)
		var evs []*calendar.Event
		for d := range 3 {
			evs = append(evs, &calendar.Event{Id: fmt.Sprintf("%s-%d", id, d), ICalUID: fmt.Sprintf("%s-%d@google.com", id, d), Summary: "Standup",
				Start: at26(16+d, 9, 0), End: at26(16+d, 9, 15), Status: "confirmed"})
		}
		cals = append(cals, &googletest.Calendar{ID: id, Summary: id, Events: evs, PageSize: 1})
		args = append(args, "google:"+id)
	}
	api := googletest.NewAPI(cals...)
	t.Cleanup(api.Close)
	api.Tokens["tok"] = "me@corp.example"
	api.Limit = googletest.RateLimit{Requests: 600, Window: window}

	start := time.Now()
	out, errOut, code := runCLI(t, testEnv{env: googleEnv(api), googleWindow: window}, args...)
	took := time.Since(start)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if got := api.Total(); got != 3*calendars {
		t.Errorf("%d requests, want %d (three pages a calendar, no retries)", got, 3*calendars)
	}
	if api.Throttled() != 0 || api.MostInWindow() > 600 {
		t.Errorf("the fake refused %d requests; the most in one window was %d (limit 600)", api.Throttled(), api.MostInWindow())
	}
	var rep struct {
		Total struct {
			Events int `json:"events"`
		} `json:"total"`
		Notes []string `json:"notes"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Total.Events != 3*calendars {
		t.Errorf("%d events counted, want %d", rep.Total.Events, 3*calendars)
	}
	note := regexp.MustCompile(`rate limits and retries: (\d+) of 500 sources waited, ([0-9.]+s|[0-9]+m[0-9.]+s) in all \(the longest [0-9.]+m?s; sources read in parallel wait at once\) over 1500 requests`)
	m := note.FindStringSubmatch(strings.Join(rep.Notes, "\n"))
	if m == nil {
		t.Fatalf("no note on the waits: %q", rep.Notes)
	}
	if !strings.Contains(errOut, m[0]) {
		t.Errorf("the note is not on stderr too: %s", errOut)
	}
	// 1,500 requests, 600 a window: at least 1.5 windows beyond the first
	// burst, and not much more.
	if took < window*3/2 || took > 8*window {
		t.Errorf("took %v for 1,500 requests at 600 a %v", took, window)
	}
	t.Logf("%v; most in a window %d; %s", took.Round(time.Millisecond), api.MostInWindow(), m[0])
}

// A calendar that fails does not cancel the others: they are all read,
// and the error names every one that failed.
func TestGoogleFailureDoesNotCancelOthers(t *testing.T) {
	api := sampleAPI(t)
	api.Add(&googletest.Calendar{ID: "team@group.calendar.google.com", Summary: "Team"})
	api.Add(&googletest.Calendar{ID: "late@group.calendar.google.com", Summary: "Late"})
	api.Add(&googletest.Calendar{ID: "private@group.calendar.google.com", Summary: "Private", Owner: "other@corp.example"})
	_, errOut, code := runCLI(t, testEnv{env: googleEnv(api)}, "report", "--week", "2026-W12", "--concurrency", "1",
		"google:team@group.calendar.google.com", "google:private@group.calendar.google.com", "google:nobody@corp.example", "google:late@group.calendar.google.com")
	if code != 2 {
		t.Errorf("exit %d, want 2 (a calendar that is not there is bad input)", code)
	}
	want := "timeaudit: google:private@group.calendar.google.com: no such calendar, or it is not shared with this account (404 notFound); timeaudit google calendars lists the ones it can read (1 other source failed too: google:nobody@corp.example)\n"
	if errOut != want {
		t.Errorf("stderr\n  %q\nwant\n  %q", errOut, want)
	}
	if api.Count("late@group.calendar.google.com") != 1 {
		t.Error("the calendar after the failures was not read")
	}
}

// When the organizer hides the guest list, a daily all-hands shows only
// you and the organizer: not a 1-on-1 by the built-in rules.
func TestGoogleHiddenGuestListNotOneOnOne(t *testing.T) {
	no := false
	var evs []*calendar.Event
	for d := 16; d <= 20; d++ {
		guests := []*calendar.EventAttendee{{Email: "ceo@corp.example", Organizer: true, ResponseStatus: "accepted"}, {Email: "me@corp.example", ResponseStatus: "accepted"}}
		for i := range 40 {
			guests = append(guests, &calendar.EventAttendee{Email: fmt.Sprintf("p%d@corp.example", i), ResponseStatus: "accepted"})
		}
		evs = append(evs, &calendar.Event{Id: fmt.Sprintf("ah%d", d), ICalUID: "ah@google.com", Summary: "Company sync", RecurringEventId: "ah",
			Start: at26(d, 9, 0), End: at26(d, 9, 30), OriginalStartTime: at26(d, 9, 0), Organizer: &calendar.EventOrganizer{Email: "ceo@corp.example"},
			GuestsCanSeeOtherGuests: &no, Attendees: guests, Status: "confirmed"})
	}
	api := googletest.NewAPI(&googletest.Calendar{ID: "me@corp.example", Summary: "me@corp.example", Owner: "me@corp.example", Primary: true, Events: evs})
	t.Cleanup(api.Close)
	api.Tokens["tok"] = "me@corp.example"
	out, errOut, code := runCLI(t, testEnv{env: googleEnv(api)}, "events", "google:primary", "--week", "2026-W12", "-f", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Contains(out, "1-on-1") {
		t.Errorf("the all-hands filed as a 1-on-1:\n%s", out)
	}
	if !strings.Contains(errOut, "5 meetings with a hidden guest list: their size is unknown") {
		t.Errorf("stderr: %s", errOut)
	}
}

// --google-rate must be a number of requests.
func TestGoogleRateFlag(t *testing.T) {
	api := sampleAPI(t)
	_, errOut, code := runCLI(t, testEnv{env: googleEnv(api)}, "report", "google:primary", "--week", "2026-W12", "--google-rate", "0")
	if code != 2 || !strings.Contains(errOut, "--google-rate 0: give the most requests a minute per Google user, 1 or more") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if api.Total() != 0 {
		t.Error("Google was asked anyway")
	}
}

// 2. gcloud's own client no longer grants calendar scopes: the README and
// help never suggest `gcloud auth print-access-token`, and say how to mint
// a token with your own client.
func TestGoogleTokenAdvice(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	help, _, _ := runCLI(t, testEnv{}, "google", "--help")
	for name, text := range map[string]string{"README.md": string(readme), "google --help": help} {
		if strings.Contains(text, "gcloud auth print-access-token") {
			t.Errorf("%s suggests gcloud auth print-access-token", name)
		}
	}
	for _, want := range []string{"oauth2l fetch --credentials client_secret.json --scope calendar.readonly", "Test users", "admin_policy_enforced", "--google-rate"} {
		if !strings.Contains(string(readme), want) {
			t.Errorf("README.md lacks %q", want)
		}
	}
}

// A calendar shared free/busy only: its time is "Busy (details hidden)",
// of kind busy, in every format, with a note.
func TestGoogleBusyDetailsHidden(t *testing.T) {
	evs := []*calendar.Event{
		{Id: "b1", Summary: "1:1 Alex", Start: at26(16, 9, 0), End: at26(16, 10, 0), Status: "confirmed"},
		{Id: "b2", Summary: "Hiring loop", Start: at26(17, 13, 0), End: at26(17, 15, 0), Status: "confirmed"},
	}
	api := googletest.NewAPI(&googletest.Calendar{ID: "bob@corp.example", Summary: "Bob", Owner: "bob@corp.example", Primary: true, Events: evs,
		Shared: map[string]string{"me@corp.example": googletest.RoleFreeBusyReader}})
	t.Cleanup(api.Close)
	api.Tokens["tok"] = "me@corp.example"
	args := []string{"report", "google:bob@corp.example", "--week", "2026-W12"}
	out, errOut, code := runCLI(t, testEnv{env: googleEnv(api)}, append(args, "-f", "json")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Categories []struct {
			Name, Kind string
			Minutes    float64 `json:"minutes"`
		} `json:"categories"`
		Notes []string `json:"notes"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Categories) != 1 || rep.Categories[0].Name != "Busy (details hidden)" || rep.Categories[0].Kind != "busy" {
		t.Errorf("categories %+v", rep.Categories)
	}
	if !strings.Contains(strings.Join(rep.Notes, "\n"), `2 events (3:00) on google:bob@corp.example came without details`) {
		t.Errorf("notes %q", rep.Notes)
	}
	text, _, _ := runCLI(t, testEnv{env: googleEnv(api)}, args...)
	if !strings.Contains(text, "Busy (details hidden)") || strings.Contains(text, "1-on-1") || strings.Contains(text, "Hiring") {
		t.Errorf("text report:\n%s", text)
	}
}
