package csv

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/timeaudit/timeaudit/audit"
)

// DateOrder says how to read numeric dates such as 3/2/2026.
type DateOrder int

// Date orders. DateAuto detects the order from the file.
const (
	DateAuto DateOrder = iota
	DateMDY            // month/day/year, as in the United States
	DateDMY            // day/month/year, as in most of the world
)

func (o DateOrder) String() string {
	switch o {
	case DateMDY:
		return "mdy"
	case DateDMY:
		return "dmy"
	}
	return "auto"
}

// ParseDateOrder reads a --date-order value: auto, mdy or dmy.
func ParseDateOrder(s string) (DateOrder, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return DateAuto, nil
	case "mdy", "m/d/y", "us":
		return DateMDY, nil
	case "dmy", "d/m/y":
		return DateDMY, nil
	}
	return DateAuto, fmt.Errorf("invalid date order %s: use auto, mdy (3/16/2026) or dmy (16/3/2026)", audit.Quote(s))
}

// civil is a calendar date.
type civil struct{ y, m, d int }

// rawDate is a date as written, before its order is known.
type rawDate struct {
	year      int
	a, b      int  // the first two numbers when the year comes last
	ymd       bool // year first: 2026-03-16, 2026/3/16
	dmyByForm bool // 16.3.2026: dots mean day first everywhere
	named     bool // a month name makes the order plain
	civil     civil
}

// ambiguous reports whether the order cannot be read from this date alone.
func (r rawDate) ambiguous() bool {
	return !r.ymd && !r.named && !r.dmyByForm && r.a <= 12 && r.b <= 12 && r.a != r.b
}

var monthNames = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
	"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

// digits reads s[i:i+n] as a decimal number.
func digits(s string, i, n int) (int, bool) {
	v := 0
	for _, c := range []byte(s[i : i+n]) {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// isoDateTime is the fast path for what most exports write,
// 2026-03-16, 2026-03-16 09:00, 2026-03-16T09:00:00, without an offset:
// read without allocating, as splitDate and parseClock would read it.
func isoDateTime(v string) (dateTime, bool) {
	var dt dateTime
	if len(v) < 10 || v[4] != '-' || v[7] != '-' {
		return dt, false
	}
	y, ok1 := digits(v, 0, 4)
	m, ok2 := digits(v, 5, 2)
	d, ok3 := digits(v, 8, 2)
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return dt, false
	}
	dt.date = rawDate{ymd: true, civil: civil{y, m, d}}
	dt.dateText = v[:10]
	rest := v[10:]
	if rest == "" {
		return dt, true
	}
	if (rest[0] != ' ' && rest[0] != 'T') || (len(rest) != 6 && len(rest) != 9) || rest[3] != ':' || (len(rest) == 9 && rest[6] != ':') {
		return dt, false
	}
	h, ok1 := digits(rest, 1, 2)
	mi, ok2 := digits(rest, 4, 2)
	sec, ok3 := 0, true
	if len(rest) == 9 {
		sec, ok3 = digits(rest, 7, 2)
	}
	if !ok1 || !ok2 || !ok3 || h > 23 || mi > 59 || sec > 59 {
		return dt, false // 24:00 and the rest: the general path
	}
	dt.clock, dt.hasClock = clock{h: h, m: mi, s: sec}, true
	return dt, true
}

// splitDate reads the date forms found in exports: 2026-03-16, 2026/3/16,
// 3/16/2026, 16.03.2026, 16-03-26, Mar 16, 2026, 16 March 2026.
func splitDate(s string) (rawDate, error) {
	s = strings.TrimSpace(s)
	bad := func() (rawDate, error) { return rawDate{}, fmt.Errorf("invalid date %s", audit.Quote(s)) }
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return r == '/' || r == '.' || r == '-' || r == ' ' || r == ','
	})
	if len(fields) != 3 {
		return bad()
	}
	var r rawDate
	// A month name?
	for i, f := range fields {
		if m, ok := monthNames[strings.ToLower(f)]; ok {
			rest := append(append([]string{}, fields[:i]...), fields[i+1:]...)
			d, err1 := strconv.Atoi(rest[0])
			y, err2 := strconv.Atoi(rest[1])
			if len(rest[0]) == 4 { // 2026 Mar 16
				d, y = y, d
			}
			if err1 != nil || err2 != nil {
				return bad()
			}
			r.named, r.civil = true, civil{fullYear(y, len(rest[1])), m, d}
			return r, checkCivil(r.civil, s)
		}
	}
	n := [3]int{}
	for i, f := range fields {
		v, err := strconv.Atoi(f)
		if err != nil || v < 0 || len(f) > 4 {
			return bad()
		}
		n[i] = v
	}
	if len(fields[0]) == 4 {
		r.ymd = true
		r.civil = civil{n[0], n[1], n[2]}
		return r, checkCivil(r.civil, s)
	}
	if l := len(fields[2]); l != 4 && l != 2 {
		return bad()
	}
	r.year, r.a, r.b = fullYear(n[2], len(fields[2])), n[0], n[1]
	r.dmyByForm = strings.Contains(s, ".")
	if r.a > 12 && r.b > 12 {
		return rawDate{}, fmt.Errorf("invalid date %s: neither %d nor %d is a month", audit.Quote(s), r.a, r.b)
	}
	return r, nil
}

// fullYear reads two-digit years as 1970..2069.
func fullYear(y, digits int) int {
	if digits <= 2 {
		if y < 70 {
			return 2000 + y
		}
		return 1900 + y
	}
	return y
}

func checkCivil(c civil, s string) error {
	if c.m < 1 || c.m > 12 {
		return fmt.Errorf("invalid date %s: no month %d", audit.Quote(s), c.m)
	}
	if c.d < 1 || c.d > daysIn(c.y, c.m) {
		return fmt.Errorf("invalid date %s: %s %d has no day %d", audit.Quote(s), time.Month(c.m), c.y, c.d)
	}
	return nil
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// resolve settles a date under an order.
func (r rawDate) resolve(order DateOrder, s string) (civil, error) {
	if r.ymd || r.named {
		return r.civil, nil
	}
	c := civil{y: r.year, m: r.a, d: r.b}
	if r.dmyByForm || order == DateDMY {
		c.m, c.d = r.b, r.a
	}
	return c, checkCivil(c, s)
}

// clock is a time of day; h may be 24 for the midnight that ends a day.
type clock struct {
	h, m, s int
	ampm    bool
}

// parseClock reads 9:30, 09:30:00, 9:30 AM, 9:30:00 pm, 9am, 21:30, 24:00.
func parseClock(s string) (clock, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	var c clock
	bad := func() (clock, error) { return c, fmt.Errorf("invalid time %s", audit.Quote(s)) }
	pm := false
	for _, suf := range []string{"a.m.", "p.m.", "am", "pm"} {
		if strings.HasSuffix(v, suf) {
			c.ampm, pm = true, suf[0] == 'p'
			v = strings.TrimSpace(strings.TrimSuffix(v, suf))
			break
		}
	}
	parts := strings.Split(v, ":")
	if len(parts) > 3 || (len(parts) == 1 && !c.ampm) {
		return bad()
	}
	vals := [3]int{}
	for i, p := range parts {
		if i == 2 { // seconds may carry a fraction
			p, _, _ = strings.Cut(p, ".")
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || p == "" || len(p) > 2 || (i > 0 && len(p) != 2) {
			return bad()
		}
		vals[i] = n
	}
	c.h, c.m, c.s = vals[0], vals[1], vals[2]
	if c.m > 59 || c.s > 59 {
		return bad()
	}
	if c.ampm {
		if c.h < 1 || c.h > 12 {
			return c, fmt.Errorf("invalid time %s: hour %d with AM/PM", audit.Quote(s), c.h)
		}
		if c.h == 12 {
			c.h = 0
		}
		if pm {
			c.h += 12
		}
		return c, nil
	}
	if c.h > 24 || (c.h == 24 && (c.m != 0 || c.s != 0)) {
		return bad()
	}
	return c, nil
}

// at is the instant of a date and clock in loc (24:00 is the next midnight).
func at(d civil, c clock, loc *time.Location) time.Time {
	return time.Date(d.y, time.Month(d.m), d.d, c.h, c.m, c.s, 0, loc)
}

func midnight(d civil, loc *time.Location) time.Time {
	return time.Date(d.y, time.Month(d.m), d.d, 0, 0, 0, 0, loc)
}

// zonedLayouts are date-times that carry their own offset.
var zonedLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04 -0700",
	"2006-01-02T15:04:05-0700",
}

// dateTime is a start or end value of a generic CSV, split into its parts.
type dateTime struct {
	abs      time.Time // set when the value carries its own offset
	date     rawDate
	dateText string
	clock    clock
	hasClock bool
}

// splitDateTime reads a combined date-time: RFC 3339 with an offset (an
// absolute instant), or a date followed by an optional time of day, read in
// the report zone ("2026-03-16 09:00", "3/16/2026 9:00 AM").
func splitDateTime(s string) (dateTime, error) {
	v := strings.TrimSpace(s)
	var dt dateTime
	if v == "" {
		return dt, fmt.Errorf("empty date")
	}
	if dt, ok := isoDateTime(v); ok {
		return dt, nil
	}
	return generalDateTime(v)
}

// generalDateTime is splitDateTime for every form (v trimmed, not empty).
func generalDateTime(v string) (dateTime, error) {
	var dt dateTime
	if mayHaveOffset(v) {
		for _, l := range zonedLayouts {
			if t, err := time.Parse(l, v); err == nil {
				dt.abs = t
				return dt, nil
			}
		}
	}
	datePart, timePart := v, ""
	if len(v) > 10 && v[10] == 'T' && v[4] == '-' {
		datePart, timePart = v[:10], v[11:]
	} else if fs := strings.Fields(v); len(fs) > 1 {
		// The time starts at the first word with a colon, or a bare hour with AM/PM.
		for i := 1; i < len(fs); i++ {
			if strings.Contains(fs[i], ":") || isAMPM(fs[i]) || (i+1 < len(fs) && isAMPM(fs[i+1])) {
				datePart, timePart = strings.Join(fs[:i], " "), strings.Join(fs[i:], " ")
				break
			}
		}
	}
	d, err := splitDate(datePart)
	if err != nil {
		return dt, err
	}
	dt.date, dt.dateText = d, datePart
	if timePart != "" {
		c, err := parseClock(timePart)
		if err != nil {
			return dt, err
		}
		dt.clock, dt.hasClock = c, true
	}
	return dt, nil
}

// mayHaveOffset reports whether an ISO date-time may end in a zone offset
// ("Z", "+01:00", "-0500"), so that only those pay for trying the layouts.
func mayHaveOffset(v string) bool {
	if len(v) < 16 || v[4] != '-' {
		return false
	}
	rest := v[10:]
	return strings.ContainsAny(rest, "Zz+") || strings.Contains(rest, "-")
}

func isAMPM(s string) bool {
	switch strings.ToLower(s) {
	case "am", "pm", "a.m.", "p.m.":
		return true
	}
	l := strings.ToLower(s)
	return (strings.HasSuffix(l, "am") || strings.HasSuffix(l, "pm")) && len(l) > 2 && l[0] >= '0' && l[0] <= '9'
}
