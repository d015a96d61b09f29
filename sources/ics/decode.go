package ics

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"sync"

	ical "github.com/emersion/go-ical"
)

// lineError is a problem on one line of a component.
type lineError struct {
	line int
	prop string // the property name, when known
	msg  string
}

func (e *lineError) Error() string { return e.msg }

// usedProps are the properties timeaudit reads; a line go-ical cannot read
// is fatal only for these (and the structure); anything else is dropped
// with a note.
var usedProps = map[string]bool{
	"BEGIN": true, "END": true, "UID": true, "DTSTART": true, "DTEND": true, "DURATION": true,
	"RRULE": true, "RDATE": true, "EXDATE": true, "RECURRENCE-ID": true, "SUMMARY": true,
	"STATUS": true, "TRANSP": true, "ORGANIZER": true, "ATTENDEE": true, "SEQUENCE": true,
	"TZID": true, "TZOFFSETFROM": true, "TZOFFSETTO": true, "X-MICROSOFT-CDO-BUSYSTATUS": true,
	"X-MICROSOFT-CDO-ALLDAYEVENT": true, "METHOD": true,
}

// decode parses lines (a component from BEGIN to END, or a calendar's own
// properties when wrap is set) with go-ical. A line go-ical rejects is
// located; if it is repairable it is repaired, if timeaudit does not use
// it, it is dropped; both are reported in notes. Otherwise the result is a
// *lineError.
func decode(lines []line, wrapName string) (comp *ical.Component, notes []string, err error) {
	if wrapName == "" {
		if comp, ok := scanComponent(lines); ok {
			return comp, nil, nil
		}
	}
	work := lines
	for attempt := 0; attempt < 8; attempt++ {
		comp, derr := decodeOnce(work, wrapName)
		if derr == nil {
			return comp, notes, nil
		}
		bad, msg := findBadLine(work)
		if bad < 0 {
			at := 0
			if len(work) > 0 {
				at = work[0].no
			}
			return nil, notes, &lineError{line: at, msg: "cannot read the component: " + trimICal(derr.Error())}
		}
		l := work[bad]
		if fixed, ok := repairLine(l.text); ok && lineDecodes(fixed) {
			notes = append(notes, fmt.Sprintf("line %d: repaired a misplaced quote in %s", l.no, l.name()))
			work = replaceLine(work, bad, line{no: l.no, text: fixed})
			continue
		}
		name := l.name()
		if !usedProps[name] && name != "" {
			notes = append(notes, fmt.Sprintf("line %d: unreadable %s property ignored (%s)", l.no, name, msg))
			work = replaceLine(work, bad, line{})
			continue
		}
		prop := name
		if prop == "" {
			prop = strings.ToUpper(firstWord(l.text))
		}
		return nil, notes, &lineError{line: l.no, prop: prop, msg: msg}
	}
	return nil, notes, &lineError{line: lines[0].no, msg: "too many unreadable lines"}
}

func replaceLine(lines []line, i int, with line) []line {
	out := make([]line, 0, len(lines))
	out = append(out, lines[:i]...)
	if with.text != "" {
		out = append(out, with)
	}
	return append(out, lines[i+1:]...)
}

// decodeOnce runs go-ical over lines, turning its panics into errors.
func decodeOnce(lines []line, wrapName string) (comp *ical.Component, err error) {
	defer func() {
		if p := recover(); p != nil {
			comp, err = nil, fmt.Errorf("%v", p)
		}
	}()
	buf := decodeBufs.Get().(*decodeBuf)
	defer decodeBufs.Put(buf)
	b := buf.text[:0]
	b = append(b, "BEGIN:VCALENDAR\r\n"...)
	if wrapName != "" {
		b = append(b, "BEGIN:"+wrapName+"\r\n"...)
	}
	for _, l := range lines {
		b = append(b, l.text...)
		b = append(b, '\r', '\n')
	}
	if wrapName != "" {
		b = append(b, "END:"+wrapName+"\r\n"...)
	}
	b = append(b, "END:VCALENDAR\r\n"...)
	buf.text = b
	// go-ical copies what it keeps, so the buffers are used again.
	buf.rd.Reset(b)
	buf.br.Reset(&buf.rd)
	cal, err := ical.NewDecoder(buf.br).Decode()
	if err != nil {
		return nil, err
	}
	if len(cal.Children) != 1 {
		return nil, fmt.Errorf("expected one component, found %d", len(cal.Children))
	}
	return cal.Children[0], nil
}

// decodeBuf is what decoding one component needs: its text, and a reader
// go-ical takes as it is (a bufio.Reader of its size) instead of making one.
type decodeBuf struct {
	text []byte
	rd   bytes.Reader
	br   *bufio.Reader
}

var decodeBufs = sync.Pool{New: func() any { return &decodeBuf{br: bufio.NewReaderSize(nil, 4096)} }}

// findBadLine finds the first line go-ical cannot read on its own.
func findBadLine(lines []line) (int, string) {
	for i, l := range lines {
		switch l.name() {
		case "BEGIN", "END":
			continue
		}
		if _, err := decodeOnce([]line{l}, "X-TIMEAUDIT-PROBE"); err != nil {
			return i, trimICal(err.Error())
		}
	}
	return -1, ""
}

func lineDecodes(text string) bool {
	_, err := decodeOnce([]line{{text: text}}, "X-TIMEAUDIT-PROBE")
	return err == nil
}

func trimICal(msg string) string {
	return strings.TrimPrefix(msg, "ical: ")
}

func firstWord(s string) string {
	if i := strings.IndexAny(s, ";: "); i > 0 {
		return s[:i]
	}
	if len(s) > 20 {
		return s[:20]
	}
	return s
}

// repairLine fixes Exchange 2010's misplaced quote, which swallows the value
// into a quoted parameter: DTSTART;TZID="W. Europe Standard Time:20200609T090000"
// becomes DTSTART;TZID="W. Europe Standard Time":20200609T090000.
func repairLine(text string) (string, bool) {
	if !strings.HasSuffix(text, `"`) {
		return "", false
	}
	open := strings.LastIndexByte(text[:len(text)-1], '"')
	if open < 0 {
		return "", false
	}
	inner := text[open+1 : len(text)-1]
	colon := strings.LastIndexByte(inner, ':')
	if colon < 0 {
		return "", false
	}
	return text[:open+1] + inner[:colon] + `":` + inner[colon+1:], true
}
