package sources

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/timeaudit/timeaudit/audit"
)

// WeekCache keeps what a remote source answered for past ISO weeks, so
// that a weekly cron run over a quarter asks the server for one week.
// Weeks that have not ended are always fetched. Files are private (0600
// in 0700 directories): they hold calendar data. Each source keys its
// weeks by what makes its answer (server, user, calendar, zone).
type WeekCache struct {
	Dir string
	// Refresh skips reading (--no-cache) but still writes what was
	// fetched, so that the next run has fresh weeks.
	Refresh bool
}

// MaxCachedWeeks is the longest range read week by week; a longer one is
// read at once and not cached.
const MaxCachedWeeks = 60

type cachedWeek struct {
	Version int             `json:"version"`
	Week    string          `json:"week"`
	From    time.Time       `json:"from"`
	To      time.Time       `json:"to"`
	Fetched time.Time       `json:"fetched"`
	Data    json.RawMessage `json:"data"`
}

// Key names one source's view of one calendar: the directory of its weeks.
func (c *WeekCache) Key(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:16])
}

func (c *WeekCache) path(key string, w audit.Range) string {
	y, n := w.From.ISOWeek()
	return filepath.Join(c.Dir, key, fmt.Sprintf("%04d-W%02d.json", y, n))
}

// Load reads a week into v, and says when it was fetched; a missing,
// unreadable or stale file (another version, another span) is a miss.
func (c *WeekCache) Load(key string, version int, w audit.Range, v any) (time.Time, bool) {
	if c.Refresh {
		return time.Time{}, false
	}
	data, err := os.ReadFile(c.path(key, w))
	if err != nil {
		return time.Time{}, false
	}
	var cw cachedWeek
	if json.Unmarshal(data, &cw) != nil || cw.Version != version || !cw.From.Equal(w.From) || !cw.To.Equal(w.To) {
		return time.Time{}, false
	}
	if json.Unmarshal(cw.Data, v) != nil {
		return time.Time{}, false
	}
	return cw.Fetched, true
}

// Clear removes the whole cache.
func (c *WeekCache) Clear() error { return os.RemoveAll(c.Dir) }

// Store writes a week.
func (c *WeekCache) Store(key string, version int, w audit.Range, v any, now time.Time) error {
	payload, err := json.Marshal(v)
	if err != nil {
		return err
	}
	y, n := w.From.ISOWeek()
	data, err := json.Marshal(cachedWeek{Version: version, Week: fmt.Sprintf("%04d-W%02d", y, n), From: w.From, To: w.To, Fetched: now.UTC(), Data: payload})
	if err != nil {
		return err
	}
	return WriteSecret(c.path(key, w), data)
}
