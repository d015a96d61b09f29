// Package render turns audit reports into text: a table for terminals,
// tab-separated text for pipes, CSV for spreadsheets, JSON for programs,
// Markdown for wikis and one HTML page for browsers.
//
// The registry below is the one place that knows the formats: their names
// and aliases, the file extensions that choose them, and the views each can
// show. It also writes the --format help text and the "valid formats are"
// errors, so a command can check before any I/O that its view exists in the
// format asked for.
package render

import (
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/timeaudit/timeaudit/audit"
)

// View is what a command shows.
type View int

// The views.
const (
	ReportView  View = iota // time by category (timeaudit report)
	EventsView              // one row per counted event (timeaudit events)
	ExplainView             // each event's rule (timeaudit rules explain)
	TeamView                // sources side by side (timeaudit report --per-source)
	ListView                // a plain listing, such as the calendars an account can read
	PlanView                // proposed moves and the week before and after (timeaudit plan)
	numViews
)

// views name each view in messages and give its format on a pipe.
var views = [numViews]struct{ noun, piped string }{
	ReportView:  {"a report", "table"},
	EventsView:  {"events", "csv"},
	ExplainView: {"an explanation", "tsv"},
	TeamView:    {"sources side by side", "table"},
	ListView:    {"a list", "tsv"},
	PlanView:    {"a plan", "table"},
}

// Input is what an encoder shows; each view reads its own part.
type Input struct {
	// Report is the report (ReportView, EventsView, ExplainView); in the
	// team view, every source merged as one calendar.
	Report *audit.Report
	// Sources are the team view's reports, one per source.
	Sources []Named
	// List is the list view's listing.
	List List
	// Plan is the plan view's plan.
	Plan *Plan
}

// Plan is a plan of the week and what it assumed.
type Plan struct {
	*audit.Plan
	Notes []string
}

// Options steer an encoder.
type Options struct {
	Color bool   // ANSI colour; only on a terminal and never with NO_COLOR
	By    string // report per "day" or "week" instead of the whole report; "" for the whole
	Width int    // the terminal's columns; 0 is 80
	// ASCII draws tables, bars and day strips in ASCII (--ascii, TERM=dumb).
	ASCII bool
	// Previous is an earlier report to compare with (--compare); nil for none.
	Previous *audit.Report
	// All lists every event in the range, counted or not (events --all).
	All bool
	// Edits are what a what-if changed, in words: the report is then the
	// edited week and Previous the week as it is.
	Edits []string
}

func (o Options) width() int {
	if o.Width <= 0 {
		return 80
	}
	return max(o.Width, 40)
}

// Encoder writes one view.
type Encoder func(w io.Writer, in Input, o Options) error

// Format is an output format.
type Format struct {
	Name        string
	Aliases     []string // other names --format accepts
	Extensions  []string // file extensions that choose it for -o, lower case
	Description string
	encoders    [numViews]Encoder
	bare        bool // rows of data only: no notes, nothing left out (CSV, TSV)
}

// Supports reports whether the format can show the view.
func (f Format) Supports(v View) bool { return f.encoders[v] != nil }

// Encode writes view v of in to w. Commands check Supports (through
// Lookup or Choose) before any I/O, so this fails only on writing.
func (f Format) Encode(w io.Writer, v View, in Input, o Options) error {
	if !f.Supports(v) {
		return audit.Usagef("format %s cannot show %s: valid formats are %s", f.Name, views[v].noun, Names(v))
	}
	return f.encoders[v](w, in, o)
}

// report adapts an encoder of one report to the registry.
func report(enc func(io.Writer, *audit.Report, Options) error) Encoder {
	return func(w io.Writer, in Input, o Options) error { return enc(w, in.Report, o) }
}

var formats = []Format{
	{Name: "table", Description: "the report to read: fitted to the terminal, plain text on a pipe (the default for report)",
		encoders: [numViews]Encoder{report(reportTable), report(eventsTable), report(explainTable), teamTable, listTable, planTable}},
	{Name: "tsv", Extensions: []string{".tsv"}, Description: "tab-separated lines for cut, awk and sort (the default of rules explain on a pipe)", bare: true,
		encoders: [numViews]Encoder{report(reportTSV), report(eventsTSV), report(explainTSV), teamTSV, listTSV, planTSV}},
	{Name: "csv", Extensions: []string{".csv"}, Description: "CSV with a header row, for spreadsheets", bare: true,
		encoders: [numViews]Encoder{report(reportCSV), report(eventsCSV), report(explainCSV), teamCSV, listCSV, planCSV}},
	{Name: "json", Extensions: []string{".json"}, Description: "JSON, durations in minutes",
		encoders: [numViews]Encoder{report(reportJSON), report(eventsJSON), report(explainJSON), teamJSON, listJSON, planJSON}},
	{Name: "markdown", Aliases: []string{"md"}, Extensions: []string{".md", ".markdown"}, Description: "Markdown tables for wikis, chat and e-mail",
		encoders: [numViews]Encoder{report(reportMarkdown), report(eventsMarkdown), report(explainMarkdown), teamMarkdown, listMarkdown, planMarkdown}},
	{Name: "html", Extensions: []string{".html", ".htm"}, Description: "one self-contained HTML page with charts, for browsers, printing and sharing",
		encoders: [numViews]Encoder{ReportView: report(reportHTML), TeamView: teamHTML, PlanView: planHTML}},
	{Name: "ics", Extensions: []string{".ics"}, Description: "the planned week as an iCalendar file, to open beside the real calendar",
		encoders: [numViews]Encoder{PlanView: planICS}},
}

// fallback is the format of an -o file whose extension names none.
const fallback = "table"

// Formats lists the formats that can show view v, in preference order.
func Formats(v View) []Format {
	var out []Format
	for _, f := range formats {
		if f.Supports(v) {
			out = append(out, f)
		}
	}
	return out
}

// Names lists the names of the formats for view v: "table, tsv, csv, json, markdown".
func Names(v View) string {
	var names []string
	for _, f := range Formats(v) {
		names = append(names, f.Name)
	}
	return strings.Join(names, ", ")
}

// Help is the --format flag's help text for view v.
func Help(v View) string {
	def := "table on a terminal, else " + views[v].piped
	if views[v].piped == "table" {
		def = "table, in plain text on a pipe"
	}
	return "output format: " + strings.ReplaceAll(Names(v), ", ", "|") + " (default: " + def + ")"
}

// Default is the name of the format used when none is asked for.
func Default(v View, terminal bool) string {
	if terminal {
		return "table"
	}
	return views[v].piped
}

// Lookup finds a format by name or alias, in any case, that can show view
// v; the error lists the formats that can.
func Lookup(name string, v View) (Format, error) {
	for _, f := range formats {
		if strings.EqualFold(f.Name, name) || slices.ContainsFunc(f.Aliases, func(a string) bool { return strings.EqualFold(a, name) }) {
			if !f.Supports(v) {
				return Format{}, audit.Usagef("format %s cannot show %s: valid formats are %s", f.Name, views[v].noun, Names(v))
			}
			return f, nil
		}
	}
	return Format{}, audit.Usagef("invalid format %q: valid formats are %s", name, Names(v))
}

// ForFile is the format an output file's extension names, else a table.
func ForFile(path string, v View) (Format, error) {
	ext := strings.ToLower(filepath.Ext(path))
	for _, f := range formats {
		if slices.Contains(f.Extensions, ext) {
			if !f.Supports(v) {
				return Format{}, audit.Usagef("%s: format %s (from the extension) cannot show %s: name one with --format (%s)", path, f.Name, views[v].noun, Names(v))
			}
			return f, nil
		}
	}
	return Lookup(fallback, v)
}

// Choose picks the output format: the one named (--format), else the one
// the output file's extension names, else a table on a terminal and the
// view's pipe format elsewhere.
func Choose(name, path string, v View, terminal bool) (Format, error) {
	switch {
	case name != "":
		return Lookup(name, v)
	case path != "" && path != "-":
		return ForFile(path, v)
	}
	return Lookup(Default(v, terminal), v)
}
