package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/sources"
	"golang.org/x/net/html"
)

var icsWeek = []string{sampleICS, "--tz", "Europe/Berlin", "--me", "me@corp.example", "--week", "2026-W12"}

func args(base []string, more ...string) []string {
	return append(append([]string{}, base...), more...)
}

func TestReportGoldens(t *testing.T) {
	for _, tt := range []struct {
		name string
		te   testEnv
		args []string
	}{
		{"ics-report.html", testEnv{}, args([]string{"report"}, args(icsWeek, "-f", "html")...)},
		{"ics-weeks-compare.html", testEnv{}, []string{"report", sampleICS, "--tz", "Europe/Berlin", "--me", "me@corp.example", "--weeks", "4", "--week", "2026-W12", "--compare", "previous", "-f", "html"}},
		{"ics-weeks-compare.md", testEnv{}, []string{"report", sampleICS, "--tz", "Europe/Berlin", "--me", "me@corp.example", "--weeks", "4", "--week", "2026-W12", "--compare", "previous", "-f", "markdown"}},
		{"ics-compare.json", testEnv{}, args([]string{"report"}, args(icsWeek, "--compare", "previous", "-f", "json")...)},
		{"ics-compare.csv", testEnv{}, args([]string{"report"}, args(icsWeek, "--compare", "2026-W10", "-f", "csv")...)},
		// A terminal 80 columns wide, with NO_COLOR: the strips fit, no escapes.
		{"ics-report-80.table", testEnv{tty: true, width: 80, env: map[string]string{"NO_COLOR": "1"}}, args([]string{"report"}, icsWeek...)},
		{"ics-report-redacted.md", testEnv{}, args([]string{"report"}, args(icsWeek, "--redact", "-f", "markdown")...)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, tt.te, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, tt.name, out)
		})
	}
}

func TestTerminalColour(t *testing.T) {
	out, _, _ := runCLI(t, testEnv{tty: true}, args([]string{"report"}, icsWeek...)...)
	if !strings.Contains(out, "\x1b[38;5;") {
		t.Error("no colour in the strips on a terminal")
	}
	for _, te := range []testEnv{{tty: true, env: map[string]string{"NO_COLOR": "1"}}, {tty: false}, {tty: true, env: map[string]string{"TERM": "dumb"}}} {
		out, _, _ := runCLI(t, te, args([]string{"report", "-f", "table"}, icsWeek...)...)
		if strings.Contains(out, "\x1b[") {
			t.Errorf("%+v: colour escapes", te)
		}
	}
	// Lines of the strip fit the terminal.
	for _, width := range []int{60, 80, 120} {
		out, _, _ := runCLI(t, testEnv{tty: true, width: width, env: map[string]string{"NO_COLOR": "1"}}, args([]string{"report"}, icsWeek...)...)
		section := out[strings.Index(out, "Day by day"):strings.Index(out, "Meeting load")]
		for _, l := range strings.Split(section, "\n") {
			if n := len([]rune(l)); n > width {
				t.Errorf("width %d: a strip line of %d columns: %q", width, n, l)
			}
		}
	}
}

// The HTML report stands alone: nothing to fetch, nothing to run.
func TestHTMLSelfContained(t *testing.T) {
	runs := [][]string{
		args([]string{"report"}, args(icsWeek, "-f", "html")...),
		{"report", sampleICS, "--tz", "Europe/Berlin", "--weeks", "5", "--week", "2026-W12", "--compare", "previous", "-f", "html"},
		{"report", sample, "-f", "html", "--by", "day"},
		{"report", sample, sampleICS, "--per-source", "--week", "2026-W12", "-f", "html"},
		{"report", article, "-f", "html"},
	}
	for _, a := range runs {
		out, errOut, code := runCLI(t, testEnv{}, a...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", a, code, errOut)
		}
		doc, err := html.Parse(strings.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(n *html.Node)
		svgs := 0
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				switch n.Data {
				case "script", "link", "img", "iframe", "object", "embed", "audio", "video", "source", "base", "form":
					t.Errorf("%v: <%s> in the HTML report", a, n.Data)
				case "svg":
					svgs++
				}
				for _, at := range n.Attr {
					k := strings.ToLower(at.Key)
					if k == "src" || k == "href" || k == "srcset" || k == "action" || k == "xlink:href" || k == "background" || strings.HasPrefix(k, "on") {
						t.Errorf("%v: <%s %s=%q> in the HTML report", a, n.Data, at.Key, at.Val)
					}
					if strings.Contains(at.Val, "url(") && !regexp.MustCompile(`^url\(#[\w-]+\)$`).MatchString(at.Val) {
						t.Errorf("%v: external url in <%s %s=%q>", a, n.Data, at.Key, at.Val)
					}
				}
			}
			if n.Type == html.ElementNode && n.Data == "style" && n.FirstChild != nil {
				css := n.FirstChild.Data
				if strings.Contains(css, "@import") || strings.Contains(css, "url(") || strings.Contains(css, "@font-face") {
					t.Errorf("%v: the style sheet loads something", a)
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		if strings.Contains(out, "http://") || strings.Contains(out, "https://") {
			// Text may mention addresses, but the sample data has none.
			t.Errorf("%v: an address in the HTML report", a)
		}
		if a[1] == sampleICS && svgs < 3 {
			t.Errorf("%v: %d charts", a, svgs)
		}
	}
}

// Nothing of the calendar survives --redact: no title, no address, no
// name, in any format.
func TestRedact(t *testing.T) {
	ics, _ := os.ReadFile(sampleICS)
	csvData, _ := os.ReadFile(sample)
	var secrets []string
	for _, m := range regexp.MustCompile(`(?m)^SUMMARY:(.*)$`).FindAllStringSubmatch(string(ics), -1) {
		secrets = append(secrets, strings.TrimSpace(m[1]))
	}
	for _, line := range strings.Split(string(csvData), "\n")[1:] {
		if title, _, ok := strings.Cut(line, ","); ok && title != "" {
			secrets = append(secrets, strings.Trim(title, `"`))
		}
	}
	secrets = append(secrets, regexp.MustCompile(`[\w.+-]+@[\w.-]+\.\w+`).FindAllString(string(ics)+string(csvData), -1)...)
	secrets = append(secrets, "Alex", "Priya", "Kim", "calendar.ics", "week.csv", "sample.timeaudit")
	// Titles that are also words of the report itself (a category, a figure).
	words := map[string]bool{"Buffer": true, "Focus time": true}
	views := [][]string{}
	for _, f := range []string{"table", "tsv", "csv", "json", "markdown", "html"} {
		views = append(views, []string{"report", "-f", f})
	}
	for _, f := range []string{"table", "tsv", "csv", "json", "markdown"} {
		views = append(views, []string{"events", "-f", f}, []string{"rules", "explain", "-f", f})
	}
	views = append(views, []string{"report", "--per-source", "-f", "json"}, []string{"report", "--per-source", "-f", "table"},
		[]string{"report", "--compare", "previous", "-f", "json"}, []string{"report", "--by", "day", "-f", "csv"})
	for _, v := range views {
		a := append(v, sampleICS, sample, "--redact", "--week", "2026-W12", "--tz", "Europe/Berlin", "--me", "me@corp.example")
		out, errOut, code := runCLI(t, testEnv{}, a...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", v, code, errOut)
		}
		for _, s := range secrets {
			if len(s) >= 3 && !words[s] && (strings.Contains(out, s) || strings.Contains(errOut, s)) {
				t.Errorf("%v: %q survives redaction", v, s)
			}
		}
	}
	// The figures do not change.
	plain, _, _ := runCLI(t, testEnv{}, args([]string{"report"}, args(icsWeek, "-f", "tsv")...)...)
	red, _, _ := runCLI(t, testEnv{}, args([]string{"report"}, args(icsWeek, "-f", "tsv", "--redact")...)...)
	if plain != red {
		t.Errorf("redaction changed the figures:\n%s\nvs\n%s", plain, red)
	}
	// Pseudonyms are stable within a run: the same title, the same name.
	out, _, _ := runCLI(t, testEnv{}, args([]string{"events", "-f", "csv", "--redact"}, icsWeek...)...)
	standups := strings.Count(out, ",Meeting 1,Ceremonies")
	if standups != 4 {
		t.Errorf("the standup is Meeting 1 on %d days, want 4:\n%s", standups, out)
	}
}

func TestOutputPlaceholders(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runCLI(t, testEnv{}, args([]string{"report"}, args(icsWeek, "-o", filepath.Join(dir, "reports", "{week}.html"))...)...)
	if code != 0 || out != "" {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	data, err := os.ReadFile(filepath.Join(dir, "reports", "2026-W12.html"))
	if err != nil || !bytes.HasPrefix(data, []byte("<!doctype html>")) {
		t.Fatalf("reports/2026-W12.html: %v", err)
	}
	_, _, code = runCLI(t, testEnv{}, "report", sampleICS, "--tz", "Europe/Berlin", "--from", "2026-03-02", "--to", "2026-03-16",
		"-o", filepath.Join(dir, "{from}_{to}.csv"))
	if _, err := os.Stat(filepath.Join(dir, "2026-03-02_2026-03-16.csv")); code != 0 || err != nil {
		t.Errorf("{from}_{to}: exit %d, %v", code, err)
	}
	_, errOut, code = runCLI(t, testEnv{}, args([]string{"report"}, args(icsWeek, "-o", filepath.Join(dir, "{year}.md"))...)...)
	if code != 2 || !strings.Contains(errOut, "unknown placeholder {year}: valid ones are {week}, {from}, {to}") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "{year}.md")); err == nil {
		t.Error("a file was written after bad usage")
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

func TestQuiet(t *testing.T) {
	// An Outlook export with ambiguous dates makes a note.
	csv := "Subject,Start Date,Start Time,End Date,End Time\nSync,3/4/2026,10:00 AM,3/4/2026,11:00 AM\n"
	_, errOut, code := runCLI(t, testEnv{stdin: csv}, "events", "-", "--tz", "UTC")
	if code != 0 || !strings.Contains(errOut, "note:") {
		t.Fatalf("no note to silence: exit %d %q", code, errOut)
	}
	_, errOut, code = runCLI(t, testEnv{stdin: csv}, "events", "-", "--tz", "UTC", "--quiet")
	if code != 0 || errOut != "" {
		t.Errorf("--quiet: exit %d, stderr %q", code, errOut)
	}
}

// A reader of the -o file sees the old report or the new one, whole,
// never a part: the cron job's consumer can read at any moment.
func TestAtomicOutput(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.txt")
	a := bytes.Repeat([]byte("a"), 1<<20)
	b := bytes.Repeat([]byte("b"), 2<<20)
	if err := writeFileAtomic(path, a); err != nil {
		t.Fatal(err)
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	var reads, bad atomic.Int64
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				got, err := os.ReadFile(path)
				if err != nil {
					bad.Add(1)
					continue
				}
				reads.Add(1)
				if !bytes.Equal(got, a) && !bytes.Equal(got, b) {
					bad.Add(1)
				}
			}
		}()
	}
	for i := 0; i < 60; i++ {
		data := a
		if i%2 == 0 {
			data = b
		}
		if err := writeFileAtomic(path, data); err != nil {
			t.Fatal(err)
		}
	}
	stop.Store(true)
	wg.Wait()
	if bad.Load() > 0 {
		t.Errorf("%d of %d reads saw a partial or missing file", bad.Load(), reads.Load()+bad.Load())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

// A panic anywhere, also in a goroutine reading a source, is one line on
// stderr and exit status 1, never a stack trace.
func TestPanicsAreOneLine(t *testing.T) {
	var out, errOut bytes.Buffer
	a := &factory{
		io:        &iostreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut},
		now:       func() time.Time { panic("the clock broke") },
		getenv:    func(string) string { return "" },
		configDir: func() (string, error) { return t.TempDir(), nil },
		cacheDir:  func() (string, error) { return t.TempDir(), nil },
	}
	if code := run(context.Background(), []string{"report", sample, "--week", "this"}, a); code != 1 {
		t.Errorf("exit %d", code)
	}
	if got := errOut.String(); got != "timeaudit: internal error: the clock broke (please report this)\n" {
		t.Errorf("stderr %q", got)
	}
	errOut.Reset()
	a.now = func() time.Time { return time.Date(2026, 3, 25, 10, 0, 0, 0, time.UTC) }
	a.extraKinds = []sources.Kind{{Name: "boom", Claims: func(arg string) bool { return arg == "boom:" },
		Open: func(string, io.Reader, sources.Env) (sources.Source, error) { return panicky{}, nil }}}
	if code := run(context.Background(), []string{"report", "boom:", sample, "--week", "2026-W12"}, a); code != 1 {
		t.Errorf("exit %d", code)
	}
	if got := errOut.String(); got != "timeaudit: boom:: internal error: nil map (please report this)\n" || out.Len() != 0 {
		t.Errorf("stderr %q, stdout %q", got, out.String())
	}
}

type panicky struct{}

func (panicky) Name() string { return "boom:" }
func (panicky) Fetch(context.Context, sources.Request) (*sources.Result, error) {
	panic("nil map")
}
