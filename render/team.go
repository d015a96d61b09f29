package render

import (
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"github.com/olekukonko/tablewriter/tw"
	"github.com/timeaudit/timeaudit/audit"
)

// Named is one source's report in a team view.
type Named struct {
	Name   string
	Report *audit.Report
}

// The team view (--per-source) sets sources side by side: one column per
// source (one person's calendar, say) and their average. Merging several
// people's calendars onto one timeline would make focus and fragmentation
// meaningless, so the last column averages the people instead.

// teamMetric is one row: a number per report, and how to show it.
type teamMetric struct {
	name    string
	machine string
	value   func(r *audit.Report) (float64, bool) // false: not available for this report
	show    func(v float64) string
}

func analysed(f func(a *audit.Analysis) float64) func(r *audit.Report) (float64, bool) {
	return func(r *audit.Report) (float64, bool) {
		if r.Analysis == nil {
			return 0, false
		}
		return f(r.Analysis), true
	}
}

func perWeek(a *audit.Analysis, v float64) float64 {
	if a.Weeks == 0 {
		return 0
	}
	return v / a.Weeks
}

func showHM(v float64) string { return hm(time.Duration(v * float64(time.Minute))) }

func teamMetrics(reports []Named) []teamMetric {
	always := func(f func(r *audit.Report) float64) func(r *audit.Report) (float64, bool) {
		return func(r *audit.Report) (float64, bool) { return f(r), true }
	}
	ms := []teamMetric{
		{"Time counted", "minutes", always(func(r *audit.Report) float64 { return r.Total.Time.Minutes() }), showHM},
		{"Events", "events", always(func(r *audit.Report) float64 { return float64(r.Total.Events) }), num},
		{"Meetings a week", "meetings_per_week", analysed(func(a *audit.Analysis) float64 { return a.Meetings.PerWeek }), num},
		{"Meeting hours a week", "meeting_hours_per_week", analysed(func(a *audit.Analysis) float64 { return a.Meetings.HoursPerWeek }), num},
		{"Share in meetings", "meeting_share", analysed(func(a *audit.Analysis) float64 { return a.Meetings.Share }), pct},
		{"Focus hours a week", "focus_hours_per_week", analysed(func(a *audit.Analysis) float64 { return perWeek(a, a.Total.FocusTime.Hours()) }), num},
		{"Effective focus a week", "effective_focus_hours_per_week", analysed(func(a *audit.Analysis) float64 { return perWeek(a, a.Total.EffectiveFocus[0].Hours()) }), num},
		{"Fragmentation", "fragmentation", analysed(func(a *audit.Analysis) float64 { return a.Total.Fragmentation() }), pct},
		{"Switches a day", "context_switches_per_day", analysed(func(a *audit.Analysis) float64 { return a.Total.SwitchesPerDay() }), num},
		{"Back-to-back chains a week", "back_to_back_chains_per_week", analysed(func(a *audit.Analysis) float64 { return perWeek(a, float64(a.Meetings.Chains)) }), num},
		{"After-hours meetings a week", "after_hours_meeting_minutes_per_week", analysed(func(a *audit.Analysis) float64 { return perWeek(a, a.Total.AfterHours.Minutes()) }), showHM},
		{"1-on-1 days a week", "one_on_one_days_per_week", analysed(func(a *audit.Analysis) float64 { return a.OneOnOnes.DaysPerWeek }), num},
		{"Targets missed", "targets_missed", func(r *audit.Report) (float64, bool) {
			if r.Analysis == nil || len(r.Analysis.Targets) == 0 {
				return 0, false
			}
			return float64(r.Analysis.Missed()), true
		}, num},
	}
	// A share row for every category any source has, in first-seen order.
	seen := map[string]bool{}
	for _, n := range reports {
		for _, c := range n.Report.Categories {
			if seen[c.Name] {
				continue
			}
			seen[c.Name] = true
			name := c.Name
			ms = append(ms, teamMetric{name, "share:" + name, func(r *audit.Report) (float64, bool) {
				for _, x := range r.Categories {
					if x.Name == name {
						return x.Share, true
					}
				}
				return 0, true
			}, pct})
		}
	}
	return ms
}

// average is the mean over the reports that have the metric.
func (m teamMetric) average(reports []Named) (float64, bool) {
	sum, n := 0.0, 0
	for _, r := range reports {
		if v, ok := m.value(r.Report); ok {
			sum += v
			n++
		}
	}
	if n == 0 {
		return 0, false
	}
	return sum / float64(n), true
}

func (m teamMetric) cell(v float64, ok bool) string {
	if !ok {
		return "–"
	}
	return m.show(v)
}

func teamDocument(reports []Named, all *audit.Report) *document {
	d := &document{title: "Time audit by source", subtitle: rangeTitle(all)}
	header := []string{""}
	for _, n := range reports {
		header = append(header, n.Name)
	}
	header = append(header, "Average")
	t := newTableSpec(header, tw.AlignLeft)
	for _, m := range teamMetrics(reports) {
		row := []string{m.name}
		for _, n := range reports {
			row = append(row, m.cell(m.value(n.Report)))
		}
		t.add(append(row, m.cell(m.average(reports)))...)
	}
	d.sections = append(d.sections, section{table: t, after: []string{
		"Category rows are shares of each source's counted time; Average is the mean of the sources.",
	}})
	return d
}

// The team view's encoders: sources side by side and their average.

func teamTable(w io.Writer, in Input, o Options) error {
	return writeTerminal(w, teamDocument(in.Sources, in.Report), o)
}

func teamMarkdown(w io.Writer, in Input, _ Options) error {
	return writeMarkdown(w, teamDocument(in.Sources, in.Report))
}

func teamHTML(w io.Writer, in Input, _ Options) error {
	return writeHTML(w, teamDocument(in.Sources, in.Report), nil)
}

func teamJSON(w io.Writer, in Input, _ Options) error {
	type source struct {
		Source string `json:"source"`
		jsonReport
	}
	out := struct {
		Sources []source           `json:"sources"`
		Average map[string]float64 `json:"average"` // the mean of the sources, by metric
		All     jsonReport         `json:"all"`     // every source merged, as one calendar
	}{Average: map[string]float64{}, All: buildJSON(in.Report)}
	for _, n := range in.Sources {
		out.Sources = append(out.Sources, source{Source: n.Name, jsonReport: buildJSON(n.Report)})
	}
	for _, m := range teamMetrics(in.Sources) {
		if v, ok := m.average(in.Sources); ok {
			out.Average[m.machine] = round4(v)
		}
	}
	return writeJSON(w, out)
}

func teamCSV(w io.Writer, in Input, _ Options) error { return teamDelimited(w, in.Sources, ',') }
func teamTSV(w io.Writer, in Input, _ Options) error { return teamDelimited(w, in.Sources, '\t') }

// teamDelimited is one row per source, then the average.
func teamDelimited(w io.Writer, reports []Named, comma rune) error {
	ms := teamMetrics(reports)
	cw := csv.NewWriter(w)
	cw.Comma = comma
	header := []string{"source"}
	for _, m := range ms {
		header = append(header, m.machine)
	}
	cw.Write(header)
	value := func(v float64, ok bool) string {
		if !ok {
			return ""
		}
		return strconv.FormatFloat(round4(v), 'f', -1, 64)
	}
	for _, n := range reports {
		row := []string{sheetCell(n.Name)}
		for _, m := range ms {
			row = append(row, value(m.value(n.Report)))
		}
		cw.Write(row)
	}
	row := []string{"average"}
	for _, m := range ms {
		row = append(row, value(m.average(reports)))
	}
	cw.Write(row)
	cw.Flush()
	return errWrite(cw.Error())
}
