package ics

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

// Runaway work ends in one clear error, never in exhausted memory.
func TestCapsInAll(t *testing.T) {
	march := sources.Request{Location: time.UTC, Range: audit.Range{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}}
	fetch := func(text string, req sources.Request) error {
		_, err := New("caps.ics", strings.NewReader(text), Options{}).Fetch(context.Background(), req)
		return err
	}
	t.Run("line length", func(t *testing.T) {
		long := cal("BEGIN:VEVENT\nUID:a\nDTSTART:20260302T090000Z\nDESCRIPTION:" + strings.Repeat("x", maxLineBytes+1) + "\nEND:VEVENT")
		err := fetch(long, march)
		if audit.KindOf(err) != audit.KindInput || !strings.Contains(err.Error(), "caps.ics:") || !strings.Contains(err.Error(), "more than 64 MiB") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("occurrences in all", func(t *testing.T) {
		defer func(n int) { maxOccurrences = n }(maxOccurrences)
		maxOccurrences = 100
		var b strings.Builder
		for i := 0; i < 5; i++ {
			b.WriteString("BEGIN:VEVENT\nUID:s" + string(rune('a'+i)) + "\nDTSTART:20260301T090000Z\nDURATION:PT15M\nRRULE:FREQ=DAILY\nEND:VEVENT\n")
		}
		err := fetch(cal(strings.TrimSuffix(b.String(), "\n")), march)
		if err == nil || err.Error() != "caps.ics: more than 100 occurrences in the range: narrow it with --week or --from/--to" {
			t.Errorf("err = %v", err)
		}
	})
}

// Events are read on every core; what the reader says must not depend on
// which worker met a zone first.
func TestParallelReadIsDeterministic(t *testing.T) {
	var b strings.Builder
	zones := []string{"(UTC+09:30) Custom Zone Q", "(UTC-05:00) Custom Zone A", "(UTC-05:00) Eastern Time (US & Canada)", "(UTC+03:00) Custom Zone M"}
	for i := 0; i < 600; i++ {
		fmt.Fprintf(&b, "BEGIN:VEVENT\nUID:e%d\nDTSTART;TZID=\"%s\":20260302T%02d0000\nDURATION:PT30M\nSUMMARY:e%d\nEND:VEVENT\n", i, zones[(i/64)%len(zones)], 8+i%9, i)
	}
	text := cal(b.String())
	var first string
	for run := 0; run < 50; run++ {
		res, err := New("z.ics", strings.NewReader(text), Options{}).Fetch(context.Background(), sources.Request{Location: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(res.Notes, "\n")
		if run == 0 {
			first = got
			if len(res.Events) != 600 || strings.Count(got, "is not defined in the file") < 3 {
				t.Fatalf("%d events, notes:\n%s", len(res.Events), got)
			}
			continue
		}
		if got != first {
			t.Fatalf("run %d notes differ:\n%s\nthen:\n%s", run, first, got)
		}
	}
}

// Series are expanded on every core, and the first problem in the file's
// order is still the one reported: a series with too many instances before
// the series that pass the bound is its own error; after them, the bound's. Run many times,
// so that the workers' order varies.
func TestParallelExpansionKeepsFileOrder(t *testing.T) {
	defer func(n int) { maxOccurrences = n }(maxOccurrences)
	maxOccurrences = 3000
	march := sources.Request{Location: time.UTC, Range: audit.Range{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}}
	calendar := func(badAt int) string {
		var b strings.Builder
		for i := 0; i < 400; i++ {
			rule := "FREQ=DAILY"
			if i == badAt {
				rule = "FREQ=SECONDLY" // more instances than one series may have
			}
			fmt.Fprintf(&b, "BEGIN:VEVENT\nUID:s%d\nDTSTART:20260301T090000Z\nDURATION:PT15M\nRRULE:%s\nEND:VEVENT\n", i, rule)
		}
		return cal(strings.TrimSuffix(b.String(), "\n"))
	}
	for _, tc := range []struct {
		badAt int
		want  string
	}{
		{10, "yields more than"},            // 10 series of 31 occurrences: under the bound, so the broken series is reached
		{300, "more than 3000 occurrences"}, // 3000 / 31 series pass the bound long before series 300
	} {
		text := calendar(tc.badAt)
		for run := 0; run < 20; run++ {
			_, err := New("p.ics", strings.NewReader(text), Options{}).Fetch(context.Background(), march)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("broken rule at series %d, run %d: err = %v, want one naming %q", tc.badAt, run, err, tc.want)
			}
		}
	}
}
