package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/sources/m365/m365test"
)

const m365View = "../../testdata/m365/calendarview.json"

func sampleGraph(t *testing.T) *m365test.Graph {
	t.Helper()
	data, err := os.ReadFile(m365View)
	if err != nil {
		t.Fatal(err)
	}
	var page struct{ Value []m365test.Event }
	if err := json.Unmarshal(data, &page); err != nil {
		t.Fatal(err)
	}
	g := m365test.NewGraph(&m365test.Mailbox{User: "me@corp.example", Events: page.Value})
	g.Tokens["tok"] = m365test.Token{User: "me@corp.example", Scopes: []string{"Calendars.Read", "User.Read"}}
	g.PageSize = 7
	t.Cleanup(g.Close)
	return g
}

func m365Env(g *m365test.Graph) map[string]string {
	return map[string]string{"TIMEAUDIT_M365_ACCESS_TOKEN": "tok", envM365Endpoint: g.Endpoint()}
}

// A calendarView built from the sample calendar by an independent
// expander (testdata/m365/make_events.py, python3-recurring-ical-events)
// gives the report of the ICS file, figure for figure.
func TestM365ParityWithICS(t *testing.T) {
	g := sampleGraph(t)
	for _, rng := range [][]string{{"--week", "2026-W12"}, {"--from", "2026-03-02", "--to", "2026-03-30"}} {
		args := append([]string{"--tz", "Europe/Berlin", "-f", "json"}, rng...)
		m, errOut, code := runCLI(t, testEnv{env: m365Env(g)}, append([]string{"report", "m365:me"}, args...)...)
		if code != 0 {
			t.Fatalf("m365: exit %d: %s", code, errOut)
		}
		i, errOut, code := runCLI(t, testEnv{}, append([]string{"report", sampleICS, "--me", "me@corp.example"}, args...)...)
		if code != 0 {
			t.Fatalf("ics: exit %d: %s", code, errOut)
		}
		if mm, im := comparable(t, m), comparable(t, i); mm != im {
			t.Errorf("%v: the Microsoft 365 report differs from the ICS one:\n--- m365\n%s\n--- ics\n%s", rng, mm, im)
		}
	}
	if len(g.Methods) != 0 {
		t.Errorf("writes: %v", g.Methods)
	}
}

// timeaudit m365 login, end to end against the fake identity platform:
// the code is shown, the polling waits through authorization_pending and
// slow_down, the token is saved 0600 and used (and refreshed) by a report;
// a code not entered in time expires with one line.
func TestM365DeviceLogin(t *testing.T) {
	g := sampleGraph(t)
	id := m365test.NewIdentity(g, "public-id", "me@corp.example")
	defer id.Close()
	id.ApproveAfter = 2
	id.SlowDownOnce = true
	te := testEnv{configDir: t.TempDir(), env: map[string]string{envM365Authority: id.Authority(), envM365Endpoint: g.Endpoint(), envM365ClientID: "public-id"}}
	start := time.Now()
	_, errOut, code := runCLI(t, te, "m365", "login")
	if code != 0 {
		t.Fatalf("login: exit %d: %s", code, errOut)
	}
	if !regexp.MustCompile(`open https://microsoft.com/devicelogin in any browser and enter the code [0-9A-F]{8}`).MatchString(errOut) ||
		!strings.Contains(errOut, "signed in to Microsoft 365 as me@corp.example") {
		t.Errorf("login said: %s", errOut)
	}
	if id.Polls < 3 || id.TooFast > 0 || time.Since(start) < 6*time.Second {
		t.Errorf("%d polls, %d too fast, in %s: slow_down was not honoured", id.Polls, id.TooFast, time.Since(start))
	}
	file := filepath.Join(te.configDir, "timeaudit", "m365-token.json")
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file: %v %v", fi, err)
	}
	saved, _ := os.ReadFile(file)
	// The saved sign-in reads the calendar; an expired access token is
	// refreshed and saved again.
	var s map[string]any
	json.Unmarshal(saved, &s)
	s["token"].(map[string]any)["expiry"] = "2000-01-01T00:00:00Z"
	stale, _ := json.Marshal(s)
	os.WriteFile(file, stale, 0o600)
	te.env = map[string]string{envM365Authority: id.Authority(), envM365Endpoint: g.Endpoint()}
	out, errOut, code := runCLI(t, te, "report", "m365:me", "--week", "2026-W12", "--tz", "Europe/Berlin", "-f", "json")
	if code != 0 || !strings.Contains(out, `"counted_minutes"`) && !strings.Contains(out, `"total"`) {
		t.Fatalf("report with the saved sign-in: exit %d: %s", code, errOut)
	}
	again, _ := os.ReadFile(file)
	if string(again) == string(stale) {
		t.Error("the refreshed token was not saved")
	}
	status, _, code := runCLI(t, te, "m365", "status")
	if code != 0 || !strings.Contains(status, "signed in as: me@corp.example") {
		t.Errorf("status: %s", status)
	}
	// A code nobody enters expires.
	id.ApproveAfter, id.ExpiresIn = 0, 2
	te.env[envM365ClientID] = "public-id"
	_, errOut, code = runCLI(t, te, "m365", "login")
	if code != exitUsage || !strings.Contains(errOut, "the code expired before it was entered") {
		t.Errorf("expiry: exit %d: %s", code, errOut)
	}
	_, errOut, code = runCLI(t, te, "m365", "logout")
	if _, err := os.Stat(file); code != 0 || err == nil {
		t.Errorf("logout: exit %d, %s, file %v", code, errOut, err)
	}
}

// An app-only team audit of three mailboxes, side by side; consent missing
// is one line with the fix.
func TestM365AppOnlyTeam(t *testing.T) {
	data, _ := os.ReadFile(m365View)
	var page struct{ Value []m365test.Event }
	json.Unmarshal(data, &page)
	g := m365test.NewGraph(
		&m365test.Mailbox{User: "ana@corp.example", Events: page.Value},
		&m365test.Mailbox{User: "ben@corp.example", Events: page.Value[:30]},
		&m365test.Mailbox{User: "cam@corp.example", Events: page.Value[30:]},
	)
	defer g.Close()
	id := m365test.NewIdentity(g, "public-id", "")
	defer id.Close()
	id.Apps["app-id"] = "s3cret"
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret")
	os.WriteFile(secret, []byte("s3cret\n"), 0o600)
	te := testEnv{env: map[string]string{envM365Authority: id.Authority(), envM365Endpoint: g.Endpoint()}}
	args := []string{"report", "m365:ana@corp.example", "m365:ben@corp.example", "m365:cam@corp.example", "--per-source", "--week", "2026-W12",
		"--tz", "Europe/Berlin", "--m365-client-id", "app-id", "--m365-tenant", "corp.example", "--m365-client-secret-file", secret, "-f", "csv"}
	out, errOut, code := runCLI(t, te, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 5 || !strings.HasPrefix(lines[2], "m365:ben@corp.example,") || !strings.HasPrefix(lines[4], "average,") { // a header, three mailboxes, the average
		t.Errorf("per source:\n%s", out)
	}
	open := filepath.Join(dir, "open")
	os.WriteFile(open, []byte("s3cret\n"), 0o644)
	withOpen := append(append([]string(nil), args[:len(args)-3]...), open, "-f", "csv")
	_, errOut, code = runCLI(t, te, withOpen...)
	if code != exitUsage || !strings.Contains(errOut, "can be read by others") {
		t.Errorf("a secret others can read: exit %d: %s", code, errOut)
	}
	id.Error = "consent"
	_, errOut, code = runCLI(t, te, args...)
	if code != exitUsage || !strings.Contains(errOut, "consent is missing (AADSTS65001)") || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
		t.Errorf("consent: exit %d: %q", code, errOut)
	}
}

// With a browser here, login opens Microsoft's page and takes the answer
// on 127.0.0.1: authorization code with PKCE, the state checked.
func TestM365BrowserLogin(t *testing.T) {
	g := sampleGraph(t)
	id := m365test.NewIdentity(g, "public-id", "me@corp.example")
	defer id.Close()
	opened := ""
	te := testEnv{configDir: t.TempDir(), env: map[string]string{envM365Authority: id.Authority(), envM365Endpoint: g.Endpoint(), envM365ClientID: "public-id", "TIMEAUDIT_TEST_BROWSER": "1"},
		browser: func(u string) error {
			opened = u
			go func() {
				if resp, err := http.Get(u); err == nil { // the fake signs in and redirects to the loopback
					resp.Body.Close()
				}
			}()
			return nil
		}}
	_, errOut, code := runCLI(t, te, "m365", "login")
	if code != 0 || !strings.Contains(errOut, "signed in to Microsoft 365 as me@corp.example") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(opened, "code_challenge_method=S256") || !strings.Contains(opened, "redirect_uri=http%3A%2F%2Flocalhost%3A") || id.Polls != 0 {
		t.Errorf("opened %s (%d device polls)", opened, id.Polls)
	}
	// Over ssh, the device code is used instead.
	te.env["SSH_CONNECTION"] = "10.0.0.1 22 10.0.0.2 22"
	id.ApproveAfter = 1
	opened = ""
	_, errOut, code = runCLI(t, te, "m365", "login")
	if code != 0 || opened != "" || !strings.Contains(errOut, "enter the code") {
		t.Errorf("over ssh: exit %d, opened %q: %s", code, opened, errOut)
	}
}
