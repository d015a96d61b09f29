package ics

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

// A read with Request.Occurrences gives, once flattened, exactly the
// events a plain read gives (every field, in the same order), with each
// series' details once, or (when fewer than two occurrences would share an
// event) the events themselves: on every corpus file, over its span and
// over a range, and on generated calendars with overrides, EXDATEs and
// zones.
func TestOccurrencesFlattenToEvents(t *testing.T) {
	type input struct{ name, text string }
	var inputs []input
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.ics"))
	if len(files) == 0 {
		t.Fatalf("no corpus files in %s", corpusDir)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, input{filepath.Base(f), string(data)})
	}
	for seed := int64(1); seed <= 10; seed++ {
		inputs = append(inputs, input{fmt.Sprintf("genCalendar(%d, 15)", seed), genCalendar(seed, 15)})
	}
	berlin := zone(t, "Europe/Berlin")
	ranges := []audit.Range{{}, {From: time.Date(2025, 1, 1, 0, 0, 0, 0, berlin), To: time.Date(2027, 1, 1, 0, 0, 0, 0, berlin)}}
	shared, given := 0, 0
	for _, in := range inputs {
		for _, rng := range ranges {
			fetch := func(occurrences bool) (*sources.Result, error) {
				req := sources.Request{Location: berlin, Range: rng, SkipInvalid: true, Occurrences: occurrences}
				return New(in.name, strings.NewReader(in.text), Options{}).Fetch(context.Background(), req)
			}
			flat, err1 := fetch(false)
			compact, err2 := fetch(true)
			if (err1 == nil) != (err2 == nil) || err1 != nil && err1.Error() != err2.Error() {
				t.Fatalf("%s %v: errors %v and %v", in.name, rng, err1, err2)
			}
			if err1 != nil {
				continue
			}
			if compact.Occurrences != nil {
				// Given only where they share: at least two occurrences an event.
				if 2*len(compact.Events) > len(compact.Occurrences) {
					t.Errorf("%s: %d events for %d occurrences", in.name, len(compact.Events), len(compact.Occurrences))
				}
				shared += len(compact.Occurrences) - len(compact.Events)
				given++
			}
			compact.Flatten()
			if compact.Occurrences != nil {
				t.Fatalf("%s: Flatten left the occurrences", in.name)
			}
			if len(flat.Events) != len(compact.Events) {
				t.Fatalf("%s %v: %d events, flattened %d", in.name, rng, len(flat.Events), len(compact.Events))
			}
			for i := range flat.Events {
				if !reflect.DeepEqual(flat.Events[i], compact.Events[i]) {
					t.Fatalf("%s %v: event %d differs:\n plain     %+v\n flattened %+v", in.name, rng, i, flat.Events[i], compact.Events[i])
				}
			}
			if !reflect.DeepEqual(flat.Notes, compact.Notes) || !reflect.DeepEqual(flat.Skipped, compact.Skipped) || !flat.Horizon.Equal(compact.Horizon) {
				t.Errorf("%s %v: notes, skipped records or horizon differ", in.name, rng)
			}
		}
	}
	if shared == 0 {
		t.Error("no occurrence shared its event with another: the test shows nothing")
	}
	t.Logf("%d inputs; %d reads gave occurrences, %d of them sharing an event", len(inputs), given, shared)
}
