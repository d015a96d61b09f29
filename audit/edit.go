package audit

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// An Edit is one change to a week, for "what if" and for plans: move,
// drop, shorten or decline an event, or add a block. Edits work on the
// events the sources gave; the week is audited again after them, with the
// same rules, so that every figure is the audit's own.
type Edit struct {
	Op EditOp
	// Select names the event (move, drop, shorten, decline): a title or a
	// UID, and optionally a day.
	Select Selector
	// Day and At are where a moved or added event starts: a day of the
	// week (its midnight) and minutes from it.
	Day time.Time
	At  int
	// Length is the new length (shorten) or the added block's.
	Length time.Duration
	// Title is the added block's title; focus blocks are of the focus type.
	Title string
	// Spec is the edit as the user wrote it, for messages and the report.
	Spec string
}

// EditOp is what an edit does.
type EditOp int

// Edit operations.
const (
	EditMove EditOp = iota
	EditDrop
	EditShorten
	EditAdd
	EditDecline
)

var editNames = [...]string{"move", "drop", "shorten", "add", "decline"}

func (o EditOp) String() string { return editNames[o] }

// Selector names events by title (case-insensitive, whole title) or UID,
// optionally on one day.
type Selector struct {
	Text string
	Day  time.Time // zero for any day
}

// Matches reports whether the selector names e.
func (s Selector) Matches(e *Event, loc *time.Location) bool {
	if !strings.EqualFold(strings.TrimSpace(e.Title), s.Text) && e.UID != s.Text {
		return false
	}
	if s.Day.IsZero() {
		return true
	}
	y, m, d := e.Start.In(loc).Date()
	sy, sm, sd := s.Day.Date()
	return y == sy && m == sm && d == sd
}

// ParseEdit reads one edit as written on the command line, for a week:
//
//	move     "TITLE or UID[@DAY]=DAY HH:MM"     1:1 Alex@Wed=Mon 10:30
//	drop     "TITLE or UID[@DAY]"
//	shorten  "TITLE or UID[@DAY]=25m"
//	decline  "TITLE or UID[@DAY]"
//	add      "TITLE DAY HH:MM-HH:MM"            focus Tue 09:00-11:00
//
// A DAY is a weekday (Mon ... Sun, of the week) or a date (2026-03-18) in
// the week.
func ParseEdit(op EditOp, spec string, week Range) (Edit, error) {
	e := Edit{Op: op, Spec: spec}
	bad := func(format string, args ...any) (Edit, error) {
		return Edit{}, Usagef("--%s %s: %s", op, Quote(spec), fmt.Sprintf(format, args...))
	}
	switch op {
	case EditAdd:
		f := strings.Fields(spec)
		if len(f) < 3 {
			return bad(`expected "TITLE DAY HH:MM-HH:MM", such as "focus Tue 09:00-11:00"`)
		}
		day, err := weekDay(f[len(f)-2], week)
		if err != nil {
			return bad("%v", err)
		}
		from, to, ok := strings.Cut(f[len(f)-1], "-")
		a, err1 := clock(from)
		b, err2 := clock(to)
		if !ok || err1 != nil || err2 != nil || b <= a {
			return bad("%q is not a time span such as 09:00-11:00", f[len(f)-1])
		}
		e.Title, e.Day, e.At, e.Length = strings.Join(f[:len(f)-2], " "), day, a, time.Duration(b-a)*time.Minute
		return e, nil
	case EditMove, EditShorten:
		sel, to, ok := cutLast(spec, "=")
		if !ok || strings.TrimSpace(sel) == "" {
			if op == EditMove {
				return bad(`expected "TITLE=DAY HH:MM", such as "1:1 Alex=Mon 10:30"`)
			}
			return bad(`expected "TITLE=LENGTH", such as "Team sync=25m"`)
		}
		s, err := selector(sel, week)
		if err != nil {
			return bad("%v", err)
		}
		e.Select = s
		to = strings.TrimSpace(to)
		if op == EditShorten {
			d, err := ParseDuration(to)
			if err != nil || d <= 0 {
				return bad("%q is not a length such as 25m", to)
			}
			e.Length = d
			return e, nil
		}
		f := strings.Fields(to)
		if len(f) != 2 {
			return bad("%q is not a day and time such as \"Mon 10:30\"", to)
		}
		if e.Day, err = weekDay(f[0], week); err != nil {
			return bad("%v", err)
		}
		if e.At, err = clock(f[1]); err != nil {
			return bad("%v", err)
		}
		return e, nil
	}
	s, err := selector(spec, week)
	if err != nil {
		return bad("%v", err)
	}
	e.Select = s
	return e, nil
}

func cutLast(s, sep string) (string, string, bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// selector reads "TITLE" or "TITLE@DAY".
func selector(s string, week Range) (Selector, error) {
	s = strings.TrimSpace(s)
	if t, d, ok := cutLast(s, "@"); ok {
		if day, err := weekDay(strings.TrimSpace(d), week); err == nil {
			return Selector{Text: strings.TrimSpace(t), Day: day}, nil
		}
	}
	if s == "" {
		return Selector{}, fmt.Errorf("no title or UID")
	}
	return Selector{Text: s}, nil
}

// weekDay is the midnight of a weekday or date in the week.
func weekDay(s string, week Range) (time.Time, error) {
	loc := week.Location()
	if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		if t.Before(week.From) || !t.Before(week.To) {
			return time.Time{}, fmt.Errorf("%s is not in %s", s, week.Label())
		}
		return t, nil
	}
	for d := week.From; d.Before(week.To); d = d.AddDate(0, 0, 1) {
		if name := d.Weekday().String(); strings.EqualFold(s, name) || strings.EqualFold(s, name[:3]) {
			return d, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a day of %s (Mon ... Sun, or a date)", s, week.Label())
}

// clock reads HH:MM as minutes from midnight.
func clock(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 24 || mm < 0 || mm > 59 || hh*60+mm > 24*60 || len(m) != 2 {
		return 0, fmt.Errorf("%q is not a time such as 10:30", s)
	}
	return hh*60 + mm, nil
}

// wallAt is minutes after a day's midnight, on the wall clock.
func wallAt(day time.Time, minutes int) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, 0, minutes, 0, 0, day.Location())
}

// ApplyEdits returns a copy of events with the edits made, and what each
// edit did, in words. An edit names an event of the week. An edit that names no event,
// or several, is a usage error listing the candidates (a day narrows the
// choice: "Team standup@Wed").
func ApplyEdits(events []Event, edits []Edit, week Range) ([]Event, []string, error) {
	loc := week.Location()
	out := make([]Event, len(events), len(events)+len(edits))
	copy(out, events)
	var done []string
	for _, ed := range edits {
		if ed.Op == EditAdd {
			start := wallAt(ed.Day, ed.At)
			ev := Event{Title: ed.Title, Start: start, End: start.Add(ed.Length), Status: StatusConfirmed,
				Source: Provenance{Source: "whatif"}, UID: "whatif-add-" + strconv.Itoa(len(out))}
			if strings.EqualFold(ed.Title, "focus") {
				ev.Type = TypeFocusTime
			}
			out = append(out, ev)
			done = append(done, fmt.Sprintf("add %q %s–%s", ed.Title, start.Format("Mon 15:04"), ev.End.Format("15:04")))
			continue
		}
		same, err := selectOne(out, ed, week)
		if err != nil {
			return nil, nil, err
		}
		var desc string
		for _, i := range same { // one event, held by one source or several
			desc = applyEdit(&out[i], ed, loc)
		}
		done = append(done, desc)
	}
	return out, done, nil
}

// applyEdit makes one edit to an event, and says what it did.
func applyEdit(ev *Event, ed Edit, loc *time.Location) string {
	was := ev.Start.In(loc).Format("Mon 15:04")
	switch ed.Op {
	case EditMove:
		start := wallAt(ed.Day, ed.At)
		ev.End, ev.Start = start.Add(ev.End.Sub(ev.Start)), start
		return fmt.Sprintf("move %q %s -> %s", oneLineTitle(ev), was, start.Format("Mon 15:04"))
	case EditShorten:
		ev.End = ev.Start.Add(ed.Length)
		return fmt.Sprintf("shorten %q (%s) to %s", oneLineTitle(ev), was, FormatShort(ed.Length))
	case EditDrop:
		ev.Status = StatusCancelled
		return fmt.Sprintf("drop %q (%s)", oneLineTitle(ev), was)
	case EditDecline:
		ev.MyResponse = ResponseDeclined
		attendees := make([]Attendee, len(ev.Attendees)) // the list may be shared with other events
		copy(attendees, ev.Attendees)
		for j := range attendees {
			if attendees[j].Self {
				attendees[j].Response = ResponseDeclined
			}
		}
		ev.Attendees = attendees
		return fmt.Sprintf("decline %q (%s)", oneLineTitle(ev), was)
	}
	return ""
}

func oneLineTitle(e *Event) string { return Printable(strings.TrimSpace(e.Title)) }

// selectOne finds the one event an edit names: its copies, when several
// sources hold it (the same UID and occurrence), all of them.
func selectOne(events []Event, ed Edit, week Range) ([]int, error) {
	loc := week.Location()
	var found []int
	for i := range events {
		e := &events[i]
		if e.Status == StatusCancelled || !e.Timed() || !week.Overlaps(e.Start, e.End) {
			continue
		}
		if ed.Select.Matches(e, loc) {
			found = append(found, i)
		}
	}
	if len(found) > 1 && sameOccurrence(events, found) {
		return found, nil
	}
	switch {
	case len(found) == 1:
		return found, nil
	case len(found) == 0:
		return nil, Usagef("--%s %s: no event of the week has that title or UID%s", ed.Op, Quote(ed.Spec), closeTitles(events, ed.Select.Text))
	}
	var c []string
	for _, i := range found[:min(len(found), 8)] {
		c = append(c, events[i].Start.In(loc).Format("Mon 2 Jan 15:04"))
	}
	more := ""
	if len(found) > 8 {
		more = fmt.Sprintf(" and %d more", len(found)-8)
	}
	return nil, Usagef("--%s %s: %d events match (%s%s); name one with @DAY, such as %s",
		ed.Op, Quote(ed.Spec), len(found), strings.Join(c, ", "), more,
		Quote(ed.Select.Text+"@"+events[found[0]].Start.In(loc).Format("Mon")))
}

// sameOccurrence reports whether the events are copies of one occurrence:
// the same UID and the same original start (or start).
func sameOccurrence(events []Event, idx []int) bool {
	key := func(e *Event) (string, int64) {
		at := e.RecurrenceID
		if at.IsZero() {
			at = e.Start
		}
		return e.UID, at.Unix()
	}
	uid, at := key(&events[idx[0]])
	if uid == "" {
		return false
	}
	for _, i := range idx[1:] {
		if u, a := key(&events[i]); u != uid || a != at {
			return false
		}
	}
	return true
}

// closeTitles suggests titles of the week that contain the text.
func closeTitles(events []Event, text string) string {
	seen := map[string]bool{}
	var out []string
	low := strings.ToLower(text)
	for i := range events {
		t := strings.TrimSpace(events[i].Title)
		if t == "" || seen[t] || !strings.Contains(strings.ToLower(t), low) {
			continue
		}
		seen[t] = true
		out = append(out, Quote(t))
		if len(out) == 5 {
			break
		}
	}
	if len(out) == 0 {
		return " (timeaudit events lists the week's titles)"
	}
	return "; did you mean " + strings.Join(out, ", ") + "?"
}
