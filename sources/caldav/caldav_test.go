package caldav

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-ical"
	"github.com/emersion/go-webdav"
	wdcaldav "github.com/emersion/go-webdav/caldav"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
	"github.com/timeaudit/timeaudit/sources/sourcetest"
)

// memBackend is a go-webdav CalDAV backend in memory: one user, whose
// principal is /me/ and calendars live under /me/calendars/.
type memBackend struct {
	mu      sync.Mutex
	cals    []wdcaldav.Calendar
	objects map[string][]wdcaldav.CalendarObject // by calendar path
}

func (b *memBackend) CurrentUserPrincipal(context.Context) (string, error) { return "/me/", nil }
func (b *memBackend) CalendarHomeSetPath(context.Context) (string, error) {
	return "/me/calendars/", nil
}
func (b *memBackend) CreateCalendar(context.Context, *wdcaldav.Calendar) error {
	return errors.New("read-only")
}
func (b *memBackend) ListCalendars(context.Context) ([]wdcaldav.Calendar, error) { return b.cals, nil }
func (b *memBackend) GetCalendar(_ context.Context, p string) (*wdcaldav.Calendar, error) {
	for i := range b.cals {
		if samePath(b.cals[i].Path, p) {
			return &b.cals[i], nil
		}
	}
	return nil, webdav.NewHTTPError(http.StatusNotFound, errors.New("no such calendar"))
}
func (b *memBackend) GetCalendarObject(_ context.Context, p string, _ *wdcaldav.CalendarCompRequest) (*wdcaldav.CalendarObject, error) {
	for _, os := range b.objects {
		for i := range os {
			if os[i].Path == p {
				return &os[i], nil
			}
		}
	}
	return nil, webdav.NewHTTPError(http.StatusNotFound, errors.New("no such object"))
}
func (b *memBackend) ListCalendarObjects(_ context.Context, p string, _ *wdcaldav.CalendarCompRequest) ([]wdcaldav.CalendarObject, error) {
	return b.objects[strings.TrimSuffix(p, "/")+"/"], nil
}
func (b *memBackend) QueryCalendarObjects(ctx context.Context, p string, q *wdcaldav.CalendarQuery) ([]wdcaldav.CalendarObject, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	objs, _ := b.ListCalendarObjects(ctx, p, nil)
	return wdcaldav.Filter(q, objs)
}
func (b *memBackend) PutCalendarObject(context.Context, string, *ical.Calendar, *wdcaldav.PutCalendarObjectOptions) (*wdcaldav.CalendarObject, error) {
	return nil, errors.New("read-only")
}
func (b *memBackend) DeleteCalendarObject(context.Context, string) error {
	return errors.New("read-only")
}

// add puts a calendar with the objects of an iCalendar text, one object
// per UID (as RFC 4791 wants).
func (b *memBackend) add(t *testing.T, name, display string, data []byte) string {
	t.Helper()
	p := "/me/calendars/" + name + "/"
	b.cals = append(b.cals, wdcaldav.Calendar{Path: p, Name: display, SupportedComponentSet: []string{"VEVENT"}})
	if b.objects == nil {
		b.objects = map[string][]wdcaldav.CalendarObject{}
	}
	cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	byUID := map[string]*ical.Calendar{}
	var order []string
	for _, child := range cal.Children {
		if child.Name != ical.CompEvent {
			continue
		}
		uid, _ := child.Props.Text(ical.PropUID)
		if child.Props.Get(ical.PropDateTimeStamp) == nil {
			child.Props.SetDateTime(ical.PropDateTimeStamp, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
		}
		c, ok := byUID[uid]
		if !ok {
			c = ical.NewCalendar()
			c.Props = cal.Props
			byUID[uid], order = c, append(order, uid)
		}
		c.Children = append(c.Children, child)
	}
	for i, uid := range order {
		b.objects[p] = append(b.objects[p], wdcaldav.CalendarObject{Path: path.Join(p, fmt.Sprintf("%d.ics", i)), Data: byUID[uid], ModTime: time.Unix(0, 0)})
	}
	return p
}

// server serves a backend, with a user and password, and counts requests.
func server(t *testing.T, b *memBackend, wrap func(http.Handler) http.Handler) *httptest.Server {
	t.Helper()
	h := http.Handler(&wdcaldav.Handler{Backend: b})
	auth := h
	h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "me" || p != "s3cret" {
			w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		if r.Method != "PROPFIND" && r.Method != "REPORT" && r.Method != "GET" && r.Method != "OPTIONS" {
			http.Error(w, "read-only test server: "+r.Method, http.StatusMethodNotAllowed)
			return
		}
		auth.ServeHTTP(w, r)
	})
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func password(p string) func() (string, error) { return func() (string, error) { return p, nil } }

func TestContract(t *testing.T) {
	sourcetest.Run(t, sourcetest.Harness{
		Caps: sourcetest.Caps{Attendees: true, Status: true, Series: true},
		New: func(t *testing.T, events []audit.Event, loc *time.Location) sources.Source {
			b := &memBackend{}
			p := b.add(t, "work", "Work", sourcetest.WriteICS(events, loc))
			srv := server(t, b, nil)
			src, err := Open("caldav:"+srv.URL+p, Options{User: "me", Password: password("s3cret")})
			if err != nil {
				t.Fatal(err)
			}
			return src
		},
		Garbage: func(t *testing.T, content []byte) sources.Source {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusMultiStatus)
				w.Write(content)
			}))
			t.Cleanup(srv.Close)
			src, _ := Open("caldav:"+srv.URL+"/cal/", Options{})
			return src
		},
	})
}

var week = audit.Range{From: time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 23, 0, 0, 0, 0, time.UTC)}

const oneWeek = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n" +
	"BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260316T090000Z\r\nDTEND:20260316T093000Z\r\nSUMMARY:Standup\r\nRRULE:FREQ=DAILY;COUNT=5\r\nEND:VEVENT\r\n" +
	"BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20260318T140000Z\r\nDTEND:20260318T150000Z\r\nSUMMARY:Review\r\nEND:VEVENT\r\n" +
	"BEGIN:VEVENT\r\nUID:c\r\nDTSTART:20260402T140000Z\r\nDTEND:20260402T150000Z\r\nSUMMARY:Later\r\nEND:VEVENT\r\n" +
	"END:VCALENDAR\r\n"

// Discovery: a calendar's URL, a bare server (its one calendar of
// events), a server with several (bad usage naming them); the listing.
func TestDiscovery(t *testing.T) {
	b := &memBackend{}
	p := b.add(t, "work", "Work", []byte(oneWeek))
	srv := server(t, b, nil)
	opt := Options{User: "me", Password: password("s3cret")}
	req := sources.Request{Location: time.UTC, Range: week}
	for _, arg := range []string{"caldav:" + srv.URL + p, "caldav:" + srv.URL + "/", "caldav:" + srv.URL + "/me/"} {
		src, err := Open(arg, opt)
		if err != nil {
			t.Fatal(err)
		}
		res, err := src.Fetch(context.Background(), req)
		if err != nil {
			t.Fatalf("%s: %v", arg, err)
		}
		if len(res.Events) != 6 { // 5 standups and the review; "Later" is outside the week
			t.Errorf("%s: %d events", arg, len(res.Events))
		}
		for _, e := range res.Events {
			if e.Calendar != "Work" || !strings.HasPrefix(e.Source.Source, "caldav:"+srv.URL+p) {
				t.Errorf("%s: %q from %q in %q", arg, e.Title, e.Source, e.Calendar)
			}
		}
	}
	b.add(t, "home", "Home", []byte(oneWeek))
	src, _ := Open("caldav:"+srv.URL+"/", opt)
	if _, err := src.Fetch(context.Background(), req); err == nil || !strings.Contains(err.Error(), "holds 2 calendars: name one, such as caldav:"+srv.URL+"/me/calendars/home/") || audit.KindOf(err) != audit.KindUsage {
		t.Errorf("several calendars: %v", err)
	}
	cals, err := Calendars(context.Background(), "caldav:"+srv.URL+"/", opt)
	if err != nil || len(cals) != 2 || cals[1].Name != "Work" || cals[1].URL != srv.URL+"/me/calendars/work/" || !cals[0].Events {
		t.Errorf("calendars %+v, %v", cals, err)
	}
}

// Failures are one line naming the calendar and the fix; busy servers are
// retried; credentials never leave the host, nor go over plain http to
// another machine, nor sit in the URL.
func TestFailures(t *testing.T) {
	b := &memBackend{}
	p := b.add(t, "work", "Work", []byte(oneWeek))
	req := sources.Request{Location: time.UTC, Range: week}
	fetch := func(srv *httptest.Server, suffix string, opt Options) error {
		src, err := Open("caldav:"+srv.URL+suffix, opt)
		if err != nil {
			return err
		}
		_, err = src.Fetch(context.Background(), req)
		return err
	}
	srv := server(t, b, nil)
	if err := fetch(srv, p, Options{User: "me", Password: password("wrong")}); err == nil || !strings.Contains(err.Error(), `refused the credentials (user "me")`) || strings.Contains(err.Error(), "wrong") {
		t.Errorf("bad password: %v", err)
	}
	if err := fetch(srv, "/me/calendars/nope/", Options{User: "me", Password: password("s3cret")}); err == nil || !strings.Contains(err.Error(), "no calendar at this address") {
		t.Errorf("not found: %v", err)
	}
	// 503 with Retry-After twice, then the answer.
	var mu sync.Mutex
	busy := 2
	flaky := server(t, b, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			n := busy
			if r.Method == "REPORT" && busy > 0 {
				busy--
			}
			mu.Unlock()
			if r.Method == "REPORT" && n > 0 {
				w.Header().Set("Retry-After", "0")
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			h.ServeHTTP(w, r)
		})
	})
	if err := fetch(flaky, p, Options{User: "me", Password: password("s3cret")}); err != nil || busy != 0 {
		t.Errorf("retries: %v (busy %d left)", err, busy)
	}
	// Always busy: given up after MaxWait, in one line.
	always := server(t, b, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "busy", http.StatusTooManyRequests)
		})
	})
	if err := fetch(always, p, Options{User: "me", Password: password("s3cret"), MaxWait: 2 * time.Second}); err == nil || !strings.Contains(err.Error(), "kept answering HTTP 429") {
		t.Errorf("always busy: %v", err)
	}
	// A redirect to another host does not get the password.
	var leaked bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, _, ok := r.BasicAuth(); ok {
			leaked = true
		}
		w.WriteHeader(http.StatusMultiStatus)
	}))
	defer other.Close()
	redirecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer redirecting.Close()
	if err := fetch(redirecting, "/cal/", Options{User: "me", Password: password("s3cret")}); err == nil || leaked {
		t.Errorf("redirect to another host: %v, password sent %v", err, leaked)
	}
	for _, bad := range []struct{ arg, want string }{
		{"caldav:http://calendar.example/dav/", "refusing to send CalDAV credentials over plain http"},
		{"caldav:https://me:pw@calendar.example/dav/", "put no password in the URL"},
		{"caldav:ftp://calendar.example/", "expected caldav:https://server/path/"},
	} {
		if _, err := Open(bad.arg, Options{}); err == nil || !strings.Contains(err.Error(), bad.want) || strings.Contains(err.Error(), ":pw@") || audit.KindOf(err) != audit.KindUsage {
			t.Errorf("%s: %v", bad.arg, err)
		}
	}
	if src, err := Open("caldav:https://alice@calendar.example/dav/", Options{}); err != nil || src.user != "alice" || strings.Contains(src.Name(), "alice") {
		t.Errorf("user from the URL: %+v %v", src, err)
	}
}

// With a cache, past weeks are read from disk on the next run, and the
// events are the same; --no-cache asks again.
func TestCache(t *testing.T) {
	b := &memBackend{}
	p := b.add(t, "work", "Work", []byte(oneWeek))
	reports := 0
	srv := server(t, b, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == "REPORT" {
				reports++
			}
			h.ServeHTTP(w, r)
		})
	})
	dir := t.TempDir()
	now := func() time.Time { return time.Date(2026, 4, 10, 12, 0, 0, 0, time.UTC) }
	req := sources.Request{Location: time.UTC, Range: audit.Range{From: week.From, To: week.From.AddDate(0, 0, 21)}}
	run := func(refresh bool) []audit.Event {
		src, _ := Open("caldav:"+srv.URL+p, Options{User: "me", Password: password("s3cret"), Cache: &Cache{Dir: dir, Refresh: refresh}, Now: now})
		res, err := src.Fetch(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		return res.Events
	}
	first := run(false)
	if reports != 3 {
		t.Errorf("first run: %d queries, want 3 (one a week)", reports)
	}
	second := run(false)
	if reports != 3 || len(second) != len(first) || len(first) != 7 {
		t.Errorf("second run: %d queries in all; %d then %d events", reports, len(first), len(second))
	}
	run(true)
	if reports != 6 {
		t.Errorf("--no-cache: %d queries in all", reports)
	}
}
