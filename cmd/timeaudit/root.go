package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/timeaudit/timeaudit/audit"
)

const rootLong = `timeaudit tells you where your calendar time goes: 1-on-1s, hiring,
ceremonies, focus and buffer time, from calendar exports, classified by rules
you can read and change.

Exit status:
  0    ok
  1    failure
  2    bad usage or bad input (the message names the file, line and value)
  3    a --check target was missed
  130  interrupted`

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

func newRootCmd(f *factory) *cobra.Command {
	root := &cobra.Command{
		Use:           "timeaudit",
		Short:         "Tell where your calendar time goes",
		Long:          rootLong,
		Example:       rootExample,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       versionString(f.version),
		Args:          unknownCommand,
		RunE:          func(cmd *cobra.Command, _ []string) error { return noCommand(cmd) },
		// Suggest "report" for "reprot": cobra suggests only when asked.
		SuggestionsMinimumDistance: 2,
		// Before any command runs: flags that cannot go together.
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if f.tuneGC != nil {
				f.tuneGC(args)
			}
			return checkFlagGroups(cmd)
		},
	}
	root.SetIn(f.io.In)
	root.SetOut(f.io.Out)
	root.SetErr(f.io.ErrOut)
	root.SetFlagErrorFunc(flagError)
	root.SetVersionTemplate("{{.Version}}\n")
	root.AddCommand(
		newReportCmd(f, nil),
		newEventsCmd(f, nil),
		newWhatifCmd(f, nil),
		newPlanCmd(f, nil),
		newRulesCmd(f),
		newGoogleCmd(f),
		newCalDAVCmd(f),
		newM365Cmd(f),
		newVersionCmd(f),
	)
	return root
}

// noCommand is timeaudit without a command: a short usage on stderr, and
// bad usage (exit 2), for a script that forgot its command must not pass.
func noCommand(cmd *cobra.Command) error {
	w := cmd.ErrOrStderr()
	fmt.Fprintf(w, "Usage: %s <command> [flags] [SOURCE...]\n\n", cmd.CommandPath())
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			fmt.Fprintf(w, "  %-11s %s\n", c.Name(), c.Short)
		}
	}
	fmt.Fprintln(w)
	return audit.Usagef("no command given (see %s --help, or %s report --help)", cmd.CommandPath(), cmd.CommandPath())
}

// flagError is bad usage, with a pointer to the command's help.
func flagError(c *cobra.Command, err error) error {
	return audit.Usagef("%w (see %s --help)", err, c.CommandPath())
}

// unknownCommand rejects an argument to the bare command: a mistyped
// command, with the nearest real one.
func unknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	hint := ""
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		hint = fmt.Sprintf("; did you mean %s %s?", cmd.CommandPath(), strings.Join(s, " or "))
	}
	return audit.Usagef("unknown command %q for %s%s (see %s --help)", args[0], cmd.CommandPath(), hint, cmd.CommandPath())
}

// Flag groups are declared with cobra (MarkFlagsMutuallyExclusive,
// MarkFlagsRequiredTogether), which records them as these annotations; they
// are checked here, before cobra's own check, to say it plainly and exit 2.
const (
	exclusiveAnnotation = "cobra_annotation_mutually_exclusive"
	togetherAnnotation  = "cobra_annotation_required_if_others_set"
)

// checkFlagGroups fails on the first group the command line breaks, naming
// the flags in the order the group declares them.
func checkFlagGroups(cmd *cobra.Command) error {
	changed := cmd.Flags().Changed
	var err error
	cmd.Flags().VisitAll(func(fl *pflag.Flag) {
		if err != nil || !fl.Changed {
			return
		}
		for _, group := range fl.Annotations[exclusiveAnnotation] {
			if set := slices.DeleteFunc(strings.Fields(group), func(n string) bool { return !changed(n) }); len(set) > 1 {
				err = audit.Usagef("--%s cannot be used together", strings.Join(set, " and --"))
				return
			}
		}
		for _, group := range fl.Annotations[togetherAnnotation] {
			if i := slices.IndexFunc(strings.Fields(group), func(n string) bool { return !changed(n) }); i >= 0 {
				err = audit.Usagef("--%s needs --%s", fl.Name, strings.Fields(group)[i])
				return
			}
		}
	})
	return err
}

// sourceArgs requires at least one SOURCE.
func sourceArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return audit.Usagef("name at least one calendar to read: an .ics file or address, a CSV export, or - for stdin (see %s --help)", cmd.CommandPath())
	}
	return nil
}

// noArgs rejects arguments as bad usage.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return audit.Usagef("%s takes no arguments, got %q", cmd.CommandPath(), args[0])
	}
	return nil
}

// maxArgs rejects more than n arguments as bad usage.
func maxArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return audit.Usagef("%s takes at most %d argument, got %d", cmd.CommandPath(), n, len(args))
		}
		return nil
	}
}
