package app

import (
	"strings"
	"testing"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/render"
)

func TestCompareRange(t *testing.T) {
	twoWeeks := audit.Range{From: day(9, 0, 0), To: day(23, 0, 0)}
	tests := []struct {
		spec    string
		cur     audit.Range
		want    audit.Range
		wantErr string
	}{
		{spec: "previous", cur: week12, want: week11},
		{spec: "prev", cur: twoWeeks, want: audit.Range{From: day(9, 0, 0).AddDate(0, 0, -14), To: day(9, 0, 0)}},
		{spec: "2026-W11", cur: week12, want: week11},
		{spec: "last", cur: week12, want: week11},
		{spec: "-1", cur: week12, want: week11},
		{spec: "-2", cur: week12, want: audit.Range{From: day(2, 0, 0), To: day(9, 0, 0)}},
		{spec: "2026-03-01..2026-03-08", cur: week12, want: audit.Range{From: day(1, 0, 0), To: day(8, 0, 0)}},
		{spec: "2026-03-08..2026-03-01", cur: week12, wantErr: "--compare: "},
		{spec: "2026-13-01..2026-03-08", cur: week12, wantErr: "--compare: "},
		{spec: "soon", cur: week12, wantErr: `--compare "soon": use previous, a week (last, -2, 2026-W10) or FROM..TO dates`},
		{spec: "previous", wantErr: "--compare needs a range to compare"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := CompareRange(tt.spec, tt.cur, utc)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || audit.KindOf(err) != audit.KindUsage {
					t.Fatalf("error = %v, want a usage error with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("= %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	withTargets := func(ok ...bool) *audit.Report {
		a := &audit.Analysis{}
		for i, o := range ok {
			a.Targets = append(a.Targets, audit.TargetResult{Target: audit.Target{Metric: []string{"focus_hours", "meetings_per_week"}[i%2]}, OK: o})
		}
		return &audit.Report{Analysis: a}
	}
	tests := []struct {
		name    string
		reports []render.Named
		wantErr string
	}{
		{"all met", []render.Named{{Report: withTargets(true, true)}}, ""},
		{"one missed", []render.Named{{Report: withTargets(true, false)}}, "1 of 2 targets missed: meetings_per_week"},
		{"per source, named", []render.Named{{Name: "alice.ics", Report: withTargets(false)}, {Name: "bob.ics", Report: withTargets(true, false)}},
			"2 of 3 targets missed: alice.ics: focus_hours, bob.ics: meetings_per_week"},
		{"no analyses (untimed input)", []render.Named{{Report: &audit.Report{}}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.reports)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || err.Error() != tt.wantErr || audit.KindOf(err) != audit.KindCheck {
				t.Errorf("error = %v, want the check error %q", err, tt.wantErr)
			}
		})
	}
}

func TestOutputPath(t *testing.T) {
	tests := []struct {
		path    string
		rng     audit.Range
		want    string
		wantErr string
	}{
		{path: "report.html", want: "report.html"},
		{path: "reports/{week}.html", rng: week12, want: "reports/2026-W12.html"},
		{path: "{from}_{to}.csv", rng: week12, want: "2026-03-16_2026-03-23.csv"},
		{path: "{week}.md", wantErr: "-o {week}.md: the report has no range to name the file by"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			if err := CheckOutputPath(tt.path); err != nil {
				t.Fatal(err)
			}
			got, err := OutputPath(tt.path, tt.rng)
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("= %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	if err := CheckOutputPath("r/{year}.md"); err == nil || err.Error() != "-o r/{year}.md: unknown placeholder {year}: valid ones are {week}, {from}, {to}" {
		t.Errorf("unknown placeholder: %v", err)
	}
}
