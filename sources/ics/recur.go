package ics

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/teambition/rrule-go"
	"github.com/timeaudit/timeaudit/audit"
)

// Caps on runaway rules, per series.
const (
	maxSteps     = 2_000_000 // rrule iterations
	maxInstances = 100_000   // occurrences in the range
)

// series is one UID's events: its master (nil when only overrides came)
// and the overrides of single instances.
type series struct {
	uid       string
	master    *vevent
	overrides []*vevent
	// byRID finds an override by the instance it replaces, so that filing
	// 100,000 overrides of one series stays linear.
	byRID map[ridKey]int
}

// ridKey is a RECURRENCE-ID as written: its wall clock and whether it is a date.
type ridKey struct {
	wall int64
	date bool
}

// window is the half-open span [from, to) of instants an expansion covers.
type window struct{ from, to time.Time }

// occurrence is one instance: the component whose fields it shows (the
// master, an override, or a THISANDFUTURE override) and its times.
type occurrence struct {
	ev         *vevent
	start, end time.Time
	allDay     bool
	recurring  bool
	// tmpl is which of its series' events it is, for Request.Occurrences
	// (see collector.compact).
	tmpl int32
	rid  time.Time // the occurrence's start in its series as first scheduled; zero for a one-off
}

func (o occurrence) overlaps(w window) bool {
	if !o.end.After(o.start) {
		return !o.start.Before(w.from) && o.start.Before(w.to)
	}
	return o.start.Before(w.to) && o.end.After(w.from)
}

// allDay reports whether the event is all-day: DATE values, or Outlook's
// midnight-to-midnight DATE-TIMEs marked X-MICROSOFT-CDO-ALLDAYEVENT.
func (e *vevent) allDay() bool { return e.start.date || e.allDayMS }

// startWall is the start's wall clock; for all-day events, its date.
func (e *vevent) startWall() time.Time {
	if e.allDayMS {
		return time.Date(e.start.wall.Year(), e.start.wall.Month(), e.start.wall.Day(), 0, 0, 0, 0, time.UTC)
	}
	return e.start.wall
}

// zone is the zone the event's wall clock runs in.
func (e *vevent) zone(floating *time.Location) *time.Location {
	if e.allDay() {
		return floating
	}
	return e.start.zone(floating)
}

// length is the event's duration: from DTEND the exact one (in days for
// all-day events), from DURATION the nominal one, else none for a timed
// event and a day for an all-day one (RFC 5545 3.6.1).
func (e *vevent) length(floating *time.Location) (nominal, error) {
	switch {
	case e.end != nil && e.allDay():
		// Dates as written: an all-day event's end is a date in whatever
		// zone its producer wrote midnight in.
		ew := e.end.wall
		sd, ed := e.startWall(), time.Date(ew.Year(), ew.Month(), ew.Day(), 0, 0, 0, 0, time.UTC)
		if ew.Hour() != 0 || ew.Minute() != 0 {
			ed = ed.AddDate(0, 0, 1) // "until 23:59"
		}
		days := int(ed.Sub(sd).Hours()+12) / 24
		if days < 0 {
			return nominal{}, fmt.Errorf("DTEND is before DTSTART")
		}
		if days == 0 {
			days = 1
		}
		return nominal{days: days}, nil
	case e.end != nil:
		d := e.end.instant(floating).Sub(e.start.instant(floating))
		if d < 0 {
			return nominal{}, fmt.Errorf("DTEND is before DTSTART")
		}
		return nominal{exact: d}, nil
	case e.dur != nil:
		return *e.dur, nil
	case e.allDay():
		return nominal{days: 1}, nil
	}
	return nominal{}, nil
}

// recurs reports whether the master is a series.
func (e *vevent) recurs() bool { return len(e.rules()) > 0 || len(e.rdateList()) > 0 }

// bounded reports whether every RRULE of the master ends (COUNT or UNTIL).
func (e *vevent) bounded() bool {
	for _, rp := range e.rules() {
		opt, until, err := parseRRule(rp.value)
		if err != nil || (opt.Count == 0 && until == "") {
			return false
		}
	}
	return true
}

// candidate is a start the recurrence set produces, before exclusions.
type candidate struct {
	wall   time.Time // in the series' zone
	at     time.Time
	length *nominal // an RDATE PERIOD's own length
	end    *time.Time
}

// expand returns the occurrences of s that overlap w.
// expandScratch holds expand's buffers from one series to the next.
type expandScratch struct {
	walls []time.Time
	cands []candidate
}

func (s *series) expand(w window, floating *time.Location, sc *expandScratch) ([]occurrence, error) {
	m := s.master
	if m == nil { // overrides whose master did not come: each stands alone
		var out []occurrence
		for _, o := range s.overrides {
			occ, err := single(o, floating, true)
			if err != nil {
				return nil, err
			}
			occ.rid = o.recurID.instant(floating)
			if occ.overlaps(w) {
				out = append(out, occ)
			}
		}
		return out, nil
	}
	if !m.recurs() && len(s.overrides) == 0 {
		occ, err := single(m, floating, false)
		if err != nil {
			return nil, err
		}
		return []occurrence{occ}, nil
	}
	zone := m.zone(floating)
	allDay := m.allDay()
	length, err := m.length(floating)
	if err != nil {
		return nil, &lineError{line: m.propLine("DTEND", 0), prop: "DTEND", msg: err.Error()}
	}
	// Starts are looked for from the range's start minus the longest event,
	// so that events running into the range are found, then clipped later.
	longest := length.approx()
	for _, rd := range m.rdateList() {
		if rd.length != nil && rd.length.approx() > longest {
			longest = rd.length.approx()
		}
	}
	for _, o := range s.overrides {
		if ol, err := o.length(floating); err == nil && ol.approx() > longest {
			longest = ol.approx()
		}
	}
	lo := w.from.Add(-longest - 48*time.Hour)
	hi := w.to.Add(48 * time.Hour)
	loW, hiW := proxy(lo.In(zone)), proxy(hi.In(zone))

	// The recurrence set: DTSTART, the RRULEs, the RDATEs.
	start := m.startWall()
	// The rules' walls and the candidates go in buffers used again from
	// one series to the next (they are not kept).
	walls := sc.walls[:0]
	var ruled [][2]int // each rule's walls: walls[from:to]
	for _, rp := range m.rules() {
		from := len(walls)
		walls, err = ruleWallsInto(walls, rp.value, start, allDay, zone, loW, hiW)
		if err != nil {
			return nil, &lineError{line: rp.line, prop: "RRULE", msg: err.Error()}
		}
		ruled = append(ruled, [2]int{from, len(walls)})
	}
	sc.walls = walls
	n := 1 + len(m.rdateList()) + len(walls)
	cands := sc.cands[:0]
	if cap(cands) < n {
		cands = make([]candidate, 0, n)
	}
	defer func() { sc.cands = cands[:0] }()
	add := func(c candidate) { cands = append(cands, c) }
	zc := newZoneCache(zone)
	if !start.Before(loW) && start.Before(hiW) {
		add(candidate{wall: start, at: zc.at(start)})
	}
	for _, r := range ruled {
		for _, wl := range walls[r[0]:r[1]] {
			add(candidate{wall: wl, at: zc.at(wl)})
		}
	}
	for _, rd := range m.rdateList() {
		c := candidate{length: rd.length}
		switch {
		case allDay:
			c.wall = rd.at.wall
			if !rd.at.date {
				c.wall = proxy(rd.at.instant(floating).In(zone))
			}
			c.wall = time.Date(c.wall.Year(), c.wall.Month(), c.wall.Day(), 0, 0, 0, 0, time.UTC)
		case rd.at.date: // a date in a timed series: at DTSTART's time of day
			c.wall = time.Date(rd.at.wall.Year(), rd.at.wall.Month(), rd.at.wall.Day(), start.Hour(), start.Minute(), start.Second(), 0, time.UTC)
		default:
			c.wall = proxy(rd.at.instant(floating).In(zone))
		}
		c.at = instantAt(c.wall, zone)
		if rd.at.utc || rd.at.loc != nil {
			c.at = rd.at.instant(floating)
		}
		if rd.end != nil {
			e := rd.end.instant(floating)
			c.end = &e
		}
		if c.wall.Before(loW) || !c.wall.Before(hiW) {
			continue
		}
		add(c)
	}
	if byAt := func(a, b candidate) int { return a.at.Compare(b.at) }; !slices.IsSortedFunc(cands, byAt) {
		slices.SortStableFunc(cands, byAt)
	}

	// Exclusions: EXDATE instants, and whole days for DATE values (or any
	// EXDATE of an all-day series).
	exAt := map[int64]bool{}
	exDay := map[civilDate]bool{}
	for _, x := range m.exdateList() {
		switch {
		case x.date:
			exDay[dateOf(x.wall)] = true
		case allDay:
			exDay[dateOf(proxy(x.instant(floating).In(zone)))] = true
			exDay[dateOf(x.wall)] = true
		default:
			exAt[x.instant(floating).Unix()] = true
		}
	}
	// Overrides, by the instance they replace.
	byAt := map[int64]*vevent{}
	byDay := map[civilDate]*vevent{}
	var futures []*vevent
	for _, o := range s.overrides {
		rid := o.recurID
		if rid.date || allDay {
			byDay[dateOf(rid.wall)] = o
		} else {
			byAt[rid.instant(floating).Unix()] = o
		}
		if o.future {
			futures = append(futures, o)
		}
	}
	ridAt := func(o *vevent) time.Time {
		if o.recurID.date || allDay {
			return instantAt(time.Date(o.recurID.wall.Year(), o.recurID.wall.Month(), o.recurID.wall.Day(), 0, 0, 0, 0, time.UTC), zone)
		}
		return o.recurID.instant(floating)
	}
	sort.SliceStable(futures, func(i, j int) bool { return ridAt(futures[i]).Before(ridAt(futures[j])) })
	futureAt := make([]time.Time, len(futures))
	for i, f := range futures {
		futureAt[i] = ridAt(f)
	}

	out := make([]occurrence, 0, len(cands)+len(s.overrides))
	var last time.Time
	for i, c := range cands {
		if i > 0 && c.at.Equal(last) {
			continue // duplicates count once
		}
		last = c.at
		// (The maps are mostly empty: then nothing is looked up.)
		if len(exAt) > 0 && exAt[c.at.Unix()] || len(exDay) > 0 && exDay[dateOf(c.wall)] {
			continue
		}
		if len(byAt) > 0 && byAt[c.at.Unix()] != nil || len(byDay) > 0 && byDay[dateOf(c.wall)] != nil {
			continue // an override stands in for it
		}
		occ := occurrence{ev: m, start: c.at, allDay: allDay, recurring: true, rid: c.at}
		src, l := m, length
		// A THISANDFUTURE override reshapes every later instance: the
		// latest one at or before this instance does.
		if j := sort.Search(len(futureAt), func(k int) bool { return futureAt[k].After(c.at) }) - 1; j >= 0 {
			f, rid := futures[j], futureAt[j]
			src = f
			if fl, err := f.length(floating); err == nil {
				l = fl
			}
			occ.start = c.at.Add(f.start.instant(floating).Sub(rid))
		}
		occ.ev = src
		switch {
		case c.end != nil:
			occ.end = *c.end
		case c.length != nil:
			occ.end = c.length.end(c.wall, zone)
		case src != m:
			occ.end = l.end(proxy(occ.start.In(zone)), zone)
		default:
			occ.end = zc.end(l, c.wall)
		}
		if occ.overlaps(w) {
			out = append(out, occ)
			if len(out) > maxInstances {
				return nil, &lineError{line: m.propLine("RRULE", 0), prop: "RRULE", msg: fmt.Sprintf("the series has more than %d occurrences in the range; narrow the range or fix the rule", maxInstances)}
			}
		}
	}
	for _, o := range s.overrides {
		occ, err := single(o, floating, true)
		if err != nil {
			return nil, err
		}
		occ.rid = ridAt(o)
		if occ.overlaps(w) {
			out = append(out, occ)
		}
	}
	return out, nil
}

// single is the one occurrence of an event that does not recur (or of an override).
func single(e *vevent, floating *time.Location, recurring bool) (occurrence, error) {
	l, err := e.length(floating)
	if err != nil {
		return occurrence{}, &lineError{line: e.propLine("DTEND", 0), prop: "DTEND", msg: err.Error()}
	}
	zone := e.zone(floating)
	w := e.startWall()
	return occurrence{ev: e, start: instantAt(w, zone), end: l.end(w, zone), allDay: e.allDay(), recurring: recurring}, nil
}

// ruleWallsInto appends to dst (a buffer used again from one series to the
// next) the wall-clock starts an RRULE yields in [loW, hiW); on an error
// dst is returned as it was. The rule runs in wall clock (UTC), where
// rrule-go is exact; see wall.go.
func ruleWallsInto(dst []time.Time, value string, start time.Time, allDay bool, zone *time.Location, loW, hiW time.Time) ([]time.Time, error) {
	opt, untilText, err := parseRRule(value)
	if err != nil {
		return nil, fmt.Errorf("invalid RRULE %s: %v", audit.Quote(value), err)
	}
	opt.Dtstart = start
	if untilText != "" {
		u, err := untilWall(untilText, allDay, zone)
		if err != nil {
			return nil, fmt.Errorf("invalid RRULE UNTIL %s: %v", audit.Quote(untilText), err)
		}
		if u.Before(start) {
			return dst, nil
		}
		opt.Until = u
	}
	// Never iterate past the range: rrule-go stops at UNTIL.
	if opt.Until.IsZero() || opt.Until.After(hiW) {
		opt.Until = hiW
	}
	if useFastWalls {
		if out, ok := fastWalls(dst, *opt, loW, hiW); ok {
			return out, nil
		}
	}
	// COUNT counts the rule's own instances, and expand adds DTSTART to
	// the set whether or not the rule yields it (rrule-go leaves it out when
	// it does not match). RFC 5545 calls such a set undefined (3.8.5.3);
	// this is what python-dateutil does and the origin tests of the corpus
	// expect. A rule with COUNT is walked from DTSTART, or COUNT would be lost.
	if opt.Count == 0 {
		shiftStart(opt, loW)
	}
	if !subDailyReachable(opt) {
		return dst, nil // rrule-go would search for ever
	}
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil, fmt.Errorf("invalid RRULE %s: %v", audit.Quote(value), err)
	}
	next := r.Iterator()
	out, base := dst, len(dst)
	for steps := 0; ; steps++ {
		if steps > maxSteps {
			return nil, fmt.Errorf("RRULE %s needs more than %d steps to reach the range; it runs too often for too long", audit.Quote(value), maxSteps)
		}
		t, ok := next()
		if !ok || !t.Before(hiW) {
			break
		}
		if t.Before(loW) {
			continue
		}
		out = append(out, t)
		if len(out)-base > maxInstances {
			return nil, fmt.Errorf("RRULE %s yields more than %d occurrences in the range", audit.Quote(value), maxInstances)
		}
	}
	return out, nil
}

// untilWall reads UNTIL as a wall-clock bound in the series' zone. A UTC
// UNTIL is converted (rrule-go would compare it to local times as if they
// were UTC); a floating one is already local; a date bounds the whole day,
// so that UNTIL=20260320 on a timed series keeps that day's instance.
func untilWall(text string, allDay bool, zone *time.Location) (time.Time, error) {
	v, err := parseWall(text)
	if err != nil {
		return time.Time{}, err
	}
	switch {
	case v.date && allDay:
		return v.wall, nil
	case v.date:
		return v.wall.Add(24*time.Hour - time.Second), nil
	case v.utc:
		return proxy(v.wall.In(zone)), nil
	}
	return v.wall, nil
}

// shiftStart moves DTSTART of a rule without COUNT forward to a period
// boundary shortly before lo, so that rrule-go (which always iterates from
// DTSTART) does not walk years of a series that began long ago. The implicit
// parts a rule takes from DTSTART (day of week or month, month, time of day)
// are made explicit first, so the instances do not change; only whole
// INTERVALs of periods are skipped, so their alignment holds.
func shiftStart(opt *rrule.ROption, lo time.Time) {
	start := opt.Dtstart
	if !start.Before(lo) {
		return
	}
	interval := max(opt.Interval, 1)
	noBy := len(opt.Byweekno) == 0 && len(opt.Byyearday) == 0 && len(opt.Bymonthday) == 0 && len(opt.Byweekday) == 0 && len(opt.Byeaster) == 0
	explicitTime := func() {
		if len(opt.Byhour) == 0 && opt.Freq < rrule.HOURLY {
			opt.Byhour = []int{start.Hour()}
		}
		if len(opt.Byminute) == 0 && opt.Freq < rrule.MINUTELY {
			opt.Byminute = []int{start.Minute()}
		}
		if len(opt.Bysecond) == 0 && opt.Freq < rrule.SECONDLY {
			opt.Bysecond = []int{start.Second()}
		}
	}
	day := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
	switch opt.Freq {
	case rrule.SECONDLY, rrule.MINUTELY, rrule.HOURLY:
		unit := map[rrule.Frequency]time.Duration{rrule.SECONDLY: time.Second, rrule.MINUTELY: time.Minute, rrule.HOURLY: time.Hour}[opt.Freq]
		// In seconds: a time.Duration saturates at 292 years.
		step := int64(unit/time.Second) * int64(interval)
		if k := (lo.Unix()-start.Unix())/step - 2; k > 0 {
			opt.Dtstart = time.Unix(start.Unix()+k*step, int64(start.Nanosecond())).UTC()
		}
	case rrule.DAILY:
		if k := int((lo.Unix()-day.Unix())/86400)/interval - 2; k > 0 {
			explicitTime()
			opt.Dtstart = day.AddDate(0, 0, k*interval)
		}
	case rrule.WEEKLY:
		wd := (int(day.Weekday()) + 6) % 7 // 0 = Monday, as WKST counts
		weekStart := day.AddDate(0, 0, -((wd - opt.Wkst.Day() + 7) % 7))
		if k := int((lo.Unix()-weekStart.Unix())/(7*86400))/interval - 2; k > 0 {
			if noBy {
				opt.Byweekday = []rrule.Weekday{weekdays[(int(start.Weekday())+6)%7]}
			}
			explicitTime()
			opt.Dtstart = weekStart.AddDate(0, 0, 7*k*interval)
		}
	case rrule.MONTHLY:
		months := (lo.Year()-start.Year())*12 + int(lo.Month()) - int(start.Month())
		if k := months/interval - 2; k > 0 {
			if noBy {
				opt.Bymonthday = []int{start.Day()}
			}
			explicitTime()
			opt.Dtstart = time.Date(start.Year(), start.Month()+time.Month(k*interval), 1, 0, 0, 0, 0, time.UTC)
		}
	case rrule.YEARLY:
		if k := (lo.Year()-start.Year())/interval - 2; k > 0 {
			if noBy {
				if len(opt.Bymonth) == 0 {
					opt.Bymonth = []int{int(start.Month())}
				}
				opt.Bymonthday = []int{start.Day()}
			}
			explicitTime()
			opt.Dtstart = time.Date(start.Year()+k*interval, 1, 1, 0, 0, 0, 0, time.UTC)
		}
	}
}

var weekdays = [7]rrule.Weekday{rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU}

// subDailyReachable reports whether a sub-daily rule can ever reach its
// BYHOUR/BYMINUTE/BYSECOND values. Stepping INTERVAL units at a time, the
// times of day it visits are those congruent to DTSTART's modulo
// gcd(INTERVAL, units per day); when none of the wanted times is, rrule-go
// loops for ever looking (FREQ=HOURLY;INTERVAL=3;BYHOUR=8 from 06:45).
func subDailyReachable(opt *rrule.ROption) bool {
	interval := max(opt.Interval, 1)
	s := opt.Dtstart
	var perDay, unit, at int
	switch opt.Freq {
	case rrule.HOURLY:
		if len(opt.Byhour) == 0 {
			return true
		}
		perDay, unit, at = 24, 3600, s.Hour()
	case rrule.MINUTELY:
		if len(opt.Byhour) == 0 && len(opt.Byminute) == 0 {
			return true
		}
		perDay, unit, at = 1440, 60, s.Hour()*60+s.Minute()
	case rrule.SECONDLY:
		if len(opt.Byhour) == 0 && len(opt.Byminute) == 0 && len(opt.Bysecond) == 0 {
			return true
		}
		perDay, unit, at = 86400, 1, s.Hour()*3600+s.Minute()*60+s.Second()
	default:
		return true
	}
	g := gcd(interval, perDay)
	all := func(vals []int, n int) []int {
		if len(vals) > 0 {
			return vals
		}
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	hours := all(opt.Byhour, 24)
	minutes, seconds := []int{0}, []int{0}
	if opt.Freq != rrule.HOURLY {
		minutes = all(opt.Byminute, 60)
	}
	if opt.Freq == rrule.SECONDLY {
		seconds = all(opt.Bysecond, 60)
	}
	for _, h := range hours {
		for _, m := range minutes {
			for _, sec := range seconds {
				t := (h*3600 + m*60 + sec) / unit
				if ((t-at)%g+g)%g == 0 {
					return true
				}
			}
		}
	}
	return false
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
