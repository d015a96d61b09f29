package render

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/olekukonko/tablewriter/tw"
	"github.com/timeaudit/timeaudit/audit"
)

// Named is one source's report in a team view.
type Named struct {
	Name   string
	Report *audit.Report
}

// The team view (--per-source) sets sources side by side: one column per
// source and one for all of them together.

type teamMetric struct {
	name    string
	machine string
	human   func(r *audit.Report) string
	value   func(r *audit.Report) string
}

func analysed(r *audit.Report, f func(a *audit.Analysis) string) string {
	if r.Analysis == nil {
		return ""
	}
	return f(r.Analysis)
}

func perWeek(a *audit.Analysis, v float64) float64 {
	if a.Weeks == 0 {
		return 0
	}
	return v / a.Weeks
}

func teamMetrics(all *audit.Report) []teamMetric {
	ms := []teamMetric{
		{"Time counted", "minutes", func(r *audit.Report) string { return hm(r.Total.Time) }, func(r *audit.Report) string { return minutesText(r.Total.Time) }},
		{"Events", "events", func(r *audit.Report) string { return strconv.Itoa(r.Total.Events) }, func(r *audit.Report) string { return strconv.Itoa(r.Total.Events) }},
		{"Meetings a week", "meetings_per_week",
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string { return num(a.Meetings.PerWeek) })
			},
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string { return num(a.Meetings.PerWeek) })
			}},
		{"Meeting hours a week", "meeting_hours_per_week",
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string { return num(a.Meetings.HoursPerWeek) })
			},
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string { return num(a.Meetings.HoursPerWeek) })
			}},
		{"Share in meetings", "meeting_share",
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string { return pct(a.Meetings.Share) })
			},
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string { return strconv.FormatFloat(round4(a.Meetings.Share), 'f', -1, 64) })
			}},
		{"Focus hours a week", "focus_hours_per_week",
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string { return num(perWeek(a, a.Total.FocusTime.Hours())) })
			},
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string { return num(perWeek(a, a.Total.FocusTime.Hours())) })
			}},
		{"Effective focus a week", "effective_focus_hours_per_week_low",
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string {
					return num(perWeek(a, a.Total.EffectiveFocus[0].Hours())) + "-" + num(perWeek(a, a.Total.EffectiveFocus[1].Hours()))
				})
			},
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string { return num(perWeek(a, a.Total.EffectiveFocus[0].Hours())) })
			}},
		{"Fragmentation", "fragmentation",
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string { return pct(a.Total.Fragmentation()) })
			},
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string {
					return strconv.FormatFloat(round4(a.Total.Fragmentation()), 'f', -1, 64)
				})
			}},
		{"Switches a day", "context_switches_per_day",
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string { return num(a.Total.SwitchesPerDay()) })
			},
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string { return num(a.Total.SwitchesPerDay()) })
			}},
		{"Back-to-back chains", "back_to_back_chains",
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string { return strconv.Itoa(a.Meetings.Chains) })
			},
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string { return strconv.Itoa(a.Meetings.Chains) })
			}},
		{"After-hours meetings", "after_hours_meeting_minutes",
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string { return hm(a.Total.AfterHours) })
			},
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string { return minutesText(a.Total.AfterHours) })
			}},
		{"1-on-1 days a week", "one_on_one_days_per_week",
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string { return num(a.OneOnOnes.DaysPerWeek) })
			},
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string { return num(a.OneOnOnes.DaysPerWeek) })
			}},
		{"Targets met", "targets_missed",
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string {
					if len(a.Targets) == 0 {
						return ""
					}
					return strconv.Itoa(len(a.Targets)-a.Missed()) + " of " + strconv.Itoa(len(a.Targets))
				})
			},
			func(r *audit.Report) string {
				return analysed(r, func(a *audit.Analysis) string { return strconv.Itoa(a.Missed()) })
			}},
	}
	for _, c := range all.Categories {
		name := c.Name
		share := func(r *audit.Report) float64 {
			for _, x := range r.Categories {
				if x.Name == name {
					return x.Share
				}
			}
			return 0
		}
		ms = append(ms, teamMetric{name, "share:" + name,
			func(r *audit.Report) string { return pct(share(r)) },
			func(r *audit.Report) string { return strconv.FormatFloat(round4(share(r)), 'f', -1, 64) }})
	}
	return ms
}

func teamDocument(reports []Named, all *audit.Report) *document {
	d := &document{title: "Time audit by source", subtitle: rangeTitle(all)}
	header := []string{""}
	for _, n := range reports {
		header = append(header, n.Name)
	}
	header = append(header, "All")
	t := newTableSpec(header, tw.AlignLeft)
	for _, m := range teamMetrics(all) {
		row := []string{m.name}
		for _, n := range reports {
			row = append(row, orDash(m.human(n.Report)))
		}
		t.add(append(row, orDash(m.human(all)))...)
	}
	d.sections = append(d.sections, section{table: t, after: []string{"Category rows are shares of each source's counted time."}})
	return d
}

// EncodeTeam writes the team view: sources side by side, and all of them.
func EncodeTeam(w io.Writer, f Format, reports []Named, all *audit.Report, o Options) error {
	switch f.Name {
	case "table":
		return writeTerminal(w, teamDocument(reports, all), o)
	case "markdown":
		return writeMarkdown(w, teamDocument(reports, all))
	case "json":
		type source struct {
			Source string `json:"source"`
			jsonReport
		}
		out := struct {
			Sources []source   `json:"sources"`
			All     jsonReport `json:"all"`
		}{All: buildJSON(all)}
		for _, n := range reports {
			out.Sources = append(out.Sources, source{Source: n.Name, jsonReport: buildJSON(n.Report)})
		}
		return writeJSON(w, out)
	}
	// csv and tsv: one row per source, then all.
	cw := csv.NewWriter(w)
	if f.Name == "tsv" {
		cw.Comma = '\t'
	}
	ms := teamMetrics(all)
	header := []string{"source"}
	for _, m := range ms {
		header = append(header, m.machine)
	}
	cw.Write(header)
	write := func(name string, r *audit.Report) {
		row := []string{sheetCell(name)}
		for _, m := range ms {
			row = append(row, m.value(r))
		}
		cw.Write(row)
	}
	for _, n := range reports {
		write(n.Name, n.Report)
	}
	write("all", all)
	cw.Flush()
	return errWrite(cw.Error())
}
