package csv

import (
	"fmt"
	"sort"
	"strings"
)

// field is a piece of an event a column can hold.
type field int

const (
	fTitle field = iota
	fStart
	fEnd
	fDuration
	fStartDate
	fStartTime
	fEndDate
	fEndTime
	fAllDay
	fAttendees
	fOptional
	fOrganizer
	fDescription
	fLocation
	fStatus
	fResponse
	fCalendar
	fShowAs
	fType
	fSeries
	numFields
)

var fieldNames = [numFields]string{
	fTitle: "title", fStart: "start", fEnd: "end", fDuration: "duration",
	fStartDate: "start_date", fStartTime: "start_time", fEndDate: "end_date", fEndTime: "end_time",
	fAllDay: "all_day", fAttendees: "attendees", fOptional: "optional_attendees", fOrganizer: "organizer",
	fDescription: "description", fLocation: "location", fStatus: "status", fResponse: "response",
	fCalendar: "calendar", fShowAs: "show_as", fType: "type", fSeries: "series",
}

// FieldNames lists the fields --csv-columns can map, for help and errors.
func FieldNames() []string { return fieldNames[:] }

// aliases are the header names recognised for each field, normalised (see norm).
var aliases = [numFields][]string{
	fTitle:       {"title", "subject", "summary", "name", "event", "eventtitle", "eventname"},
	fStart:       {"start", "starts", "begin", "begins", "startdatetime", "dtstart", "from", "startat"},
	fEnd:         {"end", "ends", "finish", "enddatetime", "dtend", "to", "endat"},
	fDuration:    {"duration", "length", "minutes", "durationminutes"},
	fStartDate:   {"startdate", "date", "day"},
	fStartTime:   {"starttime"},
	fEndDate:     {"enddate"},
	fEndTime:     {"endtime"},
	fAllDay:      {"allday", "alldayevent", "isallday"},
	fAttendees:   {"attendees", "attendee", "participants", "guests", "invitees", "requiredattendees"},
	fOptional:    {"optionalattendees"},
	fOrganizer:   {"organizer", "organiser", "meetingorganizer", "organizeremail", "owner"},
	fDescription: {"description", "notes", "body", "details"},
	fLocation:    {"location", "where", "room", "place"},
	fStatus:      {"status", "eventstatus"},
	fResponse:    {"response", "myresponse", "responsestatus", "myresponsestatus", "rsvp", "partstat"},
	fCalendar:    {"calendar", "calendarname"},
	fShowAs:      {"showas", "showtimeas", "busystatus", "transparency", "freebusy", "availability"},
	fType:        {"type", "eventtype"},
	fSeries:      {"series", "seriesid", "recurringeventid", "recurringid"},
}

// outlookOnly are headers of Outlook's export that Google's import format lacks.
var outlookOnly = []string{"reminderonoff", "meetingorganizer", "requiredattendees", "optionalattendees",
	"meetingresources", "billinginformation", "categories", "mileage", "priority", "sensitivity", "showtimeas"}

// outlookOrder is the column order of Outlook's English calendar export,
// which other languages keep while translating the names.
var outlookOrder = [22]field{
	0: fTitle, 1: fStartDate, 2: fStartTime, 3: fEndDate, 4: fEndTime, 5: fAllDay,
	9: fOrganizer, 10: fAttendees, 11: fOptional, 15: fDescription, 16: fLocation, 21: fShowAs,
	6: -1, 7: -1, 8: -1, 12: -1, 13: -1, 14: -1, 17: -1, 18: -1, 19: -1, 20: -1,
}

// format is a CSV layout timeaudit recognises.
type format int

const (
	formatGeneric   format = iota // start/end (or duration) columns
	formatDurations               // title,duration: no times at all (the article's export)
	formatOutlook                 // Outlook's "Export to a file" calendar CSV
	formatGoogle                  // Google Calendar's CSV import format
)

func (f format) String() string {
	return [...]string{"generic CSV", "title,duration CSV", "Outlook CSV", "Google Calendar CSV"}[f]
}

// layout maps fields to column indexes (-1: absent) and remembers the
// header names, for messages.
type layout struct {
	format format
	col    [numFields]int
	header []string
	note   string
}

func (l *layout) has(f field) bool { return l.col[f] >= 0 }

// name is the column's header as the file spells it.
func (l *layout) name(f field) string {
	if i := l.col[f]; i >= 0 && i < len(l.header) {
		return strings.TrimSpace(l.header[i])
	}
	return fieldNames[f]
}

func norm(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(h)) {
		switch r {
		case ' ', '_', '-', '/', '.', '\t', '"':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ParseColumns reads a --csv-columns value: "title=Subject,start=Begin".
func ParseColumns(spec string) (map[string]string, error) {
	out := map[string]string{}
	if strings.TrimSpace(spec) == "" {
		return out, nil
	}
	for _, pair := range strings.Split(spec, ",") {
		k, v, ok := strings.Cut(pair, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if !ok || k == "" || v == "" {
			return nil, fmt.Errorf("invalid --csv-columns entry %q: use FIELD=HEADER, e.g. title=Subject", pair)
		}
		if fieldByName(k) < 0 {
			return nil, fmt.Errorf("invalid --csv-columns field %q: valid fields are %s", k, strings.Join(FieldNames(), ", "))
		}
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("--csv-columns maps %q twice", k)
		}
		out[k] = v
	}
	return out, nil
}

func fieldByName(name string) field {
	for f, n := range fieldNames {
		if n == name {
			return field(f)
		}
	}
	return -1
}

// detect reads the header row: the user's --csv-columns first, then the
// known names, then the format.
func detect(header []string, columns map[string]string) (*layout, error) {
	l := &layout{header: header}
	for i := range l.col {
		l.col[i] = -1
	}
	normed := make([]string, len(header))
	for i, h := range header {
		normed[i] = norm(h)
	}
	find := func(name string) []int {
		var at []int
		for i, h := range header {
			if strings.EqualFold(strings.TrimSpace(h), name) {
				at = append(at, i)
			}
		}
		if len(at) == 0 {
			n := norm(name)
			for i, h := range normed {
				if h == n {
					at = append(at, i)
				}
			}
		}
		return at
	}
	// The user's mapping wins.
	keys := make([]string, 0, len(columns))
	for k := range columns {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	used := map[int]bool{}
	for _, k := range keys {
		at := find(columns[k])
		switch {
		case len(at) == 0:
			return nil, fmt.Errorf("--csv-columns %s=%s: no such column (the header has %s)", k, columns[k], quoteList(header))
		case len(at) > 1:
			return nil, fmt.Errorf("--csv-columns %s=%s: the header has %d columns of that name (columns %d and %d)", k, columns[k], len(at), at[0]+1, at[1]+1)
		}
		l.col[fieldByName(k)] = at[0]
		used[at[0]] = true
	}
	// Known names for the rest; the first column of a name wins.
	for f := field(0); f < numFields; f++ {
		if l.col[f] >= 0 {
			continue
		}
		for _, a := range aliases[f] {
			for i, h := range normed {
				if h == a && !used[i] {
					l.col[f], used[i] = i, true
					break
				}
			}
			if l.col[f] >= 0 {
				break
			}
		}
	}
	// A lone "Start Time" column with no date column holds whole date-times.
	if !l.has(fStart) && !l.has(fStartDate) && l.has(fStartTime) {
		l.col[fStart], l.col[fStartTime] = l.col[fStartTime], -1
		if !l.has(fEnd) && !l.has(fEndDate) && l.has(fEndTime) {
			l.col[fEnd], l.col[fEndTime] = l.col[fEndTime], -1
		}
	}
	// A date column beside start/end columns: those hold times of day.
	if l.has(fStartDate) && l.has(fStart) && !l.has(fStartTime) {
		l.col[fStartTime], l.col[fStart] = l.col[fStart], -1
		if l.has(fEnd) && !l.has(fEndTime) {
			l.col[fEndTime], l.col[fEnd] = l.col[fEnd], -1
		}
	}
	if !l.has(fTitle) && len(header) == len(outlookOrder) && len(columns) == 0 {
		for i, f := range outlookOrder {
			if f >= 0 {
				l.col[f] = i
			}
		}
		l.note = "the header names are not ones timeaudit knows, but it has Outlook's 22 columns: read in the column order of Outlook's calendar export (Subject, Start Date, Start Time, ...); map them with --csv-columns if that is wrong"
	}
	switch {
	case !l.has(fTitle):
		return nil, fmt.Errorf("no title column (looked for Title, Subject, Summary, Name); the header has %s; name it with --csv-columns title=HEADER", quoteList(header))
	case l.has(fStartDate):
		l.format = formatGeneric
		if l.has(fStartTime) && !l.has(fEndTime) && !l.has(fEnd) && !l.has(fDuration) {
			return nil, fmt.Errorf("column %q gives the start time, but there is no end time or duration column; name one with --csv-columns end_time=HEADER or duration=HEADER", l.name(fStartTime))
		}
		if l.has(fStartTime) && normed[l.col[fTitle]] == "subject" {
			l.format = formatGoogle
			for _, h := range normed {
				for _, o := range outlookOnly {
					if h == o {
						l.format = formatOutlook
					}
				}
			}
		}
	case l.has(fStart):
		l.format = formatGeneric
		if !l.has(fEnd) && !l.has(fDuration) {
			return nil, fmt.Errorf("column %q gives the start, but there is no end or duration column; name one with --csv-columns end=HEADER or duration=HEADER", l.name(fStart))
		}
	case l.has(fDuration):
		l.format = formatDurations
	default:
		return nil, fmt.Errorf("no start, start date or duration column; the header has %s; name them with --csv-columns start=HEADER,end=HEADER", quoteList(header))
	}
	return l, nil
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", strings.TrimSpace(s))
	}
	if len(q) > 12 {
		q = append(q[:12], "...")
	}
	return strings.Join(q, ", ")
}
