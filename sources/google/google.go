// Package google reads Google Calendar through the Calendar API: sources
// named google:primary or google:<calendar id or e-mail>.
//
// Events come from events.list with singleEvents=true, so Google expands
// recurring series itself; every page is read. Requests are authorised by
// an Auth (a service account, a ready access token or the saved sign-in)
// and retried on rate limits and server errors with exponential backoff.
// Past weeks can be kept in a local Cache.
package google

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
	"google.golang.org/api/calendar/v3"
	"google.golang.org/api/option"
)

// Prefix starts every Google source argument.
const Prefix = "google:"

// Scope is the only OAuth scope timeaudit asks for: it reads events and the
// calendar list, and can change nothing.
const Scope = calendar.CalendarReadonlyScope

// DefaultEndpoint is Google's Calendar API.
const DefaultEndpoint = "https://www.googleapis.com/calendar/v3/"

// fields is the partial response timeaudit asks for: what the audit reads,
// and nextPageToken, without which pagination would stop after page one.
// accessRole and visibility tell events whose details Google hides;
// guestsCanSeeOtherGuests and attendeesOmitted, guest lists it cut;
// iCalUID and originalStartTime, the same invitation on two calendars.
const fields = "nextPageToken,summary,accessRole,items(id,iCalUID,status,summary,description,location,start,end," +
	"transparency,visibility,eventType,recurringEventId,originalStartTime,guestsCanSeeOtherGuests,attendeesOmitted," +
	"organizer(email,displayName,self),attendees(email,displayName,self,organizer,responseStatus,optional,resource))"

// Options configure the kind.
type Options struct {
	// Endpoint is the Calendar API's base URL; "" is Google's.
	Endpoint string
	// Auth authorises requests; required to fetch.
	Auth *Auth
	// Cache keeps past weeks; nil fetches everything every time.
	Cache *Cache
	// Now tells which weeks are past, for the cache; nil is time.Now.
	Now func() time.Time
	// Progress hears about every page fetched; may be nil. It is called
	// from the goroutine that fetches.
	Progress func(Progress)
	// Deadline bounds the reading of one calendar, all pages and waits
	// included; 0 means DefaultDeadline.
	Deadline time.Duration
}

// Bounds on one calendar's listing: a server that keeps sending pages (the
// same next-page token again, or new ones for ever) is stopped, not followed.
const (
	DefaultDeadline = 10 * time.Minute
	maxPages        = 1000
	maxEvents       = 1_000_000
)

// Progress reports a page fetched.
type Progress struct {
	Source string // google:primary
	Pages  int    // pages fetched so far for this source
	Events int    // events fetched so far for this source
}

// Kind is the Google Calendar source kind.
func Kind(opt Options) sources.Kind {
	return sources.Kind{
		Name:    "google",
		Summary: "Google Calendar through its API: google:primary, google:<calendar id or e-mail>",
		Claims:  func(arg string) bool { return strings.HasPrefix(strings.ToLower(arg), Prefix) },
		Open: func(arg string, _ io.Reader, _ sources.Env) (sources.Source, error) {
			return Open(arg, opt)
		},
	}
}

// Open makes the source for an argument google:<calendar>.
func Open(arg string, opt Options) (*Source, error) {
	id := strings.TrimSpace(arg[min(len(arg), len(Prefix)):])
	if !strings.HasPrefix(strings.ToLower(arg), Prefix) || id == "" {
		return nil, &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s: name a calendar: google:primary or google:<calendar id or e-mail> (timeaudit google calendars lists them)", arg)}
	}
	if _, err := Endpoint(opt.Endpoint); err != nil {
		return nil, err
	}
	return &Source{name: Prefix + id, id: id, opt: opt}, nil
}

// Endpoint checks a user's API base URL and puts it in the form the client
// needs: a URL without a path gets /calendar/v3/, and the path ends in a
// slash. Credentials never go over plain http except to this machine.
func Endpoint(raw string) (string, error) {
	if raw == "" {
		return DefaultEndpoint, nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("Google endpoint %q is not an http(s) URL such as http://127.0.0.1:8080/calendar/v3/", raw)}
	}
	if !sources.PlainHTTPAllowed(u) {
		return "", &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("Google endpoint %s: refusing to send Google credentials over plain http to %s; use https", raw, u.Host)}
	}
	switch {
	case u.Path == "" || u.Path == "/":
		u.Path = "/calendar/v3/"
	case !strings.HasSuffix(u.Path, "/"):
		u.Path += "/"
	}
	return u.String(), nil
}

// Source is one Google calendar.
type Source struct {
	name, id string
	opt      Options
}

var _ sources.Source = (*Source)(nil)

// Name is google:<calendar>.
func (s *Source) Name() string { return s.name }

// NeedsRange is true: a Google calendar has no end, so it is read over a range.
func (s *Source) NeedsRange() bool { return true }

// CalendarID is the calendar as the API names it ("primary" included).
func (s *Source) CalendarID() string { return s.id }

// Fetch lists the calendar's events in req.Range, one per occurrence.
func (s *Source) Fetch(ctx context.Context, req sources.Request) (*sources.Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.opt.Auth == nil {
		return nil, errors.New(s.name + ": no Google credentials configured")
	}
	loc := req.Location
	if loc == nil {
		loc = time.UTC
	}
	svc, who, tr, endpoint, err := s.service(ctx)
	if err != nil {
		return nil, err
	}
	deadline := s.opt.Deadline
	if deadline <= 0 {
		deadline = DefaultDeadline
	}
	dctx, cancel := context.WithTimeout(ctx, deadline)
	defer cancel()
	l := &lister{src: s, svc: svc, who: who, endpoint: endpoint, loc: loc}
	raw, info, notes, err := l.events(dctx, req.Range)
	if err != nil {
		switch {
		case ctx.Err() != nil:
			return nil, ctx.Err()
		case dctx.Err() != nil:
			return nil, fmt.Errorf("%s: not done after %s (%d pages read): stopped", s.name, deadline, l.pages)
		}
		return nil, s.opt.Auth.Explain(s.name, s.id, err)
	}
	res := &sources.Result{Notes: notes, Requests: tr.Requests(), Waited: tr.Waited()}
	for _, n := range l.nulls {
		err := &audit.Error{Kind: audit.KindInput, Pos: audit.Provenance{Source: s.name, Record: n.record}, Property: "items",
			Msg: fmt.Sprintf("page %d of the answer holds null where an event should be (item %d)", n.page, n.item)}
		if !req.SkipInvalid {
			return nil, err
		}
		res.Skipped = append(res.Skipped, audit.Skipped{Source: err.Pos, Err: err.Msg})
	}
	primary := s.primary()
	for i, ge := range raw {
		pos := audit.Provenance{Source: s.name, Record: i + 1}
		ev, err := convert(ge, info, primary, loc, pos)
		if err != nil {
			if !req.SkipInvalid {
				return nil, err
			}
			res.Skipped = append(res.Skipped, audit.Skipped{Source: pos, Err: err.Error()})
			continue
		}
		res.Events = append(res.Events, ev)
	}
	return res, nil
}

// service is the Calendar API client for this calendar's credentials.
func (s *Source) service(ctx context.Context) (*calendar.Service, string, *retryTransport, string, error) {
	client, who, tr, err := s.opt.Auth.client(ctx, s.id)
	if err != nil {
		return nil, "", nil, "", fmt.Errorf("%s: %w", s.name, err)
	}
	endpoint, _ := Endpoint(s.opt.Endpoint)
	svc, err := calendar.NewService(ctx, option.WithHTTPClient(client), option.WithEndpoint(endpoint))
	if err != nil {
		return nil, "", nil, "", fmt.Errorf("%s: %w", s.name, err)
	}
	return svc, who, tr, endpoint, nil
}

// primary reports whether this is a user's primary calendar: google:primary
// or a user's address. On any other calendar (a team's, a project's), Google
// marks as organizer.self the events created there, which says nothing of
// whether the person attends.
func (s *Source) primary() bool { return s.id == "primary" || personal(s.id) }

// calInfo is what a listing says of the calendar itself.
type calInfo struct {
	Summary string `json:"summary,omitempty"`
	// Role is the reader's access: owner, writer, reader, freeBusyReader ...
	Role string `json:"accessRole,omitempty"`
}

func (c *calInfo) merge(o calInfo) {
	if o.Summary != "" {
		c.Summary = o.Summary
	}
	if o.Role != "" {
		c.Role = o.Role
	}
}

// lister fetches one calendar's raw events, through the cache when there is one.
type lister struct {
	src      *Source
	svc      *calendar.Service
	who      string
	endpoint string
	loc      *time.Location
	pages    int
	count    int
	nulls    []nullItem
}

// nullItem is a null in a page's items, where an event should be.
type nullItem struct{ page, item, record int }

// slack widens every query: Google places all-day events by the
// calendar's own zone, timeaudit by the report's, and the two may be a day
// apart. What the wider query brings beyond the range is dropped.
const slack = 26 * time.Hour

// list fetches every page of events in [from, to); zero times are unbounded.
func (l *lister) list(ctx context.Context, from, to time.Time) ([]*calendar.Event, calInfo, error) {
	call := l.svc.Events.List(l.src.id).
		SingleEvents(true).
		OrderBy("startTime").
		MaxResults(2500).
		Fields(fields)
	if !from.IsZero() {
		call = call.TimeMin(from.Add(-slack).UTC().Format(time.RFC3339))
	}
	if !to.IsZero() {
		call = call.TimeMax(to.Add(slack).UTC().Format(time.RFC3339))
	}
	var (
		out  []*calendar.Event
		info calInfo
	)
	tokens := map[string]bool{}
	err := call.Pages(ctx, func(page *calendar.Events) error {
		info.merge(calInfo{Summary: page.Summary, Role: page.AccessRole})
		l.pages++
		for i, it := range page.Items {
			if it == nil {
				l.nulls = append(l.nulls, nullItem{page: l.pages, item: i + 1, record: l.count + i + 1})
				continue
			}
			out = append(out, it)
		}
		l.count += len(page.Items)
		switch tok := page.NextPageToken; {
		case tok != "" && tokens[tok]:
			return &audit.Error{Msg: fmt.Sprintf("Google sent a next-page token it had sent before (after %d pages): the listing would never end; stopped", l.pages)}
		case tok != "" && l.pages >= maxPages:
			return &audit.Error{Msg: fmt.Sprintf("more than %d pages: stopped; read a shorter range", maxPages)}
		case l.count > maxEvents:
			return &audit.Error{Msg: fmt.Sprintf("more than %d events: stopped; read a shorter range", maxEvents)}
		case tok != "":
			tokens[tok] = true
		}
		if l.src.opt.Progress != nil {
			l.src.opt.Progress(Progress{Source: l.src.name, Pages: l.pages, Events: l.count})
		}
		return nil
	})
	return out, info, err
}

// cacheKey names this reader's view of the calendar in the cache. A bare
// token says nobody's name, so for google:primary it asks Google whose
// primary calendar this is, so that two people's tokens never share
// entries. That lookup needs the calendar list, which a token with only
// calendar.events.readonly may not read: then the run goes without the
// cache (and says so) rather than failing a calendar it can read.
func (l *lister) cacheKey(ctx context.Context) (string, string) {
	who := l.who
	if who == "token" && l.src.id == "primary" {
		pc, err := l.svc.CalendarList.Get("primary").Fields("id").Context(ctx).Do()
		if err != nil {
			why := l.src.opt.Auth.Explain(l.src.name, l.src.id, err).Error()
			why = strings.TrimPrefix(why, l.src.name+": ")
			return "", fmt.Sprintf("%s: the local cache of past weeks is not used this run: with GOOGLE_OAUTH_ACCESS_TOKEN, it needs to know whose primary calendar this is, and Google would not say (%s)", l.src.name, why)
		}
		who += ":" + pc.Id
	}
	return cacheKey(l.src.opt.Cache, l.endpoint, who, l.src.id, l.loc), ""
}

// events fetches the events of r: past weeks from the cache when it has
// them, the rest from the API in as few calls as possible.
func (l *lister) events(ctx context.Context, r audit.Range) ([]*calendar.Event, calInfo, []string, error) {
	c := l.src.opt.Cache
	var key, why string
	if c != nil && !r.IsZero() {
		if key, why = l.cacheKey(ctx); key == "" && ctx.Err() != nil {
			return nil, calInfo{}, nil, ctx.Err()
		}
	}
	if key == "" {
		evs, info, err := l.list(ctx, r.From, r.To)
		var notes []string
		if why != "" {
			notes = append(notes, why)
		}
		return within(dedupe(evs, l.loc), r, l.loc), info, notes, err
	}
	now := time.Now()
	if l.src.opt.Now != nil {
		now = l.src.opt.Now()
	}
	weeks := weeksOf(r, l.loc)
	got := make([]*cachedWeek, len(weeks))
	cached := 0
	var oldest time.Time
	for i, w := range weeks {
		if !w.To.After(now) {
			cw := &cachedWeek{}
			if fetched, ok := c.Load(key, cacheVersion, w, cw); ok {
				cw.Fetched = fetched
				got[i] = cw
				cached++
				if oldest.IsZero() || cw.Fetched.Before(oldest) {
					oldest = cw.Fetched
				}
			}
		}
	}
	var (
		all  []*calendar.Event
		info calInfo
	)
	for i := 0; i < len(weeks); {
		if got[i] != nil {
			all = append(all, got[i].Events...)
			info.merge(got[i].Info)
			i++
			continue
		}
		j := i
		for j < len(weeks) && got[j] == nil {
			j++
		}
		evs, fetched, err := l.list(ctx, weeks[i].From, weeks[j-1].To)
		if err != nil {
			return nil, calInfo{}, nil, err
		}
		info.merge(fetched)
		all = append(all, evs...)
		for k := i; k < j; k++ {
			if !weeks[k].To.After(now) {
				// A failed write costs the next run an API call, nothing more.
				week := within(evs, weeks[k], l.loc)
				if week == nil {
					week = []*calendar.Event{}
				}
				_ = c.Store(key, cacheVersion, weeks[k], cachedWeek{Info: fetched, Events: week}, now)
			}
		}
		i = j
	}
	all = within(dedupe(all, l.loc), r, l.loc)
	var notes []string
	if cached > 0 {
		what := fmt.Sprintf("%d of %d weeks", cached, len(weeks))
		switch {
		case len(weeks) == 1:
			what = "the week"
		case cached == len(weeks):
			what = fmt.Sprintf("all %d weeks", cached)
		}
		notes = append(notes, fmt.Sprintf("%s: %s came from the local cache of past weeks, saved since %s; --no-cache fetches them again",
			l.src.name, what, oldest.In(l.loc).Format("2006-01-02")))
	}
	return all, info, notes, nil
}

// weeksOf lists the ISO weeks (in loc) that cover r.
func weeksOf(r audit.Range, loc *time.Location) []audit.Range {
	var out []audit.Range
	for w := audit.WeekOf(r.From, loc); w.From.Before(r.To); w = audit.WeekOf(w.To, loc) {
		out = append(out, w)
	}
	return out
}

// within keeps the events that overlap w, and those it cannot place (the
// conversion will name them).
func within(evs []*calendar.Event, w audit.Range, loc *time.Location) []*calendar.Event {
	var out []*calendar.Event
	for _, e := range evs {
		s, end, _, err := span(e, loc)
		if err != nil || w.Overlaps(s, end) {
			out = append(out, e)
		}
	}
	return out
}

// dedupe drops the second copy of an event that two weeks both hold, and
// orders the rest by start (then id) so that record numbers are stable.
func dedupe(evs []*calendar.Event, loc *time.Location) []*calendar.Event {
	seen := make(map[string]bool, len(evs))
	out := evs[:0:0]
	for _, e := range evs {
		k := e.Id
		if k == "" {
			k = e.Summary + "\x00" + dt(e.Start) + "\x00" + dt(e.End)
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, _, _, _ := span(out[i], loc)
		b, _, _, _ := span(out[j], loc)
		if !a.Equal(b) {
			return a.Before(b)
		}
		return out[i].Id < out[j].Id
	})
	return out
}

func dt(t *calendar.EventDateTime) string {
	if t == nil {
		return ""
	}
	return t.Date + t.DateTime
}

// span reads an event's start and end: instants for timed events, local
// midnights in loc for all-day ones (the end date is exclusive).
func span(e *calendar.Event, loc *time.Location) (start, end time.Time, allDay bool, err error) {
	if e.Start == nil || (e.Start.Date == "" && e.Start.DateTime == "") {
		return time.Time{}, time.Time{}, false, errField{"start", ""}
	}
	if start, allDay, err = when(e.Start, loc, "start"); err != nil {
		return
	}
	if e.End == nil || (e.End.Date == "" && e.End.DateTime == "") {
		end = start
		if allDay {
			end = start.AddDate(0, 0, 1)
		}
		return
	}
	var endAllDay bool
	if end, endAllDay, err = when(e.End, loc, "end"); err != nil {
		return
	}
	if endAllDay != allDay {
		err = errField{"end", dt(e.End)}
	}
	return
}

func when(t *calendar.EventDateTime, loc *time.Location, field string) (time.Time, bool, error) {
	if t.DateTime != "" {
		v, err := time.Parse(time.RFC3339, t.DateTime)
		if err != nil {
			return time.Time{}, false, errField{field + ".dateTime", t.DateTime}
		}
		return v, false, nil
	}
	v, err := time.ParseInLocation(time.DateOnly, t.Date, loc)
	if err != nil {
		return time.Time{}, false, errField{field + ".date", t.Date}
	}
	return v, true, nil
}

type errField struct{ field, value string }

func (e errField) Error() string { return fmt.Sprintf("bad %s %q", e.field, e.value) }

// convert maps one API event to an audit.Event.
//
// cal is what the listing said of the calendar; primary, whether it is a
// user's primary calendar (see Source.primary).
func convert(ge *calendar.Event, cal calInfo, primary bool, loc *time.Location, pos audit.Provenance) (audit.Event, error) {
	start, end, allDay, err := span(ge, loc)
	if err != nil {
		var fe errField
		errors.As(err, &fe)
		return audit.Event{}, &audit.Error{Kind: audit.KindInput, Pos: pos, Property: fe.field, Value: fe.value,
			Msg: fmt.Sprintf("event %q (id %s): unreadable time %q", ge.Summary, ge.Id, fe.value)}
	}
	if end.Before(start) {
		return audit.Event{}, &audit.Error{Kind: audit.KindInput, Pos: pos, Property: "end", Value: dt(ge.End),
			Msg: fmt.Sprintf("event %q (id %s) ends at %s, before it starts", ge.Summary, ge.Id, dt(ge.End))}
	}
	e := audit.Event{
		Title:       ge.Summary,
		Start:       start,
		End:         end,
		AllDay:      allDay,
		Calendar:    cal.Summary,
		Description: ge.Description,
		Location:    ge.Location,
		SeriesID:    ge.RecurringEventId,
		UID:         ge.ICalUID,
		Type:        audit.TypeDefault,
		ShowAs:      audit.ShowAsBusy,
		Source:      pos,
	}
	if o := ge.OriginalStartTime; o != nil && (o.DateTime != "" || o.Date != "") {
		if at, _, err := when(o, loc, "originalStartTime"); err == nil {
			e.RecurrenceID = at
		}
	}
	if st, ok := audit.ParseStatus(ge.Status); ok {
		e.Status = st
	} else {
		e.Status = audit.StatusConfirmed
	}
	if ge.Transparency == "transparent" {
		e.ShowAs = audit.ShowAsFree
	}
	switch ge.EventType {
	case "", "default", "fromGmail":
	case "outOfOffice":
		e.Type = audit.TypeOutOfOffice
		e.ShowAs = audit.ShowAsOutOfOffice
	default: // focusTime, workingLocation, birthday and whatever comes next
		e.Type = ge.EventType
	}
	if o := ge.Organizer; o != nil {
		e.Organizer = audit.Person{Email: o.Email, Name: o.DisplayName}
	}
	for _, a := range ge.Attendees {
		if a == nil {
			continue
		}
		resp, _ := audit.ParseResponse(a.ResponseStatus)
		e.Attendees = append(e.Attendees, audit.Attendee{
			Person:   audit.Person{Email: a.Email, Name: a.DisplayName},
			Response: resp, Self: a.Self, Optional: a.Optional, Resource: a.Resource,
		})
		if a.Self && e.MyResponse == audit.ResponseUnknown {
			e.MyResponse = resp
		}
	}
	// The reader sees the guests unless the organizer hid them from guests
	// (the organizer still sees them) or the API left some out.
	e.Guests = audit.GuestsListed
	hidden := ge.GuestsCanSeeOtherGuests != nil && !*ge.GuestsCanSeeOtherGuests && (ge.Organizer == nil || !ge.Organizer.Self)
	if hidden || ge.AttendeesOmitted {
		e.Guests = audit.GuestsHidden
	}
	if detailsHidden(ge, cal.Role) {
		e.DetailsHidden = true
		e.Guests = audit.GuestsUnknown
	}
	// The organizer attends their own meeting, on their own calendar: on a
	// team or project calendar, organizer.self only says it was created there.
	if e.MyResponse == audit.ResponseUnknown && primary && ge.Organizer != nil && ge.Organizer.Self && personal(ge.Organizer.Email) {
		e.MyResponse = audit.ResponseAccepted
	}
	return e, nil
}

// detailsHidden reports whether Google sent the event without its details:
// to a free/busy reader always; a private (or confidential) event to a
// reader without private access, which gets no title and no guests.
func detailsHidden(ge *calendar.Event, role string) bool {
	switch role {
	case "freeBusyReader":
		return true
	case "reader", "writerWithoutPrivateAccess":
		private := ge.Visibility == "private" || ge.Visibility == "confidential"
		return private && ge.Summary == "" && len(ge.Attendees) == 0
	}
	return false
}

// Calendar is one entry of the user's calendar list.
type Calendar struct {
	ID, Summary, AccessRole, TimeZone string
	Primary                           bool
}

// Calendars lists the calendars the account can read, primary first, then
// by name.
func Calendars(ctx context.Context, client *http.Client, endpoint string) ([]Calendar, error) {
	ep, err := Endpoint(endpoint)
	if err != nil {
		return nil, err
	}
	svc, err := calendar.NewService(ctx, option.WithHTTPClient(client), option.WithEndpoint(ep))
	if err != nil {
		return nil, err
	}
	var out []Calendar
	err = svc.CalendarList.List().MaxResults(250).
		Fields("nextPageToken,items(id,summary,summaryOverride,accessRole,timeZone,primary)").
		Pages(ctx, func(page *calendar.CalendarList) error {
			for _, c := range page.Items {
				name := c.Summary
				if c.SummaryOverride != "" {
					name = c.SummaryOverride
				}
				out = append(out, Calendar{ID: c.Id, Summary: name, AccessRole: c.AccessRole, TimeZone: c.TimeZone, Primary: c.Primary})
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Primary != out[j].Primary {
			return out[i].Primary
		}
		return strings.ToLower(out[i].Summary) < strings.ToLower(out[j].Summary)
	})
	return out, nil
}

// primaryID asks who owns the primary calendar: its id is the account's
// e-mail address.
func primaryID(ctx context.Context, client *http.Client, endpoint string) (string, error) {
	ep, err := Endpoint(endpoint)
	if err != nil {
		return "", err
	}
	svc, err := calendar.NewService(ctx, option.WithHTTPClient(client), option.WithEndpoint(ep))
	if err != nil {
		return "", err
	}
	c, err := svc.CalendarList.Get("primary").Fields("id").Context(ctx).Do()
	if err != nil {
		return "", err
	}
	return c.Id, nil
}
