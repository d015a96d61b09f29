package ics

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/timeaudit/timeaudit/audit"
)

// vevent is one VEVENT as written: a one-off event, a series' master, or an
// override of one instance (RECURRENCE-ID).
type vevent struct {
	src string // the source name, for provenance
	// comp is the component while the event is read; then first and kept
	// keep what messages need of it (its BEGIN line, some properties'
	// lines), and the component goes: there may be a million events.
	comp    *component
	uid     string
	recurID *tval
	start   tval
	end     *tval // nil, or endVal: kept in the event, not allocated apart
	endVal  tval
	dur     *nominal
	recur   *recurrence // nil for a one-off event, as most are
	extra   *veventExtra

	title, description, location string
	calendar                     string
	organizer                    audit.Person
	attendees                    []audit.Attendee

	first    int32 // the BEGIN line, once comp has gone
	dtend    int32 // and the DTEND line, for messages during expansion
	seq      int32
	future   bool // RECURRENCE-ID;RANGE=THISANDFUTURE
	allDayMS bool // X-MICROSOFT-CDO-ALLDAYEVENT:TRUE on midnight DATE-TIMEs
	status   audit.Status
	showAs   audit.ShowAs
}

// veventExtra is what few events have: lenient readings, for the
// source's notes.
type veventExtra struct {
	lenient []lenientNote
}

func (e *vevent) x() *veventExtra {
	if e.extra == nil {
		e.extra = &veventExtra{}
	}
	return e.extra
}

// lenientNotes are the event's lenient readings.
func (e *vevent) lenientNotes() []lenientNote {
	if e.extra == nil {
		return nil
	}
	return e.extra.lenient
}

// recurrence is what makes a series: its rules and dates.
type recurrence struct {
	rrules  []ruleProp
	rdates  []rdate
	exdates []tval
}

// rec is the event's recurrence, made on first use.
func (e *vevent) rec() *recurrence {
	if e.recur == nil {
		e.recur = &recurrence{}
	}
	return e.recur
}

func (e *vevent) rules() []ruleProp {
	if e.recur == nil {
		return nil
	}
	return e.recur.rrules
}

func (e *vevent) rdateList() []rdate {
	if e.recur == nil {
		return nil
	}
	return e.recur.rdates
}

func (e *vevent) exdateList() []tval {
	if e.recur == nil {
		return nil
	}
	return e.recur.exdates
}

// begin is the line of the event's BEGIN:VEVENT.
func (e *vevent) begin() int {
	if e.comp != nil {
		return e.comp.begin()
	}
	return int(e.first)
}

// propLine is the line of the event's i-th property called name (see
// component.propLine); once read, only DTEND's and the RRULEs' are known,
// the lines messages during expansion name.
func (e *vevent) propLine(name string, i int) int {
	if e.comp != nil {
		return e.comp.propLine(name, i)
	}
	switch {
	case name == "DTEND" && i == 0 && e.dtend > 0:
		return int(e.dtend)
	case name == "RRULE" && i < len(e.rules()):
		return e.rules()[i].line
	}
	return int(e.first)
}

// done lets the component go, keeping what later messages need.
func (e *vevent) done() {
	e.comp.release()
	if l := e.comp.propLine("DTEND", 0); l != e.comp.begin() {
		e.dtend = int32(l)
	}
	e.comp.release()
	e.first, e.comp = int32(e.comp.begin()), nil
}

// lenientNote is one lenient reading of a property: what it was read as.
// key groups the same reading across events into one note.
type lenientNote struct {
	line            int
	key, msg, value string
}

func (ev *vevent) lenientf(line int, key, format string, args ...any) {
	x := ev.x()
	x.lenient = append(x.lenient, lenientNote{line: line, key: key, msg: fmt.Sprintf(format, args...)})
}

type ruleProp struct {
	value string
	line  int
}

// rdate is one RDATE value: a start, and for a PERIOD its own end or length.
type rdate struct {
	at     tval
	end    *tval
	length *nominal
}

// calInfo is what a VCALENDAR says about all its events.
type calInfo struct {
	method string // CANCEL marks every event in it cancelled
	name   string // X-WR-CALNAME
	// floating is the zone of floating times: X-WR-TIMEZONE's (xwr names
	// it), else the report zone.
	floating *time.Location
	xwr      string
}

// floatingText says where floating times are read, for notes.
func (c calInfo) floatingText() string {
	if c.xwr != "" {
		return fmt.Sprintf("%s, the calendar's X-WR-TIMEZONE", c.xwr)
	}
	return fmt.Sprintf("%s, the report zone", c.floating)
}

// propError locates a problem with a property of a component.
func propError(c *component, name string, i int, format string, args ...any) *lineError {
	return &lineError{line: c.propLine(name, i), prop: name, msg: fmt.Sprintf(format, args...)}
}

// readEvent turns a decoded VEVENT into a vevent.
func readEvent(src string, c *component, comp *ical.Component, cal calInfo, z *zones) (*vevent, error) {
	ev := &vevent{src: src, comp: c, calendar: cal.name, status: audit.StatusConfirmed, showAs: audit.ShowAsBusy}
	props := comp.Props
	if p := props.Get(ical.PropUID); p != nil {
		ev.uid = strings.TrimSpace(p.Value)
	}
	if p := props.Get(ical.PropSequence); p != nil {
		n, err := strconv.Atoi(strings.TrimSpace(p.Value))
		if err != nil || n < 0 {
			n = 0
			ev.lenientf(c.propLine("SEQUENCE", 0), "sequence", "SEQUENCE %s is not a revision number: read as 0", audit.Quote(p.Value))
		}
		ev.seq = int32(min(n, 1<<31-1))
	}
	// Times.
	dts := props.Values(ical.PropDateTimeStart)
	if len(dts) == 0 {
		return nil, &lineError{line: c.begin(), prop: "DTSTART", msg: "the event has no DTSTART"}
	}
	var err error
	if ev.start, err = timeProp(&dts[0], z); err != nil {
		return nil, propError(c, "DTSTART", 0, "%v", err)
	}
	var end *tval
	if p := props.Get(ical.PropDateTimeEnd); p != nil {
		e, err := timeProp(p, z)
		if err != nil {
			return nil, propError(c, "DTEND", 0, "%v", err)
		}
		end = &e
	}
	ev.settleStart(end, cal)
	// DTEND, RDATE, EXDATE and RECURRENCE-ID must take DTSTART's form; a
	// floating one beside a zoned DTSTART is read in DTSTART's zone.
	asStart := func(v tval, prop string, i int) tval {
		v = ev.settle(v, prop, c.propLine(prop, i))
		if v.loc == nil && !v.utc && !v.date && !ev.start.date && ev.start.loc != nil {
			v.loc = ev.start.loc
		}
		return v
	}
	if end != nil {
		e := asStart(*end, "DTEND", 0)
		ev.endVal = e
		ev.end = &ev.endVal
		if e.instant(cal.floating).Before(ev.start.instant(cal.floating)) {
			ev.start, *ev.end = e, ev.start
			ev.lenientf(c.propLine("DTEND", 0), "swapped", "DTEND is before DTSTART: the two were swapped")
		}
	}
	if p := props.Get(ical.PropDuration); p != nil && ev.end == nil {
		line := c.propLine("DURATION", 0)
		d, lenient, err := parseDuration(p.Value)
		if err != nil {
			return nil, propError(c, "DURATION", 0, "invalid duration %s", audit.Quote(p.Value))
		}
		if lenient {
			ev.lenientf(line, "duration "+p.Value, "DURATION %s is not in RFC 5545's form: read as %s", audit.Quote(p.Value), d.abs())
		}
		if d.negative() {
			d = d.abs()
			ev.lenientf(line, "negative duration", "DURATION %s is negative: read as the %s before DTSTART", audit.Quote(p.Value), d)
			if ev.start.date { // a date moves, and lasts, whole days
				d = nominal{days: d.days + int((d.exact+24*time.Hour-1)/(24*time.Hour))}
			}
			ev.start = ev.start.before(d)
		}
		ev.dur = &d
	}
	if p := props.Get(ical.PropRecurrenceID); p != nil {
		rid, err := timeProp(p, z)
		if err != nil {
			return nil, propError(c, "RECURRENCE-ID", 0, "%v", err)
		}
		rid = asStart(rid, "RECURRENCE-ID", 0)
		ev.recurID = &rid
		ev.future = strings.EqualFold(p.Params.Get("RANGE"), "THISANDFUTURE")
	}
	for i, p := range props.Values(ical.PropRecurrenceRule) {
		ev.rrule(p.Value, c.propLine("RRULE", i))
	}
	for i, p := range props.Values(ical.PropRecurrenceDates) {
		rds, err := rdateProp(&p, z)
		if err != nil {
			return nil, propError(c, "RDATE", i, "%v", err)
		}
		for _, rd := range rds {
			rd.at = asStart(rd.at, "RDATE", i)
			if rd.end != nil {
				e := asStart(*rd.end, "RDATE", i)
				rd.end = &e
			}
			r := ev.rec()
			r.rdates = append(r.rdates, rd)
		}
	}
	for i, p := range props.Values(ical.PropExceptionDates) {
		for _, v := range splitList(p.Value) {
			q := ical.Prop{Name: p.Name, Params: p.Params, Value: v}
			t, err := timeProp(&q, z)
			if err != nil {
				return nil, propError(c, "EXDATE", i, "%v", err)
			}
			r := ev.rec()
			r.exdates = append(r.exdates, asStart(t, "EXDATE", i))
		}
	}
	if p := props.Get("X-MICROSOFT-CDO-ALLDAYEVENT"); p != nil && strings.EqualFold(strings.TrimSpace(p.Value), "TRUE") {
		ev.allDayMS = !ev.start.date && ev.start.wall.Hour() == 0 && ev.start.wall.Minute() == 0
	}
	// Text.
	ev.title = textProp(props.Get(ical.PropSummary))
	ev.description = textProp(props.Get(ical.PropDescription))
	ev.location = textProp(props.Get(ical.PropLocation))
	// Status and free/busy.
	if p := props.Get(ical.PropStatus); p != nil {
		if st, ok := audit.ParseStatus(p.Value); ok {
			ev.status = st
		}
	}
	if strings.EqualFold(cal.method, "CANCEL") {
		ev.status = audit.StatusCancelled
	}
	if p := props.Get(ical.PropTransparency); p != nil && strings.EqualFold(strings.TrimSpace(p.Value), "TRANSPARENT") {
		ev.showAs = audit.ShowAsFree
	}
	if p := props.Get("X-MICROSOFT-CDO-BUSYSTATUS"); p != nil {
		switch strings.ToUpper(strings.TrimSpace(p.Value)) {
		case "FREE":
			ev.showAs = audit.ShowAsFree
		case "TENTATIVE":
			ev.showAs = audit.ShowAsTentative
		case "BUSY":
			ev.showAs = audit.ShowAsBusy
		case "OOF":
			ev.showAs = audit.ShowAsOutOfOffice
		case "WORKINGELSEWHERE":
			ev.showAs = audit.ShowAsWorkingElsewhere
		}
	}
	// People.
	if p := props.Get(ical.PropOrganizer); p != nil {
		ev.organizer = person(p)
	}
	for _, p := range props.Values(ical.PropAttendee) {
		a := audit.Attendee{Person: person(&p)}
		if r, ok := audit.ParseResponse(p.Params.Get(ical.ParamParticipationStatus)); ok {
			a.Response = r
		}
		switch strings.ToUpper(p.Params.Get(ical.ParamRole)) {
		case "OPT-PARTICIPANT", "NON-PARTICIPANT":
			a.Optional = true
		}
		switch strings.ToUpper(p.Params.Get(ical.ParamCalendarUserType)) {
		case "ROOM", "RESOURCE":
			a.Resource = true
		}
		ev.attendees = append(ev.attendees, a)
	}
	return ev, nil
}

// timeProp reads a DATE or DATE-TIME property with its TZID.
func timeProp(p *ical.Prop, z *zones) (tval, error) {
	v, err := parseWall(p.Value)
	if err != nil {
		return v, err
	}
	if strings.EqualFold(p.Params.Get(ical.ParamValue), "DATE") && !v.date {
		// VALUE=DATE with a time: keep the date.
		v.wall = time.Date(v.wall.Year(), v.wall.Month(), v.wall.Day(), 0, 0, 0, 0, time.UTC)
		v.date, v.utc = true, false
	}
	if tzid := p.Params.Get(ical.ParamTimezoneID); tzid != "" && !v.date {
		loc, guess, err := z.resolve(tzid)
		if err != nil {
			return v, err
		}
		if v.utc { // a TZID and a Z: settle says which wins
			if guess != guessFloating {
				v.open = &openZone{tzid: normTZID(tzid), zloc: loc}
			}
			return v, nil
		}
		v.loc = loc
		if guess != "" {
			v.open = &openZone{tzid: normTZID(tzid), guess: guess}
		}
	}
	return v, nil
}

// rdateProp reads an RDATE: a comma list of DATE, DATE-TIME or PERIOD values.
func rdateProp(p *ical.Prop, z *zones) ([]rdate, error) {
	var out []rdate
	for _, v := range splitList(p.Value) {
		// A value with a "/" is a PERIOD, whatever VALUE says.
		startText, rest, isPeriod := strings.Cut(v, "/")
		q := ical.Prop{Name: p.Name, Params: p.Params, Value: startText}
		at, err := timeProp(&q, z)
		if err != nil {
			return nil, err
		}
		rd := rdate{at: at}
		if isPeriod {
			if strings.HasPrefix(strings.TrimSpace(strings.ToUpper(rest)), "P") || strings.HasPrefix(strings.TrimSpace(rest), "-") {
				d, _, err := parseDuration(rest)
				if err != nil || d.negative() {
					return nil, fmt.Errorf("invalid PERIOD %s", audit.Quote(v))
				}
				rd.length = &d
			} else {
				q.Value = rest
				end, err := timeProp(&q, z)
				if err != nil {
					return nil, fmt.Errorf("invalid PERIOD %s: %v", audit.Quote(v), err)
				}
				rd.end = &end
			}
		}
		out = append(out, rd)
	}
	return out, nil
}

// splitList splits a comma-separated value list, dropping empty items.
func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// textProp reads a TEXT value; go-ical fails on escapes it does not know
// ("\x"), so the value is then unescaped leniently.
func textProp(p *ical.Prop) string {
	if p == nil {
		return ""
	}
	if s, err := p.Text(); err == nil {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(lenientText.Replace(p.Value))
}

var lenientText = strings.NewReplacer(`\n`, "\n", `\N`, "\n", `\,`, ",", `\;`, ";", `\\`, `\`)

// person reads an ORGANIZER or ATTENDEE: a mailto: URI (any case) and a CN.
func person(p *ical.Prop) audit.Person {
	v := strings.TrimSpace(p.Value)
	if len(v) >= 7 && strings.EqualFold(v[:7], "mailto:") {
		v = v[7:]
	}
	out := audit.Person{Name: strings.Trim(strings.TrimSpace(p.Params.Get(ical.ParamCommonName)), `"`)}
	if strings.Contains(v, "@") {
		out.Email = v
	} else if out.Name == "" {
		out.Name = v
	}
	return out
}

// settleStart settles DTSTART against DTEND (end may be nil) and the
// calendar: a TZID with a Z, a TZID nobody defines, a floating time.
func (ev *vevent) settleStart(end *tval, cal calInfo) {
	line := ev.propLine("DTSTART", 0)
	v := ev.start
	if v.zloc() != nil {
		if end != nil && end.utc && end.zloc() == nil {
			v.open = nil
			ev.lenientf(line, "z-utc DTSTART", "DTSTART has a TZID and ends in Z: read as UTC, as DTEND is")
		} else {
			v = ev.settle(v, "DTSTART", line)
		}
	}
	if v.guess() == guessFloating {
		ev.lenientf(line, "tzid "+v.tzid(), "time zone %s is not defined in the file: read as floating time, in %s", audit.Quote(v.tzid()), cal.floatingText())
	} else if v.guess() != "" {
		ev.lenientf(line, "tzid "+v.tzid(), "time zone %s is not defined in the file: read in %s", audit.Quote(v.tzid()), v.guess())
	}
	if v.loc == nil && !v.utc && !v.date {
		v.loc = cal.floating
		if v.guess() == "" {
			ev.lenientf(line, "floating", "floating times (no time zone) were read in %s", cal.floatingText())
		}
	}
	v.open = nil // settled
	ev.start = v
}

// settle reads a value that has both a TZID and a Z in the form of
// DTSTART: as UTC when DTSTART is UTC, else as wall time in its TZID (a
// TZID that is UTC itself agrees with the Z either way).
func (ev *vevent) settle(v tval, prop string, line int) tval {
	if v.zloc() == nil {
		return v
	}
	if isUTC := utcZone(v.zloc()); isUTC || prop != "DTSTART" && ev.start.utc {
		if !isUTC {
			ev.lenientf(line, "z-utc "+prop, "%s has a TZID and ends in Z: read as UTC, as DTSTART is", prop)
		}
		v.open = nil
		return v
	}
	ev.lenientf(line, "z-local "+prop, "%s has a TZID and ends in Z: read as wall time in %s, the form of the event's other times", prop, v.tzid())
	v.utc, v.loc, v.open = false, v.zloc(), nil
	return v
}

// utcZone reports whether a zone is UTC under another name (Etc/GMT, UTC).
func utcZone(loc *time.Location) bool {
	if loc == time.UTC {
		return true
	}
	switch strings.TrimPrefix(loc.String(), "Etc/") {
	case "UTC", "UCT", "GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich", "Universal", "Zulu":
		return true
	}
	return false
}

// before is the value d earlier.
func (v tval) before(d nominal) tval {
	v.wall = v.wall.AddDate(0, 0, -d.days).Add(-d.exact)
	return v
}

// rrule keeps an RRULE that can be read. One that repeats its own name
// ("RRULE:RRULE:FREQ=...") is read without it; an empty one, or one that
// cannot be read, is dropped, and the event keeps its DTSTART instance.
// Parts RFC 5545 has but timeaudit cannot honour (RSCALE) stay errors,
// raised when the series is expanded.
func (ev *vevent) rrule(value string, line int) {
	v := strings.TrimSpace(value)
	for len(v) >= 6 && strings.EqualFold(v[:6], "RRULE:") {
		v = strings.TrimSpace(v[6:])
		ev.lenientf(line, "rrule name", "RRULE %s repeats its own name: read as %s", audit.Quote(value), audit.Quote(v))
	}
	// Parts without a value ("AnythingRandom") say nothing: they go.
	var kept, dropped []string
	for _, part := range strings.Split(v, ";") {
		if k, val, ok := strings.Cut(part, "="); strings.TrimSpace(part) == "" || ok && strings.TrimSpace(k) != "" && strings.TrimSpace(val) != "" {
			kept = append(kept, part)
		} else {
			dropped = append(dropped, strings.TrimSpace(part))
		}
	}
	if len(dropped) > 0 {
		v = strings.Join(kept, ";")
		ev.lenientf(line, "rrule parts", "RRULE parts without a value ignored: %s", quoteAll(dropped))
	}
	if strings.Trim(v, "; ") == "" {
		ev.lenientf(line, "rrule empty", "an empty RRULE was ignored: the event is read as its DTSTART alone")
		return
	}
	if _, _, err := parseRRule(v); err != nil && !errors.Is(err, errUnsupportedPart) {
		ev.lenientf(line, "rrule "+v, "RRULE %s cannot be read (%v): ignored, the event is read as its DTSTART alone", audit.Quote(v), err)
		return
	}
	r := ev.rec()
	r.rrules = append(r.rrules, ruleProp{value: v, line: line})
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}
