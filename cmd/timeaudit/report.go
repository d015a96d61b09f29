package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/timeaudit/timeaudit/app"
	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/render"
)

type reportOptions struct {
	showOptions
	By        string
	Check     bool
	PerSource bool
	Compare   string
}

func newReportCmd(f *factory, runF func(*reportOptions) error) *cobra.Command {
	o := &reportOptions{showOptions: showOptions{f: f}}
	cmd := &cobra.Command{
		Use:     "report SOURCE...",
		Short:   "Show how the time was spent, by category",
		Long:    reportLong,
		Example: reportExample,
		Args:    sourceArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ctx, o.Args = cmd.Context(), args
			if err := render.ValidBy(o.By); err != nil {
				return audit.WithKind(audit.KindUsage, err)
			}
			if err := o.choose(o.view(), f.io.OutTTY); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return reportRun(o)
		},
	}
	addSelectFlags(cmd, &o.selectFlags)
	addOutputFlags(cmd, &o.outputFlags, render.ReportView)
	cmd.Flags().StringVar(&o.By, "by", "", "figures for each day or week instead of the whole report: day|week")
	cmd.Flags().BoolVar(&o.Check, "check", false, "exit with status 3 when a target of the config is missed (for cron alerts)")
	cmd.Flags().BoolVar(&o.PerSource, "per-source", false, "set the sources side by side, one column each (a team view)")
	cmd.Flags().StringVar(&o.Compare, "compare", "", "compare every headline figure with an earlier range: previous, a week (last, -2, 2026-W10) or FROM..TO")
	cmd.MarkFlagsMutuallyExclusive("per-source", "by")
	cmd.MarkFlagsMutuallyExclusive("compare", "per-source")
	cmd.MarkFlagsMutuallyExclusive("compare", "by")
	_ = cmd.RegisterFlagCompletionFunc("compare", fixedCompletions("previous", "last"))
	_ = cmd.RegisterFlagCompletionFunc("by", fixedCompletions("day", "week"))
	return cmd
}

// view is what the report shows: the sources side by side with --per-source.
func (o *reportOptions) view() render.View {
	if o.PerSource {
		return render.TeamView
	}
	return render.ReportView
}

func reportRun(o *reportOptions) error {
	res, err := o.audit(o.view(), app.Job{Compare: o.Compare, PerSource: o.PerSource, Check: o.Check}, render.Options{By: strings.ToLower(o.By)})
	if err != nil || !o.Check {
		return err
	}
	return app.Check(res.Checked())
}

const reportLong = `Show how the time was spent, by category, largest first.

SOURCE is a calendar: an iCalendar file (.ics), a directory of them, an
https:// or webcal:// calendar address, a CSV export (Outlook's, Google
Calendar's, a generic title,start,end layout, or title,duration), - for
stdin, or a Google calendar through its API: google:primary or
google:<calendar id or e-mail> (see timeaudit google --help). Several
sources are audited together, read --concurrency at a time; --source-kind
forces the kind.

Events are clipped to the range, which runs from --from 00:00 to --to 00:00
(or over ISO weeks, Monday to Monday) in the report zone; without a range the
report spans the weeks of the events given. Events you declined (see --me),
cancelled, shown as free, all-day or longer than 12 hours are left out, and
counted so (the config's count: section and the flags below change that).
Rules decide the category: see timeaudit rules --help.

The report: a summary; time by category; meeting load against the article's
bands (managers 20-30 meetings a week, engineers 5-10); for each day the
working time, meetings, free time as focus blocks (90 min+), buffers (30
min+) and fragments, context switches and their cost (10-20 min each) and
meetings after hours; 1-on-1s by person with their cadence and batching;
targets; and what was left out. Thresholds, working hours and targets live
in the config (timeaudit rules init).

With --check the exit status is 3 when a target is missed.`

const reportExample = `  timeaudit report testdata/sample/week.csv
  timeaudit report calendar.ics --week last --me me@corp.example
  timeaudit report "webcal://calendar.example/private-…/basic.ics" --week this
  timeaudit report outlook.csv --week 2026-W12 --tz Europe/Berlin --me me@corp.example
  timeaudit report export.csv --from 2026-03-01 --to 2026-04-01 --format json
  cat export.csv | timeaudit report - --format markdown -o report.md
  timeaudit report calendar.ics --from 2026-01-05 --to 2026-03-30 --by week
  timeaudit report google:primary --week last
  timeaudit report google:alice@corp.example google:bob@corp.example --per-source \
      --service-account key.json --week last
  timeaudit report alice.ics bob.ics carol.ics --week last --per-source
  timeaudit report calendar.ics --week last --check -o reports/{week}.md`
