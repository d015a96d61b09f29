package render

import (
	"io"
	"math"
	"strings"
	"time"

	"github.com/timeaudit/timeaudit/audit"
)

// The JSON report is a stable interface for dashboards: snake_case names,
// durations in minutes (numbers), shares as fractions 0..1. Fields are
// added, never renamed or removed. When the input has no times of day the
// analyses are null (not zero) and analyses_available is false.
type jsonReport struct {
	domains           []string         // the user's domains, for external
	Range             jsonRange        `json:"range"`
	Policy            jsonPolicy       `json:"policy"`
	Total             jsonTotal        `json:"total"`
	Categories        []jsonCategory   `json:"categories"`
	AnalysesAvailable bool             `json:"analyses_available"`
	Meetings          *jsonMeetings    `json:"meetings"`
	Focus             *jsonFocus       `json:"focus"`
	ContextSwitches   *jsonSwitches    `json:"context_switches"`
	Days              []jsonPeriod     `json:"days"`
	Weeks             []jsonPeriod     `json:"weeks"`
	OneOnOnes         *jsonOneOnOnes   `json:"one_on_ones"`
	People            []jsonPerson     `json:"people"`   // the roster (team:)
	External          *jsonExternal    `json:"external"` // meetings with someone from outside
	Prep              *jsonPrep        `json:"prep"`
	OwnWork           *jsonOwnWork     `json:"own_work"`
	Targets           []jsonTarget     `json:"targets"`
	Excluded          map[string]int   `json:"excluded"`
	Responses         jsonResponses    `json:"responses"`
	Invalid           []jsonInvalid    `json:"invalid"`
	Unmatched         []unmatchedTitle `json:"unmatched"`
	UntimedEvents     int              `json:"untimed_events"`
	Notes             []string         `json:"notes"`
	Compare           *jsonCompare     `json:"compare,omitempty"` // with --compare
	Edits             []string         `json:"edits,omitempty"`   // whatif: what changed
}

// jsonCompare sets the headline figures beside an earlier range's.
type jsonCompare struct {
	Range   jsonRange    `json:"range"`
	Figures []jsonFigure `json:"figures"`
}

// jsonFigure is one headline figure: minutes for durations, fractions for
// shares; null where a report cannot give it.
type jsonFigure struct {
	Key      string   `json:"key"`
	Name     string   `json:"name"`
	Unit     string   `json:"unit"` // minutes, count, rate, fraction
	Current  *float64 `json:"current"`
	Previous *float64 `json:"previous"`
	Change   *float64 `json:"change"`
	Verdict  string   `json:"verdict,omitempty"` // better or worse, by the article
}

func compareJSON(r, prev *audit.Report) *jsonCompare {
	pr := buildJSON(prev).Range
	out := &jsonCompare{Range: pr, Figures: []jsonFigure{}}
	units := map[audit.Unit]string{audit.UnitDuration: "minutes", audit.UnitCount: "count", audit.UnitRate: "rate", audit.UnitPercent: "fraction"}
	round := func(u audit.Unit, v float64) *float64 {
		if u == audit.UnitPercent {
			v = frac(v)
		} else {
			v = one(v)
		}
		return &v
	}
	for _, d := range audit.Compare(r, prev) {
		f := jsonFigure{Key: d.Key, Name: d.Name, Unit: units[d.Unit], Verdict: verdictText(d)}
		if d.HasCurrent {
			f.Current = round(d.Unit, d.Value)
		}
		if d.HasPrevious {
			f.Previous = round(d.Unit, d.Previous)
		}
		if d.HasCurrent && d.HasPrevious {
			f.Change = round(d.Unit, d.Change())
		}
		out.Figures = append(out.Figures, f)
	}
	return out
}

type jsonRange struct {
	From     *time.Time `json:"from"` // null when the input has no dates
	To       *time.Time `json:"to"`
	Label    string     `json:"label"`
	TimeZone string     `json:"time_zone"`
	Derived  bool       `json:"derived"` // the span of the input, not asked for
	Days     int        `json:"days"`
	Weeks    float64    `json:"weeks"`
}

type jsonPolicy struct {
	Declined         bool    `json:"declined"`
	Tentative        bool    `json:"tentative"`
	Free             bool    `json:"free"`
	AllDay           bool    `json:"all_day"`
	MaxLengthMinutes float64 `json:"max_length_minutes"` // 0: no limit
	Text             string  `json:"text"`
	// Responses says how the user's own responses are known: "given" (--me
	// or me:), "inferred" (Me is the address on nearly every invitation),
	// "from the source" (it marks them), or "unknown".
	Responses string   `json:"responses"`
	Me        []string `json:"me"`
}

type jsonTotal struct {
	Events  int     `json:"events"`
	Minutes float64 `json:"minutes"`
	Hours   float64 `json:"hours"`
}

type jsonCategory struct {
	Name    string  `json:"name"`
	Kind    string  `json:"kind"`
	Events  int     `json:"events"`
	Minutes float64 `json:"minutes"`
	Hours   float64 `json:"hours"`
	Share   float64 `json:"share"`
}

type jsonMeetings struct {
	Count               int        `json:"count"`
	PerWeek             float64    `json:"per_week"`
	Minutes             float64    `json:"minutes"` // overlaps merged
	HoursPerWeek        float64    `json:"hours_per_week"`
	Share               float64    `json:"share"` // of working time
	AverageMinutes      float64    `json:"average_minutes"`
	BackToBackChains    int        `json:"back_to_back_chains"`
	LongestChain        int        `json:"longest_chain"`
	BackToBackMinutes   float64    `json:"back_to_back_minutes"`
	AfterHours          int        `json:"after_hours"`
	AfterHoursMinutes   float64    `json:"after_hours_minutes"`
	Weekend             int        `json:"weekend"`
	DoubleBookedMinutes float64    `json:"double_booked_minutes"`
	BusyMinutes         float64    `json:"busy_minutes"` // meetings and personal events, merged
	AttendeeHours       float64    `json:"attendee_hours"`
	Cost                *float64   `json:"cost"` // null without an hourly rate
	Bands               []jsonBand `json:"bands"`
	Recurring           jsonTally  `json:"recurring"`  // meetings of a series
	OneOff              jsonTally  `json:"one_off"`    // the rest: recurring + one_off = count
	SoloHolds           jsonTally  `json:"solo_holds"` // fewer than two people: own time, not in count
}

type jsonBand struct {
	Name        string  `json:"name"`
	Bound       string  `json:"bound"`
	Actual      float64 `json:"actual"`
	Verdict     string  `json:"verdict"`               // below, within, above
	Denominator string  `json:"denominator,omitempty"` // what a share is of: working_time
}

type jsonFocus struct {
	Blocks                 int     `json:"blocks"`
	Minutes                float64 `json:"minutes"`
	EffectiveMinutesLow    float64 `json:"effective_minutes_low"`
	EffectiveMinutesHigh   float64 `json:"effective_minutes_high"`
	BufferBlocks           int     `json:"buffer_blocks"`
	BufferMinutes          float64 `json:"buffer_minutes"`
	Fragments              int     `json:"fragments"`
	FragmentMinutes        float64 `json:"fragment_minutes"`
	FreeMinutes            float64 `json:"free_minutes"`
	LongestFreeMinutes     float64 `json:"longest_free_minutes"`
	Fragmentation          float64 `json:"fragmentation"`
	WorkingMinutes         float64 `json:"working_minutes"`
	FocusThresholdMinutes  float64 `json:"focus_threshold_minutes"`
	BufferThresholdMinutes float64 `json:"buffer_threshold_minutes"`
}

type jsonSwitches struct {
	Count           int     `json:"count"`
	PerDay          float64 `json:"per_day"`
	CostMinutesLow  float64 `json:"cost_minutes_low"`
	CostMinutesHigh float64 `json:"cost_minutes_high"`
}

// jsonPeriod is a day (date set) or a week (week set).
type jsonPeriod struct {
	Date                      string         `json:"date,omitempty"`
	Week                      string         `json:"week,omitempty"`
	Away                      bool           `json:"away,omitempty"`
	WorkingMinutes            float64        `json:"working_minutes"`
	Meetings                  int            `json:"meetings"`
	MeetingMinutes            float64        `json:"meeting_minutes"`
	FocusBlocks               int            `json:"focus_blocks"`
	FocusMinutes              float64        `json:"focus_minutes"`
	BufferBlocks              int            `json:"buffer_blocks"`
	BufferMinutes             float64        `json:"buffer_minutes"`
	Fragments                 int            `json:"fragments"`
	FragmentMinutes           float64        `json:"fragment_minutes"`
	LongestFreeMinutes        float64        `json:"longest_free_minutes"`
	ContextSwitches           int            `json:"context_switches"`
	EffectiveFocusMinutesLow  float64        `json:"effective_focus_minutes_low"`
	EffectiveFocusMinutesHigh float64        `json:"effective_focus_minutes_high"`
	AfterHoursMeetingMinutes  float64        `json:"after_hours_meeting_minutes"`
	Fragmentation             *float64       `json:"fragmentation,omitempty"` // weeks only
	Categories                []jsonCategory `json:"categories,omitempty"`    // weeks only
}

type jsonOneOnOnes struct {
	Category       string            `json:"category"`
	Count          int               `json:"count"`
	Minutes        float64           `json:"minutes"`
	Days           int               `json:"days"`
	DaysPerWeek    float64           `json:"days_per_week"`
	CadenceDays    float64           `json:"cadence_days"`
	CadenceChecked bool              `json:"cadence_checked"`
	AssumedMe      string            `json:"assumed_me,omitempty"`
	People         []jsonCounterpart `json:"people"`
}

type jsonCounterpart struct {
	Name           string  `json:"name"`
	Count          int     `json:"count"`
	Minutes        float64 `json:"minutes"`
	First          string  `json:"first"`
	Last           string  `json:"last"`
	LongestGapDays float64 `json:"longest_gap_days"`
	Overdue        bool    `json:"overdue"`
	OnRoster       bool    `json:"on_roster"`
}

type jsonTarget struct {
	Name     string  `json:"name"`
	Metric   string  `json:"metric"`
	Category string  `json:"category,omitempty"`
	Unit     string  `json:"unit"`
	Actual   float64 `json:"actual"`
	Target   string  `json:"target"`
	OK       bool    `json:"ok"`
}

// jsonResponses counts the user's responses: accepted, tentative,
// needs_action and unknown among the counted events; declined and
// tentative ones left out by the policy are counted too.
type jsonResponses struct {
	Accepted    int `json:"accepted"`
	Tentative   int `json:"tentative"`
	NeedsAction int `json:"needs_action"`
	Declined    int `json:"declined"`
	Unknown     int `json:"unknown"`
}

type jsonInvalid struct {
	Source string `json:"source"`
	Line   int    `json:"line,omitempty"`
	Record int    `json:"record,omitempty"`
	Error  string `json:"error"`
}

func m2(d time.Duration) float64 { return minutes(d) }

func frac(f float64) float64 { return math.Round(f*10000) / 10000 }

func one(f float64) float64 { return math.Round(f*100) / 100 }

func jsonCategories(cs []audit.CategoryTotal) []jsonCategory {
	out := []jsonCategory{}
	for _, c := range cs {
		out = append(out, jsonCategory{Name: c.Name, Kind: string(c.Kind), Events: c.Events, Minutes: m2(c.Time), Hours: hours(c.Time), Share: frac(c.Share)})
	}
	return out
}

func periodJSON(p *audit.Period) jsonPeriod {
	f := frac(p.Fragmentation())
	return jsonPeriod{
		Week: p.Label, WorkingMinutes: m2(p.WorkingTime), Meetings: p.Meetings, MeetingMinutes: m2(p.MeetingTime),
		FocusBlocks: p.FocusBlocks, FocusMinutes: m2(p.FocusTime), BufferBlocks: p.BufferBlocks, BufferMinutes: m2(p.BufferTime),
		Fragments: p.Fragments, FragmentMinutes: m2(p.FragmentTime), LongestFreeMinutes: m2(p.Longest), ContextSwitches: p.Switches,
		EffectiveFocusMinutesLow: m2(p.EffectiveFocus[0]), EffectiveFocusMinutesHigh: m2(p.EffectiveFocus[1]),
		AfterHoursMeetingMinutes: m2(p.AfterHours), Fragmentation: &f, Categories: jsonCategories(p.Categories),
	}
}

func buildJSON(r *audit.Report) jsonReport {
	out := jsonReport{
		Range:      jsonRange{Label: r.Range.Label(), TimeZone: r.Range.Location().String(), Derived: r.RangeDerived, Days: r.Range.Days(), Weeks: one(float64(r.Range.Days()) / 7)},
		Total:      jsonTotal{Events: r.Total.Events, Minutes: m2(r.Total.Time), Hours: hours(r.Total.Time)},
		Categories: jsonCategories(r.Categories),
		Days:       []jsonPeriod{},
		Weeks:      []jsonPeriod{},
		Targets:    []jsonTarget{},
		Excluded:   map[string]int{},
		Responses: jsonResponses{Accepted: r.Responses.Accepted, Tentative: r.Responses.Tentative,
			NeedsAction: r.Responses.NeedsAction, Declined: r.Responses.Declined, Unknown: r.Responses.Unknown},
		Invalid:       []jsonInvalid{},
		Unmatched:     []unmatchedTitle{},
		UntimedEvents: r.Untimed,
		Notes:         append([]string{}, r.Notes...),
	}
	if !r.Range.IsZero() {
		from, to := r.Range.From, r.Range.To
		out.Range.From, out.Range.To = &from, &to
	}
	for _, reason := range audit.Reasons() {
		out.Excluded[reason.Key()] = r.LeftOutCount(reason)
	}
	for _, s := range r.Invalid {
		out.Invalid = append(out.Invalid, jsonInvalid{Source: s.Source.Source, Line: s.Source.Line, Record: s.Source.Record, Error: s.Err})
	}
	_, titles := unmatched(r)
	out.Unmatched = append(out.Unmatched, titles...)
	p := r.Policy
	out.Policy = jsonPolicy{Declined: p.Declined, Tentative: p.Tentative, Free: p.Free, AllDay: p.AllDay, MaxLengthMinutes: m2(p.MaxLength), Text: r.PolicyText(),
		Responses: responsesKnown(r), Me: append([]string{}, r.Me...)}
	out.domains = r.Inside.Domains
	a := r.Analysis
	if a == nil {
		return out
	}
	out.AnalysesAvailable = true
	tot := &a.Total
	m := &a.Meetings
	jm := &jsonMeetings{
		Count: m.Count, PerWeek: one(m.PerWeek), Minutes: m2(m.Time), HoursPerWeek: one(m.HoursPerWeek), Share: frac(m.Share),
		AverageMinutes: m2(m.Average), BackToBackChains: m.Chains, LongestChain: m.LongestChain, BackToBackMinutes: m2(m.ChainTime),
		AfterHours: m.AfterHours, AfterHoursMinutes: m2(m.AfterHoursTime), Weekend: m.Weekend,
		DoubleBookedMinutes: m2(a.DoubleBooked), BusyMinutes: m2(a.Busy), AttendeeHours: one(m.AttendeeHours), Bands: []jsonBand{},
	}
	if a.Settings.HourlyRate > 0 {
		c := math.Round(m.Cost*100) / 100
		jm.Cost = &c
	}
	for _, b := range m.Bands {
		actual := one(b.Actual)
		if b.Bound.Percent {
			actual = frac(b.Actual)
		}
		jm.Bands = append(jm.Bands, jsonBand{Name: b.Name(), Bound: b.Bound.Text, Actual: actual, Verdict: b.Verdict(), Denominator: strings.ReplaceAll(b.Of, " ", "_")})
	}
	jm.Recurring, jm.OneOff, jm.SoloHolds = tallyJSON(m.Recurring), tallyJSON(m.OneOff), tallyJSON(m.SoloHolds)
	out.Meetings = jm
	out.Focus = &jsonFocus{
		Blocks: tot.FocusBlocks, Minutes: m2(tot.FocusTime), EffectiveMinutesLow: m2(tot.EffectiveFocus[0]), EffectiveMinutesHigh: m2(tot.EffectiveFocus[1]),
		BufferBlocks: tot.BufferBlocks, BufferMinutes: m2(tot.BufferTime), Fragments: tot.Fragments, FragmentMinutes: m2(tot.FragmentTime),
		FreeMinutes: m2(tot.FreeTime()), LongestFreeMinutes: m2(tot.Longest), Fragmentation: frac(tot.Fragmentation()),
		WorkingMinutes: m2(tot.WorkingTime), FocusThresholdMinutes: m2(a.Settings.Focus), BufferThresholdMinutes: m2(a.Settings.Buffer),
	}
	out.ContextSwitches = &jsonSwitches{Count: tot.Switches, PerDay: one(tot.SwitchesPerDay()), CostMinutesLow: m2(tot.SwitchCost[0]), CostMinutesHigh: m2(tot.SwitchCost[1])}
	for i := range a.Days {
		d := &a.Days[i]
		out.Days = append(out.Days, jsonPeriod{
			Date: d.Date.Format(time.DateOnly), Away: d.Away, WorkingMinutes: m2(d.WorkingTime), Meetings: d.Meetings, MeetingMinutes: m2(d.MeetingTime),
			FocusBlocks: d.FocusBlocks, FocusMinutes: m2(d.FocusTime), BufferBlocks: d.BufferBlocks, BufferMinutes: m2(d.BufferTime),
			Fragments: d.Fragments, FragmentMinutes: m2(d.FragmentTime), LongestFreeMinutes: m2(d.Longest), ContextSwitches: d.Switches,
			EffectiveFocusMinutesLow: m2(d.EffectiveFocus[0]), EffectiveFocusMinutesHigh: m2(d.EffectiveFocus[1]), AfterHoursMeetingMinutes: m2(d.AfterHours),
		})
	}
	for i := range a.ByWeek {
		out.Weeks = append(out.Weeks, periodJSON(&a.ByWeek[i]))
	}
	o := &a.OneOnOnes
	jo := &jsonOneOnOnes{Category: o.Category, Count: o.Count, Minutes: m2(o.Time), Days: o.Days, DaysPerWeek: one(o.DaysPerWeek),
		CadenceDays: one(o.Cadence.Hours() / 24), CadenceChecked: o.CadenceChecked, AssumedMe: o.AssumedMe, People: []jsonCounterpart{}}
	for _, c := range o.People {
		jo.People = append(jo.People, jsonCounterpart{Name: c.Name, Count: c.Count, Minutes: m2(c.Time), First: c.First.Format(time.DateOnly),
			Last: c.Last.Format(time.DateOnly), LongestGapDays: one(c.LongestGap.Hours() / 24), Overdue: c.Overdue, OnRoster: c.OnRoster})
	}
	out.OneOnOnes = jo
	peopleJSON(&out, a)
	for _, t := range a.Targets {
		actual := one(t.Actual)
		if t.Bound.Percent {
			actual = frac(t.Actual)
		}
		out.Targets = append(out.Targets, jsonTarget{Name: t.Name(), Metric: t.Metric, Category: t.Category, Unit: t.Unit, Actual: actual, Target: t.Bound.Text, OK: t.OK})
	}
	return out
}

func reportJSON(w io.Writer, r *audit.Report, o Options) error {
	out := buildJSON(r)
	if o.Previous != nil {
		out.Compare = compareJSON(r, o.Previous)
	}
	out.Edits = o.Edits
	return writeJSON(w, out)
}

// responsesKnown says how the user's responses are known (see jsonPolicy).
func responsesKnown(r *audit.Report) string {
	switch {
	case r.MeInferred:
		return "inferred"
	case r.MeFromSource, len(r.Me) == 0 && !r.ResponsesUnknown:
		return "from the source"
	case len(r.Me) > 0:
		return "given"
	}
	return "unknown"
}
