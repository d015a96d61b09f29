package ics

import (
	"strings"

	ical "github.com/emersion/go-ical"
)

// The scanner reads a component's logical lines into the *ical.Component
// go-ical would make of them, without go-ical's per-character string
// building: it is most of the time spent on a large export. It follows
// go-ical's decoder step for step (name up to the first ";" or ":",
// upper-cased; parameters up to "=", values quoted or up to ";,:"; the
// value after ":"), and gives up on anything that decoder would reject or
// stumble on: then go-ical reads the lines, and its errors, timeaudit's
// repairs and its notes are what they were. TestScanMatchesGoICal holds the
// two equal on every component of the corpus and the bench's calendars,
// and FuzzScan on any text.
//
// Every string it keeps is a copy (or a constant): a substring would keep
// the whole component's text alive for as long as the event.

// scanComponent reads lines, which must be one component from its BEGIN
// line to its END line. ok is false when go-ical must read them.
func scanComponent(lines []line) (comp *ical.Component, ok bool) {
	if len(lines) == 0 {
		return nil, false
	}
	var vals []string
	begin, ok := scanProp(lines[0].text, &vals)
	if !ok || begin.Name != "BEGIN" {
		return nil, false
	}
	comp, n, ok := scanBody(lines[1:], componentName(begin.Value), 0)
	if !ok || n != len(lines)-1 {
		return nil, false
	}
	return comp, true
}

// scanBody reads a component's properties and children up to its END
// line; n is how many lines that took, the END line included.
func scanBody(lines []line, name string, depth int) (comp *ical.Component, n int, ok bool) {
	if depth > 8 {
		return nil, 0, false
	}
	props := make(ical.Props, min(len(lines), 8))
	var children []*ical.Component
	// The properties' slices are cut from one array, and the parameter
	// values' from another: a run of lines of one name (the ATTENDEEs)
	// grows its slice in place. Each slice's capacity ends at its length,
	// so an append by a reader copies rather than overwrites a neighbour.
	all := make([]ical.Prop, 0, len(lines))
	vals := make([]string, 0, 2*len(lines))
	last, from := "", 0
	for i := 0; i < len(lines); i++ {
		p, ok := scanProp(lines[i].text, &vals)
		if !ok {
			return nil, 0, false
		}
		switch p.Name {
		case "BEGIN":
			child, used, ok := scanBody(lines[i+1:], componentName(p.Value), depth+1)
			if !ok {
				return nil, 0, false
			}
			children = append(children, child)
			i += used
		case "END":
			if !strings.EqualFold(p.Value, name) {
				return nil, 0, false
			}
			return &ical.Component{Name: name, Props: props, Children: children}, i + 1, true
		default:
			if p.Name != last || len(all) == cap(all) {
				if _, again := props[p.Name]; again || len(all) == cap(all) {
					props[p.Name] = append(props[p.Name], p) // not in a run: a slice of its own
					last = ""
					continue
				}
				last, from = p.Name, len(all)
			}
			all = append(all, p)
			props[p.Name] = all[from:len(all):len(all)]
		}
	}
	return nil, 0, false // no END
}

// scanProp reads one content line as go-ical's lineDecoder does. A property
// without parameters has nil Params where go-ical has an empty map: nothing
// writes to them.
func scanProp(s string, vals *[]string) (ical.Prop, bool) {
	i := strings.IndexAny(s, ";:")
	if i <= 0 {
		return ical.Prop{}, false
	}
	p := ical.Prop{Name: upperName(s[:i])}
	rest := s[i:]
	for len(rest) > 0 && rest[0] == ';' {
		rest = rest[1:]
		eq := strings.IndexByte(rest, '=')
		if eq <= 0 {
			return ical.Prop{}, false
		}
		param := upperName(rest[:eq])
		rest = rest[eq+1:]
		for {
			var v string
			if len(rest) > 0 && rest[0] == '"' {
				end := strings.IndexByte(rest[1:], '"')
				if end < 0 {
					return ical.Prop{}, false // unterminated quoted string
				}
				v, rest = rest[1:1+end], rest[2+end:]
			} else {
				j := strings.IndexAny(rest, "\";,:")
				if j < 0 || rest[j] == '"' {
					return ical.Prop{}, false // no value's end; a quote inside a value
				}
				v, rest = rest[:j], rest[j:]
			}
			if p.Params == nil {
				p.Params = make(ical.Params, 2)
			}
			if have := p.Params[param]; len(have) > 0 || len(*vals) == cap(*vals) {
				p.Params[param] = append(have, paramValue(v)) // a second value, or no room left
			} else {
				*vals = append(*vals, paramValue(v))
				n := len(*vals)
				p.Params[param] = (*vals)[n-1 : n : n]
			}
			if len(rest) == 0 {
				return ical.Prop{}, false // go-ical would read past the end
			}
			if rest[0] != ',' {
				break
			}
			rest = rest[1:]
		}
		if rest[0] != ';' && rest[0] != ':' {
			return ical.Prop{}, false
		}
	}
	if len(rest) == 0 || rest[0] != ':' {
		return ical.Prop{}, false
	}
	p.Value = strings.Clone(rest[1:])
	return p, true
}

// upperName is a property or parameter name upper-cased, as a constant when
// it is a common one, else a copy.
func upperName(s string) string {
	if c, ok := commonName(s); ok {
		return c
	}
	u := strings.ToUpper(s)
	if c, ok := commonName(u); ok {
		return c
	}
	if u == s {
		return strings.Clone(s)
	}
	return u
}

func commonName(s string) (string, bool) {
	c, ok := common[s]
	return c, ok
}

// paramValue copies a parameter value, or names a common one.
func paramValue(v string) string {
	if c, ok := common[v]; ok {
		return c
	}
	return strings.Clone(v)
}

// common holds the names and parameter values most calendars repeat on
// every event, each as a constant.
var common = func() map[string]string {
	m := map[string]string{}
	for _, s := range []string{
		"BEGIN", "END", "UID", "DTSTAMP", "DTSTART", "DTEND", "DURATION", "SUMMARY", "DESCRIPTION",
		"LOCATION", "STATUS", "TRANSP", "ORGANIZER", "ATTENDEE", "RRULE", "RDATE", "EXDATE",
		"RECURRENCE-ID", "SEQUENCE", "CREATED", "LAST-MODIFIED", "CLASS", "CATEGORIES", "URL",
		"PRIORITY", "TZID", "TZOFFSETFROM", "TZOFFSETTO", "TZNAME", "ACTION", "TRIGGER",
		"CN", "PARTSTAT", "ROLE", "RSVP", "CUTYPE", "VALUE", "LANGUAGE", "EMAIL", "X-NUM-GUESTS",
		"X-MICROSOFT-CDO-BUSYSTATUS", "X-MICROSOFT-CDO-ALLDAYEVENT", "X-MICROSOFT-CDO-INTENDEDSTATUS",
		"SCHEDULE-STATUS", "SENT-BY", "DIR", "DELEGATED-TO", "DELEGATED-FROM", "MEMBER", "RANGE",
		"RELATED", "ALTREP", "FMTTYPE", "ENCODING",
		"ACCEPTED", "DECLINED", "TENTATIVE", "NEEDS-ACTION", "DELEGATED", "REQ-PARTICIPANT",
		"OPT-PARTICIPANT", "NON-PARTICIPANT", "CHAIR", "INDIVIDUAL", "ROOM", "RESOURCE", "GROUP",
		"TRUE", "FALSE", "DATE", "DATE-TIME", "PERIOD", "UTC",
	} {
		m[s] = s
	}
	return m
}()

// componentName is the upper-cased name of a BEGIN or END value, a
// constant for the usual ones.
func componentName(v string) string {
	u := strings.ToUpper(v)
	switch u {
	case "VEVENT":
		return "VEVENT"
	case "VALARM":
		return "VALARM"
	case "VTIMEZONE":
		return "VTIMEZONE"
	case "STANDARD":
		return "STANDARD"
	case "DAYLIGHT":
		return "DAYLIGHT"
	case "VTODO":
		return "VTODO"
	}
	return strings.Clone(u)
}
