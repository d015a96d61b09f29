package app

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

// EditSpec is one edit as the user wrote it (whatif --move "1:1 Alex=Mon
// 10:30", or a line of an edits file); it is read once the week is known.
type EditSpec struct {
	Op   audit.EditOp
	Spec string
	// Where it was written, for messages: "" for a flag, "edits.yaml:3".
	Where string
}

// PlanJob asks for a plan of the week (timeaudit plan).
type PlanJob struct {
	MaxMoves int           // 0: the config's, else 5
	Step     time.Duration // the grid of start times tried; 0: 15 minutes
}

// Plan is what timeaudit plan found.
type Plan struct {
	audit.Plan
	Week  audit.Range
	Notes []string // what the plan assumed: whose time it checked, what may move
}

// planWeek is the week a plan or a what-if changes: the last ISO week of
// the range (the range itself when it is shorter).
func planWeek(r audit.Range) audit.Range {
	if r.Days() <= 7 {
		return r
	}
	return audit.Range{From: r.To.AddDate(0, 0, -7), To: r.To}
}

// whatIf audits the week again with the edits made: the result's report is
// the edited week, Previous the week as it is.
func (res *Result) whatIf(q Query, m merged, specs []EditSpec) error {
	week := planWeek(res.Report.Range)
	edits := make([]audit.Edit, 0, len(specs))
	for _, s := range specs {
		e, err := audit.ParseEdit(s.Op, s.Spec, week)
		if err != nil {
			if s.Where != "" {
				err = audit.Usagef("%s: %w", s.Where, err)
			}
			return err
		}
		edits = append(edits, e)
	}
	edited, done, err := audit.ApplyEdits(m.events, edits, week)
	if err != nil {
		return err
	}
	res.Previous, res.Report = res.Report, m.build(q, edited)
	res.Edits = done
	return nil
}

// plan proposes moves for the week; the result's report is the week as it
// is, Plan the moves and the week after them.
func (res *Result) plan(ctx context.Context, q Query, m merged, ins []Input, job PlanJob) error {
	week := planWeek(res.Report.Range)
	qw := q.In(week)
	w := weekOnly(m, week)
	w.cl = q.Config.Classifier()
	movable, fixed := q.Config.MoveRules()
	maxMoves := job.MaxMoves
	if maxMoves == 0 {
		maxMoves = q.Config.Plan.MaxMoves
	}
	base := w.build(qw)
	free, notes, err := availability(ctx, ins, base, week)
	if err != nil {
		return err
	}
	p := audit.MakePlan(audit.PlanInput{
		Events:   w.events,
		Build:    func(evs []audit.Event) *audit.Report { return w.build(qw, evs) },
		Weights:  q.Config.Plan.Weights,
		MaxMoves: maxMoves,
		Step:     job.Step,
		Movable:  movable,
		Fixed:    fixed,
		Free:     free,
		Series:   seriesHolds(res.Report, week),
	})
	own := append(candidateNotes(p), notes...)
	res.Plan = &Plan{Plan: p, Week: week, Notes: append(append([]string(nil), own...), res.Report.Notes...)}
	res.Report.Notes = append(res.Report.Notes, own...)
	return nil
}

// weekOnly keeps the events that overlap the week, each source's part
// counted again, so that the plan audits a week, not the whole range.
func weekOnly(m merged, week audit.Range) merged {
	out := merged{skipped: m.skipped, notes: m.notes, parts: make([]audit.Part, len(m.parts))}
	i := 0
	for p, part := range m.parts {
		out.parts[p] = audit.Part{Name: part.Name}
		for _, e := range m.events[i : i+part.Events] {
			if !e.Timed() || week.Overlaps(e.Start, e.End) {
				out.events = append(out.events, e)
				out.parts[p].Events++
			}
		}
		i += part.Events
	}
	return out
}

// candidateNotes say what may move and what may not, counted by reason.
func candidateNotes(p audit.Plan) []string {
	if len(p.Candidates) == 0 {
		return []string{"the week has no meetings to move"}
	}
	byWhy := map[string]int{}
	var whys []string
	mov := 0
	for _, c := range p.Candidates {
		if c.Movable {
			mov++
			continue
		}
		if byWhy[c.Why] == 0 {
			whys = append(whys, c.Why)
		}
		byWhy[c.Why]++
	}
	sort.Strings(whys)
	var stay []string
	for _, w := range whys {
		stay = append(stay, fmt.Sprintf("%d %s", byWhy[w], w))
	}
	note := fmt.Sprintf("%d of the week's %d meetings may move (you organise them, or the config's plan.movable says so)", mov, len(p.Candidates))
	if len(stay) > 0 {
		note += "; the others stay: " + strings.Join(stay, ", ")
	}
	return []string{note + "; plan.movable and plan.fixed in the config change that"}
}

// availability asks a source that can see other people's calendars
// (Google's free/busy) when the internal attendees of the week's meetings
// are busy. Without one, nobody's time is known, and a note says so.
func availability(ctx context.Context, ins []Input, base *audit.Report, week audit.Range) (func(string, *audit.Event, time.Time, time.Time) (bool, bool), []string, error) {
	var fb sources.FreeBusyer
	for _, in := range ins {
		if f, ok := in.Source.(sources.FreeBusyer); ok {
			fb = f
			break
		}
	}
	var emails []string
	seen := map[string]bool{}
	for i := range base.Items {
		e := base.Items[i].Event
		if !base.Items[i].Meeting() {
			continue
		}
		for _, a := range e.Attendees {
			low := strings.ToLower(a.Email)
			if a.Resource || a.Self || low == "" || seen[low] || slices.ContainsFunc(base.Me, func(m string) bool { return strings.EqualFold(m, low) }) || base.Inside.External(low) {
				continue
			}
			seen[low] = true
			emails = append(emails, low)
		}
	}
	sort.Strings(emails)
	if fb == nil {
		if len(emails) == 0 {
			return nil, nil, nil
		}
		return nil, []string{fmt.Sprintf("attendees' availability is unknown (%d people; the sources cannot tell): the moves keep clear of your own calendar only, so check with them", len(emails))}, nil
	}
	if len(emails) == 0 {
		return nil, nil, nil
	}
	busy, err := fb.FreeBusy(ctx, emails, week.From, week.To)
	if err != nil {
		return nil, nil, err
	}
	lower := make(map[string][]audit.Interval, len(busy))
	for k, v := range busy {
		lower[strings.ToLower(k)] = v
	}
	known := 0
	for _, e := range emails {
		if _, ok := lower[e]; ok {
			known++
		}
	}
	note := fmt.Sprintf("attendees' free time checked through free/busy: %d of %d people", known, len(emails))
	if known < len(emails) {
		note += fmt.Sprintf(" (the other %d could not be read: their time is unknown)", len(emails)-known)
	}
	free := func(email string, e *audit.Event, from, to time.Time) (bool, bool) {
		bs, ok := lower[strings.ToLower(email)]
		if !ok {
			return false, false
		}
		for _, b := range bs {
			if b.Start.Equal(e.Start) && b.End.Equal(e.End) {
				continue // the meeting itself, where it is now
			}
			if b.Start.Before(to) && from.Before(b.End) {
				return false, true
			}
		}
		return true, true
	}
	return free, []string{note}, nil
}

// seriesHolds tells whether a move of a recurring meeting holds for the
// series across the range: in every other week the series meets at the
// same weekday and time, and the new time is clear of everything else.
// With a range of one week it never does (there is nothing to tell by).
func seriesHolds(r *audit.Report, week audit.Range) func(*audit.Event, time.Time) bool {
	weeks := r.Range.Days() / 7
	if weeks < 2 || r.Analysis == nil {
		return nil
	}
	return func(e *audit.Event, to time.Time) bool {
		length := e.End.Sub(e.Start)
		for k := 1; k < weeks; k++ {
			at := e.Start.AddDate(0, 0, -7*k)
			newAt := to.AddDate(0, 0, -7*k)
			found := false
			for i := range r.Items {
				it := &r.Items[i]
				if !it.Counted() || !it.Event.HasTimeOfDay() {
					continue
				}
				if it.Event.SeriesID == e.SeriesID && it.Event.Start.Equal(at) && it.Event.End.Sub(it.Event.Start) == length {
					found = true
					continue
				}
				if it.Start.Before(newAt.Add(length)) && newAt.Before(it.End) {
					return false
				}
			}
			if !found {
				return false
			}
		}
		return true
	}
}
