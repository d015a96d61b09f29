package ics

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"
	"github.com/timeaudit/timeaudit/audit"
)

// A VTIMEZONE the time zone database does not know ("Customized Time Zone",
// "Eastern", "(UTC-03:00) Brasília") is turned into a real *time.Location:
// its observances are expanded into transitions and written as TZif data,
// which time.LoadLocationFromTZData reads like any zone file.

// vtzUntil bounds the transitions computed for recurring observances.
var vtzUntil = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)

type transition struct {
	at     time.Time // UTC
	offset int       // seconds east of UTC after the transition
	dst    bool
	name   string
}

// vtimezoneLocation builds a location from a VTIMEZONE component.
func vtimezoneLocation(name string, comp *ical.Component) (*time.Location, error) {
	var trans []transition
	initial := 0
	first := time.Time{}
	for _, obs := range comp.Children {
		kind := strings.ToUpper(obs.Name)
		if kind != "STANDARD" && kind != "DAYLIGHT" {
			continue
		}
		from, err := propOffset(obs, "TZOFFSETFROM")
		if err != nil {
			return nil, err
		}
		to, err := propOffset(obs, "TZOFFSETTO")
		if err != nil {
			return nil, err
		}
		dtp := obs.Props.Get(ical.PropDateTimeStart)
		if dtp == nil {
			return nil, fmt.Errorf("%s has no DTSTART", kind)
		}
		start, err := parseWall(dtp.Value)
		if err != nil {
			return nil, fmt.Errorf("%s DTSTART: %v", kind, err)
		}
		abbr := ""
		if p := obs.Props.Get("TZNAME"); p != nil {
			abbr = strings.TrimSpace(p.Value)
		}
		if abbr == "" || !validAbbr(abbr) {
			abbr = offsetName(to)
		}
		onsets := []time.Time{start.wall}
		for _, rp := range obs.Props.Values(ical.PropRecurrenceRule) {
			opt, untilText, err := parseRRule(rp.Value)
			if err != nil {
				return nil, fmt.Errorf("%s RRULE: %v", kind, err)
			}
			opt.Dtstart = start.wall
			opt.Until = vtzUntil
			if untilText != "" {
				u, err := parseWall(untilText)
				if err != nil {
					return nil, fmt.Errorf("%s RRULE UNTIL: %v", kind, err)
				}
				if u.utc { // UTC, so local = UTC + the offset before the change
					u.wall = u.wall.Add(time.Duration(from) * time.Second)
				}
				if u.wall.Before(opt.Until) {
					opt.Until = u.wall
				}
			}
			r, err := rrule.NewRRule(*opt)
			if err != nil {
				return nil, fmt.Errorf("%s RRULE: %v", kind, err)
			}
			next := r.Iterator()
			for n := 0; n < 5000; n++ {
				t, ok := next()
				if !ok {
					break
				}
				onsets = append(onsets, t)
			}
		}
		for _, rp := range obs.Props.Values(ical.PropRecurrenceDates) {
			for _, v := range strings.Split(rp.Value, ",") {
				if w, err := parseWall(strings.TrimSpace(v)); err == nil {
					onsets = append(onsets, w.wall)
				}
			}
		}
		for _, o := range onsets {
			at := o.Add(-time.Duration(from) * time.Second) // onsets are local time before the change
			trans = append(trans, transition{at: at, offset: to, dst: kind == "DAYLIGHT", name: abbr})
			if first.IsZero() || at.Before(first) {
				first, initial = at, from
			}
		}
	}
	if len(trans) == 0 {
		return nil, fmt.Errorf("no STANDARD or DAYLIGHT observance")
	}
	sort.SliceStable(trans, func(i, j int) bool { return trans[i].at.Before(trans[j].at) })
	data := tzif(initial, trans)
	return time.LoadLocationFromTZData(name, data)
}

func propOffset(obs *ical.Component, name string) (int, error) {
	p := obs.Props.Get(name)
	if p == nil {
		return 0, fmt.Errorf("%s has no %s", obs.Name, name)
	}
	return parseOffset(p.Value)
}

// parseOffset reads a UTC offset: +0100, -0500, +053000.
func parseOffset(s string) (int, error) {
	v := strings.TrimSpace(s)
	if len(v) != 5 && len(v) != 7 || (v[0] != '+' && v[0] != '-') {
		return 0, fmt.Errorf("invalid UTC offset %s", audit.Quote(s))
	}
	n := 0
	for i, units := range []int{3600, 60, 1} {
		if 1+2*i >= len(v) {
			break
		}
		x, err := strconv.Atoi(v[1+2*i : 3+2*i])
		if err != nil || x < 0 || x > 59 && i > 0 || x > 23 && i == 0 {
			return 0, fmt.Errorf("invalid UTC offset %s", audit.Quote(s))
		}
		n += x * units
	}
	if v[0] == '-' {
		n = -n
	}
	return n, nil
}

func offsetName(o int) string {
	sign := '+'
	if o < 0 {
		sign, o = '-', -o
	}
	if o%3600 == 0 {
		return fmt.Sprintf("%c%02d", sign, o/3600)
	}
	return fmt.Sprintf("%c%02d%02d", sign, o/3600, o%3600/60)
}

// validAbbr reports whether a TZNAME can be a TZif abbreviation.
func validAbbr(s string) bool {
	if len(s) > 30 {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			return false
		}
	}
	return true
}

// tzif writes version-2 TZif data: an initial offset and transitions.
func tzif(initial int, trans []transition) []byte {
	type ttype struct {
		offset int
		dst    bool
		name   string
	}
	var types []ttype
	var chars []byte
	abbrIdx := map[string]int{}
	typeIdx := func(t ttype) int {
		for i, x := range types {
			if x == t {
				return i
			}
		}
		if _, ok := abbrIdx[t.name]; !ok {
			abbrIdx[t.name] = len(chars)
			chars = append(append(chars, t.name...), 0)
		}
		types = append(types, t)
		return len(types) - 1
	}
	typeIdx(ttype{offset: initial, name: offsetName(initial)})
	var times []int64
	var idx []byte
	for _, tr := range trans {
		i := typeIdx(ttype{offset: tr.offset, dst: tr.dst, name: tr.name})
		if i > 255 {
			continue
		}
		at := tr.at.Unix()
		if n := len(times); n > 0 && times[n-1] == at {
			idx[n-1] = byte(i)
			continue
		}
		times = append(times, at)
		idx = append(idx, byte(i))
	}
	var b bytes.Buffer
	header := func(timecnt int) {
		b.WriteString("TZif2")
		b.Write(make([]byte, 15))
		for _, n := range []int{0, 0, 0, timecnt, len(types), len(chars)} { // isut, isstd, leap, time, type, char
			binary.Write(&b, binary.BigEndian, uint32(n))
		}
	}
	writeTypes := func() {
		for _, t := range types {
			binary.Write(&b, binary.BigEndian, int32(t.offset))
			if t.dst {
				b.WriteByte(1)
			} else {
				b.WriteByte(0)
			}
			b.WriteByte(byte(abbrIdx[t.name]))
		}
		b.Write(chars)
	}
	// Version 1 block: 32-bit times within range.
	var t32 []int32
	var i32 []byte
	for i, t := range times {
		if t >= -1<<31 && t < 1<<31 {
			t32 = append(t32, int32(t))
			i32 = append(i32, idx[i])
		}
	}
	header(len(t32))
	for _, t := range t32 {
		binary.Write(&b, binary.BigEndian, t)
	}
	b.Write(i32)
	writeTypes()
	// Version 2 block: 64-bit times.
	header(len(times))
	for _, t := range times {
		binary.Write(&b, binary.BigEndian, t)
	}
	b.Write(idx)
	writeTypes()
	b.WriteString("\n\n") // no POSIX rule: the last transition holds
	return b.Bytes()
}
