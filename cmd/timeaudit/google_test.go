package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/timeaudit/timeaudit/sources/google/googletest"
)

const googleEvents = "../../testdata/google/events.json"

// sampleAPI serves the sample calendar, as Google's API would, to
// me@corp.example holding the token "tok".
func sampleAPI(t *testing.T) *googletest.API {
	t.Helper()
	summary, evs, err := googletest.LoadEvents(googleEvents)
	if err != nil {
		t.Fatal(err)
	}
	api := googletest.NewAPI(&googletest.Calendar{ID: "me@corp.example", Summary: summary, Owner: "me@corp.example", Primary: true, Events: evs, PageSize: 10})
	api.Tokens["tok"] = "me@corp.example"
	t.Cleanup(api.Close)
	return api
}

func googleEnv(api *googletest.API) map[string]string {
	return map[string]string{"GOOGLE_OAUTH_ACCESS_TOKEN": "tok", "TIMEAUDIT_GOOGLE_ENDPOINT": api.Endpoint()}
}

// The Google source and an ICS export of the same calendar give the same
// audit: every figure of the JSON report but the names of the sources.
func TestGoogleParityWithICS(t *testing.T) {
	api := sampleAPI(t)
	for _, rng := range [][]string{{"--week", "2026-W12"}, {"--from", "2026-03-02", "--to", "2026-03-30"}} {
		args := append([]string{"--tz", "Europe/Berlin", "-f", "json"}, rng...)
		g, errOut, code := runCLI(t, testEnv{env: googleEnv(api)}, append([]string{"report", "google:primary"}, args...)...)
		if code != 0 {
			t.Fatalf("google: exit %d: %s", code, errOut)
		}
		i, errOut, code := runCLI(t, testEnv{}, append([]string{"report", sampleICS, "--me", "me@corp.example"}, args...)...)
		if code != 0 {
			t.Fatalf("ics: exit %d: %s", code, errOut)
		}
		gm, im := comparable(t, g), comparable(t, i)
		if gm != im {
			t.Errorf("%v: the Google report differs from the ICS one:\n--- google\n%s\n--- ics\n%s", rng, gm, im)
		}
	}
}

// comparable drops what differs by nature between the two sources: their
// names, how the user is known (Google marks the user's entry; the ICS file
// needs --me), and the one cancelled occurrence, which the ICS file carries
// as an event and Google's API (like Google's own export) leaves out.
func comparable(t *testing.T, out string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	delete(m, "sources")
	if ex, ok := m["excluded"].(map[string]any); ok {
		delete(ex, "cancelled")
	}
	if p, ok := m["policy"].(map[string]any); ok {
		delete(p, "me")
		delete(p, "responses")
	}
	b, _ := json.MarshalIndent(m, "", " ")
	return string(b)
}

func TestGoogleGolden(t *testing.T) {
	api := sampleAPI(t)
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"google-report.table", []string{"report", "google:primary", "--week", "2026-W12", "--tz", "Europe/Berlin", "-f", "table"}},
		{"google-events.csv", []string{"events", "google:primary", "--week", "2026-W12", "--tz", "Europe/Berlin"}},
		{"google-calendars.table", []string{"google", "calendars", "-f", "table"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, testEnv{env: googleEnv(api)}, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, tt.name, out)
		})
	}
}

func TestGoogleErrors(t *testing.T) {
	api := sampleAPI(t)
	dir := t.TempDir()
	loose := filepath.Join(dir, "loose.json")
	os.WriteFile(loose, []byte(`{"type":"service_account"}`), 0o644)
	for _, tt := range []struct {
		name string
		te   testEnv
		args []string
		code int
		want string
	}{
		{"not signed in", testEnv{env: map[string]string{"TIMEAUDIT_GOOGLE_ENDPOINT": api.Endpoint()}}, []string{"report", "google:primary", "--week", "2026-W12"}, 1,
			`timeaudit: google:primary: not signed in to Google: run "timeaudit google login" once in a browser; for cron, set GOOGLE_OAUTH_ACCESS_TOKEN or use --service-account KEY.json` + "\n"},
		{"no such calendar", testEnv{env: googleEnv(api)}, []string{"report", "google:nobody@corp.example", "--week", "2026-W12"}, 2,
			"timeaudit: google:nobody@corp.example: no such calendar, or it is not shared with this account (404 notFound); timeaudit google calendars lists the ones it can read\n"},
		{"refused token", testEnv{env: map[string]string{"GOOGLE_OAUTH_ACCESS_TOKEN": "old", "TIMEAUDIT_GOOGLE_ENDPOINT": api.Endpoint()}}, []string{"report", "google:primary", "--week", "2026-W12"}, 1,
			"timeaudit: google:primary: Google refused the credentials (401 authError): GOOGLE_OAUTH_ACCESS_TOKEN is refused or expired (access tokens last an hour); set a fresh one\n"},
		{"empty calendar name", testEnv{env: googleEnv(api)}, []string{"report", "google:", "--week", "last"}, 2,
			"timeaudit: google:: name a calendar: google:primary or google:<calendar id or e-mail> (timeaudit google calendars lists them)\n"},
		// A report with no range is of the last week; a listing needs one.
		{"no range", testEnv{env: googleEnv(api)}, []string{"events", "google:primary"}, 2,
			"timeaudit: google:primary: say which time to read: --week last, --week this, --week 2026-W12 or --from/--to\n"},
		{"--as alone", testEnv{env: googleEnv(api)}, []string{"report", "google:primary", "--as", "a@corp.example", "--week", "last"}, 2,
			"timeaudit: --as needs --service-account: only a service account can act as another user\n"},
		{"key readable by others", testEnv{env: googleEnv(api)}, []string{"report", "google:primary", "--service-account", loose, "--week", "last"}, 2,
			"timeaudit: " + loose + " holds credentials but others can read it (mode 0644): run chmod 600 " + loose + "\n"},
		{"plain http elsewhere", testEnv{}, []string{"report", "google:primary", "--google-endpoint", "http://proxy.corp.example/calendar/v3/", "--week", "last"}, 2,
			"timeaudit: Google endpoint http://proxy.corp.example/calendar/v3/: refusing to send Google credentials over plain http to proxy.corp.example; use https\n"},
		{"login from cron", testEnv{}, []string{"google", "login", "--credentials", "x.json"}, 2,
			"timeaudit: google login needs you at a browser, and standard input is not a terminal; for cron and scripts set GOOGLE_OAUTH_ACCESS_TOKEN or use --service-account KEY.json (see the README)\n"},
		{"login without a client", testEnv{inTTY: true}, []string{"google", "login"}, 2,
			"timeaudit: google login needs an OAuth client: in Google Cloud Console enable the Google Calendar API, create an OAuth client ID of type Desktop app, download its JSON and pass it with --credentials FILE (or set TIMEAUDIT_GOOGLE_CREDENTIALS)\n"},
		{"status without credentials", testEnv{}, []string{"google", "status"}, 1,
			`timeaudit: not signed in to Google: run "timeaudit google login" once in a browser; for cron, set GOOGLE_OAUTH_ACCESS_TOKEN or use --service-account KEY.json` + "\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, tt.te, tt.args...)
			if code != tt.code || errOut != tt.want || out != "" {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d, stderr:\n%s\nstdout: %q", code, errOut, tt.code, tt.want, out)
			}
		})
	}
}

// A format that cannot show a list fails before any request.
func TestGoogleCalendarsFormat(t *testing.T) {
	api := sampleAPI(t)
	_, errOut, code := runCLI(t, testEnv{env: googleEnv(api)}, "google", "calendars", "-f", "html")
	if code != 2 || errOut != "timeaudit: --format: format html cannot show a list: valid formats are table, tsv, csv, json, markdown\n" {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if n := api.Total(); n != 0 {
		t.Errorf("%d requests before the format was checked", n)
	}
	out, errOut, code := runCLI(t, testEnv{env: googleEnv(api)}, "google", "calendars", "-f", "md")
	if code != 0 || !strings.HasPrefix(out, "| Source ") || !strings.Contains(out, "google:me@corp.example") {
		t.Errorf("exit %d, %q, %q", code, out, errOut)
	}
}
