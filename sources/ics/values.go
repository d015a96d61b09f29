package ics

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
	"github.com/timeaudit/timeaudit/audit"
)

// tval is a DATE or DATE-TIME value as written.
type tval struct {
	wall time.Time      // the value's wall-clock reading (a UTC proxy)
	date bool           // a DATE: all-day
	utc  bool           // ended in Z: an absolute instant
	loc  *time.Location // the TZID's zone; nil for floating, UTC and DATE values
	// open is what the value leaves for the event to settle (see settle);
	// nil for nearly every value, and once settled.
	open *openZone
}

// openZone is what a value leaves open: tzid is its TZID when guessed
// (guess says how: guessFloating, or the zone it was read in), or when it
// also ends in Z (then zloc is the TZID's zone and utc is set).
type openZone struct {
	tzid, guess string
	zloc        *time.Location
}

func (v tval) tzid() string {
	if v.open == nil {
		return ""
	}
	return v.open.tzid
}

func (v tval) guess() string {
	if v.open == nil {
		return ""
	}
	return v.open.guess
}

func (v tval) zloc() *time.Location {
	if v.open == nil {
		return nil
	}
	return v.open.zloc
}

// guessFloating marks a TZID nobody defines, read as floating time.
const guessFloating = "floating"

// zone is where the value's wall clock runs: UTC, its TZID's zone, or for
// floating times and dates the report zone.
func (v tval) zone(floating *time.Location) *time.Location {
	switch {
	case v.utc:
		return time.UTC
	case v.date || v.loc == nil:
		return floating
	}
	return v.loc
}

func (v tval) instant(floating *time.Location) time.Time {
	return instantAt(v.wall, v.zone(floating))
}

var dashColon = strings.NewReplacer("-", "", ":", "")

// parseWall reads a DATE (20260316), a DATE-TIME (20260316T090000) or a UTC
// DATE-TIME (20260316T090000Z). It forgives what real files get wrong:
// lower-case t and z, missing seconds, a Z after a date (Google's birthday
// calendar), dashes and colons.
func parseWall(s string) (tval, error) {
	v := strings.ToUpper(strings.TrimSpace(s))
	if strings.ContainsAny(v, "-:") {
		v = dashColon.Replace(v)
	}
	var t tval
	if strings.HasSuffix(v, "Z") {
		t.utc = true
		v = v[:len(v)-1]
	}
	date, clock, hasClock := strings.Cut(v, "T")
	if len(date) != 8 {
		return t, fmt.Errorf("invalid date-time %s", audit.Quote(s))
	}
	y, e1 := strconv.Atoi(date[:4])
	m, e2 := strconv.Atoi(date[4:6])
	d, e3 := strconv.Atoi(date[6:8])
	if e1 != nil || e2 != nil || e3 != nil || m < 1 || m > 12 || d < 1 || d > 31 || y < 1 {
		return t, fmt.Errorf("invalid date %s", audit.Quote(s))
	}
	if d > time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return t, fmt.Errorf("invalid date %s: %s %d has no day %d", audit.Quote(s), time.Month(m), y, d)
	}
	hh, mm, ss := 0, 0, 0
	if !hasClock {
		t.date, t.utc = true, false // "20131210Z" is a date
	} else {
		if len(clock) != 6 && len(clock) != 4 {
			return t, fmt.Errorf("invalid time in %s", audit.Quote(s))
		}
		var e4, e5, e6 error
		hh, e4 = strconv.Atoi(clock[:2])
		mm, e5 = strconv.Atoi(clock[2:4])
		if len(clock) == 6 {
			ss, e6 = strconv.Atoi(clock[4:6])
		}
		if e4 != nil || e5 != nil || e6 != nil || hh > 24 || mm > 59 || ss > 60 || hh < 0 || mm < 0 || ss < 0 {
			return t, fmt.Errorf("invalid time in %s", audit.Quote(s))
		}
		if ss == 60 { // a leap second reads as the next minute
			ss = 59
		}
	}
	t.wall = time.Date(y, time.Month(m), d, hh, mm, ss, 0, time.UTC)
	return t, nil
}

// nominal is a duration as RFC 5545 defines it: days (and weeks) are
// calendar days, which DST can make 23 or 25 hours long; hours, minutes and
// seconds are exact.
type nominal struct {
	days  int
	exact time.Duration
}

func (n nominal) negative() bool { return n.days < 0 || n.exact < 0 || (n.days == 0 && n.exact < 0) }

// approx is an upper bound of the duration, for windows.
func (n nominal) approx() time.Duration {
	return time.Duration(n.days)*25*time.Hour + n.exact
}

// end is the instant a duration after start, start being the wall-clock
// reading w in zone.
func (n nominal) end(w time.Time, zone *time.Location) time.Time {
	if n.days == 0 {
		return instantAt(w, zone).Add(n.exact)
	}
	return instantAt(w.AddDate(0, 0, n.days), zone).Add(n.exact)
}

// parseDuration reads a DURATION value: P1D, PT1H30M, P2W, -PT15M. go-ical
// returns a time.Duration, which loses the difference between a day and
// 24 hours that RFC 5545 makes. Real files bend the grammar (PT1W, P1W2D,
// P15M, -PT1W1D2H): every value is read by its components, weeks and days
// as days and hours, minutes and seconds as time wherever they stand, and
// lenient reports that the form was not RFC 5545's.
func parseDuration(s string) (n nominal, lenient bool, err error) {
	v := strings.ToUpper(strings.TrimSpace(s))
	bad := func() (nominal, bool, error) {
		return nominal{}, false, fmt.Errorf("invalid duration %s", audit.Quote(s))
	}
	sign := 1
	switch {
	case strings.HasPrefix(v, "-"):
		sign, v = -1, v[1:]
	case strings.HasPrefix(v, "+"):
		v = v[1:]
	}
	if !strings.HasPrefix(v, "P") || len(v) < 3 {
		return bad()
	}
	v = v[1:]
	inTime, seen, weeks, other := false, false, false, false
	for v != "" {
		if v[0] == 'T' {
			if inTime {
				return bad()
			}
			inTime, v = true, v[1:]
			continue
		}
		i := 0
		for i < len(v) && v[i] >= '0' && v[i] <= '9' {
			i++
		}
		if i == 0 || i == len(v) || i > 9 {
			return bad()
		}
		x, _ := strconv.Atoi(v[:i])
		switch u := v[i]; u {
		case 'W':
			n.days += 7 * x
			weeks, lenient = true, lenient || inTime
		case 'D':
			n.days += x
			other, lenient = true, lenient || inTime
		case 'H', 'M', 'S':
			unit := map[byte]time.Duration{'H': time.Hour, 'M': time.Minute, 'S': time.Second}[u]
			n.exact += time.Duration(x) * unit
			other, lenient = true, lenient || !inTime
		default:
			return bad()
		}
		seen, v = true, v[i+1:]
	}
	if !seen {
		return bad()
	}
	lenient = lenient || weeks && other // RFC 5545: weeks stand alone
	n.days *= sign
	n.exact *= time.Duration(sign)
	return n, lenient, nil
}

// abs is the duration without its sign.
func (n nominal) abs() nominal {
	if n.days < 0 || n.exact < 0 {
		return nominal{days: -n.days, exact: -n.exact}
	}
	return n
}

// String is a nominal duration in words: "8 days 2h3m4s".
func (n nominal) String() string {
	var parts []string
	switch {
	case n.days == 1:
		parts = append(parts, "1 day")
	case n.days != 0:
		parts = append(parts, strconv.Itoa(n.days)+" days")
	}
	if n.exact != 0 || len(parts) == 0 {
		parts = append(parts, n.exact.String())
	}
	return strings.Join(parts, " ")
}

// errUnsupportedPart is an RRULE part RFC 5545 (or RFC 7529) defines but
// timeaudit cannot honour: ignoring it would change the dates.
var errUnsupportedPart = errors.New("unsupported part")

// rruleParts are the RRULE parts rrule-go understands.
var rruleParts = map[string]bool{"FREQ": true, "INTERVAL": true, "WKST": true, "COUNT": true, "UNTIL": true,
	"BYSETPOS": true, "BYMONTH": true, "BYMONTHDAY": true, "BYYEARDAY": true, "BYWEEKNO": true, "BYDAY": true,
	"BYHOUR": true, "BYMINUTE": true, "BYSECOND": true}

// parseRRule reads an RRULE value into rrule-go options, apart from UNTIL,
// which is returned as written: its meaning depends on the series (see
// until). rrule-go rejects what real files contain, so first: empty parts
// (a trailing ";") are dropped, keys are upper-cased, spaces inside values
// ("BYDAY=MO, TU") removed and vendor X- parts ignored. Parts RFC 5545 does
// not define (RSCALE, SKIP) are errors: ignoring them would change the dates.
func parseRRule(value string) (*rrule.ROption, string, error) {
	var kept []string
	until := ""
	seen := map[string]bool{}
	for _, part := range strings.Split(value, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		k = strings.ToUpper(strings.TrimSpace(k))
		v = strings.ToUpper(strings.Join(strings.Fields(v), ""))
		switch {
		case strings.HasPrefix(k, "X-"):
			continue
		case !ok || v == "":
			return nil, "", fmt.Errorf("%s has no value", audit.Quote(part))
		case k == "RSCALE" || k == "SKIP":
			return nil, "", fmt.Errorf("%w %s", errUnsupportedPart, audit.Quote(k))
		case !rruleParts[k]:
			return nil, "", fmt.Errorf("unknown part %s", audit.Quote(k))
		case seen[k]:
			return nil, "", fmt.Errorf("%s is given twice", k)
		}
		seen[k] = true
		if k == "UNTIL" {
			until = v
			continue
		}
		if k == "BYDAY" || k == "WKST" || k == "FREQ" {
			v = strings.TrimSuffix(v, ",")
		}
		kept = append(kept, k+"="+v)
	}
	// RFC 5545 forbids COUNT with UNTIL; both are honoured, as most readers do.
	opt, err := rrule.StrToROptionInLocation(strings.Join(kept, ";"), time.UTC)
	if err != nil {
		return nil, "", err
	}
	if opt.Count < 0 || opt.Interval < 0 {
		return nil, "", fmt.Errorf("negative COUNT or INTERVAL")
	}
	return opt, until, nil
}
