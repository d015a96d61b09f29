package google

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
	"github.com/timeaudit/timeaudit/sources/google/googletest"
	"github.com/timeaudit/timeaudit/sources/sourcetest"
	"google.golang.org/api/calendar/v3"
)

// noSleep records the waits instead of sleeping.
type noSleep struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (n *noSleep) sleep(ctx context.Context, d time.Duration) error {
	n.mu.Lock()
	n.waits = append(n.waits, d)
	n.mu.Unlock()
	return ctx.Err()
}

// fromAudit writes an event the way the Calendar API would send it.
func fromAudit(e audit.Event, loc *time.Location, i int) *calendar.Event {
	g := &calendar.Event{
		Id:               "ev" + string(rune('a'+i)),
		Summary:          e.Title,
		Status:           e.Status.String(),
		RecurringEventId: e.SeriesID,
	}
	if e.AllDay {
		g.Start = &calendar.EventDateTime{Date: e.Start.In(loc).Format(time.DateOnly)}
		g.End = &calendar.EventDateTime{Date: e.End.In(loc).Format(time.DateOnly)}
	} else {
		g.Start = &calendar.EventDateTime{DateTime: e.Start.In(loc).Format(time.RFC3339), TimeZone: loc.String()}
		g.End = &calendar.EventDateTime{DateTime: e.End.In(loc).Format(time.RFC3339), TimeZone: loc.String()}
	}
	if !e.Organizer.IsZero() {
		g.Organizer = &calendar.EventOrganizer{Email: e.Organizer.Email, DisplayName: e.Organizer.Name}
	}
	for _, a := range e.Attendees {
		resp := a.Response.String()
		if a.Response == audit.ResponseNeedsAction {
			resp = "needsAction"
		}
		g.Attendees = append(g.Attendees, &calendar.EventAttendee{Email: a.Email, ResponseStatus: resp,
			Self: a.Email == "me@corp.example"})
	}
	return g
}

func TestContract(t *testing.T) {
	sourcetest.Run(t, sourcetest.Harness{
		// The calendar name is the calendar's, the same for every event:
		// TestMapping checks it.
		Caps: sourcetest.Caps{Attendees: true, MyResponse: true, Status: true, Series: true, OmitsCancelled: true},
		New: func(t *testing.T, events []audit.Event, loc *time.Location) sources.Source {
			// The user's own calendar: Google marks "self" by the calendar.
			cal := &googletest.Calendar{ID: "me@corp.example", Summary: "Work", PageSize: 3, EmptyPages: true}
			for i, e := range events {
				g := fromAudit(e, loc, i)
				cal.Events = append(cal.Events, g)
			}
			api := googletest.NewAPI(cal)
			t.Cleanup(api.Close)
			return mustOpen(t, "google:me@corp.example", Options{Endpoint: api.Endpoint(), Auth: &Auth{AccessToken: "t"}})
		},
		Garbage: func(t *testing.T, content []byte) sources.Source {
			api := googletest.NewAPI(&googletest.Calendar{ID: "junk", Raw: content})
			t.Cleanup(api.Close)
			return mustOpen(t, "google:junk", Options{Endpoint: api.Endpoint(), Auth: &Auth{AccessToken: "t", Retry: Retry{Tries: 1}}})
		},
	})
}

func mustOpen(t *testing.T, arg string, opt Options) *Source {
	t.Helper()
	s, err := Open(arg, opt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var berlin, _ = time.LoadLocation("Europe/Berlin")

// week is 2026-W12 in Berlin.
var week = audit.Range{From: time.Date(2026, 3, 16, 0, 0, 0, 0, berlin), To: time.Date(2026, 3, 23, 0, 0, 0, 0, berlin)}

func at(d, h, m int) *calendar.EventDateTime {
	return &calendar.EventDateTime{DateTime: time.Date(2026, 3, d, h, m, 0, 0, berlin).Format(time.RFC3339)}
}

func day(d int) *calendar.EventDateTime {
	return &calendar.EventDateTime{Date: time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)}
}

func me(resp string) []*calendar.EventAttendee {
	return []*calendar.EventAttendee{
		{Email: "boss@corp.example", ResponseStatus: "accepted", Organizer: true},
		{Email: "me@corp.example", ResponseStatus: resp, Self: true},
	}
}

// mixed is a week with every kind of event the API sends.
func mixed() []*calendar.Event {
	return []*calendar.Event{
		{Id: "a", Summary: "1:1 Alex", Start: at(16, 9, 0), End: at(16, 9, 30), Attendees: me("accepted"), RecurringEventId: "s1", Status: "confirmed"},
		{Id: "b", Summary: "Declined sync", Start: at(16, 11, 0), End: at(16, 12, 0), Attendees: me("declined"), Status: "confirmed"},
		{Id: "c", Summary: "Maybe planning", Start: at(17, 13, 0), End: at(17, 14, 0), Attendees: me("tentative"), Status: "confirmed"},
		{Id: "d", Summary: "Not answered", Start: at(17, 15, 0), End: at(17, 15, 30), Attendees: me("needsAction"), Status: "confirmed"},
		{Id: "e", Summary: "Focus time", EventType: "focusTime", Start: at(18, 9, 0), End: at(18, 11, 0), Transparency: "opaque", Organizer: &calendar.EventOrganizer{Email: "me@corp.example", Self: true}},
		{Id: "f", Summary: "Out of office", EventType: "outOfOffice", Start: at(20, 0, 0), End: at(21, 0, 0), Organizer: &calendar.EventOrganizer{Email: "me@corp.example", Self: true}},
		{Id: "g", Summary: "Home", EventType: "workingLocation", Start: day(19), End: day(20), Transparency: "transparent"},
		{Id: "h", Summary: "Sam's birthday", EventType: "birthday", Start: day(18), End: day(19), Transparency: "transparent"},
		{Id: "i", Summary: "Called off", Status: "cancelled", Start: at(19, 10, 0), End: at(19, 11, 0)},
		{Id: "j", Summary: "Conference", Start: day(17), End: day(19), Status: "confirmed"},
		{Id: "k", Summary: "Optional talk", Start: at(19, 16, 0), End: at(19, 17, 0), Transparency: "transparent"},
		{Id: "l", Summary: "Booked flight", EventType: "fromGmail", Start: at(19, 18, 0), End: at(19, 19, 0)},
		{Id: "m", Summary: "Next week", Start: at(23, 9, 0), End: at(23, 10, 0)},
	}
}

func TestMapping(t *testing.T) {
	api := googletest.NewAPI(&googletest.Calendar{ID: "me@corp.example", Summary: "me@corp.example", Events: mixed(), PageSize: 2, EmptyPages: true})
	defer api.Close()
	src := mustOpen(t, "google:me@corp.example", Options{Endpoint: api.Endpoint(), Auth: &Auth{AccessToken: "t"}})
	res, err := src.Fetch(context.Background(), sources.Request{Range: week, Location: berlin})
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]audit.Event{}
	for _, e := range res.Events {
		if _, dup := byTitle[e.Title]; dup {
			t.Errorf("%q came twice", e.Title)
		}
		byTitle[e.Title] = e
		if e.Calendar != "me@corp.example" || e.Source.Source != "google:me@corp.example" || e.Source.Record == 0 {
			t.Errorf("%q: calendar %q, provenance %+v", e.Title, e.Calendar, e.Source)
		}
	}
	if _, ok := byTitle["Next week"]; ok {
		t.Error("an event after the range came back")
	}
	if _, ok := byTitle["Called off"]; ok {
		t.Error("a cancelled event came back: Google lists them only with showDeleted, which timeaudit does not ask for")
	}
	tests := []struct {
		title  string
		resp   audit.Response
		status audit.Status
		show   audit.ShowAs
		typ    string
		allDay bool
		series string
	}{
		{"1:1 Alex", audit.ResponseAccepted, audit.StatusConfirmed, audit.ShowAsBusy, audit.TypeDefault, false, "s1"},
		{"Declined sync", audit.ResponseDeclined, audit.StatusConfirmed, audit.ShowAsBusy, audit.TypeDefault, false, ""},
		{"Maybe planning", audit.ResponseTentative, audit.StatusConfirmed, audit.ShowAsBusy, audit.TypeDefault, false, ""},
		{"Not answered", audit.ResponseNeedsAction, audit.StatusConfirmed, audit.ShowAsBusy, audit.TypeDefault, false, ""},
		{"Focus time", audit.ResponseAccepted, audit.StatusConfirmed, audit.ShowAsBusy, audit.TypeFocusTime, false, ""},
		{"Out of office", audit.ResponseAccepted, audit.StatusConfirmed, audit.ShowAsOutOfOffice, audit.TypeOutOfOffice, false, ""},
		{"Home", audit.ResponseUnknown, audit.StatusConfirmed, audit.ShowAsFree, audit.TypeWorkingLocation, true, ""},
		{"Sam's birthday", audit.ResponseUnknown, audit.StatusConfirmed, audit.ShowAsFree, audit.TypeBirthday, true, ""},
		{"Conference", audit.ResponseUnknown, audit.StatusConfirmed, audit.ShowAsBusy, audit.TypeDefault, true, ""},
		{"Optional talk", audit.ResponseUnknown, audit.StatusConfirmed, audit.ShowAsFree, audit.TypeDefault, false, ""},
		{"Booked flight", audit.ResponseUnknown, audit.StatusConfirmed, audit.ShowAsBusy, audit.TypeDefault, false, ""},
	}
	for _, tt := range tests {
		e, ok := byTitle[tt.title]
		if !ok {
			t.Errorf("%q missing", tt.title)
			continue
		}
		if e.MyResponse != tt.resp || e.Status != tt.status || e.ShowAs != tt.show || e.Type != tt.typ || e.AllDay != tt.allDay || e.SeriesID != tt.series {
			t.Errorf("%q: response %q status %q show %q type %q all-day %v series %q, want %q %q %q %q %v %q",
				tt.title, e.MyResponse, e.Status, e.ShowAs, e.Type, e.AllDay, e.SeriesID, tt.resp, tt.status, tt.show, tt.typ, tt.allDay, tt.series)
		}
	}
	// All-day: local midnights in the report zone, the end date exclusive.
	conf := byTitle["Conference"]
	if want := time.Date(2026, 3, 17, 0, 0, 0, 0, berlin); !conf.Start.Equal(want) || !conf.End.Equal(want.AddDate(0, 0, 2)) {
		t.Errorf("all-day Conference: %v - %v", conf.Start, conf.End)
	}
	if got := len(byTitle["Declined sync"].Attendees); got != 2 {
		t.Errorf("attendees: %d", got)
	}

	// What the audit makes of it: the declined, cancelled, marker and
	// free events are counted as left out, not lost.
	r := audit.Build(res.Events, nil, classifier{}, audit.Options{Range: week, Location: berlin})
	// The day-long out-of-office block is too long to count as a meeting,
	// but it still marks the day as away.
	want := map[audit.Reason]int{audit.NotTime: 2, audit.DeclinedByMe: 1, audit.ShownFree: 1, audit.AllDay: 1, audit.TooLong: 1}
	for _, reason := range audit.Reasons() {
		if got := r.LeftOutCount(reason); got != want[reason] {
			t.Errorf("left out %s: %d, want %d", reason, got, want[reason])
		}
	}
	if r.Total.Events != 5 {
		t.Errorf("counted %d events, want 5 (1:1, tentative, not answered, focus, flight)", r.Total.Events)
	}
	if len(r.Away) != 1 || r.Away[0].End.Sub(r.Away[0].Start) != 24*time.Hour {
		t.Errorf("away: %+v", r.Away)
	}
}

// classifier puts everything in one category.
type classifier struct{}

func (classifier) Classify(*audit.Event) audit.Match {
	return audit.Match{Category: "All"}
}
func (classifier) Categories() []audit.Category { return []audit.Category{{Name: "All"}} }

func TestRequestParameters(t *testing.T) {
	api := googletest.NewAPI(&googletest.Calendar{ID: "me@corp.example", Events: mixed()})
	defer api.Close()
	src := mustOpen(t, "google:me@corp.example", Options{Endpoint: api.Endpoint(), Auth: &Auth{AccessToken: "t"}})
	if _, err := src.Fetch(context.Background(), sources.Request{Range: week, Location: berlin}); err != nil {
		t.Fatal(err)
	}
	q := api.Params[0]
	for k, v := range map[string]string{"singleEvents": "true", "orderBy": "startTime", "maxResults": "2500"} {
		if q.Get(k) != v {
			t.Errorf("%s=%q, want %q", k, q.Get(k), v)
		}
	}
	if !strings.Contains(q.Get("fields"), "nextPageToken") {
		t.Errorf("fields %q drop nextPageToken: pagination would stop after page one", q.Get("fields"))
	}
	lo, _ := time.Parse(time.RFC3339, q.Get("timeMin"))
	hi, _ := time.Parse(time.RFC3339, q.Get("timeMax"))
	if lo.After(week.From) || hi.Before(week.To) || week.From.Sub(lo) > 48*time.Hour || hi.Sub(week.To) > 48*time.Hour {
		t.Errorf("timeMin %v timeMax %v do not cover %v closely", lo, hi, week)
	}
}

func TestPagination(t *testing.T) {
	var evs []*calendar.Event
	for i := 0; i < 23; i++ {
		evs = append(evs, &calendar.Event{Id: "p" + string(rune('a'+i)), Summary: "Meeting", Start: at(16+i%5, 8+i/5, 0), End: at(16+i%5, 8+i/5, 30)})
	}
	for _, tc := range []struct {
		name       string
		size       int
		emptyPages bool
	}{{"one page", 0, false}, {"short pages", 4, false}, {"empty pages between", 5, true}, {"pages of one", 1, true}} {
		t.Run(tc.name, func(t *testing.T) {
			api := googletest.NewAPI(&googletest.Calendar{ID: "c", Events: evs, PageSize: tc.size, EmptyPages: tc.emptyPages})
			defer api.Close()
			var pages int
			src := mustOpen(t, "google:c", Options{Endpoint: api.Endpoint(), Auth: &Auth{AccessToken: "t"},
				Progress: func(p Progress) { pages = p.Pages }})
			res, err := src.Fetch(context.Background(), sources.Request{Range: week, Location: berlin})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Events) != len(evs) {
				t.Errorf("%d events, want %d", len(res.Events), len(evs))
			}
			if pages != api.Count("c") {
				t.Errorf("progress saw %d pages, the API served %d", pages, api.Count("c"))
			}
		})
	}
}

func TestRetries(t *testing.T) {
	for _, tc := range []struct {
		name       string
		fail       []int
		retryAfter string
		wantErr    string
		wantUsage  bool
		wantWait   time.Duration // the first wait, when exact
	}{
		{name: "429 then success", fail: []int{429}, retryAfter: "3", wantWait: 3 * time.Second},
		{name: "500 then success", fail: []int{500, 503}},
		{name: "403 rate limit then success", fail: []int{403}},
		{name: "always 500", fail: []int{500, 500, 500, 500}, wantErr: "google:c: Google Calendar failed (500 backendError) 4 times in a row; try again later"},
		{name: "always 429", fail: []int{429, 429, 429, 429}, wantErr: "rate limit still refused after 4 tries"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api := googletest.NewAPI(&googletest.Calendar{ID: "c", Events: mixed()})
			defer api.Close()
			api.Fail["c"] = tc.fail
			api.RetryAfter = tc.retryAfter
			sl := &noSleep{}
			src := mustOpen(t, "google:c", Options{Endpoint: api.Endpoint(), Auth: &Auth{AccessToken: "t", Retry: Retry{Tries: 4, Sleep: sl.sleep}}})
			res, err := src.Fetch(context.Background(), sources.Request{Range: week, Location: berlin})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Events) != 11 {
				t.Errorf("%d events", len(res.Events))
			}
			if len(sl.waits) != len(tc.fail) {
				t.Errorf("waited %d times, want %d", len(sl.waits), len(tc.fail))
			}
			if tc.wantWait > 0 && sl.waits[0] != tc.wantWait {
				t.Errorf("first wait %v, want Retry-After's %v", sl.waits[0], tc.wantWait)
			}
			for i, w := range sl.waits {
				if w <= 0 || w > 32*time.Second {
					t.Errorf("wait %d is %v", i, w)
				}
			}
		})
	}
}

func TestBackoffGrows(t *testing.T) {
	api := googletest.NewAPI(&googletest.Calendar{ID: "c"})
	defer api.Close()
	api.Fail["c"] = []int{500, 500, 500, 500, 500}
	sl := &noSleep{}
	src := mustOpen(t, "google:c", Options{Endpoint: api.Endpoint(), Auth: &Auth{AccessToken: "t", Retry: Retry{Tries: 6, Base: time.Second, Max: 8 * time.Second, Sleep: sl.sleep}}})
	if _, err := src.Fetch(context.Background(), sources.Request{Range: week, Location: berlin}); err != nil {
		t.Fatal(err)
	}
	// Full jitter in [d/2, d]: 1s, 2s, 4s, 8s, 8s.
	caps := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second}
	if len(sl.waits) != len(caps) {
		t.Fatalf("waits %v", sl.waits)
	}
	for i, w := range sl.waits {
		if w < caps[i]/2 || w > caps[i] {
			t.Errorf("wait %d = %v, want within [%v, %v]", i, w, caps[i]/2, caps[i])
		}
	}
}

func TestErrors(t *testing.T) {
	api := googletest.NewAPI(
		&googletest.Calendar{ID: "mine@corp.example", Owner: "me@corp.example"},
		&googletest.Calendar{ID: "private@corp.example", Owner: "other@corp.example"},
	)
	defer api.Close()
	api.Tokens["good"] = "me@corp.example"
	for _, tc := range []struct {
		name, arg, token string
		want             string
		usage            bool
	}{
		{"401 with a ready token", "google:mine@corp.example", "tok-123", "google:mine@corp.example: Google refused the credentials (401 authError): GOOGLE_OAUTH_ACCESS_TOKEN is refused or expired (access tokens last an hour); set a fresh one", false},
		{"404", "google:nobody@corp.example", "good", "google:nobody@corp.example: no such calendar, or it is not shared with this account (404 notFound); timeaudit google calendars lists the ones it can read", true},
		{"not shared: Google says 404", "google:private@corp.example", "good", "google:private@corp.example: no such calendar, or it is not shared with this account (404 notFound); timeaudit google calendars lists the ones it can read", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := mustOpen(t, tc.arg, Options{Endpoint: api.Endpoint(), Auth: &Auth{AccessToken: tc.token}})
			_, err := src.Fetch(context.Background(), sources.Request{Range: week, Location: berlin})
			if err == nil || err.Error() != tc.want {
				t.Fatalf("err =\n  %v\nwant\n  %s", err, tc.want)
			}
			if (audit.KindOf(err) == audit.KindUsage) != tc.usage {
				t.Errorf("usage error: %v, want %v", !tc.usage, tc.usage)
			}
			if strings.Contains(err.Error(), tc.token) && tc.token != "good" {
				t.Errorf("the error prints the token")
			}
		})
	}
	t.Run("not signed in", func(t *testing.T) {
		src := mustOpen(t, "google:primary", Options{Endpoint: api.Endpoint(), Auth: &Auth{TokenFile: filepath.Join(t.TempDir(), "none.json")}})
		_, err := src.Fetch(context.Background(), sources.Request{Range: week, Location: berlin})
		if !errors.Is(err, ErrNotSignedIn) || !strings.Contains(err.Error(), "google login") || !strings.Contains(err.Error(), "GOOGLE_OAUTH_ACCESS_TOKEN") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("unreachable", func(t *testing.T) {
		src := mustOpen(t, "google:primary", Options{Endpoint: "http://127.0.0.1:1/calendar/v3/", Auth: &Auth{AccessToken: "t", Retry: Retry{Tries: 1}}})
		_, err := src.Fetch(context.Background(), sources.Request{Range: week, Location: berlin})
		if err == nil || !strings.HasPrefix(err.Error(), "google:primary: cannot reach the Calendar API at 127.0.0.1:1: ") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestCancel(t *testing.T) {
	api := googletest.NewAPI(&googletest.Calendar{ID: "c", Events: mixed()})
	defer api.Close()
	api.Latency = 10 * time.Second
	src := mustOpen(t, "google:c", Options{Endpoint: api.Endpoint(), Auth: &Auth{AccessToken: "t"}})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := src.Fetch(ctx, sources.Request{Range: week, Location: berlin})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the context's", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v to notice", d)
	}
}

func TestEndpoint(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"", DefaultEndpoint, ""},
		{"http://127.0.0.1:8080/calendar/v3/", "http://127.0.0.1:8080/calendar/v3/", ""},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/calendar/v3/", ""},
		{"http://localhost:8080/proxy/calendar/v3", "http://localhost:8080/proxy/calendar/v3/", ""},
		{"https://proxy.corp.example/calendar/v3/", "https://proxy.corp.example/calendar/v3/", ""},
		{"http://proxy.corp.example/calendar/v3/", "", "refusing to send Google credentials over plain http to proxy.corp.example"},
		{"ftp://x", "", "not an http(s) URL"},
		{"127.0.0.1:8080", "", "not an http(s) URL"},
	} {
		got, err := Endpoint(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Endpoint(%q) err = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Endpoint(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestOpen(t *testing.T) {
	for _, arg := range []string{"google:", "google:  "} {
		if _, err := Open(arg, Options{}); err == nil || !strings.Contains(err.Error(), "google:primary") {
			t.Errorf("Open(%q) err = %v", arg, err)
		}
	}
	s, err := Open("Google:team@corp.example", Options{})
	if err != nil || s.CalendarID() != "team@corp.example" || s.Name() != "google:team@corp.example" {
		t.Errorf("Open: %+v %v", s, err)
	}
	k := Kind(Options{})
	if !k.Claims("google:primary") || k.Claims("calendar.ics") {
		t.Error("Claims")
	}
}

func TestInvalidEvents(t *testing.T) {
	evs := []*calendar.Event{
		{Id: "ok", Summary: "Fine", Start: at(16, 9, 0), End: at(16, 10, 0)},
		{Id: "bad", Summary: "Broken", Start: &calendar.EventDateTime{DateTime: "2026-03-17T25:00:00Z"}, End: at(17, 10, 0)},
	}
	api := googletest.NewAPI(&googletest.Calendar{ID: "c", Events: evs})
	defer api.Close()
	src := mustOpen(t, "google:c", Options{Endpoint: api.Endpoint(), Auth: &Auth{AccessToken: "t"}})
	_, err := src.Fetch(context.Background(), sources.Request{Range: audit.Range{}, Location: berlin})
	if audit.KindOf(err) != audit.KindInput || !strings.Contains(err.Error(), `"Broken"`) || !strings.Contains(err.Error(), "2026-03-17T25:00:00Z") {
		t.Fatalf("err = %v", err)
	}
	res, err := src.Fetch(context.Background(), sources.Request{Location: berlin, SkipInvalid: true})
	if err != nil || len(res.Events) != 1 || len(res.Skipped) != 1 {
		t.Fatalf("skip-invalid: %v, %+v", err, res)
	}
}

func TestReadSecretRefusesOpenFiles(t *testing.T) {
	p := filepath.Join(t.TempDir(), "key.json")
	if err := os.WriteFile(p, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadSecret(p)
	if err == nil || !strings.Contains(err.Error(), "chmod 600 "+p) {
		t.Fatalf("err = %v", err)
	}
	os.Chmod(p, 0o600)
	if _, err := ReadSecret(p); err != nil {
		t.Fatal(err)
	}
}

var _ http.RoundTripper = (*retryTransport)(nil)

// FuzzConvert feeds the mapping whatever JSON an API (or a proxy) might
// send: it must never panic, and must either give an event in order or
// name what it could not read.
func FuzzConvert(f *testing.F) {
	for _, e := range mixed() {
		b, _ := json.Marshal(e)
		f.Add(b)
	}
	f.Add([]byte(`{"start":{"date":"2026-02-30"},"end":{"dateTime":"x"}}`))
	f.Add([]byte(`{"start":{"dateTime":"2026-03-16T10:00:00+01:00"},"end":{"dateTime":"2026-03-16T09:00:00+01:00"}}`))
	f.Add([]byte(`{"attendees":[null,{"self":true,"responseStatus":"maybe?"}],"start":{"date":"2026-03-16"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var ge calendar.Event
		if json.Unmarshal(data, &ge) != nil {
			return
		}
		e, err := convert(&ge, calInfo{Summary: "cal", Role: "reader"}, true, berlin, audit.Provenance{Source: "google:c", Record: 1})
		if err != nil {
			var ie *audit.Error
			if !errors.As(err, &ie) || ie.Kind != audit.KindInput || ie.Pos.Record != 1 {
				t.Fatalf("error %v is not an input error naming the record", err)
			}
			return
		}
		if e.End.Before(e.Start) {
			t.Fatalf("event ends before it starts: %+v", e)
		}
		if e.Start.IsZero() {
			t.Fatalf("event without a start: %+v", e)
		}
	})
}
