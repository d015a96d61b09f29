package ics

import (
	"context"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

// genYears writes a manager's calendar: n recurring series begun over the
// years before end (weekly, fortnightly, MO/WE/FR, monthly by weekday), a
// third with UNTIL, with EXDATEs and moved instances, in two zones.
func genYears(seed int64, n int, end time.Time, years int) string {
	r := rand.New(rand.NewSource(seed))
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\r\n", args...) }
	w("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//timeaudit//bench//EN")
	zones := []string{"Europe/Berlin", "America/New_York"}
	rules := []string{"FREQ=WEEKLY", "FREQ=WEEKLY;INTERVAL=2", "FREQ=WEEKLY;BYDAY=MO,WE,FR", "FREQ=MONTHLY;BYDAY=2TU"}
	first := end.AddDate(-years, 0, 0)
	for i := 0; i < n; i++ {
		zone := zones[i%2]
		start := first.AddDate(0, 0, r.Intn(365*years)).Add(time.Duration(8+r.Intn(9)) * time.Hour)
		for start.Weekday() == time.Saturday || start.Weekday() == time.Sunday {
			start = start.AddDate(0, 0, 1)
		}
		rule := rules[i%len(rules)]
		if strings.Contains(rule, "MO,WE,FR") {
			for wd := start.Weekday(); wd != time.Monday && wd != time.Wednesday && wd != time.Friday; wd = start.Weekday() {
				start = start.AddDate(0, 0, 1)
			}
		}
		if i%3 == 0 {
			rule += ";UNTIL=" + start.AddDate(1+r.Intn(3), 0, 0).UTC().Format("20060102T150405Z")
		}
		uid := fmt.Sprintf("bench-%d@timeaudit", i)
		at := func(t time.Time) string { return ";TZID=" + zone + ":" + t.Format("20060102T150405") }
		w("BEGIN:VEVENT\r\nUID:%s\r\nSUMMARY:Series %d\r\nDTSTART%s\r\nDTEND%s\r\nRRULE:%s", uid, i, at(start), at(start.Add(30*time.Minute)), rule)
		if !strings.Contains(rule, "MONTHLY") {
			w("EXDATE%s,%s", at(start.AddDate(0, 0, 14)), start.AddDate(0, 0, 28).Format("20060102T150405"))
		}
		w("END:VEVENT")
		if !strings.Contains(rule, "MONTHLY") && !strings.Contains(rule, "INTERVAL=2") {
			orig := start.AddDate(0, 0, 7*(10+r.Intn(30)))
			w("BEGIN:VEVENT\r\nUID:%s\r\nRECURRENCE-ID%s\r\nSUMMARY:Series %d (moved)\r\nDTSTART%s\r\nDTEND%s\r\nEND:VEVENT",
				uid, at(orig), i, at(orig.Add(2*time.Hour)), at(orig.Add(2*time.Hour+30*time.Minute)))
		}
	}
	w("END:VCALENDAR")
	return b.String()
}

func benchFetch(b *testing.B, text string, from, to time.Time) int {
	b.Helper()
	n := 0
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		res, err := New("bench.ics", strings.NewReader(text), Options{}).Fetch(context.Background(),
			sources.Request{Location: time.UTC, Range: audit.Range{From: from, To: to}})
		if err != nil {
			b.Fatal(err)
		}
		n = len(res.Events)
	}
	b.ReportMetric(float64(n), "occurrences")
	return n
}

var benchEnd = time.Date(2026, 3, 23, 0, 0, 0, 0, time.UTC)

// BenchmarkFiveYears expands 400 series over five years.
func BenchmarkFiveYears(b *testing.B) {
	text := genYears(1, 400, benchEnd, 5)
	benchFetch(b, text, benchEnd.AddDate(-5, 0, 0), benchEnd)
}

// BenchmarkOneWeekOfOldSeries audits the last week of the same calendar:
// series begun years ago must not cost their whole history.
func BenchmarkOneWeekOfOldSeries(b *testing.B) {
	text := genYears(1, 400, benchEnd, 5)
	benchFetch(b, text, benchEnd.AddDate(0, 0, -7), benchEnd)
}

// BenchmarkDailySince2015 is one open-ended daily series from 2015, one week of 2026.
func BenchmarkDailySince2015(b *testing.B) {
	text := cal("BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20150105T091500\nDURATION:PT15M\nRRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR\nEND:VEVENT")
	benchFetch(b, text, benchEnd.AddDate(0, 0, -7), benchEnd)
}
