package main

import (
	"github.com/spf13/cobra"
	"github.com/timeaudit/timeaudit/audit/render"
)

type reportOpts struct {
	selectOpts
	outputOpts
}

func newReportCmd(a *app) *cobra.Command {
	o := &reportOpts{}
	cmd := &cobra.Command{
		Use:   "report SOURCE...",
		Short: "Show how the time was spent, by category",
		Long: `Show how the time was spent, by category, largest first.

SOURCE is a calendar: an iCalendar file (.ics), a directory of them, an
https:// or webcal:// calendar address, a CSV export (Outlook's, Google
Calendar's, a generic title,start,end layout, or title,duration), or - for
stdin. Several sources are audited together; --source-kind forces the kind.

Events are clipped to the range, which runs from --from 00:00 to --to 00:00
(or over one ISO week, Monday to Monday) in the report zone; without a range
the report spans the events given. Events you declined (see --me), cancelled
events and all-day events are left out, and counted so. Rules decide the
category: see timeaudit rules --help.`,
		Example: `  timeaudit report testdata/sample/week.csv
  timeaudit report calendar.ics --week last --me me@corp.example
  timeaudit report "webcal://calendar.example/private-…/basic.ics" --week this
  timeaudit report outlook.csv --week 2026-W12 --tz Europe/Berlin --me me@corp.example
  timeaudit report export.csv --from 2026-03-01 --to 2026-04-01 --format json
  cat export.csv | timeaudit report - --format markdown -o report.md`,
		Args: sourceArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.show(cmd.Context(), render.ReportView, &o.selectOpts, &o.outputOpts, args)
		},
	}
	addSelectFlags(cmd, &o.selectOpts)
	addOutputFlags(cmd, &o.outputOpts, render.ReportView)
	return cmd
}

// sourceArgs requires at least one SOURCE.
func sourceArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return usagef("name at least one calendar to read: an .ics file or address, a CSV export, or - for stdin (see timeaudit %s --help)", cmd.Name())
	}
	return nil
}

// noArgs rejects arguments as bad usage.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments, got %q", cmd.CommandPath(), args[0])
	}
	return nil
}
