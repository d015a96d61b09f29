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
	// timeaudit holds a whole calendar while it audits it, and Go's
	// default collector (GOGC=100) lets the heap grow to twice what is
	// live. At 60 a two-million-row export is audited in 1.3 GB instead
	// of 1.6, for a few percent more CPU. GOGC set in the environment wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(60)
	}
	// Ctrl-C, and the signals a terminal closing or a service stopping
	// sends, end the run cleanly: fetches stop, no output is half-written.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	code := run(ctx, os.Args[1:], systemFactory())
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
