// Package render turns an audit.Report into text: a table for terminals,
// tab-separated text for pipes, CSV for spreadsheets, JSON for programs and
// Markdown for wikis. Each format is an encoder over an io.Writer; the
// registry below also builds the --format help text and its error message.
package render

import (
	"fmt"
	"io"
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
)

// Options steer an encoder.
type Options struct {
	Color bool   // ANSI colour; only on a terminal and never with NO_COLOR
	By    string // report per "day" or "week" instead of the whole report; "" for the whole
	Width int    // the terminal's columns; 0 is 100
	// Previous is an earlier report to compare with (--compare); nil for none.
	Previous *audit.Report
}

func (o Options) width() int {
	if o.Width <= 0 {
		return 100
	}
	return max(o.Width, 60)
}

// Encoder writes one view of a report.
type Encoder func(w io.Writer, r *audit.Report, o Options) error

// Format is an output format.
type Format struct {
	Name        string
	Description string
	encoders    [3]Encoder
}

// Supports reports whether the format can render the view.
func (f Format) Supports(v View) bool { return f.encoders[v] != nil }

// Encode renders view v of r to w.
func (f Format) Encode(w io.Writer, v View, r *audit.Report, o Options) error {
	if !f.Supports(v) {
		return fmt.Errorf("format %s cannot show this", f.Name)
	}
	return f.encoders[v](w, r, o)
}

var formats = []Format{
	{Name: "table", Description: "a table for reading on a terminal (the default there)",
		encoders: [3]Encoder{reportTable, eventsTable, explainTable}},
	{Name: "tsv", Description: "tab-separated lines for pipes (the default when piped)",
		encoders: [3]Encoder{reportTSV, eventsTSV, explainTSV}},
	{Name: "csv", Description: "CSV with a header row, for spreadsheets",
		encoders: [3]Encoder{reportCSV, eventsCSV, explainCSV}},
	{Name: "json", Description: "JSON, durations in minutes",
		encoders: [3]Encoder{reportJSON, eventsJSON, explainJSON}},
	{Name: "markdown", Description: "Markdown tables for wikis, chat and e-mail",
		encoders: [3]Encoder{reportMarkdown, eventsMarkdown, explainMarkdown}},
	{Name: "html", Description: "one self-contained HTML page with charts, for browsers, printing and sharing",
		encoders: [3]Encoder{reportHTML, nil, nil}},
}

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
	return "output format: " + strings.ReplaceAll(Names(v), ", ", "|") + " (default: table on a terminal, else " + defaultPiped(v) + ")"
}

func defaultPiped(v View) string {
	if v == EventsView {
		return "csv"
	}
	return "tsv"
}

// Default is the format used when none is asked for.
func Default(v View, terminal bool) string {
	if terminal {
		return "table"
	}
	return defaultPiped(v)
}

// Lookup finds the format for view v, with an error that lists the valid ones.
func Lookup(name string, v View) (Format, error) {
	for _, f := range formats {
		if strings.EqualFold(f.Name, name) || (strings.EqualFold(name, "md") && f.Name == "markdown") {
			if !f.Supports(v) {
				break
			}
			return f, nil
		}
	}
	return Format{}, fmt.Errorf("invalid format %q: valid formats are %s", name, Names(v))
}
