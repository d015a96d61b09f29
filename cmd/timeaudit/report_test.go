package main

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

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
	for _, f := range []string{"table", "tsv", "csv", "json", "markdown", "html", "ics"} {
		views = append(views, []string{"plan", "-f", f})
	}
	views = append(views, []string{"whatif", "--move", "One-on-one: Sam=Mon 13:00", "--add", "focus Tue 09:00-10:00", "-f", "json"},
		[]string{"whatif", "--move", "Priya / me (moved)=Mon 14:00", "-f", "table"})
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

// In the HTML timeline, events that overlap in time are drawn in lanes:
// no event's box covers another's, and each context-switch mark is drawn
// once. (The screenshots in .ci/run check the same in a browser.)
func TestHTMLTimelineLanes(t *testing.T) {
	out, errOut, code := runCLI(t, testEnv{}, args([]string{"report"}, args(icsWeek, "-f", "html")...)...)
	if code != 0 {
		t.Fatal(errOut)
	}
	doc, err := html.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	type box struct {
		x, y, w, h float64
		title      string
	}
	attr := func(n *html.Node, k string) string {
		for _, a := range n.Attr {
			if a.Key == k {
				return a.Val
			}
		}
		return ""
	}
	num := func(n *html.Node, k string) float64 {
		v, err := strconv.ParseFloat(attr(n, k), 64)
		if err != nil {
			t.Fatalf("<%s %s=%q>", n.Data, k, attr(n, k))
		}
		return v
	}
	var events []box
	marks := map[string]int{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "rect" && attr(n, "class") == "ev" {
			b := box{x: num(n, "x"), y: num(n, "y"), w: num(n, "width"), h: num(n, "height")}
			if n.FirstChild != nil && n.FirstChild.FirstChild != nil {
				b.title = n.FirstChild.FirstChild.Data
			}
			events = append(events, b)
		}
		if n.Type == html.ElementNode && n.Data == "path" && n.FirstChild != nil && n.FirstChild.FirstChild != nil &&
			strings.Contains(n.FirstChild.FirstChild.Data, "context switch") {
			marks[attr(n, "d")]++
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if len(events) < 15 {
		t.Fatalf("%d events in the timeline", len(events))
	}
	lanes := 0
	for i, a := range events {
		for _, b := range events[i+1:] {
			if math.Min(a.x+a.w, b.x+b.w)-math.Max(a.x, b.x) > 0.01 && math.Min(a.y+a.h, b.y+b.h)-math.Max(a.y, b.y) > 0.01 {
				t.Errorf("%q covers %q", a.title, b.title)
			}
			if a.y != b.y && math.Min(a.x+a.w, b.x+b.w) > math.Max(a.x, b.x) {
				lanes++
			}
		}
	}
	if lanes < 2 { // the sample has two overlaps: Tue 14:00 and Thu 09:15
		t.Errorf("%d events in a second lane, want 2", lanes)
	}
	for d, n := range marks {
		if n > 1 {
			t.Errorf("the switch mark %q drawn %d times", d, n)
		}
	}
	if !strings.Contains(out, "<title>2 context switches at 14:00</title>") {
		t.Error("two switches at one minute are not said as such")
	}
}
