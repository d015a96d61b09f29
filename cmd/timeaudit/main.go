// Command timeaudit tells you where your calendar time goes.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	_ "time/tzdata" // the zone database travels with the binary

	"github.com/timeaudit/timeaudit/audit"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = ""

func main() {
	// Ctrl-C, and the signals a terminal closing or a service stopping
	// sends, end the run cleanly: fetches stop, no output is half-written.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	f := systemFactory()
	if os.Getenv("GOGC") == "" { // GOGC set in the environment wins
		f.tuneGC = tuneGC
	}
	code := run(ctx, os.Args[1:], f)
	stop()
	os.Exit(code)
}

// Exit statuses, documented in the root command's help.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2 // bad usage or bad input
	exitCheck       = 3 // a --check target was missed
	exitInterrupted = 130
)

// exitCode maps an error's kind to the exit status: the one place that does.
func exitCode(err error) int {
	switch audit.KindOf(err) {
	case audit.KindUsage, audit.KindInput:
		return exitUsage
	case audit.KindCheck:
		return exitCheck
	case audit.KindInterrupted:
		return exitInterrupted
	}
	return exitFailure
}

// maxErrorLine is the most runes an error line has: what comes from the
// input is quoted short (audit.Quote), and this is the backstop.
const maxErrorLine = 2000

// run executes one command line and returns the exit status. The error, if
// any, is one line on stderr; a run the user interrupted says so, whatever
// failed on the way out; a panic becomes one line too.
func run(ctx context.Context, args []string, f *factory) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintln(f.io.ErrOut, "timeaudit: "+audit.Line(fmt.Sprintf("internal error: %v (please report this)", p), maxErrorLine))
			code = exitFailure
		}
	}()
	root := newRootCmd(f)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	if ctx.Err() != nil {
		err = &audit.Error{Kind: audit.KindInterrupted, Msg: "interrupted", Err: err}
	}
	fmt.Fprintln(f.io.ErrOut, "timeaudit: "+audit.Line(strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", "; "), maxErrorLine))
	return exitCode(err)
}

// tuneGC sets the collector for a run over the sources named (the
// command's arguments, once its flags are parsed: an output file is not an
// input).
func tuneGC(sources []string) {
	switch percent := gcPercent(sources, os.Stat); {
	case percent >= 0:
		debug.SetGCPercent(percent)
	case os.Getenv("GOMEMLIMIT") == "":
		debug.SetMemoryLimit(smallLimit) // off until the heap nears the limit
		debug.SetGCPercent(percent)
	} // else: Go's own collector, under the GOMEMLIMIT set
}

// gcPercent is the collector's setting for a run over the sources named.
// timeaudit holds a whole calendar while it audits it, and Go's default
// (GOGC=100) lets the heap grow to twice what is live: at 60 a two-million-row export is
// audited in 1.3 GB instead of 1.6, for a few percent more CPU. Files that
// add up to a few megabytes hold little that is garbage (most of what is
// made lives to the end), so there the collector is off (-1) until the
// heap nears smallLimit: five years of a busy calendar (0.6 MB) run about
// 12% faster, with 15% more memory at the peak than at GOGC=200. Inputs of
// unknown size (standard input, URLs, APIs, directories) get 60.
func gcPercent(sources []string, stat func(string) (os.FileInfo, error)) int {
	const small = 16 << 20
	total, files := int64(0), 0
	for _, a := range sources {
		switch fi, err := stat(a); {
		case a == "-" || strings.Contains(a, ":"):
			return 60 // standard input, a URL, an API
		case err != nil: // not a file: the source's error comes later
		case fi.Mode().IsRegular():
			total += fi.Size()
			files++
		default:
			return 60 // a directory of files
		}
	}
	if files > 0 && total <= small {
		return -1
	}
	return 60
}

// smallLimit is the heap at which the collector runs when gcPercent turned
// it off: a small file that expands into more than this is collected as it
// goes, at some cost in time.
const smallLimit = 1 << 30
