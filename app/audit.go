package app

import (
	"bytes"
	"context"
	"io"
	"slices"
	"strings"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/render"
	"github.com/timeaudit/timeaudit/sources"
)

// Job is one run of report, events or rules explain.
type Job struct {
	Query  Query
	Inputs Inputs
	// Compare names an earlier range to audit too (--compare); "" for none.
	Compare string
	// PerSource audits each source on its own as well (--per-source).
	PerSource bool
	// Redact gives titles, people, places and names stable pseudonyms,
	// after the audit, in every report of the run.
	Redact bool
	// Check is --check: the config's targets will be checked, so it must
	// have some.
	Check bool
	// Progress hears how fetching goes; may be nil.
	Progress Progress
	// Edits make the job a what-if: the week is audited again with them,
	// and compared with the week as it is (timeaudit whatif).
	Edits []EditSpec
	// Plan makes the job a plan: moves proposed for the week (timeaudit
	// plan); nil for none.
	Plan *PlanJob
	// LastWeek is the last complete ISO week (in the report zone): the
	// range of a report asked for none, when the input reaches it; zero
	// keeps the input's span (events and rules explain list everything).
	LastWeek audit.Range
}

// Result is what a job found.
type Result struct {
	Report   *audit.Report  // every source as one calendar
	Previous *audit.Report  // the range compared with; nil without Compare
	Sources  []render.Named // each source on its own; nil without PerSource
	// Edits say what a what-if changed, in words; Report is then the
	// edited week and Previous the week as it is.
	Edits []string
	// Plan is the plan of the week, with Job.Plan; Report is the week as
	// it is.
	Plan *Plan
}

// Input is the result as the encoders take it.
func (r *Result) Input() render.Input {
	in := render.Input{Report: r.Report, Sources: r.Sources}
	if r.Plan != nil {
		in.Plan = &render.Plan{Plan: &r.Plan.Plan, Notes: r.Plan.Notes}
	}
	return in
}

// Checked are the reports whose targets --check checks: each source's with
// PerSource, else the report's.
func (r *Result) Checked() []render.Named {
	if r.Sources != nil {
		return r.Sources
	}
	return []render.Named{{Report: r.Report}}
}

// Audit fetches the job's sources and builds its reports.
func Audit(ctx context.Context, job Job) (*Result, error) {
	q := job.Query
	if job.Check && len(q.Settings.Targets) == 0 {
		return nil, audit.Usagef("--check: the config (%s) sets no targets:, so there is nothing to check; add some (timeaudit rules init writes examples) or leave out --check", q.Config.File)
	}
	var stdin []byte
	defaulting := q.Range.IsZero() && !job.LastWeek.IsZero()
	if (job.Compare != "" || defaulting) && slices.Contains(job.Inputs.Args, "-") {
		// Two reads of stdin (two ranges, or a range chosen after a first
		// look): keep it.
		var err error
		if stdin, err = io.ReadAll(job.Inputs.Stdin); err != nil {
			return nil, sources.FileError("-", err)
		}
	}
	var (
		ins       []Input
		rangeNote string
		err       error
	)
	if defaulting {
		ins, q, rangeNote, err = job.lastWeekOrSpan(ctx, q, stdin)
	} else {
		ins, err = job.fetch(ctx, q, stdin, job.once())
	}
	if err != nil {
		return nil, err
	}
	if !q.Range.IsZero() || job.Compare != "" {
		if err := undated(ins); err != nil {
			return nil, err
		}
	}
	m := merge(ins)
	m.once = job.once()
	res := &Result{Report: m.build(q)}
	if rangeNote != "" {
		res.Report.Notes = append([]string{rangeNote}, res.Report.Notes...)
	}
	if len(job.Edits) > 0 || job.Plan != nil {
		if res.Report.Analysis == nil {
			return nil, audit.Usagef("the input has no times of day, so there is no week to change")
		}
		if len(job.Edits) > 0 {
			if err := res.whatIf(q, m, job.Edits); err != nil {
				return nil, err
			}
		}
		if job.Plan != nil {
			if err := res.plan(ctx, q, m, ins, *job.Plan); err != nil {
				return nil, err
			}
		}
	}
	if job.Compare != "" {
		prng, err := CompareRange(job.Compare, res.Report.Range, q.Location)
		if err != nil {
			return nil, err
		}
		pins, err := job.fetch(ctx, q.In(prng), stdin, true)
		if err != nil {
			return nil, err
		}
		res.Previous = buildOnce(q.In(prng), pins)
	}
	if job.PerSource {
		res.Sources = PerSource(q, ins)
	}
	if job.Redact {
		res.redact()
	}
	return res, nil
}

// lastWeekOrSpan picks the range of a report asked for none: the last
// complete week when the input reaches it (it has events before its end
// and after its start), else the input's span; the note says which, and
// how to name another. A calendar API has no span: the last week it is.
// Series a first read without a range stopped early (Result.Horizon) are
// read again over the week.
func (job Job) lastWeekOrSpan(ctx context.Context, q Query, stdin []byte) ([]Input, Query, string, error) {
	week := job.LastWeek
	var in io.Reader
	if stdin != nil {
		in = bytes.NewReader(stdin)
	}
	srcs, err := job.Inputs.Open(in, week) // a range, so that calendar APIs open
	if err != nil {
		return nil, q, "", err
	}
	label := week.Label() + " (" + week.From.Format("Mon 2 Jan") + " – " + week.To.AddDate(0, 0, -1).Format("Mon 2 Jan 2006") + ")"
	chosen := "no range was given: this report is of the last complete week, " + label + "; name another with --week, --weeks N or --from/--to"
	if slices.ContainsFunc(srcs, sources.NeedsRange) {
		q = q.In(week)
		ins, err := Fetch(ctx, srcs, q.Request(), q.Concurrency, job.Progress)
		return ins, q, chosen, err
	}
	ins, err := Fetch(ctx, srcs, q.Request(), q.Concurrency, job.Progress)
	if err != nil {
		return nil, q, "", err
	}
	cut := false
	lists := make([][]audit.Event, len(ins))
	for i, in := range ins {
		if h := in.Result.Horizon; !h.IsZero() && h.Before(week.To) {
			cut = true
		}
		lists[i] = in.Result.Events
	}
	// The span the report would derive: the events that will count, so
	// that a runaway or a declined event does not reach the week.
	span, _ := audit.DeriveRange(q.Location, q.Settings.Policy, lists...)
	switch {
	case span.IsZero():
		return ins, q, "", nil // no dates: no range applies
	case !span.From.Before(week.To) || !span.To.After(week.From):
		return ins, q, "no range was given, and the input does not reach the last complete week (" + week.Label() +
			"): this report covers the input's span; name a range with --week, --weeks N or --from/--to", nil
	}
	q = q.In(week)
	if cut {
		if ins, err = job.fetch(ctx, q, stdin, job.once()); err != nil {
			return nil, q, "", err
		}
	}
	return ins, q, chosen, nil
}

// undated fails on an input whose events have no dates at all (the
// article's title,duration export): no range can apply to it.
func undated(ins []Input) error {
	for _, in := range ins {
		evs := in.Result.Events
		if len(evs) > 0 && !slices.ContainsFunc(evs, func(e audit.Event) bool { return e.Timed() }) {
			return audit.Usagef("%s has durations but no dates (a title,duration export), so no range can apply to it: leave out --week, --weeks, --from/--to and --compare", in.Name)
		}
	}
	return nil
}

// once says the job audits its inputs once (no per-source view, no
// edited week built from the same events): the audit may mark the events
// in place, and take series' occurrences as small records.
func (job Job) once() bool { return !job.PerSource && len(job.Edits) == 0 && job.Plan == nil }

// fetch opens the inputs and reads them over q's range; stdin, when not
// nil, is the standard input's content. occurrences asks the sources for
// their series' occurrences as small records (Request.Occurrences), for
// inputs audited once.
func (job Job) fetch(ctx context.Context, q Query, stdin []byte, occurrences bool) ([]Input, error) {
	var in io.Reader
	if stdin != nil {
		in = bytes.NewReader(stdin)
	}
	srcs, err := job.Inputs.Open(in, q.Range)
	if err != nil {
		return nil, err
	}
	req := q.Request()
	req.Occurrences = occurrences
	return Fetch(ctx, srcs, req, q.Concurrency, job.Progress)
}

// redact replaces what could identify anyone with pseudonyms that stay the
// same across the run's reports, so the report can be shared.
func (r *Result) redact() {
	red := audit.NewRedactor()
	red.Report(r.Report)
	if r.Previous != nil {
		red.Report(r.Previous)
	}
	for i, e := range r.Edits { // they quote titles
		r.Edits[i] = red.Text(e)
	}
	if p := r.Plan; p != nil {
		red.Report(p.Before)
		red.Report(p.After)
		for i := range p.Events {
			p.Events[i] = *red.Event(&p.Events[i])
		}
		redactWhy := func(why string) string {
			if strings.Contains(why, "config (") { // a rule's words may quote titles
				return strings.SplitN(why, " (", 2)[0] + " (a rule of the config)"
			}
			return why
		}
		for i := range p.Candidates {
			p.Candidates[i].Why = redactWhy(p.Candidates[i].Why)
		}
		for i := range p.Moves {
			m := &p.Moves[i]
			m.Why = redactWhy(m.Why)
			for j, a := range m.Checked {
				m.Checked[j] = red.Person(audit.Person{Email: a}).Email
			}
			for j, a := range m.Unknown {
				m.Unknown[j] = red.Person(audit.Person{Email: a}).Email
			}
		}
	}
	for i := range r.Sources {
		r.Sources[i].Name = red.Source(r.Sources[i].Name)
		red.Report(r.Sources[i].Report)
	}
}
