package main

import (
	"context"
	"fmt"
	"io"

	"github.com/timeaudit/timeaudit/app"
	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/render"
	"github.com/timeaudit/timeaudit/sources"
	"github.com/timeaudit/timeaudit/sources/caldav"
	csvsrc "github.com/timeaudit/timeaudit/sources/csv"
	"github.com/timeaudit/timeaudit/sources/google"
	"github.com/timeaudit/timeaudit/sources/ics"
	"github.com/timeaudit/timeaudit/sources/m365"
)

// showOptions are what report, events and rules explain share: the
// sources, what to audit in them, and where to write.
type showOptions struct {
	f    *factory
	ctx  context.Context
	Args []string
	selectFlags
	outputFlags
}

// audit resolves the selection, fetches the sources, and writes view v of
// what the job found. The job brings its own switches (--compare,
// --per-source); the rest of it comes from the flags here.
func (o *showOptions) audit(v render.View, job app.Job, ro render.Options) (*app.Result, error) {
	q, err := o.f.query(&o.selectFlags)
	if err != nil {
		return nil, err
	}
	q.Listing = v == render.EventsView || v == render.ExplainView
	q.All = ro.All
	if !q.Listing && q.Range.IsZero() {
		// A report asked for no range: the last complete week, when the
		// input reaches it (app.Audit says which it chose).
		if last, err := audit.ParseWeek("last", o.f.now(), q.Location); err == nil {
			job.LastWeek = last
		}
	}
	var prog *progress
	if o.f.io.ErrTTY && !o.Quiet {
		prog = newProgress(o.f.io.ErrOut, o.f.now)
		job.Progress = prog
	}
	reg, err := o.registry(prog)
	if err != nil {
		return nil, err
	}
	job.Query, job.Redact = q, o.Redact
	job.Inputs = app.Inputs{Args: o.Args, Kind: o.SourceKind, Registry: reg, Stdin: o.f.io.In}
	res, err := app.Audit(o.ctx, job)
	if err != nil {
		return nil, err
	}
	// Notes go to stderr, but for a report shown on the terminal, which
	// ends with them.
	if shown := o.f.io.OutTTY && o.Output == "" && !q.Listing && o.format.Name == "table"; !o.Quiet && !shown {
		for _, n := range render.Notes(res.Report, o.format) {
			fmt.Fprintln(o.f.io.ErrOut, "timeaudit: note: "+audit.Line(n, maxErrorLine))
		}
	}
	out, err := app.OutputPath(o.Output, res.Report.Range)
	if err != nil {
		return nil, err
	}
	ro.Color, ro.Width, ro.Previous, ro.Edits = o.Output == "" && o.f.color(), o.f.io.Width, res.Previous, res.Edits
	ro.ASCII = o.ASCII || o.f.getenv("TERM") == "dumb"
	if err := o.f.emit(o.ctx, out, func(w io.Writer) error { return o.format.Encode(w, v, res.Input(), ro) }); err != nil {
		return res, err
	}
	if out != "" && out != "-" && !o.Quiet {
		fmt.Fprintln(o.f.io.ErrOut, "timeaudit: wrote "+audit.Printable(out))
	}
	return res, nil
}

// registry lists the source kinds the commands read, explicitly, set up
// from the flags. Google is set up only when an argument names it.
func (o *showOptions) registry(prog *progress) (*sources.Registry, error) {
	columns, err := csvsrc.ParseColumns(o.CSVColumns)
	if err != nil {
		return nil, audit.WithKind(audit.KindUsage, err)
	}
	order, err := csvsrc.ParseDateOrder(o.DateOrder)
	if err != nil {
		return nil, audit.Usagef("--date-order: %w", err)
	}
	g, err := o.f.googleOptions(&o.googleFlags, o.Args, o.Timeout, prog)
	if err != nil {
		return nil, err
	}
	cd, err := o.f.caldavOptions(&o.caldavFlags, o.NoCache, o.Timeout)
	if err != nil {
		return nil, err
	}
	ms, err := o.f.m365Options(&o.m365Flags, o.Args, o.Timeout, o.NoCache)
	if err != nil {
		return nil, err
	}
	ms.Transport = o.f.m365Transport
	if prog != nil {
		ms.Progress = func(source string, pages, events int) {
			prog.page(google.Progress{Source: source, Pages: pages, Events: events})
		}
	}
	return sources.NewRegistry(append(o.f.extraKinds,
		google.Kind(g),
		m365.Kind(ms),
		caldav.Kind(cd),
		ics.Kind(ics.Options{Timeout: o.Timeout, UserAgent: "timeaudit"}),
		csvsrc.Kind(csvsrc.Options{Columns: columns, DateOrder: order}),
	)...), nil
}
