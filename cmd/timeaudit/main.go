// Command timeaudit tells you where your calendar time goes.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the zone database travels with the binary

	"golang.org/x/term"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], systemApp())
	stop()
	os.Exit(code)
}

// systemApp wires the real world: the process's streams, clock and environment.
func systemApp() *app {
	width := 0
	if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
		width = w
	} else if c, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil {
		width = c
	}
	return &app{
		io: &iostreams{
			Width: width,
			In:    os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
			OutTTY: term.IsTerminal(int(os.Stdout.Fd())),
			ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
			InTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		},
		now:         time.Now,
		getenv:      os.Getenv,
		configDir:   os.UserConfigDir,
		cacheDir:    os.UserCacheDir,
		openBrowser: openBrowser,
		version:     version,
	}
}

// run executes one command line and returns the exit status. A panic
// anywhere becomes one line on stderr and status 1.
func run(ctx context.Context, args []string, a *app) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(a.io.ErrOut, "timeaudit: internal error: %v (please report this)\n", p)
			code = exitFailure
		}
	}()
	cmd := newRootCmd(a)
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	code = exitCode(err)
	msg := strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", "; ")
	if code == exitUsage && isFlagError(err) {
		msg += " (see timeaudit " + commandPath(cmd, args) + " --help)"
	}
	fmt.Fprintln(a.io.ErrOut, "timeaudit: "+msg)
	return code
}
