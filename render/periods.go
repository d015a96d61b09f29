package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter/tw"
	"github.com/timeaudit/timeaudit/audit"
)

// The --by day|week views: the same figures for each day or ISO week.
// CSV and TSV have one row per period with fixed machine columns, then one
// minutes column per category; the terminal and Markdown show days as rows
// and weeks as columns, with a total.

var periodColumns = []string{"period", "working_minutes", "meetings", "meeting_minutes", "focus_blocks", "focus_minutes",
	"buffer_blocks", "buffer_minutes", "fragments", "fragment_minutes", "longest_free_minutes", "context_switches",
	"switch_cost_minutes_low", "switch_cost_minutes_high", "effective_focus_minutes_low", "effective_focus_minutes_high",
	"after_hours_meeting_minutes", "fragmentation"}

// row is one period's figures in periodColumns order.
func periodRow(label string, p *audit.Period) []string {
	mi := minutesText
	return []string{label, mi(p.WorkingTime), strconv.Itoa(p.Meetings), mi(p.MeetingTime), strconv.Itoa(p.FocusBlocks), mi(p.FocusTime),
		strconv.Itoa(p.BufferBlocks), mi(p.BufferTime), strconv.Itoa(p.Fragments), mi(p.FragmentTime), mi(p.Longest), strconv.Itoa(p.Switches),
		mi(p.SwitchCost[0]), mi(p.SwitchCost[1]), mi(p.EffectiveFocus[0]), mi(p.EffectiveFocus[1]), mi(p.AfterHours),
		strconv.FormatFloat(round4(p.Fragmentation()), 'f', -1, 64)}
}

// dayPeriods turns days into one-day periods, with category time.
func dayPeriods(r *audit.Report) []audit.Period {
	a := r.Analysis
	out := make([]audit.Period, 0, len(a.Days))
	for i := range a.Days {
		d := &a.Days[i]
		p := audit.Period{Label: d.Date.Format(time.DateOnly), Start: d.Date, Days: 1, WorkingTime: d.WorkingTime, Meetings: d.Meetings,
			MeetingTime: d.MeetingTime, FocusBlocks: d.FocusBlocks, FocusTime: d.FocusTime, BufferBlocks: d.BufferBlocks, BufferTime: d.BufferTime,
			Fragments: d.Fragments, FragmentTime: d.FragmentTime, Longest: d.Longest, Switches: d.Switches, EffectiveFocus: d.EffectiveFocus,
			AfterHours: d.AfterHours}
		if d.WorkingTime > 0 {
			p.WorkingDays = 1
		}
		s := &a.Settings
		p.SwitchCost = [2]time.Duration{time.Duration(d.Switches) * s.SwitchCost[0], time.Duration(d.Switches) * s.SwitchCost[1]}
		p.Categories = d.Categories
		out = append(out, p)
	}
	return out
}

func periodsFor(r *audit.Report, by string) []audit.Period {
	if by == "day" {
		return dayPeriods(r)
	}
	return r.Analysis.ByWeek
}

func noPeriods(w io.Writer) error {
	_, err := fmt.Fprintln(w, "No per-day figures: the input has no times of day.")
	return errWrite(err)
}

func periodsDelimited(w io.Writer, r *audit.Report, by string, comma rune) error {
	if r.Analysis == nil {
		return noPeriods(w)
	}
	header := append([]string{}, periodColumns...)
	header[0] = by
	for _, c := range r.Categories {
		header = append(header, "minutes:"+c.Name)
	}
	cw := csv.NewWriter(w)
	cw.Comma = comma
	cw.Write(header)
	write := func(label string, p *audit.Period) {
		row := periodRow(label, p)
		for _, c := range p.Categories {
			row = append(row, minutesText(c.Time))
		}
		if comma == '\t' {
			for i := range row {
				row[i] = tsvCell(row[i])
			}
		}
		cw.Write(row)
	}
	for _, p := range periodsFor(r, by) {
		write(p.Label, &p)
	}
	write("total", &r.Analysis.Total)
	cw.Flush()
	return errWrite(cw.Error())
}

// periodsDocument shows days as rows; weeks as columns.
func periodsDocument(r *audit.Report, by string) *document {
	d := &document{title: "Time audit by " + by, subtitle: rangeTitle(r)}
	a := r.Analysis
	ps := periodsFor(r, by)
	if by == "day" {
		s := section{}
		t := newTableSpec([]string{"Day", "Working", "Meetings", "In meetings", "Focus (free)", "Effective focus", "Buffers", "Fragments", "Switches", "Switch cost", "After hours"}, tw.AlignLeft)
		t.drop = []int{10, 9, 5, 7, 6}
		for i := range ps {
			p := &ps[i]
			t.add(p.Start.Format("Mon 2 Jan"), orDash(hm(p.WorkingTime)), orDash(strconv.Itoa(p.Meetings)), orDash(hm(p.MeetingTime)),
				orDash(countTime(p.FocusBlocks, p.FocusTime)), orDash(rangeHM(p.EffectiveFocus[0], p.EffectiveFocus[1])),
				orDash(countTime(p.BufferBlocks, p.BufferTime)), orDash(countTime(p.Fragments, p.FragmentTime)), orDash(strconv.Itoa(p.Switches)),
				orDash(rangeHM(p.SwitchCost[0], p.SwitchCost[1])), orDash(hm(p.AfterHours)))
		}
		tot := &a.Total
		t.footer = []string{"Total", hm(tot.WorkingTime), strconv.Itoa(tot.Meetings), hm(tot.MeetingTime), orDash(countTime(tot.FocusBlocks, tot.FocusTime)),
			orDash(rangeHM(tot.EffectiveFocus[0], tot.EffectiveFocus[1])), orDash(countTime(tot.BufferBlocks, tot.BufferTime)),
			orDash(countTime(tot.Fragments, tot.FragmentTime)), strconv.Itoa(tot.Switches), orDash(rangeHM(tot.SwitchCost[0], tot.SwitchCost[1])), orDash(hm(tot.AfterHours))}
		s.table = t
		d.sections = append(d.sections, s)
		return d
	}
	// Weeks as columns.
	header := []string{""}
	for _, p := range ps {
		header = append(header, p.Label)
	}
	header = append(header, "Total")
	t := newTableSpec(header, tw.AlignLeft)
	all := append(append([]audit.Period{}, ps...), a.Total)
	row := func(name string, f func(p *audit.Period) string) {
		cells := []string{name}
		for i := range all {
			cells = append(cells, f(&all[i]))
		}
		t.add(cells...)
	}
	row("Working time", func(p *audit.Period) string { return hm(p.WorkingTime) })
	row("Meetings", func(p *audit.Period) string { return strconv.Itoa(p.Meetings) })
	row("In meetings", func(p *audit.Period) string { return hm(p.MeetingTime) })
	row("Focus blocks", func(p *audit.Period) string { return orDash(countTime(p.FocusBlocks, p.FocusTime)) })
	row("Effective focus", func(p *audit.Period) string { return rangeHM(p.EffectiveFocus[0], p.EffectiveFocus[1]) })
	row("Buffers", func(p *audit.Period) string { return orDash(countTime(p.BufferBlocks, p.BufferTime)) })
	row("Fragments", func(p *audit.Period) string { return orDash(countTime(p.Fragments, p.FragmentTime)) })
	row("Fragmentation", func(p *audit.Period) string { return pct(p.Fragmentation()) })
	row("Context switches", func(p *audit.Period) string { return strconv.Itoa(p.Switches) })
	row("Switches a day", func(p *audit.Period) string { return num(p.SwitchesPerDay()) })
	row("Switch cost", func(p *audit.Period) string { return rangeHM(p.SwitchCost[0], p.SwitchCost[1]) })
	row("After hours", func(p *audit.Period) string { return orDash(hm(p.AfterHours)) })
	for ci, c := range r.Categories {
		ci := ci
		row(c.Name, func(p *audit.Period) string { return orDash(hm(p.Categories[ci].Time)) })
	}
	d.sections = append(d.sections, section{table: t})
	return d
}

func periodsTerminal(w io.Writer, r *audit.Report, by string, o Options) error {
	if r.Analysis == nil {
		return noPeriods(w)
	}
	return writeTerminal(w, periodsDocument(r, by), o)
}

func periodsMarkdown(w io.Writer, r *audit.Report, by string) error {
	if r.Analysis == nil {
		return noPeriods(w)
	}
	return writeMarkdown(w, periodsDocument(r, by))
}

// ValidBy reports whether a --by value is known.
func ValidBy(by string) error {
	switch strings.ToLower(by) {
	case "", "day", "week":
		return nil
	}
	return fmt.Errorf("invalid --by %q: use day or week", by)
}
