package caldav

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/timeaudit/timeaudit/sources"
	"github.com/timeaudit/timeaudit/sources/ics"
)

// Cache keeps past weeks' calendar objects (see sources.WeekCache), keyed
// by the server, the user, the calendar and the zone.
type Cache = sources.WeekCache

const cacheVersion = 1

// weeks gathers the calendar objects of the range: with a cache, week by
// week (past weeks from the cache when there, the rest from the server,
// and past weeks stored); without, one query. An object returned for
// several weeks (a series) counts once: its newest copy.
func (s *Source) weeks(ctx context.Context, c *client, cal Calendar, req sources.Request) ([]ics.Document, []string, error) {
	loc := req.Location
	if loc == nil {
		loc = time.UTC
	}
	ws := sources.ISOWeeks(req.Range, loc)
	if s.opt.Cache == nil || req.Range.IsZero() || len(ws) > sources.MaxCachedWeeks {
		docs, err := c.query(ctx, cal, req.Range.From, req.Range.To)
		return docs, nil, err
	}
	now := time.Now()
	if s.opt.Now != nil {
		now = s.opt.Now()
	}
	key := s.opt.Cache.Key("caldav", c.base.String(), s.user, cal.URL, loc.String())
	byName := map[string]int{}
	var docs []ics.Document
	cached := 0
	for i := len(ws) - 1; i >= 0; i-- { // newest first: it wins
		w := ws[i]
		past := !w.To.After(now)
		var got []ics.Document
		ok := false
		if past {
			_, ok = s.opt.Cache.Load(key, cacheVersion, w, &got)
		}
		if ok {
			cached++
		} else {
			var err error
			if got, err = c.query(ctx, cal, w.From, w.To); err != nil {
				return nil, nil, err
			}
			if past {
				_ = s.opt.Cache.Store(key, cacheVersion, w, got, now) // a cache that cannot be written is only slower
			}
		}
		for _, d := range got {
			if _, dup := byName[d.Name]; !dup {
				byName[d.Name] = len(docs)
				docs = append(docs, d)
			}
		}
	}
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].Name < docs[j].Name })
	var notes []string
	if cached > 0 {
		notes = append(notes, fmt.Sprintf("%s: %d past weeks read from the local cache (--no-cache asks the server again)", s.name, cached))
	}
	return docs, notes, nil
}
