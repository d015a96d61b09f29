package render

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/timeaudit/timeaudit/audit"
)

// rangeTitle describes the report's range for people:
// "2026-W12 · Mon 16 Mar – Sun 22 Mar 2026 · Europe/Berlin".
func rangeTitle(r *audit.Report) string {
	if r.Range.IsZero() {
		return "all events (the input has no dates)"
	}
	from, last := r.Range.From, r.Range.To.AddDate(0, 0, -1)
	var span string
	switch {
	case from.Equal(last):
		span = from.Format("Mon 2 Jan 2006")
	case from.Year() == last.Year():
		span = from.Format("Mon 2 Jan") + " – " + last.Format("Mon 2 Jan 2006")
	default:
		span = from.Format("Mon 2 Jan 2006") + " – " + last.Format("Mon 2 Jan 2006")
	}
	parts := []string{}
	if l := r.Range.Label(); strings.Contains(l, "-W") {
		parts = append(parts, l)
	}
	parts = append(parts, span, r.Range.Location().String())
	s := strings.Join(parts, " · ")
	if r.RangeDerived {
		s += " (the span of the input)"
	}
	return s
}

// leftOutText is "2 declined by me, 1 cancelled", or "" when nothing was left out.
func leftOutText(r *audit.Report) string {
	var parts []string
	for _, l := range r.LeftOut {
		parts = append(parts, fmt.Sprintf("%d %s", l.Events, l.Reason))
	}
	return strings.Join(parts, ", ")
}

// responsesText is "12 accepted, 3 tentative, 2 not answered; 1 declined
// (left out)", or "" when no response is known.
func responsesText(r *audit.Report) string {
	rs := r.Responses
	if !rs.Known() {
		return ""
	}
	var parts []string
	for _, p := range []struct {
		n    int
		word string
	}{{rs.Accepted, "accepted"}, {rs.Tentative, "tentative"}, {rs.NeedsAction, "not answered"}, {rs.Unknown, "unknown"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.word))
		}
	}
	s := strings.Join(parts, ", ")
	if rs.Declined > 0 {
		if s != "" {
			s += "; "
		}
		if r.LeftOutCount(audit.DeclinedByMe) > 0 {
			s += fmt.Sprintf("%d declined (left out)", rs.Declined)
		} else {
			s += fmt.Sprintf("%d declined (counted)", rs.Declined)
		}
	}
	return s
}

// minutes is d in minutes, to two decimals.
func minutes(d time.Duration) float64 {
	return math.Round(d.Minutes()*100) / 100
}

// appendMinutes appends minutesText(d): whole minutes as an integer
// (what FormatFloat writes for them), else as minutesText.
func appendMinutes(b []byte, d time.Duration) []byte {
	if d%time.Minute == 0 && d >= 0 && d < 1<<53 {
		return strconv.AppendInt(b, int64(d/time.Minute), 10)
	}
	return strconv.AppendFloat(b, minutes(d), 'f', -1, 64)
}

// minutesText renders minutes for CSV and TSV: "330", or "30.5" with seconds.
func minutesText(d time.Duration) string {
	return strconv.FormatFloat(minutes(d), 'f', -1, 64)
}

func hours(d time.Duration) float64 {
	return math.Round(d.Hours()*100) / 100
}

func round4(f float64) float64 { return math.Round(f*10000) / 10000 }

func percent(share float64) string {
	return strconv.FormatFloat(share*100, 'f', 1, 64) + "%"
}

// bar draws share as a bar of up to width cells.
func bar(share float64, width int) string {
	eighths := int(math.Round(share * float64(width*8)))
	full, rest := eighths/8, eighths%8
	s := strings.Repeat("█", full)
	if rest > 0 {
		s += string([]rune("▏▎▍▌▋▊▉")[rest-1])
	}
	return s
}

// count is "1 event", "2 events".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

func title(e *audit.Event) string {
	if strings.TrimSpace(e.Title) == "" {
		return "(no title)"
	}
	return e.Title
}

// oneLine folds a title's line breaks for tables.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\t") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

func bold(s string, o Options) string {
	if !o.Color {
		return s
	}
	return "\x1b[1m" + s + "\x1b[0m"
}

func dim(s string, o Options) string {
	if !o.Color {
		return s
	}
	return "\x1b[2m" + s + "\x1b[0m"
}

// newTable is the terminal table: light box drawing, headers as written,
// columns aligned as given.
func newTable(w io.Writer, aligns []tw.Align) *tablewriter.Table {
	return newTextTable(w, aligns, false)
}

// newMarkdown is a Markdown table; cells must be escaped with mdCell.
func newMarkdown(w io.Writer, aligns []tw.Align) *tablewriter.Table {
	return tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewMarkdown()),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{PerColumn: aligns}),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: aligns}),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
	)
}

// mdCell escapes text for a Markdown table cell.
func mdCell(s string) string {
	s = oneLine(s)
	r := strings.NewReplacer(`\`, `\\`, "|", `\|`, "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`)
	return r.Replace(s)
}

// tsvCell keeps a value on one field (tabs and line breaks become spaces)
// and, as in CSV, keeps a spreadsheet from running it as a formula: TSV is
// what a pipe gets, and pipes end in spreadsheets too.
func tsvCell(s string) string { return sheetCell(oneLine(s)) }

// sheetCell protects a text cell that a spreadsheet would run as a formula
// (it starts with =, +, -, @ or a control character) by prefixing a quote:
// calendar titles come from whoever sent the invitation.
func sheetCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\n':
		return "'" + s
	}
	return s
}

func errWrite(err error) error {
	if err != nil {
		return fmt.Errorf("writing output: %w", err)
	}
	return nil
}
