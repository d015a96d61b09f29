package app

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/rules"
	"github.com/timeaudit/timeaudit/sources"
)

func query(t testing.TB, yml string, r audit.Range) Query {
	t.Helper()
	cfg := rules.Default()
	if yml != "" {
		var err error
		if cfg, err = rules.Parse("cfg.yaml", []byte(yml)); err != nil {
			t.Fatal(err)
		}
	}
	return Query{Config: cfg, Range: r, Location: utc, Settings: cfg.Settings, Concurrency: 4}
}

var (
	week12 = audit.Range{From: day(16, 0, 0), To: day(23, 0, 0)}
	week11 = audit.Range{From: day(9, 0, 0), To: day(16, 0, 0)}
)

func TestBuildMerges(t *testing.T) {
	ins := []Input{
		{Name: "a", Result: &sources.Result{Events: []audit.Event{meeting("1:1 Alex", 16, 9, 0, 30)}, Notes: []string{"a's note"},
			Skipped: []audit.Skipped{{Source: audit.Provenance{Source: "a", Line: 3}, Err: "bad"}}}},
		{Name: "b", Result: &sources.Result{Events: []audit.Event{meeting("Interview", 17, 10, 0, 60), meeting("Retro", 18, 15, 0, 45)}, Notes: []string{"b's note"}}},
	}
	r := Build(query(t, "", week12), ins)
	if r.Total.Events != 3 || r.Total.Time != 135*time.Minute {
		t.Errorf("total %d events, %v; want 3, 2h15m", r.Total.Events, r.Total.Time)
	}
	if len(r.Invalid) != 1 || !slices.Equal(r.Notes[:2], []string{"a's note", "b's note"}) {
		t.Errorf("invalid %v, notes %v: the sources' come first, in order", r.Invalid, r.Notes)
	}
	if r.Analysis == nil {
		t.Error("a report without its analyses")
	}
	q := query(t, "", week12)
	q.Listing = true
	if Build(q, ins).Analysis != nil {
		t.Error("a listing ran the analyses")
	}
	per := PerSource(query(t, "", week12), ins)
	if len(per) != 2 || per[0].Name != "a" || per[0].Report.Total.Events != 1 || per[1].Report.Total.Events != 2 {
		t.Errorf("per source: %+v", per)
	}
}

func TestAudit(t *testing.T) {
	log := &fetchLog{}
	alice := &fake{name: "fake:alice", log: log, events: []audit.Event{meeting("Interview", 10, 9, 0, 60), meeting("Interview", 17, 9, 0, 60)}}
	bob := &fake{name: "fake:bob", log: log, events: []audit.Event{meeting("Design review", 17, 11, 0, 30)}}
	reg := sources.NewRegistry(kind(alice, bob))
	job := Job{
		Query:     query(t, "", week12),
		Inputs:    Inputs{Args: []string{"fake:alice", "-"}, Registry: reg, Stdin: strings.NewReader("fake:bob")},
		Compare:   "previous",
		PerSource: true,
	}
	res, err := Audit(context.Background(), job)
	if err != nil {
		t.Fatal(err)
	}
	// Stdin is read once and given to both ranges.
	if got := log.ranges["fake:bob"]; len(got) != 2 || got[0] != week12 || got[1] != week11 {
		t.Errorf("bob (stdin) was asked for %v, want this week then the previous one", got)
	}
	if res.Report.Total.Events != 2 || res.Previous == nil || res.Previous.Range != week11 {
		t.Errorf("report %d events, previous %+v", res.Report.Total.Events, res.Previous)
	}
	if len(res.Sources) != 2 || res.Sources[1].Name != "fake:bob" {
		t.Errorf("sources %+v", res.Sources)
	}
	if got := res.Checked(); len(got) != 2 {
		t.Errorf("checked %d reports, want one per source", len(got))
	}
	in := res.Input()
	if in.Report != res.Report || len(in.Sources) != 2 {
		t.Error("the encoders' input differs from the result")
	}

	// Redacted: names and titles are pseudonyms, figures unchanged.
	job.Redact, job.Inputs.Stdin = true, strings.NewReader("fake:bob")
	red, err := Audit(context.Background(), job)
	if err != nil {
		t.Fatal(err)
	}
	if red.Sources[0].Name == "fake:alice" || red.Report.Items[0].Event.Title == "Interview" || red.Report.Total != res.Report.Total {
		t.Errorf("not redacted: %q, %q", red.Sources[0].Name, red.Report.Items[0].Event.Title)
	}
}

func TestAuditErrors(t *testing.T) {
	log := &fetchLog{}
	article := &fake{name: "fake:article", events: []audit.Event{{Title: "1:1 Alex", Duration: 30 * time.Minute}}}
	reg := sources.NewRegistry(kind(&fake{name: "fake:a"}, &fake{name: "fake:checked", log: log}, article))
	tests := []struct {
		name    string
		job     Job
		wantErr string
	}{
		{"compare without a range or events", Job{Query: query(t, "", audit.Range{}), Inputs: Inputs{Args: []string{"fake:a"}, Registry: reg}, Compare: "previous"},
			"--compare needs a range to compare"},
		{"a bad compare", Job{Query: query(t, "", week12), Inputs: Inputs{Args: []string{"fake:a"}, Registry: reg}, Compare: "sometime"},
			`--compare "sometime": use previous, a week`},
		{"a bad source", Job{Query: query(t, "", week12), Inputs: Inputs{Args: []string{"fake:b"}, Registry: reg}}, "fake:b: no such fake"},
		{"--check with no targets", Job{Query: query(t, "", week12), Inputs: Inputs{Args: []string{"fake:checked"}, Registry: reg}, Check: true},
			"--check: the config (built-in defaults) sets no targets:, so there is nothing to check"},
		{"a range over undated events", Job{Query: query(t, "", week12), Inputs: Inputs{Args: []string{"fake:a", "fake:article"}, Registry: reg}},
			"fake:article has durations but no dates (a title,duration export), so no range can apply to it"},
		{"compare undated events", Job{Query: query(t, "", audit.Range{}), Inputs: Inputs{Args: []string{"fake:article"}, Registry: reg}, Compare: "previous"},
			"fake:article has durations but no dates"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Audit(context.Background(), tt.job)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || audit.KindOf(err) != audit.KindUsage {
				t.Errorf("error = %v, want a usage error with %q", err, tt.wantErr)
			}
		})
	}
	if n := len(log.ranges["fake:checked"]); n != 0 {
		t.Errorf("fetched %d times: --check without targets must fail before any fetch", n)
	}
	// Without a range, undated events are audited as given.
	res, err := Audit(context.Background(), Job{Query: query(t, "", audit.Range{}), Inputs: Inputs{Args: []string{"fake:article"}, Registry: reg}})
	if err != nil || res.Report.Total.Events != 1 {
		t.Errorf("undated without a range: %v", err)
	}
}
