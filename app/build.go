package app

import (
	"fmt"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/render"
)

// Build audits what the sources gave, merged as one calendar: their events,
// their skipped records and their notes (the sources' first, in argument
// order, then the audit's).
func Build(q Query, ins []Input) *audit.Report { return merge(ins).build(q) }

// buildOnce is Build for inputs nothing will audit again.
func buildOnce(q Query, ins []Input) *audit.Report {
	m := merge(ins)
	m.once = true
	return m.build(q)
}

// merged is the sources' output as one calendar, before the audit: what
// whatif and plan change and audit again.
type merged struct {
	events []audit.Event
	// occs, when not nil, are the events' occurrences (a source read
	// with Request.Occurrences): events then hold each series' details.
	occs    []audit.Occurrence
	skipped []audit.Skipped
	notes   []string
	parts   []audit.Part
	cl      audit.Classifier // compiled once when set: a plan audits many versions
	// once says the events are audited once and never again, so the audit
	// may mark them in place (audit.Options.Owned).
	once bool
}

func merge(ins []Input) merged {
	var m merged
	if len(ins) == 1 { // the usual case: no copy of what may be many events
		m.events, m.occs = ins[0].Result.Events, ins[0].Result.Occurrences
	} else {
		for _, in := range ins {
			in.Result.Flatten() // one calendar of several: event by event
		}
		n := 0
		for _, in := range ins {
			n += len(in.Result.Events)
		}
		m.events = make([]audit.Event, 0, n)
		for _, in := range ins {
			m.events = append(m.events, in.Result.Events...)
		}
	}
	m.parts = make([]audit.Part, len(ins))
	var (
		requests, waiting int // requests sent, sources held back
		waited, longest   time.Duration
	)
	for i, in := range ins {
		m.skipped = append(m.skipped, in.Result.Skipped...)
		m.notes = append(m.notes, in.Result.Notes...)
		m.parts[i] = audit.Part{Name: in.Name, Events: len(in.Result.Events)}
		requests += in.Result.Requests
		if in.Result.Waited > 0 {
			waiting++
			waited += in.Result.Waited
			longest = max(longest, in.Result.Waited)
		}
	}
	if waited > 0 {
		m.notes = append(m.notes, waitNote(requests, waiting, len(ins), waited, longest))
	}
	return m
}

// build audits the merged calendar; with other events (an edited copy of
// m.events), those instead.
func (m merged) build(q Query, events ...[]audit.Event) *audit.Report {
	evs, occs := m.events, m.occs
	parts := m.parts
	if len(events) == 1 {
		evs, occs = events[0], nil
		if n := len(evs) - len(m.events); n > 0 && len(parts) > 0 {
			// Added blocks come last: they belong to the last part.
			parts = append([]audit.Part(nil), parts...)
			parts[len(parts)-1].Events += n
		}
	}
	cl := m.cl
	if cl == nil {
		cl = q.Config.Classifier()
	}
	settings := q.Settings
	r := audit.Build(evs, m.skipped, cl, audit.Options{
		SkipAnalyses: q.Listing,
		Range:        q.Range,
		Location:     q.Location,
		Me:           q.Me,
		Domains:      q.Config.Domains,
		Settings:     &settings,
		Parts:        parts,
		KeepLeftOut:  q.All,
		Owned:        m.once && len(events) == 0,
		Occurrences:  occs,
	})
	r.Notes = append(append(q.Config.Warnings[:len(q.Config.Warnings):len(q.Config.Warnings)], m.notes...), r.Notes...)
	for i, n := range r.Notes {
		r.Notes[i] = audit.Printable(n) // the audit's notes quote titles and names
	}
	return &r
}

// waitNote says how long the remote sources held back for rate limits and
// retries: the figures are complete, but the run took longer. Sources read
// in parallel wait at the same time, so the sum is not the delay.
func waitNote(requests, waiting, sources int, waited, longest time.Duration) string {
	round := func(d time.Duration) time.Duration {
		if d < time.Second {
			return d.Round(10 * time.Millisecond)
		}
		return d.Round(100 * time.Millisecond)
	}
	if sources == 1 {
		return fmt.Sprintf("rate limits and retries: the source waited %s over %d requests; nothing was lost, the run only took longer", round(waited), requests)
	}
	return fmt.Sprintf("rate limits and retries: %d of %d sources waited, %s in all (the longest %s; sources read in parallel wait at once) over %d requests; nothing was lost, the run only took longer",
		waiting, sources, round(waited), round(longest), requests)
}

// PerSource audits each source on its own, for the team view: one
// person's calendar per column, never merged onto one timeline.
func PerSource(q Query, ins []Input) []render.Named {
	out := make([]render.Named, len(ins))
	for i, in := range ins {
		out[i] = render.Named{Name: in.Name, Report: Build(q, []Input{in})}
	}
	return out
}
