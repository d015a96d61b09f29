package google

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

const oneEvent = `{"id":"e%d","summary":"Sync","start":{"dateTime":"2026-03-16T09:00:00+01:00"},"end":{"dateTime":"2026-03-16T10:00:00+01:00"}}`

// A server that misbehaves: each answer comes from page(n, token).
func misbehaving(t *testing.T, page func(n int, token string, w http.ResponseWriter)) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		page(int(n.Add(1)), r.URL.Query().Get("pageToken"), w)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func unlimited() *Auth {
	return &Auth{AccessToken: "t", Rate: Rate{PerMinute: -1}, Retry: Retry{Tries: 1}}
}

// 2. Pagination that never ends is stopped: a token sent before, or pages
// without end.
func TestPaginationBounded(t *testing.T) {
	for _, tc := range []struct {
		name  string
		next  func(n int) string
		want  string
		pages int32
	}{
		{"always the same token", func(int) string { return "a" }, "Google sent a next-page token it had sent before (after 2 pages)", 2},
		{"a, b, a", func(n int) string { return []string{"a", "b", "a"}[(n-1)%3] }, "Google sent a next-page token it had sent before (after 3 pages)", 3},
		{"new tokens for ever", func(n int) string { return fmt.Sprintf("t%d", n) }, "more than 1000 pages: stopped", 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, n := misbehaving(t, func(n int, _ string, w http.ResponseWriter) {
				fmt.Fprintf(w, `{"items":[`+oneEvent+`],"nextPageToken":%q}`, n, tc.next(n))
			})
			_, err := fetchWeek(t, "google:c", Options{Endpoint: srv.URL, Auth: unlimited()})
			if err == nil || !strings.HasPrefix(err.Error(), "google:c: "+tc.want) {
				t.Errorf("err = %v", err)
			}
			if n.Load() != tc.pages {
				t.Errorf("%d requests, want %d", n.Load(), tc.pages)
			}
		})
	}
}

// 2. One calendar's reading has a deadline of its own, pages and waits included.
func TestCalendarDeadline(t *testing.T) {
	srv, _ := misbehaving(t, func(n int, _ string, w http.ResponseWriter) {
		time.Sleep(50 * time.Millisecond)
		fmt.Fprintf(w, `{"items":[`+oneEvent+`],"nextPageToken":"t%d"}`, n, n)
	})
	start := time.Now()
	_, err := fetchWeek(t, "google:c", Options{Endpoint: srv.URL, Auth: unlimited(), Deadline: 300 * time.Millisecond})
	if err == nil || !strings.HasPrefix(err.Error(), "google:c: not done after 300ms (") {
		t.Errorf("err = %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("stopped after %v", d)
	}
}

// 3. An answer that never ends is cut off at MaxBody, in bounded memory.
func TestEndlessBody(t *testing.T) {
	srv, _ := misbehaving(t, func(_ int, _ string, w http.ResponseWriter) {
		fmt.Fprint(w, `{"items":[{"id":"`)
		chunk := []byte(strings.Repeat("a", 1<<16))
		for i := 0; i < (MaxBody>>16)+64; i++ {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	_, err := fetchWeek(t, "google:c", Options{Endpoint: srv.URL, Auth: unlimited()})
	if err == nil || !strings.Contains(err.Error(), "an answer larger than 64 MiB: stopped") {
		t.Errorf("err = %v", err)
	}
}

// 8. A null among the items is bad input naming the page, or skipped and
// counted with --skip-invalid; it never panics.
func TestNullItems(t *testing.T) {
	srv, _ := misbehaving(t, func(n int, token string, w http.ResponseWriter) {
		if token == "" {
			fmt.Fprintf(w, `{"items":[`+oneEvent+`],"nextPageToken":"p2"}`, 1)
			return
		}
		fmt.Fprintf(w, `{"items":[null,`+oneEvent+`,null]}`, 2)
	})
	src := mustOpen(t, "google:c", Options{Endpoint: srv.URL, Auth: unlimited()})
	_, err := src.Fetch(context.Background(), sources.Request{Range: week, Location: berlin})
	if err == nil || err.Error() != "google:c#2: items: page 2 of the answer holds null where an event should be (item 1)" || audit.KindOf(err) != audit.KindInput {
		t.Errorf("err = %v", err)
	}
	res, err := src.Fetch(context.Background(), sources.Request{Range: week, Location: berlin, SkipInvalid: true})
	if err != nil || len(res.Events) != 2 || len(res.Skipped) != 2 {
		t.Errorf("skip-invalid: %v, %d events, %d skipped", err, len(res.Events), len(res.Skipped))
	}
}

// FuzzListing serves arbitrary bytes as a page of events.list: whatever
// Google (or a proxy) sends, the source never panics, and a failure names
// the calendar.
func FuzzListing(f *testing.F) {
	f.Add([]byte(`{"items":[` + fmt.Sprintf(oneEvent, 1) + `]}`))
	f.Add([]byte(`{"items":[null,{}],"nextPageToken":""}`))
	f.Add([]byte(`{"items":[{"start":{"date":"2026-03-16"},"end":{"date":"2026-03-15"}}],"accessRole":"freeBusyReader"}`))
	f.Add([]byte(`{"items":{"a":1}}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"items":[{"id":"x","start":{"dateTime":"2026-03-16T09:00:00Z"},"end":{"dateTime":"2026-03-16T10:00:00Z"},"attendees":[null],"organizer":null,"guestsCanSeeOtherGuests":false,"visibility":"private"}]}`))
	var body atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("pageToken") != "" {
			w.Write([]byte(`{"items":[]}`)) // a second page, if the first asked for one
			return
		}
		w.Write(body.Load().([]byte))
	}))
	defer srv.Close()
	auth := &Auth{AccessToken: "t", Rate: Rate{PerMinute: -1}, Retry: Retry{Tries: 1}}
	f.Fuzz(func(t *testing.T, data []byte) {
		body.Store(data)
		for _, skip := range []bool{false, true} {
			src := mustOpen(t, "google:c", Options{Endpoint: srv.URL, Auth: auth})
			res, err := src.Fetch(context.Background(), sources.Request{Range: week, Location: berlin, SkipInvalid: skip})
			if err != nil {
				if !strings.HasPrefix(err.Error(), "google:c") {
					t.Fatalf("error %q does not name the calendar", err)
				}
				continue
			}
			for _, e := range res.Events {
				if e.End.Before(e.Start) || e.Start.IsZero() {
					t.Fatalf("event %+v", e)
				}
			}
		}
	})
}
