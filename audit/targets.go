package audit

import (
	"strings"
)

// checkTargets measures each target of the settings over the range.
func checkTargets(a *Analysis, r *Report, s *Settings) []TargetResult {
	var out []TargetResult
	perWeek := func(v float64) float64 {
		if a.Weeks == 0 {
			return 0
		}
		return v / a.Weeks
	}
	for _, t := range s.Targets {
		m, _ := LookupMetric(t.Metric)
		res := TargetResult{Target: t, Unit: m.Unit}
		tot := &a.Total
		switch t.Metric {
		case "focus_hours":
			res.Actual = perWeek(tot.FocusTime.Hours())
		case "effective_focus_hours":
			res.Actual = perWeek(tot.EffectiveFocus[0].Hours())
		case "focus_blocks":
			res.Actual = perWeek(float64(tot.FocusBlocks))
		case "buffer_hours":
			res.Actual = perWeek(tot.BufferTime.Hours())
		case "meetings_per_week":
			res.Actual = a.Meetings.PerWeek
		case "meeting_hours":
			res.Actual = a.Meetings.HoursPerWeek
		case "meeting_share":
			res.Actual = a.Meetings.Share
		case "context_switches_per_day":
			res.Actual = tot.SwitchesPerDay()
		case "fragmentation":
			res.Actual = tot.Fragmentation()
		case "back_to_back_chains":
			res.Actual = perWeek(float64(a.Meetings.Chains))
		case "after_hours_meeting_hours":
			res.Actual = perWeek(tot.AfterHours.Hours())
		case "one_on_one_days":
			res.Actual = a.OneOnOnes.DaysPerWeek
		case "one_on_ones_overdue":
			for _, e := range a.Roster {
				if e.Late() {
					res.Actual++
				}
			}
		case "external_days":
			res.Actual = a.External.DaysPerWeek
		case "mixed_days":
			res.Actual = perWeek(float64(a.External.MixedDays))
		case "prep_share":
			res.Actual = a.Prep.Share
		case "own_work_share":
			res.Actual = a.OwnWorkShare
		case "share", "hours":
			for _, c := range r.Categories {
				if strings.EqualFold(c.Name, t.Category) {
					if t.Metric == "share" {
						res.Actual = c.Share
					} else {
						res.Actual = perWeek(c.Time.Hours())
					}
				}
			}
		}
		res.OK = t.Bound.Contains(round(res.Actual, t.Bound.Percent))
		out = append(out, res)
	}
	return out
}

// round keeps what reports show: percentages to a tenth of a percent,
// other figures to two decimals, so that a target is judged on the number
// the reader sees.
func round(v float64, percent bool) float64 {
	if percent {
		return float64(int64(v*1000+0.5)) / 1000
	}
	return float64(int64(v*100+0.5)) / 100
}
