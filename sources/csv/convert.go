package csv

import (
	"fmt"
	"strings"
	"time"

	"github.com/timeaudit/timeaudit/audit"
)

// converter turns rows into events.
type converter struct {
	src   *Source
	lay   *layout
	loc   *time.Location
	order DateOrder
	delim rune
	// strs holds one copy of each short text seen: a calendar repeats its
	// titles (every weekly meeting) and calendar names, and a cell kept as
	// read keeps its whole row alive.
	strs map[string]string
}

// maxInterned bounds the texts kept by intern; past it, texts are copied.
const maxInterned = 1 << 16

// intern is s, shared with earlier equal texts, never a part of the row.
func (c *converter) intern(s string) string {
	if s == "" || len(s) > 256 {
		return strings.Clone(s)
	}
	if v, ok := c.strs[s]; ok {
		return v
	}
	v := strings.Clone(s)
	if c.strs == nil {
		c.strs = map[string]string{}
	}
	if len(c.strs) < maxInterned {
		c.strs[v] = v
	}
	return v
}

// moment is a start or an end as a row gives it.
type moment struct {
	present  bool
	abs      time.Time // the value carried its own offset
	date     rawDate
	hasDate  bool
	dateText string
	dateCol  field
	clock    clock
	hasClock bool
	clockCol field
}

func (c *converter) event(r row) (audit.Event, *audit.Error) {
	get := func(f field) string {
		if i := c.lay.col[f]; i >= 0 && i < len(r.fields) {
			return strings.TrimSpace(r.fields[i])
		}
		return ""
	}
	fail := func(f field, value, format string, args ...any) (audit.Event, *audit.Error) {
		e := &audit.Error{Kind: audit.KindInput, Pos: c.src.pos(r.line), Value: value, Msg: fmt.Sprintf(format, args...)}
		if f >= 0 {
			e.Column = c.lay.name(f)
		}
		return audit.Event{}, e
	}
	if n := len(c.lay.header); len(r.fields) != n {
		return fail(-1, "", "the row has %d fields but the header has %d (an unquoted %s in a value?)", len(r.fields), n, audit.Quote(string(c.delim)))
	}
	ev := audit.Event{
		Title:       c.intern(get(fTitle)),
		Calendar:    c.intern(get(fCalendar)),
		Description: strings.Clone(get(fDescription)),
		Location:    c.intern(get(fLocation)),
		Type:        c.intern(get(fType)),
		SeriesID:    c.intern(get(fSeries)),
		Status:      audit.StatusConfirmed,
		ShowAs:      audit.ShowAsBusy,
		Source:      c.src.pos(r.line),
	}

	// Attendance and status.
	ev.Attendees = append(parsePeople(get(fAttendees), false), parsePeople(get(fOptional), true)...)
	if c.lay.has(fAttendees) || c.lay.has(fOptional) {
		ev.Guests = audit.GuestsListed // an empty cell is no one; no column is unknown
	}
	if v := get(fOrganizer); v != "" {
		ev.Organizer = parsePerson(v)
	}
	if v := get(fStatus); v != "" {
		if st, ok := audit.ParseStatus(v); ok {
			ev.Status = st
		} else if resp, ok := audit.ParseResponse(v); ok {
			ev.MyResponse = resp
		} else {
			return fail(fStatus, v, "unknown status %s (valid: confirmed, tentative, cancelled, or a response: accepted, declined, needs-action)", audit.Quote(v))
		}
	}
	if v := get(fResponse); v != "" {
		resp, ok := audit.ParseResponse(v)
		if !ok {
			return fail(fResponse, v, "unknown response %s (valid: accepted, tentative, declined, needs-action)", audit.Quote(v))
		}
		ev.MyResponse = resp
	}
	if v := get(fShowAs); v != "" {
		sa, ok := parseShowAs(v)
		if !ok {
			return fail(fShowAs, v, "unknown show-as value %s (valid: free, tentative, busy, out of office, working elsewhere, or Outlook's 0-4)", audit.Quote(v))
		}
		ev.ShowAs = sa
	}
	allDayFlag := false
	if v := get(fAllDay); v != "" {
		b, ok := parseBool(v)
		if !ok {
			return fail(fAllDay, v, "invalid all-day value %s (valid: true, false, yes, no, 1, 0, and Outlook's translations such as Ein/Aus)", audit.Quote(v))
		}
		allDayFlag = b
	}

	// Duration-only rows: the article's title,duration export.
	var dur time.Duration
	hasDur := false
	if v := get(fDuration); v != "" {
		d, err := audit.ParseDuration(v)
		if err != nil {
			return fail(fDuration, v, "%v", err)
		}
		dur, hasDur = d, true
	}
	if c.lay.format == formatDurations {
		if !hasDur {
			return fail(fDuration, "", "empty duration")
		}
		ev.Duration = dur
		return ev, nil
	}

	// Start and end.
	var start, end moment
	if c.lay.has(fStart) {
		var ierr *audit.Error
		if start, ierr = c.combined(r, fStart, get(fStart)); ierr != nil {
			return audit.Event{}, ierr
		}
		if end, ierr = c.combined(r, fEnd, get(fEnd)); ierr != nil {
			return audit.Event{}, ierr
		}
	} else {
		var ierr *audit.Error
		if start, ierr = c.split(r, fStartDate, get(fStartDate), fStartTime, get(fStartTime)); ierr != nil {
			return audit.Event{}, ierr
		}
		if end, ierr = c.split(r, fEndDate, get(fEndDate), fEndTime, get(fEndTime)); ierr != nil {
			return audit.Event{}, ierr
		}
	}
	if !start.present {
		col := fStart
		if !c.lay.has(fStart) {
			col = fStartDate
		}
		return fail(col, "", "no start date")
	}
	resolve := func(m moment) (civil, *audit.Error) {
		cv, err := m.date.resolve(c.order, m.dateText)
		if err != nil {
			_, ie := fail(m.dateCol, m.dateText, "%v (dates read as %s)", err, orderWords(c.order))
			return civil{}, ie
		}
		return cv, nil
	}

	noClock := !start.hasClock && start.abs.IsZero()
	if !allDayFlag && noClock && !end.present && hasDur {
		// A date and a duration, no time of day: "2026-03-16, 1:30".
		sd, ie := resolve(start)
		if ie != nil {
			return audit.Event{}, ie
		}
		ev.DateOnly, ev.Duration = true, dur
		ev.Start = midnight(sd, c.loc)
		ev.End = ev.Start.Add(dur)
		return ev, nil
	}
	allDay := allDayFlag || (noClock && (!end.present || (!end.hasClock && end.abs.IsZero())))
	if allDay {
		ev.AllDay = true
		sd := civil{}
		if start.abs.IsZero() {
			var ie *audit.Error
			if sd, ie = resolve(start); ie != nil {
				return audit.Event{}, ie
			}
		} else {
			t := start.abs.In(c.loc)
			sd = civil{t.Year(), int(t.Month()), t.Day()}
		}
		ev.Start = midnight(sd, c.loc)
		ev.End = ev.Start.AddDate(0, 0, 1)
		if end.present && end.hasDate {
			ed, ie := resolve(end)
			if ie != nil {
				return audit.Event{}, ie
			}
			if em := midnight(ed, c.loc); em.After(ev.Start) {
				ev.End = em
				if end.hasClock && (end.clock.h != 0 || end.clock.m != 0) {
					ev.End = em.AddDate(0, 0, 1) // "until 11:59 PM" on the last day
				}
			}
		}
		return ev, nil
	}

	if start.abs.IsZero() {
		if !start.hasClock {
			return fail(start.clockCol, "", "no start time (the row is not marked all-day)")
		}
		sd, ie := resolve(start)
		if ie != nil {
			return audit.Event{}, ie
		}
		ev.Start = at(sd, start.clock, c.loc)
	} else {
		ev.Start = start.abs
	}
	switch {
	case end.present && !end.abs.IsZero():
		ev.End = end.abs
	case end.present && end.hasClock:
		ed := civil{}
		implicitDate := !end.hasDate
		if implicitDate {
			t := ev.Start.In(c.loc)
			ed = civil{t.Year(), int(t.Month()), t.Day()}
		} else {
			var ie *audit.Error
			if ed, ie = resolve(end); ie != nil {
				return audit.Event{}, ie
			}
		}
		ev.End = at(ed, end.clock, c.loc)
		if implicitDate && ev.End.Before(ev.Start) {
			ev.End = at(civil{ed.y, ed.m, ed.d + 1}, end.clock, c.loc) // runs past midnight
		}
	case end.present:
		if hasDur {
			ev.End = ev.Start.Add(dur)
			break
		}
		return fail(end.clockCol, "", "no end time (the end date is %s)", audit.Quote(end.dateText))
	case hasDur:
		ev.End = ev.Start.Add(dur)
	default:
		col := fEnd
		if !c.lay.has(fEnd) {
			col = fEndTime
		}
		return fail(col, "", "no end time or duration")
	}
	if ev.End.Before(ev.Start) {
		endCol, endVal := end.dateCol, get(end.dateCol)
		if end.hasClock && end.clockCol != end.dateCol {
			endCol, endVal = end.clockCol, get(end.clockCol)
		}
		return fail(endCol, endVal, "the event ends (%s) before it starts (%s)", ev.End.In(c.loc).Format("2006-01-02 15:04"), ev.Start.In(c.loc).Format("2006-01-02 15:04"))
	}
	return ev, nil
}

// combined reads a start or end column holding a whole date-time.
func (c *converter) combined(r row, f field, v string) (moment, *audit.Error) {
	m := moment{dateCol: f, clockCol: f}
	if v == "" {
		return m, nil
	}
	dt, err := splitDateTime(v)
	if err != nil {
		return m, &audit.Error{Kind: audit.KindInput, Pos: c.src.pos(r.line), Column: c.lay.name(f), Value: v, Msg: err.Error()}
	}
	m.present, m.abs = true, dt.abs
	m.date, m.hasDate, m.dateText = dt.date, dt.abs.IsZero(), dt.dateText
	m.clock, m.hasClock = dt.clock, dt.hasClock || !dt.abs.IsZero()
	return m, nil
}

// split reads a start or end given as a date column and a time column.
func (c *converter) split(r row, df field, dv string, tf field, tv string) (moment, *audit.Error) {
	m := moment{dateCol: df, clockCol: tf, dateText: dv}
	if dv != "" {
		d, err := splitDate(dv)
		if err != nil {
			return m, &audit.Error{Kind: audit.KindInput, Pos: c.src.pos(r.line), Column: c.lay.name(df), Value: dv, Msg: err.Error()}
		}
		m.present, m.date, m.hasDate = true, d, true
	}
	if tv != "" {
		cl, err := parseClock(tv)
		if err != nil {
			return m, &audit.Error{Kind: audit.KindInput, Pos: c.src.pos(r.line), Column: c.lay.name(tf), Value: tv, Msg: err.Error()}
		}
		m.present, m.clock, m.hasClock = true, cl, true
	}
	return m, nil
}

func orderWords(o DateOrder) string {
	if o == DateDMY {
		return "day/month/year"
	}
	return "month/day/year"
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "y", "1", "x", "on", "wahr", "ein", "ja", "vrai", "oui", "waar", "sí", "si", "verdadero":
		return true, true
	case "false", "no", "n", "0", "off", "falsch", "aus", "nein", "faux", "non", "onwaar", "nee", "falso", "":
		return false, true
	}
	return false, false
}

// parseShowAs reads free/busy: words, RFC 5545 TRANSP values, or Outlook's
// numeric "Show time as" (0 free, 1 tentative, 2 busy, 3 out of office,
// 4 working elsewhere).
func parseShowAs(s string) (audit.ShowAs, bool) {
	switch strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", "")) {
	case "0", "free", "transparent", "available":
		return audit.ShowAsFree, true
	case "1", "tentative":
		return audit.ShowAsTentative, true
	case "2", "busy", "opaque":
		return audit.ShowAsBusy, true
	case "3", "outofoffice", "oof", "away":
		return audit.ShowAsOutOfOffice, true
	case "4", "workingelsewhere":
		return audit.ShowAsWorkingElsewhere, true
	}
	return audit.ShowAsUnset, false
}
