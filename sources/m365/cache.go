package m365

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

// Cache keeps the calendarView of past ISO weeks on disk, so that a weekly
// cron run over a quarter asks Graph for one week. Weeks that have not
// ended are always fetched. Files are private (0600 in 0700 directories),
// keyed by the endpoint, the credentials' user, the calendar and the zone.
type Cache struct {
	Dir string
	// Refresh skips reading (--no-cache) but still writes what was
	// fetched.
	Refresh bool
}

const (
	cacheVersion   = 1
	maxCachedWeeks = 60
)

type cachedWeek struct {
	Version int           `json:"version"`
	Week    string        `json:"week"`
	From    time.Time     `json:"from"`
	To      time.Time     `json:"to"`
	Fetched time.Time     `json:"fetched"`
	Events  []*graphEvent `json:"events"`
}

func (c *Cache) key(endpoint, who, calendar string, loc *time.Location) string {
	h := sha256.Sum256([]byte("m365\x00" + endpoint + "\x00" + who + "\x00" + calendar + "\x00" + loc.String()))
	return hex.EncodeToString(h[:16])
}

func (c *Cache) path(key string, w audit.Range) string {
	y, n := w.From.ISOWeek()
	return filepath.Join(c.Dir, key, fmt.Sprintf("%04d-W%02d.json", y, n))
}

func (c *Cache) load(key string, w audit.Range) ([]*graphEvent, bool) {
	if c.Refresh {
		return nil, false
	}
	data, err := os.ReadFile(c.path(key, w))
	if err != nil {
		return nil, false
	}
	var cw cachedWeek
	if json.Unmarshal(data, &cw) != nil || cw.Version != cacheVersion || !cw.From.Equal(w.From) || !cw.To.Equal(w.To) {
		return nil, false
	}
	return cw.Events, true
}

func (c *Cache) store(key string, w audit.Range, evs []*graphEvent, now time.Time) error {
	y, n := w.From.ISOWeek()
	if evs == nil {
		evs = []*graphEvent{}
	}
	data, err := json.Marshal(cachedWeek{Version: cacheVersion, Week: fmt.Sprintf("%04d-W%02d", y, n), From: w.From, To: w.To, Fetched: now.UTC(), Events: evs})
	if err != nil {
		return err
	}
	return sources.WriteSecret(c.path(key, w), data)
}

// weeks reads the range: with a cache, week by week (past weeks from disk
// when there), an occurrence returned for two weeks counted once (by its
// id); without, in one listing. It says how many weeks came from disk.
func (s *Source) weeks(ctx context.Context, c *client, base *url.URL, r audit.Range, loc *time.Location) ([]*graphEvent, int, error) {
	ws := sources.ISOWeeks(r, loc)
	if s.opt.Cache == nil || len(ws) > maxCachedWeeks {
		evs, err := s.list(ctx, c, base, r.From, r.To)
		return evs, 0, err
	}
	now := time.Now()
	if s.opt.Now != nil {
		now = s.opt.Now()
	}
	key := s.opt.Cache.key(base.String(), c.who, s.id, loc)
	seen := map[string]bool{}
	var out []*graphEvent
	cached := 0
	for _, w := range ws {
		past := !w.To.After(now)
		evs, ok := []*graphEvent(nil), false
		if past {
			evs, ok = s.opt.Cache.load(key, w)
		}
		if ok {
			cached++
		} else {
			var err error
			if evs, err = s.list(ctx, c, base, w.From, w.To); err != nil {
				return nil, 0, err
			}
			if past {
				_ = s.opt.Cache.store(key, w, evs, now) // a cache that cannot be written is only slower
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
