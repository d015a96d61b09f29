package app

import (
	"fmt"
	"strings"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/rules"
	"github.com/timeaudit/timeaudit/sources"
)

// Selection is what the flags say to audit, as given. The command layer
// rules out combinations that cannot go together (--week with --from, say)
// before Resolve sees them.
type Selection struct {
	Week     string // this, last, next, -2 or 2026-W12
	Weeks    int    // N ISO weeks ending with Week (default: this week)
	From, To string // YYYY-MM-DD; To is exclusive
	TZ       string // the report zone's IANA name; "" for the config's, else the system's
	Me       []string

	IncludeDeclined, IncludeFree, ExcludeTentative bool

	SkipInvalid bool
	Concurrency int // sources read at once
}

// Query is a resolved Selection: what to audit, immutable once made.
type Query struct {
	Config   *rules.Config
	Range    audit.Range // zero: the span of the events
	Location *time.Location
	Me       []string       // the config's me: and --me
	Settings audit.Settings // the config's, with the policy flags applied

	SkipInvalid bool
	Concurrency int
	// Listing is for events and rules explain, which show no analyses.
	Listing bool
	// All keeps the events left out too, with their reasons (events --all).
	All bool
}

// Resolve checks a selection against the config and the clock and makes
// the Query, before anything is read. system is the machine's zone, used
// when neither the flags nor the config name one.
func Resolve(sel Selection, cfg *rules.Config, now time.Time, system *time.Location) (Query, error) {
	loc, err := Location(sel.TZ, cfg, system)
	if err != nil {
		return Query{}, err
	}
	q := Query{Config: cfg, Location: loc, SkipInvalid: sel.SkipInvalid, Concurrency: sel.Concurrency}
	if q.Range, err = resolveRange(sel, now, loc); err != nil {
		return Query{}, err
	}
	for _, m := range sel.Me {
		if !strings.Contains(m, "@") {
			return Query{}, audit.Usagef("--me %q is not an e-mail address", m)
		}
	}
	q.Me = append(append([]string{}, cfg.Me...), sel.Me...)
	if sel.Concurrency < 1 {
		return Query{}, audit.Usagef("--concurrency %d: read at least one calendar at a time", sel.Concurrency)
	}
	q.Settings = cfg.Settings
	p := &q.Settings.Policy
	p.Declined = p.Declined || sel.IncludeDeclined
	p.Free = p.Free || sel.IncludeFree
	p.Tentative = p.Tentative && !sel.ExcludeTentative
	return q, nil
}

func resolveRange(sel Selection, now time.Time, loc *time.Location) (audit.Range, error) {
	switch {
	case sel.Weeks < 0:
		return audit.Range{}, audit.Usagef("--weeks %d: give a number of weeks, 1 or more", sel.Weeks)
	case sel.Weeks > 0:
		week := sel.Week
		if week == "" {
			week = "this"
		}
		last, err := audit.ParseWeek(week, now, loc)
		if err != nil {
			return audit.Range{}, audit.Usagef("--week: %w", err)
		}
		return audit.Range{From: last.From.AddDate(0, 0, -7*(sel.Weeks-1)), To: last.To}, nil
	case sel.Week != "":
		r, err := audit.ParseWeek(sel.Week, now, loc)
		if err != nil {
			return audit.Range{}, audit.Usagef("--week: %w", err)
		}
		return r, nil
	case sel.From != "" || sel.To != "":
		return days(sel.From, sel.To, loc, "--from", "--to", "--from/--to")
	}
	return audit.Range{}, nil
}

// days is the range from 00:00 on the date from to 00:00 on the date to;
// errors name the flag that gave the bad value.
func days(from, to string, loc *time.Location, fromFlag, toFlag, rangeFlag string) (audit.Range, error) {
	f, err := audit.ParseDate(from, loc)
	if err != nil {
		return audit.Range{}, audit.Usagef("%s: %w", fromFlag, err)
	}
	t, err := audit.ParseDate(to, loc)
	if err != nil {
		return audit.Range{}, audit.Usagef("%s: %w", toFlag, err)
	}
	r, err := audit.DaysRange(f, t, loc)
	if err != nil {
		return audit.Range{}, audit.Usagef("%s: %w", rangeFlag, err)
	}
	return r, nil
}

// Location is the report zone: tz (--tz), else the config's timezone:,
// else system.
func Location(tz string, cfg *rules.Config, system *time.Location) (*time.Location, error) {
	name, from := tz, "--tz"
	if name == "" {
		name, from = cfg.Timezone, fmt.Sprintf("%s:%d: timezone", cfg.File, cfg.TimezoneLine)
	}
	if name == "" {
		return system, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil || strings.EqualFold(name, "local") {
		return nil, audit.Usagef("%s: unknown time zone %q: use an IANA name such as Europe/Berlin or America/New_York", from, name)
	}
	return loc, nil
}

// In is the same query over another range (--compare's).
func (q Query) In(r audit.Range) Query {
	q.Range = r
	return q
}

// Request is what the query asks of each source.
func (q Query) Request() sources.Request {
	return sources.Request{Range: q.Range, Location: q.Location, SkipInvalid: q.SkipInvalid,
		NoDescriptions: q.Config != nil && !q.Config.ReadsDescription()}
}
