package ics

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/bench/calgen"
	"github.com/timeaudit/timeaudit/sources"
)

func genYears(seed int64, n int, end time.Time, years int) string {
	return calgen.Years(seed, n, end, years)
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

// BenchmarkAttendees100k reads one invitation of 100,000 attendees.
func BenchmarkAttendees100k(b *testing.B) {
	start := time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)
	benchFetch(b, calgen.Attendees(100000, start), start.AddDate(0, 0, -1), start.AddDate(0, 0, 7))
}

// BenchmarkOverrides1e5 files and expands one series with 100,000 moved
// instances: filing an override must not scan the others.
func BenchmarkOverrides1e5(b *testing.B) {
	start := time.Date(2000, 1, 3, 9, 0, 0, 0, time.UTC)
	if n := benchFetch(b, calgen.Overrides(100000, start), start, start.AddDate(0, 2, 0)); n < 50 {
		b.Fatal(n)
	}
}

// BenchmarkSmall1e6 reads a million small one-off events (105 MB) over a year.
func BenchmarkSmall1e6(b *testing.B) {
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	benchFetch(b, calgen.Small(1000000, start), start, start.AddDate(1, 0, 0))
}
