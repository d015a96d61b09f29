package google

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"google.golang.org/api/calendar/v3"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

// freeBusyBatch is the most calendars Google answers in one freebusy.query
// (more is 400 tooManyCalendarsRequested); maxFreeBusy bounds a plan's
// questions in all.
const (
	freeBusyBatch = 50
	maxFreeBusy   = 1000
)

var _ sources.FreeBusyer = (*Source)(nil)

// FreeBusy asks Google's freebusy.query (read-only; the calendar.readonly
// scope covers it) when each address is busy from..to: busy time only,
// never titles. An address Google answers with an error (not found, not
// shared) is left out of the map: its time is unknown, not free.
func (s *Source) FreeBusy(ctx context.Context, emails []string, from, to time.Time) (map[string][]audit.Interval, error) {
	if s.opt.Auth == nil {
		return nil, fmt.Errorf("%s: no Google credentials configured", s.name)
	}
	if len(emails) > maxFreeBusy {
		emails = emails[:maxFreeBusy]
	}
	svc, _, _, _, err := s.service(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string][]audit.Interval{}
	for i := 0; i < len(emails); i += freeBusyBatch {
		batch := emails[i:min(i+freeBusyBatch, len(emails))]
		req := &calendar.FreeBusyRequest{TimeMin: from.UTC().Format(time.RFC3339), TimeMax: to.UTC().Format(time.RFC3339)}
		for _, e := range batch {
			req.Items = append(req.Items, &calendar.FreeBusyRequestItem{Id: e})
		}
		resp, err := svc.Freebusy.Query(req).Context(ctx).Do()
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, s.opt.Auth.Explain(s.name+" free/busy", s.id, err)
		}
		for _, e := range batch {
			cal, ok := lookupFold(resp.Calendars, e)
			if !ok || len(cal.Errors) > 0 {
				continue // unknown: not shared, outside the domain, no such calendar
			}
			busy := []audit.Interval{}
			for _, p := range cal.Busy {
				if p == nil {
					continue
				}
				st, err1 := time.Parse(time.RFC3339, p.Start)
				en, err2 := time.Parse(time.RFC3339, p.End)
				if err1 != nil || err2 != nil || !en.After(st) {
					return nil, &audit.Error{Kind: audit.KindInput, Pos: audit.Provenance{Source: s.name + " free/busy"}, Property: "busy",
						Msg: fmt.Sprintf("a busy period of %s is not a time span: %s..%s", audit.Quote(e), audit.Quote(p.Start), audit.Quote(p.End))}
				}
				busy = append(busy, audit.Interval{Start: st, End: en})
			}
			sort.Slice(busy, func(a, b int) bool { return busy[a].Start.Before(busy[b].Start) })
			out[strings.ToLower(e)] = busy
		}
	}
	return out, nil
}

func lookupFold(m map[string]calendar.FreeBusyCalendar, key string) (calendar.FreeBusyCalendar, bool) {
	if c, ok := m[key]; ok {
		return c, true
	}
	for k, c := range m {
		if strings.EqualFold(k, key) {
			return c, true
		}
	}
	return calendar.FreeBusyCalendar{}, false
}
