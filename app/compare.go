package app

import (
	"strings"
	"time"

	"github.com/timeaudit/timeaudit/audit"
)

// CompareRange reads --compare: "previous" (the same length just before
// cur), a week (last, -2, 2026-W10) or FROM..TO dates (TO exclusive).
func CompareRange(spec string, cur audit.Range, now time.Time, loc *time.Location) (audit.Range, error) {
	if cur.IsZero() {
		return audit.Range{}, audit.Usagef("--compare needs a range to compare: give --week, --weeks or --from/--to, or events to derive it from")
	}
	switch v := strings.ToLower(strings.TrimSpace(spec)); {
	case v == "previous" || v == "prev":
		return audit.Range{From: cur.From.AddDate(0, 0, -cur.Days()), To: cur.From}, nil
	case strings.Contains(v, ".."):
		a, b, _ := strings.Cut(v, "..")
		return days(a, b, loc, "--compare", "--compare", "--compare")
	default:
		r, err := audit.ParseWeek(v, now, loc)
		if err != nil {
			return audit.Range{}, audit.Usagef("--compare %q: use previous, a week (last, -2, 2026-W10) or FROM..TO dates", spec)
		}
		return r, nil
	}
}
