// Package calgen writes synthetic calendars for benchmarks: years of a
// manager's recurring meetings, and large exports of single events. The
// same seed gives the same file.
package calgen

import (
	"fmt"
	"math/rand"
	"strings"
	"time"
)

// Years writes n recurring series begun over the years before end: weekly,
// fortnightly, MO/WE/FR and monthly by weekday; a third with UNTIL, with
// EXDATEs and moved instances (overrides), in two time zones, each with
// attendees and a description as real invitations have.
func Years(seed int64, n int, end time.Time, years int) string {
	r := rand.New(rand.NewSource(seed))
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\r\n", args...) }
	w("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//timeaudit//bench//EN")
	zones := []string{"Europe/Berlin", "America/New_York"}
	rules := []string{"FREQ=WEEKLY", "FREQ=WEEKLY;INTERVAL=2", "FREQ=WEEKLY;BYDAY=MO,WE,FR", "FREQ=MONTHLY;BYDAY=2TU", "FREQ=WEEKLY;BYDAY=MO,WE,FR"}
	titles := []string{"1:1 %s", "Sprint retro %d", "Interview loop %d", "Team sync %d", "Design review %d", "Standup %d", "Planning %d", "Ops review %d"}
	people := []string{"alex", "priya", "sam", "jordan", "kim", "lee", "noor", "ola", "pat", "ray"}
	first := end.AddDate(-years, 0, 0)
	for i := 0; i < n; i++ {
		zone := zones[i%2]
		// Most series run the whole span, as a manager's standing meetings do.
		start := first.AddDate(0, 0, r.Intn(120)).Add(time.Duration(8+r.Intn(9)) * time.Hour)
		for start.Weekday() == time.Saturday || start.Weekday() == time.Sunday {
			start = start.AddDate(0, 0, 1)
		}
		rule := rules[i%len(rules)]
		if strings.Contains(rule, "MO,WE,FR") {
			for wd := start.Weekday(); wd != time.Monday && wd != time.Wednesday && wd != time.Friday; wd = start.Weekday() {
				start = start.AddDate(0, 0, 1)
			}
		}
		if i%8 == 0 {
			rule += ";UNTIL=" + start.AddDate(3+r.Intn(2), 0, 0).UTC().Format("20060102T150405Z")
		}
		uid := fmt.Sprintf("bench-%d@timeaudit", i)
		title := titles[i%len(titles)]
		if strings.Contains(title, "%s") {
			title = fmt.Sprintf(title, people[i%len(people)])
		} else {
			title = fmt.Sprintf(title, i)
		}
		at := func(t time.Time) string { return ";TZID=" + zone + ":" + t.Format("20060102T150405") }
		w("BEGIN:VEVENT\r\nUID:%s\r\nSUMMARY:%s\r\nDTSTART%s\r\nDTEND%s\r\nRRULE:%s", uid, title, at(start), at(start.Add(30*time.Minute)), rule)
		w("ORGANIZER;CN=Me:mailto:me@corp.example")
		for k := 0; k < 4+i%7; k++ {
			p := people[(i+k)%len(people)]
			w("ATTENDEE;CN=%s;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:%s@corp.example", p, p)
		}
		w("DESCRIPTION:Agenda: updates\\, blockers\\, decisions. Notes in the team doc. Dial-in: https://meet.example/%d-%d\r\n "+
			"Please review the pre-read before the meeting and add your topics to the list. Decisions are recorded in the log.", i, r.Intn(1e6))
		if !strings.Contains(rule, "MONTHLY") {
			w("EXDATE%s,%s", at(start.AddDate(0, 0, 14)), start.AddDate(0, 0, 28).Format("20060102T150405"))
		}
		w("END:VEVENT")
		if !strings.Contains(rule, "MONTHLY") && !strings.Contains(rule, "INTERVAL=2") {
			for k := 0; k < 3; k++ {
				orig := start.AddDate(0, 0, 7*(10+40*k+r.Intn(30)))
				w("BEGIN:VEVENT\r\nUID:%s\r\nRECURRENCE-ID%s\r\nSUMMARY:%s (moved)\r\nDTSTART%s\r\nDTEND%s\r\nEND:VEVENT",
					uid, at(orig), title, at(orig.Add(2*time.Hour)), at(orig.Add(2*time.Hour+30*time.Minute)))
			}
		}
	}
	w("END:VCALENDAR")
	return b.String()
}

// Export writes n single events over the years before end, as a calendar
// export does: each with attendees and a long description (about 800
// bytes an event), a few all-day, declined or free.
func Export(seed int64, n int, end time.Time, years int) string {
	r := rand.New(rand.NewSource(seed))
	var b strings.Builder
	b.Grow(n * 850)
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\r\n", args...) }
	w("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//timeaudit//bench export//EN\r\nX-WR-CALNAME:Work")
	first := end.AddDate(-years, 0, 0)
	days := int(end.Sub(first).Hours() / 24)
	titles := []string{"1:1 Alex", "Interview: backend", "Sprint retro", "Vendor call", "Focus block", "Lunch", "Architecture council", "All-hands", "Design review", "Team standup"}
	for i := 0; i < n; i++ {
		day := first.AddDate(0, 0, r.Intn(days))
		start := day.Add(time.Duration(8*60+15*r.Intn(40)) * time.Minute)
		w("BEGIN:VEVENT\r\nUID:export-%d@timeaudit\r\nDTSTAMP:20260101T000000Z", i)
		w("SUMMARY:%s", titles[r.Intn(len(titles))])
		if i%50 == 0 {
			w("DTSTART;VALUE=DATE:%s\r\nDTEND;VALUE=DATE:%s", day.Format("20060102"), day.AddDate(0, 0, 1).Format("20060102"))
		} else {
			w("DTSTART:%s\r\nDTEND:%s", start.UTC().Format("20060102T150405Z"), start.Add(time.Duration(15*(1+r.Intn(6)))*time.Minute).UTC().Format("20060102T150405Z"))
		}
		if i%17 == 0 {
			w("TRANSP:TRANSPARENT")
		}
		w("ORGANIZER;CN=Organizer %d:mailto:org%d@corp.example", i%40, i%40)
		partstat := "ACCEPTED"
		if i%23 == 0 {
			partstat = "DECLINED"
		}
		w("ATTENDEE;CN=Me;PARTSTAT=%s:mailto:me@corp.example", partstat)
		for k := 0; k < 3; k++ {
			w("ATTENDEE;CN=Person %d;PARTSTAT=ACCEPTED:mailto:p%d@corp.example", (i+k)%200, (i+k)%200)
		}
		w("LOCATION:Room %d\\, Building %d", i%30, i%4)
		w("DESCRIPTION:%s", strings.Repeat("Agenda item with some detail\\, ", 12)+fmt.Sprint(i))
		w("END:VEVENT")
	}
	w("END:VCALENDAR")
	return b.String()
}

// Small writes n small one-off events (about 100 bytes each) from start,
// every 10 minutes of working hours over the weeks: the export of a large
// team's year.
func Small(n int, start time.Time) string {
	var b strings.Builder
	b.Grow(n * 110)
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//timeaudit//bench//EN\r\n")
	for i := 0; i < n; i++ {
		s := start.Add(time.Duration(i%50000) * 10 * time.Minute)
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:s%d\r\nDTSTART:%s\r\nDTEND:%s\r\nSUMMARY:Sync %d\r\nEND:VEVENT\r\n",
			i, s.UTC().Format("20060102T150405Z"), s.Add(30*time.Minute).UTC().Format("20060102T150405Z"), i%97)
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.String()
}

// Rows writes n CSV rows (title,start,end) from start, as Small does.
func Rows(n int, start time.Time) string {
	var b strings.Builder
	b.Grow(n * 45)
	b.WriteString("title,start,end\n")
	for i := 0; i < n; i++ {
		s := start.Add(time.Duration(i%50000) * 10 * time.Minute)
		fmt.Fprintf(&b, "Sync %d,%s,%s\n", i%97, s.Format("2006-01-02 15:04"), s.Add(30*time.Minute).Format("2006-01-02 15:04"))
	}
	return b.String()
}

// Attendees writes one event with n attendees: an all-company invitation.
func Attendees(n int, start time.Time) string {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//timeaudit//bench//EN\r\nBEGIN:VEVENT\r\nUID:all-hands\r\n")
	fmt.Fprintf(&b, "DTSTART:%s\r\nDTEND:%s\r\nSUMMARY:All hands\r\nORGANIZER:mailto:ceo@corp.example\r\n", start.UTC().Format("20060102T150405Z"), start.Add(time.Hour).UTC().Format("20060102T150405Z"))
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "ATTENDEE;CN=P%d;PARTSTAT=ACCEPTED:mailto:p%d@corp.example\r\n", i, i)
	}
	b.WriteString("END:VEVENT\r\nEND:VCALENDAR\r\n")
	return b.String()
}

// Overrides writes a daily series of n days from start, every instance moved
// by an override (RECURRENCE-ID).
func Overrides(n int, start time.Time) string {
	var b strings.Builder
	f := func(t time.Time) string { return t.UTC().Format("20060102T150405Z") }
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//timeaudit//bench//EN\r\n")
	fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:daily\r\nDTSTART:%s\r\nDTEND:%s\r\nRRULE:FREQ=DAILY;COUNT=%d\r\nSUMMARY:Standup\r\nEND:VEVENT\r\n", f(start), f(start.Add(15*time.Minute)), n)
	for i := 0; i < n; i++ {
		d := start.AddDate(0, 0, i)
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:daily\r\nRECURRENCE-ID:%s\r\nDTSTART:%s\r\nDTEND:%s\r\nSUMMARY:Standup (moved)\r\nEND:VEVENT\r\n", f(d), f(d.Add(30*time.Minute)), f(d.Add(45*time.Minute)))
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.String()
}
