package caldav

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
	"github.com/timeaudit/timeaudit/sources/ics"
)

// Cache keeps what the server answered for past ISO weeks, so that a
// weekly cron run over a quarter asks the server for one week. Weeks that
// have not ended are always fetched. Files are private (0600 in 0700
// directories): they hold calendar data. The key is the server, the user,
// the calendar and the zone.
type Cache struct {
	Dir string
	// Refresh skips reading (--no-cache) but still writes what was
	// fetched, so that the next run has fresh weeks.
	Refresh bool
}

const cacheVersion = 1

// maxCachedWeeks is the longest range fetched week by week; a longer one
// is one query, not cached.
const maxCachedWeeks = 60

type cachedWeek struct {
	Version int            `json:"version"`
	Week    string         `json:"week"`
	From    time.Time      `json:"from"`
	To      time.Time      `json:"to"`
	Fetched time.Time      `json:"fetched"`
	Docs    []ics.Document `json:"docs"`
}

func (c *Cache) key(server, user, calendar string, loc *time.Location) string {
	h := sha256.Sum256([]byte("caldav\x00" + server + "\x00" + user + "\x00" + calendar + "\x00" + loc.String()))
	return hex.EncodeToString(h[:16])
}

func (c *Cache) path(key string, w audit.Range) string {
	y, n := w.From.ISOWeek()
	return filepath.Join(c.Dir, key, fmt.Sprintf("%04d-W%02d.json", y, n))
}

func (c *Cache) load(key string, w audit.Range) ([]ics.Document, bool) {
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
	return cw.Docs, true
}

func (c *Cache) store(key string, w audit.Range, docs []ics.Document, now time.Time) error {
	y, n := w.From.ISOWeek()
	if docs == nil {
		docs = []ics.Document{}
	}
	data, err := json.Marshal(cachedWeek{Version: cacheVersion, Week: fmt.Sprintf("%04d-W%02d", y, n), From: w.From, To: w.To, Fetched: now.UTC(), Docs: docs})
	if err != nil {
		return err
	}
	return sources.WriteSecret(c.path(key, w), data)
}

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
	if s.opt.Cache == nil || req.Range.IsZero() || len(ws) > maxCachedWeeks {
		docs, err := c.query(ctx, cal, req.Range.From, req.Range.To)
		return docs, nil, err
	}
	now := time.Now()
	if s.opt.Now != nil {
		now = s.opt.Now()
	}
	key := s.opt.Cache.key(c.base.String(), s.user, cal.URL, loc)
	byName := map[string]int{}
	var docs []ics.Document
	cached := 0
	for i := len(ws) - 1; i >= 0; i-- { // newest first: it wins
		w := ws[i]
		past := !w.To.After(now)
		got, ok := []ics.Document(nil), false
		if past {
			got, ok = s.opt.Cache.load(key, w)
		}
		if ok {
			cached++
		} else {
			var err error
			if got, err = c.query(ctx, cal, w.From, w.To); err != nil {
				return nil, nil, err
			}
			if past {
				_ = s.opt.Cache.store(key, w, got, now) // a cache that cannot be written is only slower
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
