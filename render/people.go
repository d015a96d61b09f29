package render

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter/tw"

	"github.com/timeaudit/timeaudit/audit"
)

// seriesLine splits the meetings into recurring and one-off, and says the
// solo holds: "Recurring: 14 meetings, 5:15; one-off: 8, 4:30; solo holds
// (own time, not meetings): 3, 2:00."
func seriesLine(m *audit.MeetingLoad) string {
	line := fmt.Sprintf("Recurring: %s, %s; one-off: %d, %s", plural(m.Recurring.Count, "meeting", "meetings"), hm(m.Recurring.Time), m.OneOff.Count, hm(m.OneOff.Time))
	if m.SoloHolds.Count > 0 {
		line += fmt.Sprintf("; solo holds (own time, not meetings): %d, %s", m.SoloHolds.Count, hm(m.SoloHolds.Time))
	}
	return line + "."
}

// statusText is a roster status in words.
func statusText(s string) string {
	if s == audit.StatusTooShort {
		return "too short to tell"
	}
	return s
}

// rosterSection is the 1-on-1s by the roster: everyone on it, met or not,
// then those met 1-on-1 who are not on it.
func rosterSection(a *audit.Analysis) section {
	o := &a.OneOnOnes
	s := section{id: "oneonones", title: "1-on-1s"}
	late := lateOnRoster(a)
	s.lines = append(s.lines, fmt.Sprintf("%d in %s, on %s (%s a week); %d of %d on the team %s waiting too long.",
		o.Count, hm(o.Time), plural(o.Days, "day", "days"), num(o.DaysPerWeek), late, len(a.Roster), isAre(late)))
	if o.DaysPerWeek > 1 {
		s.lines = append(s.lines, "The article: put all 1-on-1s on one day.")
	}
	t := newTableSpec([]string{"Person", "Relation", "Every", "1-on-1s", "Time", "Average", "Last", "Since", "Longest gap", "Status"},
		tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignLeft)
	for _, e := range a.Roster {
		every, avg, last, since, gap := "–", "–", "–", "–", "–"
		if e.Cadence > 0 {
			every = days(e.Cadence)
		}
		if e.Count > 0 {
			avg = audit.FormatShort(e.Average) + " of " + audit.FormatShort(e.Length)
			last, since, gap = e.Last.Format("Mon 2 Jan"), days(time.Duration(e.DaysSince*24)*time.Hour), days(e.LongestGap)
		}
		t.add(e.Label(), string(e.Relation), every, strconv.Itoa(e.Count), orDash(hm(e.Time)), avg, last, since, gap, statusText(e.Status))
	}
	t.status = 9
	t.drop = []int{5, 8, 7, 4, 2}
	s.table = t
	var others []string
	for _, p := range o.People {
		if !p.OnRoster {
			others = append(others, fmt.Sprintf("%s (%d)", p.Name, p.Count))
		}
	}
	if len(others) > 0 {
		s.after = append(s.after, "Not on the team: "+strings.Join(others, ", ")+".")
	}
	s.after = append(s.after, "Overdue: longer than the cadence without a 1-on-1, with a grace of half the cadence (at most a week); never: none in a range at least one cadence long.")
	return s
}

// externalSection says when the meetings with outsiders fall (the
// article: keep external stakeholders to a day of their own).
func externalSection(a *audit.Analysis) (section, bool) {
	x := &a.External
	if !x.Known || x.Meetings.Count == 0 {
		return section{}, false
	}
	s := section{id: "external", title: "External meetings"}
	var on []string
	for i := range 7 {
		wd := time.Weekday((i + 1) % 7)
		if n := x.Weekdays[wd].Count; n > 0 {
			on = append(on, fmt.Sprintf("%s (%d)", wd.String()[:3], n))
		}
	}
	s.lines = append(s.lines, fmt.Sprintf("%s with someone from outside, %s (%s of meeting time), on %s: %s, %s a week.",
		plural(x.Meetings.Count, "meeting", "meetings"), hm(x.Meetings.Time), pct(x.Share), strings.Join(on, ", "),
		plural(x.Days, "day", "days"), num(x.DaysPerWeek)))
	if x.MixedDays > 0 {
		s.lines = append(s.lines, fmt.Sprintf("%s mixed external meetings with 1-on-1s; the article: put external stakeholders on a day of their own.",
			plural(x.MixedDays, "day", "days")))
	}
	return s, true
}

// prepSection checks that the meetings worth preparing had a prep block.
func prepSection(a *audit.Analysis) (section, bool) {
	p := &a.Prep
	if p.Needing == 0 {
		return section{}, false
	}
	s := section{id: "prep", title: "Prep"}
	set := &a.Settings.Prep
	what := strings.Join(set.Before, ", ")
	if set.Managers && slices.ContainsFunc(a.Settings.Team, func(m audit.Member) bool { return m.Relation == audit.RelationManager }) {
		what += ", and meetings with your manager"
	}
	s.lines = append(s.lines, fmt.Sprintf("%d of %s that need prep (%s) had a %s block in the %s before them (%s).",
		p.WithPrep, plural(p.Needing, "meeting", "meetings"), what, set.Category, audit.FormatShort(set.Window), pct(p.Share)))
	for i, it := range p.Missing {
		if i == 10 {
			s.lines = append(s.lines, bullet(fmt.Sprintf("and %d more", len(p.Missing)-i)))
			break
		}
		day, span := when(it)
		s.lines = append(s.lines, bullet(fmt.Sprintf("no prep: %s %s %s", day, strings.SplitN(span, "-", 2)[0], oneLine(title(it.Event)))))
	}
	return s, true
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// lateOnRoster counts the team members overdue or never met.
func lateOnRoster(a *audit.Analysis) int {
	n := 0
	for _, e := range a.Roster {
		if e.Late() {
			n++
		}
	}
	return n
}
