package main

import (
	"bytes"
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// testEnv is a fake outside world for one CLI run.
type testEnv struct {
	stdin     string
	tty       bool
	inTTY     bool // stdin is a terminal (a person could answer)
	errTTY    bool
	width     int
	env       map[string]string
	configDir string
	cacheDir  string
	browser   func(string) error
}

// runCLI runs the whole cobra tree with buffers for streams, a fixed clock
// (Wednesday 2026-03-25 10:00 UTC) and a fake environment.
func runCLI(t *testing.T, te testEnv, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	if te.configDir == "" {
		te.configDir = t.TempDir()
	}
	if te.cacheDir == "" {
		te.cacheDir = t.TempDir()
	}
	a := &factory{
		io:  &iostreams{In: strings.NewReader(te.stdin), Out: &out, ErrOut: &errOut, OutTTY: te.tty, InTTY: te.inTTY, ErrTTY: te.errTTY, Width: te.width},
		now: func() time.Time { return time.Date(2026, 3, 25, 10, 0, 0, 0, time.UTC) },
		getenv: func(k string) string {
			if k == "TZ" {
				if v, ok := te.env[k]; ok {
					return v
				}
				return "UTC"
			}
			return te.env[k]
		},
		configDir:   func() (string, error) { return te.configDir, nil },
		cacheDir:    func() (string, error) { return te.cacheDir, nil },
		openBrowser: te.browser,
		version:     "v0.0.0-test",
	}
	code = run(context.Background(), args, a)
	return out.String(), errOut.String(), code
}

const (
	sample    = "../../testdata/sample/week.csv"
	sampleICS = "../../testdata/sample/calendar.ics"
	article   = "../../testdata/article/calendar_export.csv"
)

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/timeaudit -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run go test ./cmd/timeaudit -update after checking):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"report.table", []string{"report", sample, "--tz", "Europe/Berlin", "--week", "2026-W12", "-f", "table"}},
		{"report.tsv", []string{"report", sample, "--tz", "Europe/Berlin", "--week", "2026-W12"}},
		{"report.csv", []string{"report", sample, "--tz", "Europe/Berlin", "--week", "2026-W12", "-f", "csv"}},
		{"report.json", []string{"report", sample, "--tz", "Europe/Berlin", "--week", "2026-W12", "-f", "json"}},
		{"report.md", []string{"report", sample, "--tz", "Europe/Berlin", "--week", "2026-W12", "-f", "markdown"}},
		{"events.csv", []string{"events", sample, "--tz", "Europe/Berlin", "--week", "2026-W12"}},
		{"events.json", []string{"events", sample, "--tz", "Europe/Berlin", "--week", "2026-W12", "-f", "json"}},
		{"events.table", []string{"events", sample, "--tz", "Europe/Berlin", "--week", "2026-W12", "-f", "table"}},
		{"events.tsv", []string{"events", sample, "--tz", "Europe/Berlin", "--week", "2026-W12", "-f", "tsv"}},
		{"events.md", []string{"events", sample, "--tz", "Europe/Berlin", "--week", "2026-W12", "-f", "markdown"}},
		{"explain.table", []string{"rules", "explain", sample, "--tz", "Europe/Berlin", "-f", "table"}},
		{"explain.csv", []string{"rules", "explain", sample, "--tz", "Europe/Berlin", "-f", "csv"}},
		{"explain.json", []string{"rules", "explain", sample, "--tz", "Europe/Berlin", "-f", "json"}},
		{"explain.md", []string{"rules", "explain", sample, "--tz", "Europe/Berlin", "-f", "markdown"}},
		{"explain.tsv", []string{"rules", "explain", sample, "--tz", "Europe/Berlin", "-f", "tsv"}},
		{"ics-report.table", []string{"report", sampleICS, "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example", "-f", "table"}},
		{"ics-report.json", []string{"report", sampleICS, "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example", "-f", "json"}},
		{"ics-events.csv", []string{"events", sampleICS, "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example"}},
		{"ics-explain.csv", []string{"rules", "explain", sampleICS, "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example", "-f", "csv"}},
		{"article.table", []string{"report", article, "-f", "table"}},
		{"article-rules.table", []string{"report", article, "-f", "table", "--config", "../../testdata/article/rules.yaml"}},
		{"ics-report.md", []string{"report", sampleICS, "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example", "-f", "markdown"}},
		{"ics-by-day.csv", []string{"report", sampleICS, "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example", "--by", "day", "-f", "csv"}},
		{"ics-by-week.table", []string{"report", sampleICS, "--tz", "Europe/Berlin", "--from", "2026-03-02", "--to", "2026-03-30", "--me", "me@corp.example", "--by", "week", "-f", "table"}},
		{"ics-by-week.tsv", []string{"report", sampleICS, "--tz", "Europe/Berlin", "--from", "2026-03-02", "--to", "2026-03-30", "--me", "me@corp.example", "--by", "week"}},
		{"article.json", []string{"report", article, "-f", "json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, testEnv{}, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, tt.name, out)
		})
	}
}

// The article's helper prints each category's total, largest first; its
// own rules over its own format must give exactly those totals.
func TestArticleTotals(t *testing.T) {
	out, errOut, code := runCLI(t, testEnv{}, "report", article, "-f", "tsv", "--config", "../../testdata/article/rules.yaml")
	if code != 0 {
		t.Fatal(errOut)
	}
	// Worked out by hand from calendar_export.csv with the article's rules.
	want := "category\tkind\tevents\tminutes\tshare\n" +
		"Other\tmeeting\t3\t210\t0.3043\n" +
		"Hiring\tmeeting\t4\t180\t0.2609\n" +
		"Ceremonies\tmeeting\t3\t165\t0.2391\n" +
		"1-on-1s\tmeeting\t4\t135\t0.1957\n" +
		"Total\t\t14\t690\t1\n"
	if !strings.HasPrefix(out, want) {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
	js, _, _ := runCLI(t, testEnv{}, "report", article, "-f", "json")
	for _, want := range []string{`"analyses_available": false`, `"meetings": null`, `"focus": null`, `"context_switches": null`, `"days": []`} {
		if !strings.Contains(js, want) {
			t.Errorf("the JSON of untimed input lacks %s: analyses must be unavailable, not zero", want)
		}
	}
	if !strings.Contains(out, "time-of-day analyses are unavailable") {
		t.Error("the report does not say that time-of-day analyses are unavailable")
	}
	// The built-in rules agree on this file.
	def, _, _ := runCLI(t, testEnv{}, "report", article, "-f", "tsv")
	if !strings.HasPrefix(def, want) {
		t.Errorf("built-in rules disagree with the article:\n%s", def)
	}
}

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
		{"bad kind", []string{"report", sample, "--source-kind", "xls"}, 2, `unknown source kind "xls": valid kinds are google, ics, csv`},
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

func TestTerminalAndPipe(t *testing.T) {
	ansi := regexp.MustCompile("\x1b\\[")
	tests := []struct {
		name      string
		te        testEnv
		args      []string
		wantStart string
		wantANSI  bool
	}{
		{"terminal: a table in colour", testEnv{tty: true}, []string{"report", sample}, "\x1b[1mTime audit", true},
		{"terminal with NO_COLOR", testEnv{tty: true, env: map[string]string{"NO_COLOR": "1"}}, []string{"report", sample}, "Time audit ·", false},
		{"dumb terminal", testEnv{tty: true, env: map[string]string{"TERM": "dumb"}}, []string{"report", sample}, "Time audit ·", false},
		{"pipe: tab-separated", testEnv{}, []string{"report", sample}, "category\tkind\tevents\tminutes\tshare\n", false},
		{"pipe: events as CSV", testEnv{}, []string{"events", sample}, "start,end,minutes,title,category,rule,calendar,source,", false},
		{"terminal: events as a table", testEnv{tty: true, env: map[string]string{"NO_COLOR": "1"}}, []string{"events", sample}, "Events ·", false},
		{"an explicit format wins on a terminal", testEnv{tty: true}, []string{"report", sample, "-f", "json"}, "{\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, tt.te, tt.args...)
			if code != 0 {
				t.Fatal(errOut)
			}
			if !strings.HasPrefix(out, tt.wantStart) {
				t.Errorf("output starts %q, want %q", out[:min(len(out), 60)], tt.wantStart)
			}
			if got := ansi.MatchString(out); got != tt.wantANSI {
				t.Errorf("ANSI escapes present = %v, want %v", got, tt.wantANSI)
			}
		})
	}
}

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
	for _, s := range []string{"Left out: 1 invalid.", bad + `:3: column "end": invalid date "2026-02-30"`} {
		if !strings.Contains(out, s) {
			t.Errorf("report does not contain %q:\n%s", s, out)
		}
	}
	out, _, _ = runCLI(t, testEnv{}, "report", bad, "--skip-invalid", "-f", "json")
	if !strings.Contains(out, `"invalid": 1`) || !strings.Contains(out, `"line": 3`) {
		t.Errorf("JSON does not count and list the invalid row:\n%s", out)
	}
}

func TestOutputFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "reports", "week.json")
	_, errOut, code := runCLI(t, testEnv{}, "report", sample, "-o", path)
	if code != 0 {
		t.Fatal(errOut)
	}
	data, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(data, []byte("{\n")) {
		t.Fatalf("the -o file is not JSON (chosen by its extension): %q, %v", data, err)
	}
	// A failing run leaves the previous report as it was, and no temporary files.
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("title,duration\nA,forever\n"), 0o600)
	if _, _, code := runCLI(t, testEnv{}, "report", bad, "-o", path); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(after, data) {
		t.Error("a failed run changed the report file")
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the reports directory holds %d entries, want only the report", len(entries))
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
	out, errOut, code = runCLI(t, testEnv{stdin: german}, "report", "-", "--csv-columns", "title=Betreff,start=Beginn,end=Ende")
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
	if code != 0 || out != path+`: ok: 7 categories, 10 rules, default "Other"`+"\n" {
		t.Errorf("rules check: exit %d, %q %q", code, out, errOut)
	}

	// The default path is used by report once it exists.
	os.WriteFile(path, []byte("categories:\n  - name: Everything\n    match: {min_duration: 0}\n"), 0o644)
	out, _, _ = runCLI(t, te, "report", sample)
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

func TestHelpDocumentsExitCodes(t *testing.T) {
	out, _, code := runCLI(t, testEnv{}, "--help")
	if code != 0 || !strings.Contains(out, "Exit status:") || !strings.Contains(out, "2    bad usage or bad input") {
		t.Errorf("root help lacks the exit statuses:\n%s", out)
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
	os.WriteFile(bad, []byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;TZID=Mars/Base:20260316T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"), 0o644)
	out, errOut, code = runCLI(t, testEnv{}, "report", bad, "--week", "2026-W12")
	if code != 2 || out != "" || errOut != "timeaudit: "+bad+`:4: DTSTART: unknown time zone "Mars/Base" and no VTIMEZONE defines it`+"\n" {
		t.Errorf("bad ICS: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	out, _, code = runCLI(t, testEnv{}, "report", bad, "--week", "2026-W12", "--skip-invalid", "-f", "json")
	if code != 0 || !strings.Contains(out, `"invalid": 1`) {
		t.Errorf("bad ICS with --skip-invalid: exit %d\n%s", code, out)
	}
}

func writeConfig(t *testing.T, yml string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCheck(t *testing.T) {
	args := []string{"report", sampleICS, "--tz", "Europe/Berlin", "--week", "2026-W12", "--me", "me@corp.example", "-f", "json", "--check"}
	missed := writeConfig(t, "targets:\n  focus_hours: \">= 20\"\n  meetings_per_week: \"<= 25\"\n  share: {Hiring: \"20%-30%\"}\n")
	out, errOut, code := runCLI(t, testEnv{}, append(args, "--config", missed)...)
	if code != 3 || errOut != "timeaudit: 2 of 3 targets missed: focus_hours, share.Hiring\n" {
		t.Errorf("missed targets: exit %d, %q", code, errOut)
	}
	if !strings.Contains(out, `"name": "focus_hours"`) || !strings.Contains(out, `"ok": false`) {
		t.Errorf("the report is still written, with the targets: %.200s", out)
	}
	met := writeConfig(t, "targets:\n  meetings_per_week: \"<= 25\"\n")
	if _, errOut, code := runCLI(t, testEnv{}, append(args, "--config", met)...); code != 0 {
		t.Errorf("met targets: exit %d, %q", code, errOut)
	}
	// With --per-source, each source's targets.
	_, errOut, code = runCLI(t, testEnv{}, "report", sampleICS, sample, "--week", "2026-W12", "--tz", "Europe/Berlin", "--per-source", "--check", "-f", "csv", "--config", missed)
	if code != 3 || !strings.Contains(errOut, "../../testdata/sample/calendar.ics: focus_hours") || !strings.Contains(errOut, "targets missed: ") {
		t.Errorf("per-source check: exit %d, %q", code, errOut)
	}
	// Without --check, a missed target is only reported.
	if _, _, code := runCLI(t, testEnv{}, "report", sampleICS, "--week", "2026-W12", "--config", missed); code != 0 {
		t.Errorf("without --check: exit %d", code)
	}
}

func TestByAndPerSource(t *testing.T) {
	out, errOut, code := runCLI(t, testEnv{}, "report", sampleICS, "--week", "2026-W12", "--tz", "Europe/Berlin", "--by", "day", "-f", "csv")
	if code != 0 || !strings.HasPrefix(out, "day,working_minutes,meetings,meeting_minutes,focus_blocks,focus_minutes,") || strings.Count(out, "\n") != 9 {
		t.Errorf("--by day: exit %d, %q\n%s", code, errOut, out)
	}
	if _, errOut, code := runCLI(t, testEnv{}, "report", sample, "--by", "month"); code != 2 || !strings.Contains(errOut, `invalid --by "month": use day or week`) {
		t.Errorf("--by month: exit %d, %q", code, errOut)
	}
	out, _, code = runCLI(t, testEnv{}, "report", sample, sampleICS, "--week", "2026-W12", "--tz", "Europe/Berlin", "--per-source", "-f", "csv")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 4 || !strings.HasPrefix(lines[0], "source,minutes,events,meetings_per_week,") ||
		!strings.HasPrefix(lines[1], "../../testdata/sample/week.csv,") || !strings.HasPrefix(lines[3], "average,") {
		t.Errorf("--per-source csv: exit %d\n%s", code, out)
	}
	out, _, _ = runCLI(t, testEnv{}, "report", sample, sampleICS, "--week", "2026-W12", "--per-source", "-f", "json")
	if !strings.Contains(out, `"sources": [`) || !strings.Contains(out, `"average": {`) || !strings.Contains(out, `"all": {`) {
		t.Errorf("--per-source json: %.300s", out)
	}
	if _, errOut, code := runCLI(t, testEnv{}, "report", sample, "--per-source", "--by", "day"); code != 2 || !strings.Contains(errOut, "cannot be used together") {
		t.Errorf("--per-source --by: exit %d, %q", code, errOut)
	}
}

func TestPolicyFlags(t *testing.T) {
	ics := filepath.Join(t.TempDir(), "p.ics")
	os.WriteFile(ics, []byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260316T090000Z\r\nDTEND:20260316T100000Z\r\nSUMMARY:Sync\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\n"+
		"BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20260317T090000Z\r\nDTEND:20260317T100000Z\r\nSUMMARY:Maybe\r\nATTENDEE;PARTSTAT=TENTATIVE:mailto:me@x.example\r\nEND:VEVENT\r\n"+
		"BEGIN:VEVENT\r\nUID:c\r\nDTSTART:20260318T090000Z\r\nDTEND:20260318T100000Z\r\nSUMMARY:No\r\nATTENDEE;PARTSTAT=DECLINED:mailto:me@x.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"), 0o644)
	base := []string{"report", ics, "--week", "2026-W12", "--tz", "UTC", "--me", "me@x.example", "-f", "json"}
	for _, tt := range []struct {
		flags  []string
		events string
	}{
		{nil, `"events": 1`},
		{[]string{"--include-free"}, `"events": 2`},
		{[]string{"--include-free", "--include-declined"}, `"events": 3`},
		{[]string{"--exclude-tentative"}, `"events": 0`},
	} {
		out, errOut, code := runCLI(t, testEnv{}, append(base, tt.flags...)...)
		total := out[strings.Index(out, `"total"`):]
		if code != 0 || !strings.Contains(total[:80], tt.events) {
			t.Errorf("%v: exit %d %q, total %.80s, want %s", tt.flags, code, errOut, total, tt.events)
		}
	}
}
