package sourcetest

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/timeaudit/timeaudit/audit"
)

// WriteICS writes events as a calendar with floating times in loc; an event
// with a series id becomes a one-instance series of that UID.
func WriteICS(events []audit.Event, loc *time.Location) []byte {
	var b bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\r\n", args...) }
	esc := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`)
	w("BEGIN:VCALENDAR")
	w("VERSION:2.0")
	w("PRODID:-//timeaudit//contract//EN")
	for i, e := range events {
		w("BEGIN:VEVENT")
		uid := fmt.Sprintf("event-%d@timeaudit.test", i)
		if e.SeriesID != "" {
			uid = e.SeriesID
		}
		w("UID:%s", uid)
		if e.AllDay {
			w("DTSTART;VALUE=DATE:%s", e.Start.In(loc).Format("20060102"))
			w("DTEND;VALUE=DATE:%s", e.End.In(loc).Format("20060102"))
		} else {
			w("DTSTART:%s", e.Start.In(loc).Format("20060102T150405"))
			w("DTEND:%s", e.End.In(loc).Format("20060102T150405"))
		}
		if e.SeriesID != "" {
			w("RRULE:FREQ=DAILY;COUNT=1")
		}
		w("SUMMARY:%s", esc.Replace(e.Title))
		w("STATUS:%s", strings.ToUpper(e.Status.String()))
		if e.Organizer.Email != "" {
			w("ORGANIZER:mailto:%s", e.Organizer.Email)
		}
		for _, a := range e.Attendees {
			w("ATTENDEE;PARTSTAT=%s:mailto:%s", strings.ToUpper(a.Response.String()), a.Email)
		}
		w("END:VEVENT")
	}
	w("END:VCALENDAR")
	return b.Bytes()
}
