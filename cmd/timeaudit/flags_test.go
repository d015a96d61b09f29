package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/timeaudit/timeaudit/render"
)

// testFactory is a factory with buffers for streams, for flag tests.
func testFactory(t *testing.T) *factory {
	return &factory{
		io:        &iostreams{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}},
		now:       func() time.Time { return time.Date(2026, 3, 25, 10, 0, 0, 0, time.UTC) },
		getenv:    func(string) string { return "" },
		configDir: func() (string, error) { return t.TempDir(), nil },
		cacheDir:  func() (string, error) { return t.TempDir(), nil },
	}
}

// execute runs one command of the tree as the root would, with the root's
// flag-error and flag-group handling.
func execute(t *testing.T, cmd *cobra.Command, args ...string) error {
	t.Helper()
	root := &cobra.Command{Use: "timeaudit", SilenceErrors: true, SilenceUsage: true,
		PersistentPreRunE: func(c *cobra.Command, _ []string) error { return checkFlagGroups(c) }}
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(cmd)
	root.SetArgs(append([]string{cmd.Name()}, args...))
	root.SetOut(&bytes.Buffer{})
	root.SetErr(&bytes.Buffer{})
	return root.ExecuteContext(context.Background())
}

// The flags land in the options; bad ones fail before the run is called.
func TestReportFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		check   func(*testing.T, *reportOptions)
		wantErr string
	}{
		{name: "defaults", args: []string{"cal.ics"}, check: func(t *testing.T, o *reportOptions) {
			if o.Concurrency != 8 || o.Timeout != time.Minute || o.DateOrder != "auto" || o.format.Name != "table" || len(o.Args) != 1 {
				t.Errorf("defaults: %+v", o)
			}
		}},
		{name: "what to audit", args: []string{"a.ics", "b.csv", "--week", "last", "--tz", "Europe/Berlin", "--me", "a@x.example,b@x.example", "--me", "c@x.example", "--include-declined", "--skip-invalid"},
			check: func(t *testing.T, o *reportOptions) {
				s := o.Selection
				if s.Week != "last" || s.TZ != "Europe/Berlin" || len(s.Me) != 3 || !s.IncludeDeclined || !s.SkipInvalid || len(o.Args) != 2 {
					t.Errorf("selection: %+v", s)
				}
			}},
		{name: "-o picks the format by extension", args: []string{"a.ics", "-o", "r/{week}.html"}, check: func(t *testing.T, o *reportOptions) {
			if o.format.Name != "html" || o.Output != "r/{week}.html" {
				t.Errorf("format %s, output %s", o.format.Name, o.Output)
			}
		}},
		{name: "--format md", args: []string{"a.ics", "-f", "md", "-o", "r.json"}, check: func(t *testing.T, o *reportOptions) {
			if o.format.Name != "markdown" {
				t.Errorf("format %s", o.format.Name)
			}
		}},
		{name: "per source, compare, check", args: []string{"a.ics", "b.ics", "--per-source", "--check", "--weeks", "4"}, check: func(t *testing.T, o *reportOptions) {
			if !o.PerSource || !o.Check || o.Weeks != 4 || o.view() != render.TeamView {
				t.Errorf("%+v", o)
			}
		}},
		{name: "no source", args: nil, wantErr: "name at least one calendar to read"},
		{name: "bad format", args: []string{"a.ics", "-f", "yaml"}, wantErr: `--format: invalid format "yaml": valid formats are table, tsv, csv, json, markdown, html`},
		{name: "bad --by", args: []string{"a.ics", "--by", "month"}, wantErr: `invalid --by "month": use day or week`},
		{name: "bad placeholder", args: []string{"a.ics", "-o", "{year}.md"}, wantErr: "unknown placeholder {year}"},
		{name: "week and from", args: []string{"a.ics", "--week", "last", "--from", "2026-03-01", "--to", "2026-03-08"}, wantErr: "--week and --from cannot be used together"},
		{name: "weeks and to", args: []string{"a.ics", "--weeks", "2", "--from", "2026-03-01", "--to", "2026-03-08"}, wantErr: "--weeks and --from cannot be used together"},
		{name: "from without to", args: []string{"a.ics", "--from", "2026-03-01"}, wantErr: "--from needs --to"},
		{name: "to without from", args: []string{"a.ics", "--to", "2026-03-01"}, wantErr: "--to needs --from"},
		{name: "per source and by", args: []string{"a.ics", "--per-source", "--by", "day"}, wantErr: "--per-source and --by cannot be used together"},
		{name: "compare and by", args: []string{"a.ics", "--compare", "previous", "--by", "week"}, wantErr: "--compare and --by cannot be used together"},
		{name: "an unknown flag", args: []string{"a.ics", "--colour"}, wantErr: "unknown flag: --colour (see timeaudit report --help)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *reportOptions
			f := testFactory(t)
			cmd := newReportCmd(f, func(o *reportOptions) error { got = o; return nil })
			err := execute(t, cmd, tt.args...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || exitCode(err) != exitUsage {
					t.Fatalf("error = %v (exit %d), want usage error %q", err, exitCode(err), tt.wantErr)
				}
				if got != nil {
					t.Error("the run was called despite bad usage")
				}
				return
			}
			if err != nil || got == nil {
				t.Fatalf("error %v, run called %v", err, got != nil)
			}
			tt.check(t, got)
		})
	}
}

func TestListingFlags(t *testing.T) {
	f := testFactory(t)
	var ev *eventsOptions
	if err := execute(t, newEventsCmd(f, func(o *eventsOptions) error { ev = o; return nil }), "a.ics", "--week", "2026-W12"); err != nil || ev.format.Name != "csv" || ev.Week != "2026-W12" {
		t.Errorf("events: %v, %+v", err, ev)
	}
	if err := execute(t, newEventsCmd(f, nil), "a.ics", "-f", "html"); err == nil || err.Error() != "--format: format html cannot show events: valid formats are table, tsv, csv, json, markdown" {
		t.Errorf("events -f html: %v", err)
	}
	var ex *explainOptions
	if err := execute(t, newRulesExplainCmd(f, func(o *explainOptions) error { ex = o; return nil }), "a.csv", "-c", "draft.yaml"); err != nil || ex.Config != "draft.yaml" || ex.format.Name != "tsv" {
		t.Errorf("explain: %v, %+v", err, ex)
	}
	var in *rulesInitOptions
	if err := execute(t, newRulesInitCmd(f, func(o *rulesInitOptions) error { in = o; return nil }), "team.yaml", "--force"); err != nil || in.Path != "team.yaml" || !in.Force {
		t.Errorf("rules init: %v, %+v", err, in)
	}
	if err := execute(t, newRulesInitCmd(f, nil), "a", "b"); err == nil || exitCode(err) != exitUsage {
		t.Errorf("rules init a b: %v", err)
	}
	var ck *rulesCheckOptions
	if err := execute(t, newRulesCheckCmd(f, func(o *rulesCheckOptions) error { ck = o; return nil }), "cfg.yaml"); err != nil || ck.Config != "cfg.yaml" {
		t.Errorf("rules check: %v, %+v", err, ck)
	}
	var lo *googleLoginOptions
	if err := execute(t, newGoogleLoginCmd(f, func(o *googleLoginOptions) error { lo = o; return nil }), "--port", "8085", "--no-browser"); err != nil || lo.Port != 8085 || !lo.NoBrowser || lo.Timeout != 5*time.Minute {
		t.Errorf("google login: %v, %+v", err, lo)
	}
	if err := execute(t, newGoogleLoginCmd(f, nil), "--port", "70000"); err == nil || err.Error() != "--port 70000 is not a port number" {
		t.Errorf("google login --port 70000: %v", err)
	}
	var gc *googleCalendarsOptions
	if err := execute(t, newGoogleCalendarsCmd(f, func(o *googleCalendarsOptions) error { gc = o; return nil }), "-f", "json", "--as", "a@x.example"); err != nil || gc.format.Name != "json" || gc.As != "a@x.example" {
		t.Errorf("google calendars: %v, %+v", err, gc)
	}
}

// whatif and plan: their flags land in the options; bad ones fail before
// anything is read.
func TestWhatifAndPlanFlags(t *testing.T) {
	tests := []struct {
		name    string
		plan    bool
		args    []string
		check   func(*testing.T, *whatifOptions, *planOptions)
		wantErr string
	}{
		{name: "edits in order", args: []string{"a.ics", "--move", "1:1 Ana=Mon 10:00", "--move", "x=Tue 09:00", "--drop", "Sync", "--add", "focus Tue 09:00-11:00"},
			check: func(t *testing.T, o *whatifOptions, _ *planOptions) {
				specs, err := o.specs()
				if err != nil || len(specs) != 4 || specs[0].Spec != "1:1 Ana=Mon 10:00" || specs[2].Op.String() != "drop" || specs[3].Op.String() != "add" {
					t.Errorf("specs %+v, %v", specs, err)
				}
			}},
		{name: "whatif formats are the report's", args: []string{"a.ics", "--drop", "x", "-o", "w.json"}, check: func(t *testing.T, o *whatifOptions, _ *planOptions) {
			if o.format.Name != "json" {
				t.Errorf("format %s", o.format.Name)
			}
		}},
		{name: "no edit", args: []string{"a.ics"}, wantErr: "whatif needs an edit"},
		{name: "whatif has no ics", args: []string{"a.ics", "--drop", "x", "-f", "ics"}, wantErr: "--format"},
		{name: "plan defaults", plan: true, args: []string{"a.ics"}, check: func(t *testing.T, _ *whatifOptions, o *planOptions) {
			if o.MaxMoves != 0 || o.Step != 0 || o.format.Name != "table" {
				t.Errorf("%+v", o)
			}
		}},
		{name: "plan to a calendar file", plan: true, args: []string{"a.ics", "--max-moves", "3", "--step", "30m", "-o", "planned.ics"}, check: func(t *testing.T, _ *whatifOptions, o *planOptions) {
			if o.MaxMoves != 3 || o.Step != 30*time.Minute || o.format.Name != "ics" {
				t.Errorf("%+v", o)
			}
		}},
		{name: "too many moves", plan: true, args: []string{"a.ics", "--max-moves", "99"}, wantErr: "--max-moves must be from 1 to 50"},
		{name: "a bad step", plan: true, args: []string{"a.ics", "--step", "1m"}, wantErr: "--step must be from 5m to 2h"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w *whatifOptions
			var p *planOptions
			called := false
			f := testFactory(t)
			cmd := newWhatifCmd(f, func(o *whatifOptions) error { w, called = o, true; return nil })
			if tt.plan {
				cmd = newPlanCmd(f, func(o *planOptions) error { p, called = o, true; return nil })
			}
			err := execute(t, cmd, tt.args...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || exitCode(err) != exitUsage || called {
					t.Fatalf("error = %v (exit %d, run called %v), want usage error %q", err, exitCode(err), called, tt.wantErr)
				}
				return
			}
			if err != nil || !called {
				t.Fatalf("error %v, run called %v", err, called)
			}
			tt.check(t, w, p)
		})
	}
}
