package googletest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"google.golang.org/api/calendar/v3"
)

func at(h int) *calendar.EventDateTime {
	return &calendar.EventDateTime{DateTime: time.Date(2026, 3, 16, h, 0, 0, 0, time.UTC).Format(time.RFC3339)}
}

// fixture: alice's calendar, shared with bob as reader and with carol as
// free/busy reader; a private event, a cancelled one, a free one, a
// meeting whose organizer hid the guest list.
func fixture() *API {
	no := false
	a := NewAPI(&Calendar{ID: "alice@corp.example", Summary: "Alice", Owner: "alice@corp.example", Primary: true,
		Shared: map[string]string{"bob@corp.example": RoleReader, "carol@corp.example": RoleFreeBusyReader},
		Events: []*calendar.Event{
			{Id: "a", ICalUID: "a@g", Summary: "Standup", Start: at(9), End: at(10), Status: "confirmed",
				Organizer: &calendar.EventOrganizer{Email: "boss@corp.example"}, GuestsCanSeeOtherGuests: &no,
				Attendees: []*calendar.EventAttendee{{Email: "boss@corp.example", Organizer: true, ResponseStatus: "accepted"},
					{Email: "alice@corp.example", ResponseStatus: "accepted", Self: false}, {Email: "dan@corp.example", ResponseStatus: "accepted", Self: true}}},
			{Id: "p", ICalUID: "p@g", Summary: "Doctor", Description: "private", Visibility: "private", Start: at(11), End: at(12), Status: "confirmed"},
			{Id: "c", Summary: "Called off", Start: at(13), End: at(14), Status: "cancelled"},
			{Id: "f", Summary: "Lunch", Start: at(12), End: at(13), Transparency: "transparent", Status: "confirmed"},
		}})
	a.Tokens = map[string]string{"alice": "alice@corp.example", "bob": "bob@corp.example", "carol": "carol@corp.example", "eve": "eve@corp.example", "narrow": "alice@corp.example"}
	a.Scopes["narrow"] = []string{ScopeEventsReadonly}
	return a
}

func get(t *testing.T, a *API, token, path string, q url.Values) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, a.Endpoint()+path+"?"+q.Encode(), nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("%s: not JSON: %s", path, body)
	}
	return resp.StatusCode, m
}

func reason(m map[string]any) string {
	e, _ := m["error"].(map[string]any)
	errs, _ := e["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	r, _ := errs[0].(map[string]any)["reason"].(string)
	return r
}

const events = "calendars/alice@corp.example/events"

// The fake rejects what Google rejects.
func TestRejects(t *testing.T) {
	ok := url.Values{"singleEvents": {"true"}, "orderBy": {"startTime"}, "maxResults": {"2500"},
		"timeMin": {"2026-03-16T00:00:00Z"}, "timeMax": {"2026-03-17T00:00:00Z"}}
	with := func(k, v string) url.Values {
		q := url.Values{}
		for key, vs := range ok {
			q[key] = vs
		}
		if v == "" {
			q.Del(k)
		} else {
			q.Set(k, v)
		}
		return q
	}
	for _, tc := range []struct {
		name, token, path string
		q                 url.Values
		code              int
		reason            string
	}{
		{"a good request", "alice", events, ok, 200, ""},
		{"orderBy=startTime without singleEvents", "alice", events, with("singleEvents", ""), 400, "badRequest"},
		{"maxResults over 2500", "alice", events, with("maxResults", "2501"), 400, "invalid"},
		{"maxResults of 0", "alice", events, with("maxResults", "0"), 400, "invalid"},
		{"timeMin at timeMax", "alice", events, with("timeMin", "2026-03-17T00:00:00Z"), 400, "timeRangeEmpty"},
		{"timeMin after timeMax", "alice", events, with("timeMin", "2026-03-18T00:00:00Z"), 400, "timeRangeEmpty"},
		{"a time that is not RFC 3339", "alice", events, with("timeMin", "2026-03-16"), 400, "badRequest"},
		{"an unknown field", "alice", events, with("fields", "items(id,colour)"), 400, "invalidParameter"},
		{"an unknown top-level field", "alice", events, with("fields", "nextPageToken,itemz"), 400, "invalidParameter"},
		{"a sub-field of a string", "alice", events, with("fields", "summary(x)"), 400, "invalidParameter"},
		{"a bad page token", "alice", events, with("pageToken", "zz"), 400, "invalid"},
		{"no token", "", events, ok, 401, "authError"},
		{"an unknown token", "forged", events, ok, 401, "authError"},
		{"a calendar not shared: 404, not 403", "eve", events, ok, 404, "notFound"},
		{"no such calendar", "alice", "calendars/nobody@corp.example/events", ok, 404, "notFound"},
		{"events.readonly reads events", "narrow", events, ok, 200, ""},
		{"events.readonly cannot read the calendar list", "narrow", "users/me/calendarList/primary", nil, 403, "insufficientPermissions"},
		{"the calendar list hides unshared calendars", "eve", "users/me/calendarList", nil, 200, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := fixture()
			defer a.Close()
			code, m := get(t, a, tc.token, tc.path, tc.q)
			if code != tc.code || reason(m) != tc.reason {
				t.Errorf("%d %q, want %d %q: %v", code, reason(m), tc.code, tc.reason, m)
			}
			if tc.name == "the calendar list hides unshared calendars" && m["items"] != nil {
				t.Errorf("eve sees %v", m["items"])
			}
		})
	}
}

func list(t *testing.T, a *API, token string, extra url.Values) []map[string]any {
	t.Helper()
	q := url.Values{"singleEvents": {"true"}, "orderBy": {"startTime"}}
	for k, v := range extra {
		q[k] = v
	}
	code, m := get(t, a, token, events, q)
	if code != 200 {
		t.Fatalf("%d: %v", code, m)
	}
	items, _ := m["items"].([]any)
	var out []map[string]any
	for _, it := range items {
		out = append(out, it.(map[string]any))
	}
	return out
}

func byID(items []map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, it := range items {
		out[it["id"].(string)] = it
	}
	return out
}

// The fake hides what Google hides.
func TestHides(t *testing.T) {
	a := fixture()
	defer a.Close()
	t.Run("cancelled only with showDeleted", func(t *testing.T) {
		if _, ok := byID(list(t, a, "alice", nil))["c"]; ok {
			t.Error("a cancelled event without showDeleted")
		}
		if _, ok := byID(list(t, a, "alice", url.Values{"showDeleted": {"true"}}))["c"]; !ok {
			t.Error("no cancelled event with showDeleted")
		}
	})
	t.Run("the owner sees everything; self is the calendar's", func(t *testing.T) {
		evs := byID(list(t, a, "alice", nil))
		if evs["p"]["summary"] != "Doctor" {
			t.Errorf("private event for the owner: %v", evs["p"])
		}
		atts := evs["a"]["attendees"].([]any)
		if len(atts) != 2 {
			t.Fatalf("the guest list the organizer hid, for a guest: %v", atts)
		}
		for _, at := range atts {
			m := at.(map[string]any)
			if self, _ := m["self"].(bool); self != (m["email"] == "alice@corp.example") {
				t.Errorf("self %v for %v: it marks the calendar's own entry, whatever the stored event says", self, m["email"])
			}
		}
	})
	t.Run("a reader sees private events as busy", func(t *testing.T) {
		p := byID(list(t, a, "bob", nil))["p"]
		if p["summary"] != nil || p["description"] != nil || p["visibility"] != "private" || p["start"] == nil {
			t.Errorf("private event for a reader: %v", p)
		}
	})
	t.Run("a free/busy reader sees only busy times", func(t *testing.T) {
		evs := byID(list(t, a, "carol", nil))
		if len(evs) != 2 {
			t.Errorf("%d events, want the two busy ones (not the free lunch): %v", len(evs), evs)
		}
		for id, e := range evs {
			if e["summary"] != nil || e["attendees"] != nil || e["organizer"] != nil || e["start"] == nil {
				t.Errorf("%s for a free/busy reader: %v", id, e)
			}
		}
		_, m := get(t, a, "carol", events, url.Values{"singleEvents": {"true"}})
		if m["accessRole"] != RoleFreeBusyReader {
			t.Errorf("accessRole %v", m["accessRole"])
		}
	})
	t.Run("fields cut the answer", func(t *testing.T) {
		_, m := get(t, a, "alice", events, url.Values{"fields": {"items(id,start/dateTime)"}})
		if m["accessRole"] != nil || m["summary"] != nil || m["nextPageToken"] != nil {
			t.Errorf("fields not asked for came: %v", m)
		}
		for _, it := range m["items"].([]any) {
			e := it.(map[string]any)
			if len(e) != 2 || e["summary"] != nil {
				t.Errorf("item %v", e)
			}
			if s := e["start"].(map[string]any); len(s) != 1 {
				t.Errorf("start %v", s)
			}
		}
	})
}

// The rate limit is a sliding window per user.
func TestRateLimitWindow(t *testing.T) {
	a := fixture()
	defer a.Close()
	a.Limit = RateLimit{Requests: 3, Window: 200 * time.Millisecond}
	q := url.Values{"singleEvents": {"true"}}
	for i := range 3 {
		if code, m := get(t, a, "alice", events, q); code != 200 {
			t.Fatalf("request %d: %d %v", i, code, m)
		}
	}
	if code, m := get(t, a, "alice", events, q); code != 429 || reason(m) != "rateLimitExceeded" {
		t.Errorf("the 4th in the window: %d %v", code, m)
	}
	if code, _ := get(t, a, "bob", events, q); code != 200 {
		t.Errorf("another user's request: %d, want its own window", code)
	}
	time.Sleep(250 * time.Millisecond)
	if code, _ := get(t, a, "alice", events, q); code != 200 {
		t.Errorf("after the window: %d", code)
	}
	if a.Throttled() != 1 || a.MostInWindow() != 3 {
		t.Errorf("throttled %d, most in a window %d", a.Throttled(), a.MostInWindow())
	}
}

// Google answers some sign-in problems on its own page, and never comes back.
func TestOAuthPages(t *testing.T) {
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	auth := func(o *OAuth, client, redirect string) (int, string) {
		q := url.Values{"client_id": {client}, "redirect_uri": {redirect}, "response_type": {"code"}, "state": {"s"},
			"code_challenge": {"c"}, "code_challenge_method": {"S256"}, "scope": {ScopeCalendarReadonly}, "access_type": {"offline"}}
		resp, err := noRedirect.Get(o.AuthURL() + "?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Location") + string(body)
	}
	loopback := "http://127.0.0.1:5000/callback"
	for _, tc := range []struct {
		name     string
		setup    func(*OAuth)
		client   string
		redirect string
		code     int
		want     string
	}{
		{"a desktop client comes back", func(*OAuth) {}, DesktopClientID, loopback, 302, "code="},
		{"cancel comes back with access_denied", func(o *OAuth) { o.Deny = true }, DesktopClientID, loopback, 302, "error=access_denied"},
		{"testing, not a test user", func(o *OAuth) { o.Testing = true }, DesktopClientID, loopback, 403, "Error 403: access_denied"},
		{"testing, a test user", func(o *OAuth) { o.Testing, o.TestUsers = true, []string{"me@corp.example"} }, DesktopClientID, loopback, 302, "code="},
		{"a web client on loopback", func(*OAuth) {}, WebClientID, loopback, 400, "redirect_uri_mismatch"},
		{"an unknown client", func(*OAuth) {}, "nobody.apps.googleusercontent.com", loopback, 401, "invalid_client"},
		{"an admin who has not trusted the app", func(o *OAuth) { o.AdminBlocked = true }, DesktopClientID, loopback, 400, "admin_policy_enforced"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := NewOAuth("me@corp.example")
			defer o.Close()
			tc.setup(o)
			code, got := auth(o, tc.client, tc.redirect)
			if code != tc.code || !strings.Contains(got, tc.want) {
				t.Errorf("%d %q, want %d with %q", code, got, tc.code, tc.want)
			}
		})
	}
}

// A refresh token comes with the first consent, or with prompt=consent; a
// refresh never brings one.
func TestRefreshTokenNotAlways(t *testing.T) {
	o := NewOAuth("me@corp.example")
	defer o.Close()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	signIn := func(prompt string) map[string]any {
		q := url.Values{"client_id": {DesktopClientID}, "redirect_uri": {"http://127.0.0.1:5000/callback"}, "state": {"s"},
			"code_challenge": {"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"}, "code_challenge_method": {"S256"}, "access_type": {"offline"},
			"scope": {ScopeCalendarReadonly}, "prompt": {prompt}}
		resp, err := noRedirect.Get(o.AuthURL() + "?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		loc, _ := url.Parse(resp.Header.Get("Location"))
		tr, err := http.PostForm(o.TokenURL(), url.Values{"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")},
			"code_verifier": {"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"}, "redirect_uri": {"http://127.0.0.1:5000/callback"},
			"client_id": {DesktopClientID}, "client_secret": {clientSecret}})
		if err != nil {
			t.Fatal(err)
		}
		defer tr.Body.Close()
		var m map[string]any
		json.NewDecoder(tr.Body).Decode(&m)
		return m
	}
	if m := signIn(""); m["refresh_token"] == nil {
		t.Errorf("first consent: %v", m)
	}
	if m := signIn(""); m["refresh_token"] != nil || m["access_token"] == nil {
		t.Errorf("second sign-in without prompt=consent: %v", m)
	}
	if m := signIn("consent"); m["refresh_token"] == nil {
		t.Errorf("with prompt=consent: %v", m)
	}
}
