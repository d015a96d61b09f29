package ics

import (
	"time"

	rrule "github.com/teambition/rrule-go"
)

// useFastWalls is false only in the test that holds fastWalls to rrule-go.
var useFastWalls = true

// fastWalls is ruleWalls for the rules most calendars hold, by direct date
// arithmetic instead of rrule-go's general iterator: FREQ=DAILY or WEEKLY
// with plain weekdays, MONTHLY on one nth weekday (1MO, -1FR) or on
// DTSTART's day, any INTERVAL, COUNT or UNTIL, WKST. Times are wall clock
// in UTC, as for rrule-go (see wall.go). ok is false for every other rule,
// and when the walk from DTSTART would be long: rrule-go then runs, with
// its step and size bounds and their errors. TestFastWalls holds the two
// equal on random rules, starts and ranges.
//
// opt is the rule before shiftStart (UNTIL already bounded by hiW).
// The walls are appended to dst.
func fastWalls(dst []time.Time, opt rrule.ROption, loW, hiW time.Time) (out []time.Time, ok bool) {
	out = dst
	base := len(dst)
	if len(opt.Bysetpos)+len(opt.Bymonth)+len(opt.Bymonthday)+len(opt.Byyearday)+len(opt.Byweekno)+
		len(opt.Byhour)+len(opt.Byminute)+len(opt.Bysecond)+len(opt.Byeaster) > 0 {
		return nil, false
	}
	start := opt.Dtstart
	if start.Location() != time.UTC || start.Nanosecond() != 0 {
		return nil, false
	}
	interval := max(opt.Interval, 1)
	hh, mm, ss := start.Clock()
	y, m, d := start.Date()
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, hh, mm, ss, 0, time.UTC) }
	count := opt.Count
	until := opt.Until // zero: none (ruleWalls always bounds it by hiW)
	// emit takes the rule's next instance in order; false once the rule
	// (or the range) has ended.
	emit := func(t time.Time) bool {
		if t.Before(start) {
			return true // before DTSTART, in its first period
		}
		if !until.IsZero() && t.After(until) || !t.Before(hiW) {
			return false
		}
		if opt.Count > 0 {
			if count == 0 {
				return false
			}
			count--
		}
		if !t.Before(loW) {
			out = append(out, t)
		}
		return len(out)-base <= maxInstances
	}
	// Without COUNT, a walk may start at the period of loW; with it, the
	// instances before the range are counted one period at a time, so the
	// walk must be short.
	// Spans in seconds, never as a time.Duration: that saturates at 292
	// years, and a calendar can name year 1 and year 9999.
	span := func(from, to time.Time, unit int64) int64 { return (to.Unix() - from.Unix()) / unit }
	periods := func(unit int64) int64 { // periods from DTSTART to hiW, roughly
		return span(start, hiW, unit)/int64(interval) + 2
	}
	// steps bounds the walk, as maxSteps bounds rrule-go's: a longer one is
	// left to rrule-go, with its errors.
	steps := 0
	tooLong := func() bool { steps++; return steps > 250_000 }
	switch opt.Freq {
	case rrule.DAILY, rrule.WEEKLY:
		var want [7]bool // by time.Weekday
		for _, wd := range opt.Byweekday {
			if wd.N() != 0 {
				return nil, false
			}
			want[(wd.Day()+1)%7] = true
		}
		switch {
		case len(opt.Byweekday) > 0:
		case opt.Freq == rrule.DAILY:
			want = [7]bool{true, true, true, true, true, true, true}
		default:
			want[start.Weekday()] = true
		}
		if opt.Freq == rrule.DAILY {
			if opt.Count > 0 && periods(86400) > 100_000 {
				return nil, false
			}
			first := 0
			if opt.Count == 0 && loW.After(start) {
				first = int(max(span(start, loW, 86400)/int64(interval)*int64(interval)-int64(interval), 0))
			}
			for k := first; ; k += interval {
				if tooLong() {
					return nil, false
				}
				t := at(y, m, d+k)
				if want[t.Weekday()] && !emit(t) {
					break
				}
				if t.After(hiW) {
					break
				}
			}
			break
		}
		// WEEKLY: weeks begin on WKST; the first is the one holding DTSTART.
		wkst := time.Weekday((opt.Wkst.Day() + 1) % 7)
		back := (int(start.Weekday()) - int(wkst) + 7) % 7
		if opt.Count > 0 && periods(7*86400) > 50_000 {
			return nil, false
		}
		first := 0
		if opt.Count == 0 && loW.After(start) {
			first = int(max(span(start, loW, 7*86400)/int64(interval)*int64(interval)-int64(interval), 0))
		}
		for w := first; ; w += interval {
			if tooLong() {
				return nil, false
			}
			for i := 0; i < 7; i++ {
				// The week's day i is a (WKST + i); only the days wanted are made.
				if want[(int(wkst)+i)%7] && !emit(at(y, m, d-back+7*w+i)) {
					return out, len(out)-base <= maxInstances
				}
			}
			if at(y, m, d-back+7*w).After(hiW) {
				break
			}
		}
	case rrule.MONTHLY:
		nth, wd := 0, time.Sunday
		switch len(opt.Byweekday) {
		case 0:
		case 1:
			nth, wd = opt.Byweekday[0].N(), time.Weekday((opt.Byweekday[0].Day()+1)%7)
			if nth == 0 || nth < -5 || nth > 5 {
				return nil, false // every such weekday, or out of range: rrule-go's
			}
		default:
			return nil, false
		}
		if opt.Count > 0 && periods(28*86400) > 20_000 {
			return nil, false
		}
		first := 0
		if opt.Count == 0 && loW.After(start) {
			months := (loW.Year()-y)*12 + int(loW.Month()) - int(m)
			first = max(months/interval*interval-interval, 0)
		}
		for k := first; ; k += interval {
			if tooLong() {
				return nil, false
			}
			month := time.Date(y, m+time.Month(k), 1, 0, 0, 0, 0, time.UTC)
			days := time.Date(month.Year(), month.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
			day := d // DTSTART's day of the month
			if nth > 0 {
				day = 1 + (int(wd)-int(month.Weekday())+7)%7 + 7*(nth-1)
			} else if nth < 0 {
				last := time.Date(month.Year(), month.Month(), days, 0, 0, 0, 0, time.UTC)
				day = days - (int(last.Weekday())-int(wd)+7)%7 + 7*(nth+1)
			}
			if day >= 1 && day <= days && !emit(at(month.Year(), month.Month(), day)) {
				break
			}
			if month.After(hiW) {
				break
			}
		}
	default:
		return nil, false
	}
	return out, len(out)-base <= maxInstances
}
