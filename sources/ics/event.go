package ics

import (
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
	src      string // the source name, for provenance
	comp     *component
	uid      string
	seq      int
	recurID  *tval
	future   bool // RECURRENCE-ID;RANGE=THISANDFUTURE
	start    tval
	end      *tval
	dur      *nominal
	rrules   []ruleProp
	rdates   []rdate
	exdates  []tval
	allDayMS bool // X-MICROSOFT-CDO-ALLDAYEVENT:TRUE on midnight DATE-TIMEs

	title, description, location string
	calendar                     string
	status                       audit.Status
	showAs                       audit.ShowAs
	organizer                    audit.Person
	attendees                    []audit.Attendee
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
		ev.seq, _ = strconv.Atoi(strings.TrimSpace(p.Value))
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
	// DTEND, RDATE, EXDATE and RECURRENCE-ID must take DTSTART's form; a
	// floating one beside a zoned DTSTART is read in DTSTART's zone.
	asStart := func(v tval) tval {
		if v.loc == nil && !v.utc && !v.date && !ev.start.date && ev.start.loc != nil {
			v.loc = ev.start.loc
		}
		return v
	}
	if p := props.Get(ical.PropDateTimeEnd); p != nil {
		end, err := timeProp(p, z)
		if err != nil {
			return nil, propError(c, "DTEND", 0, "%v", err)
		}
		end = asStart(end)
		ev.end = &end
	}
	if p := props.Get(ical.PropDuration); p != nil && ev.end == nil {
		d, err := parseDuration(p.Value)
		if err != nil || d.negative() {
			return nil, propError(c, "DURATION", 0, "invalid duration %q", p.Value)
		}
		ev.dur = &d
	}
	if p := props.Get(ical.PropRecurrenceID); p != nil {
		rid, err := timeProp(p, z)
		if err != nil {
			return nil, propError(c, "RECURRENCE-ID", 0, "%v", err)
		}
		rid = asStart(rid)
		ev.recurID = &rid
		ev.future = strings.EqualFold(p.Params.Get("RANGE"), "THISANDFUTURE")
	}
	for i, p := range props.Values(ical.PropRecurrenceRule) {
		ev.rrules = append(ev.rrules, ruleProp{value: p.Value, line: c.propLine("RRULE", i)})
	}
	for i, p := range props.Values(ical.PropRecurrenceDates) {
		rds, err := rdateProp(&p, z)
		if err != nil {
			return nil, propError(c, "RDATE", i, "%v", err)
		}
		for _, rd := range rds {
			rd.at = asStart(rd.at)
			if rd.end != nil {
				e := asStart(*rd.end)
				rd.end = &e
			}
			ev.rdates = append(ev.rdates, rd)
		}
	}
	for i, p := range props.Values(ical.PropExceptionDates) {
		for _, v := range splitList(p.Value) {
			q := ical.Prop{Name: p.Name, Params: p.Params, Value: v}
			t, err := timeProp(&q, z)
			if err != nil {
				return nil, propError(c, "EXDATE", i, "%v", err)
			}
			ev.exdates = append(ev.exdates, asStart(t))
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
	if tzid := p.Params.Get(ical.ParamTimezoneID); tzid != "" && !v.date && !v.utc {
		loc, err := z.resolve(tzid)
		if err != nil {
			return v, err
		}
		v.loc = loc
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
				d, err := parseDuration(rest)
				if err != nil || d.negative() {
					return nil, fmt.Errorf("invalid PERIOD %q", v)
				}
				rd.length = &d
			} else {
				q.Value = rest
				end, err := timeProp(&q, z)
				if err != nil {
					return nil, fmt.Errorf("invalid PERIOD %q: %v", v, err)
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
