package render

import (
	"time"

	"github.com/timeaudit/timeaudit/audit"
)

type jsonTally struct {
	Count   int     `json:"count"`
	Minutes float64 `json:"minutes"` // lengths added
}

func tallyJSON(t audit.Tally) jsonTally { return jsonTally{Count: t.Count, Minutes: m2(t.Time)} }

// jsonPerson is a roster member's 1-on-1s.
type jsonPerson struct {
	Email           string   `json:"email"`
	Name            string   `json:"name"`
	Relation        string   `json:"relation"`
	OneOnOnes       int      `json:"one_on_ones"`
	Minutes         float64  `json:"minutes"`
	Last            *string  `json:"last"`       // null without one
	DaysSince       *float64 `json:"days_since"` // from the last to the range's end; null without one
	LongestGapDays  float64  `json:"longest_gap_days"`
	AverageMinutes  float64  `json:"average_minutes"`
	ExpectedMinutes float64  `json:"expected_minutes"`
	CadenceDays     float64  `json:"cadence_days"` // 0: none expected
	Status          string   `json:"status"`       // ok, overdue, never, too_short
}

type jsonExternal struct {
	Known       bool             `json:"known"` // the user's domains are known
	Domains     []string         `json:"domains"`
	Meetings    int              `json:"meetings"`
	Minutes     float64          `json:"minutes"`
	Share       float64          `json:"share"` // of meeting time
	Days        int              `json:"days"`
	DaysPerWeek float64          `json:"days_per_week"`
	MixedDays   int              `json:"mixed_days"` // with 1-on-1s as well
	Weekdays    []jsonWeekdayUse `json:"weekdays"`   // Monday first, days with external meetings only
}

type jsonWeekdayUse struct {
	Day      string  `json:"day"` // mon ... sun
	Meetings int     `json:"meetings"`
	Minutes  float64 `json:"minutes"`
}

type jsonPrep struct {
	Needing  int              `json:"needing"`
	WithPrep int              `json:"with_prep"`
	Share    float64          `json:"share"`
	Missing  *jsonMissingList `json:"missing"`
}

type jsonOwnWork struct {
	Minutes     float64 `json:"minutes"`
	Share       float64 `json:"share"`       // of working time
	Denominator string  `json:"denominator"` // working_time
}

// peopleJSON fills the people model's keys.
func peopleJSON(out *jsonReport, a *audit.Analysis) {
	out.People = []jsonPerson{}
	for _, e := range a.Roster {
		p := jsonPerson{Email: e.Email, Name: e.Name, Relation: string(e.Relation), OneOnOnes: e.Count, Minutes: m2(e.Time),
			LongestGapDays: one(e.LongestGap.Hours() / 24), AverageMinutes: m2(e.Average), ExpectedMinutes: m2(e.Length),
			CadenceDays: one(e.Cadence.Hours() / 24), Status: e.Status}
		if !e.Last.IsZero() {
			last, since := e.Last.Format(time.DateOnly), one(e.DaysSince)
			p.Last, p.DaysSince = &last, &since
		}
		out.People = append(out.People, p)
	}
	x := a.External
	je := &jsonExternal{Known: x.Known, Domains: append([]string{}, out.domains...), Meetings: x.Meetings.Count, Minutes: m2(x.Meetings.Time),
		Share: frac(x.Share), Days: x.Days, DaysPerWeek: one(x.DaysPerWeek), MixedDays: x.MixedDays, Weekdays: []jsonWeekdayUse{}}
	for i := range 7 {
		wd := time.Weekday((i + 1) % 7) // Monday first
		if t := x.Weekdays[wd]; t.Count > 0 {
			je.Weekdays = append(je.Weekdays, jsonWeekdayUse{Day: dayKey(wd), Meetings: t.Count, Minutes: m2(t.Time)})
		}
	}
	out.External = je
	jp := &jsonPrep{Needing: a.Prep.Needing, WithPrep: a.Prep.WithPrep, Share: frac(a.Prep.Share), Missing: &jsonMissingList{items: a.Prep.Missing}}
	out.Prep = jp
	out.OwnWork = &jsonOwnWork{Minutes: m2(a.OwnWork), Share: frac(a.OwnWorkShare), Denominator: "working_time"}
}

func dayKey(d time.Weekday) string {
	return [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}[d]
}
