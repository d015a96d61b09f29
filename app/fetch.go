package app

import (
	"context"
	"errors"
	"fmt"
	"io"

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
}

// Progress hears how a fetch goes. Fetched is called from the goroutines
// that fetch, so it must be safe for concurrent use.
type Progress interface {
	Start(sources int)
	Fetched(name string)
	Stop()
}

// Fetch reads every source for req, at most limit at a time. The inputs
// come back in the sources' order. The first failure cancels the rest, and
// the error is the first real failure in argument order, not the
// cancellations it caused. A panic in a source becomes that source's error.
// p may be nil.
func Fetch(ctx context.Context, srcs []sources.Source, req sources.Request, limit int, p Progress) ([]Input, error) {
	if p != nil {
		p.Start(len(srcs))
		defer p.Stop()
	}
	g, gctx := errgroup.WithContext(ctx)
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
			if err := gctx.Err(); err != nil {
				return err // cancelled while waiting for a turn
			}
			res, err := src.Fetch(gctx, req)
			if err != nil {
				return err
			}
			if res == nil {
				res = &sources.Result{}
			}
			ins[i] = Input{Name: src.Name(), Result: res}
			if p != nil {
				p.Fetched(src.Name())
			}
			return nil
		})
	}
	g.Wait()
	if err := firstFailure(errs); err != nil {
		return nil, err
	}
	return ins, nil
}

// firstFailure is the first error that is not a cancellation, in order;
// else the first cancellation; else nil.
func firstFailure(errs []error) error {
	var cancelled error
	for _, err := range errs {
		switch {
		case err == nil:
		case !errors.Is(err, context.Canceled):
			return err
		case cancelled == nil:
			cancelled = err
		}
	}
	return cancelled
}
