// Package sourcetest is the contract every source kind passes: one suite,
// run by each kind's tests with a Harness that writes the shared fixture
// in the kind's own format.
package sourcetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

// Caps says which fields a kind's format can carry.
type Caps struct {
	Attendees  bool // attendees and organizer
	MyResponse bool // the user's own response, given as such
	Status     bool // confirmed/tentative/cancelled
	Series     bool // a series id
	Calendar   bool // a calendar name
	// OmitsCancelled says the server leaves cancelled events out, as
	// Google's events.list does without showDeleted: the round trip
	// expects them gone.
	OmitsCancelled bool
}

// Harness adapts a kind to the suite.
type Harness struct {
	Caps Caps
	// New returns a Source whose content is events, written in the kind's
	// own format with wall-clock times in loc (floating where the format
	// allows, so that the reader must apply req.Location).
	New func(t *testing.T, events []audit.Event, loc *time.Location) sources.Source
	// Garbage returns a Source over content that is not a calendar.
	Garbage func(t *testing.T, content []byte) sources.Source
}

// Fixture is the calendar every kind must read back: timed, all-day,
// crossing midnight and a DST change, with attendees and statuses.
func Fixture(loc *time.Location) []audit.Event {
	at := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, loc) }
	p := func(email string, r audit.Response) audit.Attendee {
		return audit.Attendee{Person: audit.Person{Email: email}, Response: r}
	}
	return []audit.Event{
		{Title: "1:1 Alex", Start: at(16, 9, 30), End: at(16, 10, 0), Organizer: audit.Person{Email: "me@corp.example"},
			Attendees:  []audit.Attendee{p("me@corp.example", audit.ResponseAccepted), p("alex@corp.example", audit.ResponseAccepted)},
			MyResponse: audit.ResponseAccepted, SeriesID: "s-alex", Calendar: "Work", Status: audit.StatusConfirmed},
		{Title: "Planning, Q2 \"big\" one", Start: at(17, 13, 0), End: at(17, 14, 30), Status: audit.StatusTentative,
			Organizer: audit.Person{Email: "pm@corp.example"}, MyResponse: audit.ResponseDeclined, Calendar: "Work",
			Attendees: []audit.Attendee{p("pm@corp.example", audit.ResponseAccepted), p("me@corp.example", audit.ResponseDeclined)}},
		{Title: "Late deploy", Start: at(18, 23, 0), End: at(19, 1, 0), Status: audit.StatusConfirmed},
		{Title: "Cancelled sync", Start: at(19, 15, 0), End: at(19, 16, 0), Status: audit.StatusCancelled},
		{Title: "Conference", Start: at(20, 0, 0), End: at(21, 0, 0), AllDay: true, Status: audit.StatusConfirmed},
		{Title: "Across the spring change", Start: at(29, 1, 0), End: at(29, 4, 0), Status: audit.StatusConfirmed},
		{Title: "Zero length reminder", Start: at(27, 12, 0), End: at(27, 12, 0), Status: audit.StatusConfirmed},
		{Title: "Ünïcode — 会議", Start: at(27, 8, 0), End: at(27, 8, 45), Status: audit.StatusConfirmed},
	}
}

// Run runs the contract against a kind.
func Run(t *testing.T, h Harness) {
	for _, zone := range []string{"Europe/Berlin", "America/New_York", "UTC"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		t.Run("RoundTrip/"+zone, func(t *testing.T) { roundTrip(t, h, loc) })
	}
	t.Run("Cancelled", func(t *testing.T) {
		src := h.New(t, Fixture(time.UTC), time.UTC)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := src.Fetch(ctx, sources.Request{Location: time.UTC})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Fetch with a cancelled context = %v, want context.Canceled", err)
		}
	})
	t.Run("Occurrences", func(t *testing.T) { occurrences(t, h) })
	t.Run("Garbage", func(t *testing.T) {
		for _, junk := range [][]byte{nil, []byte("\x00\x01\x02"), []byte(strings.Repeat("\"", 1000)), []byte("not a calendar\n")} {
			src := h.Garbage(t, junk)
			res, err := src.Fetch(context.Background(), sources.Request{Location: time.UTC})
			if err == nil && len(res.Events) > 0 {
				t.Errorf("garbage %q gave events: %+v", junk, res.Events)
			}
			if err != nil && !strings.Contains(err.Error(), src.Name()) && src.Name() != "-" {
				t.Errorf("error %q does not name the source %q", err, src.Name())
			}
		}
	})
}

func roundTrip(t *testing.T, h Harness, loc *time.Location) {
	want := Fixture(loc)
	src := h.New(t, want, loc)
	if h.Caps.OmitsCancelled {
		kept := want[:0]
		for _, e := range want {
			if e.Status != audit.StatusCancelled {
				kept = append(kept, e)
			}
		}
		want = kept
	}
	if src.Name() == "" {
		t.Error("Name() is empty")
	}
	res, err := src.Fetch(context.Background(), sources.Request{Location: loc})
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if len(res.Skipped) > 0 {
		t.Errorf("skipped records: %+v", res.Skipped)
	}
	got := res.Events
	if len(got) != len(want) {
		t.Fatalf("got %d events, want %d (every event exactly once)", len(got), len(want))
	}
	sortEvents(got)
	sortEvents(want)
	for i := range want {
		g, w := &got[i], &want[i]
		where := fmt.Sprintf("event %q", w.Title)
		if g.Title != w.Title {
			t.Errorf("%s: title %q", where, g.Title)
		}
		if !g.Start.Equal(w.Start) || !g.End.Equal(w.End) {
			t.Errorf("%s: %v - %v, want %v - %v", where, g.Start, g.End, w.Start, w.End)
		}
		if g.AllDay != w.AllDay {
			t.Errorf("%s: all-day %v, want %v", where, g.AllDay, w.AllDay)
		}
		if g.Source.Source == "" || (g.Source.Line == 0 && g.Source.Record == 0) {
			t.Errorf("%s: provenance %+v names no source and line or record", where, g.Source)
		}
		if h.Caps.Status && g.Status != w.Status {
			t.Errorf("%s: status %q, want %q", where, g.Status, w.Status)
		}
		if h.Caps.Series && g.SeriesID != w.SeriesID {
			t.Errorf("%s: series %q, want %q", where, g.SeriesID, w.SeriesID)
		}
		if h.Caps.Calendar && g.Calendar != w.Calendar {
			t.Errorf("%s: calendar %q, want %q", where, g.Calendar, w.Calendar)
		}
		if h.Caps.MyResponse && g.MyResponse != w.MyResponse {
			t.Errorf("%s: my response %q, want %q", where, g.MyResponse, w.MyResponse)
		}
		if h.Caps.Attendees {
			if !strings.EqualFold(g.Organizer.Email, w.Organizer.Email) {
				t.Errorf("%s: organizer %v, want %v", where, g.Organizer, w.Organizer)
			}
			if emails(g.Attendees) != emails(w.Attendees) {
				t.Errorf("%s: attendees %s, want %s", where, emails(g.Attendees), emails(w.Attendees))
			}
		}
	}
}

func sortEvents(es []audit.Event) {
	sort.SliceStable(es, func(i, j int) bool {
		if !es[i].Start.Equal(es[j].Start) {
			return es[i].Start.Before(es[j].Start)
		}
		return es[i].Title < es[j].Title
	})
}

func emails(as []audit.Attendee) string {
	var out []string
	for _, a := range as {
		out = append(out, strings.ToLower(a.Email))
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

// occurrences: a read that asks for occurrences as small records gives,
// flattened, the events a plain read gives, each record naming one of its
// events (a source may answer with events as ever).
func occurrences(t *testing.T, h Harness) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	// Each read is of its own copy of the fixture: its name is taken out.
	fetch := func(occs bool) *sources.Result {
		src := h.New(t, Fixture(loc), loc)
		res, err := src.Fetch(context.Background(), sources.Request{Location: loc, Occurrences: occs})
		if err != nil {
			t.Fatalf("Fetch (occurrences %v): %v", occs, err)
		}
		for i := range res.Events {
			res.Events[i].Source.Source = ""
		}
		for i, n := range res.Notes {
			res.Notes[i] = strings.ReplaceAll(n, src.Name(), "SOURCE")
		}
		return res
	}
	plain, compact := fetch(false), fetch(true)
	for i, o := range compact.Occurrences {
		if o.Event < 0 || int(o.Event) >= len(compact.Events) {
			t.Fatalf("occurrence %d names event %d of %d", i, o.Event, len(compact.Events))
		}
	}
	compact.Flatten()
	if !reflect.DeepEqual(plain.Events, compact.Events) || !reflect.DeepEqual(plain.Notes, compact.Notes) {
		t.Errorf("the occurrences, flattened, are not the plain read's events:\n %+v\n %+v", plain.Events, compact.Events)
	}
}
