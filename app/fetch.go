package app

import (
	"context"
	"fmt"
	"io"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

// Inputs are the calendars named on the command line and how to open them.
type Inputs struct {
	Args     []string
	Kind     string // read every argument as this kind (--source-kind); "" detects
	Registry *sources.Registry
	Stdin    io.Reader // what "-" reads
}

// Open makes a source of every argument, so that a bad one fails before
// anything is fetched. stdin replaces Inputs.Stdin when not nil (a second
// range reads it again from memory). A source that can only be read over a
// range (a calendar API) fails without one.
func (in Inputs) Open(stdin io.Reader, rng audit.Range) ([]sources.Source, error) {
	env := sources.Env{Stdin: in.Stdin}
	if stdin != nil {
		env.Stdin = stdin
	}
	srcs := make([]sources.Source, len(in.Args))
	stdinNamed := false
	for i, arg := range in.Args {
		if arg == "-" {
			if stdinNamed {
				return nil, audit.Usagef("- (stdin) is named twice")
			}
			stdinNamed = true
		}
		src, err := in.Registry.Open(arg, in.Kind, env)
		if err != nil {
			return nil, err
		}
		if rng.IsZero() && sources.NeedsRange(src) {
			return nil, audit.Usagef("%s: say which time to read: --week last, --week this, --week 2026-W12 or --from/--to", src.Name())
		}
		srcs[i] = src
	}
	return srcs, nil
}

// Input is what one source gave.
type Input struct {
	Name   string // the source as the user named it
	Result *sources.Result
	Source sources.Source // what it was read from: a plan asks it for attendees' free time
}

// Progress hears how a fetch goes. Fetched is called from the goroutines
// that fetch, so it must be safe for concurrent use.
type Progress interface {
	Start(sources int)
	Fetched(name string)
	Stop()
}

// Fetch reads every source for req, at most limit at a time. The inputs
// come back in the sources' order. A failure does not stop the others:
// a team audit learns every calendar that fails in one run, and a
// calendar that waits out a rate limit does not cancel the rest. The
// error is the first failure in argument order, naming the others that
// failed too. Cancelling ctx (an interrupt) stops them all. A panic in a
// source becomes that source's error. p may be nil.
func Fetch(ctx context.Context, srcs []sources.Source, req sources.Request, limit int, p Progress) ([]Input, error) {
	if p != nil {
		p.Start(len(srcs))
		defer p.Stop()
	}
	var g errgroup.Group
	g.SetLimit(max(limit, 1))
	ins := make([]Input, len(srcs))
	errs := make([]error, len(srcs))
	for i, src := range srcs {
		g.Go(func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("%s: internal error: %v (please report this)", src.Name(), r)
				}
				errs[i] = err
			}()
			if err := ctx.Err(); err != nil {
				return err // interrupted while waiting for a turn
			}
			res, err := src.Fetch(ctx, req)
			if err != nil {
				return err
			}
			if res == nil {
				res = &sources.Result{}
			}
			clean(res)
			ins[i] = Input{Name: audit.Printable(src.Name()), Result: res, Source: src}
			if p != nil {
				p.Fetched(src.Name())
			}
			return nil
		})
	}
	g.Wait()
	if err := failures(ctx, srcs, errs); err != nil {
		return nil, err
	}
	return ins, nil
}

// failures is the first failure in argument order, with the names of the
// other sources that failed; an interrupt is the context's error.
func failures(ctx context.Context, srcs []sources.Source, errs []error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var (
		first error
		other []string
	)
	for i, err := range errs {
		switch {
		case err == nil:
		case first == nil:
			first = err
		default:
			other = append(other, srcs[i].Name())
		}
	}
	if first == nil || len(other) == 0 {
		return first
	}
	return &fetchError{first: first, others: other}
}

// fetchError is a failure among several: it reads as the first, and has
// its kind (exit code).
type fetchError struct {
	first  error
	others []string
}

func (e *fetchError) Error() string {
	names := e.others
	more := ""
	if len(names) > 3 {
		more = fmt.Sprintf(" and %d more", len(names)-3)
		names = names[:3]
	}
	what := "source"
	if len(e.others) > 1 {
		what = "sources"
	}
	return fmt.Sprintf("%v (%d other %s failed too: %s%s)", e.first, len(e.others), what, strings.Join(names, ", "), more)
}

func (e *fetchError) Unwrap() error { return e.first }
