// Package googletest fakes the parts of Google's Calendar API and OAuth
// servers that timeaudit talks to, on loopback, for tests. Nothing here
// reaches the internet.
//
// The fakes are as strict as Google: they reject what Google rejects (400
// for an ordering without singleEvents, maxResults over 2500, an empty time
// range, a field selector naming an unknown field; 404 for a calendar that
// is not shared; 403 for a token without the scope; 429 past a sliding
// per-user rate limit) and hide what Google hides (cancelled events without
// showDeleted, titles and guests from free/busy readers and of private
// events, other guests when the organizer hid them, every field a "fields"
// selector leaves out). "self" is computed from the calendar, as Google
// does, whatever the stored events say.
package googletest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"google.golang.org/api/calendar/v3"
)

// Access roles, as the API names them.
const (
	RoleOwner          = "owner"
	RoleWriter         = "writer"
	RoleWriterNoPriv   = "writerWithoutPrivateAccess"
	RoleReader         = "reader"
	RoleFreeBusyReader = "freeBusyReader"
	RoleNone           = "none"
)

// Scopes, as tokens carry them.
const (
	ScopeCalendar             = "https://www.googleapis.com/auth/calendar"
	ScopeCalendarReadonly     = "https://www.googleapis.com/auth/calendar.readonly"
	ScopeEventsReadonly       = "https://www.googleapis.com/auth/calendar.events.readonly"
	ScopeEvents               = "https://www.googleapis.com/auth/calendar.events"
	defaultPageSize           = 250
	maxPageSize               = 2500
	quotaMessage              = "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'calendar-json.googleapis.com'."
	insufficientScopesMessage = "Request had insufficient authentication scopes."
)

// Calendar is one calendar the fake API serves.
type Calendar struct {
	// ID names the calendar; for a user's calendar, the user's address,
	// which also marks the "self" attendee and organizer of its events.
	ID, Summary string
	// Owner is the user (by e-mail) whose calendar it is; "" lets anyone
	// read it (with Role).
	Owner string
	// Shared gives other users a role: reader, freeBusyReader, writer ...
	Shared map[string]string
	// Role is the role of everyone when Owner is "" (and of every request
	// when tokens are not checked); "" is owner for a primary calendar and
	// reader for the others.
	Role string
	// Primary makes it its owner's primary calendar: "primary" names it.
	Primary bool
	Events  []*calendar.Event
	// PageSize splits results into pages of this many; 0 uses maxResults.
	PageSize int
	// EmptyPages puts an empty page (with a next page token) before each page.
	EmptyPages bool
	// Raw, when set, is sent instead of the events (garbage, for tests).
	Raw []byte
}

// role is the access user has; user "" is a request whose token is not checked.
func (c *Calendar) role(user string) string {
	switch {
	case user != "" && strings.EqualFold(user, c.Owner):
		return RoleOwner
	case user != "" && c.Shared[strings.ToLower(user)] != "":
		return c.Shared[strings.ToLower(user)]
	case user != "" && c.Owner != "":
		return RoleNone
	case c.Role != "":
		return c.Role
	case c.Primary:
		return RoleOwner
	}
	return RoleReader
}

// Failure is an error answer to send instead of the events.
type Failure struct {
	Code       int
	Reason     string // "" picks the usual one for the code
	Message    string
	RetryAfter string
	// Hang delays the answer (for deadlines); the request's context ends it.
	Hang time.Duration
}

// RateLimit is a sliding window per user: at most Requests in any Window.
// Past it, requests are answered 429 rateLimitExceeded (without
// Retry-After, as Google's quota errors come).
type RateLimit struct {
	Requests int
	Window   time.Duration
}

// API is a fake Calendar API. Its URL + "/calendar/v3/" is the endpoint.
type API struct {
	*httptest.Server
	mu        sync.Mutex
	calendars map[string]*Calendar
	// Tokens maps bearer tokens to users; when empty (and Authorize is
	// nil), any request is allowed.
	Tokens map[string]string
	// Authorize, when set, names the user of a bearer token (ok false: 401).
	Authorize func(token string) (user string, ok bool)
	// Scopes maps bearer tokens to their scopes, and ScopesOf, when set,
	// tells them; a token in neither has calendar.readonly.
	Scopes   map[string][]string
	ScopesOf func(token string) []string
	// Fail holds, per calendar id, status codes to answer before succeeding
	// (429, 500, 403 for a rate limit ...); Errors holds whole failures.
	Fail   map[string][]int
	Errors map[string][]Failure
	// RetryAfter is sent with the 429s of Fail.
	RetryAfter string
	// Latency delays every answer.
	Latency time.Duration
	// Limit, when set, is the per-user rate limit.
	Limit RateLimit
	// Requests counts the requests, by calendar id ("calendarList" for the list).
	Requests map[string]int
	// Params records the query of each events request, in order.
	Params []url.Values
	// FreeBusyRequests counts freebusy.query requests; FreeBusyAsked are
	// the calendars they named, in order.
	FreeBusyRequests int
	FreeBusyAsked    []string
	// Methods records every request that is not a GET: "POST freeBusy".
	Methods []string
	// inFlight and peak count requests being answered at once.
	inFlight, peak int
	// sent holds, per user, when recent requests were let through; most is
	// the most let through in one window, throttled how many were refused.
	sent      map[string][]time.Time
	most      int
	throttled int
	rejected  int
}

// LoadEvents reads an events.list answer saved as JSON (summary and items),
// for a Calendar's Summary and Events.
func LoadEvents(path string) (summary string, events []*calendar.Event, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", nil, err
	}
	var page calendar.Events
	if err := json.Unmarshal(data, &page); err != nil {
		return "", nil, fmt.Errorf("%s: %w", path, err)
	}
	return page.Summary, page.Items, nil
}

// NewAPI starts a fake Calendar API serving calendars.
func NewAPI(cals ...*Calendar) *API {
	a := &API{calendars: map[string]*Calendar{}, Tokens: map[string]string{}, Scopes: map[string][]string{},
		Fail: map[string][]int{}, Errors: map[string][]Failure{}, Requests: map[string]int{}, sent: map[string][]time.Time{}}
	for _, c := range cals {
		a.calendars[c.ID] = c
	}
	a.Server = httptest.NewServer(http.HandlerFunc(a.serve))
	return a
}

// Endpoint is the base URL clients use.
func (a *API) Endpoint() string { return a.URL + "/calendar/v3/" }

// Add adds or replaces a calendar.
func (a *API) Add(c *Calendar) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.calendars[c.ID] = c
}

// UseOAuth accepts the tokens o issued, with their users and scopes.
func (a *API) UseOAuth(o *OAuth) {
	a.Authorize = o.UserOf
	a.ScopesOf = o.ScopesOf
}

// Peak is the most requests answered at once so far.
func (a *API) Peak() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.peak
}

// Total is the number of requests so far.
func (a *API) Total() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for _, c := range a.Requests {
		n += c
	}
	return n
}

// Count is the number of requests for a calendar id.
func (a *API) Count(id string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.Requests[id]
}

// Throttled is the number of requests refused by the rate limit, and
// MostInWindow the most let through for one user in one window.
func (a *API) Throttled() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.throttled
}

// MostInWindow is the most requests one user had let through in one window.
func (a *API) MostInWindow() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.most
}

// Rejected counts the requests answered 400 (invalid).
func (a *API) Rejected() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.rejected
}

// apiError writes an error the way Google's APIs do.
func apiError(w http.ResponseWriter, code int, reason, msg string) {
	status := map[int]string{400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED"}[code]
	if status == "" {
		status = "INTERNAL"
	}
	domain := "global"
	if strings.HasSuffix(reason, "LimitExceeded") || reason == "quotaExceeded" {
		domain = "usageLimits"
	}
	body := map[string]any{"code": code, "message": msg, "status": status,
		"errors": []map[string]string{{"reason": reason, "message": msg, "domain": domain}}}
	if reason == "insufficientPermissions" {
		body["details"] = []map[string]any{{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT", "domain": "googleapis.com"}}
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]any{"error": body})
}

func (a *API) badRequest(w http.ResponseWriter, reason, msg string) {
	a.rejected++
	apiError(w, http.StatusBadRequest, reason, msg)
}

func (a *API) serve(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	a.inFlight++
	a.peak = max(a.peak, a.inFlight)
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		a.inFlight--
		a.mu.Unlock()
	}()
	if !sleep(r, a.Latency) {
		return
	}
	a.mu.Lock()
	locked := true
	unlock := func() {
		if locked {
			a.mu.Unlock()
			locked = false
		}
	}
	defer unlock()
	path := strings.TrimPrefix(r.URL.Path, "/calendar/v3/")
	if r.Method != http.MethodGet {
		a.Methods = append(a.Methods, r.Method+" "+path)
	}
	// Only reads: GET, and POST to freeBusy (a query, which changes nothing).
	if r.Method != http.MethodGet && !(r.Method == http.MethodPost && isFreeBusy(path)) || r.Method == http.MethodGet && isFreeBusy(path) {
		apiError(w, http.StatusMethodNotAllowed, "methodNotAllowed", "timeaudit only reads: "+r.Method+" "+path+" is not expected")
		return
	}
	a.count(path)
	user, scopes, ok := a.authorize(r)
	if !ok {
		apiError(w, 401, "authError", "Invalid Credentials")
		return
	}
	listing := strings.HasPrefix(path, "users/me/calendarList") || isFreeBusy(path) // both need a calendar scope
	if !hasScope(scopes, listing) {
		apiError(w, 403, "insufficientPermissions", insufficientScopesMessage)
		return
	}
	if !a.admit(user) {
		apiError(w, 429, "rateLimitExceeded", quotaMessage)
		return
	}
	switch {
	case isFreeBusy(path):
		a.freeBusy(w, r, user)
	case path == "users/me/calendarList":
		a.calendarList(w, r, user)
	case strings.HasPrefix(path, "users/me/calendarList/"):
		id, _ := url.PathUnescape(strings.TrimPrefix(path, "users/me/calendarList/"))
		c := a.lookup(id, user)
		if c == nil || c.role(user) == RoleNone {
			apiError(w, 404, "notFound", "Not Found")
			return
		}
		a.write(w, r, reflect.TypeFor[calendar.CalendarListEntry](), a.entry(c, user))
	case strings.HasPrefix(path, "calendars/") && strings.HasSuffix(path, "/events"):
		id, _ := url.PathUnescape(strings.TrimSuffix(strings.TrimPrefix(path, "calendars/"), "/events"))
		a.Params = append(a.Params, r.URL.Query())
		if f, ok := a.failure(id); ok {
			if f.Hang > 0 {
				unlock()
				if !sleep(r, f.Hang) {
					return
				}
			}
			if f.RetryAfter != "" {
				w.Header().Set("Retry-After", f.RetryAfter)
			}
			apiError(w, f.Code, f.Reason, f.Message)
			return
		}
		q, ok := a.eventsQuery(w, r)
		if !ok {
			return
		}
		c := a.lookup(id, user)
		if c == nil || c.role(user) == RoleNone {
			apiError(w, 404, "notFound", "Not Found")
			return
		}
		if c.Raw != nil {
			w.Write(c.Raw)
			return
		}
		a.events(w, r, c, c.role(user), q)
	default:
		apiError(w, 404, "notFound", "Not Found")
	}
}

// count counts a request by what it asks for: a calendar's events by the
// calendar id, "calendarList", "calendarList/<id>".
func (a *API) count(path string) {
	switch {
	case strings.HasPrefix(path, "users/me/calendarList"):
		id, _ := url.PathUnescape(strings.TrimPrefix(path, "users/me/"))
		a.Requests[id]++
	case strings.HasPrefix(path, "calendars/") && strings.HasSuffix(path, "/events"):
		id, _ := url.PathUnescape(strings.TrimSuffix(strings.TrimPrefix(path, "calendars/"), "/events"))
		a.Requests[id]++
	default:
		a.Requests[path]++
	}
}

// sleep waits d, or until the request is gone (false).
func sleep(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

func (a *API) authorize(r *http.Request) (string, []string, bool) {
	if len(a.Tokens) == 0 && a.Authorize == nil {
		return "", []string{ScopeCalendarReadonly}, true
	}
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || tok == "" {
		return "", nil, false
	}
	user, ok := a.Tokens[tok]
	if a.Authorize != nil && !ok {
		user, ok = a.Authorize(tok)
	}
	if !ok {
		return "", nil, false
	}
	scopes, known := a.Scopes[tok]
	if !known && a.ScopesOf != nil {
		scopes = a.ScopesOf(tok)
		known = scopes != nil
	}
	if !known {
		scopes = []string{ScopeCalendarReadonly}
	}
	return user, scopes, true
}

// hasScope: the calendar list needs a calendar scope; events.list also
// takes the events-only ones.
func hasScope(scopes []string, listing bool) bool {
	for _, s := range scopes {
		switch s {
		case ScopeCalendar, ScopeCalendarReadonly:
			return true
		case ScopeEvents, ScopeEventsReadonly:
			if !listing {
				return true
			}
		}
	}
	return false
}

// admit applies the sliding-window rate limit.
func (a *API) admit(user string) bool {
	if a.Limit.Requests <= 0 {
		return true
	}
	now := time.Now()
	ts := a.sent[user]
	cut := 0
	for cut < len(ts) && !ts[cut].After(now.Add(-a.Limit.Window)) {
		cut++
	}
	ts = ts[cut:]
	if len(ts) >= a.Limit.Requests {
		a.sent[user] = ts
		a.throttled++
		return false
	}
	ts = append(ts, now)
	a.sent[user] = ts
	a.most = max(a.most, len(ts))
	return true
}

func (a *API) failure(id string) (Failure, bool) {
	if q := a.Errors[id]; len(q) > 0 {
		a.Errors[id] = q[1:]
		f := q[0]
		if f.Reason == "" {
			f.Reason = usualReason(f.Code)
		}
		if f.Message == "" {
			f.Message = http.StatusText(f.Code)
		}
		return f, true
	}
	if q := a.Fail[id]; len(q) > 0 {
		a.Fail[id] = q[1:]
		f := Failure{Code: q[0], Reason: usualReason(q[0])}
		switch q[0] {
		case 429:
			f.Message, f.RetryAfter = "Rate Limit Exceeded", a.RetryAfter
		case 403:
			f.Message = "User Rate Limit Exceeded"
		default:
			f.Message = "Backend Error"
		}
		return f, true
	}
	return Failure{}, false
}

func usualReason(code int) string {
	switch code {
	case 429:
		return "rateLimitExceeded"
	case 403:
		return "userRateLimitExceeded"
	case 404:
		return "notFound"
	case 400:
		return "badRequest"
	}
	return "backendError"
}

// lookup finds a calendar by id, "primary" being the user's.
func (a *API) lookup(id, user string) *Calendar {
	if id == "primary" {
		return a.primary(user)
	}
	return a.calendars[id]
}

// primary is the user's primary calendar (any primary one when tokens are not checked).
func (a *API) primary(user string) *Calendar {
	for _, id := range a.ids() {
		if c := a.calendars[id]; c.Primary && (user == "" || c.Owner == "" || strings.EqualFold(c.Owner, user)) {
			return c
		}
	}
	return nil
}

func (a *API) ids() []string {
	ids := make([]string, 0, len(a.calendars))
	for id := range a.calendars {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func (a *API) entry(c *Calendar, user string) *calendar.CalendarListEntry {
	return &calendar.CalendarListEntry{Kind: "calendar#calendarListEntry", Id: c.ID, Summary: c.Summary, AccessRole: c.role(user),
		Primary: c.Primary && (user == "" || c.Owner == "" || strings.EqualFold(c.Owner, user)), TimeZone: "UTC"}
}

func (a *API) calendarList(w http.ResponseWriter, r *http.Request, user string) {
	list := &calendar.CalendarList{Kind: "calendar#calendarList"}
	for _, id := range a.ids() {
		c := a.calendars[id]
		if c.role(user) == RoleNone {
			continue
		}
		list.Items = append(list.Items, a.entry(c, user))
	}
	a.write(w, r, reflect.TypeFor[calendar.CalendarList](), list)
}

// write sends v as JSON, cut to the request's "fields" selector, which
// must name fields that t has.
func (a *API) write(w http.ResponseWriter, r *http.Request, t reflect.Type, v any) {
	var m mask
	if f := r.URL.Query().Get("fields"); f != "" {
		var err error
		if m, err = parseFields(f); err == nil {
			err = m.check(t)
		}
		if err != nil {
			a.badRequest(w, "invalidParameter", "Invalid field selection "+err.Error())
			return
		}
	}
	data, _ := json.Marshal(v)
	var doc any
	json.Unmarshal(data, &doc)
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	json.NewEncoder(w).Encode(m.prune(doc))
}

// eventsQuery is the checked query of an events.list request.
type eventsQuery struct {
	lo, hi      time.Time
	single      bool
	showDeleted bool
	max         int
	offset      int
	empty       bool
}

// eventsQuery checks the parameters as Google does, answering 400 for
// what it rejects.
func (a *API) eventsQuery(w http.ResponseWriter, r *http.Request) (eventsQuery, bool) {
	v := r.URL.Query()
	q := eventsQuery{max: defaultPageSize}
	boolean := func(name string) (bool, bool) {
		s := v.Get(name)
		if s == "" {
			return false, true
		}
		b, err := strconv.ParseBool(s)
		if err != nil {
			a.badRequest(w, "invalidParameter", fmt.Sprintf("Invalid value for %s: %s", name, s))
			return false, false
		}
		return b, true
	}
	var ok bool
	if q.single, ok = boolean("singleEvents"); !ok {
		return q, false
	}
	if q.showDeleted, ok = boolean("showDeleted"); !ok {
		return q, false
	}
	switch v.Get("orderBy") {
	case "", "updated":
	case "startTime":
		if !q.single {
			a.badRequest(w, "badRequest", "The requested ordering is not available for the particular query.")
			return q, false
		}
	default:
		a.badRequest(w, "invalidParameter", "Invalid value for orderBy: "+v.Get("orderBy"))
		return q, false
	}
	if s := v.Get("maxResults"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxPageSize {
			a.badRequest(w, "invalid", fmt.Sprintf("Invalid value '%s'. Values must be within the range: [1, %d]", s, maxPageSize))
			return q, false
		}
		q.max = n
	}
	for _, b := range []struct {
		name string
		to   *time.Time
	}{{"timeMin", &q.lo}, {"timeMax", &q.hi}} {
		if s := v.Get(b.name); s != "" {
			t, err := time.Parse(time.RFC3339, s)
			if err != nil {
				a.badRequest(w, "badRequest", "Bad Request")
				return q, false
			}
			*b.to = t
		}
	}
	if !q.lo.IsZero() && !q.hi.IsZero() && !q.lo.Before(q.hi) {
		a.badRequest(w, "timeRangeEmpty", "The specified time range is empty.")
		return q, false
	}
	if v.Get("syncToken") != "" && (v.Get("timeMin") != "" || v.Get("timeMax") != "" || v.Get("orderBy") != "") {
		a.badRequest(w, "invalid", "Sync token cannot be used with other parameters.")
		return q, false
	}
	// Page tokens are "p<offset>" for real pages and "e<offset>" for the
	// empty page in front of them; nothing else is one.
	if tok := v.Get("pageToken"); tok != "" {
		n, err := strconv.Atoi(tok[1:])
		if (tok[0] != 'p' && tok[0] != 'e') || err != nil || n < 0 {
			a.badRequest(w, "invalid", "Invalid page token.")
			return q, false
		}
		q.offset, q.empty = n, tok[0] == 'e'
	}
	return q, true
}

func eventTime(t *calendar.EventDateTime) time.Time {
	if t == nil {
		return time.Time{}
	}
	if t.DateTime != "" {
		v, _ := time.Parse(time.RFC3339, t.DateTime)
		return v
	}
	v, _ := time.Parse(time.DateOnly, t.Date)
	return v
}

func (a *API) events(w http.ResponseWriter, r *http.Request, c *Calendar, role string, q eventsQuery) {
	var in []*calendar.Event
	for _, e := range c.Events {
		s, end := eventTime(e.Start), eventTime(e.End)
		if (q.lo.IsZero() || end.After(q.lo)) && (q.hi.IsZero() || s.Before(q.hi)) {
			if v := view(c, role, e, q.showDeleted); v != nil {
				in = append(in, v)
			}
		}
	}
	sort.SliceStable(in, func(i, j int) bool { return eventTime(in[i].Start).Before(eventTime(in[j].Start)) })
	size := q.max
	if c.PageSize > 0 {
		size = min(size, c.PageSize)
	}
	if q.offset == 0 && !q.empty && c.EmptyPages && r.URL.Query().Get("pageToken") == "" {
		q.empty = true
	}
	out := &calendar.Events{Kind: "calendar#events", Summary: c.Summary, TimeZone: "UTC", AccessRole: role, Items: []*calendar.Event{}}
	if role == RoleFreeBusyReader {
		out.Summary = c.ID // a free/busy reader learns no name
	}
	if q.empty {
		out.NextPageToken = fmt.Sprintf("p%d", q.offset)
	} else {
		end := len(in)
		if q.offset+size < len(in) {
			end = q.offset + size
			if c.EmptyPages {
				out.NextPageToken = fmt.Sprintf("e%d", end)
			} else {
				out.NextPageToken = fmt.Sprintf("p%d", end)
			}
		}
		if q.offset < len(in) {
			out.Items = in[q.offset:end]
		}
	}
	a.write(w, r, reflect.TypeFor[calendar.Events](), out)
}

// view is the event as this calendar's reader sees it: nil when Google
// would not list it.
func view(c *Calendar, role string, e *calendar.Event, showDeleted bool) *calendar.Event {
	if e.Status == "cancelled" && !showDeleted {
		return nil
	}
	address := strings.ToLower(c.ID)
	if c.Primary && c.Owner != "" {
		address = strings.ToLower(c.Owner)
	}
	private := e.Visibility == "private" || e.Visibility == "confidential"
	switch {
	case role == RoleFreeBusyReader:
		if e.Transparency == "transparent" {
			return nil // free time is not busy
		}
		return &calendar.Event{Kind: "calendar#event", Id: e.Id, ICalUID: e.ICalUID, Status: e.Status, Start: e.Start, End: e.End}
	case private && (role == RoleReader || role == RoleWriterNoPriv):
		return &calendar.Event{Kind: "calendar#event", Id: e.Id, ICalUID: e.ICalUID, Status: e.Status, Start: e.Start, End: e.End,
			Visibility: e.Visibility, Transparency: e.Transparency, RecurringEventId: e.RecurringEventId, OriginalStartTime: e.OriginalStartTime}
	}
	v := *e
	v.Kind = "calendar#event"
	if e.Organizer != nil {
		o := *e.Organizer
		o.Self = strings.EqualFold(o.Email, address)
		v.Organizer = &o
	}
	organizerHere := v.Organizer != nil && v.Organizer.Self
	hideGuests := e.GuestsCanSeeOtherGuests != nil && !*e.GuestsCanSeeOtherGuests && !organizerHere
	v.Attendees = nil
	for _, at := range e.Attendees {
		if at == nil {
			continue
		}
		cp := *at
		cp.Self = strings.EqualFold(cp.Email, address)
		if hideGuests && !cp.Self && !cp.Organizer {
			continue
		}
		v.Attendees = append(v.Attendees, &cp)
	}
	return &v
}

// Roles lists the access roles the API knows, for tests that loop over them.
var Roles = []string{RoleOwner, RoleWriter, RoleWriterNoPriv, RoleReader, RoleFreeBusyReader}
