package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/audit/render"
	"github.com/timeaudit/timeaudit/rules"
	"github.com/timeaudit/timeaudit/sources"
	csvsrc "github.com/timeaudit/timeaudit/sources/csv"
	"github.com/timeaudit/timeaudit/sources/google"
	"github.com/timeaudit/timeaudit/sources/ics"
)

// selectOpts are the flags that choose what to audit, shared by report,
// events and rules explain.
type selectOpts struct {
	Week             string
	From, To         string
	TZ               string
	Me               []string
	Config           string
	IncludeDeclined  bool
	IncludeFree      bool
	ExcludeTentative bool
	SkipInvalid      bool
	CSVColumns       string
	DateOrder        string
	SourceKind       string
	Timeout          time.Duration
	Concurrency      int
	Weeks            int
	Redact           bool
	Quiet            bool
	googleOpts

	// listing is set for events and rules explain, which show no analyses.
	listing bool

	// Resolved by resolve().
	loc       *time.Location
	rng       audit.Range
	columns   map[string]string
	dateOrder csvsrc.DateOrder
}

func addSelectFlags(cmd *cobra.Command, o *selectOpts) {
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
	f.DurationVar(&o.Timeout, "timeout", time.Minute, "give up on a calendar URL, or on one request to Google, after this long")
	f.IntVar(&o.Concurrency, "concurrency", 8, "read at most this many calendars at once")
	f.BoolVar(&o.Redact, "redact", false, "replace titles, people, places and calendar names with pseudonyms (Meeting 12, person 3), to share the report")
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "print nothing on stderr but errors: no progress, no notes (the report keeps its notes)")
	addGoogleFlags(f, &o.googleOpts, true)

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

// resolve checks the flags that need no input, so that bad usage fails
// before anything is read.
func (o *selectOpts) resolve(a *app, cfg *rules.Config) error {
	var err error
	if o.loc, err = a.location(o.TZ, cfg); err != nil {
		return err
	}
	switch {
	case o.Week != "" && (o.From != "" || o.To != ""):
		return usagef("--week and --from/--to cannot be used together")
	case o.From != "" && o.To == "":
		return usagef("--from needs --to (the range ends at 00:00 on --to)")
	case o.To != "" && o.From == "":
		return usagef("--to needs --from")
	case o.Weeks < 0:
		return usagef("--weeks %d: give a number of weeks, 1 or more", o.Weeks)
	case o.Weeks > 0 && o.From != "":
		return usagef("--weeks and --from/--to cannot be used together (--weeks counts back from --week)")
	}
	now := a.now()
	switch {
	case o.Weeks > 0:
		week := o.Week
		if week == "" {
			week = "this"
		}
		last, err := audit.ParseWeek(week, now, o.loc)
		if err != nil {
			return &usageError{"--week: " + err.Error()}
		}
		o.rng = audit.Range{From: last.From.AddDate(0, 0, -7*(o.Weeks-1)), To: last.To}
	case o.Week != "":
		if o.rng, err = audit.ParseWeek(o.Week, now, o.loc); err != nil {
			return &usageError{"--week: " + err.Error()}
		}
	case o.From != "":
		from, err := audit.ParseDate(o.From, o.loc)
		if err != nil {
			return &usageError{"--from: " + err.Error()}
		}
		to, err := audit.ParseDate(o.To, o.loc)
		if err != nil {
			return &usageError{"--to: " + err.Error()}
		}
		if o.rng, err = audit.DaysRange(from, to, o.loc); err != nil {
			return &usageError{"--from/--to: " + err.Error()}
		}
	}
	if o.columns, err = csvsrc.ParseColumns(o.CSVColumns); err != nil {
		return &usageError{err.Error()}
	}
	if o.dateOrder, err = csvsrc.ParseDateOrder(o.DateOrder); err != nil {
		return &usageError{"--date-order: " + err.Error()}
	}
	for _, m := range o.Me {
		if !strings.Contains(m, "@") {
			return usagef("--me %q is not an e-mail address", m)
		}
	}
	if o.Concurrency < 1 {
		return usagef("--concurrency %d: read at least one calendar at a time", o.Concurrency)
	}
	return nil
}

// location is --tz, else the config's timezone:, else the system zone by name.
func (a *app) location(flag string, cfg *rules.Config) (*time.Location, error) {
	name, from := flag, "--tz"
	if name == "" {
		name, from = cfg.Timezone, fmt.Sprintf("%s:%d: timezone", cfg.File, cfg.TimezoneLine)
	}
	if name == "" {
		return a.systemZone(), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil || strings.EqualFold(name, "local") {
		return nil, usagef("%s: unknown time zone %q: use an IANA name such as Europe/Berlin or America/New_York", from, name)
	}
	return loc, nil
}

// systemZone is the system's zone under its IANA name where it can be found
// ($TZ, the /etc/localtime link), so that reports say "Europe/Berlin", not "Local".
func (a *app) systemZone() *time.Location {
	if tz := strings.TrimPrefix(a.getenv("TZ"), ":"); tz != "" {
		if loc, err := time.LoadLocation(tz); err == nil {
			return loc
		}
	}
	if target, err := os.Readlink("/etc/localtime"); err == nil {
		if _, name, ok := strings.Cut(filepath.ToSlash(target), "zoneinfo/"); ok {
			if loc, err := time.LoadLocation(name); err == nil {
				return loc
			}
		}
	}
	return time.Local
}

// registry lists the source kinds the CLI reads, explicitly.
func (o *selectOpts) registry(g google.Options, extra ...sources.Kind) *sources.Registry {
	return sources.NewRegistry(append(extra,
		google.Kind(g),
		ics.Kind(ics.Options{Timeout: o.Timeout, UserAgent: "timeaudit"}),
		csvsrc.Kind(csvsrc.Options{Columns: o.columns, DateOrder: o.dateOrder}),
	)...)
}

// input is what one source gave.
type input struct {
	name string
	res  *sources.Result
}

// prepare reads the config and checks the flags, so that bad usage fails
// before anything is read.
func (a *app) prepare(o *selectOpts) (*rules.Config, error) {
	cfg, err := a.loadConfig(o.Config)
	if err != nil {
		return nil, err
	}
	if err := o.resolve(a, cfg); err != nil {
		return nil, err
	}
	return cfg, nil
}

// fetch reads every source for a range: opened one by one, so that a bad
// argument fails before anything is fetched, then read --concurrency at a
// time. The first failure (in argument order) cancels the rest. stdin, when
// given, is the standard input's content (read again for a second range).
func (a *app) fetch(ctx context.Context, o *selectOpts, args []string, rng audit.Range, stdin []byte) ([]input, error) {
	var prog *progress
	if a.io.ErrTTY && !o.Quiet {
		prog = newProgress(a.io.ErrOut, len(args), a.now)
	}
	g, err := a.googleOptions(&o.googleOpts, args, rng, o.Timeout, prog)
	if err != nil {
		return nil, err
	}
	reg := o.registry(g, a.extraKinds...)
	env := sources.Env{Stdin: a.io.In}
	if stdin != nil {
		env.Stdin = bytes.NewReader(stdin)
	}
	req := sources.Request{Range: rng, Location: o.loc, SkipInvalid: o.SkipInvalid}
	srcs := make([]sources.Source, len(args))
	stdinUsed := false
	for i, arg := range args {
		if arg == "-" {
			if stdinUsed {
				return nil, usagef("- (stdin) is named twice")
			}
			stdinUsed = true
		}
		if srcs[i], err = reg.Open(arg, o.SourceKind, env); err != nil {
			return nil, err
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ins := make([]input, len(srcs))
	errs := make([]error, len(srcs))
	sem := make(chan struct{}, o.Concurrency)
	var wg sync.WaitGroup
	for i, src := range srcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				errs[i] = ctx.Err()
				return
			}
			defer func() { <-sem }()
			// A panic here would end the process past run's recover.
			defer func() {
				if p := recover(); p != nil {
					errs[i] = fmt.Errorf("%s: internal error: %v (please report this)", src.Name(), p)
					cancel()
				}
			}()
			res, err := src.Fetch(ctx, req)
			if err != nil {
				errs[i] = err
				cancel()
				return
			}
			ins[i] = input{name: src.Name(), res: res}
			prog.finished()
		}()
	}
	wg.Wait()
	prog.clear()
	// The first real failure, not the cancellations it caused.
	var first error
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			first = err
			break
		}
		if err != nil && first == nil {
			first = err
		}
	}
	if first != nil {
		return nil, interrupted(ctx, first)
	}
	return ins, nil
}

// audit builds the report of some inputs over a range.
func (o *selectOpts) audit(cfg *rules.Config, ins []input, rng audit.Range) *audit.Report {
	var (
		events  []audit.Event
		skipped []audit.Skipped
		notes   []string
	)
	if len(ins) == 1 { // the usual case: no copy of what may be many events
		events = ins[0].res.Events
	} else {
		n := 0
		for _, in := range ins {
			n += len(in.res.Events)
		}
		events = make([]audit.Event, 0, n)
		for _, in := range ins {
			events = append(events, in.res.Events...)
		}
	}
	for _, in := range ins {
		skipped = append(skipped, in.res.Skipped...)
		notes = append(notes, in.res.Notes...)
	}
	settings := cfg.Settings
	if o.IncludeDeclined {
		settings.Policy.Declined = true
	}
	if o.IncludeFree {
		settings.Policy.Free = true
	}
	if o.ExcludeTentative {
		settings.Policy.Tentative = false
	}
	r := audit.Build(events, skipped, cfg.Classifier(), audit.Options{
		SkipAnalyses: o.listing,
		Range:        rng,
		Location:     o.loc,
		Me:           append(append([]string{}, cfg.Me...), o.Me...),
		Settings:     &settings,
	})
	r.Notes = append(notes, r.Notes...)
	return &r
}

// outputOpts are the flags that choose how and where to write.
type outputOpts struct {
	Format string
	Output string
}

func addOutputFlags(cmd *cobra.Command, o *outputOpts, v render.View) {
	cmd.Flags().StringVarP(&o.Format, "format", "f", "", render.Help(v))
	cmd.Flags().StringVarP(&o.Output, "output", "o", "", "write to FILE (atomically: a reader never sees half a report) instead of stdout")
	_ = cmd.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var names []string
		for _, f := range render.Formats(v) {
			names = append(names, f.Name+"\t"+f.Description)
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	})
}

// format picks the output format: --format, else the -o file's extension,
// else a table on a terminal and the view's pipe format elsewhere.
func (o *outputOpts) format(a *app, v render.View) (render.Format, error) {
	name := o.Format
	if name == "" && o.Output != "" {
		switch strings.ToLower(filepath.Ext(o.Output)) {
		case ".csv":
			name = "csv"
		case ".tsv":
			name = "tsv"
		case ".json":
			name = "json"
		case ".md", ".markdown":
			name = "markdown"
		case ".html", ".htm":
			name = "html"
		default:
			name = "table"
		}
	}
	if name == "" {
		name = render.Default(v, a.io.OutTTY)
	}
	f, err := render.Lookup(name, v)
	if err != nil {
		return render.Format{}, &usageError{"--format: " + err.Error()}
	}
	return f, nil
}

// showOpts are report's own flags.
type showOpts struct {
	By        string
	Check     bool
	PerSource bool
	Compare   string
}

// show is the whole of report, events and rules explain: check the flags,
// audit (and the earlier range with --compare), redact when asked, render
// in memory, then write stdout or the file in one go.
func (a *app) show(ctx context.Context, v render.View, so *selectOpts, oo *outputOpts, sh showOpts, args []string) error {
	f, err := oo.format(a, v)
	if err != nil {
		return err
	}
	if err := render.ValidBy(sh.By); err != nil {
		return &usageError{err.Error()}
	}
	if sh.PerSource && sh.By != "" {
		return usagef("--per-source and --by cannot be used together")
	}
	if sh.Compare != "" && (sh.PerSource || sh.By != "") {
		return usagef("--compare cannot be used with --per-source or --by")
	}
	if err := checkPlaceholders(oo.Output); err != nil {
		return err
	}
	so.listing = v != render.ReportView
	cfg, err := a.prepare(so)
	if err != nil {
		return err
	}
	var stdin []byte
	if sh.Compare != "" && slices.Contains(args, "-") {
		// Two ranges read stdin twice: keep it.
		if stdin, err = io.ReadAll(a.io.In); err != nil {
			return sources.FileError("-", err)
		}
	}
	ins, err := a.fetch(ctx, so, args, so.rng, stdin)
	if err != nil {
		return err
	}
	r := so.audit(cfg, ins, so.rng)
	opts := render.Options{Color: oo.Output == "" && a.color(), By: strings.ToLower(sh.By), Width: a.io.Width}
	if sh.Compare != "" {
		prng, err := compareRange(sh.Compare, r.Range, a.now(), so.loc)
		if err != nil {
			return err
		}
		pins, err := a.fetch(ctx, so, args, prng, stdin)
		if err != nil {
			return err
		}
		opts.Previous = so.audit(cfg, pins, prng)
	}
	var red *audit.Redactor
	if so.Redact {
		red = audit.NewRedactor()
		red.Report(r)
		if opts.Previous != nil {
			red.Report(opts.Previous)
		}
	}
	if v != render.ReportView && !so.Quiet {
		for _, n := range r.Notes {
			fmt.Fprintln(a.io.ErrOut, "timeaudit: note: "+n)
		}
	}
	out, err := expandPlaceholders(oo.Output, r.Range)
	if err != nil {
		return err
	}
	checked := []render.Named{{Report: r}}
	if sh.PerSource {
		checked = nil
		for _, in := range ins {
			name, rep := in.name, so.audit(cfg, []input{in}, so.rng)
			if red != nil {
				name = red.Source(name)
				red.Report(rep)
			}
			checked = append(checked, render.Named{Name: name, Report: rep})
		}
		err = a.emit(out, func(w io.Writer) error { return render.EncodeTeam(w, f, checked, r, opts) })
	} else {
		err = a.emit(out, func(w io.Writer) error { return f.Encode(w, v, r, opts) })
	}
	if err != nil || !sh.Check {
		return err
	}
	return checkTargets(checked)
}

// compareRange reads --compare: "previous" (the same length just before),
// a week (last, -2, 2026-W10) or FROM..TO dates (TO exclusive).
func compareRange(spec string, cur audit.Range, now time.Time, loc *time.Location) (audit.Range, error) {
	if cur.IsZero() {
		return audit.Range{}, usagef("--compare needs a range to compare: give --week, --weeks or --from/--to, or events to derive it from")
	}
	switch v := strings.ToLower(strings.TrimSpace(spec)); {
	case v == "previous" || v == "prev":
		return audit.Range{From: cur.From.AddDate(0, 0, -cur.Days()), To: cur.From}, nil
	case strings.Contains(v, ".."):
		a, b, _ := strings.Cut(v, "..")
		from, err := audit.ParseDate(a, loc)
		if err != nil {
			return audit.Range{}, &usageError{"--compare: " + err.Error()}
		}
		to, err := audit.ParseDate(b, loc)
		if err != nil {
			return audit.Range{}, &usageError{"--compare: " + err.Error()}
		}
		r, err := audit.DaysRange(from, to, loc)
		if err != nil {
			return audit.Range{}, &usageError{"--compare: " + err.Error()}
		}
		return r, nil
	default:
		r, err := audit.ParseWeek(v, now, loc)
		if err != nil {
			return audit.Range{}, usagef("--compare %q: use previous, a week (last, -2, 2026-W10) or FROM..TO dates", spec)
		}
		return r, nil
	}
}

// checkTargets turns missed targets into exit status 3: those of the
// report, or with --per-source of each source.
func checkTargets(reports []render.Named) error {
	var missed []string
	total := 0
	for _, n := range reports {
		if n.Report.Analysis == nil {
			continue
		}
		for _, t := range n.Report.Analysis.Targets {
			total++
			if !t.OK {
				name := t.Name()
				if n.Name != "" {
					name = n.Name + ": " + name
				}
				missed = append(missed, name)
			}
		}
	}
	if len(missed) == 0 {
		return nil
	}
	return &checkError{fmt.Sprintf("%d of %d targets missed: %s", len(missed), total, strings.Join(missed, ", "))}
}
