package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRulesCommands(t *testing.T) {
	cfgDir := t.TempDir()
	te := testEnv{configDir: cfgDir}
	path := filepath.Join(cfgDir, "timeaudit", "config.yaml")

	_, errOut, code := runCLI(t, te, "rules", "init")
	if code != 0 || !strings.Contains(errOut, "Wrote the built-in rules to "+path) {
		t.Fatalf("rules init: exit %d, %q", code, errOut)
	}
	if _, errOut, code = runCLI(t, te, "rules", "init"); code != 2 || !strings.Contains(errOut, "already exists; pass --force") {
		t.Errorf("rules init over a file: exit %d, %q", code, errOut)
	}
	if _, _, code = runCLI(t, te, "rules", "init", "--force"); code != 0 {
		t.Error("rules init --force failed")
	}
	out, _, _ := runCLI(t, te, "rules", "init", "-")
	if !strings.Contains(out, "categories:") || !strings.HasPrefix(out, "# timeaudit configuration") {
		t.Errorf("rules init - printed %q", out[:min(60, len(out))])
	}

	out, errOut, code = runCLI(t, te, "rules", "check")
	if code != 0 || out != path+`: ok: 9 categories, 12 rules, default "Other"`+"\n" {
		t.Errorf("rules check: exit %d, %q %q", code, out, errOut)
	}

	// The default path is used by report once it exists.
	os.WriteFile(path, []byte("categories:\n  - name: Everything\n    match: {min_duration: 0}\n"), 0o644)
	out, _, _ = runCLI(t, te, "report", sample, "-f", "tsv")
	if !strings.Contains(out, "Everything\tmeeting\t37\t") {
		t.Errorf("report ignored the default config path:\n%s", out)
	}

	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("categories:\n  - name: A\n    match:\n      - titel: x\n      - attendees: lots\ntimezone: Mars/Base\n"), 0o644)
	out, errOut, code = runCLI(t, te, "rules", "check", bad)
	wantErr := "timeaudit: " + bad + `:4:9: categories[0] (A).match[0]: unknown field "titel" (did you mean "title"?)` + "\n" +
		"timeaudit: " + bad + `:5:20: categories[0] (A).match[1].attendees: invalid attendee count "lots": use a number (2), a range ("3-8") or a bound (">=10", "<5")` + "\n"
	if code != 2 || out != "" || errOut != wantErr {
		t.Errorf("rules check bad.yaml: exit %d, stdout %q, stderr:\n%s\nwant:\n%s", code, out, errOut, wantErr)
	}
	tz := filepath.Join(t.TempDir(), "tz.yaml")
	os.WriteFile(tz, []byte("timezone: Mars/Base\n"), 0o644)
	if _, errOut, code = runCLI(t, te, "rules", "check", tz); code != 2 || !strings.Contains(errOut, tz+`:1: timezone: unknown time zone "Mars/Base"`) {
		t.Errorf("rules check tz.yaml: exit %d, %q", code, errOut)
	}
	// report fails on a bad config with its first problem and a count.
	_, errOut, code = runCLI(t, te, "report", sample, "--config", bad)
	if code != 2 || !strings.Contains(errOut, "(and 1 more problems: run timeaudit rules check)") {
		t.Errorf("report with a bad config: exit %d, %q", code, errOut)
	}
}

// A rule on descriptions sees them (sources drop descriptions only when no
// rule reads them): the ICS event is filed by its description, the line of
// the next event is still right.
func TestRulesOnDescriptions(t *testing.T) {
	dir := t.TempDir()
	cal := filepath.Join(dir, "cal.ics")
	cfg := filepath.Join(dir, "rules.yaml")
	ics := "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Chat\r\nDESCRIPTION:Scheduled by\r\n  Greenhouse\r\n" +
		"DTSTART:20260316T090000Z\r\nDTEND:20260316T100000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Chat 2\r\n" +
		"DTSTART:20260316T110000Z\r\nDTEND:20260316T120000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	rules := "categories:\n  - name: Hiring\n    match:\n      - description: [greenhouse]\n"
	for path, text := range map[string]string{cal: ics, cfg: rules} {
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	out, errOut, code := runCLI(t, testEnv{}, "events", cal, "--config", cfg, "--week", "2026-W12", "--tz", "UTC", "-f", "csv", "-q")
	if code != 0 {
		t.Fatal(errOut)
	}
	for _, want := range []string{",Chat,Hiring,Hiring#1,", "cal.ics:2,", ",Chat 2,Other,", "cal.ics:10,"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}
