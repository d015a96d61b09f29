package google

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
	"github.com/timeaudit/timeaudit/sources/google/googletest"
	"golang.org/x/oauth2"
	"google.golang.org/api/calendar/v3"
)

// browser plays the user's browser: it follows the consent page's
// redirect back to timeaudit's loopback listener.
func browser(t *testing.T) func(string) error {
	return func(u string) error {
		resp, err := http.Get(u)
		if err != nil {
			t.Errorf("browser: %v", err)
			return err
		}
		resp.Body.Close()
		return nil
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a poller.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func fakes(t *testing.T, user string) (*googletest.OAuth, *googletest.API) {
	t.Helper()
	oa := googletest.NewOAuth(user)
	t.Cleanup(oa.Close)
	api := googletest.NewAPI(&googletest.Calendar{ID: user, Summary: user, Owner: user, Primary: true, Events: mixed()})
	t.Cleanup(api.Close)
	api.Authorize = oa.UserOf
	return oa, api
}

func TestLogin(t *testing.T) {
	oa, api := fakes(t, "me@corp.example")
	var out syncBuffer
	s, err := Login(context.Background(), LoginOptions{
		Credentials: oa.Credentials(), CredentialsFile: "client.json",
		Browser: browser(t), Out: &out, Endpoint: api.Endpoint(), Timeout: 10 * time.Second,
	})
	if err != nil {
		t.Fatalf("Login: %v\n%s", err, out.String())
	}
	if s.Account != "me@corp.example" || s.Token.RefreshToken == "" || s.Token.AccessToken == "" {
		t.Errorf("saved %+v", s)
	}
	if v := oa.Exchanges(); len(v) != 1 || len(v[0]) < 43 {
		t.Errorf("code verifiers sent: %q (PKCE needs one of 43+ characters)", v)
	}
	for _, want := range []string{"code_challenge_method=S256", "access_type=offline", "redirect_uri=http%3A%2F%2F127.0.0.1%3A", "scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fcalendar.readonly", "state="} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the sign-in address lacks %s:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), s.Token.AccessToken) {
		t.Error("the token was printed")
	}

	// The saved file is private, and the next run reads with it.
	file := filepath.Join(t.TempDir(), "timeaudit", "google-token.json")
	if err := WriteSaved(file, s); err != nil {
		t.Fatal(err)
	}
	assertPrivate(t, file)
	src := mustOpen(t, "google:primary", Options{Endpoint: api.Endpoint(), Auth: &Auth{TokenFile: file}})
	res, err := src.Fetch(context.Background(), sources.Request{Range: week, Location: berlin})
	if err != nil || len(res.Events) != 11 {
		t.Fatalf("fetch with the saved sign-in: %v", err)
	}
}

func assertPrivate(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %04o, want 0600", path, fi.Mode().Perm())
	}
	di, _ := os.Stat(filepath.Dir(path))
	if di.Mode().Perm()&0o077 != 0 {
		t.Errorf("%s has mode %04o, want none for others", filepath.Dir(path), di.Mode().Perm())
	}
}

func TestLoginRejects(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(*googletest.OAuth)
		want  string
	}{
		{"state mismatch", func(o *googletest.OAuth) { o.WrongState = true }, "wrong state"},
		{"consent denied", func(o *googletest.OAuth) { o.Deny = true }, "Google did not grant access (access_denied)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			oa, api := fakes(t, "me@corp.example")
			tc.setup(oa)
			_, err := Login(context.Background(), LoginOptions{Credentials: oa.Credentials(), Browser: browser(t), Endpoint: api.Endpoint(), Timeout: 10 * time.Second})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if n := len(oa.Exchanges()); n != 0 {
				t.Errorf("%d code exchanges after a rejected answer", n)
			}
		})
	}
	t.Run("no answer", func(t *testing.T) {
		oa, _ := fakes(t, "me@corp.example")
		_, err := Login(context.Background(), LoginOptions{Credentials: oa.Credentials(), Timeout: 50 * time.Millisecond})
		if err == nil || !strings.Contains(err.Error(), "no answer from the browser within 50ms") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("interrupted", func(t *testing.T) {
		oa, _ := fakes(t, "me@corp.example")
		ctx, cancel := context.WithCancel(context.Background())
		go func() { time.Sleep(20 * time.Millisecond); cancel() }()
		_, err := Login(ctx, LoginOptions{Credentials: oa.Credentials(), Timeout: time.Minute})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("service-account key", func(t *testing.T) {
		oa, _ := fakes(t, "me@corp.example")
		_, err := Login(context.Background(), LoginOptions{Credentials: oa.ServiceAccountKey("sa@p.iam.gserviceaccount.com"), CredentialsFile: "key.json"})
		if audit.KindOf(err) != audit.KindUsage || !strings.Contains(err.Error(), "--service-account key.json") {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestLoginPaste is a browser on another machine: the user pastes the
// address it ended at.
func TestLoginPaste(t *testing.T) {
	oa, api := fakes(t, "me@corp.example")
	pr, pw := io.Pipe()
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		_, err := Login(context.Background(), LoginOptions{Credentials: oa.Credentials(), Paste: pr, Out: &out, Endpoint: api.Endpoint(), Timeout: 10 * time.Second})
		done <- err
	}()
	re := regexp.MustCompile(`http://127\.0\.0\.1:\d+/auth\?\S+`)
	var authURL string
	for i := 0; i < 500 && authURL == ""; i++ {
		authURL = re.FindString(out.String())
		time.Sleep(5 * time.Millisecond)
	}
	if authURL == "" {
		t.Fatalf("no sign-in address printed:\n%s", out.String())
	}
	// The remote browser follows the consent page to a 127.0.0.1 address
	// that does not reach us; the user copies it.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	io.WriteString(pw, "not an address\n")
	io.WriteString(pw, resp.Header.Get("Location")+"\n")
	if err := <-done; err != nil {
		t.Fatalf("Login: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "That is not the address") {
		t.Errorf("no hint after a bad paste:\n%s", out.String())
	}
}

func savedSignIn(t *testing.T, oa *googletest.OAuth, user string, expired bool) string {
	t.Helper()
	exp := time.Now().Add(time.Hour)
	if expired {
		exp = time.Now().Add(-time.Minute)
	}
	file := filepath.Join(t.TempDir(), "timeaudit", "google-token.json")
	err := WriteSaved(file, &Saved{Account: user, Client: Client{ID: googletest.DesktopClientID, Secret: "test-secret", AuthURL: oa.AuthURL(), TokenURL: oa.TokenURL()},
		Token: &oauth2.Token{AccessToken: "stale", RefreshToken: "refresh-" + user, Expiry: exp, TokenType: "Bearer"}})
	if err != nil {
		t.Fatal(err)
	}
	return file
}

func TestSavedSignInRefreshes(t *testing.T) {
	oa, api := fakes(t, "me@corp.example")
	file := savedSignIn(t, oa, "me@corp.example", true)
	auth := &Auth{TokenFile: file}
	// Two calendars at once share one refresh.
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := mustOpen(t, "google:primary", Options{Endpoint: api.Endpoint(), Auth: auth})
			if _, err := src.Fetch(context.Background(), sources.Request{Range: week, Location: berlin}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	s, err := ReadSaved(file)
	if err != nil {
		t.Fatal(err)
	}
	if s.Token.AccessToken == "stale" || s.Token.RefreshToken != "refresh-me@corp.example" || !s.Token.Expiry.After(time.Now()) {
		t.Errorf("the refreshed token was not saved: %+v", s.Token)
	}
	if n := len(oa.Issued); n != 1 {
		t.Errorf("%d tokens issued, want one refresh", n)
	}
	assertPrivate(t, file)
}

func TestSavedSignInExpired(t *testing.T) {
	oa, api := fakes(t, "me@corp.example")
	oa.RefreshFails = true
	file := savedSignIn(t, oa, "me@corp.example", true)
	src := mustOpen(t, "google:primary", Options{Endpoint: api.Endpoint(), Auth: &Auth{TokenFile: file}})
	_, err := src.Fetch(context.Background(), sources.Request{Range: week, Location: berlin})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"google:primary: the saved Google sign-in has expired or was revoked (invalid_grant", `run "timeaudit google login" again`, "every 7 days", `"Testing"`, "service account"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "refresh-me") {
		t.Error("the error prints the refresh token")
	}
}

func TestServiceAccountTeam(t *testing.T) {
	oa := googletest.NewOAuth("")
	defer oa.Close()
	team := []string{"alice@corp.example", "bob@corp.example", "carol@corp.example"}
	var cals []*googletest.Calendar
	for i, who := range team {
		var evs []*calendar.Event
		for j := 0; j <= i; j++ {
			evs = append(evs, &calendar.Event{Id: who + string(rune('0'+j)), Summary: "Meeting of " + who, Start: at(16+j, 10, 0), End: at(16+j, 11, 0),
				Attendees: []*calendar.EventAttendee{{Email: who, Self: true, ResponseStatus: "accepted"}}})
		}
		cals = append(cals, &googletest.Calendar{ID: who, Summary: who, Owner: who, Primary: true, Events: evs})
	}
	cals = append(cals, &googletest.Calendar{ID: "team@group.calendar.google.com", Summary: "Team", Owner: "alice@corp.example",
		Events: []*calendar.Event{{Id: "t", Summary: "Offsite", Start: at(19, 9, 0), End: at(19, 17, 0)}}})
	api := googletest.NewAPI(cals...)
	defer api.Close()
	api.Authorize = oa.UserOf
	oa.Unauthorized = map[string]bool{"dave@corp.example": true}
	key := oa.ServiceAccountKey("audit@proj.iam.gserviceaccount.com")
	auth := &Auth{ServiceAccountKey: key, ServiceAccountFile: "key.json"}

	var mu sync.Mutex
	got := map[string]int{}
	var wg sync.WaitGroup
	for _, who := range team {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := mustOpen(t, "google:"+who, Options{Endpoint: api.Endpoint(), Auth: auth})
			res, err := src.Fetch(context.Background(), sources.Request{Range: week, Location: berlin})
			if err != nil {
				t.Error(err)
				return
			}
			for _, e := range res.Events {
				if e.Title != "Meeting of "+who || e.MyResponse != audit.ResponseAccepted {
					t.Errorf("%s got %q (%s)", who, e.Title, e.MyResponse)
				}
			}
			mu.Lock()
			got[who] = len(res.Events)
			mu.Unlock()
		}()
	}
	wg.Wait()
	for i, who := range team {
		if got[who] != i+1 {
			t.Errorf("%s: %d events, want %d", who, got[who], i+1)
		}
	}

	fetch := func(arg string, a *Auth) error {
		src := mustOpen(t, arg, Options{Endpoint: api.Endpoint(), Auth: a})
		_, err := src.Fetch(context.Background(), sources.Request{Range: week, Location: berlin})
		return err
	}
	// A shared calendar needs a user to act as.
	err := fetch("google:team@group.calendar.google.com", auth)
	if audit.KindOf(err) != audit.KindUsage || !strings.Contains(err.Error(), "--as alice@corp.example") {
		t.Errorf("shared calendar without --as: %v", err)
	}
	if err := fetch("google:team@group.calendar.google.com", &Auth{ServiceAccountKey: key, ServiceAccountFile: "key.json", As: "alice@corp.example"}); err != nil {
		t.Errorf("shared calendar as alice: %v", err)
	}
	err = fetch("google:dave@corp.example", auth)
	if err == nil || !strings.Contains(err.Error(), "may not act as dave@corp.example") || !strings.Contains(err.Error(), "Domain-wide delegation") {
		t.Errorf("undelegated user: %v", err)
	}
}

func TestServiceAccountKeyChecks(t *testing.T) {
	oa := googletest.NewOAuth("")
	defer oa.Close()
	for _, tc := range []struct {
		name string
		key  []byte
		want string
	}{
		{"client file", oa.Credentials(), "is an OAuth client file, not a service-account key"},
		{"not json", []byte("hello"), "not a service-account key (JSON)"},
		{"other type", []byte(`{"type":"authorized_user"}`), `type "authorized_user"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseServiceAccount(tc.key, "key.json")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestCache(t *testing.T) {
	// Four weeks, 2026-W09..W12, with an event across the W10/W11 boundary.
	from := time.Date(2026, 2, 23, 0, 0, 0, 0, berlin)
	var evs []*calendar.Event
	for d := 0; d < 28; d++ {
		day := from.AddDate(0, 0, d)
		if day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
			continue
		}
		evs = append(evs, &calendar.Event{Id: day.Format("0102"), Summary: "Standup",
			Start: &calendar.EventDateTime{DateTime: day.Add(9 * time.Hour).Format(time.RFC3339)},
			End:   &calendar.EventDateTime{DateTime: day.Add(9*time.Hour + 15*time.Minute).Format(time.RFC3339)}})
	}
	evs = append(evs, &calendar.Event{Id: "late", Summary: "Release night",
		Start: &calendar.EventDateTime{DateTime: time.Date(2026, 3, 8, 22, 0, 0, 0, berlin).Format(time.RFC3339)},
		End:   &calendar.EventDateTime{DateTime: time.Date(2026, 3, 9, 2, 0, 0, 0, berlin).Format(time.RFC3339)}})
	api := googletest.NewAPI(&googletest.Calendar{ID: "me@corp.example", Summary: "me@corp.example", Events: evs})
	defer api.Close()
	dir := filepath.Join(t.TempDir(), "cache")
	now := time.Date(2026, 3, 18, 12, 0, 0, 0, berlin) // Wednesday of W12
	rng := audit.Range{From: from, To: from.AddDate(0, 0, 28)}
	run := func(refresh bool) *sources.Result {
		t.Helper()
		src := mustOpen(t, "google:me@corp.example", Options{Endpoint: api.Endpoint(), Auth: &Auth{AccessToken: "t"},
			Cache: &Cache{Dir: dir, Refresh: refresh}, Now: func() time.Time { return now }})
		res, err := src.Fetch(context.Background(), sources.Request{Range: rng, Location: berlin})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	first := run(false)
	if n := api.Count("me@corp.example"); n != 1 {
		t.Errorf("first run: %d requests, want 1", n)
	}
	if len(first.Events) != 21 || len(first.Notes) != 0 {
		t.Errorf("first run: %d events, notes %q", len(first.Events), first.Notes)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	if len(files) != 3 {
		t.Fatalf("cached %d weeks, want the 3 past ones: %v", len(files), files)
	}
	for _, f := range files {
		assertPrivate(t, f)
	}

	second := run(false)
	if n := api.Count("me@corp.example"); n != 2 {
		t.Errorf("second run: %d requests in all, want 2 (the current week only)", n)
	}
	lo, _ := time.Parse(time.RFC3339, api.Params[1].Get("timeMin"))
	if lo.Before(time.Date(2026, 3, 16, 0, 0, 0, 0, berlin).Add(-slack)) {
		t.Errorf("second run asked from %v, not from the current week", lo)
	}
	if len(second.Notes) != 1 || !strings.Contains(second.Notes[0], "3 of 4 weeks came from the local cache") {
		t.Errorf("notes %q", second.Notes)
	}
	if a, b := summary(first.Events), summary(second.Events); a != b {
		t.Errorf("cached run differs:\n%s\nvs\n%s", a, b)
	}

	run(true)
	if n := api.Count("me@corp.example"); n != 3 {
		t.Errorf("--no-cache run: %d requests in all, want 3", n)
	}
}

func summary(evs []audit.Event) string {
	var b strings.Builder
	for _, e := range evs {
		b.WriteString(e.Title + " " + e.Start.Format(time.RFC3339) + " " + e.End.Format(time.RFC3339) + "\n")
	}
	return b.String()
}

func TestSavedFileIsPrivateJSON(t *testing.T) {
	file := filepath.Join(t.TempDir(), "d", "t.json")
	s := &Saved{Account: "a@b.example", Client: Client{ID: "i", TokenURL: "https://x"}, Token: &oauth2.Token{AccessToken: "x"}}
	if err := WriteSaved(file, s); err != nil {
		t.Fatal(err)
	}
	assertPrivate(t, file)
	data, _ := os.ReadFile(file)
	var back Saved
	if err := json.Unmarshal(data, &back); err != nil || back.Account != "a@b.example" {
		t.Errorf("%s: %v", data, err)
	}
	os.Chmod(file, 0o640)
	if _, err := ReadSaved(file); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a readable token file: %v", err)
	}
}
