package main

import (
	"os"
	"strings"
	"testing"
)

func TestFlagParsing(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		code    int
		errLike string
	}{
		{"no source", []string{"report"}, 2, "name at least one calendar to read"},
		{"week and from", []string{"report", sample, "--week", "last", "--from", "2026-03-01", "--to", "2026-03-08"}, 2, "--week and --from cannot be used together"},
		{"from without to", []string{"report", sample, "--from", "2026-03-01"}, 2, "--from needs --to"},
		{"bad week", []string{"report", sample, "--week", "someday"}, 2, `--week: invalid week "someday"`},
		{"bad date", []string{"report", sample, "--from", "03/01/2026", "--to", "2026-03-08"}, 2, `--from: invalid date "03/01/2026": use YYYY-MM-DD`},
		{"backwards range", []string{"report", sample, "--from", "2026-03-08", "--to", "2026-03-01"}, 2, "the range is empty"},
		{"bad zone", []string{"report", sample, "--tz", "Mars/Olympus"}, 2, `--tz: unknown time zone "Mars/Olympus"`},
		{"bad format", []string{"report", sample, "--format", "yaml"}, 2, `--format: invalid format "yaml": valid formats are table, tsv, csv, json, markdown, html`},
		{"bad date order", []string{"report", sample, "--date-order", "ymd"}, 2, `--date-order: invalid date order "ymd"`},
		{"bad columns", []string{"report", sample, "--csv-columns", "titel=Subject"}, 2, `invalid --csv-columns field "titel"`},
		{"bad me", []string{"report", sample, "--me", "alex"}, 2, `--me "alex" is not an e-mail address`},
		{"bad kind", []string{"report", sample, "--source-kind", "xls"}, 2, `unknown source kind "xls": valid kinds are google, m365, caldav, ics, csv`},
		{"forced kind", []string{"report", sample, "--source-kind", "ics"}, 2, "week.csv:1: expected BEGIN:VCALENDAR: this is not an iCalendar file"},
		{"unknown flag", []string{"report", sample, "--colour"}, 2, "unknown flag: --colour (see timeaudit report --help)"},
		{"unknown command", []string{"reprot"}, 2, `unknown command "reprot"`},
		{"missing file", []string{"report", "nope.csv"}, 2, "nope.csv: no such file"},
		{"missing config", []string{"report", sample, "--config", "nope.yaml"}, 2, "nope.yaml: no such file"},
		{"version takes no args", []string{"version", "x"}, 2, "takes no arguments"},
		{"ok", []string{"report", sample}, 0, ""},
		{"ok with a range", []string{"report", sample, "--from", "2026-03-16", "--to", "2026-03-21", "--me", "me@corp.example"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, testEnv{}, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tt.code, errOut)
			}
			if tt.code == 0 {
				return
			}
			if out != "" {
				t.Errorf("stdout is not empty on error: %q", out)
			}
			if !strings.Contains(errOut, tt.errLike) {
				t.Errorf("stderr %q does not contain %q", errOut, tt.errLike)
			}
			if strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "timeaudit: ") {
				t.Errorf("stderr is not one line starting with timeaudit: %q", errOut)
			}
		})
	}
}

func TestWeeksAndCompareUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"report", sample, "--weeks", "2", "--from", "2026-03-01", "--to", "2026-03-08"}, 2, "--weeks and --from cannot be used together"},
		{[]string{"report", sample, "--weeks", "-1"}, 2, "--weeks -1: give a number of weeks, 1 or more"},
		{[]string{"report", sample, "--week", "2026-W12", "--compare", "yesterday"}, 2, `--compare "yesterday": use previous, a week (last, -2, 2026-W10) or FROM..TO dates`},
		{[]string{"report", sample, "--compare", "previous", "--per-source"}, 2, "--compare and --per-source cannot be used together"},
		{[]string{"report", sample, "--week", "2026-W12", "--compare", "2026-03-09..2026-03-02"}, 2, "--compare: "},
	} {
		_, errOut, code := runCLI(t, testEnv{}, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, %s; want %d, %q", tt.args, code, errOut, tt.code, tt.want)
		}
	}
	// --weeks 3 ending with 2026-W12 is W10..W12, with a week-by-week table.
	out, errOut, code := runCLI(t, testEnv{}, "report", sampleICS, "--tz", "Europe/Berlin", "--weeks", "3", "--week", "2026-W12", "-f", "table")
	if code != 0 || !strings.Contains(out, "Mon 2 Mar – Sun 22 Mar 2026") || !strings.Contains(out, "Week by week") || !strings.Contains(out, "2026-W10") {
		t.Errorf("exit %d: %s\n%s", code, errOut, out)
	}
	// --compare reads stdin twice when a source is "-".
	data, _ := os.ReadFile(sampleICS)
	out, errOut, code = runCLI(t, testEnv{stdin: string(data)}, "report", "-", "--tz", "Europe/Berlin", "--week", "2026-W12", "--compare", "previous", "-f", "json")
	if code != 0 || !strings.Contains(out, `"compare": {`) {
		t.Errorf("stdin with --compare: exit %d: %s", code, errOut)
	}
}

func TestHelpDocumentsExitCodes(t *testing.T) {
	out, _, code := runCLI(t, testEnv{}, "--help")
	if code != 0 || !strings.Contains(out, "Exit status:") || !strings.Contains(out, "2    bad usage or bad input") {
		t.Errorf("root help lacks the exit statuses:\n%s", out)
	}
}

func TestVersionAndCompletion(t *testing.T) {
	out, _, code := runCLI(t, testEnv{}, "version")
	if code != 0 || !strings.HasPrefix(out, "timeaudit v0.0.0-test") {
		t.Errorf("version: %q", out)
	}
	out, _, _ = runCLI(t, testEnv{}, "--version")
	if !strings.HasPrefix(out, "timeaudit v0.0.0-test") {
		t.Errorf("--version: %q", out)
	}
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		out, errOut, code := runCLI(t, testEnv{}, "completion", shell)
		if code != 0 || len(out) < 100 {
			t.Errorf("completion %s: exit %d, %d bytes, %q", shell, code, len(out), errOut)
		}
	}
	out, _, _ = runCLI(t, testEnv{}, "__complete", "report", "--format", "")
	if !strings.Contains(out, "markdown\tMarkdown tables") {
		t.Errorf("--format completion: %q", out)
	}
}
