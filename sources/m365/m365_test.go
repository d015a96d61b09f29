package m365

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
	"github.com/timeaudit/timeaudit/sources/m365/m365test"
	"github.com/timeaudit/timeaudit/sources/sourcetest"
)

// graphEvents writes events as calendarView items.
func graphEvents(events []audit.Event) []m365test.Event {
	at := func(t time.Time, allDay bool) map[string]any {
		if allDay {
			y, m, d := t.Date()
			t = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		}
		return map[string]any{"dateTime": t.UTC().Format("2006-01-02T15:04:05.0000000"), "timeZone": "UTC"}
	}
	resp := map[audit.Response]string{audit.ResponseAccepted: "accepted", audit.ResponseDeclined: "declined", audit.ResponseTentative: "tentativelyAccepted", audit.ResponseNeedsAction: "notResponded"}
	var out []m365test.Event
	for i, e := range events {
		ge := m365test.Event{"id": fmt.Sprintf("AAMk%d", i), "iCalUId": fmt.Sprintf("uid-%d", i), "subject": e.Title, "start": at(e.Start, e.AllDay), "end": at(e.End, e.AllDay),
			"isAllDay": e.AllDay, "isCancelled": e.Status == audit.StatusCancelled, "showAs": "busy", "type": "singleInstance", "sensitivity": "normal"}
		if e.Status == audit.StatusTentative {
			ge["showAs"] = "tentative"
		}
		if e.SeriesID != "" {
			ge["type"], ge["seriesMasterId"] = "occurrence", e.SeriesID
		}
		if e.Organizer.Email != "" {
			ge["organizer"] = map[string]any{"emailAddress": map[string]any{"address": e.Organizer.Email}}
		}
		var atts []any
		for _, a := range e.Attendees {
			atts = append(atts, map[string]any{"type": "required", "status": map[string]any{"response": resp[a.Response]}, "emailAddress": map[string]any{"address": a.Email}})
		}
		ge["attendees"] = atts
		out = append(out, ge)
	}
	return out
}

// ranged reads a source over 2026 when asked for no range: calendarView
// always needs one.
type ranged struct{ sources.Source }

func (r ranged) Fetch(ctx context.Context, req sources.Request) (*sources.Result, error) {
	if req.Range.IsZero() {
		req.Range = audit.Range{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
	}
	return r.Source.Fetch(ctx, req)
}

func TestContract(t *testing.T) {
	sourcetest.Run(t, sourcetest.Harness{
		Caps: sourcetest.Caps{Attendees: true, Series: true},
		New: func(t *testing.T, events []audit.Event, loc *time.Location) sources.Source {
			g := m365test.NewGraph(&m365test.Mailbox{User: "me@corp.example", Events: graphEvents(events)})
			g.Tokens["tok"] = m365test.Token{User: "me@corp.example", Scopes: []string{"Calendars.Read"}}
			g.PageSize = 3
			t.Cleanup(g.Close)
			src, err := Open("m365:me", Options{Endpoint: g.Endpoint(), Auth: &Auth{AccessToken: "tok"}})
			if err != nil {
				t.Fatal(err)
			}
			return ranged{src}
		},
		Garbage: func(t *testing.T, content []byte) sources.Source {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(content) }))
			t.Cleanup(srv.Close)
			src, _ := Open("m365:me", Options{Endpoint: srv.URL + "/v1.0/", Auth: &Auth{AccessToken: "tok"}})
			return ranged{src}
		},
	})
}

var week = sources.Request{Location: time.UTC, Range: audit.Range{From: time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 23, 0, 0, 0, 0, time.UTC)}}

func oneEvent(subject string, day int) m365test.Event {
	return m365test.Event{"id": subject, "iCalUId": subject, "subject": subject, "isAllDay": false, "showAs": "busy", "type": "singleInstance",
		"start": map[string]any{"dateTime": fmt.Sprintf("2026-03-%02dT09:00:00.0000000", day), "timeZone": "UTC"},
		"end":   map[string]any{"dateTime": fmt.Sprintf("2026-03-%02dT10:00:00.0000000", day), "timeZone": "UTC"}}
}

// The mapping of Graph's fields, the paging, the retries, and one-line
// failures naming the calendar and the fix.
func TestFetch(t *testing.T) {
	private := oneEvent("", 17)
	private["sensitivity"] = "private"
	oof := oneEvent("Vacation", 18)
	oof["showAs"] = "oof"
	cat := oneEvent("Roadmap", 19)
	cat["categories"] = []any{"Strategy"}
	cat["responseStatus"] = map[string]any{"response": "tentativelyAccepted"}
	g := m365test.NewGraph(
		&m365test.Mailbox{User: "me@corp.example", Events: []m365test.Event{oneEvent("a", 16), oneEvent("b", 16), oneEvent("c", 17), private, oof, cat, oneEvent("later", 30)}},
		&m365test.Mailbox{User: "ana@corp.example", Events: []m365test.Event{oneEvent("ana's", 16)}, Shared: []string{"me@corp.example"}},
		&m365test.Mailbox{User: "bob@corp.example", Events: []m365test.Event{oneEvent("bob's", 16)}},
	)
	defer g.Close()
	g.Tokens["tok"] = m365test.Token{User: "me@corp.example", Scopes: []string{"Calendars.Read", "Calendars.Read.Shared"}}
	g.Tokens["basic"] = m365test.Token{User: "me@corp.example", Scopes: []string{"User.Read"}}
	g.Tokens["old"] = m365test.Token{User: "me@corp.example", Scopes: []string{"Calendars.Read"}, Expired: true}
	g.PageSize = 2
	fetch := func(arg, token string) (*sources.Result, error) {
		src, err := Open(arg, Options{Endpoint: g.Endpoint(), Auth: &Auth{AccessToken: token}})
		if err != nil {
			return nil, err
		}
		return src.Fetch(context.Background(), week)
	}
	g.Fail = []int{429, 503}
	res, err := fetch("m365:me", "tok")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Events) != 6 || res.Requests != 1+3+2 { // who the mailbox is, 3 pages, after 2 throttled answers
		t.Fatalf("%d events in %d requests", len(res.Events), res.Requests)
	}
	byTitle := map[string]audit.Event{}
	for _, e := range res.Events {
		byTitle[e.Title] = e
	}
	if e := byTitle[""]; !e.DetailsHidden {
		t.Errorf("a private event of no subject: %+v", e)
	}
	if e := byTitle["Vacation"]; e.ShowAs != audit.ShowAsOutOfOffice || e.Type != audit.TypeOutOfOffice {
		t.Errorf("oof: %+v", e)
	}
	if e := byTitle["Roadmap"]; len(e.Categories) != 1 || e.Categories[0] != "Strategy" || e.MyResponse != audit.ResponseTentative {
		t.Errorf("categories and response: %+v", e)
	}
	if res, err := fetch("m365:ana@corp.example", "tok"); err != nil || len(res.Events) != 1 {
		t.Errorf("a shared calendar: %v", err)
	}
	for _, c := range []struct{ arg, token, want string }{
		{"m365:bob@corp.example", "tok", "access denied (ErrorAccessDenied"},
		{"m365:me", "basic", "the app needs Calendars.Read"},
		{"m365:me", "old", "the token was refused (InvalidAuthenticationToken: Lifetime validation failed"},
		{"m365:nobody@corp.example", "tok", "no such mailbox or calendar (ErrorItemNotFound"},
		{"m365:AAMkNope", "tok", "no such mailbox or calendar"},
	} {
		if _, err := fetch(c.arg, c.token); err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "Bearer") {
			t.Errorf("%s with %s: %v, want %q", c.arg, c.token, err, c.want)
		}
	}
	if len(g.Methods) != 0 {
		t.Errorf("non-GET requests: %v", g.Methods)
	}
}

// A next page link to another host, or the same link again, stops the
// listing; plain http elsewhere is refused.
func TestRunaway(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next := srv.URL + "/v1.0/me/calendarView?page=again"
		if r.URL.Query().Get("away") != "" {
			next = "https://elsewhere.example/v1.0/me/calendarView"
		}
		fmt.Fprintf(w, `{"value":[],"@odata.nextLink":%q}`, next)
	}))
	defer srv.Close()
	src, _ := Open("m365:me", Options{Endpoint: srv.URL + "/v1.0/", Auth: &Auth{AccessToken: "tok"}})
	if _, err := src.Fetch(context.Background(), week); err == nil || !strings.Contains(err.Error(), "same next page link twice") {
		t.Errorf("a repeated link: %v", err)
	}
	if _, err := Open("m365:me", Options{Endpoint: "http://graph.example/v1.0/"}); err == nil || !strings.Contains(err.Error(), "refusing to send Microsoft tokens over plain http") {
		t.Errorf("plain http: %v", err)
	}
	if _, err := Open("m365:a/b", Options{}); err == nil {
		t.Error("a path in the calendar id was taken")
	}
}

// Sign-in failures say the fix: consent (AADSTS65001), MFA (AADSTS50076),
// a wrong secret.
func TestTokenErrors(t *testing.T) {
	g := m365test.NewGraph(&m365test.Mailbox{User: "ana@corp.example", Events: []m365test.Event{oneEvent("a", 16)}})
	defer g.Close()
	id := m365test.NewIdentity(g, "public-id", "me@corp.example")
	defer id.Close()
	id.Apps["app-id"] = "s3cret"
	app := func(secret string) error {
		src, _ := Open("m365:ana@corp.example", Options{Endpoint: g.Endpoint(), Auth: &Auth{Authority: id.Authority(), App: &App{ClientID: "app-id", Tenant: "corp.example", Secret: secret}}})
		_, err := src.Fetch(context.Background(), week)
		return err
	}
	if err := app("s3cret"); err != nil {
		t.Fatalf("app-only: %v", err)
	}
	if err := app("wrong"); err == nil || !strings.Contains(err.Error(), "the app was refused (AADSTS7000215") || strings.Contains(err.Error(), "wrong") {
		t.Errorf("a wrong secret: %v", err)
	}
	for _, c := range []struct{ mode, want string }{{"consent", "consent is missing (AADSTS65001)"}, {"mfa", "requires multi-factor sign-in (AADSTS50076"}} {
		id.Error = c.mode
		if err := app("s3cret"); err == nil || !strings.Contains(err.Error(), c.want) || audit.KindOf(err) != audit.KindUsage {
			t.Errorf("%s: %v", c.mode, err)
		}
	}
}

// Whatever a calendarView page holds, reading it never panics, and a
// failure names the source.
func FuzzListing(f *testing.F) {
	f.Add([]byte(`{"value":[{"id":"a","subject":"x","start":{"dateTime":"2026-03-16T09:00:00.0000000","timeZone":"UTC"},"end":{"dateTime":"2026-03-16T10:00:00.0000000","timeZone":"UTC"},"attendees":[{"type":"resource","status":{"response":"accepted"},"emailAddress":{"address":"room@x"}}]}]}`))
	f.Add([]byte(`{"value":[null,{"isAllDay":true,"start":{"dateTime":"2026-03-16T00:00:00"},"end":{"dateTime":"2026-03-15T00:00:00"}}]}`))
	f.Add([]byte(`{"value":[{"start":{"dateTime":"2026-03-16T09:00:00","timeZone":"Pacific Standard Time"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr := roundTrip(func(r *http.Request) (*http.Response, error) {
			body := data
			if strings.HasSuffix(r.URL.Path, "/me") {
				body = []byte(`{"mail":"me@corp.example"}`)
			}
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(body)), Request: r}, nil
		})
		src, _ := Open("m365:me", Options{Endpoint: "http://127.0.0.1:1/v1.0/", Auth: &Auth{AccessToken: "tok"}, MaxWait: time.Millisecond, Transport: tr})
		for _, skip := range []bool{false, true} {
			req := week
			req.SkipInvalid = skip
			_, err := src.Fetch(context.Background(), req)
			if err != nil && !strings.Contains(err.Error(), "m365:me") {
				t.Fatalf("error %q does not name the source", err)
			}
		}
	})
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Past weeks come from the cache on the next run, with the same events; an
// occurrence across a week's end counts once; --no-cache asks again.
func TestCache(t *testing.T) {
	late := oneEvent("late", 22)
	late["end"] = map[string]any{"dateTime": "2026-03-23T01:00:00.0000000", "timeZone": "UTC"} // Sunday night into Monday
	g := m365test.NewGraph(&m365test.Mailbox{User: "me@corp.example", Events: []m365test.Event{oneEvent("a", 16), late, oneEvent("b", 24), oneEvent("c", 31)}})
	defer g.Close()
	g.Tokens["tok"] = m365test.Token{User: "me@corp.example", Scopes: []string{"Calendars.Read", "User.Read"}}
	dir := t.TempDir()
	req := sources.Request{Location: time.UTC, Range: audit.Range{From: week.Range.From, To: week.Range.From.AddDate(0, 0, 21)}}
	run := func(refresh bool) int {
		src, _ := Open("m365:me", Options{Endpoint: g.Endpoint(), Auth: &Auth{AccessToken: "tok"}, Cache: &Cache{Dir: dir, Refresh: refresh},
			Now: func() time.Time { return time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC) }})
		res, err := src.Fetch(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		return len(res.Events)
	}
	if n := run(false); n != 4 || g.Requests["me/calendarView"] != 3 {
		t.Errorf("first run: %d events in %d listings", n, g.Requests["me/calendarView"])
	}
	if n := run(false); n != 4 || g.Requests["me/calendarView"] != 3 {
		t.Errorf("second run: %d events, %d listings in all", n, g.Requests["me/calendarView"])
	}
	if n := run(true); n != 4 || g.Requests["me/calendarView"] != 6 {
		t.Errorf("--no-cache: %d events, %d listings in all", n, g.Requests["me/calendarView"])
	}
}
