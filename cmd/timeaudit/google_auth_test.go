package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/sources/google/googletest"
	"google.golang.org/api/calendar/v3"
)

// A director's team audit: a service account reads each person's calendar
// as that person, and the report sets them side by side.
func TestGoogleTeamServiceAccount(t *testing.T) {
	oa := googletest.NewOAuth("")
	defer oa.Close()
	_, sample, err := googletest.LoadEvents(googleEvents)
	if err != nil {
		t.Fatal(err)
	}
	team := []string{"alice@corp.example", "bob@corp.example", "carol@corp.example"}
	var cals []*googletest.Calendar
	for i, who := range team {
		// Everyone has the sample week; bob skips the standups, carol the 1:1s.
		var evs []*calendar.Event
		for _, e := range sample {
			if (i == 1 && e.Summary == "Team standup") || (i == 2 && strings.HasPrefix(e.Summary, "1:1")) {
				continue
			}
			c := *e
			var atts []*calendar.EventAttendee
			for _, a := range e.Attendees {
				a2 := *a
				if a2.Email == "me@corp.example" {
					a2.Email = who
				}
				atts = append(atts, &a2)
			}
			c.Attendees = atts
			if e.Organizer != nil && e.Organizer.Email == "me@corp.example" {
				c.Organizer = &calendar.EventOrganizer{Email: who, Self: true}
			}
			evs = append(evs, &c)
		}
		cals = append(cals, &googletest.Calendar{ID: who, Summary: who, Owner: who, Primary: true, Events: evs})
	}
	api := googletest.NewAPI(cals...)
	defer api.Close()
	api.Authorize = oa.UserOf
	key := filepath.Join(t.TempDir(), "key.json")
	if err := os.WriteFile(key, oa.ServiceAccountKey("audit@proj.iam.gserviceaccount.com"), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"report", "--per-source", "--service-account", key, "--google-endpoint", api.Endpoint(),
		"--week", "2026-W12", "--tz", "Europe/Berlin", "-f", "tsv"}
	for _, who := range team {
		args = append(args, "google:"+who)
	}
	out, errOut, code := runCLI(t, testEnv{}, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "google-team.tsv", out)
	for _, who := range team {
		if api.Count(who) == 0 {
			t.Errorf("%s was not read", who)
		}
	}
	oa.Unauthorized = map[string]bool{"bob@corp.example": true}
	_, errOut, code = runCLI(t, testEnv{}, append(args, "--no-cache")...)
	if code != 1 || !strings.Contains(errOut, "google:bob@corp.example: the service account may not act as bob@corp.example (unauthorized_client") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// login, status, calendars, report and logout, against fake OAuth and
// API servers, with a fake browser that consents.
func TestGoogleLoginFlow(t *testing.T) {
	api := sampleAPI(t)
	oa := googletest.NewOAuth("me@corp.example")
	defer oa.Close()
	api.Authorize = oa.UserOf
	dir := t.TempDir()
	creds := filepath.Join(dir, "client.json")
	os.WriteFile(creds, oa.Credentials(), 0o644)
	te := testEnv{inTTY: true, configDir: filepath.Join(dir, "config"), cacheDir: filepath.Join(dir, "cache"),
		env: map[string]string{"TIMEAUDIT_GOOGLE_ENDPOINT": api.Endpoint()},
		browser: func(u string) error {
			resp, err := http.Get(u)
			if err == nil {
				resp.Body.Close()
			}
			return err
		}}

	out, errOut, code := runCLI(t, te, "google", "login", "--credentials", creds)
	if code != 0 || out != "" {
		t.Fatalf("login: exit %d\n%s", code, errOut)
	}
	token := filepath.Join(te.configDir, "timeaudit", "google-token.json")
	if !strings.Contains(errOut, "Signed in as me@corp.example. The sign-in is saved in "+token) {
		t.Errorf("login said:\n%s", errOut)
	}
	fi, err := os.Stat(token)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file: %v %v", fi.Mode(), err)
	}
	data, _ := os.ReadFile(token)
	if !strings.Contains(string(data), "refresh-me@corp.example") {
		t.Errorf("no refresh token saved")
	}
	if strings.Contains(errOut, "refresh-me") || strings.Contains(errOut, "access-") {
		t.Errorf("login printed a token:\n%s", errOut)
	}

	out, _, code = runCLI(t, te, "google", "status")
	if code != 0 || !strings.HasPrefix(out, "Signed in as me@corp.example (saved ") {
		t.Errorf("status: exit %d\n%s", code, out)
	}
	out, errOut, code = runCLI(t, te, "google", "calendars", "-f", "tsv")
	if code != 0 || out != "source\tname\taccess\ttime_zone\ngoogle:me@corp.example\tme@corp.example (primary)\towner\tUTC\n" {
		t.Errorf("calendars: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = runCLI(t, te, "report", "google:primary", "--week", "2026-W12", "--tz", "Europe/Berlin", "-f", "tsv")
	if code != 0 || !strings.HasPrefix(out, "category\t") {
		t.Errorf("report: exit %d\n%s%s", code, out, errOut)
	}
	// A second login needs no --credentials: the saved sign-in has the client.
	if _, errOut, code := runCLI(t, te, "google", "login"); code != 0 {
		t.Errorf("second login: exit %d\n%s", code, errOut)
	}

	_, errOut, code = runCLI(t, te, "google", "logout")
	if code != 0 || !strings.Contains(errOut, "Signed out: removed "+token) {
		t.Errorf("logout: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(token); !os.IsNotExist(err) {
		t.Errorf("token file still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(te.cacheDir, "timeaudit", "google")); !os.IsNotExist(err) {
		t.Errorf("cache still there: %v", err)
	}
	_, errOut, code = runCLI(t, te, "google", "logout")
	if code != 0 || !strings.Contains(errOut, "Not signed in") {
		t.Errorf("second logout: exit %d\n%s", code, errOut)
	}
}

func TestGoogleProgress(t *testing.T) {
	api := sampleAPI(t)
	api.Add(&googletest.Calendar{ID: "team@group.calendar.google.com", Summary: "Team"})
	args := []string{"report", "google:primary", "google:team@group.calendar.google.com", "--week", "2026-W12", "-f", "tsv"}
	_, errOut, code := runCLI(t, testEnv{env: googleEnv(api), errTTY: true}, args...)
	if code != 0 || !strings.Contains(errOut, "Reading calendars: ") || !strings.Contains(errOut, "\r\033[Ktimeaudit: note: ") {
		t.Errorf("exit %d, stderr %q: the progress line is cleared before the notes", code, errOut)
	}
	_, errOut, _ = runCLI(t, testEnv{env: googleEnv(api)}, args...)
	if strings.Contains(errOut, "Reading") || strings.Contains(errOut, "\r") {
		t.Errorf("progress when stderr is not a terminal: %q", errOut)
	}
}

// A team audit reads calendars in parallel, never more at once than
// --concurrency: many calendars do not become a storm of requests.
func TestGoogleConcurrencyBound(t *testing.T) {
	api := sampleAPI(t)
	api.Latency = 20 * time.Millisecond
	args := []string{"report", "--week", "2026-W12", "--per-source", "-f", "tsv", "--no-cache", "--concurrency", "3"}
	for i := 0; i < 24; i++ {
		id := fmt.Sprintf("room%02d@group.calendar.google.com", i)
		api.Add(&googletest.Calendar{ID: id, Summary: id})
		args = append(args, "google:"+id)
	}
	_, errOut, code := runCLI(t, testEnv{env: googleEnv(api)}, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if got := api.Total(); got != 24 {
		t.Errorf("%d requests, want one per calendar (24)", got)
	}
	if got := api.Peak(); got > 3 || got < 2 {
		t.Errorf("at most %d requests at once, want 2-3 (--concurrency 3, in parallel)", got)
	}
}
