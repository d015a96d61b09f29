package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/timeaudit/timeaudit/app"
	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/render"
	"github.com/timeaudit/timeaudit/rules"
	"github.com/timeaudit/timeaudit/sources"
)

type whatifOptions struct {
	showOptions
	Move, Drop, Shorten, Add, Decline []string
	EditsFile                         string
}

func newWhatifCmd(f *factory, runF func(*whatifOptions) error) *cobra.Command {
	o := &whatifOptions{showOptions: showOptions{f: f}}
	cmd := &cobra.Command{
		Use:     "whatif SOURCE... [--move|--drop|--shorten|--add|--decline EDIT]...",
		Short:   "Show what a change to the week would do (read-only)",
		Long:    whatifLong,
		Example: whatifExample,
		Args:    sourceArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ctx, o.Args = cmd.Context(), args
			if len(o.Move)+len(o.Drop)+len(o.Shorten)+len(o.Add)+len(o.Decline) == 0 && o.EditsFile == "" {
				return audit.Usagef("whatif needs an edit: --move, --drop, --shorten, --add, --decline or --edits FILE (see timeaudit whatif --help)")
			}
			if err := o.choose(render.ReportView, f.io.OutTTY); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return whatifRun(o)
		},
	}
	addSelectFlags(cmd, &o.selectFlags)
	addOutputFlags(cmd, &o.outputFlags, render.ReportView)
	fl := cmd.Flags()
	fl.StringArrayVar(&o.Move, "move", nil, `move an event: "TITLE or UID[@DAY]=DAY HH:MM" (repeatable), e.g. "1:1 Alex@Wed=Mon 10:30"`)
	fl.StringArrayVar(&o.Drop, "drop", nil, `drop an event: "TITLE or UID[@DAY]" (repeatable)`)
	fl.StringArrayVar(&o.Shorten, "shorten", nil, `change an event's length: "TITLE or UID[@DAY]=25m" (repeatable)`)
	fl.StringArrayVar(&o.Add, "add", nil, `add a block: "TITLE DAY HH:MM-HH:MM" (repeatable), e.g. "focus Tue 09:00-11:00"`)
	fl.StringArrayVar(&o.Decline, "decline", nil, `decline an event: "TITLE or UID[@DAY]" (repeatable)`)
	fl.StringVar(&o.EditsFile, "edits", "", "read edits from a YAML file (- move: \"1:1 Alex=Mon 10:30\"), before the flags' edits")
	return cmd
}

// specs are the edits in order: the file's, then the flags' by operation.
func (o *whatifOptions) specs() ([]app.EditSpec, error) {
	var out []app.EditSpec
	if o.EditsFile != "" {
		data, err := os.ReadFile(o.EditsFile)
		if err != nil {
			return nil, sources.FileError(o.EditsFile, err)
		}
		edits, err := rules.ParseEdits(o.EditsFile, data)
		if err != nil {
			return nil, err
		}
		for _, e := range edits {
			op, _ := editOp(e.Op)
			out = append(out, app.EditSpec{Op: op, Spec: e.Spec, Where: fmt.Sprintf("%s:%d", o.EditsFile, e.Line)})
		}
	}
	for _, g := range []struct {
		op    audit.EditOp
		specs []string
	}{{audit.EditMove, o.Move}, {audit.EditDrop, o.Drop}, {audit.EditShorten, o.Shorten}, {audit.EditAdd, o.Add}, {audit.EditDecline, o.Decline}} {
		for _, s := range g.specs {
			out = append(out, app.EditSpec{Op: g.op, Spec: s})
		}
	}
	return out, nil
}

func editOp(name string) (audit.EditOp, bool) {
	for op := audit.EditMove; op <= audit.EditDecline; op++ {
		if op.String() == name {
			return op, true
		}
	}
	return 0, false
}

func whatifRun(o *whatifOptions) error {
	specs, err := o.specs()
	if err != nil {
		return err
	}
	_, err = o.audit(render.ReportView, app.Job{Edits: specs}, render.Options{})
	return err
}

const whatifLong = `Show what a change to the week would do: the week is audited again with
the edits made, and every headline figure is set beside the week as it is,
with the change and whether it is better or worse by the article.

Edits name an event of the week by its title (whole, any case) or UID;
@DAY picks one of several (a weekday of the week, or a date). DAY HH:MM is
in the report zone. An edit that names no event, or several, is bad usage
and lists the candidates.

timeaudit is read-only: whatif changes no calendar.`

const whatifExample = `  timeaudit whatif calendar.ics --week 2026-W12 --move "1:1 Alex=Mon 10:30"
  timeaudit whatif calendar.ics --week last --drop "Status sync" --shorten "Team sync=25m"
  timeaudit whatif calendar.ics --week last --add "focus Tue 09:00-11:00" --decline "Town hall"
  timeaudit whatif google:primary --week last --edits moves.yaml -f json`

type planOptions struct {
	showOptions
	MaxMoves int
	Step     time.Duration
}

func newPlanCmd(f *factory, runF func(*planOptions) error) *cobra.Command {
	o := &planOptions{showOptions: showOptions{f: f}}
	cmd := &cobra.Command{
		Use:     "plan SOURCE...",
		Short:   "Propose moves that make the week better (read-only)",
		Long:    planLong,
		Example: planExample,
		Args:    sourceArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ctx, o.Args = cmd.Context(), args
			if o.MaxMoves < 0 || o.MaxMoves > 50 {
				return audit.Usagef("--max-moves must be from 1 to 50, not %d", o.MaxMoves)
			}
			if o.Step != 0 && (o.Step < 5*time.Minute || o.Step > 2*time.Hour) {
				return audit.Usagef("--step must be from 5m to 2h, not %s", o.Step)
			}
			if err := o.choose(render.PlanView, f.io.OutTTY); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return planRun(o)
		},
	}
	addSelectFlags(cmd, &o.selectFlags)
	addOutputFlags(cmd, &o.outputFlags, render.PlanView)
	cmd.Flags().IntVar(&o.MaxMoves, "max-moves", 0, "propose at most this many moves (default: the config's plan.max_moves, else 5)")
	cmd.Flags().DurationVar(&o.Step, "step", 0, "try start times on this grid (default 15m)")
	return cmd
}

func planRun(o *planOptions) error {
	_, err := o.audit(render.PlanView, app.Job{Plan: &app.PlanJob{MaxMoves: o.MaxMoves, Step: o.Step}}, render.Options{})
	return err
}

const planLong = `Propose a few moves (at most --max-moves, default 5) that make the week
better by the article's goals, each with its reason and what it changes,
and show the week before and after.

What may move: meetings you organise (your address is --me or the config's
me:), and those the config's plan.movable rules name; never all-day or away
events, nor what plan.fixed names, nor external meetings you do not
organise. A move stays in the week and in working hours, keeps the
meeting's length and overlaps nothing else you have. With Google, the
attendees' free/busy is asked (read-only), and a move goes only where every
internal attendee is free; otherwise the plan says their time is unknown.
With --weeks N, a move of a recurring meeting is proposed for the series
when it meets at the same time in every week of the range and the new time
is clear in each.

The objective, higher is better: effective focus minutes, less 15 for each
context switch, 60 for each day with 1-on-1s beyond one a week, 60 for each
day with external meetings beyond one, 60 for each day mixing the two, 30
for each back-to-back chain, 20 for each meeting beyond three in the
longest chain and 2 for each point of fragmentation; the config's
plan.weights change these. The search is greedy with local improvement,
and deterministic.

timeaudit is read-only: plan changes no calendar. -f ics writes the planned
week to open beside the real one.`

const planExample = `  timeaudit plan calendar.ics --week 2026-W12 --me me@corp.example
  timeaudit plan google:primary --week next
  timeaudit plan calendar.ics --week last --weeks 4 --max-moves 3 -f json
  timeaudit plan calendar.ics --week next -o planned.ics`
