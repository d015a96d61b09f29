package google

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"google.golang.org/api/calendar/v3"
)

// Cache keeps the events of past ISO weeks on disk, so that a weekly cron
// run over a quarter asks Google for one week. Weeks that have not ended
// are always fetched. Files are private (0600 in 0700 directories): they
// hold calendar data.
type Cache struct {
	Dir string
	// Refresh skips reading (--no-cache) but still writes what was
	// fetched, so that the next run has fresh weeks.
	Refresh bool
}

// cacheVersion changes when the file format or the fields fetched change.
const cacheVersion = 2

type cachedWeek struct {
	Version  int               `json:"version"`
	Calendar string            `json:"calendar"`
	Week     string            `json:"week"`
	From     time.Time         `json:"from"`
	To       time.Time         `json:"to"`
	Fetched  time.Time         `json:"fetched"`
	Info     calInfo           `json:"info"`
	Events   []*calendar.Event `json:"events"`
}

// key names one reader's view of one calendar, in one zone (weeks start at
// local midnight): the directory of its weeks.
func (c *Cache) key(endpoint, who, calendarID string, loc *time.Location) string {
	h := sha256.Sum256([]byte(endpoint + "\x00" + who + "\x00" + calendarID + "\x00" + loc.String()))
	return hex.EncodeToString(h[:16])
}

func (c *Cache) path(key string, w audit.Range) string {
	y, n := w.From.ISOWeek()
	return filepath.Join(c.Dir, key, weekName(y, n)+".json")
}

func weekName(y, n int) string { return fmt.Sprintf("%04d-W%02d", y, n) }

// load reads a week; a missing, unreadable or stale file is a miss.
func (c *Cache) load(key string, w audit.Range) (*cachedWeek, bool) {
	data, err := os.ReadFile(c.path(key, w))
	if err != nil {
		return nil, false
	}
	var cw cachedWeek
	if json.Unmarshal(data, &cw) != nil || cw.Version != cacheVersion || !cw.From.Equal(w.From) || !cw.To.Equal(w.To) {
		return nil, false
	}
	return &cw, true
}

// store writes a week.
func (c *Cache) store(key string, w audit.Range, info calInfo, evs []*calendar.Event, now time.Time) error {
	y, n := w.From.ISOWeek()
	if evs == nil {
		evs = []*calendar.Event{}
	}
	data, err := json.Marshal(cachedWeek{Version: cacheVersion, Calendar: key, Week: weekName(y, n), From: w.From, To: w.To, Fetched: now.UTC(), Info: info, Events: evs})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return err
	}
	return writeSecret(c.path(key, w), data)
}

// Clear removes the whole cache.
func (c *Cache) Clear() error { return os.RemoveAll(c.Dir) }
