package audit

import (
	"cmp"
	"math"
	"math/rand"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// kinds classifies by a title prefix: "M:Hiring ..." is a meeting in
// Hiring, "P:" personal, "F:" focus, "A:" away.
var kinds = &fakeClassifier{
	Cats: []Category{{"Ceremonies", KindMeeting}, {"1-on-1s", KindMeeting}, {"Hiring", KindMeeting}, {"Other", KindMeeting},
		{"Personal", KindPersonal}, {"Focus", KindFocus}, {"Away", KindAway}},
	ClassifyFn: func(e *Event) Match {
		head, _, _ := strings.Cut(e.Title, " ")
		switch {
		case strings.HasPrefix(head, "M:"):
			return Match{Category: head[2:], Kind: KindMeeting, Rule: head[2:] + "#1"}
		case head == "P:":
			return Match{Category: "Personal", Kind: KindPersonal, Rule: "Personal#1"}
		case head == "F:":
			return Match{Category: "Focus", Kind: KindFocus, Rule: "Focus#1"}
		case head == "A:":
			return Match{Category: "Away", Kind: KindAway, Rule: "Away#1"}
		}
		return Match{Category: "Other", Kind: KindMeeting}
	},
}

func u(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, time.UTC) }

func evAt(title string, d, h1, m1, h2, m2 int, people ...string) Event {
	e := Event{Title: title, Start: u(d, h1, m1), End: u(d, h2, m2)}
	for _, p := range people {
		e.Attendees = append(e.Attendees, Attendee{Person: Person{Email: p}})
	}
	return e
}

// fixtureWeek is 2026-W12 in UTC with the default settings. Every number
// the tests expect was worked out by hand from this list.
func fixtureWeek() []Event {
	return []Event{
		// Monday: six switches, one focus block after own work (no cost).
		evAt("M:Ceremonies standup", 16, 9, 0, 9, 15),
		evAt("M:1-on-1s Alex", 16, 9, 15, 9, 45, "me@x", "alex@x"),
		evAt("M:Hiring interview", 16, 10, 30, 11, 0),
		evAt("P: lunch", 16, 12, 0, 13, 0),
		evAt("F: planned focus", 16, 13, 0, 15, 0), // own time: does not cover the gap
		evAt("M:Ceremonies review", 16, 15, 0, 15, 20),
		evAt("M:Ceremonies planning", 16, 15, 40, 16, 10),
		evAt("M:Other late call", 16, 17, 30, 18, 0),
		// Tuesday: a meeting across the start of working hours, two
		// overlapping meetings of different categories, two focus blocks
		// each entered by a switch.
		evAt("M:Other early", 17, 8, 30, 9, 30),
		evAt("M:Other sync", 17, 11, 0, 12, 0, "me@x", "a@x", "b@x", "c@x"),
		evAt("M:Hiring debrief", 17, 11, 30, 12, 30),
		// Wednesday: out of office all day, and a meeting anyway.
		{Title: "A: vacation", Start: u(18, 0, 0), End: u(19, 0, 0), AllDay: true},
		evAt("M:Other during vacation", 18, 10, 0, 10, 30),
		// Thursday: empty.
		// Friday: a back-to-back chain of three with a 3-minute gap.
		evAt("M:Ceremonies A", 20, 9, 0, 9, 30),
		evAt("M:Ceremonies B", 20, 9, 30, 10, 0),
		evAt("M:Hiring C", 20, 10, 3, 10, 30),
		evAt("M:1-on-1s Priya", 20, 11, 0, 11, 30, "me@x", "priya@x"),
		// Saturday: a weekend meeting.
		evAt("M:Other weekend", 21, 10, 0, 11, 0),
	}
}

func fixtureReport(t *testing.T, s Settings) Report {
	t.Helper()
	return Build(fixtureWeek(), nil, kinds, Options{Range: Range{From: u(16, 0, 0), To: u(23, 0, 0)}, Settings: &s, Me: []string{"me@x"}})
}

func mins(m int) time.Duration { return time.Duration(m) * time.Minute }

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func TestAnalyzeDays(t *testing.T) {
	r := fixtureReport(t, DefaultSettings())
	a := r.Analysis
	if a == nil || len(a.Days) != 7 {
		t.Fatalf("analysis %+v", a)
	}
	type want struct {
		working                  int
		away                     bool
		meetings, meetingMin     int
		focus, focusMin          int
		buffers, bufferMin       int
		frags, fragMin, longest  int
		switches                 int
		effLow, effHigh, afterHr int
	}
	wants := []want{
		{working: 480, meetings: 6, meetingMin: 155, focus: 1, focusMin: 120, buffers: 3, bufferMin: 155, frags: 1, fragMin: 20, longest: 120, switches: 6, effLow: 120, effHigh: 120, afterHr: 30},
		{working: 480, meetings: 3, meetingMin: 150, focus: 2, focusMin: 360, longest: 270, switches: 4, effLow: 320, effHigh: 340, afterHr: 30},
		{working: 0, away: true, meetings: 1, meetingMin: 30, afterHr: 30},
		{working: 480, focus: 1, focusMin: 480, longest: 480, effLow: 480, effHigh: 480},
		{working: 480, meetings: 4, meetingMin: 117, focus: 1, focusMin: 330, buffers: 1, bufferMin: 30, frags: 1, fragMin: 3, longest: 330, switches: 4, effLow: 310, effHigh: 320},
		{meetings: 1, meetingMin: 60, afterHr: 60},
		{},
	}
	for i, w := range wants {
		d := a.Days[i]
		got := want{
			working: int(d.WorkingTime.Minutes()), away: d.Away, meetings: d.Meetings, meetingMin: int(d.MeetingTime.Minutes()),
			focus: d.FocusBlocks, focusMin: int(d.FocusTime.Minutes()), buffers: d.BufferBlocks, bufferMin: int(d.BufferTime.Minutes()),
			frags: d.Fragments, fragMin: int(d.FragmentTime.Minutes()), longest: int(d.Longest.Minutes()), switches: d.Switches,
			effLow: int(d.EffectiveFocus[0].Minutes()), effHigh: int(d.EffectiveFocus[1].Minutes()), afterHr: int(d.AfterHours.Minutes()),
		}
		if got != w {
			t.Errorf("%s:\n got  %+v\n want %+v", d.Date.Format("Mon 02"), got, w)
		}
	}
	// Monday's activities, in order, with the switches marked.
	var seq []string
	for _, act := range a.Days[0].Activities {
		s := act.Category
		if act.Switch {
			s = ">" + s
		}
		seq = append(seq, s)
	}
	if got := strings.Join(seq, " "); got != "Ceremonies >1-on-1s >own work >Hiring >own work own work >Ceremonies Ceremonies >own work" {
		t.Errorf("Monday's activities: %s", got)
	}
}

func TestAnalyzeWeek(t *testing.T) {
	r := fixtureReport(t, DefaultSettings())
	a := r.Analysis
	tot := a.Total
	if len(a.ByWeek) != 1 || a.ByWeek[0].Label != "2026-W12" || a.Weeks != 1 {
		t.Errorf("weeks: %d, %v", len(a.ByWeek), a.Weeks)
	}
	checks := []struct {
		name      string
		got, want float64
	}{
		{"working days", float64(tot.WorkingDays), 4},
		{"working minutes", tot.WorkingTime.Minutes(), 1920},
		{"meetings", float64(tot.Meetings), 15},
		{"meeting minutes (merged)", tot.MeetingTime.Minutes(), 512},
		{"focus blocks", float64(tot.FocusBlocks), 5},
		{"focus minutes", tot.FocusTime.Minutes(), 1290},
		{"buffer blocks", float64(tot.BufferBlocks), 4},
		{"buffer minutes", tot.BufferTime.Minutes(), 185},
		{"fragments", float64(tot.Fragments), 2},
		{"fragment minutes", tot.FragmentTime.Minutes(), 23},
		{"free minutes", tot.FreeTime().Minutes(), 1498},
		{"fragmentation", tot.Fragmentation(), 208.0 / 1498},
		{"switches", float64(tot.Switches), 14},
		{"switches per day", tot.SwitchesPerDay(), 3.5},
		{"switch cost low", tot.SwitchCost[0].Minutes(), 140},
		{"switch cost high", tot.SwitchCost[1].Minutes(), 280},
		{"effective focus low", tot.EffectiveFocus[0].Minutes(), 1230},
		{"effective focus high", tot.EffectiveFocus[1].Minutes(), 1260},
		{"after-hours minutes", tot.AfterHours.Minutes(), 150},
		{"busy minutes", a.Busy.Minutes(), 572},
		{"double-booked minutes", a.DoubleBooked.Minutes(), 30},
		{"meeting count", float64(a.Meetings.Count), 15},
		{"meetings per week", a.Meetings.PerWeek, 15},
		{"meeting hours per week", a.Meetings.HoursPerWeek, 512.0 / 60},
		{"meeting share", a.Meetings.Share, 362.0 / 1920},
		{"average meeting", a.Meetings.Average.Minutes(), 542.0 / 15},
		{"chains", float64(a.Meetings.Chains), 3},
		{"longest chain", float64(a.Meetings.LongestChain), 3},
		{"chain minutes", a.Meetings.ChainTime.Minutes(), 225},
		{"after-hours meetings", float64(a.Meetings.AfterHours), 4},
		{"weekend meetings", float64(a.Meetings.Weekend), 1},
		{"attendee-hours", a.Meetings.AttendeeHours, 1 + 1 + 4 + 422.0/60},
	}
	for _, c := range checks {
		if !near(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	// Category time per week matches the report's totals.
	for i, c := range tot.Categories {
		if c.Time != r.Categories[i].Time || c.Events != r.Categories[i].Events {
			t.Errorf("%s: %v in %d events per period, %v in %d in the report", c.Name, c.Time, c.Events, r.Categories[i].Time, r.Categories[i].Events)
		}
	}
	// The bands: 15 meetings is below the managers' 20-30 and above the
	// engineers' 5-10; 117 minutes on hiring of 1,920 of working time
	// (6.1%) is below 20-30%; own work is the focus blocks, 120 + 360 +
	// 480 + 330 = 1,290 minutes (the booked focus on Monday lies in one),
	// 67.2% of working time: above a manager's 0-10%, within an
	// engineer's 60-80%.
	var bands []string
	for _, b := range a.Meetings.Bands {
		bands = append(bands, b.Name()+"="+b.Verdict()+"/"+b.Of)
	}
	if got := strings.Join(bands, "; "); got != "managers: 20-30 meetings a week=below/; engineers: 5-10 meetings a week=above/; "+
		"managers: 20%-30% of working time on Hiring=below/working time; managers: 0%-10% of working time as own work=above/working time; "+
		"engineers: 60%-80% of working time as own work=within/working time" {
		t.Errorf("bands: %s", got)
	}
	if a.OwnWork != mins(1290) || !near(a.OwnWorkShare, 1290.0/1920) || !near(a.Meetings.Bands[2].Actual, 117.0/1920) {
		t.Errorf("own work %v (%v), hiring share %v", a.OwnWork, a.OwnWorkShare, a.Meetings.Bands[2].Actual)
	}
	// Recurring and one-off meetings (none recurs here) add up to the meetings.
	if ml := a.Meetings; ml.Recurring.Count != 0 || ml.OneOff.Count != ml.Count || ml.SoloHolds.Count != 0 {
		t.Errorf("recurring %+v, one-off %+v of %d", ml.Recurring, ml.OneOff, ml.Count)
	}
}

func TestAnalyzeTargetsAndCost(t *testing.T) {
	s := DefaultSettings()
	s.HourlyRate = 100
	for _, tg := range []struct{ metric, cat, bound string }{
		{"focus_hours", "", ">= 10"}, {"meetings_per_week", "", "<= 25"}, {"context_switches_per_day", "", "<= 3"},
		{"share", "Hiring", "20%-30%"}, {"fragmentation", "", "<= 10%"}, {"effective_focus_hours", "", ">= 20"},
		{"hours", "Ceremonies", "<= 2"}, {"one_on_one_days", "", "<= 1"},
	} {
		s.Targets = append(s.Targets, Target{Metric: tg.metric, Category: tg.cat, Bound: MustBound(tg.bound)})
	}
	a := fixtureReport(t, s).Analysis
	var got []string
	for _, r := range a.Targets {
		got = append(got, r.Name()+"="+map[bool]string{true: "met", false: "missed"}[r.OK])
	}
	want := "focus_hours=met meetings_per_week=met context_switches_per_day=missed share.Hiring=missed fragmentation=missed effective_focus_hours=met hours.Ceremonies=missed one_on_one_days=missed"
	if strings.Join(got, " ") != want {
		t.Errorf("targets: %s\nwant      %s", strings.Join(got, " "), want)
	}
	if a.Missed() != 5 {
		t.Errorf("Missed() = %d", a.Missed())
	}
	if !near(a.Targets[0].Actual, 21.5) || !near(a.Targets[3].Actual, 117.0/722) || !near(a.Targets[6].Actual, 125.0/60) {
		t.Errorf("actuals: %+v", a.Targets)
	}
	if !near(a.Meetings.Cost, 100*(6+422.0/60)) {
		t.Errorf("cost = %v", a.Meetings.Cost)
	}
}

func TestOneOnOnes(t *testing.T) {
	all := &fakeClassifier{Cats: []Category{{"1-on-1s", KindMeeting}}, ClassifyFn: func(*Event) Match {
		return Match{Category: "1-on-1s", Kind: KindMeeting, Rule: "1-on-1s#1"}
	}}
	var events []Event
	// Alex weekly on Mondays for 8 weeks, but skipping weeks 3 to 5 (a
	// gap of 4 weeks); Sam only in week 1; two title-only 1-on-1s with Kim.
	for w := 0; w < 8; w++ {
		if w >= 2 && w <= 4 {
			continue
		}
		events = append(events, evAt("Alex / me", 2+7*w, 10, 0, 10, 30, "me@x", "alex@x"))
	}
	events = append(events, evAt("Sam sync", 3, 10, 0, 10, 30, "me@x", "sam@x"))
	events = append(events, evAt("1:1 with Kim", 4, 10, 0, 10, 30))
	events = append(events, evAt("Kim / me", 12, 10, 0, 10, 30))
	rng := Range{From: u(2, 0, 0), To: u(2, 0, 0).AddDate(0, 0, 56)}
	r := Build(events, nil, all, Options{Range: rng})
	o := r.Analysis.OneOnOnes
	if o.AssumedMe != "me@x" {
		t.Errorf("AssumedMe = %q, want me@x (on every 1-on-1 with attendees)", o.AssumedMe)
	}
	if !o.CadenceChecked {
		t.Error("an 8-week range should check the 6-week cadence")
	}
	var got []string
	for _, p := range o.People {
		got = append(got, p.Name+" "+strconv.Itoa(p.Count)+" overdue="+map[bool]string{true: "yes", false: "no"}[p.Overdue]+" gap="+FormatShort(p.LongestGap))
	}
	want := "alex@x 5 overdue=no gap=672h|Kim 2 overdue=yes gap=192h|sam@x 1 overdue=yes gap=0m"
	if strings.Join(got, "|") != want {
		t.Errorf("people:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.ReplaceAll(want, "|", "\n"))
	}
	if o.Days != 8 || !near(o.DaysPerWeek, 1) {
		t.Errorf("days %d, per week %v", o.Days, o.DaysPerWeek)
	}
}

func TestNameFromTitle(t *testing.T) {
	for title, want := range map[string]string{
		"1:1 with Alex":        "Alex",
		"Priya / me":           "Priya",
		"One-on-one: Jordan":   "Jordan",
		"Sam <> Me":            "Sam",
		"Weekly 1:1 Kim Lee":   "Kim Lee",
		"Skip-level with Dana": "Dana",
		"1:1":                  "1:1",
	} {
		if got := nameFromTitle(title); got != want {
			t.Errorf("nameFromTitle(%q) = %q, want %q", title, got, want)
		}
	}
}

// A DST day is 23 hours long; working hours across it follow the clock.
func TestAnalyzeDST(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	s := DefaultSettings()
	s.WorkingHours[time.Sunday] = []Span{{0, 24 * 60}}
	at := func(h, m int) time.Time { return time.Date(2026, 3, 29, h, m, 0, 0, berlin) }
	events := []Event{{Title: "M:Other noon", Start: at(12, 0), End: at(13, 0)}}
	r := Build(events, nil, kinds, Options{Range: Range{From: at(0, 0), To: time.Date(2026, 3, 30, 0, 0, 0, 0, berlin)}, Settings: &s})
	d := r.Analysis.Days[0]
	if d.WorkingTime != 23*time.Hour || d.FocusBlocks != 2 || d.FocusTime != 22*time.Hour || d.Switches != 2 {
		t.Errorf("DST Sunday: working %v, %d focus blocks of %v, %d switches", d.WorkingTime, d.FocusBlocks, d.FocusTime, d.Switches)
	}
}

// A meeting across midnight counts on the day it starts and covers both days.
func TestAnalyzeAcrossMidnight(t *testing.T) {
	s := DefaultSettings()
	events := []Event{{Title: "M:Other deploy", Start: u(19, 23, 0), End: u(20, 10, 0)}}
	r := Build(events, nil, kinds, Options{Range: Range{From: u(16, 0, 0), To: u(23, 0, 0)}, Settings: &s})
	thu, fri := r.Analysis.Days[3], r.Analysis.Days[4]
	if thu.Meetings != 1 || thu.MeetingTime != time.Hour || thu.AfterHours != time.Hour {
		t.Errorf("Thursday: %d meetings, %v, after hours %v", thu.Meetings, thu.MeetingTime, thu.AfterHours)
	}
	if fri.Meetings != 0 || fri.MeetingTime != 10*time.Hour || fri.AfterHours != 9*time.Hour || fri.FocusTime != 7*time.Hour || fri.Switches != 1 {
		t.Errorf("Friday: %d meetings, %v, after hours %v, focus %v, switches %d", fri.Meetings, fri.MeetingTime, fri.AfterHours, fri.FocusTime, fri.Switches)
	}
}

// Without times of day there is no analysis, rather than zeros.
func TestAnalyzeUnavailable(t *testing.T) {
	r := Build([]Event{{Title: "M:Other", Duration: time.Hour}}, nil, kinds, Options{Location: time.UTC})
	if r.Analysis != nil {
		t.Errorf("analysis %+v, want none", r.Analysis)
	}
}

func TestPolicy(t *testing.T) {
	events := []Event{
		{Title: "M:Other tentative", Start: u(16, 9, 0), End: u(16, 10, 0), MyResponse: ResponseTentative},
		{Title: "M:Other free", Start: u(16, 11, 0), End: u(16, 12, 0), ShowAs: ShowAsFree},
		{Title: "M:Other long", Start: u(16, 8, 0), End: u(16, 21, 0)},
		{Title: "P: holiday", Start: u(17, 0, 0), End: u(18, 0, 0), AllDay: true},
		{Title: "M:Other ooo", Start: u(18, 13, 0), End: u(18, 17, 0), ShowAs: ShowAsOutOfOffice},
	}
	rng := Range{From: u(16, 0, 0), To: u(23, 0, 0)}
	r := Build(events, nil, kinds, Options{Range: rng})
	want := []LeftOut{{ShownFree, 1}, {AllDay, 1}, {TooLong, 1}}
	if len(r.LeftOut) != 3 || r.LeftOut[0] != want[0] || r.LeftOut[1] != want[1] || r.LeftOut[2] != want[2] {
		t.Errorf("default policy left out %v, want %v", r.LeftOut, want)
	}
	// The OOO afternoon is away: not working time, and not a meeting.
	if wed := r.Analysis.Days[2]; wed.WorkingTime != 4*time.Hour || wed.Meetings != 0 {
		t.Errorf("Wednesday: working %v, %d meetings", wed.WorkingTime, wed.Meetings)
	}
	s := DefaultSettings()
	s.Policy = Policy{Declined: true, Tentative: false, Free: true, AllDay: true}
	r = Build(events, nil, kinds, Options{Range: rng, Settings: &s})
	if r.LeftOutCount(TentativeByMe) != 1 || r.LeftOutCount(ShownFree) != 0 || r.LeftOutCount(AllDay) != 0 || r.LeftOutCount(TooLong) != 0 {
		t.Errorf("custom policy left out %v", r.LeftOut)
	}
	if got := s.Policy.String(); got != "counted: declined, shown as free, all-day; left out: tentative" {
		t.Errorf("Policy.String() = %q", got)
	}
}

func TestBound(t *testing.T) {
	tests := []struct {
		in      string
		in1     []float64
		out     []float64
		percent bool
	}{
		{">= 10", []float64{10, 11}, []float64{9.99}, false},
		{"> 10", []float64{10.5}, []float64{10}, false},
		{"<= 25", []float64{25, 0}, []float64{25.01}, false},
		{"< 3", []float64{2.9}, []float64{3}, false},
		{"== 0", []float64{0}, []float64{1}, false},
		{"5-10", []float64{5, 7, 10}, []float64{4, 11}, false},
		{"20%-30%", []float64{0.2, 0.25, 0.3}, []float64{0.19, 0.31}, true},
		{">= 15%", []float64{0.15}, []float64{0.1}, true},
		{"7", []float64{7}, []float64{6}, false},
	}
	for _, tt := range tests {
		b, err := ParseBound(tt.in)
		if err != nil || b.Percent != tt.percent {
			t.Errorf("ParseBound(%q) = %+v, %v", tt.in, b, err)
			continue
		}
		for _, v := range tt.in1 {
			if !b.Contains(v) {
				t.Errorf("%q should contain %v", tt.in, v)
			}
		}
		for _, v := range tt.out {
			if b.Contains(v) {
				t.Errorf("%q should not contain %v", tt.in, v)
			}
		}
	}
	for _, bad := range []string{"", "lots", ">=", "30-20", "10%-", "=> 3"} {
		if _, err := ParseBound(bad); err == nil {
			t.Errorf("ParseBound(%q) accepted", bad)
		}
	}
}

func TestIntervals(t *testing.T) {
	iv := func(a, b int) Interval { return Interval{u(16, a, 0), u(16, b, 0)} }
	if got := total(merge([]Interval{iv(9, 11), iv(10, 12), iv(13, 14), iv(14, 15)})); got != 5*time.Hour {
		t.Errorf("merge: %v", got)
	}
	if got := subtract([]Interval{iv(9, 17)}, []Interval{iv(8, 10), iv(12, 13), iv(16, 18)}); total(got) != 5*time.Hour || len(got) != 2 {
		t.Errorf("subtract: %v", got)
	}
	if got := multiplyCovered([]Interval{iv(9, 12), iv(10, 11), iv(10, 13), iv(12, 14)}); got != 3*time.Hour {
		// 10-11 (three), 11-12 (two), 12-13 (two): three hours double-booked
		t.Errorf("multiplyCovered: %v", got)
	}
}

// The sweep gives what merging and counting edges give.
func TestCoverageSweep(t *testing.T) {
	rnd := rand.New(rand.NewSource(7))
	for round := range 600 {
		base := time.Date(2026, 3, 16, 8, 0, 0, 0, time.UTC)
		if round%2 == 1 { // before 1970: instants of negative seconds
			base = time.Date(1500, 3, 16, 8, 0, 0, 0, time.UTC)
		}
		n := rnd.Intn(40)
		var all []placed
		var ivs []Interval
		items := make([]Item, n)
		for i := range n {
			s := base.Add(time.Duration(rnd.Intn(48)) * 15 * time.Minute)
			iv := Interval{s, s.Add(time.Duration(rnd.Intn(12)) * 15 * time.Minute)}
			kind := []Kind{KindMeeting, KindFocus, KindPersonal, KindBusy}[rnd.Intn(4)]
			items[i] = Item{Interval: iv, Match: &Match{Kind: kind}}
			if kind.Blocks() {
				ivs = append(ivs, iv)
			}
		}
		slices.SortStableFunc(items, func(a, b Item) int { return a.Start.Compare(b.Start) })
		for i := range items {
			all = append(all, place(&items[i]))
		}
		busy, double := coverage(all)
		if wb, wd := total(merge(ivs)), multiplyCovered(ivs); busy != wb || double != wd {
			t.Fatalf("round %d: busy %v double %v, want %v %v", round, busy, double, wb, wd)
		}
	}
}

// sortActivities gives what a stable sort of the whole gives, ties and
// all: random runs of meetings and gaps sharing starts, ends and categories.
func TestSortActivities(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	at := func() int64 { return int64(rng.Intn(12)) * int64(30*time.Minute) }
	for round := 0; round < 2000; round++ {
		var acts []act
		n := rng.Intn(8)
		for i := 0; i < n+rng.Intn(8); i++ {
			s := at()
			acts = append(acts, act{span{s, s + int64(1+rng.Intn(3))*int64(30*time.Minute)}, []string{"A", "B", OwnWork}[rng.Intn(3)]})
		}
		n = min(n, len(acts))
		if round%2 == 0 { // runs in order by start, as items are: out of order only among equal starts
			byStart := func(a, b act) int { return cmp.Compare(a.lo, b.lo) }
			slices.SortStableFunc(acts[:n], byStart)
			slices.SortStableFunc(acts[n:], byStart)
		}
		want := slices.Clone(acts)
		slices.SortStableFunc(want, byTime)
		if got := sortActivities(slices.Clone(acts), n, nil); !slices.Equal(got, want) {
			t.Fatalf("round %d: %v, want %v", round, got, want)
		}
	}
}

// The days are analysed in parts on every core: the analysis is the one
// a single part gives, after-hours meetings that cross midnight (and the
// parts' boundary) counted once.
func TestAnalyzeInParts(t *testing.T) {
	var events []Event
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	for d := 0; d < 400; d++ {
		day := start.AddDate(0, 0, d)
		for _, h := range []int{9, 13, 23} { // the last crosses midnight, after hours
			s := day.Add(time.Duration(h) * time.Hour)
			events = append(events, Event{Title: "A meeting", Start: s, End: s.Add(90 * time.Minute), Status: StatusConfirmed, ShowAs: ShowAsBusy})
		}
	}
	rng := Range{From: start, To: start.AddDate(0, 0, 400)}
	analyse := func(procs int) *Analysis {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		r := Build(events, nil, byPrefix, Options{Range: rng})
		return r.Analysis
	}
	one, many := analyse(1), analyse(4)
	// And with the analyses one after another, or all at once.
	defer func(n int) { parallelItems = n }(parallelItems)
	parallelItems = 1 << 30
	serial := analyse(4)
	parallelItems = 1
	if atOnce := analyse(4); !reflect.DeepEqual(serial, atOnce) {
		t.Error("the analyses run at once differ from the analyses run one after another")
	}
	// 400 late meetings, and the daytime ones of 114 weekend days.
	if one.Meetings.AfterHours != 400+2*114 || many.Meetings.AfterHours != one.Meetings.AfterHours {
		t.Errorf("after-hours meetings: %d in one part, %d in parts, want %d", one.Meetings.AfterHours, many.Meetings.AfterHours, 400+2*114)
	}
	if !reflect.DeepEqual(one.Days, many.Days) || !reflect.DeepEqual(one.Total, many.Total) || !reflect.DeepEqual(one.ByWeek, many.ByWeek) {
		t.Error("the days analysed in parts differ from the days analysed in one")
	}
}
