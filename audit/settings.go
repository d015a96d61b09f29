package audit

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Settings steer the analyses. The config sets them; DefaultSettings holds
// the article's values.
type Settings struct {
	// WorkingHours by weekday (index time.Weekday: Sunday is 0), in the
	// report zone. A day without spans is not a working day.
	WorkingHours [7][]Span
	Focus        time.Duration    // a free gap at least this long is a focus block
	Buffer       time.Duration    // ... at least this long, a buffer block; shorter, a fragment
	SwitchCost   [2]time.Duration // what one context switch costs: low and high
	BackToBack   time.Duration    // meetings this close (or overlapping) form a chain
	Cadence      time.Duration    // the longest gap between two 1-on-1s with one person
	OneOnOnes    string           // the category that holds 1-on-1s
	HourlyRate   float64          // per attendee-hour, for a cost of meetings; 0 for none
	Role         string           // "manager", "ic", or "" to compare with both bands
	Bands        Bands
	Targets      []Target
	Policy       Policy
	// SoloHoldsAsMeetings counts meetings of fewer than two people as
	// meetings (solo_holds: meeting); by default they are own time.
	SoloHoldsAsMeetings bool
	// Team is the roster: whom the user should meet 1-on-1, how often.
	Team []Member
	Prep Prep
}

// Prep says which meetings need preparing and what counts as preparation.
type Prep struct {
	Before   []string      // categories whose meetings need prep
	Managers bool          // meetings with a roster manager need prep too
	Category string        // the category of prep blocks
	Window   time.Duration // a prep block ends at most this long before the meeting
}

// Span is a stretch of the day in minutes since midnight: [Start, End).
type Span struct{ Start, End int }

func (s Span) String() string {
	return fmt.Sprintf("%02d:%02d-%02d:%02d", s.Start/60, s.Start%60, s.End/60, s.End%60)
}

// Bands are the article's reference ranges.
type Bands struct {
	ManagerMeetings Bound // meetings a week: 20-30
	ICMeetings      Bound // meetings a week: 5-10
	HiringShare     Bound // a manager's share of working time in the hiring category: 20%-30%
	HiringCategory  string
	ManagerOwnWork  Bound // a manager's share of working time as own work (coding): 0%-10%
	ICOwnWork       Bound // an engineer's: 60%-80%
}

// Policy says what counts. Events it leaves out are counted by reason.
type Policy struct {
	Declined  bool          // count events the user declined
	Tentative bool          // count events the user answered tentatively
	Free      bool          // count events shown as free (transparent)
	AllDay    bool          // count all-day events (they then cover whole days)
	MaxLength time.Duration // leave out events longer than this; 0 for no limit
}

// String describes the policy for reports: "counted: tentative; left out:
// declined, free, all-day, longer than 12h".
func (p Policy) String() string {
	var in, out []string
	add := func(ok bool, name string) {
		if ok {
			in = append(in, name)
		} else {
			out = append(out, name)
		}
	}
	add(p.Declined, "declined")
	add(p.Tentative, "tentative")
	add(p.Free, "shown as free")
	add(p.AllDay, "all-day")
	if p.MaxLength > 0 {
		out = append(out, "longer than "+FormatShort(p.MaxLength))
	}
	s := ""
	if len(in) > 0 {
		s = "counted: " + strings.Join(in, ", ")
	}
	if len(out) > 0 {
		if s != "" {
			s += "; "
		}
		s += "left out: " + strings.Join(out, ", ")
	}
	return s
}

// DefaultSettings are the article's: Monday to Friday 09:00-17:00, focus
// blocks of 90 minutes, buffers of 30, switches costing 10-20 minutes,
// managers in 20-30 meetings a week and engineers in 5-10, 20-30% of a
// manager's time on hiring, a 1-on-1 with everyone at least every six weeks.
func DefaultSettings() Settings {
	var s Settings
	for d := time.Monday; d <= time.Friday; d++ {
		s.WorkingHours[d] = []Span{{9 * 60, 17 * 60}}
	}
	s.Focus, s.Buffer = 90*time.Minute, 30*time.Minute
	s.SwitchCost = [2]time.Duration{10 * time.Minute, 20 * time.Minute}
	s.BackToBack = 5 * time.Minute
	s.Cadence = 6 * 7 * 24 * time.Hour
	s.OneOnOnes = "1-on-1s"
	s.Bands = Bands{
		ManagerMeetings: MustBound("20-30"),
		ICMeetings:      MustBound("5-10"),
		HiringShare:     MustBound("20%-30%"),
		HiringCategory:  "Hiring",
		ManagerOwnWork:  MustBound("0%-10%"),
		ICOwnWork:       MustBound("60%-80%"),
	}
	s.Prep = Prep{Before: []string{"1-on-1s", "Ceremonies"}, Managers: true, Category: "Prep", Window: 24 * time.Hour}
	s.Policy = Policy{Tentative: true, MaxLength: 12 * time.Hour}
	return s
}

// WorkingDay reports whether weekday d has working hours.
func (s *Settings) WorkingDay(d time.Weekday) bool { return len(s.WorkingHours[d]) > 0 }

// Bound is a range a number must fall in: ">= 10", "<= 25", "5-10",
// "20%-30%", "< 3", "== 0". Percentages are held as fractions.
type Bound struct {
	Min, Max       float64
	HasMin, HasMax bool
	MinOpen        bool // > rather than >=
	MaxOpen        bool // < rather than <=
	Percent        bool
	Text           string // as written
}

// MustBound parses a bound known to be valid.
func MustBound(s string) Bound {
	b, err := ParseBound(s)
	if err != nil {
		panic(err)
	}
	return b
}

// ParseBound reads a bound: ">= 10", "> 10", "<= 25", "< 25", "== 0", "10"
// (exactly), "5-10" (inclusive), and the same with percentages: "20%-30%",
// ">= 15%".
func ParseBound(s string) (Bound, error) {
	text := strings.TrimSpace(s)
	v := strings.ReplaceAll(text, " ", "")
	b := Bound{Text: text}
	bad := func() (Bound, error) {
		return Bound{}, fmt.Errorf("invalid bound %q: use >= N, <= N, > N, < N, == N, or a range N-M (percentages: 20%%-30%%)", s)
	}
	num := func(t string) (float64, bool) {
		pct := strings.HasSuffix(t, "%")
		if pct {
			t = strings.TrimSuffix(t, "%")
			b.Percent = true
		}
		f, err := strconv.ParseFloat(t, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || t == "" {
			return 0, false
		}
		if pct {
			f /= 100
		}
		return f, true
	}
	for _, op := range []string{">=", "<=", "==", ">", "<"} {
		if strings.HasPrefix(v, op) {
			f, ok := num(v[len(op):])
			if !ok {
				return bad()
			}
			switch op {
			case ">=", ">":
				b.Min, b.HasMin, b.MinOpen = f, true, op == ">"
			case "<=", "<":
				b.Max, b.HasMax, b.MaxOpen = f, true, op == "<"
			case "==":
				b.Min, b.Max, b.HasMin, b.HasMax = f, f, true, true
			}
			return b, nil
		}
	}
	// A range: the dash after the first character, so "-5" is not one.
	if i := strings.Index(v[min(1, len(v)):], "-"); i >= 0 {
		i++
		lo, ok1 := num(v[:i])
		hi, ok2 := num(v[i+1:])
		if !ok1 || !ok2 {
			return bad()
		}
		if lo > hi {
			return Bound{}, fmt.Errorf("invalid bound %q: %s is above %s", s, v[:i], v[i+1:])
		}
		b.Min, b.Max, b.HasMin, b.HasMax = lo, hi, true, true
		return b, nil
	}
	f, ok := num(v)
	if !ok {
		return bad()
	}
	b.Min, b.Max, b.HasMin, b.HasMax = f, f, true, true
	return b, nil
}

// Contains reports whether v is within the bound.
func (b Bound) Contains(v float64) bool {
	const eps = 1e-9
	if b.HasMin && (v < b.Min-eps || b.MinOpen && v <= b.Min+eps) {
		return false
	}
	if b.HasMax && (v > b.Max+eps || b.MaxOpen && v >= b.Max-eps) {
		return false
	}
	return true
}

// Side says where v lies: -1 below the bound, 0 within, 1 above.
func (b Bound) Side(v float64) int {
	switch {
	case b.Contains(v):
		return 0
	case b.HasMin && v <= b.Min:
		return -1
	}
	return 1
}

// Target is one goal from the config: a metric and the bound it should meet.
type Target struct {
	Metric   string // see Metrics
	Category string // for share and hours
	Bound    Bound
	Line     int // in the config, for messages
}

// Name is the target's name as reports show it: "focus_hours", "share.Hiring".
func (t Target) Name() string {
	if t.Category != "" {
		return t.Metric + "." + t.Category
	}
	return t.Metric
}

// Label is the target as a reader says it: "Focus hours a week",
// "Hiring share of the time counted".
func (t Target) Label() string {
	m, ok := LookupMetric(t.Metric)
	if !ok || m.Label == "" {
		return t.Name()
	}
	if t.Category != "" {
		return t.Category + " " + m.Label
	}
	return strings.ToUpper(m.Label[:1]) + m.Label[1:]
}

// Metric describes a number a target can be set on.
type Metric struct {
	Name    string
	Unit    string // "hours", "count", "%"
	Doc     string
	PerWeek bool
	Label   string // for people: "focus hours a week"; after the category's name for share and hours
}

// Metrics lists what targets can measure, in documentation order.
var Metrics = []Metric{
	{"focus_hours", "hours", "time in focus blocks, per week", true, "focus hours a week (free focus blocks)"},
	{"effective_focus_hours", "hours", "focus-block time minus the switch cost that falls on it (high cost), per week", true, "effective focus hours a week"},
	{"focus_blocks", "count", "focus blocks per week", true, "focus blocks a week"},
	{"buffer_hours", "hours", "time in buffer blocks, per week", true, "buffer hours a week"},
	{"meetings_per_week", "count", "meetings per week", true, "meetings a week"},
	{"meeting_hours", "hours", "meeting time with overlaps merged, per week", true, "meeting hours a week"},
	{"meeting_share", "%", "share of working time in meetings", false, "share of working time in meetings"},
	{"context_switches_per_day", "count", "context switches per working day", false, "context switches a working day"},
	{"fragmentation", "%", "share of free working time in gaps shorter than a focus block", false, "fragmentation of free working time"},
	{"back_to_back_chains", "count", "chains of back-to-back meetings per week", true, "back-to-back chains a week"},
	{"after_hours_meeting_hours", "hours", "meeting time outside working hours, per week", true, "meeting hours outside working hours, a week"},
	{"one_on_one_days", "count", "days with 1-on-1s per week (1 is batched)", true, "days with 1-on-1s a week"},
	{"one_on_ones_overdue", "count", "people on the roster overdue for a 1-on-1, or never met", false, "people overdue for a 1-on-1"},
	{"external_days", "count", "days with a meeting with someone external, per week", true, "days with external meetings a week"},
	{"mixed_days", "count", "days with both external meetings and 1-on-1s, per week", true, "days mixing external meetings and 1-on-1s, a week"},
	{"prep_share", "%", "share of the meetings needing prep that had a prep block before them", false, "share of meetings with a prep block"},
	{"own_work_share", "%", "share of working time as own work (focus blocks, booked focus, solo holds)", false, "share of working time as own work"},
	{"share", "%", "a category's share of the counted time: share: {Hiring: 20%-30%}", false, "share of the time counted"},
	{"hours", "hours", "a category's hours per week: hours: {Ceremonies: <= 5}", true, "hours a week"},
}

// LookupMetric finds a metric by name.
func LookupMetric(name string) (Metric, bool) {
	for _, m := range Metrics {
		if m.Name == name {
			return m, true
		}
	}
	return Metric{}, false
}
