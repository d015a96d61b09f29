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
	turns  = flag.Int("turns", 9, "runs of each command compared in turns on the short workloads (W1, W3, the independent calendar); the fastest counts")
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

// calendars are what generate writes, by name.
var calendars = map[string]func() string{
	"years":     func() string { return calgen.Years(1, 400, end, 5) },
	"export":    func() string { return calgen.Export(2, 100000, end, 5) },
	"small":     func() string { return calgen.Small(1000000, time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)) },
	"rows":      func() string { return calgen.Rows(2000000, time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)) },
	"attendees": func() string { return calgen.Attendees(100000, time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)) },
	"overrides": func() string { return calgen.Overrides(100000, time.Date(2000, 1, 3, 9, 0, 0, 0, time.UTC)) },
}

// generate writes a calendar from a child process: Linux counts a child's
// peak memory from its parent's (os/exec starts it sharing the parent's
// memory until exec), so the parent must never hold a large calendar, or
// every measure of timeaudit's memory would include it.
func generate(kind, path string) {
	cmd := exec.Command(os.Args[0], "-write", kind+"="+path)
	run(cmd)
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "-write" {
		kind, path, _ := strings.Cut(os.Args[2], "=")
		check(os.WriteFile(path, []byte(calendars[kind]()), 0o644))
		return
	}
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
	generate("years", years)
	export := filepath.Join(data, "export.ics")
	generate("export", export)
	fmt.Printf("  %s: %s, 400 recurring series over five years, two zones\n", years, size(years))
	fmt.Printf("  %s: %s, 100,000 events\n", export, size(export))

	fmt.Println()
	fmt.Printf("  %-62s %-22s %-22s\n", "measure", "value", "target")
	// First, while this process is small: a child's peak memory counts
	// this process's (see generate).
	scaleBench(bin, dir, data)
	rng := []string{"--from", end.AddDate(-5, 0, 0).Format(time.DateOnly), "--to", end.Format(time.DateOnly), "--tz", "UTC"}
	minimal := filepath.Join(dir, "minimal")
	run(exec.Command("go", "build", "-o", minimal, "./bench/minimal"))

	// W1: five years -> events CSV, against the minimal program, run in turns.
	evOut, minOut := filepath.Join(dir, "events.csv"), filepath.Join(dir, "minimal.csv")
	// The report too, in the same turns: report / events is measured side
	// by side as well.
	w1 := inTurns(*turns,
		command{bin, evOut, append([]string{"events", years, "-f", "csv"}, rng...)},
		command{minimal, minOut, []string{years, rng[1], rng[3]}},
		command{bin, os.DevNull, append([]string{"report", years, "-f", "json"}, rng...)})
	events, floor, report := w1[0], w1[1], w1[2]
	record("W1 five years: timeaudit events", secs(events.wall), "", true)
	record("W1 five years: the minimal program (bench/minimal)", secs(floor.wall), "", true)
	record("W1: the minimal program's CSV is timeaudit's, byte for byte", sameFile(evOut, minOut), "identical", sameFile(evOut, minOut) == "identical")
	ratio := events.wall.Seconds() / floor.wall.Seconds()
	record("W1 events / the minimal program", fmt.Sprintf("%.2fx", ratio), "<= 1.5x", ratio <= 1.5)
	record("W1 five years: timeaudit report (all analyses)", secs(report.wall), "", true)
	ratio = report.wall.Seconds() / events.wall.Seconds()
	record("W1 report / events", fmt.Sprintf("%.2fx", ratio), "<= 1.5x", ratio <= 1.5)
	ours := occurrences(evOut)
	record("W1: occurrences found by timeaudit", fmt.Sprint(len(ours)), "", true)
	// W1's allocations, in process (go test -benchmem), per occurrence.
	allocs := benchAllocs("./cmd/timeaudit", "BenchmarkEventsFiveYears")
	perOcc := allocs / float64(max(len(ours), 1))
	record("W1 events: allocations per occurrence", fmt.Sprintf("%.2f", perOcc), "< 2", perOcc < 2)
	// Prep pairing over five years of 1-on-1s, each with a prep block
	// (7,300 of each): linear, where pairing every block with every
	// meeting took 53 million checks.
	prep := benchStat("./audit", "BenchmarkPrepCheck", "20x", "ns/op")
	record("prep pairing, 7,300 meetings x 7,300 prep blocks", fmt.Sprintf("%.1f ms", prep/1e6), "< 50 ms", prep > 0 && prep < 50e6)

	// W3: one recent week of the same calendar, process start included.
	w3Out, w3Min := filepath.Join(dir, "w3.csv"), filepath.Join(dir, "w3.minimal.csv")
	w3m := inTurns(*turns,
		command{bin, w3Out, []string{"events", years, "-f", "csv", "--week", "2026-W11", "--tz", "UTC"}},
		command{minimal, w3Min, []string{years, "2026-03-09", "2026-03-16"}})
	w3, w3Floor := w3m[0], w3m[1]
	record("W3 one recent week of W1: timeaudit events", secs(w3.wall), "", true)
	record("W3: the minimal program", secs(w3Floor.wall), "", true)
	record("W3: the same CSV, byte for byte", sameFile(w3Out, w3Min), "identical", sameFile(w3Out, w3Min) == "identical")
	ratio = w3.wall.Seconds() / w3Floor.wall.Seconds()
	record("W3 events / the minimal program", fmt.Sprintf("%.2fx", ratio), "<= 2x", ratio <= 2)

	if *python {
		versusPython("W1 five years", years, dir, events.wall, ours, rng)
		independent(bin, minimal, dir, rng)
	}

	// W2: the 100k-event export -> report JSON; the minimal program writes
	// its events CSV (checked against timeaudit's events).
	w2 := inTurns(*runs,
		command{bin, os.DevNull, []string{"report", export, "--tz", "UTC", "-f", "json"}},
		command{minimal, filepath.Join(dir, "export.minimal.csv"), []string{export}})
	x, xFloor := w2[0], w2[1]
	xEvents := filepath.Join(dir, "export.csv")
	best(bin, xEvents, "events", export, "--tz", "UTC", "-f", "csv")
	record("W2 100k-event export: timeaudit report", secs(x.wall), "< 3 s", x.wall < 3*time.Second)
	record("W2: the minimal program (events CSV)", fmt.Sprintf("%s, %d MB", secs(xFloor.wall), xFloor.rssKB/1024), "", true)
	same := sameFile(xEvents, filepath.Join(dir, "export.minimal.csv"))
	record("W2: the minimal program's CSV is timeaudit's events, byte for byte", same, "identical", same == "identical")
	ratio = x.wall.Seconds() / xFloor.wall.Seconds()
	record("W2 report / the minimal program", fmt.Sprintf("%.2fx", ratio), "<= 3x", ratio <= 3)
	record("W2 report: peak memory", fmt.Sprintf("%d MB", x.rssKB/1024), "< 300 MB", x.rssKB < 300<<10)

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

// independent measures a calendar the bench's authors did not shape:
// written by bench/indep_calendar.py with the icalendar library (weekly,
// fortnightly, MO/WE/FR, monthly BYDAY, UNTIL and COUNT, EXDATEs, moved
// instances, two zones, attendees), against the Python route.
func independent(bin, minimal, dir string, rng []string) {
	path := filepath.Join(dir, "independent.ics")
	cmd := exec.Command("/usr/bin/python3", "bench/indep_calendar.py", path)
	run(cmd)
	evOut, minOut := filepath.Join(dir, "independent.csv"), filepath.Join(dir, "independent.minimal.csv")
	m := inTurns(*turns,
		command{bin, evOut, append([]string{"events", path, "-f", "csv"}, rng...)},
		command{minimal, minOut, []string{path, rng[1], rng[3]}})
	ev, floor := m[0], m[1]
	record(fmt.Sprintf("independent generator (%s): timeaudit events", size(path)), secs(ev.wall), "", true)
	same := sameFile(evOut, minOut)
	record("independent generator: the minimal program", fmt.Sprintf("%s (%.2fx), CSV %s", secs(floor.wall), ev.wall.Seconds()/floor.wall.Seconds(), same), "identical", same == "identical")
	versusPython("independent generator", path, dir, ev.wall, occurrences(evOut), rng)
}

// versusPython runs the Python route on a calendar, and records how much
// faster timeaudit's events were and whether both found the same
// occurrences.
func versusPython(what, path, dir string, ours time.Duration, found []string, rng []string) {
	pyOut := filepath.Join(dir, filepath.Base(path)+".python.txt")
	start := time.Now()
	cmd := exec.Command("/usr/bin/python3", "bench/python_route.py", path, rng[1], rng[3], pyOut)
	cmd.Stdout = io.Discard
	run(cmd)
	py := time.Since(start)
	record(what+": Python route (icalendar + recurring-ical-events)", secs(py), "", true)
	speed := py.Seconds() / ours.Seconds()
	record(what+": timeaudit events, times faster than Python", fmt.Sprintf("%.0fx", speed), ">= 100x", speed >= 100)
	theirs := lines(pyOut)
	same, diff := compare(found, theirs)
	record(what+": the same occurrences as Python", fmt.Sprintf("%d of %d", same, len(theirs)), "all", diff == "" && len(found) == len(theirs))
	if diff != "" {
		fmt.Println("    " + diff)
	}
}

// benchAllocs runs one go test benchmark once and reads its allocs/op.
func benchAllocs(pkg, name string) float64 { return benchStat(pkg, name, "1x", "allocs/op") }

// benchStat runs one go test benchmark and reads one of its figures
// (ns/op, allocs/op).
func benchStat(pkg, name, benchtime, unit string) float64 {
	out, err := exec.Command("go", "test", pkg, "-run", "^$", "-bench", "^"+name+"$", "-benchtime", benchtime, "-benchmem").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n%s", name, err, out)
		return -1
	}
	for _, l := range strings.Split(string(out), "\n") {
		f := strings.Fields(l)
		for i := 1; i < len(f); i++ {
			if f[i] == unit {
				var n float64
				fmt.Sscan(f[i-1], &n)
				return n
			}
		}
	}
	return -1
}

// scaleBench holds the hardening issue's bounds: large inputs in linear
// time and bounded memory, and inputs built to be expensive (an invitation
// of 100,000, a series of 100,000 moved instances, a runaway duration, a
// quote that never closes) cheap.
func scaleBench(bin, tmp, data string) {
	year := []string{"--from", "2026-01-05", "--to", "2027-01-04", "--tz", "UTC", "-f", "json"}
	write := func(name, kind string) string {
		p := filepath.Join(data, name)
		generate(kind, p)
		return p
	}
	mb := func(m measure) string { return fmt.Sprintf("%d MB", m.rssKB*1024/1e6) }
	const limitKB = 1_500_000_000 / 1024 // 1.5 GB

	small := write("small.ics", "small")
	m := best(bin, os.DevNull, append([]string{"report", small}, year...)...)
	record(fmt.Sprintf("1e6 small VEVENTs (%s): report", size(small)), secs(m.wall), "< 10 s", m.wall < 10*time.Second)
	record("1e6 small VEVENTs: peak memory", mb(m), "< 1500 MB", m.rssKB < limitKB)
	os.Remove(small)

	rows := write("rows.csv", "rows")
	m = best(bin, os.DevNull, append([]string{"report", rows}, year...)...)
	record(fmt.Sprintf("2e6 CSV rows (%s): report", size(rows)), secs(m.wall), "< 10 s", m.wall < 10*time.Second)
	record("2e6 CSV rows: peak memory", mb(m), "< 1500 MB", m.rssKB < limitKB)
	os.Remove(rows)

	week := []string{"--week", "2026-W12", "--tz", "UTC", "-f", "json"}
	att := write("attendees.ics", "attendees")
	m = best(bin, os.DevNull, append([]string{"report", att}, week...)...)
	record("one invitation of 100,000 attendees: report", secs(m.wall), "< 1 s", m.wall < time.Second)

	over := write("overrides.ics", "overrides")
	m = best(bin, os.DevNull, "report", over, "--from", "2000-01-03", "--to", "2000-03-06", "--tz", "UTC", "-f", "json")
	record("one series with 100,000 moved instances: report", secs(m.wall), "< 1 s", m.wall < time.Second)

	long := filepath.Join(data, "long.ics")
	check(os.WriteFile(long, []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260316T090000Z\r\nDURATION:P99999999W\r\nSUMMARY:Runaway\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART:20260317T090000Z\r\nDTEND:20260317T100000Z\r\nSUMMARY:Real\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"), 0o644))
	m = best(bin, os.DevNull, "report", long, "-f", "json")
	record("DURATION:P99999999W, no range: report", secs(m.wall), "< 1 s", m.wall < time.Second)
	record("DURATION:P99999999W, no range: peak memory", mb(m), "< 100 MB", m.rssKB < 100_000_000/1024)

	big := filepath.Join(data, "quote.csv")
	f, err := os.Create(big)
	check(err)
	bw := bufio.NewWriterSize(f, 1<<20)
	bw.WriteString("title,start,end\n\"")
	chunk := strings.Repeat("a", 1<<20)
	for i := 0; i < 256; i++ {
		bw.WriteString(chunk)
	}
	bw.WriteString("\",2026-03-16 09:00,2026-03-16 10:00\n")
	check(bw.Flush())
	check(f.Close())
	m = refused(bin, "report", big)
	record("a 256 MiB quoted CSV field: refused", secs(m.wall), "< 2 s", m.wall < 2*time.Second)
	record("a 256 MiB quoted CSV field: peak memory", mb(m), "< 400 MB (the file, once)", m.rssKB < 400_000_000/1024)
	os.Remove(big)
}

// refused runs timeaudit once on input it must refuse (exit 2).
func refused(bin string, args ...string) measure {
	cmd := exec.Command(bin, args...)
	start := time.Now()
	err := cmd.Run()
	m := measure{wall: time.Since(start)}
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
		fail(fmt.Sprintf("timeaudit %s: %v, want exit status 2", strings.Join(args, " "), err))
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.rssKB = ru.Maxrss
	}
	return m
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
		r := timed(command{bin, out, args})
		m.wall, m.rssKB = fastest(m.wall, r.wall), max(m.rssKB, r.rssKB)
	}
	return m
}

// timed runs a command once: its wall time and peak memory.
func timed(c command) measure {
	f, err := os.Create(c.out)
	check(err)
	cmd := exec.Command(c.bin, c.args...)
	cmd.Stdout = f
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	err = cmd.Run()
	m := measure{wall: time.Since(start)}
	f.Close()
	if err != nil {
		fail(fmt.Sprintf("%s %s: %v\n%s", filepath.Base(c.bin), strings.Join(c.args, " "), err, stderr.String()))
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.rssKB = ru.Maxrss
	}
	return m
}

// command is a program to time: its binary, where its output goes, its arguments.
type command struct {
	bin, out string
	args     []string
}

// inTurns runs commands one after another, n rounds, and keeps each one's
// fastest run (and largest peak memory): a noisy machine slows them alike.
func inTurns(n int, cmds ...command) []measure {
	ms := make([]measure, len(cmds))
	for range n {
		for i, c := range cmds {
			r := timed(c)
			ms[i].wall, ms[i].rssKB = fastest(ms[i].wall, r.wall), max(ms[i].rssKB, r.rssKB)
		}
	}
	return ms
}

func fastest(a, b time.Duration) time.Duration {
	if a == 0 || b < a {
		return b
	}
	return a
}

// sameFile says whether two files hold the same bytes ("identical"), or
// where they first differ.
func sameFile(a, b string) string {
	x, err := os.ReadFile(a)
	check(err)
	y, err := os.ReadFile(b)
	check(err)
	for i := 0; i < min(len(x), len(y)); i++ {
		if x[i] != y[i] {
			line := 1 + strings.Count(string(x[:i]), "\n")
			return fmt.Sprintf("differ at line %d", line)
		}
	}
	if len(x) != len(y) {
		return fmt.Sprintf("%d and %d bytes", len(x), len(y))
	}
	return "identical"
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
