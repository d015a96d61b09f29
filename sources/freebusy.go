package sources

import (
	"context"
	"time"

	"github.com/timeaudit/timeaudit/audit"
)

// FreeBusyer is what a source that can see other people's calendars
// implements (Google, through freebusy.query): timeaudit plan asks it
// whether a meeting's attendees are free at a new time. It is read-only.
//
// FreeBusy returns the busy time from..to of each address it could read;
// an address it could not (outside the organisation, not shared, unknown)
// is absent from the map, so that its time stays unknown rather than free.
type FreeBusyer interface {
	FreeBusy(ctx context.Context, emails []string, from, to time.Time) (map[string][]audit.Interval, error)
}
