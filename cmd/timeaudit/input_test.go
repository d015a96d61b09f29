package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("title,start,end\nA,2026-03-16 09:00,2026-03-16 10:00\nB,2026-03-16 09:00,2026-02-30 10:00\n"), 0o600)
	out, errOut, code := runCLI(t, testEnv{}, "report", bad)
	if code != 2 || out != "" {
		t.Errorf("exit %d, stdout %q; want 2 and nothing", code, out)
	}
	want := "timeaudit: " + bad + `:3: column "end": invalid date "2026-02-30": February 2026 has no day 30` + "\n"
	if errOut != want {
		t.Errorf("stderr = %q\nwant     %q", errOut, want)
	}
	// With --skip-invalid the row is counted and listed.
	out, errOut, code = runCLI(t, testEnv{}, "report", bad, "--skip-invalid", "-f", "table")
	if code != 0 {
		t.Fatal(errOut)
	}
	flat := strings.Join(strings.Fields(out), " ") // as read, not as wrapped
	for _, s := range []string{"Left out: 1 invalid.", bad + `:3: column "end": invalid date "2026-02-30"`} {
		if !strings.Contains(flat, s) {
			t.Errorf("report does not contain %q:\n%s", s, out)
		}
	}
	out, _, _ = runCLI(t, testEnv{}, "report", bad, "--skip-invalid", "-f", "json")
	if !strings.Contains(out, `"invalid": 1`) || !strings.Contains(out, `"line": 3`) {
		t.Errorf("JSON does not count and list the invalid row:\n%s", out)
	}
}

func TestStdin(t *testing.T) {
	content, _ := os.ReadFile(article)
	out, errOut, code := runCLI(t, testEnv{stdin: string(content)}, "report", "-", "-f", "csv")
	if code != 0 {
		t.Fatal(errOut)
	}
	if !strings.HasPrefix(out, "category,kind,events,minutes,hours,share\nOther,meeting,3,210,3.5,0.3043\n") {
		t.Errorf("report from stdin:\n%s", out)
	}
	// Headers timeaudit does not know, mapped on the command line.
	german := "Betreff;Beginn;Ende\n1:1 Alex;2026-03-16 09:00;2026-03-16 09:30\n"
	out, errOut, code = runCLI(t, testEnv{stdin: german}, "report", "-", "--csv-columns", "title=Betreff,start=Beginn,end=Ende", "-f", "tsv")
	if code != 0 || !strings.Contains(out, "1-on-1s\tmeeting\t1\t30\t") {
		t.Errorf("mapped stdin: exit %d, %q, %q", code, out, errOut)
	}
	_, errOut, code = runCLI(t, testEnv{stdin: german}, "report", "-")
	if code != 2 || !strings.Contains(errOut, "<stdin>: cannot tell what kind of calendar this is") {
		t.Errorf("unmapped stdin: exit %d, %q", code, errOut)
	}
	_, errOut, code = runCLI(t, testEnv{stdin: string(content)}, "report", "-", "-")
	if code != 2 || !strings.Contains(errOut, "named twice") {
		t.Errorf("stdin twice: exit %d, %q", code, errOut)
	}
}

func TestICSInputs(t *testing.T) {
	content, err := os.ReadFile(sampleICS)
	if err != nil {
		t.Fatal(err)
	}
	want, _, _ := runCLI(t, testEnv{}, "report", sampleICS, "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example")

	// stdin, recognised by its content
	out, errOut, code := runCLI(t, testEnv{stdin: string(content)}, "report", "-", "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example")
	if code != 0 || out != want {
		t.Errorf("stdin: exit %d, %q\n%s", code, errOut, out)
	}

	// a feed: the report is the same, and the secret never shows
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/calendar/ical/private-s3cr3t/basic.ics" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/calendar")
		w.Write(content)
	}))
	defer srv.Close()
	url := srv.URL + "/calendar/ical/private-s3cr3t/basic.ics"
	out, errOut, code = runCLI(t, testEnv{}, "report", url, "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example")
	if code != 0 || out != want {
		t.Errorf("feed: exit %d, %q\n%s", code, errOut, out)
	}
	out, _, _ = runCLI(t, testEnv{}, "events", url, "--tz", "Europe/Berlin", "--week", "2026-W12", "-f", "json")
	if strings.Contains(out, "s3cr3t") || !strings.Contains(out, "/…/basic.ics:") {
		t.Errorf("the feed's secret shows in the events, or its name does not: %.300s", out)
	}
	_, errOut, code = runCLI(t, testEnv{}, "report", srv.URL+"/gone/s3cr3t.ics", "--week", "2026-W12")
	if code != 1 || strings.Contains(errOut, "s3cr3t") || !strings.Contains(errOut, "HTTP 404 Not Found") {
		t.Errorf("missing feed: exit %d, %q", code, errOut)
	}

	// a vdir: one file per event
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "one.ics"), content, 0o644)
	out, _, code = runCLI(t, testEnv{}, "report", dir, "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example")
	if code != 0 || out != want {
		t.Errorf("directory: exit %d\n%s", code, out)
	}

	// bad ICS input: exit 2, one line naming file, line and property
	bad := filepath.Join(t.TempDir(), "bad.ics")
	os.WriteFile(bad, []byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;TZID=Europe/Berlin:20260230T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"), 0o644)
	out, errOut, code = runCLI(t, testEnv{}, "report", bad, "--week", "2026-W12")
	if code != 2 || out != "" || errOut != "timeaudit: "+bad+`:4: DTSTART: invalid date "20260230T090000": February 2026 has no day 30`+"\n" {
		t.Errorf("bad ICS: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	out, _, code = runCLI(t, testEnv{}, "report", bad, "--week", "2026-W12", "--skip-invalid", "-f", "json")
	if code != 0 || !strings.Contains(out, `"invalid": 1`) {
		t.Errorf("bad ICS with --skip-invalid: exit %d\n%s", code, out)
	}
}
