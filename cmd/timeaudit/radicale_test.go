package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// radicale is a real CalDAV server (Debian's radicale) on a free loopback
// port, with a temporary storage folder and one htpasswd user, me:s3cret.
type radicale struct {
	url string
}

func startRadicale(t *testing.T) *radicale {
	t.Helper()
	bin, err := exec.LookPath("radicale")
	if err != nil {
		t.Skip("radicale is not installed (.ci/run installs the Debian package)")
	}
	dir := t.TempDir()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	os.WriteFile(filepath.Join(dir, "users"), []byte("me:s3cret\n"), 0o600)
	conf := fmt.Sprintf("[server]\nhosts = %s\n[auth]\ntype = htpasswd\nhtpasswd_filename = %s\nhtpasswd_encryption = plain\n[storage]\nfilesystem_folder = %s\n[logging]\nlevel = warning\n",
		addr, filepath.Join(dir, "users"), filepath.Join(dir, "collections"))
	os.WriteFile(filepath.Join(dir, "config"), []byte(conf), 0o600)
	cmd := exec.Command(bin, "--config", filepath.Join(dir, "config"))
	logf, _ := os.Create(filepath.Join(dir, "log"))
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		logf.Close()
	})
	for deadline := time.Now().Add(15 * time.Second); ; {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "log"))
			t.Fatalf("radicale did not start on %s: %s", addr, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return &radicale{url: "http://" + addr}
}

func (r *radicale) do(method, path, contentType string, body []byte) (int, error) {
	req, err := http.NewRequest(method, r.url+path, strings.NewReader(string(body)))
	if err != nil {
		return 0, err
	}
	req.SetBasicAuth("me", "s3cret")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// seed makes a calendar of an iCalendar file: one resource per UID (a
// series with its overrides), each with every VTIMEZONE of the file and
// the calendar's own properties, as RFC 4791 wants. It reports whether
// Radicale took every resource.
func (r *radicale) seed(t *testing.T, name string, data []byte) (bool, string) {
	t.Helper()
	path := "/me/" + name + "/"
	if code, err := r.do("MKCALENDAR", path, "", nil); err != nil || code != http.StatusCreated {
		t.Fatalf("MKCALENDAR %s: %d %v", path, code, err)
	}
	header, zones, byUID, order := splitByUID(string(data))
	for i, uid := range order {
		body := "BEGIN:VCALENDAR\r\n" + header + zones + strings.Join(byUID[uid], "") + "END:VCALENDAR\r\n"
		code, err := r.do("PUT", fmt.Sprintf("%s%d.ics", path, i), "text/calendar; charset=utf-8", []byte(body))
		if err != nil {
			t.Fatal(err)
		}
		if code != http.StatusCreated && code != http.StatusNoContent && code != http.StatusOK {
			return false, fmt.Sprintf("PUT of UID %q: HTTP %d", uid, code)
		}
	}
	return len(order) > 0, ""
}

// splitByUID cuts an iCalendar text into the calendar's own properties, its
// time zones, and its events grouped by UID (in order of first sight),
// line by line: BEGIN and END lines are never folded.
func splitByUID(text string) (header, zones string, byUID map[string][]string, order []string) {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(text, "\n")
	byUID = map[string][]string{}
	var cur []string
	depth := 0
	kind := ""
	for _, l := range lines {
		if l == "" {
			continue
		}
		switch {
		case strings.EqualFold(l, "BEGIN:VCALENDAR") || strings.EqualFold(l, "END:VCALENDAR"):
			continue
		case depth == 0 && strings.HasPrefix(strings.ToUpper(l), "BEGIN:"):
			kind = strings.ToUpper(strings.TrimPrefix(strings.ToUpper(l), "BEGIN:"))
			depth, cur = 1, []string{l}
			continue
		}
		if depth == 0 {
			header += l + "\r\n"
			continue
		}
		cur = append(cur, l)
		if strings.HasPrefix(strings.ToUpper(l), "BEGIN:") {
			depth++
		} else if strings.HasPrefix(strings.ToUpper(l), "END:") {
			depth--
		}
		if depth > 0 {
			continue
		}
		block := strings.Join(cur, "\r\n") + "\r\n"
		switch kind {
		case "VTIMEZONE":
			zones += block
		case "VEVENT":
			uid := ""
			for i, c := range cur {
				if strings.HasPrefix(strings.ToUpper(c), "UID:") {
					uid = c[4:]
					for _, more := range cur[i+1:] {
						if !strings.HasPrefix(more, " ") && !strings.HasPrefix(more, "\t") {
							break
						}
						uid += more[1:]
					}
				}
			}
			if _, ok := byUID[uid]; !ok {
				order = append(order, uid)
			}
			byUID[uid] = append(byUID[uid], block)
		}
	}
	return header, zones, byUID, order
}

// occurrences is timeaudit events -f csv without the columns that name
// where an event was read (source, calendar), sorted.
func occurrences(t *testing.T, te testEnv, args ...string) ([]string, string) {
	t.Helper()
	out, errOut, code := runCLI(t, te, append([]string{"events", "-f", "csv", "--all"}, args...)...)
	if code != 0 {
		return nil, errOut
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, r := range recs[1:] {
		r = append(append([]string{}, r[:6]...), r[8:]...) // without calendar and source
		rows = append(rows, strings.Join(r, "\x1f"))
	}
	sort.Strings(rows)
	return rows, errOut
}

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
