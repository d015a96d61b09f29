package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// 7. Escape sequences in titles (OSC 52 writes the clipboard, OSC 8 hides a
// link, OSC 0 retitles the window, ESC[2J clears the screen) and in file
// names never reach the terminal raw, in any command or format.
func TestNoRawControlCharacters(t *testing.T) {
	dir := t.TempDir()
	titles := []string{"\x1b]52;c;cm0gLXJmIH4=\x07Standup", "\x1b]8;;https://evil.example\x1b\\Retro\x1b]8;;\x1b\\", "\x1b]0;pwned\x07Planning", "\x1b[2JBudget", "Right\u202eto left", "bell\x07\u009b31m"}
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n")
	for i, title := range titles {
		b.WriteString("BEGIN:VEVENT\r\nUID:u" + string(rune('a'+i)) + "\r\nDTSTART:2026031" + string(rune('6'+i%4)) + "T090000Z\r\nDTEND:2026031" + string(rune('6'+i%4)) + "T100000Z\r\nSUMMARY:" + title + "\r\nLOCATION:room\x1b[5m\r\nEND:VEVENT\r\n")
	}
	b.WriteString("END:VCALENDAR\r\n")
	file := filepath.Join(dir, "cal\x1b[2J.ics")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(dir, "broken\x1b]0;x\x07.ics")
	os.WriteFile(broken, []byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:\x1b]52;c;eA==\x07\r\nEND:VCALENDAR\r\n"), 0o644)
	for _, args := range [][]string{
		{"events", file, "--week", "2026-W12"},
		{"events", file, "--week", "2026-W12", "-f", "tsv"},
		{"events", file, "--week", "2026-W12", "-f", "csv"},
		{"events", file, "--week", "2026-W12", "-f", "md"},
		{"report", file, "--week", "2026-W12"},
		{"report", file, "--week", "2026-W12", "-f", "md"},
		{"rules", "explain", file, "--week", "2026-W12"},
		{"report", broken},
		{"report", filepath.Join(dir, "missing\x1b[2J.ics")},
	} {
		for _, tty := range []bool{false, true} {
			out, errOut, _ := runCLI(t, testEnv{tty: tty, width: 120, env: map[string]string{"NO_COLOR": "1"}}, args...)
			for name, s := range map[string]string{"stdout": out, "stderr": errOut} {
				if i := strings.IndexFunc(s, func(r rune) bool { return r == 0x1b || r == 0x07 || r == 0x9b || r == 0x202e }); i >= 0 {
					t.Errorf("%v (tty %v): raw control character in %s at %d: %q", args[:2], tty, name, i, s[max(0, i-20):min(len(s), i+20)])
				}
			}
			if args[0] == "events" && !tty && !slices.Contains(args, "md") && !strings.Contains(out, `\x1b]52;c;cm0gLXJmIH4=\aStandup`) {
				t.Errorf("%v: the title is not shown escaped:\n%s", args, out)
			}
		}
	}
}

// 13. An error is one line, and a value from the input in it is short: a
// file with CR-only line endings is one long line, not an 11 MB message.
func TestErrorsStayShort(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "cr.ics")
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\rVERSION:2.0\r")
	for b.Len() < 1<<20 {
		b.WriteString("BEGIN:VEVENT\rUID:x\rDTSTART:20260316T090000Z\rSUMMARY:a long calendar\rEND:VEVENT\r")
	}
	b.WriteString("END:VCALENDAR\r")
	os.WriteFile(file, []byte(b.String()), 0o644)
	_, errOut, code := runCLI(t, testEnv{}, "report", file, "--week", "2026-W12")
	if code == 0 && errOut == "" {
		return // read leniently: nothing to print
	}
	if strings.Count(errOut, "\n") > 8 || len(errOut) > 8000 {
		t.Errorf("stderr is %d bytes, %d lines: %.300q", len(errOut), strings.Count(errOut, "\n"), errOut)
	}
}

// FuzzPipeline runs the whole command, `report - --week ...`, on arbitrary
// ICS bytes: whatever the file, no panic, an error is one short line of
// printable text, and the report is JSON.
func FuzzPipeline(f *testing.F) {
	ents, _ := os.ReadDir("../../testdata/corpus/ics")
	for i, e := range ents {
		if i >= 20 {
			break
		}
		if b, err := os.ReadFile(filepath.Join("../../testdata/corpus/ics", e.Name())); err == nil && len(b) < 64<<10 {
			f.Add(b)
		}
	}
	f.Add([]byte(vcal("BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Nowhere:20260316T090000\nDURATION:P99999999W\nRRULE:FREQ=SECONDLY;COUNT=2147483647\nSUMMARY:\x1b]52;c;eA==\x07\nEND:VEVENT")))
	f.Add([]byte("BEGIN:VCALENDAR\rBEGIN:VEVENT\rUID:x\rDTSTART:20260316T090000Z\rEND:VEVENT\rEND:VCALENDAR\r"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, errOut, code := runCLI(t, testEnv{stdin: string(data)}, "report", "-", "--source-kind", "ics", "--week", "2026-W12", "-f", "json")
		if strings.Contains(errOut, "internal error") {
			t.Fatalf("panic: %s", errOut)
		}
		for _, line := range strings.Split(strings.TrimSuffix(errOut, "\n"), "\n") {
			if len(line) > 4*maxErrorLine || strings.ContainsFunc(line, func(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }) {
				t.Fatalf("stderr line of %d bytes, or with control characters: %.200q", len(line), line)
			}
		}
		if code == 0 && !json.Valid([]byte(out)) {
			t.Fatalf("not JSON: %.200q", out)
		}
		if code != 0 && out != "" {
			t.Fatalf("exit %d with output on stdout", code)
		}
	})
}
