package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// write puts a file in a temporary directory and returns its path.
func write(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The reproductions of "no silent wrong answers", one by one.
func TestNoSilentWrongAnswers(t *testing.T) {
	t.Run("false friends of the built-in words", func(t *testing.T) {
		csv := write(t, "w.csv", "title,start,end\nLaptop setup with IT,2026-03-16 09:00,2026-03-16 10:00\n"+
			"Crypto payments sync,2026-03-16 11:00,2026-03-16 12:00\nPreview of Q3 plan,2026-03-16 13:00,2026-03-16 14:00\n")
		out, _, _ := runCLI(t, testEnv{}, "report", csv, "-f", "csv")
		if out != "category,kind,events,minutes,hours,share\nOther,meeting,3,180,3,1\n" {
			t.Errorf("got %q", out)
		}
	})
	t.Run("undated input refuses a range", func(t *testing.T) {
		_, errOut, code := runCLI(t, testEnv{}, "report", article, "--week", "1999-W01")
		if code != 2 || !strings.Contains(errOut, "has durations but no dates") {
			t.Errorf("exit %d, %q", code, errOut)
		}
	})
	t.Run("--compare last counts back from the report's week", func(t *testing.T) {
		out, errOut, code := runCLI(t, testEnv{}, "report", sampleICS, "--week", "2026-W11", "--compare", "last", "--tz", "Europe/Berlin", "-f", "json")
		if code != 0 {
			t.Fatal(errOut)
		}
		var r struct {
			Compare struct{ Range struct{ From string } }
		}
		json.Unmarshal([]byte(out), &r)
		if !strings.HasPrefix(r.Compare.Range.From, "2026-03-02") {
			t.Errorf("compared with the week from %q, want 2026-03-02 (2026-W10)", r.Compare.Range.From)
		}
	})
	t.Run("the inferred user's declines are left out", func(t *testing.T) {
		out, errOut, code := runCLI(t, testEnv{}, "report", sampleICS, "--week", "2026-W12", "--tz", "Europe/Berlin", "-f", "json")
		if code != 0 {
			t.Fatal(errOut)
		}
		var r struct {
			Excluded map[string]int
			Policy   struct{ Responses string }
		}
		json.Unmarshal([]byte(out), &r)
		if r.Excluded["declined"] != 1 || r.Policy.Responses != "inferred" || !strings.Contains(errOut, "note: you were taken to be me@corp.example") {
			t.Errorf("declined %d, responses %q, stderr %q", r.Excluded["declined"], r.Policy.Responses, errOut)
		}
	})
	t.Run("markers of no length are not meetings", func(t *testing.T) {
		csv := write(t, "z.csv", "title,start,end\nReminder: expenses,2026-03-16 09:00,2026-03-16 09:00\nSync,2026-03-16 10:00,2026-03-16 11:00\n")
		out, _, _ := runCLI(t, testEnv{}, "report", csv, "-f", "json")
		var r struct {
			Total    struct{ Events int }
			Excluded map[string]int
		}
		json.Unmarshal([]byte(out), &r)
		if r.Total.Events != 1 || r.Excluded["not_time"] != 1 {
			t.Errorf("%d counted, %d not_time", r.Total.Events, r.Excluded["not_time"])
		}
	})
	t.Run("UTF-16 and Windows-1252 read the same under any extension", func(t *testing.T) {
		utf16 := "\xff\xfe" + strings.Join(strings.Split("title,start,end\n1:1 Alex,2026-03-16 09:00,2026-03-16 09:30\n", ""), "\x00") + "\x00"
		for name, content := range map[string]string{"u16.txt": utf16, "w1252.txt": "title,start,end\nK\xe4se 1:1,2026-03-16 09:00,2026-03-16 09:30\n", "u8.txt": "title,start,end\n1:1 A,2026-03-16 09:00,2026-03-16 09:30\n"} {
			out, errOut, code := runCLI(t, testEnv{}, "report", write(t, name, content), "-f", "csv")
			if code != 0 || !strings.Contains(out, "1-on-1s,meeting,1,30") {
				t.Errorf("%s: exit %d, %q, %q", name, code, out, errOut)
			}
		}
	})
	t.Run("notes reach stderr with machine formats", func(t *testing.T) {
		us := write(t, "us.csv", "Subject,Start Date,Start Time,End Date,End Time\nSync,3/2/2026,9:00 AM,3/2/2026,10:00 AM\n")
		for _, f := range []string{"csv", "tsv", "json"} {
			_, errOut, code := runCLI(t, testEnv{}, "report", us, "-f", f)
			if code != 0 || !strings.Contains(errOut, "timeaudit: note: ") || !strings.Contains(errOut, "month") {
				t.Errorf("-f %s: exit %d, stderr %q", f, code, errOut)
			}
		}
		if _, errOut, _ := runCLI(t, testEnv{}, "report", us, "-f", "csv", "-q"); errOut != "" {
			t.Errorf("-q: stderr %q", errOut)
		}
	})
	t.Run("events --all lists what was left out, and why", func(t *testing.T) {
		out, errOut, code := runCLI(t, testEnv{}, "events", sampleICS, "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example", "--all")
		if code != 0 {
			t.Fatal(errOut)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if !strings.HasPrefix(lines[0], "start,end,minutes,title,category,rule,calendar,source,kind,why,attendees,organizer,response,status,location,series,counted,left_out") {
			t.Errorf("header %q", lines[0])
		}
		plain, _, _ := runCLI(t, testEnv{}, "events", sampleICS, "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example")
		counted, left := 0, map[string]int{}
		for _, l := range lines[1:] {
			switch {
			case strings.HasSuffix(l, ",true,"):
				counted++
			default:
				left[l[strings.LastIndex(l, ",")+1:]]++
			}
		}
		if counted != strings.Count(plain, "\n")-1 || left["declined"] != 1 || left["cancelled"] != 1 || left["all_day"] != 1 {
			t.Errorf("%d counted (the plain listing has %d), left out %v", counted, strings.Count(plain, "\n")-1, left)
		}
	})
	t.Run("--check with nothing to check", func(t *testing.T) {
		out, errOut, code := runCLI(t, testEnv{}, "report", sample, "--check")
		if code != 2 || out != "" || !strings.Contains(errOut, "sets no targets:, so there is nothing to check") {
			t.Errorf("exit %d, %q", code, errOut)
		}
	})
}
