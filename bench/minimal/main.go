// Command minimal is the floor the bench measures timeaudit against: the
// least a program must do to write the same events CSV as
// `timeaudit events FILE -f csv --tz UTC [--from A --to B]`, byte for byte,
// for the bench's calendars (its own generator's, the independent one's and
// the export). One pass over the file's bytes, only the properties those
// calendars use, the recurrence forms they use expanded by direct date
// loops, occurrences as small records sorted by a packed key, rows appended
// into one buffered writer. It is not a general iCalendar reader: anything
// outside those shapes stops it with an error, so that it can never be
// fast by being wrong.
//
//	minimal FILE [FROM TO]   (dates, YYYY-MM-DD, UTC; no range: every event)
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

type person struct{ name, email string }

func (p person) String() string {
	if p.name == "" {
		return p.email
	}
	if p.email == "" {
		return p.name
	}
	return p.name + " <" + p.email + ">"
}

type attendee struct {
	person
	partstat string
}

type event struct {
	line              int
	uid, title, loc   string
	status, transp    string
	organizer         person
	attendees         []attendee
	start, end        time.Time // wall clock in zone
	zone              *time.Location
	allDay            bool
	rrule             string
	exdates           []time.Time
	rid               time.Time
	hasRID            bool
	people            int
	category, rule    string
	kind, why         string
	response          string
	declined, counted bool
}

type occ struct {
	key   int64 // start (unix seconds) << 20 | event index: start, then file order
	end   int64
	event int32
}

var zones = map[string]*time.Location{}

func zone(name string) *time.Location {
	if name == "" {
		return time.UTC
	}
	if z, ok := zones[name]; ok {
		return z
	}
	z, err := time.LoadLocation(name)
	if err != nil {
		fail("zone %q: %v", name, err)
	}
	zones[name] = z
	return z
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "minimal: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) != 2 && len(os.Args) != 4 {
		fail("usage: minimal FILE [FROM TO]")
	}
	path := os.Args[1]
	var from, to int64 = -1 << 62, 1 << 62
	if len(os.Args) == 4 {
		f, err1 := time.Parse(time.DateOnly, os.Args[2])
		t, err2 := time.Parse(time.DateOnly, os.Args[3])
		if err1 != nil || err2 != nil {
			fail("bad range")
		}
		from, to = f.Unix(), t.Unix()
	}
	f, err := os.Open(path)
	if err != nil {
		fail("%v", err)
	}
	calName, events := parse(f)
	f.Close()
	rules := loadRules()
	me := inferMe(events)
	classify(events, rules, me)

	// Expand, keeping what counts in the range.
	occs := make([]occ, 0, len(events)*4)
	overrides := map[string]map[int64]bool{} // uid -> recurrence-id (unix) of moved instances
	for i := range events {
		if e := events[i]; e.hasRID {
			m := overrides[e.uid]
			if m == nil {
				m = map[int64]bool{}
				overrides[e.uid] = m
			}
			m[e.rid.Unix()] = true
		}
	}
	for i := range events {
		e := events[i]
		if !e.counted {
			continue
		}
		length := e.end.Sub(e.start)
		add := func(s time.Time) {
			a, b := s.Unix(), s.Add(length).Unix()
			if a < to && b > from {
				occs = append(occs, occ{key: a<<20 | int64(i), end: b, event: int32(i)})
			}
		}
		if e.rrule == "" {
			add(e.start)
			continue
		}
		expand(e, overrides[e.uid], from, to, add)
	}
	slices.SortFunc(occs, func(a, b occ) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	})

	out := bufio.NewWriterSize(os.Stdout, 64<<10)
	out.WriteString("start,end,minutes,title,category,rule,calendar,source,kind,why,attendees,organizer,response,status,location,series\n")
	// The cells that are the same for every occurrence, once per event.
	tails := make([][]byte, len(events))
	heads := make([][]byte, len(events))
	var row []byte
	for _, o := range occs {
		e := events[o.event]
		if heads[o.event] == nil {
			var h []byte
			for _, c := range []string{e.title, e.category, e.rule, calName, path + ":" + strconv.Itoa(e.line), e.kind, e.why} {
				h = appendCSV(append(h, ','), c)
			}
			heads[o.event] = h
			t := strconv.AppendInt([]byte{','}, int64(e.people), 10)
			series := ""
			if e.rrule != "" || e.hasRID {
				series = e.uid
			}
			for _, c := range []string{e.organizer.String(), e.response, e.status, e.loc, series} {
				t = appendCSV(append(t, ','), c)
			}
			tails[o.event] = append(t, '\n')
		}
		s, t := max(o.key>>20, from), min(o.end, to)
		row = time.Unix(s, 0).UTC().AppendFormat(row[:0], time.RFC3339)
		row = append(row, ',')
		row = time.Unix(t, 0).UTC().AppendFormat(row, time.RFC3339)
		row = append(row, ',')
		row = strconv.AppendInt(row, (t-s)/60, 10)
		row = append(row, heads[o.event]...)
		row = append(row, tails[o.event]...)
		out.Write(row)
	}
	if err := out.Flush(); err != nil {
		fail("%v", err)
	}
}

// parse reads the VEVENTs: one pass over the lines as they are read (the
// file is never held whole), folded lines joined.
func parse(r io.Reader) (string, []*event) {
	var events []*event
	var cur *event
	calName := ""
	lineNo, depth := 0, 0
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	var line, next []byte
	have := sc.Scan()
	if have {
		next = append(next, sc.Bytes()...)
	}
	for have {
		// One logical line: the physical line and its continuations.
		lineNo++
		start := lineNo
		line, next = append(line[:0], next...), next[:0]
		for {
			if have = sc.Scan(); !have {
				break
			}
			b := sc.Bytes()
			if len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
				line = append(bytes.TrimSuffix(line, []byte{'\r'}), b[1:]...)
				lineNo++
				continue
			}
			next = append(next, b...)
			break
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		colon := bytes.IndexByte(line, ':')
		if colon < 0 {
			continue
		}
		head, raw := line[:colon], line[colon+1:]
		name, params, _ := bytes.Cut(head, []byte{';'})
		switch string(name) {
		case "DTSTAMP", "DESCRIPTION", "SEQUENCE", "CREATED", "LAST-MODIFIED":
			continue
		}
		value := string(raw)
		switch string(name) {
		case "BEGIN":
			depth++
			if value == "VEVENT" {
				cur = &event{line: start, status: "confirmed"}
				events = append(events, cur)
			}
			continue
		case "END":
			depth--
			if value == "VEVENT" {
				cur = nil
			}
			continue
		case "X-WR-CALNAME":
			calName = unescape(value)
			continue
		}
		if cur == nil || depth != 2 {
			continue
		}
		p := string(params)
		switch string(name) {
		case "UID":
			cur.uid = value
		case "SUMMARY":
			cur.title = unescape(value)
		case "LOCATION":
			cur.loc = unescape(value)
		case "STATUS":
			cur.status = strings.ToLower(value)
		case "TRANSP":
			cur.transp = value
		case "DTSTART":
			cur.start, cur.zone, cur.allDay = dateTime(p, value)
		case "DTEND":
			cur.end, _, _ = dateTime(p, value)
		case "RRULE":
			cur.rrule = value
		case "EXDATE":
			for _, v := range strings.Split(value, ",") {
				t, _, _ := dateTime(p, v)
				cur.exdates = append(cur.exdates, t)
			}
		case "RECURRENCE-ID":
			cur.rid, _, _ = dateTime(p, value)
			cur.hasRID = true
		case "ORGANIZER":
			cur.organizer = personOf(p, value)
		case "ATTENDEE":
			cur.attendees = append(cur.attendees, attendee{personOf(p, value), param(p, "PARTSTAT")})
		default:
			fail("line %d: %s is not read by this minimal program", start, name)
		}
	}
	return calName, events
}

func param(params, name string) string {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		if k, v, ok := strings.Cut(p, "="); ok && k == name {
			return strings.Trim(v, `"`)
		}
	}
	return ""
}

func personOf(params, value string) person {
	email := value
	if len(email) > 7 && strings.EqualFold(email[:7], "mailto:") {
		email = email[7:]
	}
	return person{name: param(params, "CN"), email: email}
}

// dateTime reads a DATE or DATE-TIME: in UTC (Z), in its TZID, or all day.
func dateTime(params, v string) (time.Time, *time.Location, bool) {
	num := func(s string) int {
		n := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				fail("bad date %q", v)
			}
			n = n*10 + int(s[i]-'0')
		}
		return n
	}
	if len(v) == 8 {
		return time.Date(num(v[:4]), time.Month(num(v[4:6])), num(v[6:8]), 0, 0, 0, 0, time.UTC), time.UTC, true
	}
	if len(v) < 15 || v[8] != 'T' {
		fail("bad date-time %q", v)
	}
	loc := time.UTC
	if !strings.HasSuffix(v, "Z") {
		loc = zone(param(params, "TZID"))
	}
	return time.Date(num(v[:4]), time.Month(num(v[4:6])), num(v[6:8]), num(v[9:11]), num(v[11:13]), num(v[13:15]), 0, loc), loc, false
}

func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// expand calls add with the start of every instance of e's RRULE that is
// not an EXDATE or moved, from DTSTART up to the range's end. The forms the
// bench's calendars use: WEEKLY (INTERVAL, BYDAY), DAILY;BYDAY, MONTHLY;BYDAY=nDD.
func expand(e *event, moved map[int64]bool, from, to int64, add func(time.Time)) {
	freq, interval, count := "", 1, -1
	var until int64 = 1 << 62
	var byday []string
	for _, part := range strings.Split(e.rrule, ";") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "FREQ":
			freq = v
		case "INTERVAL":
			interval, _ = strconv.Atoi(v)
		case "COUNT":
			count, _ = strconv.Atoi(v)
		case "UNTIL":
			t, _, _ := dateTime("", v)
			until = t.Unix()
		case "BYDAY":
			byday = strings.Split(v, ",")
		default:
			fail("RRULE part %s is not read by this minimal program", k)
		}
	}
	y, m, d := e.start.Date()
	hh, mm, ss := e.start.Clock()
	first := e.start.Unix()
	at := func(t time.Time, dtstart bool) bool { // false once past the end
		u := t.Unix()
		if u > until || count == 0 || u >= to {
			return false
		}
		if u < first {
			return true
		}
		// DTSTART is an instance whether or not the rule has it; it counts
		// towards COUNT only when the rule has it.
		if dtstart {
			if !slices.ContainsFunc(e.exdates, t.Equal) && !moved[u] {
				add(t)
			}
			return true
		}
		count--
		if u == first {
			return true
		}
		if !slices.ContainsFunc(e.exdates, t.Equal) && !moved[u] {
			add(t)
		}
		return true
	}
	emit := func(y int, m time.Month, d int) bool {
		return at(time.Date(y, m, d, hh, mm, ss, 0, e.zone), false)
	}
	if !at(e.start, true) {
		return
	}
	days := map[string]time.Weekday{"SU": 0, "MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6}
	switch freq {
	case "WEEKLY", "DAILY":
		var want [7]bool
		if len(byday) == 0 {
			want[e.start.Weekday()] = true
		}
		for _, b := range byday {
			want[days[b]] = true
		}
		step := 1
		if freq == "WEEKLY" {
			// weeks from Monday (WKST=MO), every interval weeks
			back := (int(e.start.Weekday()) + 6) % 7
			d -= back
			for day := 0; ; day++ {
				week := day / 7
				if week%interval != 0 {
					continue
				}
				t := time.Date(y, m, d+day, 12, 0, 0, 0, time.UTC)
				if want[t.Weekday()] && !emit(t.Year(), t.Month(), t.Day()) {
					return
				}
			}
		}
		if interval != 1 {
			fail("DAILY;INTERVAL is not read by this minimal program")
		}
		for day := 0; ; day += step {
			t := time.Date(y, m, d+day, 12, 0, 0, 0, time.UTC)
			if want[t.Weekday()] && !emit(t.Year(), t.Month(), t.Day()) {
				return
			}
		}
	case "MONTHLY":
		if len(byday) != 1 {
			fail("MONTHLY without one BYDAY is not read by this minimal program")
		}
		b := byday[0]
		n, _ := strconv.Atoi(b[:len(b)-2])
		wd := days[b[len(b)-2:]]
		for k := 0; ; k += interval {
			first := time.Date(y, m+time.Month(k), 1, 12, 0, 0, 0, time.UTC)
			var day int
			if n > 0 {
				day = 1 + (int(wd)-int(first.Weekday())+7)%7 + 7*(n-1)
			} else {
				last := first.AddDate(0, 1, -1)
				day = last.Day() - (int(last.Weekday())-int(wd)+7)%7 + 7*(n+1)
			}
			if day < 1 || day > first.AddDate(0, 1, -1).Day() {
				continue
			}
			if !emit(first.Year(), first.Month(), day) {
				return
			}
		}
	default:
		fail("FREQ=%s is not read by this minimal program", freq)
	}
}

type rule struct {
	category, kind, name string
	words                []string
}

// loadRules reads timeaudit's built-in title rules (rules/default.yaml):
// the words of each category's title matches, in order.
func loadRules() []rule {
	rulesFile := os.Getenv("MINIMAL_RULES")
	if rulesFile == "" {
		rulesFile = "rules/default.yaml"
	}
	data, err := os.ReadFile(rulesFile)
	if err != nil {
		fail("%v (run from the repository's root)", err)
	}
	var cfg struct {
		Categories []struct {
			Name  string
			Kind  string
			Match []map[string]any
		}
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		fail("%v", err)
	}
	var out []rule
	for _, c := range cfg.Categories {
		kind := c.Kind
		if kind == "" {
			kind = "meeting"
		}
		for i, m := range c.Match {
			ws, ok := m["title"].([]any)
			if !ok {
				continue
			}
			r := rule{category: c.Name, kind: kind, name: c.Name + "#" + strconv.Itoa(i+1)}
			for _, w := range ws {
				r.words = append(r.words, strings.ToLower(w.(string)))
			}
			out = append(out, r)
		}
	}
	return out
}

// inferMe is the address on the most invitations.
func inferMe(events []*event) string {
	n := map[string]int{}
	best, most := "", 0
	for i := range events {
		e := events[i]
		if len(e.attendees) == 0 {
			continue
		}
		seen := map[string]bool{strings.ToLower(e.organizer.email): true}
		for _, a := range e.attendees {
			seen[strings.ToLower(a.email)] = true
		}
		for k := range seen {
			if k == "" {
				continue
			}
			n[k]++
			if n[k] > most || n[k] == most && k < best {
				best, most = k, n[k]
			}
		}
	}
	return best
}

func classify(events []*event, rules []rule, me string) {
	type verdict struct{ category, rule, kind, why string }
	memo := map[string]verdict{}
	for i := range events {
		e := events[i]
		var seen []string
		for _, p := range append([]person{e.organizer}, peopleOf(e.attendees)...) {
			if k := strings.ToLower(p.email); k != "" && !slices.Contains(seen, k) {
				seen = append(seen, k)
			}
		}
		e.people = len(seen)
		for _, a := range e.attendees {
			if strings.EqualFold(a.email, me) {
				e.response = strings.ToLower(a.partstat)
			}
		}
		if e.response == "" && me != "" && strings.EqualFold(e.organizer.email, me) {
			e.response = "accepted"
		}
		e.declined = e.response == "declined"
		v, ok := memo[e.title]
		if !ok {
			v = verdict{category: "Other", kind: "meeting", why: "no rule matched"}
			lower := strings.ToLower(e.title)
		rules:
			for _, r := range rules {
				for _, w := range r.words {
					if containsWord(lower, w) {
						v = verdict{r.category, r.name, r.kind, `title has the word "` + w + `"`}
						break rules
					}
				}
			}
			memo[e.title] = v
		}
		e.category, e.rule, e.kind, e.why = v.category, v.rule, v.kind, v.why
		if e.kind == "meeting" && e.people < 2 {
			e.kind = "focus" // a solo hold: own time
		}
		e.counted = !e.allDay && !e.declined && e.transp != "TRANSPARENT" && e.status != "cancelled" && e.end.After(e.start)
	}
}

func peopleOf(as []attendee) []person {
	out := make([]person, len(as))
	for i, a := range as {
		out[i] = a.person
	}
	return out
}

// containsWord: w in s with no letter or digit joined on either side, nor
// a hyphen joining it to a following word.
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		at, end := i+j, i+j+len(w)
		before, _ := utf8.DecodeLastRuneInString(s[:at])
		after, size := utf8.DecodeRuneInString(s[end:])
		ok := !(isWord(rune(w[0])) && at > 0 && isWord(before))
		if isWord(rune(w[len(w)-1])) && end < len(s) {
			if isWord(after) {
				ok = false
			} else if after == '-' && end+size < len(s) {
				if next, _ := utf8.DecodeRuneInString(s[end+size:]); isWord(next) {
					ok = false
				}
			}
		}
		if ok {
			return true
		}
		i = at + 1
	}
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func appendCSV(b []byte, field string) []byte {
	quote := field == `\.` || strings.ContainsAny(field, ",\"\r\n")
	if r, _ := utf8.DecodeRuneInString(field); field != "" && unicode.IsSpace(r) {
		quote = true
	}
	if !quote {
		return append(b, field...)
	}
	return append(append(b, '"'), strings.ReplaceAll(field, `"`, `""`)+`"`...)
}
