package audit

import (
	"strconv"
	"strings"
	"time"
)

// Response is an attendee's answer to an invitation. It is a byte, not a
// string: millions of events carry one (and their attendees one each).
type Response uint8

// The responses an attendee can give; ResponseUnknown when a source does not say.
const (
	ResponseUnknown Response = iota
	ResponseAccepted
	ResponseTentative
	ResponseDeclined
	ResponseNeedsAction
)

var responseText = [...]string{"", "accepted", "tentative", "declined", "needs-action"}

// String is the response as JSON and CSV write it; "" when unknown.
func (r Response) String() string {
	if int(r) < len(responseText) {
		return responseText[r]
	}
	return "response " + strconv.Itoa(int(r))
}

// MarshalText writes the response's name.
func (r Response) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// ParseResponse reads the spellings calendar software uses for a response:
// RFC 5545 PARTSTAT values, Google's responseStatus and plain words.
func ParseResponse(s string) (Response, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return ResponseUnknown, true
	case "accepted", "accept", "yes", "going":
		return ResponseAccepted, true
	case "tentative", "maybe":
		return ResponseTentative, true
	case "declined", "decline", "no", "not going":
		return ResponseDeclined, true
	case "needs-action", "needsaction", "needs action", "none", "invited", "no response", "pending":
		return ResponseNeedsAction, true
	}
	return ResponseUnknown, false
}

// Status is the event's own status (RFC 5545 STATUS), a byte.
type Status uint8

// Event statuses. An unset status (the zero value, "") reads as confirmed.
const (
	StatusUnset Status = iota
	StatusConfirmed
	StatusTentative
	StatusCancelled
)

var statusText = [...]string{"", "confirmed", "tentative", "cancelled"}

// String is the status as JSON and CSV write it.
func (s Status) String() string {
	if int(s) < len(statusText) {
		return statusText[s]
	}
	return "status " + strconv.Itoa(int(s))
}

// MarshalText writes the status's name.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseStatus reads an event status; "" is confirmed.
func ParseStatus(s string) (Status, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "confirmed", "busy", "accepted":
		return StatusConfirmed, true
	case "tentative":
		return StatusTentative, true
	case "cancelled", "canceled":
		return StatusCancelled, true
	}
	return StatusUnset, false
}

// ShowAs says whether the event blocks the time (RFC 5545 TRANSP, Outlook's
// "Show time as", Google's transparency), a byte.
type ShowAs uint8

// ShowAs values. ShowAsBusy is the default when a source does not say; the
// zero value is unset, which is busy too.
const (
	ShowAsUnset ShowAs = iota
	ShowAsBusy
	ShowAsFree
	ShowAsTentative
	ShowAsOutOfOffice
	ShowAsWorkingElsewhere
)

var showAsText = [...]string{"", "busy", "free", "tentative", "out-of-office", "working-elsewhere"}

// String is the value as JSON and CSV write it.
func (s ShowAs) String() string {
	if int(s) < len(showAsText) {
		return showAsText[s]
	}
	return "show-as " + strconv.Itoa(int(s))
}

// MarshalText writes the value's name.
func (s ShowAs) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Busy reports whether the event blocks the time.
func (s ShowAs) Busy() bool { return s != ShowAsFree }

// Event types. Sources that know them (Google's eventType) say so; the rest
// leave TypeDefault. Working locations and birthdays mark a day; they are
// not time spent, and the audit leaves them out.
const (
	TypeDefault         = "default"
	TypeFocusTime       = "focusTime"
	TypeOutOfOffice     = "outOfOffice"
	TypeWorkingLocation = "workingLocation"
	TypeBirthday        = "birthday"
)

// Person is an organizer or attendee. Either field may be empty.
type Person struct {
	Email string
	Name  string
}

// String renders the person as "Name <email>", or whichever part is known.
func (p Person) String() string {
	switch {
	case p.Name != "" && p.Email != "":
		return p.Name + " <" + p.Email + ">"
	case p.Email != "":
		return p.Email
	}
	return p.Name
}

// IsZero reports whether nothing is known about the person.
func (p Person) IsZero() bool { return p.Email == "" && p.Name == "" }

// Attendee is a person invited to an event.
type Attendee struct {
	Person
	Response Response
	Self     bool // this attendee is the user (set by the source or by --me)
	Optional bool
	Resource bool // a room or equipment, not a person
}

// Provenance says where an event came from, for messages: a file and line,
// or a record number when lines do not apply.
type Provenance struct {
	Source string // the source as the user named it: a path, "-" for stdin, a URL
	Line   int    // 1-based line where the record starts; 0 when unknown
	Record int    // 1-based record number; 0 when unknown
}

// String renders "file:line", "source#record" or just the source.
func (p Provenance) String() string {
	name := p.Source
	if name == "-" {
		name = "<stdin>"
	}
	switch {
	case p.Line > 0:
		return name + ":" + strconv.Itoa(p.Line)
	case p.Record > 0:
		return name + "#" + strconv.Itoa(p.Record)
	}
	return name
}

// Event is one calendar event (one occurrence of a recurring series), as
// every source delivers it.
//
// Timed events have Start and End. Some inputs carry only a duration (the
// article's title,duration export): Start and End are zero and Duration is
// set; see Timed. Others carry a date and a duration but no time of day:
// DateOnly is set, Start is that day's midnight and End = Start + Duration.
// All-day events have AllDay set and Start/End at midnight of their first
// and (exclusive) last day in the zone the source was asked for.
type Event struct {
	Title      string
	Start, End time.Time
	Duration   time.Duration // set when the source has no times; see Length
	Calendar   string
	Organizer  Person
	Attendees  []Attendee
	Type       string // TypeDefault, TypeFocusTime, TypeOutOfOffice, or a source's own
	SeriesID   string // shared by the occurrences of one recurring series
	// UID identifies the event across calendars (iCalendar UID, Google's
	// iCalUID); RecurrenceID is the occurrence's original start within its
	// series (RECURRENCE-ID, originalStartTime), zero for a one-off. Two
	// sources holding the same invitation give it the same UID and
	// RecurrenceID (or start), and it counts once.
	UID          string
	RecurrenceID time.Time
	Description  string
	Location     string
	// Categories are the event's own labels (Outlook's colour categories),
	// for the rules' outlook_category:.
	Categories []string
	Source     Provenance
	// The small fields together, packed into one word: there may be
	// millions of events.
	AllDay     bool
	DateOnly   bool      // the day is known, the time of day is not
	Guests     GuestList // what the source knows of the invitation list
	MyResponse Response  // the user's own response, when known
	Status     Status
	ShowAs     ShowAs
	// DetailsHidden marks an event whose calendar shows only that the time
	// is busy (a calendar shared free/busy only, a private event read as a
	// reader): no title, no guests. It blocks the time but is not classified.
	DetailsHidden bool
}

// Occurrence is one instance of an event, for a source that gives a
// series' details once and its instances as these small records (see
// Options.Occurrences): the index of its event, and its own times, which
// stand for the event's Start and End. It is its event moved in time: its
// RecurrenceID is the event's (zero if that is zero) moved as far as its
// start is from the event's (see RecurrenceID).
type Occurrence struct {
	Start, End time.Time
	Event      int32
}

// RecurrenceID is the occurrence's RecurrenceID, as an event of e (its
// event): e's, moved as far as o's start is from e's.
func (o *Occurrence) RecurrenceID(e *Event) time.Time {
	if e.RecurrenceID.IsZero() {
		return time.Time{}
	}
	return e.RecurrenceID.Add(o.Start.Sub(e.Start))
}

// Flatten is the occurrences as events of their own: each a copy of its
// event with its own times, in the occurrences' order.
func Flatten(events []Event, occs []Occurrence) []Event {
	l := eventList{events, occs}
	out := make([]Event, len(occs))
	for i := range out {
		l.at(i, &out[i])
	}
	return out
}

// eventList is Build's input: events, or events with their occurrences
// given apart (occs not nil).
type eventList struct {
	events []Event
	occs   []Occurrence
}

func (l eventList) len() int {
	if l.occs != nil {
		return len(l.occs)
	}
	return len(l.events)
}

// at is the i-th event of the list with its own times, and the index of
// the event it is in l.events: a flat list's own; an occurrence's event,
// copied into *scratch with the occurrence's times.
func (l eventList) at(i int, scratch *Event) (*Event, int) {
	if l.occs == nil {
		return &l.events[i], i
	}
	o := &l.occs[i]
	return l.timed(i, &l.events[o.Event], scratch), int(o.Event)
}

// timed is e copied into *scratch with occurrence i's times.
func (l eventList) timed(i int, e, scratch *Event) *Event {
	o := &l.occs[i]
	*scratch = *e
	scratch.Start, scratch.End, scratch.RecurrenceID = o.Start, o.End, o.RecurrenceID(e)
	return scratch
}

// Timed reports whether the event has a place in time (not a bare duration).
func (e *Event) Timed() bool { return !e.Start.IsZero() }

// HasTimeOfDay reports whether the event's start and end times are known,
// which the time-of-day analyses need.
func (e *Event) HasTimeOfDay() bool { return e.Timed() && !e.DateOnly }

// Length is the event's duration: End-Start when timed, else Duration.
func (e *Event) Length() time.Duration {
	if e.Timed() {
		return e.End.Sub(e.Start)
	}
	return e.Duration
}

// Recurring reports whether the event is an occurrence of a series.
func (e *Event) Recurring() bool { return e.SeriesID != "" }

// PeopleCount is the number of distinct people on the invitation, the
// organizer included and rooms excluded: a 1-on-1 has two.
func (e *Event) PeopleCount() int {
	n := 0
	orgCounted := e.Organizer.IsZero()
	seen := newPeopleSeen(len(e.Attendees))
	for i := range e.Attendees {
		a := &e.Attendees[i]
		if a.Resource || a.IsZero() {
			continue
		}
		if seen.repeat(e.Attendees[:i], a.Person) {
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

// peopleSeen tells whether a person repeats an earlier attendee, as
// samePerson compares them: by address when both have one, else by name.
// Short lists are compared pairwise; long ones (an all-company invitation
// of 100,000 entries) through maps, in linear time.
type peopleSeen struct {
	emails, names, namesNoEmail map[string]bool
}

const pairwisePeople = 32

func newPeopleSeen(n int) *peopleSeen {
	if n <= pairwisePeople {
		return nil
	}
	return &peopleSeen{emails: make(map[string]bool, n), names: make(map[string]bool, n), namesNoEmail: map[string]bool{}}
}

// repeat reports whether p is one of the earlier (non-resource) attendees,
// and records p; earlier are the attendees before p, for the pairwise case.
func (s *peopleSeen) repeat(earlier []Attendee, p Person) bool {
	if s == nil {
		for j := range earlier {
			if !earlier[j].Resource && samePerson(earlier[j].Person, p) {
				return true
			}
		}
		return false
	}
	email, name := strings.ToLower(p.Email), strings.ToLower(p.Name)
	dup := false
	switch {
	case email != "":
		dup = s.emails[email] || (name != "" && s.namesNoEmail[name])
	case name != "":
		dup = s.names[name]
	}
	if email != "" {
		s.emails[email] = true
	} else if name != "" {
		s.namesNoEmail[name] = true
	}
	if name != "" {
		s.names[name] = true
	}
	return dup
}

func samePerson(a, b Person) bool {
	if a.Email != "" && b.Email != "" {
		return strings.EqualFold(a.Email, b.Email)
	}
	return a.Name != "" && strings.EqualFold(a.Name, b.Name)
}
