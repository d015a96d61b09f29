package render

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/timeaudit/timeaudit/audit"
)

// maxInvalidListed bounds how many skipped records a human-readable report lists.
const maxInvalidListed = 10

func reportTable(w io.Writer, r *audit.Report, o Options) error {
	if o.By != "" {
		return periodsTerminal(w, r, o.By, o)
	}
	return writeTerminal(w, buildReport(r, o, true), o)
}

// humanFooter writes what was left out, the invalid records and the
// notes, wrapped to the width.
func humanFooter(w io.Writer, r *audit.Report, o Options) {
	width := o.width()
	if s := leftOutText(r); s != "" {
		writeLines(w, wrapText("Left out: "+s+".", width, "", "  "))
	}
	if s := responsesText(r); s != "" {
		writeLines(w, wrapText("Your responses: "+s+".", width, "", "  "))
	}
	if len(r.Invalid) > 0 {
		fmt.Fprintln(w, "Invalid records skipped:")
		for i, s := range r.Invalid {
			if i == maxInvalidListed {
				fmt.Fprintf(w, "  ... and %d more (see --format json)\n", len(r.Invalid)-i)
				break
			}
			writeLines(w, wrapText(fmt.Sprintf("%s: %s", s.Source, s.Err), width, "  ", "    "))
		}
	}
	for _, n := range r.Notes {
		for _, l := range wrapText("Note: "+n, width, "", "  ") {
			fmt.Fprintln(w, dim(l, o))
		}
	}
}

// reportTSV is the report for pipes: a header line, one line per category
// and a total; what was left out and the notes go to stderr (Notes).
func reportTSV(w io.Writer, r *audit.Report, o Options) error {
	if o.By != "" {
		return periodsDelimited(w, r, o.By, '\t')
	}
	bw := bufio.NewWriter(w)
	prev := previousMinutes(r, o.Previous)
	fmt.Fprint(bw, "category\tkind\tevents\tminutes\tshare")
	if prev != nil {
		fmt.Fprint(bw, "\tprevious_minutes\tchange_minutes")
	}
	fmt.Fprintln(bw)
	for _, c := range withPrevious(r, o.Previous) {
		fmt.Fprintf(bw, "%s\t%s\t%d\t%s\t%s", tsvCell(c.Name), c.Kind, c.Events, minutesText(c.Time), strconv.FormatFloat(round4(c.Share), 'f', -1, 64))
		if prev != nil {
			fmt.Fprintf(bw, "\t%s\t%s", num(prev[c.Name]), num(minutes(c.Time)-prev[c.Name]))
		}
		fmt.Fprintln(bw)
	}
	fmt.Fprintf(bw, "Total\t\t%d\t%s\t%s", r.Total.Events, minutesText(r.Total.Time), strconv.FormatFloat(r.Total.Share, 'f', -1, 64))
	if prev != nil {
		fmt.Fprintf(bw, "\t%s\t%s", num(minutes(o.Previous.Total.Time)), num(minutes(r.Total.Time)-minutes(o.Previous.Total.Time)))
	}
	fmt.Fprintln(bw)
	return errWrite(bw.Flush())
}

// Notes are what a report says beside its figures, one line each, for
// stderr: its notes, and where the format carries nothing else (CSV, TSV),
// what was left out, the user's responses and the invalid records skipped.
func Notes(r *audit.Report, f Format) []string {
	out := append([]string(nil), r.Notes...)
	if !f.bare {
		return out
	}
	if s := leftOutText(r); s != "" {
		out = append(out, "left out: "+s)
	}
	if s := responsesText(r); s != "" {
		out = append(out, "your responses: "+s)
	}
	for i, s := range r.Invalid {
		if i == maxInvalidListed {
			out = append(out, fmt.Sprintf("... and %d more invalid records (see --format json)", len(r.Invalid)-i))
			break
		}
		out = append(out, fmt.Sprintf("invalid record skipped: %s: %s", s.Source, oneLine(s.Err)))
	}
	return out
}

// reportCSV is one row per category, for a spreadsheet; the spreadsheet
// sums, so there is no total row.
func reportCSV(w io.Writer, r *audit.Report, o Options) error {
	if o.By != "" {
		return periodsDelimited(w, r, o.By, ',')
	}
	cw := csv.NewWriter(w)
	prev := previousMinutes(r, o.Previous)
	header := []string{"category", "kind", "events", "minutes", "hours", "share"}
	if prev != nil {
		header = append(header, "previous_minutes", "change_minutes")
	}
	cw.Write(header)
	for _, c := range withPrevious(r, o.Previous) {
		row := []string{sheetCell(c.Name), string(c.Kind), strconv.Itoa(c.Events), minutesText(c.Time),
			strconv.FormatFloat(hours(c.Time), 'f', -1, 64), strconv.FormatFloat(round4(c.Share), 'f', -1, 64)}
		if prev != nil {
			row = append(row, num(prev[c.Name]), num(minutes(c.Time)-prev[c.Name]))
		}
		cw.Write(row)
	}
	cw.Flush()
	return errWrite(cw.Error())
}

func reportMarkdown(w io.Writer, r *audit.Report, o Options) error {
	if o.By != "" {
		return periodsMarkdown(w, r, o.By)
	}
	return writeMarkdown(w, buildReport(r, o, false))
}

// previousMinutes is the earlier report's minutes by category; nil without one.
func previousMinutes(r, prev *audit.Report) map[string]float64 {
	if prev == nil {
		return nil
	}
	m := map[string]float64{}
	for _, c := range prev.Categories {
		m[c.Name] = minutes(c.Time)
	}
	return m
}

// withPrevious is the report's categories, then (with zero time) those only
// the earlier report has.
func withPrevious(r, prev *audit.Report) []audit.CategoryTotal {
	if prev == nil {
		return r.Categories
	}
	out := append([]audit.CategoryTotal(nil), r.Categories...)
	seen := map[string]bool{}
	for _, c := range r.Categories {
		seen[c.Name] = true
	}
	for _, c := range prev.Categories {
		if !seen[c.Name] {
			out = append(out, audit.CategoryTotal{Category: c.Category})
		}
	}
	return out
}
