package app

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/bench/calgen"
	"github.com/timeaudit/timeaudit/render"
	"github.com/timeaudit/timeaudit/sources/ics"
)

// fiveYears is the bench's W1 audit (400 series over five years, about
// 150,000 occurrences, read as the command reads it), analyses left out.
func fiveYears(b *testing.B) (*audit.Report, Query) {
	b.Helper()
	end := time.Date(2026, 3, 23, 0, 0, 0, 0, time.UTC)
	q := query(b, "", audit.Range{From: end.AddDate(-5, 0, 0), To: end})
	req := q.Request()
	req.Occurrences = true
	res, err := ics.New("years.ics", strings.NewReader(calgen.Years(1, 400, end, 5)), ics.Options{}).Fetch(context.Background(), req)
	if err != nil {
		b.Fatal(err)
	}
	m := merge([]Input{{Name: "years.ics", Result: res}})
	m.once = true
	q.Listing = true // no analyses: they are what is measured
	r := m.build(q)
	return r, q
}

// BenchmarkAnalyzeFiveYears is the time-of-day analyses of W1: what a
// report does that a listing does not.
func BenchmarkAnalyzeFiveYears(b *testing.B) {
	r, q := fiveYears(b)
	b.ReportAllocs()
	for b.Loop() {
		if a := audit.Analyze(r, q.Settings); len(a.Days) != 1826 {
			b.Fatalf("%d days", len(a.Days))
		}
	}
}

// BenchmarkReportJSONFiveYears writes W1's report as JSON.
func BenchmarkReportJSONFiveYears(b *testing.B) {
	r, q := fiveYears(b)
	r.Analysis = audit.Analyze(r, q.Settings)
	f, err := render.Choose("json", "", render.ReportView, false)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := f.Encode(io.Discard, render.ReportView, render.Input{Report: r}, render.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
