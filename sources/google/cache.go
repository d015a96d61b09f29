package google

import (
	"time"

	"github.com/timeaudit/timeaudit/sources"
	"google.golang.org/api/calendar/v3"
)

// Cache keeps the events of past ISO weeks (see sources.WeekCache), keyed
// by the endpoint, the reader, the calendar and the zone (weeks start at
// local midnight).
type Cache = sources.WeekCache

// cacheVersion changes when the file format or the fields fetched change.
const cacheVersion = 3

// cachedWeek is what a week keeps: the calendar's information and its
// events as the API sent them.
type cachedWeek struct {
	Info    calInfo           `json:"info"`
	Events  []*calendar.Event `json:"events"`
	Fetched time.Time         `json:"-"`
}

func cacheKey(c *Cache, endpoint, who, calendarID string, loc *time.Location) string {
	return c.Key("google", endpoint, who, calendarID, loc.String())
}
