package render

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter/tw"
	"github.com/timeaudit/timeaudit/audit"
)

const maxDayRows = 14 // longer ranges show weeks instead of days

func hm(d time.Duration) string { return audit.FormatHM(d) }

func pct(f float64) string { return strconv.FormatFloat(math.Round(f*1000)/10, 'f', -1, 64) + "%" }

func num(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

// nums is "1 meeting" or "1.5 meetings": a figure, rounded, and its noun.
func nums(f float64, one, many string) string {
	if n := num(f); n == "1" {
		return n + " " + one
	}
	return num(f) + " " + many
}

// countTime renders "3 · 2:30", or "" for none.
func countTime(n int, d time.Duration) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n) + " · " + hm(d)
}

func orDash(s string) string {
	if s == "" || s == "0:00" || s == "0" {
		return "–"
	}
	return s
}

// buildReport lays out the whole report: summary, the comparison with an
// earlier range, categories, the days at a glance, meeting load, days
// (focus, fragmentation, switches), weekly trends, 1-on-1s, targets, data
// quality.
func buildReport(r *audit.Report, o Options, terminal bool) *document {
	d := &document{title: "Time audit", subtitle: rangeTitle(r)}
	a := r.Analysis
	d.sections = append(d.sections, summarySection(r))
	if o.Edits != nil {
		d.title = "What if"
		s := section{id: "edits", title: "What if"}
		for _, e := range o.Edits {
			s.lines = append(s.lines, bullet(e))
		}
		s.lines = append(s.lines, "The figures below are of the week with these edits; the comparison sets them beside the week as it is. Your calendar is not changed.")
		d.sections = append(d.sections, s)
	}
	if o.Previous != nil {
		if o.Edits != nil {
			d.sections = append(d.sections, compareWith(r, o.Previous, "The edited week against the week as it is", "With edits", "As is"))
		} else {
			d.sections = append(d.sections, compareSection(r, o.Previous))
		}
	}
	d.sections = append(d.sections, categorySection(r, terminal, o.ASCII))
	if tl, ok := buildTimeline(r); ok {
		d.sections = append(d.sections, section{id: "timeline", title: "Day by day", timeline: tl})
	}
	if a != nil {
		d.sections = append(d.sections, meetingSection(a), daysSection(a))
		if len(a.ByWeek) > 1 {
			d.sections = append(d.sections, trendSection(a))
		}
		if s, ok := oneOnOneSection(a); ok {
			d.sections = append(d.sections, s)
		}
		if s, ok := externalSection(a); ok {
			d.sections = append(d.sections, s)
		}
		if s, ok := prepSection(a); ok {
			d.sections = append(d.sections, s)
		}
		if len(a.Targets) > 0 {
			d.sections = append(d.sections, targetSection(a))
		}
	}
	d.sections = append(d.sections, qualitySection(r))
	return d
}

// freeFocus reports whether the report has free focus blocks: then a
// category of kind focus (focus time booked in the calendar) is called
// "(booked)", and the blocks "(free)", wherever both appear.
func freeFocus(r *audit.Report) bool { return r.Analysis != nil && r.Analysis.Total.FocusBlocks > 0 }

// categoryLabel is a category's name as the report shows it.
func categoryLabel(r *audit.Report, c audit.Category) string {
	if c.Kind == audit.KindFocus && freeFocus(r) {
		return c.Name + " (booked)"
	}
	return c.Name
}

func summarySection(r *audit.Report) section {
	s := section{id: "summary", title: "Summary"}
	top := []string{}
	for i, c := range r.Categories {
		if i == 3 {
			break
		}
		top = append(top, fmt.Sprintf("%s %s", categoryLabel(r, c.Category), pct(c.Share)))
	}
	shares := ""
	if len(top) > 0 {
		shares = "; of it " + strings.Join(top, ", ")
	}
	s.lines = append(s.lines, kv("Time counted", lead(hm(r.Total.Time), fmt.Sprintf(" in %s", plural(r.Total.Events, "event", "events"))+shares)))
	a := r.Analysis
	if a == nil {
		s.lines = append(s.lines, kv("Analyses", "unavailable: the input has no times of day, so there are totals by category only"))
		return s
	}
	tot := &a.Total
	m := &a.Meetings
	focusKey := "Focus"
	if hasBookedFocus(r) {
		focusKey = "Focus (free)"
	}
	s.lines = append(s.lines,
		kv("Meetings", joinNonEmpty("; ",
			lead(plural(m.Count, "meeting", "meetings"), ", "+meetingTimeText(m)),
			ifPositive(m.Chains, plural(m.Chains, "back-to-back chain", "back-to-back chains")),
			ifDur(a.DoubleBooked, hm(a.DoubleBooked)+" double-booked"))),
		kv(focusKey, lead(plural(tot.FocusBlocks, "focus block", "focus blocks"), fmt.Sprintf(", %s; %s after context switches", hm(tot.FocusTime),
			rangeHM(tot.EffectiveFocus[0], tot.EffectiveFocus[1])))),
		kv("Fragmentation", lead(pct(tot.Fragmentation()), fmt.Sprintf(" of free working time is in gaps under %s", audit.FormatShort(a.Settings.Focus)))),
		kv("Switches", lead(plural(tot.Switches, "context switch", "context switches"), fmt.Sprintf(", %s a working day, costing %s",
			num(tot.SwitchesPerDay()), rangeHM(tot.SwitchCost[0], tot.SwitchCost[1])))),
	)
	if o := a.OneOnOnes; o.Count > 0 {
		line := lead(strconv.Itoa(o.Count), fmt.Sprintf(" with %s on %s", plural(len(o.People), "person", "people"), plural(o.Days, "day", "days")))
		if o.DaysPerWeek > 1 {
			line += " (the article: batch them on one day)"
		}
		if late := lateOnRoster(a); late > 0 {
			line += fmt.Sprintf("; %d of %d on the team waiting too long", late, len(a.Roster))
		}
		s.lines = append(s.lines, kv("1-on-1s", line))
	}
	if x := a.External; x.Known && x.Meetings.Count > 0 {
		s.lines = append(s.lines, kv("External", lead(plural(x.Meetings.Count, "meeting", "meetings"), fmt.Sprintf(", on %s a week", plural2(x.DaysPerWeek, "day", "days"))+
			ifPositive(x.MixedDays, fmt.Sprintf(", %s mixed with 1-on-1s", plural(x.MixedDays, "day", "days"))))))
	}
	if len(a.Targets) > 0 {
		var missed []string
		for _, t := range a.Targets {
			if !t.OK {
				missed = append(missed, t.Label())
			}
		}
		line := lead(fmt.Sprintf("%d of %d", len(a.Targets)-len(missed), len(a.Targets)), " met")
		if len(missed) > 0 {
			line += "; missed: " + strings.Join(missed, "; ")
		}
		s.lines = append(s.lines, kv("Targets", line))
	}
	return s
}

// hasBookedFocus reports whether a category of kind focus has time.
func hasBookedFocus(r *audit.Report) bool {
	for _, c := range r.Categories {
		if c.Kind == audit.KindFocus && c.Time > 0 {
			return true
		}
	}
	return false
}

// meetingTimeText is the meetings' time and what its share is of: "7:45
// (21.1% of working time)", or, when some falls outside working hours,
// "7:45, 6:45 of it in working hours (21.1% of working time)".
func meetingTimeText(m *audit.MeetingLoad) string {
	if m.InWorkingHours == m.Time {
		return fmt.Sprintf("%s (%s of working time)", hm(m.Time), pct(m.Share))
	}
	return fmt.Sprintf("%s, %s of it in working hours (%s of working time)", hm(m.Time), hm(m.InWorkingHours), pct(m.Share))
}

// plural2 is a rate with its noun: "1 day", "1.5 days".
func plural2(f float64, one, many string) string {
	if num(f) == "1" {
		return "1 " + one
	}
	return num(f) + " " + many
}

func parenthesise(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

func ifPositive(n int, s string) string {
	if n > 0 {
		return s
	}
	return ""
}

func ifDur(d time.Duration, s string) string {
	if d > 0 {
		return s
	}
	return ""
}

// shortRange renders "10m-20m", or "15m" when both ends agree.
func shortRange(lo, hi time.Duration) string {
	if lo == hi {
		return audit.FormatShort(lo)
	}
	return audit.FormatShort(lo) + "-" + audit.FormatShort(hi)
}

// rangeHM renders a low-high pair of durations: "1:10-2:20", or one value when equal.
func rangeHM(lo, hi time.Duration) string {
	if lo == hi {
		return hm(lo)
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	return hm(lo) + "-" + hm(hi)
}

func categorySection(r *audit.Report, terminal, ascii bool) section {
	s := section{id: "categories", title: "Time by category"}
	if len(r.Categories) == 0 {
		s.lines = []string{"No events to count."}
		return s
	}
	header := []string{"Category", "Kind", "Events", "Time", "Share"}
	aligns := []tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight}
	if terminal {
		header = append(header, "")
		aligns = append(aligns, tw.AlignLeft)
	}
	t := newTableSpec(header, aligns...)
	t.drop = []int{5, 1, 2}
	for _, c := range r.Categories {
		row := []string{categoryLabel(r, c.Category), string(c.Kind), strconv.Itoa(c.Events), hm(c.Time), percent(c.Share)}
		if terminal {
			if ascii {
				row = append(row, strings.Repeat("#", int(math.Round(c.Share*20))))
			} else {
				row = append(row, bar(c.Share, 20))
			}
		}
		t.add(row...)
	}
	t.footer = []string{"Total", "", strconv.Itoa(r.Total.Events), hm(r.Total.Time), percent(r.Total.Share)}
	if terminal {
		t.footer = append(t.footer, "")
	}
	s.table = t
	s.after = []string{"Shares are of the time counted, not of working time."}
	return s
}

func meetingSection(a *audit.Analysis) section {
	m := &a.Meetings
	s := section{id: "meetings", title: "Meeting load"}
	share := fmt.Sprintf("%s of working time", pct(m.Share))
	if m.InWorkingHours != m.Time && a.Weeks > 0 {
		share = fmt.Sprintf("%s in working hours: %s of working time", num(m.InWorkingHours.Hours()/a.Weeks)+" of them", pct(m.Share))
	}
	s.lines = append(s.lines, fmt.Sprintf("%s a week, %s a week (%s), %s on average.",
		nums(m.PerWeek, "meeting", "meetings"), nums(m.HoursPerWeek, "hour", "hours"), share, audit.FormatShort(m.Average)))
	s.lines = append(s.lines, bandLines(m.Bands)...)
	s.lines = append(s.lines, seriesLine(m))
	if m.Chains > 0 {
		s.lines = append(s.lines, fmt.Sprintf("Back to back: %s, the longest %d meetings in a row, %s in all.",
			plural(m.Chains, "chain", "chains"), m.LongestChain, hm(m.ChainTime)))
	}
	if a.DoubleBooked > 0 {
		s.lines = append(s.lines, fmt.Sprintf("Double-booked: %s.", hm(a.DoubleBooked)))
	}
	if m.AfterHours > 0 {
		weekend := ""
		if m.Weekend > 0 {
			weekend = fmt.Sprintf(", %s on days off", plural(m.Weekend, "meeting", "meetings"))
		}
		s.lines = append(s.lines, fmt.Sprintf("Outside working hours: %s (%s)%s.", plural(m.AfterHours, "meeting", "meetings"), hm(m.AfterHoursTime), weekend))
	}
	cost := ""
	if m.Cost > 0 {
		cost = fmt.Sprintf(", costing %s at %s an attendee-hour", strconv.FormatFloat(math.Round(m.Cost), 'f', 0, 64), num(a.Settings.HourlyRate))
	}
	s.lines = append(s.lines, fmt.Sprintf("Attendee-hours: %s%s.", num(m.AttendeeHours), cost))
	return s
}

// bandLines phrases the band verdicts, one line per figure: "14 meetings a
// week: below the managers' 20-30, above the engineers' 5-10".
func bandLines(bands []audit.BandVerdict) []string {
	var out []string
	var figure string
	var parts []string
	flush := func() {
		if figure != "" {
			out = append(out, bullet(figure+": "+strings.Join(parts, ", ")))
		}
	}
	for _, b := range bands {
		actual := num(b.Actual)
		if b.Bound.Percent {
			actual = pct(b.Actual)
		}
		f := actual + " " + b.What
		if actual == "1" && strings.HasPrefix(b.What, "meetings ") {
			f = "1 meeting " + strings.TrimPrefix(b.What, "meetings ")
		}
		if f != figure {
			flush()
			figure, parts = f, nil
		}
		parts = append(parts, fmt.Sprintf("%s the %s' %s", b.Verdict(), b.Who, b.Bound.Text))
	}
	flush()
	return out
}

// daysSection is the per-day table (per-week for long ranges) with focus,
// fragmentation and context switches.
func daysSection(a *audit.Analysis) section {
	tot := &a.Total
	set := &a.Settings
	s := section{id: "days", title: "Focus, fragmentation and context switches"}
	s.lines = []string{
		fmt.Sprintf("Free working time: %s in focus blocks (free gaps of %s or more), %s in buffers (%s or more), %s in fragments.",
			hm(tot.FocusTime), audit.FormatShort(set.Focus), hm(tot.BufferTime), audit.FormatShort(set.Buffer), hm(tot.FragmentTime)),
		fmt.Sprintf("Each context switch costs %s: %s cost %s; focus blocks right after a switch lose it, leaving %s of effective focus.",
			shortRange(set.SwitchCost[0], set.SwitchCost[1]), plural(tot.Switches, "switch", "switches"), rangeHM(tot.SwitchCost[0], tot.SwitchCost[1]),
			rangeHM(tot.EffectiveFocus[0], tot.EffectiveFocus[1])),
	}
	header := []string{"Day", "Working", "Meetings", "In meetings", "Focus (free)", "Buffers", "Fragments", "Longest free", "Switches", "After hours"}
	t := newTableSpec(header, tw.AlignLeft)
	t.drop = []int{9, 7, 6, 5, 1}
	if len(a.Days) <= maxDayRows {
		for i := range a.Days {
			d := &a.Days[i]
			if d.WorkingTime == 0 && d.Meetings == 0 && d.MeetingTime == 0 && !d.Away {
				continue
			}
			working := hm(d.WorkingTime)
			if d.Away {
				working = "away"
			}
			t.add(d.Date.Format("Mon 2 Jan"), working, orDash(strconv.Itoa(d.Meetings)), orDash(hm(d.MeetingTime)),
				orDash(countTime(d.FocusBlocks, d.FocusTime)), orDash(countTime(d.BufferBlocks, d.BufferTime)),
				orDash(countTime(d.Fragments, d.FragmentTime)), orDash(hm(d.Longest)), orDash(strconv.Itoa(d.Switches)), orDash(hm(d.AfterHours)))
		}
	} else {
		t.header[0] = "Week"
		for i := range a.ByWeek {
			w := &a.ByWeek[i]
			t.add(w.Label, hm(w.WorkingTime), orDash(strconv.Itoa(w.Meetings)), orDash(hm(w.MeetingTime)),
				orDash(countTime(w.FocusBlocks, w.FocusTime)), orDash(countTime(w.BufferBlocks, w.BufferTime)),
				orDash(countTime(w.Fragments, w.FragmentTime)), orDash(hm(w.Longest)), orDash(strconv.Itoa(w.Switches)), orDash(hm(w.AfterHours)))
		}
	}
	t.footer = []string{"Total", hm(tot.WorkingTime), strconv.Itoa(tot.Meetings), hm(tot.MeetingTime),
		orDash(countTime(tot.FocusBlocks, tot.FocusTime)), orDash(countTime(tot.BufferBlocks, tot.BufferTime)),
		orDash(countTime(tot.Fragments, tot.FragmentTime)), orDash(hm(tot.Longest)), strconv.Itoa(tot.Switches), orDash(hm(tot.AfterHours))}
	s.table = t
	s.after = []string{fmt.Sprintf("Fragmentation: %s of free working time is in gaps shorter than a focus block.", pct(tot.Fragmentation()))}
	return s
}

func oneOnOneSection(a *audit.Analysis) (section, bool) {
	o := &a.OneOnOnes
	if len(a.Roster) > 0 {
		return rosterSection(a), true
	}
	if o.Count == 0 {
		return section{}, false
	}
	s := section{id: "oneonones", title: "1-on-1s"}
	s.lines = append(s.lines, fmt.Sprintf("%d in %s with %s, on %s (%s a week).",
		o.Count, hm(o.Time), plural(len(o.People), "person", "people"), plural(o.Days, "day", "days"), num(o.DaysPerWeek)))
	if o.DaysPerWeek > 1 {
		s.lines = append(s.lines, "The article: put all 1-on-1s on one day.")
	}
	overdue := 0
	for _, p := range o.People {
		if p.Overdue {
			overdue++
		}
	}
	header := []string{"With", "1-on-1s", "Time", "Last", "Longest gap"}
	if overdue > 0 {
		header = append(header, "")
	}
	t := newTableSpec(header, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignLeft, tw.AlignRight, tw.AlignLeft)
	t.drop = []int{4, 3}
	for _, p := range o.People {
		gap := ""
		if p.LongestGap > 0 {
			gap = days(p.LongestGap)
		}
		row := []string{p.Name, strconv.Itoa(p.Count), hm(p.Time), p.Last.Format("Mon 2 Jan"), orDash(gap)}
		if overdue > 0 {
			flag := ""
			if p.Overdue {
				flag = "overdue"
			}
			row = append(row, flag)
		}
		t.add(row...)
	}
	s.table = t
	cadence := strings.TrimSuffix(strings.Replace(days(o.Cadence), " ", "-", 1), "s")
	switch {
	case o.CadenceChecked && overdue > 0:
		s.after = append(s.after, fmt.Sprintf("Overdue: %s without a 1-on-1 for more than %s.", plural(overdue, "person", "people"), days(o.Cadence)))
	case o.CadenceChecked:
		s.after = append(s.after, fmt.Sprintf("Everyone had a 1-on-1 within the %s cadence.", cadence))
	default:
		s.after = append(s.after, fmt.Sprintf("The %s cadence is checked on ranges at least that long.", cadence))
	}
	return s, true
}

func days(d time.Duration) string {
	n := int(math.Round(d.Hours() / 24))
	if n%7 == 0 && n >= 7 {
		return plural(n/7, "week", "weeks")
	}
	return plural(n, "day", "days")
}

// targetValue renders a target's actual value in its unit.
func targetValue(t audit.TargetResult) string {
	if t.Bound.Percent {
		return pct(t.Actual)
	}
	return num(t.Actual)
}

// targetVerdict is "met", or "missed by" how far the actual value is from
// the goal, in the target's unit: "missed by 2:30", "missed by 4.2 pts".
func targetVerdict(t audit.TargetResult) string {
	if t.OK {
		return "met"
	}
	gap := 0.0
	switch b := t.Bound; {
	case b.HasMin && t.Actual < b.Min:
		gap = b.Min - t.Actual
	case b.HasMax && t.Actual > b.Max:
		gap = t.Actual - b.Max
	}
	switch {
	case gap == 0: // at an open bound
		return "missed"
	case t.Bound.Percent:
		return "missed by " + num(gap*100) + " pts"
	case t.Unit == "hours":
		return "missed by " + hm(time.Duration(math.Round(gap*60))*time.Minute)
	}
	return "missed by " + num(gap)
}

func targetSection(a *audit.Analysis) section {
	s := section{id: "targets", title: "Targets"}
	t := newTableSpec([]string{"Target", "Actual", "Goal", ""}, tw.AlignLeft, tw.AlignRight, tw.AlignLeft, tw.AlignLeft)
	for _, tr := range a.Targets {
		t.add(tr.Label(), targetValue(tr), tr.Bound.Text, targetVerdict(tr))
	}
	t.status = 3
	s.table = t
	return s
}

func qualitySection(r *audit.Report) section {
	s := section{id: "quality", title: "Data quality"}
	if l := leftOutText(r); l != "" {
		s.lines = append(s.lines, "Left out: "+l+".")
	}
	if resp := responsesText(r); resp != "" {
		s.lines = append(s.lines, "Your responses: "+resp+".")
	}
	s.lines = append(s.lines, "Counting policy: "+r.PolicyText()+".")
	if def, titles := unmatched(r); len(titles) > 0 {
		var names []string
		for i, u := range titles {
			if i == 5 {
				names = append(names, fmt.Sprintf("and %d more", len(titles)-5))
				break
			}
			names = append(names, fmt.Sprintf("%s (%s)", oneLine(u.Title), hm(u.time)))
		}
		s.lines = append(s.lines, fmt.Sprintf("Fell to %s (no rule matched): %s. See timeaudit rules explain.", def, strings.Join(names, ", ")))
	}
	for i, inv := range r.Invalid {
		if i == maxInvalidListed {
			s.lines = append(s.lines, fmt.Sprintf("... and %d more invalid records (see --format json)", len(r.Invalid)-i))
			break
		}
		s.lines = append(s.lines, fmt.Sprintf("Invalid, skipped: %s: %s", inv.Source, inv.Err))
	}
	for _, n := range r.Notes {
		s.lines = append(s.lines, "Note: "+n)
	}
	if len(s.lines) == 0 {
		s.lines = []string{"Nothing was left out."}
	}
	return s
}

// trendSection is the headline figures week by week.
func trendSection(a *audit.Analysis) section {
	s := section{id: "trends", title: "Week by week"}
	t := newTableSpec([]string{"Week", "Meetings", "In meetings", "Focus (free)", "Effective focus", "Fragmentation", "Switches a day", "After hours"}, tw.AlignLeft)
	t.drop = []int{7, 4, 5}
	for i := range a.ByWeek {
		w := &a.ByWeek[i]
		label := w.Label
		if w.Days < 7 {
			label += fmt.Sprintf(" (%s)", plural(w.Days, "day", "days"))
		}
		t.add(label, strconv.Itoa(w.Meetings), hm(w.MeetingTime), hm(w.FocusTime), rangeHM(w.EffectiveFocus[0], w.EffectiveFocus[1]),
			pct(w.Fragmentation()), num(w.SwitchesPerDay()), orDash(hm(w.AfterHours)))
	}
	s.table = t
	return s
}

// figureText renders a figure's value in its unit.
func figureText(u audit.Unit, v float64) string {
	switch u {
	case audit.UnitDuration:
		return hm(time.Duration(math.Round(v)) * time.Minute)
	case audit.UnitPercent:
		return pct(v)
	case audit.UnitCount:
		return strconv.FormatFloat(math.Round(v), 'f', -1, 64)
	}
	return num(v)
}

// changeText renders a change with its sign: "+1:30", "-2", "+4.2 pts".
func changeText(u audit.Unit, c float64) string {
	sign := "+"
	if c < 0 {
		sign, c = "-", -c
	}
	switch {
	case c == 0 || (u == audit.UnitPercent && math.Round(c*1000) == 0) || (u == audit.UnitRate && math.Round(c*10) == 0):
		return "±0"
	case u == audit.UnitPercent:
		return sign + num(c*100) + " pts"
	}
	return sign + figureText(u, c)
}

// verdictText says whether a change is for the better, by the article.
func verdictText(d audit.Delta) string {
	switch d.Verdict() {
	case 1:
		return "better"
	case -1:
		return "worse"
	}
	return ""
}

// compareSection sets every headline figure beside the earlier range's.
func compareSection(r, prev *audit.Report) section {
	return compareWith(r, prev, "Compared with "+prev.Range.Label(), "This", "Before")
}

// compareWith sets every headline figure of r beside prev's, under a title
// and column names of the caller's.
func compareWith(r, prev *audit.Report, title, this, before string) section {
	s := section{id: "compare", title: title}
	t := newTableSpec([]string{"Figure", this, before, "Change", ""}, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignLeft)
	for _, d := range audit.Compare(r, prev) {
		cur, before := "–", "–"
		if d.HasCurrent {
			cur = figureText(d.Unit, d.Value)
		}
		if d.HasPrevious {
			before = figureText(d.Unit, d.Previous)
		}
		change := ""
		if d.HasCurrent && d.HasPrevious {
			change = changeText(d.Unit, d.Change())
		}
		name := d.Name
		if strings.HasPrefix(d.Key, "category:") {
			name = "Category: " + name
		}
		t.add(name, cur, before, change, verdictText(d))
	}
	t.status = 4
	s.table = t
	return s
}
