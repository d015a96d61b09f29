package audit

import (
	"strings"
	"time"
)

// Unit says how a figure is measured and shown.
type Unit int

// Units of figures.
const (
	UnitDuration Unit = iota // Value in minutes
	UnitCount
	UnitRate    // a mean, such as switches a day
	UnitPercent // Value a fraction, 0..1
)

// Figure is one headline number of a report, comparable across reports.
type Figure struct {
	Key   string // machine name, stable: "meeting_minutes", "category:Hiring"
	Name  string // for people: "Time in meetings"
	Unit  Unit
	Value float64
	// Better says which way is good, by the article: +1 when more is
	// better (focus), -1 when less is (fragmentation, switches), 0 when
	// neither.
	Better int
}

func minutesOf(d time.Duration) float64 { return d.Minutes() }

// Figures lists a report's headline figures in a fixed order: totals,
// meetings, focus, fragmentation, switches, 1-on-1s, then each category.
// The time-of-day figures are there only when the analyses are.
func Figures(r *Report) []Figure {
	fs := []Figure{
		{Key: "counted_minutes", Name: "Time counted", Unit: UnitDuration, Value: minutesOf(r.Total.Time)},
		{Key: "events", Name: "Events counted", Unit: UnitCount, Value: float64(r.Total.Events)},
	}
	if a := r.Analysis; a != nil {
		m, t := &a.Meetings, &a.Total
		fs = append(fs,
			Figure{Key: "meetings", Name: "Meetings", Unit: UnitCount, Value: float64(m.Count), Better: -1},
			Figure{Key: "meeting_minutes", Name: "Time in meetings", Unit: UnitDuration, Value: minutesOf(m.Time), Better: -1},
			Figure{Key: "meeting_share", Name: "Share of working time in meetings", Unit: UnitPercent, Value: m.Share, Better: -1},
			Figure{Key: "focus_blocks", Name: "Focus blocks", Unit: UnitCount, Value: float64(t.FocusBlocks), Better: 1},
			Figure{Key: "focus_minutes", Name: "Focus time", Unit: UnitDuration, Value: minutesOf(t.FocusTime), Better: 1},
			Figure{Key: "effective_focus_minutes", Name: "Effective focus (after switches, at most)", Unit: UnitDuration, Value: minutesOf(t.EffectiveFocus[1]), Better: 1},
			Figure{Key: "fragmentation", Name: "Fragmentation", Unit: UnitPercent, Value: t.Fragmentation(), Better: -1},
			Figure{Key: "context_switches", Name: "Context switches", Unit: UnitCount, Value: float64(t.Switches), Better: -1},
			Figure{Key: "switches_per_day", Name: "Context switches a working day", Unit: UnitRate, Value: t.SwitchesPerDay(), Better: -1},
			Figure{Key: "back_to_back_chains", Name: "Back-to-back chains", Unit: UnitCount, Value: float64(m.Chains), Better: -1},
			Figure{Key: "longest_chain", Name: "Longest back-to-back chain", Unit: UnitCount, Value: float64(m.LongestChain), Better: -1},
			Figure{Key: "after_hours_minutes", Name: "Meetings outside working hours", Unit: UnitDuration, Value: minutesOf(m.AfterHoursTime), Better: -1},
			Figure{Key: "one_on_one_days_per_week", Name: "Days a week with 1-on-1s", Unit: UnitRate, Value: a.OneOnOnes.DaysPerWeek, Better: -1},
		)
	}
	for _, c := range r.Categories {
		fs = append(fs, Figure{Key: "category:" + c.Name, Name: c.Name, Unit: UnitDuration, Value: minutesOf(c.Time)})
	}
	return fs
}

// Delta is a figure of one report beside the same figure of an earlier one.
type Delta struct {
	Figure
	Previous    float64
	HasPrevious bool // the earlier report has the figure
	HasCurrent  bool // this report has it (a category may have gone)
}

// Change is Value - Previous.
func (d Delta) Change() float64 { return d.Value - d.Previous }

// Verdict is +1 when the change is for the better, -1 for the worse, 0
// when there is no change or no judgement.
func (d Delta) Verdict() int {
	switch c := d.Change(); {
	case !d.HasPrevious || !d.HasCurrent || d.Better == 0 || c == 0:
		return 0
	case (c > 0) == (d.Better > 0):
		return 1
	}
	return -1
}

// Compare sets each figure of cur beside prev's: cur's figures in order,
// then the categories only prev had.
func Compare(cur, prev *Report) []Delta {
	before := map[string]Figure{}
	for _, f := range Figures(prev) {
		before[f.Key] = f
	}
	var out []Delta
	seen := map[string]bool{}
	for _, f := range Figures(cur) {
		p, ok := before[f.Key]
		// A category the earlier range has no time in had 0.
		ok = ok || strings.HasPrefix(f.Key, "category:")
		out = append(out, Delta{Figure: f, Previous: p.Value, HasPrevious: ok, HasCurrent: true})
		seen[f.Key] = true
	}
	for _, f := range Figures(prev) {
		if !seen[f.Key] {
			g := f
			g.Value = 0
			// A category without time now has 0; a figure the report
			// cannot give (no times of day) has none.
			out = append(out, Delta{Figure: g, Previous: f.Value, HasPrevious: true, HasCurrent: strings.HasPrefix(f.Key, "category:")})
		}
	}
	return out
}
