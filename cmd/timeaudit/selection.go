package main

import (
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/timeaudit/timeaudit/app"
	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/render"
	csvsrc "github.com/timeaudit/timeaudit/sources/csv"
)

// selectFlags choose what to audit and how to read it: shared by report,
// events and rules explain.
type selectFlags struct {
	app.Selection
	Config     string
	Redact     bool
	Quiet      bool
	SourceKind string
	CSVColumns string
	DateOrder  string
	Timeout    time.Duration
	googleFlags
	caldavFlags
	m365Flags
}

func addSelectFlags(cmd *cobra.Command, o *selectFlags) {
	f := cmd.Flags()
	f.StringVarP(&o.Week, "week", "w", "", "audit one ISO week: this, last, next, -2, or 2026-W12")
	f.IntVar(&o.Weeks, "weeks", 0, "audit N ISO weeks ending with --week (default: this week), with a week-by-week table")
	f.StringVar(&o.From, "from", "", "audit from this date (YYYY-MM-DD, 00:00 in --tz)")
	f.StringVar(&o.To, "to", "", "audit up to this date (YYYY-MM-DD, exclusive: the range ends at 00:00 that day)")
	f.StringVar(&o.TZ, "tz", "", "report time zone, e.g. Europe/Berlin (default: the config's timezone, else the system's)")
	f.StringSliceVar(&o.Me, "me", nil, "your e-mail address, to find your own response (repeatable; adds to the config's me:)")
	f.StringVarP(&o.Config, "config", "c", "", "rules config file (default: the user config dir's timeaudit/config.yaml if present, else built-in rules)")
	f.BoolVar(&o.IncludeDeclined, "include-declined", false, "count events you declined (config: count: declined)")
	f.BoolVar(&o.IncludeFree, "include-free", false, "count events shown as free (config: count: free)")
	f.BoolVar(&o.ExcludeTentative, "exclude-tentative", false, "leave out events you answered tentatively (config: count: tentative)")
	f.BoolVar(&o.SkipInvalid, "skip-invalid", false, "skip records that cannot be read (they are counted and listed) instead of failing")
	f.StringVar(&o.CSVColumns, "csv-columns", "", "map CSV headers to fields: title=Subject,start=Begin,... (fields: "+strings.Join(csvsrc.FieldNames(), ", ")+")")
	f.StringVar(&o.DateOrder, "date-order", "auto", "how to read numeric dates in CSV: auto, mdy (3/16/2026) or dmy (16/3/2026)")
	f.StringVar(&o.SourceKind, "source-kind", "", "read every SOURCE as this kind instead of detecting it: ics or csv")
	f.DurationVar(&o.Timeout, "timeout", time.Minute, "give up on a calendar URL, or on one try of a request to Google (the waits between tries do not count), after this long")
	f.IntVar(&o.Concurrency, "concurrency", 8, "read at most this many calendars at once")
	f.BoolVar(&o.Redact, "redact", false, "replace titles, people, places and calendar names with pseudonyms (Meeting 12, person 3), to share the report")
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "print nothing on stderr but errors: no progress, no notes (the report keeps its notes)")
	addGoogleFlags(f, &o.googleFlags, true)
	addCalDAVFlags(f, &o.caldavFlags)
	addM365Flags(f, &o.m365Flags)
	cmd.MarkFlagsMutuallyExclusive("week", "from")
	cmd.MarkFlagsMutuallyExclusive("week", "to")
	cmd.MarkFlagsMutuallyExclusive("weeks", "from")
	cmd.MarkFlagsMutuallyExclusive("weeks", "to")
	cmd.MarkFlagsRequiredTogether("from", "to")

	_ = cmd.RegisterFlagCompletionFunc("week", fixedCompletions("this", "last", "next"))
	_ = cmd.RegisterFlagCompletionFunc("date-order", fixedCompletions("auto", "mdy", "dmy"))
	_ = cmd.RegisterFlagCompletionFunc("source-kind", fixedCompletions("ics", "csv"))
	_ = cmd.RegisterFlagCompletionFunc("tz", fixedCompletions("UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Chicago", "America/Los_Angeles", "Asia/Tokyo", "Australia/Sydney"))
}

func fixedCompletions(values ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

// query reads the config and resolves the selection, so that bad usage
// fails before anything is read.
func (f *factory) query(o *selectFlags) (app.Query, error) {
	cfg, err := f.loadConfig(o.Config)
	if err != nil {
		return app.Query{}, err
	}
	return app.Resolve(o.Selection, cfg, f.now(), f.systemZone())
}

// outputFlags choose how and where to write.
type outputFlags struct {
	Format string
	Output string
	ASCII  bool
	format render.Format // chosen by RunE, before any I/O
}

func addOutputFlags(cmd *cobra.Command, o *outputFlags, v render.View) {
	cmd.Flags().StringVarP(&o.Format, "format", "f", "", render.Help(v))
	cmd.Flags().StringVarP(&o.Output, "output", "o", "", "write to FILE (atomically: a reader never sees half a report) instead of stdout; {week}, {from} and {to} name it by the range")
	cmd.Flags().BoolVar(&o.ASCII, "ascii", false, "draw tables, bars and day strips in ASCII, not box drawing (also when TERM=dumb)")
	_ = cmd.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var names []string
		for _, f := range render.Formats(v) {
			names = append(names, f.Name+"\t"+f.Description)
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	})
}

// choose picks the format for view v and checks the -o path, before any I/O.
func (o *outputFlags) choose(v render.View, terminal bool) error {
	f, err := render.Choose(o.Format, o.Output, v, terminal)
	if err != nil {
		if o.Format != "" {
			return audit.Usagef("--format: %w", err)
		}
		return audit.Usagef("-o %w", err)
	}
	o.format = f
	return app.CheckOutputPath(o.Output)
}
