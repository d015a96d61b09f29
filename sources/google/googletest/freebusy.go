package googletest

import (
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	"google.golang.org/api/calendar/v3"
)

// maxFreeBusyItems is the most calendars one freebusy.query may name;
// Google answers more with 400 tooManyCalendarsRequested.
const maxFreeBusyItems = 50

// freeBusy answers POST freeBusy as Google does: the busy periods of each
// calendar the user may see at least free/busy of (events not cancelled
// and not transparent, clipped to the range, overlaps merged), and for the
// others an error notFound in place of their time. It rejects a missing or
// empty range (400 timeRangeEmpty), more than 50 calendars and a body that
// is not JSON. Titles never leave it.
func (a *API) freeBusy(w http.ResponseWriter, r *http.Request, user string) {
	a.FreeBusyRequests++
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var req calendar.FreeBusyRequest
	if err != nil || json.Unmarshal(body, &req) != nil {
		apiError(w, 400, "parseError", "Parse Error")
		return
	}
	from, err1 := time.Parse(time.RFC3339, req.TimeMin)
	to, err2 := time.Parse(time.RFC3339, req.TimeMax)
	switch {
	case req.TimeMin == "" || req.TimeMax == "":
		apiError(w, 400, "required", "Missing timeMin or timeMax.")
		return
	case err1 != nil || err2 != nil:
		apiError(w, 400, "invalid", "Invalid value for timeMin or timeMax.")
		return
	case !to.After(from):
		apiError(w, 400, "timeRangeEmpty", "The specified time range is empty.")
		return
	case len(req.Items) > maxFreeBusyItems:
		apiError(w, 400, "tooManyCalendarsRequested", "The number of calendars requested is too large.")
		return
	}
	resp := calendar.FreeBusyResponse{Kind: "calendar#freeBusy", TimeMin: req.TimeMin, TimeMax: req.TimeMax, Calendars: map[string]calendar.FreeBusyCalendar{}}
	for _, it := range req.Items {
		if it == nil {
			continue
		}
		a.FreeBusyAsked = append(a.FreeBusyAsked, it.Id)
		c := a.lookup(it.Id, user)
		if c == nil || c.role(user) == RoleNone {
			resp.Calendars[it.Id] = calendar.FreeBusyCalendar{Busy: []*calendar.TimePeriod{}, Errors: []*calendar.Error{{Domain: "global", Reason: "notFound"}}}
			continue
		}
		type span struct{ s, e time.Time }
		var busy []span
		for _, e := range c.Events {
			if e.Status == "cancelled" || e.Transparency == "transparent" || e.Start == nil || e.End == nil || e.Start.DateTime == "" {
				continue
			}
			s, err1 := time.Parse(time.RFC3339, e.Start.DateTime)
			en, err2 := time.Parse(time.RFC3339, e.End.DateTime)
			if err1 != nil || err2 != nil || !en.After(from) || !s.Before(to) {
				continue
			}
			if s.Before(from) {
				s = from
			}
			if en.After(to) {
				en = to
			}
			busy = append(busy, span{s, en})
		}
		sort.Slice(busy, func(i, j int) bool { return busy[i].s.Before(busy[j].s) })
		periods := []*calendar.TimePeriod{}
		for _, b := range busy {
			if n := len(periods); n > 0 {
				last, _ := time.Parse(time.RFC3339, periods[n-1].End)
				if !b.s.After(last) {
					if b.e.After(last) {
						periods[n-1].End = b.e.UTC().Format(time.RFC3339)
					}
					continue
				}
			}
			periods = append(periods, &calendar.TimePeriod{Start: b.s.UTC().Format(time.RFC3339), End: b.e.UTC().Format(time.RFC3339)})
		}
		resp.Calendars[it.Id] = calendar.FreeBusyCalendar{Busy: periods}
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	json.NewEncoder(w).Encode(resp)
}

// isFreeBusy tells the freebusy endpoint from the others.
func isFreeBusy(path string) bool { return strings.TrimSuffix(path, "/") == "freeBusy" }
