package sources

import (
	"time"

	"github.com/timeaudit/timeaudit/audit"
)

// ISOWeeks cuts a range at Monday midnights in loc; the first and last
// pieces may be partial weeks.
func ISOWeeks(r audit.Range, loc *time.Location) []audit.Range {
	var out []audit.Range
	from := r.From.In(loc)
	for from.Before(r.To) {
		y, m, d := from.Date()
		day := time.Date(y, m, d, 0, 0, 0, 0, loc)
		back := (int(day.Weekday()) + 6) % 7
		next := day.AddDate(0, 0, 7-back)
		to := next
		if to.After(r.To) {
			to = r.To
		}
		out = append(out, audit.Range{From: from, To: to})
		from = to
	}
	return out
}
