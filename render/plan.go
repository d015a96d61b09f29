package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/timeaudit/timeaudit/audit"
)

// The plan view: the moves proposed, each with its reason and what it
// changes; the headline figures of the planned week beside the week as it
// is; both weeks day by day; which meetings may move and why. timeaudit
// changes no calendar: -f ics writes the planned week to open beside it.

// moveTitle is the moved event's title, on one line.
func moveTitle(p *Plan, m audit.Move) string { return oneLine(title(&p.Events[m.Event])) }

// moveText says one move in words: "Move '1:1 Alex' Wed 14:00 -> Mon 10:30
// (you organise it; alex@corp.example is free): 1-on-1 days 3 -> 2,
// switches -2".
func moveText(p *Plan, m audit.Move) string {
	loc := p.Before.Range.Location()
	every := ""
	if m.Series {
		every = " (every week)"
	}
	var why []string
	if m.Why != "" {
		why = append(why, m.Why)
	}
	if len(m.Checked) > 0 {
		why = append(why, people(m.Checked)+" "+isAre(len(m.Checked))+" free")
	}
	if len(m.Unknown) > 0 && len(m.Checked) > 0 {
		why = append(why, plural(len(m.Unknown), "attendee's", "attendees'")+" time unknown")
	}
	return fmt.Sprintf("Move %s %s -> %s%s (%s): %s; score %+.1f", audit.Quote(moveTitle(p, m)),
		m.From.In(loc).Format("Mon 15:04"), m.To.In(loc).Format("Mon 15:04"), every, strings.Join(why, "; "), m.Before.Changes(m.After), m.After.Score-m.Before.Score)
}

// people names up to three addresses, then counts the rest.
func people(emails []string) string {
	if len(emails) <= 3 {
		return strings.Join(emails, ", ")
	}
	return strings.Join(emails[:3], ", ") + fmt.Sprintf(" and %d more", len(emails)-3)
}

func score(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// planDocument lays out the plan for the text formats and HTML.
func planDocument(p *Plan) *document {
	before, after := p.Before, p.After
	d := &document{title: "Plan", subtitle: rangeTitle(before)}
	moves := section{id: "moves", title: "Moves"}
	if len(p.Moves) == 0 {
		moves.lines = append(moves.lines, "No move makes the week better by the article's goals: it stays as it is.")
	}
	for _, m := range p.Moves {
		moves.lines = append(moves.lines, bullet(moveText(p, m)))
	}
	o := p.Objective
	moves.lines = append(moves.lines,
		kv("Score", fmt.Sprintf("%s -> %s (%+.1f; the objective's weights are in the config's plan.weights)", score(o[0].Score), score(o[1].Score), o[1].Score-o[0].Score)),
		"timeaudit changes nothing: make the moves in your calendar yourself, or open the planned week (-f ics) beside it.")
	d.sections = append(d.sections, moves)
	if before.Analysis != nil && after.Analysis != nil {
		d.sections = append(d.sections, compareWith(after, before, "The planned week against the week as it is", "Planned", "As is"))
	}
	if tl, ok := buildTimeline(before); ok {
		d.sections = append(d.sections, section{id: "timeline-before", title: "The week as it is", timeline: tl})
	}
	if len(p.Moves) > 0 {
		if tl, ok := buildTimeline(after); ok {
			d.sections = append(d.sections, section{id: "timeline-after", title: "The week with the moves", timeline: tl})
		}
	}
	cands := section{id: "candidates", title: "Which meetings may move"}
	t := newTableSpec([]string{"Meeting", "When", "May move", "Why"}, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft)
	loc := before.Range.Location()
	for _, c := range p.Candidates {
		ev := &p.Events[c.Event]
		may := "no"
		if c.Movable {
			may = "yes"
		}
		t.add(oneLine(title(ev)), startOf(p, c.Event).In(loc).Format("Mon 15:04"), may, c.Why)
	}
	if len(t.rows) > 0 {
		cands.table = t
		d.sections = append(d.sections, cands)
	}
	if len(p.Notes) > 0 {
		n := section{id: "quality", title: "What the plan assumed"}
		for _, s := range p.Notes {
			n.lines = append(n.lines, bullet(s))
		}
		d.sections = append(d.sections, n)
	}
	return d
}

// startOf is where an event of the week is now (before the moves).
func startOf(p *Plan, ev int) time.Time {
	for _, m := range p.Moves {
		if m.Event == ev {
			return m.From
		}
	}
	return p.Events[ev].Start
}

func planTable(w io.Writer, in Input, o Options) error {
	return writeTerminal(w, planDocument(in.Plan), o)
}

func planMarkdown(w io.Writer, in Input, _ Options) error {
	return writeMarkdown(w, planDocument(in.Plan))
}

func planHTML(w io.Writer, in Input, o Options) error {
	return writeHTML(w, planDocument(in.Plan), &htmlCharts{r: in.Plan.After, o: o})
}

// planRows are the moves as records, for TSV and CSV.
func planRows(p *Plan) ([]string, [][]string) {
	head := []string{"title", "uid", "from", "to", "series", "reason", "checked_attendees", "unknown_attendees", "changes"}
	var rows [][]string
	loc := p.Before.Range.Location()
	for _, m := range p.Moves {
		e := &p.Events[m.Event]
		rows = append(rows, []string{title(e), e.UID, m.From.In(loc).Format(time.RFC3339), m.To.In(loc).Format(time.RFC3339),
			strconv.FormatBool(m.Series), m.Why, strings.Join(m.Checked, " "), strings.Join(m.Unknown, " "), m.Before.Changes(m.After)})
	}
	return head, rows
}

func planTSV(w io.Writer, in Input, _ Options) error {
	head, rows := planRows(in.Plan)
	var b strings.Builder
	b.WriteString(strings.Join(head, "\t") + "\n")
	for _, r := range rows {
		for i, c := range r {
			r[i] = tsvCell(c)
		}
		b.WriteString(strings.Join(r, "\t") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return errWrite(err)
}

func planCSV(w io.Writer, in Input, _ Options) error {
	head, rows := planRows(in.Plan)
	cw := csv.NewWriter(w)
	_ = cw.Write(head)
	for _, r := range rows {
		for i, c := range r {
			r[i] = sheetCell(c)
		}
		_ = cw.Write(r)
	}
	cw.Flush()
	return errWrite(cw.Error())
}

// The plan in JSON: moves, the objective before and after, and both weeks
// as report JSON (the schema of timeaudit report -f json).
type jsonPlan struct {
	Week      jsonRange     `json:"week"`
	Moves     []jsonMove    `json:"moves"`
	Objective jsonObjective `json:"objective"`
	Before    jsonReport    `json:"before"`
	After     jsonReport    `json:"after"`
	Notes     []string      `json:"notes"`
}

type jsonMove struct {
	Title            string   `json:"title"`
	UID              string   `json:"uid"`
	From             string   `json:"from"`
	To               string   `json:"to"`
	Series           bool     `json:"series"`
	Reason           string   `json:"reason"`
	CheckedAttendees []string `json:"checked_attendees"`
	UnknownAttendees []string `json:"unknown_attendees"`
	Changes          string   `json:"changes"`
	ScoreBefore      float64  `json:"score_before"`
	ScoreAfter       float64  `json:"score_after"`
}

type jsonObjective struct {
	Before jsonScore `json:"before"`
	After  jsonScore `json:"after"`
}

type jsonScore struct {
	Score                 float64 `json:"score"`
	EffectiveFocusMinutes float64 `json:"effective_focus_minutes"`
	ContextSwitches       int     `json:"context_switches"`
	OneOnOneDays          int     `json:"one_on_one_days"`
	ExternalDays          int     `json:"external_days"`
	MixedDays             int     `json:"mixed_days"`
	BackToBackChains      int     `json:"back_to_back_chains"`
	LongestChain          int     `json:"longest_chain"`
	Fragmentation         float64 `json:"fragmentation"`
}

func scoreJSON(o audit.Objective) jsonScore {
	return jsonScore{Score: one(o.Score), EffectiveFocusMinutes: minutes(o.EffectiveFocus), ContextSwitches: o.Switches,
		OneOnOneDays: o.OneOnOneDays, ExternalDays: o.ExternalDays, MixedDays: o.MixedDays,
		BackToBackChains: o.Chains, LongestChain: o.LongestChain, Fragmentation: frac(o.Fragmentation)}
}

func planJSON(w io.Writer, in Input, _ Options) error {
	p := in.Plan
	before, after := buildJSON(p.Before), buildJSON(p.After)
	out := jsonPlan{Week: before.Range, Moves: []jsonMove{}, Before: before, After: after, Notes: append([]string{}, p.Notes...),
		Objective: jsonObjective{Before: scoreJSON(p.Objective[0]), After: scoreJSON(p.Objective[1])}}
	loc := p.Before.Range.Location()
	for _, m := range p.Moves {
		e := &p.Events[m.Event]
		out.Moves = append(out.Moves, jsonMove{Title: title(e), UID: e.UID, From: m.From.In(loc).Format(time.RFC3339), To: m.To.In(loc).Format(time.RFC3339),
			Series: m.Series, Reason: m.Why, CheckedAttendees: nonNil(m.Checked), UnknownAttendees: nonNil(m.Unknown),
			Changes: m.Before.Changes(m.After), ScoreBefore: one(m.Before.Score), ScoreAfter: one(m.After.Score)})
	}
	return writeJSON(w, out)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// planICS writes the planned week: every counted event with a time of
// day, the moved ones at their new times with the proposal in their
// DESCRIPTION, to open beside the real calendar. Times are UTC.
func planICS(w io.Writer, in Input, _ Options) error {
	p := in.Plan
	moved := map[int]audit.Move{}
	for _, m := range p.Moves {
		moved[m.Event] = m
	}
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//timeaudit//plan//EN")
	cal.Props.SetText("X-WR-CALNAME", "timeaudit plan "+p.After.Range.Label())
	stamp := p.After.Range.From.UTC()
	loc := p.After.Range.Location()
	for i := range p.After.Items {
		it := &p.After.Items[i]
		if !it.Counted() || !it.Event.HasTimeOfDay() {
			continue
		}
		e := it.Event
		ev := ical.NewEvent()
		uid := e.UID
		if uid == "" {
			uid = fmt.Sprintf("timeaudit-plan-%d", i)
		}
		if !e.RecurrenceID.IsZero() {
			uid += "-" + e.RecurrenceID.UTC().Format("20060102T150405Z")
		} else if e.SeriesID != "" {
			uid += "-" + e.Start.UTC().Format("20060102")
		}
		ev.Props.SetText(ical.PropUID, "plan-"+uid)
		ev.Props.SetDateTime(ical.PropDateTimeStamp, stamp)
		ev.Props.SetDateTime(ical.PropDateTimeStart, e.Start.UTC())
		ev.Props.SetDateTime(ical.PropDateTimeEnd, e.End.UTC())
		ev.Props.SetText(ical.PropSummary, e.Title)
		ev.Props.SetText(ical.PropCategories, it.Match.Category)
		desc := "As it is in your calendar."
		if m, ok := moved[int(it.Index)]; ok {
			desc = fmt.Sprintf("Proposed by timeaudit plan: move from %s to %s (%s). Not in your calendar: timeaudit changes nothing.",
				m.From.In(loc).Format("Mon 2 Jan 15:04"), m.To.In(loc).Format("Mon 2 Jan 15:04"), m.Why)
			ev.Props.SetText(ical.PropSummary, "Proposed: "+e.Title)
		}
		ev.Props.SetText(ical.PropDescription, desc)
		cal.Children = append(cal.Children, ev.Component)
	}
	return errWrite(ical.NewEncoder(w).Encode(cal))
}
