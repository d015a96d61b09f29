package ics

import (
	"context"
	"errors"
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
		var ie *sources.InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), "caps.ics:") || !strings.Contains(err.Error(), "more than 64 MiB") {
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
