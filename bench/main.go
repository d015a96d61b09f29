// Command bench measures timeaudit against the targets, side by
// side with the Python route, in one run:
//
//	go run ./bench            # everything (the Python route takes a minute or more)
//	go run ./bench -python=false
//
// It builds timeaudit, writes the calendars (bench/calgen), runs each
// command a few times and keeps the fastest, checks that timeaudit and
// python3-recurring-ical-events find the same occurrences, and prints a
// table with the ratios. It exits 1 when a target is missed.
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/timeaudit/timeaudit/bench/calgen"
	"github.com/timeaudit/timeaudit/sources/google/googletest"
	"google.golang.org/api/calendar/v3"
)

var (
	python = flag.Bool("python", true, "run the Python route (needs Debian's python3-icalendar and python3-recurring-ical-events)")
	runs   = flag.Int("runs", 3, "runs of each timeaudit command; the fastest counts")
	keep   = flag.String("keep", "", "write the generated calendars to this directory and keep them")
)

// end is where the generated calendars end: the five years before it.
var end = time.Date(2026, 3, 23, 0, 0, 0, 0, time.UTC)

type result struct {
	name, value, target string
	ok                  bool
}

var results []result

func record(name, value, target string, ok bool) {
	results = append(results, result{name, value, target, ok})
	mark := "ok"
	if !ok {
		mark = "MISSED"
	}
	fmt.Printf("  %-62s %-22s %-22s %s\n", name, value, target, mark)
}

func main() {
	flag.Parse()
	dir, err := os.MkdirTemp("", "timeaudit-bench-")
	check(err)
	defer os.RemoveAll(dir)
	data := dir
	if *keep != "" {
		data = *keep
		check(os.MkdirAll(data, 0o755))
	}
	bin := filepath.Join(dir, "timeaudit")
	step("building timeaudit")
	run(exec.Command("go", "build", "-o", bin, "./cmd/timeaudit"))
	fmt.Printf("  %s, %s/%s, %d CPUs (GOMAXPROCS %d)\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0))

	step("writing the calendars")
	years := filepath.Join(data, "years.ics")
	check(os.WriteFile(years, []byte(calgen.Years(1, 400, end, 5)), 0o644))
	export := filepath.Join(data, "export.ics")
	check(os.WriteFile(export, []byte(calgen.Export(2, 100000, end, 5)), 0o644))
	fmt.Printf("  %s: %s, 400 recurring series over five years, two zones\n", years, size(years))
	fmt.Printf("  %s: %s, 100,000 events\n", export, size(export))

	fmt.Println()
	fmt.Printf("  %-62s %-22s %-22s\n", "measure", "value", "target")
	rng := []string{"--from", end.AddDate(-5, 0, 0).Format(time.DateOnly), "--to", end.Format(time.DateOnly), "--tz", "UTC"}
	evOut := filepath.Join(dir, "events.csv")
	events := best(bin, evOut, append([]string{"events", years, "-f", "csv"}, rng...)...)
	record("five years: timeaudit events", secs(events.wall), "", true)
	report := best(bin, os.DevNull, append([]string{"report", years, "-f", "json"}, rng...)...)
	record("five years: timeaudit report (all analyses)", secs(report.wall), "", true)
	ratio := report.wall.Seconds() / events.wall.Seconds()
	record("five years: report / events", fmt.Sprintf("%.2fx", ratio), "<= 2x", ratio <= 2)
	ours := occurrences(evOut)
	record("five years: occurrences found by timeaudit", fmt.Sprint(len(ours)), "", true)

	if *python {
		pyOut := filepath.Join(dir, "python.txt")
		start := time.Now()
		cmd := exec.Command("/usr/bin/python3", "bench/python_route.py", years, rng[1], rng[3], pyOut)
		cmd.Stdout = io.Discard
		run(cmd)
		py := time.Since(start)
		record("five years: Python route (icalendar + recurring-ical-events)", secs(py), "", true)
		speed := py.Seconds() / events.wall.Seconds()
		record("five years: timeaudit events, times faster than Python", fmt.Sprintf("%.0fx", speed), ">= 100x", speed >= 100)
		theirs := lines(pyOut)
		same, diff := compare(ours, theirs)
		record("five years: the same occurrences as Python", fmt.Sprintf("%d of %d", same, len(theirs)), "all", diff == "")
		if diff != "" {
			fmt.Println("    " + diff)
		}
	}

	big := best(bin, os.DevNull, "report", export, "--tz", "UTC", "-f", "json")
	record("100k-event export: timeaudit report", secs(big.wall), "< 3 s", big.wall < 3*time.Second)
	record("100k-event export: peak memory", fmt.Sprintf("%d MB", big.rssKB/1024), "< 1024 MB", big.rssKB < 1<<20)

	googleBench(bin)

	fmt.Println()
	missed := 0
	for _, r := range results {
		if !r.ok {
			missed++
		}
	}
	if missed > 0 {
		fmt.Printf("%d target(s) missed\n", missed)
		os.Exit(1)
	}
	fmt.Println("every target met")
}

// googleBench audits 500 calendars for one week from a local fake of the
// Calendar API that answers each request after 50 ms.
func googleBench(bin string) {
	var cals []*googletest.Calendar
	var args []string
	week := time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 500; i++ {
		id := fmt.Sprintf("person%03d@corp.example", i)
		var evs []*calendar.Event
		for d := 0; d < 5; d++ {
			for h := 9; h < 17; h += 2 {
				s := week.AddDate(0, 0, d).Add(time.Duration(h) * time.Hour)
				evs = append(evs, &calendar.Event{Id: fmt.Sprintf("e%d-%d", d, h), Summary: "Team sync",
					Start: &calendar.EventDateTime{DateTime: s.Format(time.RFC3339)}, End: &calendar.EventDateTime{DateTime: s.Add(45 * time.Minute).Format(time.RFC3339)}})
			}
		}
		cals = append(cals, &googletest.Calendar{ID: id, Summary: id, Events: evs})
		args = append(args, "google:"+id)
	}
	api := googletest.NewAPI(cals...)
	defer api.Close()
	api.Latency = 50 * time.Millisecond
	cmd := exec.Command(bin, append([]string{"report", "--week", "2026-W12", "--tz", "UTC", "--per-source", "-f", "json", "--no-cache", "--google-endpoint", api.Endpoint(),
		// The fake has no quota: measure timeaudit, not the default 600 a minute.
		"--google-rate", "100000"}, args...)...)
	cmd.Env = append(os.Environ(), "GOOGLE_OAUTH_ACCESS_TOKEN=bench", "XDG_CACHE_HOME="+os.TempDir()+"/timeaudit-bench-cache")
	cmd.Stdout = io.Discard
	start := time.Now()
	run(cmd)
	wall := time.Since(start)
	record("Google: 500 calendars, 50 ms a request", secs(wall), "< 30 s", wall < 30*time.Second)
	record("Google: requests (one page a calendar)", fmt.Sprint(api.Total()), "500", api.Total() == 500)
	record("Google: most requests at once", fmt.Sprint(api.Peak()), "<= 8 (--concurrency)", api.Peak() <= 8)
}

type measure struct {
	wall  time.Duration
	rssKB int64
}

// best runs timeaudit *runs times and keeps the fastest run (and the
// largest peak memory).
func best(bin, out string, args ...string) measure {
	var m measure
	for i := 0; i < *runs; i++ {
		f, err := os.Create(out)
		check(err)
		cmd := exec.Command(bin, args...)
		cmd.Stdout = f
		var stderr strings.Builder
		cmd.Stderr = &stderr
		start := time.Now()
		err = cmd.Run()
		wall := time.Since(start)
		f.Close()
		if err != nil {
			fail(fmt.Sprintf("timeaudit %s: %v\n%s", strings.Join(args, " "), err, stderr.String()))
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			m.rssKB = max(m.rssKB, ru.Maxrss)
		}
		if m.wall == 0 || wall < m.wall {
			m.wall = wall
		}
	}
	return m
}

// occurrences reads the events CSV as "<UTC start> <title>" lines, sorted.
func occurrences(path string) []string {
	f, err := os.Open(path)
	check(err)
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	rows, err := r.ReadAll()
	check(err)
	var out []string
	for _, row := range rows[1:] {
		t, err := time.Parse(time.RFC3339, row[0])
		check(err)
		out = append(out, t.UTC().Format("2006-01-02T15:04:05Z")+" "+row[3])
	}
	sort.Strings(out)
	return out
}

func lines(path string) []string {
	data, err := os.ReadFile(path)
	check(err)
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}

// compare counts the lines both lists have and describes the first difference.
func compare(a, b []string) (int, string) {
	same, i, j := 0, 0, 0
	var first string
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			same++
			i++
			j++
		case a[i] < b[j]:
			if first == "" {
				first = "only timeaudit: " + a[i]
			}
			i++
		default:
			if first == "" {
				first = "only Python: " + b[j]
			}
			j++
		}
	}
	if first == "" && (i < len(a) || j < len(b)) {
		first = fmt.Sprintf("%d and %d left over", len(a)-i, len(b)-j)
	}
	return same, first
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func size(path string) string {
	fi, err := os.Stat(path)
	check(err)
	return fmt.Sprintf("%.1f MB", float64(fi.Size())/1e6)
}

func step(s string) { fmt.Println("== " + s) }

func run(cmd *exec.Cmd) {
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		fail(fmt.Sprintf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, stderr.String()))
	}
}

func check(err error) {
	if err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "bench: "+msg)
	os.Exit(2)
}
