package app

import (
	"fmt"
	"strings"
	"time"

	"github.com/timeaudit/timeaudit/audit"
)

// Placeholders can appear in an -o path, so that a cron job writes one file
// per week: {week} is the ISO week the range starts in (2026-W12), {from}
// its first day and {to} the day it ends before (2026-03-16, 2026-03-23;
// --to is exclusive too).
var Placeholders = []string{"{week}", "{from}", "{to}"}

// CheckOutputPath rejects a path with an unknown {name}, before any work.
func CheckOutputPath(path string) error {
	rest := path
	for _, p := range Placeholders {
		rest = strings.ReplaceAll(rest, p, "")
	}
	if i := strings.Index(rest, "{"); i >= 0 {
		if j := strings.Index(rest[i:], "}"); j > 0 {
			return audit.Usagef("-o %s: unknown placeholder %s: valid ones are %s", path, rest[i:i+j+1], strings.Join(Placeholders, ", "))
		}
	}
	return nil
}

// OutputPath fills the placeholders of an -o path from the report's range.
func OutputPath(path string, r audit.Range) (string, error) {
	if !strings.Contains(path, "{") {
		return path, nil
	}
	if r.IsZero() {
		return "", audit.Usagef("-o %s: the report has no range to name the file by (no events and no --week or --from/--to)", path)
	}
	y, w := r.From.ISOWeek()
	return strings.NewReplacer(
		"{week}", fmt.Sprintf("%04d-W%02d", y, w),
		"{from}", r.From.Format(time.DateOnly),
		"{to}", r.To.Format(time.DateOnly),
	).Replace(path), nil
}
