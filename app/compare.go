package app

import (
	"strings"
	"time"

	"github.com/timeaudit/timeaudit/audit"
)

// CompareRange reads --compare: "previous" (the same length just before
// cur), a week (2026-W10, or one counted back from cur: last is the week
// before cur's, -2 the one before that) or FROM..TO dates (TO exclusive).
func CompareRange(spec string, cur audit.Range, loc *time.Location) (audit.Range, error) {
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
		r, err := audit.ParseWeek(v, cur.From, loc)
		if err != nil {
			return audit.Range{}, audit.Usagef("--compare %q: use previous, a week (last, -2, 2026-W10) or FROM..TO dates", spec)
		}
		return r, nil
	}
}
