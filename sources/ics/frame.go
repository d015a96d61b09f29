package ics

import (
	"fmt"
	"strings"

	"github.com/timeaudit/timeaudit/audit"
)

// The framing scan finds where things are; go-ical parses what they are.
// go-ical keeps no line numbers and decodes whole files at once, so
// timeaudit first splits the text into logical lines (unfolded exactly as
// go-ical unfolds them) and components, remembering the line each starts
// on. Every component is then decoded by go-ical on its own: errors point
// at a line, a broken event can be skipped alone, and memory stays per
// event.

// line is one logical (unfolded) content line.
type line struct {
	no   int    // the physical line it starts on, 1-based
	text string // unfolded, without the line break
}

// name is the upper-cased property name: the text before the first ";" or ":".
func (l line) name() string {
	i := strings.IndexAny(l.text, ";:")
	if i <= 0 {
		return ""
	}
	return strings.ToUpper(strings.TrimSpace(l.text[:i]))
}

// value is the text after the first ":" that is not inside a quoted parameter.
func (l line) value() string {
	inQuote := false
	for i := 0; i < len(l.text); i++ {
		switch l.text[i] {
		case '"':
			inQuote = !inQuote
		case ':':
			if !inQuote {
				return l.text[i+1:]
			}
		}
	}
	return ""
}

// component is a child of a VCALENDAR (VEVENT, VTIMEZONE, VTODO, ...):
// its text from its BEGIN line to its END line (a copy: the file's text
// can go once it is framed) and the line its BEGIN is on. Its logical lines are
// split when it is read, not for the whole file at once: a file of a
// million events would otherwise hold millions of lines besides its text.
type component struct {
	name  string
	text  string
	first int
	lines []line // split from text on first use (see logical)
	// released is set once the component is read and its text gone.
	released bool
}

func (c *component) begin() int { return c.first }

// logical is the component's logical lines, split on first use.
func (c *component) logical() []line {
	if c.lines == nil && !c.released {
		c.lines = logicalLinesFrom(c.text, c.first)
	}
	return c.lines
}

// release drops the component's text once it is read.
func (c *component) release() {
	c.lines, c.text, c.released = nil, "", true
}

// propLine is the line of the i-th property called name among the
// component's own (not those of a nested VALARM), or the component's BEGIN
// line when unknown.
func (c *component) propLine(name string, i int) int {
	if c.released {
		return c.begin()
	}
	depth := 0
	for _, l := range c.logical() {
		switch n := l.name(); {
		case n == "BEGIN":
			depth++
		case n == "END":
			depth--
		case depth == 1 && n == name:
			if i == 0 {
				return l.no
			}
			i--
		}
	}
	return c.begin()
}

// calendar is one VCALENDAR: its own properties and its components.
type calendar struct {
	begin      int
	props      []line
	components []*component
}

// propLine is the line of the calendar's property called name, or its
// BEGIN line when it has none.
func (c *calendar) propLine(name string) int {
	for _, l := range c.props {
		if l.name() == name {
			return l.no
		}
	}
	return c.begin
}

// token is a component name for a message: as it is when it looks like one
// (VEVENT, X-WR-THING), else quoted short.
func token(v string) string {
	if len(v) > 0 && len(v) <= 40 && strings.Trim(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == "" {
		return v
	}
	return audit.Quote(v)
}

// frameError is a problem with the file's structure.
type frameError struct {
	line int
	msg  string
	// component is the unfinished component of a truncated file, which
	// --skip-invalid may skip while keeping the rest.
	component *component
}

func (e *frameError) Error() string { return e.msg }

// logicalLines splits text into unfolded lines: a physical line that starts
// with a space or a tab continues the previous one, without that character.
// Empty logical lines are dropped, as go-ical drops them.
func logicalLines(text string) []line { return logicalLinesFrom(text, 1) }

// logicalLinesFrom is logicalLines for text whose first line is line first.
func logicalLinesFrom(text string, first int) []line {
	out := make([]line, 0, strings.Count(text, "\n")+1)
	sc := lineScanner{text: text, no: first - 1}
	for {
		l, _, _, ok := sc.next()
		if !ok {
			return out
		}
		out = append(out, l)
	}
}

// lineScanner reads logical lines one at a time, with the byte offsets of
// where each starts and ends (its line break included) in text.
type lineScanner struct {
	text string
	pos  int // the next physical line's offset
	no   int // the last physical line read, 1-based
}

// physical reads one physical line, without its line break.
func (sc *lineScanner) physical() string {
	rest := sc.text[sc.pos:]
	sc.no++
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		sc.pos += i + 1
		return strings.TrimSuffix(rest[:i], "\r")
	}
	sc.pos = len(sc.text)
	return strings.TrimSuffix(rest, "\r")
}

func (sc *lineScanner) next() (l line, start, end int, ok bool) {
	for sc.pos < len(sc.text) {
		start = sc.pos
		no := sc.no + 1
		t := sc.physical()
		if sc.pos < len(sc.text) && (sc.text[sc.pos] == ' ' || sc.text[sc.pos] == '\t') {
			var b strings.Builder
			b.WriteString(t)
			for sc.pos < len(sc.text) && (sc.text[sc.pos] == ' ' || sc.text[sc.pos] == '\t') {
				b.WriteString(sc.physical()[1:])
			}
			t = b.String()
		}
		if t != "" {
			return line{no: no, text: t}, start, sc.pos, true
		}
	}
	return line{}, 0, 0, false
}

// maxLineBytes bounds one unfolded line. Inline attachments (ATTACH with
// base64) make long lines, but not this long.
const maxLineBytes = 64 << 20

// frame splits text into calendars and their components. Text after the
// last END:VCALENDAR that is not another calendar is ignored and reported
// in notes; any other structural problem is a *frameError. With
// noDescriptions, an event's own DESCRIPTION is left out of its copy (its
// physical lines kept as empty ones, so that every later line keeps its
// number): nothing will read it, and descriptions are often most of a
// large export.
func frame(text string, noDescriptions bool) (cals []*calendar, notes []string, err error) {
	if !strings.Contains(text, "\n") && strings.Contains(text, "\r") {
		// Classic Mac OS ended lines with CR alone; RFC 5545 says CRLF.
		text = strings.ReplaceAll(text, "\r", "\n")
		notes = append(notes, "lines end with CR alone (old Mac style), not CRLF: read as line breaks")
	}
	sc := lineScanner{text: text}
	nested, nestedAt := 0, 0 // events inside events (or inside other components): go-ical would drop them
	type open struct {
		name string
		line int
	}
	var stack []open
	var cal *calendar
	var comp *component
	compStart := 0
	var blanks [][2]int // the spans of text to leave out of comp's copy
	junkFrom := 0
	lastNo := 0
	for i := 0; ; i++ {
		l, start, end, more := sc.next()
		if !more {
			break
		}
		lastNo = l.no
		if len(l.text) > maxLineBytes {
			return nil, nil, &frameError{line: l.no, msg: fmt.Sprintf("a line of %.1f MiB, more than %d MiB: not a calendar property", float64(len(l.text))/(1<<20), maxLineBytes>>20)}
		}
		name := l.name()
		switch name {
		case "BEGIN":
			v := strings.ToUpper(strings.TrimSpace(l.value()))
			switch len(stack) {
			case 0:
				if v != "VCALENDAR" {
					return nil, nil, &frameError{line: l.no, msg: fmt.Sprintf("expected BEGIN:VCALENDAR, found %s", audit.Quote(l.text))}
				}
				cal = &calendar{begin: l.no}
				cals = append(cals, cal)
				junkFrom = 0
			case 1:
				// A copy: the name would otherwise hold the whole file's
				// text alive for as long as the component lives.
				comp = &component{name: strings.Clone(v), first: l.no}
				compStart, blanks = start, blanks[:0]
				cal.components = append(cal.components, comp)
			default:
				if v == "VEVENT" {
					if nested == 0 {
						nestedAt = l.no
					}
					nested++
				}
			}
			stack = append(stack, open{v, l.no})
		case "END":
			v := strings.ToUpper(strings.TrimSpace(l.value()))
			if len(stack) == 0 {
				if cal == nil {
					return nil, nil, &frameError{line: l.no, msg: "END:" + token(v) + " without a BEGIN"}
				}
				if junkFrom == 0 {
					junkFrom = l.no
				}
				continue
			}
			top := stack[len(stack)-1]
			if v != top.name {
				return nil, nil, &frameError{line: l.no, msg: fmt.Sprintf("END:%s does not close BEGIN:%s (line %d)", token(v), token(top.name), top.line)}
			}
			stack = stack[:len(stack)-1]
			if comp != nil && len(stack) == 1 {
				comp.text = copyWithout(text, compStart, end, blanks)
				comp = nil
			}
		default:
			switch {
			case len(stack) == 0 && cal == nil:
				if i == 0 && strings.TrimSpace(l.text) == "" {
					continue
				}
				return nil, nil, &frameError{line: l.no, msg: "expected BEGIN:VCALENDAR: this is not an iCalendar file"}
			case len(stack) == 0:
				if junkFrom == 0 {
					junkFrom = l.no
				}
			case len(stack) == 1:
				cal.props = append(cal.props, line{no: l.no, text: strings.Clone(l.text)})
			case len(stack) == 2 && noDescriptions && name == "DESCRIPTION" && comp != nil && comp.name == "VEVENT":
				blanks = append(blanks, [2]int{start, end})
			}
		}
	}
	if len(stack) > 0 {
		top := stack[len(stack)-1]
		fe := &frameError{line: lastNo, msg: fmt.Sprintf("the file ends inside BEGIN:%s (line %d): it is truncated", token(top.name), top.line)}
		if comp != nil {
			comp.text = strings.Clone(text[compStart:])
			fe.component = comp
			cal.components = cal.components[:len(cal.components)-1]
		}
		return cals, notes, fe
	}
	if cal == nil {
		return nil, nil, &frameError{line: 1, msg: "no BEGIN:VCALENDAR: this is not an iCalendar file"}
	}
	if junkFrom > 0 {
		notes = append(notes, fmt.Sprintf("text after END:VCALENDAR from line %d was ignored", junkFrom))
	}
	if nested > 0 {
		notes = append(notes, fmt.Sprintf("%s inside other events (the first at line %d) ignored: an event cannot hold an event", plural(nested, "VEVENT"), nestedAt))
	}
	return cals, notes, nil
}

// copyWithout copies text[from:to] with each of the spans in blanks (in
// order, within it) replaced by as many empty lines as it has line breaks.
func copyWithout(text string, from, to int, blanks [][2]int) string {
	if len(blanks) == 0 {
		return strings.Clone(text[from:to])
	}
	var b strings.Builder
	b.Grow(to - from)
	at := from
	for _, span := range blanks {
		b.WriteString(text[at:span[0]])
		b.WriteString(strings.Repeat("\n", strings.Count(text[span[0]:span[1]], "\n")))
		at = span[1]
	}
	b.WriteString(text[at:to])
	return b.String()
}
