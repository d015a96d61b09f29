package main

import (
	"github.com/spf13/cobra"

	"github.com/timeaudit/timeaudit/app"
	"github.com/timeaudit/timeaudit/render"
)

type eventsOptions struct {
	showOptions
	All bool
}

func newEventsCmd(f *factory, runF func(*eventsOptions) error) *cobra.Command {
	o := &eventsOptions{showOptions: showOptions{f: f}}
	cmd := &cobra.Command{
		Use:   "events SOURCE...",
		Short: "List the counted events, one row each, with category and rule",
		Long: `List every counted event, one row each, in start order: what the report adds up.

The CSV (the default when piped) has a header row and these columns, in this
order, which will not change: start, end, minutes, title, category, rule,
calendar, source, then kind, why, attendees, organizer, response, status,
location, series. Times are RFC 3339 in the report zone, clipped to the
range; minutes are the clipped length. Text cells that a spreadsheet would
run as a formula (starting with = + - @) get a leading apostrophe.

Events left out of the report (declined, cancelled, all-day, ignored by a
rule, in another source too ...) are listed only with --all, which adds two
columns at the end: counted (true or false) and left_out (the reason:
declined, tentative, cancelled, all_day, free, too_long, not_time, ignored,
duplicate).`,
		Example: `  timeaudit events export.csv --week last > last-week.csv
  timeaudit events google:primary --week last --format csv > last-week.csv
  timeaudit events outlook.csv --format json | jq '.[] | select(.category == "Hiring")'
  timeaudit events calendar.ics --week last --all | grep ',false,'`,
		Args: sourceArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ctx, o.Args = cmd.Context(), args
			if err := o.choose(render.EventsView, f.io.OutTTY); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return eventsRun(o)
		},
	}
	addSelectFlags(cmd, &o.selectFlags)
	addOutputFlags(cmd, &o.outputFlags, render.EventsView)
	cmd.Flags().BoolVar(&o.All, "all", false, "list every event in the range, counted or not, with the columns counted and left_out")
	return cmd
}

func eventsRun(o *eventsOptions) error {
	_, err := o.audit(render.EventsView, app.Job{}, render.Options{All: o.All})
	return err
}
