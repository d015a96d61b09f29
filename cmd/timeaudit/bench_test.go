package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/bench/calgen"
)

// benchCLI runs the whole command, as a user does, output discarded.
func benchCLI(b *testing.B, args ...string) {
	b.Helper()
	a := &factory{
		io:        &iostreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard},
		now:       func() time.Time { return time.Date(2026, 3, 25, 10, 0, 0, 0, time.UTC) },
		getenv:    func(string) string { return "" },
		configDir: func() (string, error) { return b.TempDir(), nil },
		cacheDir:  func() (string, error) { return b.TempDir(), nil },
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := run(context.Background(), args, a); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// fiveYears is the calendar: 400 series over five years, ~150k occurrences.
func fiveYears(b *testing.B) string {
	path := filepath.Join(b.TempDir(), "years.ics")
	end := time.Date(2026, 3, 23, 0, 0, 0, 0, time.UTC)
	if err := os.WriteFile(path, []byte(calgen.Years(1, 400, end, 5)), 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

func BenchmarkEventsFiveYears(b *testing.B) {
	benchCLI(b, "events", fiveYears(b), "--from", "2021-03-23", "--to", "2026-03-23", "--tz", "UTC", "-f", "csv")
}

func BenchmarkReportFiveYears(b *testing.B) {
	benchCLI(b, "report", fiveYears(b), "--from", "2021-03-23", "--to", "2026-03-23", "--tz", "UTC", "-f", "json")
}

// export is a 100k-event export of about 85 MB.
func export(b *testing.B) string {
	path := filepath.Join(b.TempDir(), "export.ics")
	end := time.Date(2026, 3, 23, 0, 0, 0, 0, time.UTC)
	if err := os.WriteFile(path, []byte(calgen.Export(2, 100000, end, 5)), 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

func BenchmarkReportExport100k(b *testing.B) {
	benchCLI(b, "report", export(b), "--tz", "UTC", "-f", "json")
}
