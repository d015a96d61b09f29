package audit

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseDuration reads the duration spellings found in calendar exports and
// configs:
//
//	1:30, 1:30:00     hours:minutes[:seconds] (the article's H:MM)
//	90                minutes
//	90m, 1h30m, 1.5h  Go durations; also "1h 30m", "90 min", "2 hours",
//	                  and days and weeks: "2d", "6w", "6 weeks"
//	PT1H30M, P1DT2H   ISO 8601 (days count as 24 hours)
//
// Negative durations are errors.
func ParseDuration(s string) (time.Duration, error) {
	v := strings.TrimSpace(s)
	if v == "" {
		return 0, fmt.Errorf("empty duration")
	}
	d, err := parseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q: use H:MM, minutes, 1h30m or PT1H30M", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("invalid duration %q: negative", s)
	}
	return d, nil
}

func parseDuration(v string) (time.Duration, error) {
	if strings.Contains(v, ":") {
		return parseClock(v)
	}
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		if math.IsNaN(n) || math.IsInf(n, 0) || math.Abs(n) > 1e9 {
			return 0, fmt.Errorf("out of range")
		}
		return time.Duration(n * float64(time.Minute)), nil
	}
	u := strings.ToUpper(v)
	if strings.HasPrefix(u, "P") {
		return parseISODuration(u)
	}
	// Words and spaces: "1h 30m", "90 min", "2 hours".
	w := strings.ToLower(v)
	for _, r := range [...][2]string{{"weeks", "w"}, {"week", "w"}, {"days", "d"}, {"day", "d"},
		{"hours", "h"}, {"hour", "h"}, {"hrs", "h"}, {"hr", "h"},
		{"minutes", "m"}, {"minute", "m"}, {"mins", "m"}, {"min", "m"},
		{"seconds", "s"}, {"second", "s"}, {"secs", "s"}, {"sec", "s"}} {
		w = strings.ReplaceAll(w, r[0], r[1])
	}
	w = strings.ReplaceAll(w, " ", "")
	// time.ParseDuration knows no days or weeks: take them off the front.
	var days float64
	for _, unit := range [...]struct {
		suffix byte
		days   float64
	}{{'w', 7}, {'d', 1}} {
		if i := strings.IndexByte(w, unit.suffix); i > 0 {
			n, err := strconv.ParseFloat(w[:i], 64)
			if err != nil || n < 0 || n > 1e5 {
				return 0, fmt.Errorf("bad number")
			}
			days += n * unit.days
			w = w[i+1:]
		}
	}
	d := time.Duration(days * 24 * float64(time.Hour))
	if w == "" {
		if days == 0 {
			return 0, fmt.Errorf("empty")
		}
		return d, nil
	}
	rest, err := time.ParseDuration(w)
	return d + rest, err
}

func parseClock(v string) (time.Duration, error) {
	parts := strings.Split(v, ":")
	if len(parts) > 3 {
		return 0, fmt.Errorf("too many parts")
	}
	var total time.Duration
	units := []time.Duration{time.Hour, time.Minute, time.Second}
	for i, p := range parts {
		if p == "" || len(p) > 9 {
			return 0, fmt.Errorf("bad part")
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || (i > 0 && (n > 59 || len(p) != 2)) {
			return 0, fmt.Errorf("bad part")
		}
		total += time.Duration(n) * units[i]
	}
	return total, nil
}

func parseISODuration(u string) (time.Duration, error) {
	rest := u[1:]
	if rest == "" {
		return 0, fmt.Errorf("empty")
	}
	var total time.Duration
	inTime := false
	seen := false
	for rest != "" {
		if rest[0] == 'T' {
			if inTime {
				return 0, fmt.Errorf("two T")
			}
			inTime = true
			rest = rest[1:]
			continue
		}
		i := 0
		for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9' || rest[i] == '.') {
			i++
		}
		if i == 0 || i == len(rest) || i > 12 {
			return 0, fmt.Errorf("bad number")
		}
		n, err := strconv.ParseFloat(rest[:i], 64)
		if err != nil {
			return 0, err
		}
		var unit time.Duration
		switch {
		case !inTime && rest[i] == 'W':
			unit = 7 * 24 * time.Hour
		case !inTime && rest[i] == 'D':
			unit = 24 * time.Hour
		case inTime && rest[i] == 'H':
			unit = time.Hour
		case inTime && rest[i] == 'M':
			unit = time.Minute
		case inTime && rest[i] == 'S':
			unit = time.Second
		default:
			return 0, fmt.Errorf("bad unit")
		}
		total += time.Duration(n * float64(unit))
		seen = true
		rest = rest[i+1:]
	}
	if !seen {
		return 0, fmt.Errorf("no value")
	}
	return total, nil
}

// FormatHM renders d as hours:minutes, rounded to the minute: "5:30", "0:05".
func FormatHM(d time.Duration) string {
	m := d.Round(time.Minute) / time.Minute
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	return fmt.Sprintf("%s%d:%02d", sign, m/60, m%60)
}

// FormatShort renders d compactly for messages: "1h30m", "45m", "2h".
func FormatShort(d time.Duration) string {
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh%02dm", h, m)
}
