package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var dtstartDay = regexp.MustCompile(`(?m)^DTSTART[^:\r\n]*:(\d{8})`)

// A real CalDAV server gives the same occurrences as the files it was
// seeded with, for several ranges, including one years after a series
// started.
func TestRadicaleEqualsFiles(t *testing.T) {
	r := startRadicale(t)
	te := testEnv{env: map[string]string{"TIMEAUDIT_CALDAV_PASSWORD": "s3cret"}}
	type input struct {
		name, file string
		ranges     [][]string
	}
	inputs := []input{{"sample", sampleICS, [][]string{
		{"--week", "2026-W12"}, {"--from", "2026-03-01", "--to", "2026-04-01"}, {"--from", "2029-01-01", "--to", "2029-02-01"},
	}}}
	corpus, _ := filepath.Glob("../../testdata/corpus/ics/*.ics")
	for _, f := range corpus {
		data, _ := os.ReadFile(f)
		// The first event's day (not a time zone's, which say 1601 or 1970).
		text := string(data)
		if i := strings.Index(strings.ToUpper(text), "BEGIN:VEVENT"); i >= 0 {
			text = text[i:]
		}
		m := dtstartDay.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		first, err := time.Parse("20060102", m[1])
		if err != nil || first.Year() < 1971 {
			continue
		}
		d := func(t time.Time) string { return t.Format("2006-01-02") }
		inputs = append(inputs, input{strings.TrimSuffix(filepath.Base(f), ".ics"), f, [][]string{
			{"--from", d(first.AddDate(0, 0, -1)), "--to", d(first.AddDate(0, 2, 0))},
			{"--from", d(first.AddDate(3, 0, 0)), "--to", d(first.AddDate(3, 1, 0))},
		}})
	}
	t.Logf("%d calendars to seed", len(inputs))
	// What Radicale stores differently from the file, so that no reader
	// could give the same answer; each with the reason.
	stored := map[string]string{
		"bloc-jp-damaged-utf8-multiday": "Radicale reads the damaged UTF-8 as Latin-1 and stores that: the titles it serves are not the file's",
	}
	compared, refused := 0, 0
	var refusedNames []string
	for _, in := range inputs {
		data, err := os.ReadFile(in.file)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.ToLower(regexp.MustCompile(`[^a-zA-Z0-9]+`).ReplaceAllString(in.name, "-"))
		if why, ok := stored[in.name]; ok {
			t.Logf("%s: not compared: %s", in.name, why)
			continue
		}
		ok, why := r.seed(t, name, data)
		if !ok {
			if in.name == "sample" {
				t.Fatalf("Radicale refused the sample calendar: %s", why)
			}
			refused++
			refusedNames = append(refusedNames, in.name+" ("+why+")")
			continue
		}
		for _, rng := range in.ranges {
			args := append([]string{"--tz", "Europe/Berlin", "--me", "me@corp.example"}, rng...)
			want, errFile := occurrences(t, te, append([]string{in.file}, args...)...)
			if want == nil {
				continue // the file itself is refused over this range (bad input): nothing to compare
			}
			got, errDAV := occurrences(t, te, append([]string{"caldav:" + r.url + "/me/" + name + "/", "--caldav-user", "me"}, args...)...)
			if got == nil {
				t.Errorf("%s %v: caldav failed: %s (the file: %s)", in.name, rng, errDAV, errFile)
				continue
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s %v: %d occurrences over CalDAV, %d from the file:\n%s", in.name, rng, len(got), len(want), diffRows(want, got))
			}
			compared++
		}
	}
	t.Logf("compared %d ranges of %d calendars; Radicale refused %d corpus files: %s", compared, len(inputs)-refused, refused, strings.Join(refusedNames, "; "))
	if compared < 20 {
		t.Errorf("only %d ranges compared", compared)
	}
	// The calendars on the server, as sources.
	out, errOut, code := runCLI(t, te, "caldav", "calendars", "caldav:"+r.url+"/", "--caldav-user", "me", "-f", "tsv")
	if code != 0 || !strings.Contains(out, "caldav:"+r.url+"/me/sample/") {
		t.Errorf("caldav calendars: exit %d: %s%s", code, errOut, out)
	}
}

func diffRows(want, got []string) string {
	w := map[string]bool{}
	for _, x := range want {
		w[x] = true
	}
	g := map[string]bool{}
	for _, x := range got {
		g[x] = true
	}
	var b strings.Builder
	sc := bufio.NewWriter(&b)
	n := 0
	for _, x := range want {
		if !g[x] && n < 5 {
			fmt.Fprintf(sc, "  only in the file:   %s\n", strings.ReplaceAll(x, "\x1f", " | "))
			n++
		}
	}
	for _, x := range got {
		if !w[x] && n < 10 {
			fmt.Fprintf(sc, "  only over CalDAV:   %s\n", strings.ReplaceAll(x, "\x1f", " | "))
			n++
		}
	}
	sc.Flush()
	return b.String()
}
