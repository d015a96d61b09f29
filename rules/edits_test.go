package rules

import (
	"strconv"
	"strings"
	"testing"

	"github.com/timeaudit/timeaudit/audit"
)

func TestParseEdits(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       string // op:spec@line, joined by "|"
		wantErr    string
	}{
		{"a list", "- move: \"1:1 Ana=Mon 10:00\"\n- drop: Sync\n", "move:1:1 Ana=Mon 10:00@1|drop:Sync@2", ""},
		{"by operation", "add: [\"focus Tue 09:00-11:00\", \"focus Wed 09:00-10:30\"]\ndecline: Town hall\n", "add:focus Tue 09:00-11:00@1|add:focus Wed 09:00-10:30@1|decline:Town hall@2", ""},
		{"empty", "", "", "the edits file is empty"},
		{"unknown op", "- remove: Sync\n", "", `edits.yaml:1:3: unknown key "remove"`},
		{"two ops in one item", "- move: a=Mon 10:00\n  drop: b\n", "", "edit 1: expected one of"},
		{"not a list", "just text\n", "", "expected a list of edits"},
		{"bad yaml", "- move: [\n", "", "edits.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			edits, err := ParseEdits("edits.yaml", []byte(tt.yaml))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range edits {
				got = append(got, e.Op+":"+e.Spec+"@"+strconv.Itoa(e.Line))
			}
			if strings.Join(got, "|") != tt.want {
				t.Errorf("got %s, want %s", strings.Join(got, "|"), tt.want)
			}
		})
	}
}

// An edits file never panics, and a failure is always an input error.
func FuzzParseEdits(f *testing.F) {
	for _, s := range []string{"- move: \"a=Mon 10:00\"\n", "add: [x, y]\n", "- {drop: a}\n- {decline: b}\n", "&a [*a]\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		edits, err := ParseEdits("edits.yaml", data)
		if err != nil {
			if k := audit.KindOf(err); k != audit.KindInput && k != audit.KindUsage {
				t.Fatalf("%q: %v", data, err)
			}
			return
		}
		for _, e := range edits {
			if e.Line < 1 {
				t.Fatalf("%q: an edit without a line: %+v", data, e)
			}
		}
	})
}

// The plan: section: weights over the defaults, max_moves, and movable:
// and fixed: rules that say which rule matched.
func TestPlanSection(t *testing.T) {
	cfg, err := Parse("c.yaml", []byte(`plan:
  max_moves: 3
  weights: {switch: 20, one_on_one_day: 90}
  movable:
    - title: Team sync
  fixed:
    - title: Board
`))
	if err != nil {
		t.Fatal(err)
	}
	w := cfg.Plan.Weights
	if cfg.Plan.MaxMoves != 3 || w.Switch != 20 || w.OneOnOneDay != 90 || w.FocusMinute != 1 || w.Chain != 30 {
		t.Errorf("plan %+v", cfg.Plan)
	}
	movable, fixed := cfg.MoveRules()
	if why, ok := movable(&audit.Event{Title: "Team sync"}); !ok || !strings.Contains(why, `plan.movable#1: title has the phrase "Team sync"`) {
		t.Errorf("movable: %q %v", why, ok)
	}
	if _, ok := fixed(&audit.Event{Title: "Team sync"}); ok {
		t.Error("fixed matched Team sync")
	}
	if _, ok := fixed(&audit.Event{Title: "Board meeting"}); !ok {
		t.Error("fixed did not match Board meeting")
	}
	for _, bad := range []struct{ yaml, want string }{
		{"plan: {max_moves: 0}", "max_moves must be a whole number from 1 to 50"},
		{"plan: {weights: {switch: -1}}", "a weight is a number from 0 to 1000000"},
		{"plan: {weights: {swich: 1}}", `unknown key "swich"`},
		{"plan: {fixed: [{}]}", "an empty alternative would match every event"},
	} {
		if _, err := Parse("c.yaml", []byte(bad.yaml)); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: error %v, want %q", bad.yaml, err, bad.want)
		}
	}
	def := Default()
	if def.Plan.Weights != audit.DefaultWeights {
		t.Errorf("default weights %+v", def.Plan.Weights)
	}
}

// outlook_category: matches Outlook's colour categories, any case.
func TestOutlookCategory(t *testing.T) {
	cfg, err := Parse("c.yaml", []byte("categories:\n  - name: Strategy\n    match: {outlook_category: [Strategy, \"Board prep\"]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	cl := cfg.Classifier()
	if m := cl.Classify(&audit.Event{Title: "Q3", Categories: []string{"Blue", "strategy"}}); m.Category != "Strategy" || m.Why != `Outlook category is "strategy"` {
		t.Errorf("match %+v", m)
	}
	if m := cl.Classify(&audit.Event{Title: "Q3"}); m.Category == "Strategy" {
		t.Errorf("matched without categories: %+v", m)
	}
}
