package render

import "time"

// stamps appends times as AppendFormat(time.RFC3339) does, byte for byte,
// faster for times that come in order (an events listing): the date and
// the zone's offset are worked out once per day and zone period and kept,
// and a time in that span is its clock between them. The zero value is
// ready to use.
type stamps struct {
	loc            *time.Location
	from, to, base int64  // [from, to): where prefix and suffix hold; base: the day's local midnight (Unix seconds)
	prefix, suffix []byte // "2026-03-23T" and "Z" or "+01:00"
}

func (s *stamps) append(b []byte, t time.Time) []byte {
	u := t.Unix()
	if u < s.from || u >= s.to || t.Location() != s.loc || s.loc == nil {
		if !s.reset(t) {
			return t.AppendFormat(b, time.RFC3339)
		}
	}
	sec := u - s.base
	b = append(b, s.prefix...)
	b = append(b, byte('0'+sec/36000), byte('0'+sec/3600%10), ':', byte('0'+sec/600%6), byte('0'+sec/60%10), ':', byte('0'+sec%60/10), byte('0'+sec%10))
	return append(b, s.suffix...)
}

// reset makes the span t's day within its zone period; false for a time
// it does not keep (a year outside 0000-9999, which RFC 3339 cannot say).
func (s *stamps) reset(t time.Time) bool {
	if y := t.Year(); y < 1 || y > 9999 {
		return false
	}
	_, off := t.Zone()
	u, o := t.Unix(), int64(off)
	s.base = floorDiv(u+o, 86400)*86400 - o
	s.from, s.to = s.base, s.base+86400
	if start, end := t.ZoneBounds(); !start.IsZero() || !end.IsZero() {
		if !start.IsZero() {
			s.from = max(s.from, start.Unix())
		}
		if !end.IsZero() {
			s.to = min(s.to, end.Unix())
		}
	}
	s.loc = t.Location()
	s.prefix = t.AppendFormat(s.prefix[:0], "2006-01-02T")
	s.suffix = t.AppendFormat(s.suffix[:0], "Z07:00")
	return true
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
