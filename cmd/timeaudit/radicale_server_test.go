package main

import (
	"encoding/csv"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
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
