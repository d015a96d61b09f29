package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
)

// TestMain lets the test binary be timeaudit itself, for the tests that
// need a real process (signals).
func TestMain(m *testing.M) {
	if os.Getenv("TIMEAUDIT_TEST_AS_MAIN") == "1" {
		os.Args = append([]string{"timeaudit"}, strings.Fields(os.Getenv("TIMEAUDIT_TEST_ARGS"))...)
		main()
		return
	}
	os.Exit(m.Run())
}

// 9. -o refuses what is not a regular file (a FIFO, a symlink to one, a
// directory), follows a symlink to a regular file (the link stays), and
// never replaces the special file.
func TestOutputRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "to-pipe")
	os.Symlink(fifo, link)
	real := filepath.Join(dir, "report.csv")
	os.WriteFile(real, []byte("old"), 0o640)
	toReal := filepath.Join(dir, "latest.csv")
	os.Symlink("report.csv", toReal)
	for _, tc := range []struct{ out, want string }{
		{fifo, "not a regular file (a named pipe): refusing to replace it"},
		{link, "not a regular file (a named pipe): refusing to replace it"},
		{dir, "is a directory"},
	} {
		_, errOut, code := runCLI(t, testEnv{}, "report", sample, "--week", "2026-W12", "-o", tc.out)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("-o %s: exit %d, %s", tc.out, code, errOut)
		}
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v", fi.Mode())
	}
	if _, errOut, code := runCLI(t, testEnv{}, "report", sample, "--week", "2026-W12", "-o", toReal, "-f", "csv"); code != 0 {
		t.Fatalf("-o a link to a file: exit %d, %s", code, errOut)
	}
	if fi, _ := os.Lstat(toReal); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the symlink was replaced by a file")
	}
	if b, _ := os.ReadFile(real); !strings.HasPrefix(string(b), "category,") {
		t.Errorf("the linked file holds %q", b)
	}
	if fi, _ := os.Stat(real); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want the file's own 0640", fi.Mode().Perm())
	}
}

// 15. Placeholders are expanded, then the path cleaned once: the directory
// made and the file renamed are the same place.
func TestOutputPathCleanedOnce(t *testing.T) {
	dir := t.TempDir()
	_, errOut, code := runCLI(t, testEnv{}, "report", sample, "--week", "2026-W12", "-f", "csv", "-o", filepath.Join(dir, "out", "{week}", "..", "x.csv"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "x.csv")); err != nil {
		t.Error(err)
	}
}

// 14. An interrupt while the report is written leaves the old file and no
// temporary one; leftovers of killed runs are swept, fresh ones kept.
func TestWriteInterrupted(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "week.html")
	os.WriteFile(path, []byte("old report"), 0o644)
	stale := filepath.Join(dir, ".week.html.123.tmp")
	fresh := filepath.Join(dir, ".week.html.456.tmp")
	os.WriteFile(stale, []byte("half"), 0o600)
	os.WriteFile(fresh, []byte("being written"), 0o600)
	old := time.Now().Add(-2 * staleTemp)
	os.Chtimes(stale, old, old)
	ctx, cancel := context.WithCancel(context.Background())
	err := writeAtomic(ctx, path, func(w io.Writer) error {
		io.WriteString(w, "new report, half")
		cancel() // SIGTERM or Ctrl-C arrives while writing
		io.WriteString(w, " and the rest")
		return nil
	})
	if audit.KindOf(err) != audit.KindInterrupted || !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old report" {
		t.Errorf("the old file became %q", b)
	}
	ents, _ := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != ".week.html.456.tmp week.html" {
		t.Errorf("left in the directory: %v (the stale temporary file swept, the fresh one kept, ours removed)", names)
	}
}

// 14. SIGTERM (a service stopping, a cron timeout) ends a run as Ctrl-C
// does: one line, exit 130.
func TestSIGTERM(t *testing.T) {
	started := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case started <- struct{}{}:
		default:
		}
		<-r.Context().Done()
	}))
	defer srv.Close()
	out := filepath.Join(t.TempDir(), "r.html")
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "TIMEAUDIT_TEST_AS_MAIN=1", "TIMEAUDIT_TEST_ARGS=report "+srv.URL+"/cal.ics --week 2026-W12 -o "+out)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-started:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the child never asked for the feed")
	}
	cmd.Process.Signal(syscall.SIGTERM)
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Errorf("exit: %v, want status 130", err)
	}
	if stderr.String() != "timeaudit: interrupted\n" {
		t.Errorf("stderr %q", stderr.String())
	}
	if ents, _ := os.ReadDir(filepath.Dir(out)); len(ents) != 0 {
		t.Errorf("left behind: %v", ents)
	}
}
