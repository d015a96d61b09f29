package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
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
	// googleWindow shortens --google-rate's minute.
	googleWindow time.Duration
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
		configDir:    func() (string, error) { return te.configDir, nil },
		cacheDir:     func() (string, error) { return te.cacheDir, nil },
		openBrowser:  te.browser,
		version:      "v0.0.0-test",
		googleWindow: te.googleWindow,
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

func writeConfig(t *testing.T, yml string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var icsWeek = []string{sampleICS, "--tz", "Europe/Berlin", "--me", "me@corp.example", "--week", "2026-W12"}

func args(base []string, more ...string) []string {
	return append(append([]string{}, base...), more...)
}
