package ics

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// genCalendar writes a random calendar: many series (daily, weekly,
// fortnightly, monthly by weekday or day, yearly, all-day), in two zones,
// UTC and floating time, across DST changes, with COUNT and UNTIL, EXDATE
// lists, moved, retitled, shortened and cancelled instances, DURATION
// instead of DTEND, declined and cancelled events. It stays clear of the
// constructs recorded in known (where the other implementation differs).
func genCalendar(seed int64, series int) string {
	r := rand.New(rand.NewSource(seed))
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\r\n", args...) }
	w("BEGIN:VCALENDAR")
	w("VERSION:2.0")
	w("PRODID:-//timeaudit//differential %d//EN", seed)
	zones := []string{"Europe/Berlin", "America/New_York", "UTC", "floating"}
	days := []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
	for i := 0; i < series; i++ {
		uid := fmt.Sprintf("s%d-%d@gen.timeaudit", seed, i)
		zone := zones[r.Intn(len(zones))]
		// Starts cluster around the spring and autumn DST changes of 2025 and 2026.
		base := []time.Time{
			time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC), time.Date(2025, 10, 13, 0, 0, 0, 0, time.UTC),
			time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 12, 0, 0, 0, 0, time.UTC),
		}[r.Intn(4)]
		start := base.AddDate(0, 0, r.Intn(35)).Add(time.Duration(7+r.Intn(12))*time.Hour + time.Duration(15*r.Intn(4))*time.Minute)
		allDay := r.Intn(8) == 0
		stamp := func(t time.Time) string { // a DATE-TIME value in the series' form
			switch zone {
			case "UTC":
				return ":" + t.Format("20060102T150405Z")
			case "floating":
				return ":" + t.Format("20060102T150405")
			}
			return ";TZID=" + zone + ":" + t.Format("20060102T150405")
		}
		if allDay {
			start = time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
			stamp = func(t time.Time) string { return ";VALUE=DATE:" + t.Format("20060102") }
		}
		length := time.Duration(15*(1+r.Intn(8))) * time.Minute
		kind := r.Intn(7)
		weekly := kind <= 2
		interval := 1
		rule := ""
		switch kind {
		case 0, 1: // weekly on the start's weekday and maybe another
			wd := days[(int(start.Weekday())+6)%7]
			by := wd
			if r.Intn(2) == 0 {
				by += "," + days[r.Intn(7)]
			}
			rule = "FREQ=WEEKLY;BYDAY=" + by
		case 2: // fortnightly
			interval = 2
			rule = "FREQ=WEEKLY;INTERVAL=2"
		case 3:
			rule = "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR"
		case 4:
			rule = fmt.Sprintf("FREQ=MONTHLY;BYDAY=%d%s", 1+r.Intn(4), days[r.Intn(5)])
		case 5:
			rule = fmt.Sprintf("FREQ=MONTHLY;BYMONTHDAY=%d", 1+r.Intn(28))
		case 6:
			rule = "FREQ=YEARLY"
		}
		switch r.Intn(3) {
		case 0:
			rule += fmt.Sprintf(";COUNT=%d", 2+r.Intn(30))
		case 1:
			until := start.AddDate(0, r.Intn(10), r.Intn(28))
			switch {
			case allDay:
				rule += ";UNTIL=" + until.Format("20060102")
			case zone == "floating":
				rule += ";UNTIL=" + until.Format("20060102T150405")
			default: // RFC 5545: UTC when DTSTART has a zone
				rule += ";UNTIL=" + until.Format("20060102T150405Z")
			}
		}
		w("BEGIN:VEVENT")
		w("UID:%s", uid)
		title := fmt.Sprintf("Series %d-%d", seed, i)
		w("SUMMARY:%s", title)
		w("DTSTART%s", stamp(start))
		switch {
		case allDay:
			w("DTEND;VALUE=DATE:%s", start.AddDate(0, 0, 1+r.Intn(2)).Format("20060102"))
		case r.Intn(2) == 0:
			w("DURATION:PT%dM", int(length.Minutes()))
		default:
			w("DTEND%s", stamp(start.Add(length)))
		}
		w("RRULE:%s", rule)
		if r.Intn(6) == 0 {
			w("STATUS:CANCELLED")
		}
		w("ORGANIZER:mailto:boss@gen.timeaudit")
		w("ATTENDEE;PARTSTAT=%s:mailto:me@gen.timeaudit", []string{"ACCEPTED", "DECLINED", "TENTATIVE", "NEEDS-ACTION"}[r.Intn(4)])
		// Instances of weekly series are easy to name: start + k weeks.
		instance := func(k int) time.Time { return start.AddDate(0, 0, 7*interval*k) }
		var exdates []string
		if weekly && !allDay && r.Intn(2) == 0 {
			for n := 1 + r.Intn(3); n > 0; n-- {
				v := stamp(instance(1 + r.Intn(6)))
				exdates = append(exdates, v[strings.LastIndexByte(v, ':')+1:])
			}
			prefix := stamp(start)
			prefix = prefix[:strings.LastIndexByte(prefix, ':')]
			w("EXDATE%s:%s", prefix, strings.Join(exdates, ","))
		}
		w("END:VEVENT")
		if weekly && !allDay {
			// Distinct instances: two overrides of one instance are versions
			// of it (the later wins), which Python would show twice.
			for _, k := range r.Perm(5)[:r.Intn(3)] {
				orig := instance(7 + k)
				moved := orig.Add(time.Duration(r.Intn(5)-2) * time.Hour)
				w("BEGIN:VEVENT")
				w("UID:%s", uid)
				w("RECURRENCE-ID%s", stamp(orig))
				w("DTSTART%s", stamp(moved))
				w("DTEND%s", stamp(moved.Add(length/time.Duration(1+r.Intn(2)))))
				switch r.Intn(3) {
				case 0:
					w("SUMMARY:%s (moved)", title)
				case 1:
					w("SUMMARY:%s", title)
					w("STATUS:CANCELLED")
				default:
					w("SUMMARY:%s", title)
				}
				w("END:VEVENT")
			}
		}
	}
	// A few one-off events, one of them declined, one crossing midnight.
	for i := 0; i < 4; i++ {
		s := time.Date(2026, 3, 20+i*7, 22+r.Intn(2), 0, 0, 0, time.UTC)
		w("BEGIN:VEVENT")
		w("UID:one-%d-%d@gen.timeaudit", seed, i)
		w("SUMMARY:One-off %d", i)
		w("DTSTART;TZID=Europe/Berlin:%s", s.Format("20060102T150405"))
		w("DTEND;TZID=Europe/Berlin:%s", s.Add(90*time.Minute).Format("20060102T150405"))
		w("END:VEVENT")
	}
	w("END:VCALENDAR")
	return b.String()
}

func TestDifferentialGenerated(t *testing.T) {
	needPython(t)
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	total := 0
	for seed := int64(1); seed <= 30; seed++ {
		path := filepath.Join(dir, fmt.Sprintf("gen-%d.ics", seed))
		if err := os.WriteFile(path, []byte(genCalendar(seed, 15)), 0o644); err != nil {
			t.Fatal(err)
		}
		mine := ours(t, path, from, to)
		onlyOurs, onlyTheirs := diff(mine, theirs(t, path, from, to))
		total += len(mine)
		if len(onlyOurs)+len(onlyTheirs) > 0 {
			t.Errorf("seed %d (genCalendar(%d, 15)): %d only timeaudit finds:\n  %s\n%d only python-recurring-ical-events finds:\n  %s",
				seed, seed, len(onlyOurs), strings.Join(head(onlyOurs, 6), "\n  "), len(onlyTheirs), strings.Join(head(onlyTheirs, 6), "\n  "))
		}
	}
	t.Logf("30 generated calendars, %d occurrences compared", total)
}
