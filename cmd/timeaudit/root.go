package main

import (
	"github.com/spf13/cobra"
)

const rootLong = `timeaudit tells you where your calendar time goes: 1-on-1s, hiring,
ceremonies, focus and buffer time, from calendar exports, classified by rules
you can read and change.

Exit status:
  0  ok
  1  failure
  2  bad usage or bad input (the message names the file, line and value)
  3  a --check target was missed`

const rootExample = `  # Time by category for the bundled sample week
  timeaudit report testdata/sample/week.csv

  # Last week from an Outlook export, in your zone, as Markdown
  timeaudit report outlook.csv --week last --tz Europe/Berlin --format markdown

  # Last week of your Google Calendar (sign in once with timeaudit google login)
  timeaudit report google:primary --week last

  # One row per event, for a spreadsheet
  timeaudit events export.csv --format csv > events.csv

  # Why did each event land where it did?
  timeaudit rules explain export.csv`

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:           "timeaudit",
		Short:         "Tell where your calendar time goes",
		Long:          rootLong,
		Example:       rootExample,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       versionString(a.version),
	}
	root.SetIn(a.io.In)
	root.SetOut(a.io.Out)
	root.SetErr(a.io.ErrOut)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return flagError{err} })
	root.SetVersionTemplate("{{.Version}}\n")
	root.AddCommand(
		newReportCmd(a),
		newEventsCmd(a),
		newRulesCmd(a),
		newGoogleCmd(a),
		newVersionCmd(a),
	)
	return root
}
