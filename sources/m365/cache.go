package m365

import (
	"context"
	"net/url"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

// Cache keeps past weeks' calendarView (see sources.WeekCache), keyed by
// the endpoint, the credentials' user, the calendar and the zone.
type Cache = sources.WeekCache

const cacheVersion = 1

// weeks reads the range: with a cache, week by week (past weeks from disk
// when there), an occurrence returned for two weeks counted once (by its
// id); without, in one listing. It says how many weeks came from disk.
func (s *Source) weeks(ctx context.Context, c *client, base *url.URL, r audit.Range, loc *time.Location) ([]*graphEvent, int, error) {
	ws := sources.ISOWeeks(r, loc)
	if s.opt.Cache == nil || len(ws) > sources.MaxCachedWeeks {
		evs, err := s.list(ctx, c, base, r.From, r.To)
		return evs, 0, err
	}
	now := time.Now()
	if s.opt.Now != nil {
		now = s.opt.Now()
	}
	key := s.opt.Cache.Key("m365", base.String(), c.who, s.id, loc.String())
	seen := map[string]bool{}
	var out []*graphEvent
	cached := 0
	for _, w := range ws {
		past := !w.To.After(now)
		var evs []*graphEvent
		ok := false
		if past {
			_, ok = s.opt.Cache.Load(key, cacheVersion, w, &evs)
		}
		if ok {
			cached++
		} else {
			var err error
			if evs, err = s.list(ctx, c, base, w.From, w.To); err != nil {
				return nil, 0, err
			}
			if past {
				_ = s.opt.Cache.Store(key, cacheVersion, w, evs, now) // a cache that cannot be written is only slower
			}
		}
		for _, e := range evs {
			if e != nil && e.ID != "" {
				if seen[e.ID] {
					continue
				}
				seen[e.ID] = true
			}
			out = append(out, e)
		}
	}
	return out, cached, nil
}
