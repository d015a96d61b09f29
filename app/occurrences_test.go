package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/bench/calgen"
	"github.com/timeaudit/timeaudit/render"
	"github.com/timeaudit/timeaudit/sources/ics"
)

// A calendar audited from its series' occurrences as small records gives
// the report and the listing, in every format that shows them whole, byte
// for byte as the same calendar read event by event: on every corpus file
// (over its span and over a range, with the user given and inferred) and
// on the bench's generated calendars.
func TestOccurrencesAuditAsEvents(t *testing.T) {
	type input struct{ name, text string }
	var inputs []input
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "corpus", "ics", "*.ics"))
	if len(files) == 0 {
		t.Fatal("no corpus files in testdata/corpus/ics")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, input{filepath.Base(f), string(data)})
	}
	end := time.Date(2026, 3, 23, 0, 0, 0, 0, time.UTC)
	inputs = append(inputs, input{"years.ics", calgen.Years(1, 24, end, 1)}, input{"export.ics", calgen.Export(2, 500, end, 1)},
		input{"overrides.ics", calgen.Overrides(200, end.AddDate(0, -6, 0))})
	ranges := []audit.Range{{}, {From: time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)}}
	compared, given := 0, 0
	for _, in := range inputs {
		for _, rng := range ranges {
			for _, me := range [][]string{nil, {"me@corp.example"}} {
				render := func(occurrences bool) string {
					q := query(t, "", rng)
					q.Me = me
					req := q.Request()
					req.SkipInvalid, req.Occurrences = true, occurrences
					res, err := ics.New(in.name, strings.NewReader(in.text), ics.Options{}).Fetch(context.Background(), req)
					if err != nil {
						return "error: " + err.Error()
					}
					if res.Occurrences != nil {
						given++
					}
					m := merge([]Input{{Name: in.name, Result: res}})
					m.once = true
					return encodeAll(t, m.build(q))
				}
				flat, compact := render(false), render(true)
				if flat != compact {
					t.Fatalf("%s %v me=%v: the audits differ:\n%s", in.name, rng, me, firstDiff(flat, compact))
				}
				compared++
			}
		}
	}
	if given == 0 {
		t.Fatal("no read gave occurrences: the test shows nothing")
	}
	t.Logf("%d audits compared, %d of them from occurrences", compared, given)
}

// encodeAll is a report in every format of the report and events views.
func encodeAll(t *testing.T, r *audit.Report) string {
	var b bytes.Buffer
	for _, v := range []render.View{render.ReportView, render.EventsView, render.ExplainView} {
		for _, f := range render.Formats(v) {
			fmt.Fprintf(&b, "== view %d, %s\n", v, f.Name)
			if err := f.Encode(&b, v, render.Input{Report: r}, render.Options{Width: 100}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return b.String()
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < min(len(al), len(bl)); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n  event by event: %s\n  occurrences:    %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d and %d lines", len(al), len(bl))
}
