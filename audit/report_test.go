package audit

import (
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// fakeClassifier is a function-field fake.
type fakeClassifier struct {
	ClassifyFn func(*Event) Match
	Cats       []Category
}

var _ Classifier = (*fakeClassifier)(nil)

func (f *fakeClassifier) Classify(e *Event) Match { return f.ClassifyFn(e) }
func (f *fakeClassifier) Categories() []Category  { return f.Cats }

// byPrefix classifies by the title's first word: "A ..." -> category A.
var byPrefix = &fakeClassifier{
	Cats: []Category{{"A", KindMeeting}, {"B", KindMeeting}, {"C", KindFocus}, {"Skip", KindIgnore}, {"Other", KindMeeting}},
	ClassifyFn: func(e *Event) Match {
		first, _, _ := strings.Cut(e.Title, " ")
		switch first {
		case "A", "B":
			return Match{Category: first, Kind: KindMeeting, Rule: first + "#1", Why: "prefix"}
		case "C":
			return Match{Category: first, Kind: KindFocus, Rule: "C#1", Why: "prefix"}
		case "Skip":
			return Match{Category: "Skip", Kind: KindIgnore, Rule: "Skip#1", Why: "prefix"}
		}
		return Match{Category: "Other", Kind: KindMeeting, Why: "no rule matched"}
	},
}

func includingDeclined() *Settings {
	s := DefaultSettings()
	s.Policy.Declined = true
	return &s
}

func at(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, time.UTC) }

func ev(title string, d, h, m int, length time.Duration) Event {
	s := at(d, h, m)
	return Event{Title: title, Start: s, End: s.Add(length), Status: StatusConfirmed, ShowAs: ShowAsBusy}
}

var week12 = Range{From: at(16, 0, 0), To: at(23, 0, 0)}

func TestBuildLeftOut(t *testing.T) {
	declined := ev("A declined", 17, 9, 0, time.Hour)
	declined.Attendees = []Attendee{{Person: Person{Email: "ME@corp.example"}, Response: ResponseDeclined}}
	cancelledOutside := ev("A cancelled and outside", 10, 9, 0, time.Hour)
	cancelledOutside.Status = StatusCancelled
	cancelled := ev("A cancelled", 17, 11, 0, time.Hour)
	cancelled.Status = StatusCancelled
	allDay := Event{Title: "A holiday", Start: at(18, 0, 0), End: at(19, 0, 0), AllDay: true}
	events := []Event{
		ev("A kept", 16, 9, 0, time.Hour),
		ev("B outside", 23, 9, 0, time.Hour),
		cancelledOutside,
		cancelled,
		declined,
		allDay,
		ev("Skip this", 19, 9, 0, time.Hour),
	}
	skipped := []Skipped{{Source: Provenance{Source: "x.csv", Line: 4}, Err: "bad"}}
	r := Build(events, skipped, byPrefix, Options{Range: week12, Me: []string{"me@corp.example"}})
	want := []LeftOut{{OutsideRange, 2}, {Cancelled, 1}, {DeclinedByMe, 1}, {AllDay, 1}, {IgnoredByRule, 1}, {Invalid, 1}}
	if !reflect.DeepEqual(r.LeftOut, want) {
		t.Errorf("LeftOut = %v, want %v", r.LeftOut, want)
	}
	if r.Total.Events != 1 || r.Total.Time != time.Hour {
		t.Errorf("Total = %+v, want 1 event, 1h", r.Total)
	}
	if len(r.Items) != 2 || r.Items[1].Counted() {
		t.Errorf("Items should hold the kept event and the ignored one: %+v", r.Items)
	}
	if events[4].MyResponse != ResponseUnknown || events[4].Attendees[0].Self {
		t.Error("Build modified its input")
	}

	r = Build(events, nil, byPrefix, Options{Range: week12, Me: []string{"me@corp.example"}, Settings: includingDeclined()})
	if r.LeftOutCount(DeclinedByMe) != 0 || r.Total.Events != 2 {
		t.Errorf("with IncludeDeclined: left out %v, counted %d", r.LeftOut, r.Total.Events)
	}
}

func TestBuildTotalsClipAndOrder(t *testing.T) {
	events := []Event{
		ev("B one", 17, 9, 0, 30*time.Minute),
		ev("A crossing the start", 15, 23, 0, 2*time.Hour), // 1h inside
		ev("C focus", 18, 13, 0, 2*time.Hour),
		ev("A two", 16, 10, 0, 30*time.Minute),
		ev("B two", 16, 11, 0, time.Hour),
		ev("Untitled", 22, 23, 30, time.Hour), // 30m inside
	}
	r := Build(events, nil, byPrefix, Options{Range: week12})
	var got []string
	var sum time.Duration
	for _, c := range r.Categories {
		got = append(got, c.Name+"="+FormatHM(c.Time))
		sum += c.Time
	}
	// Largest first; A and B tie at 1:30 and keep their declaration order.
	want := []string{"C=2:00", "A=1:30", "B=1:30", "Other=0:30"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("categories = %v, want %v", got, want)
	}
	if sum != r.Total.Time || r.Total.Time != 5*time.Hour+30*time.Minute {
		t.Errorf("categories sum to %v, total %v, want both 5h30m", sum, r.Total.Time)
	}
	var shares float64
	for _, c := range r.Categories {
		shares += c.Share
	}
	if shares < 0.9999 || shares > 1.0001 {
		t.Errorf("shares sum to %v", shares)
	}
	// Items are in start order and clipped.
	if !r.Items[0].Start.Equal(week12.From) || r.Items[0].Length != time.Hour {
		t.Errorf("first item = %v +%v, want the range start +1h", r.Items[0].Start, r.Items[0].Length)
	}
	for i := 1; i < len(r.Items); i++ {
		if r.Items[i].Start.Before(r.Items[i-1].Start) {
			t.Errorf("items out of order at %d", i)
		}
	}
	if last := r.Items[len(r.Items)-1]; !last.End.Equal(week12.To) {
		t.Errorf("last item ends %v, want the range end", last.End)
	}
}

func TestBuildTiesKeepDeclarationOrder(t *testing.T) {
	events := []Event{ev("B x", 17, 9, 0, time.Hour), ev("A x", 17, 11, 0, time.Hour)}
	r := Build(events, nil, byPrefix, Options{Range: week12})
	if r.Categories[0].Name != "A" || r.Categories[1].Name != "B" {
		t.Errorf("tie order = %s, %s; want A, B (declaration order)", r.Categories[0].Name, r.Categories[1].Name)
	}
}

func TestBuildDerivesRange(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	events := []Event{
		ev("A", 17, 22, 30, time.Hour), // 23:30-00:30 Berlin: ends on the 18th
		ev("B", 16, 8, 0, time.Hour),
	}
	r := Build(events, nil, byPrefix, Options{Location: berlin})
	if !r.RangeDerived || r.Range.From.Format(time.DateOnly) != "2026-03-16" || r.Range.To.Format(time.DateOnly) != "2026-03-23" {
		t.Errorf("derived range = %v (derived %v), want the ISO week 2026-03-16 .. 2026-03-23", r.Range, r.RangeDerived)
	}
	// An event ending at midnight on Monday does not pull in the next week.
	sunday := Event{Title: "A", Start: time.Date(2026, 3, 22, 22, 0, 0, 0, berlin), End: time.Date(2026, 3, 23, 0, 0, 0, 0, berlin)}
	r = Build([]Event{sunday}, nil, byPrefix, Options{Location: berlin})
	if r.Range.Label() != "2026-W12" {
		t.Errorf("derived range %s, want 2026-W12", r.Range.Label())
	}
	if r.LeftOutCount(OutsideRange) != 0 || r.Total.Time != 2*time.Hour {
		t.Errorf("a derived range must hold every event: %+v", r)
	}
}

func TestBuildUntimed(t *testing.T) {
	events := []Event{{Title: "A", Duration: 90 * time.Minute}, {Title: "B", Duration: 30 * time.Minute}}
	r := Build(events, nil, byPrefix, Options{Location: time.UTC})
	if !r.Range.IsZero() || r.Untimed != 2 || r.Total.Time != 2*time.Hour {
		t.Fatalf("untimed report = %+v", r)
	}
	if len(r.Notes) != 2 || !strings.Contains(r.Notes[0], "time-of-day analyses are unavailable") || !strings.Contains(r.Notes[1], "meeting size is unknown") {
		t.Errorf("notes = %q", r.Notes)
	}
	// Mixed with timed and dated events under a range: undated ones count,
	// dated ones obey the range, and the notes say so.
	dated := func(title string, d int) Event {
		return Event{Title: title, Start: at(d, 0, 0), End: at(d, 0, 30), Duration: 30 * time.Minute, DateOnly: true}
	}
	events = append(events, ev("A timed", 17, 9, 0, time.Hour), dated("B dated", 18), dated("B dated outside", 25))
	r = Build(events, nil, byPrefix, Options{Range: week12})
	want := []string{
		"2 events have a duration but no date: they count in the totals, but no range applies to them and time-of-day analyses cannot place them",
		"1 event has a date and a duration but no time of day: time-of-day analyses cannot place them",
		"the input lists no attendees: meeting size is unknown, so meetings of one (solo holds) and 1-on-1s by size cannot be told",
	}
	if r.Total.Events != 4 || r.LeftOutCount(OutsideRange) != 1 || !reflect.DeepEqual(r.Notes, want) {
		t.Errorf("mixed: total %d, outside %d, notes %q", r.Total.Events, r.LeftOutCount(OutsideRange), r.Notes)
	}
	r = Build([]Event{dated("A", 17)}, nil, byPrefix, Options{Range: week12})
	if len(r.Notes) != 2 || !strings.HasPrefix(r.Notes[0], "the input has dates and durations but no times of day") {
		t.Errorf("dated only: notes %q", r.Notes)
	}
}

func TestMarkSelf(t *testing.T) {
	me := []string{"me@corp.example"}
	tests := []struct {
		name string
		e    Event
		want Response
	}{
		{"my attendee entry", Event{Attendees: []Attendee{{Person: Person{Email: "x@corp.example"}, Response: ResponseDeclined}, {Person: Person{Email: "Me@Corp.Example"}, Response: ResponseTentative}}}, ResponseTentative},
		{"the organizer is me", Event{Organizer: Person{Email: "me@corp.example"}}, ResponseAccepted},
		{"organizer and attendee without a response", Event{Organizer: Person{Email: "me@corp.example"}, Attendees: []Attendee{{Person: Person{Email: "me@corp.example"}}}}, ResponseAccepted},
		{"the source said", Event{MyResponse: ResponseDeclined, Attendees: []Attendee{{Person: Person{Email: "me@corp.example"}, Response: ResponseAccepted}}}, ResponseDeclined},
		{"not invited", Event{Attendees: []Attendee{{Person: Person{Email: "x@corp.example"}, Response: ResponseDeclined}}}, ResponseUnknown},
	}
	for _, tt := range tests {
		before := tt.e
		got := markSelf(&tt.e, lowerAll(me))
		if got.MyResponse != tt.want {
			t.Errorf("%s: MyResponse = %q, want %q", tt.name, got.MyResponse, tt.want)
		}
		if !reflect.DeepEqual(before, tt.e) {
			t.Errorf("%s: markSelf modified its input", tt.name)
		}
	}
}

func TestPeopleCount(t *testing.T) {
	p := func(email string) Attendee { return Attendee{Person: Person{Email: email}} }
	tests := []struct {
		name string
		e    Event
		want int
	}{
		{"nobody", Event{}, 0},
		{"organizer only", Event{Organizer: Person{Email: "me@x"}}, 1},
		{"organizer among attendees", Event{Organizer: Person{Email: "ME@x"}, Attendees: []Attendee{p("me@x"), p("you@x")}}, 2},
		{"organizer not listed", Event{Organizer: Person{Email: "boss@x"}, Attendees: []Attendee{p("me@x"), p("you@x")}}, 3},
		{"duplicates and a room", Event{Attendees: []Attendee{p("me@x"), p("Me@X"), p("you@x"), {Person: Person{Name: "Room 4"}, Resource: true}}}, 2},
		{"names only", Event{Organizer: Person{Name: "Alex"}, Attendees: []Attendee{{Person: Person{Name: "alex"}}, {Person: Person{Name: "Sam"}}}}, 2},
	}
	for _, tt := range tests {
		if got := tt.e.PeopleCount(); got != tt.want {
			t.Errorf("%s: PeopleCount = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestBuildResponses(t *testing.T) {
	withResp := func(title string, d int, r Response) Event {
		e := ev(title, d, 9, 0, time.Hour)
		e.Attendees = []Attendee{{Person: Person{Email: "me@x"}, Response: r}}
		return e
	}
	events := []Event{
		withResp("A one", 16, ResponseAccepted),
		withResp("A two", 17, ResponseTentative),
		withResp("A three", 18, ResponseNeedsAction),
		withResp("A four", 19, ResponseNeedsAction),
		withResp("A five", 20, ResponseDeclined),
		ev("A six", 20, 11, 0, time.Hour), // no attendees: unknown
	}
	r := Build(events, nil, byPrefix, Options{Range: week12, Me: []string{"me@x"}})
	want := ResponseCounts{Accepted: 1, Tentative: 1, NeedsAction: 2, Declined: 1, Unknown: 1}
	if r.Responses != want {
		t.Errorf("Responses = %+v, want %+v", r.Responses, want)
	}
	r = Build(events, nil, byPrefix, Options{Range: week12, Me: []string{"me@x"}, Settings: includingDeclined()})
	if r.Responses.Declined != 1 || r.Total.Events != 6 {
		t.Errorf("with declined included: %+v, %d counted", r.Responses, r.Total.Events)
	}
}

// sortStable gives what a stable sort of the items themselves gives.
func TestSortStablePermutation(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	for n := range 200 {
		items := make([]Item, n)
		base := time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)
		for i := range items {
			items[i] = Item{Interval: Interval{Start: base.Add(time.Duration(rnd.Intn(10)) * time.Hour)}, Length: time.Duration(i)}
		}
		want := slices.Clone(items)
		by := func(a, b Item) int { return a.Start.Compare(b.Start) }
		slices.SortStableFunc(want, by)
		sortStable(items, by)
		for i := range items {
			if items[i].Length != want[i].Length {
				t.Fatalf("n=%d: position %d holds item %d, want %d", n, i, items[i].Length, want[i].Length)
			}
		}
	}
}

// A long guest list is counted through maps: the same count as comparing
// every entry with every other.
func TestPeopleCountLongLists(t *testing.T) {
	rnd := rand.New(rand.NewSource(3))
	pairwise := func(e *Event) int {
		n := 0
		orgCounted := e.Organizer.IsZero()
		for i := range e.Attendees {
			a := &e.Attendees[i]
			if a.Resource || a.IsZero() {
				continue
			}
			dup := false
			for j := 0; j < i; j++ {
				if !e.Attendees[j].Resource && samePerson(e.Attendees[j].Person, a.Person) {
					dup = true
					break
				}
			}
			if dup {
				continue
			}
			n++
			if !orgCounted && samePerson(a.Person, e.Organizer) {
				orgCounted = true
			}
		}
		if !orgCounted {
			n++
		}
		return n
	}
	names := []string{"", "Ann", "ann", "Bob", "Cy"}
	emails := []string{"", "a@x", "A@x", "b@x", "c@x", "d@x"}
	for round := range 500 {
		e := Event{Organizer: Person{Email: emails[rnd.Intn(len(emails))], Name: names[rnd.Intn(len(names))]}}
		for range 33 + rnd.Intn(40) {
			e.Attendees = append(e.Attendees, Attendee{Person: Person{Email: emails[rnd.Intn(len(emails))], Name: names[rnd.Intn(len(names))]}, Resource: rnd.Intn(10) == 0})
		}
		if got, want := e.PeopleCount(), pairwise(&e); got != want {
			t.Fatalf("round %d: %d people, pairwise %d: %+v", round, got, want, e.Attendees)
		}
	}
}

// Marking in place (Options.Owned) gives the report marking copies gives:
// occurrences sharing attendee lists, the user attending, declining,
// organizing with and without guests, and someone else's meeting; the
// attendee lists themselves are never changed.
func TestBuildOwned(t *testing.T) {
	shared := []Attendee{{Person: Person{Email: "me@x"}, Response: ResponseAccepted}, {Person: Person{Email: "ann@x"}}}
	declined := []Attendee{{Person: Person{Email: "ME@x"}, Response: ResponseDeclined}, {Person: Person{Email: "bo@x"}}}
	var events []Event
	for d := 16; d <= 20; d++ {
		a := ev("A weekly", d, 9, 0, time.Hour)
		a.Attendees = shared
		b := ev("A declined", d, 11, 0, time.Hour)
		b.Attendees = declined
		c := ev("A hold", d, 13, 0, time.Hour)
		c.Organizer = Person{Email: "me@x"}
		o := ev("A theirs", d, 15, 0, time.Hour)
		o.Organizer, o.Attendees = Person{Email: "cy@x"}, []Attendee{{Person: Person{Email: "dee@x"}}}
		events = append(events, a, b, c, o)
	}
	copies := func() []Event {
		out := slices.Clone(events)
		for i := range out {
			out[i].Attendees = slices.Clone(out[i].Attendees)
		}
		return out
	}
	before := copies()
	want := Build(copies(), nil, byPrefix, Options{Range: week12, Me: []string{"me@x"}, KeepLeftOut: true})
	owned := copies()
	lists := make([][]Attendee, len(owned))
	for i := range owned {
		lists[i] = owned[i].Attendees
	}
	got := Build(owned, nil, byPrefix, Options{Range: week12, Me: []string{"me@x"}, KeepLeftOut: true, Owned: true})
	if len(got.Items) != len(want.Items) || len(got.LeftOutItems) != len(want.LeftOutItems) || got.Responses != want.Responses || got.Total != want.Total {
		t.Fatalf("owned: %d items, %d left out, %+v; copies: %d, %d, %+v", len(got.Items), len(got.LeftOutItems), got.Responses, len(want.Items), len(want.LeftOutItems), want.Responses)
	}
	for i := range got.Items {
		g, w := got.Items[i], want.Items[i]
		if g.Start != w.Start || *g.Match != *w.Match || g.Event.MyResponse != w.Event.MyResponse || !slices.Equal(g.Event.Attendees, w.Event.Attendees) {
			t.Errorf("item %d: owned %+v %v, copies %+v %v", i, g.Event.MyResponse, g.Event.Attendees, w.Event.MyResponse, w.Event.Attendees)
		}
	}
	for i := range lists {
		if !slices.Equal(lists[i], before[i].Attendees) {
			t.Fatalf("event %d: its attendee list was changed: %v", i, lists[i])
		}
	}
}
