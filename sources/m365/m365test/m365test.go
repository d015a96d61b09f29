// Package m365test fakes the parts of Microsoft Graph and of the Microsoft
// identity platform that timeaudit talks to, on loopback, for tests.
//
// Strict as the real ones: calendarView without startDateTime and
// endDateTime is 400 ErrorInvalidParameter; $top outside 1..1000 is 400;
// a $select naming a field events do not have is 400; without
// Prefer: outlook.timezone="UTC" times come in the mailbox's own zone
// (Pacific Standard Time), as Graph does; fields not selected are left
// out; a token without Calendars.Read is 403, an unknown or expired one
// 401; another user's calendar needs Calendars.Read.Shared and a share, or
// an app-only token; unknown mailboxes are 404 ErrorItemNotFound; more
// than 4 requests at once per mailbox are 429 with Retry-After; anything
// but GET is 405. The identity platform serves the device-code flow
// (authorization_pending until approved, slow_down when polled too fast,
// expired_token after expiry), refresh tokens and client credentials, and
// can answer AADSTS65001 (consent) or AADSTS50076 (MFA).
package m365test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Event is a calendarView item, as Graph sends it (times in UTC).
type Event = map[string]any

// Mailbox is one user's calendars.
type Mailbox struct {
	User   string   // the address
	Events []Event  // the default calendar's occurrences, times in UTC
	Shared []string // users it is shared with (read)
	// Calendars are other calendars by id, with their names and events.
	Calendars map[string]Calendar
}

// Calendar is a named calendar of a mailbox.
type Calendar struct {
	Name   string
	Events []Event
}

// Graph is a fake Microsoft Graph.
type Graph struct {
	*httptest.Server
	mu        sync.Mutex
	mailboxes map[string]*Mailbox
	// Tokens maps bearer tokens to a user ("" for app-only) and scopes.
	Tokens map[string]Token
	// PageSize overrides $top when smaller (to force paging).
	PageSize int
	// Fail answers these statuses, in order, before serving (429, 503 ...).
	Fail []int
	// Requests counts the requests by path; Methods records non-GETs.
	Requests map[string]int
	Methods  []string
	inFlight map[string]int
	// Hold keeps each answer this long (to measure concurrency).
	Hold time.Duration
	// Peak is the most requests answered at once for one mailbox.
	Peak int
}

// Token is what a bearer token stands for.
type Token struct {
	User    string // "" is an app-only token
	Scopes  []string
	Expired bool
}

// NewGraph serves mailboxes.
func NewGraph(boxes ...*Mailbox) *Graph {
	g := &Graph{mailboxes: map[string]*Mailbox{}, Tokens: map[string]Token{}, Requests: map[string]int{}, inFlight: map[string]int{}}
	for _, b := range boxes {
		g.mailboxes[strings.ToLower(b.User)] = b
	}
	g.Server = httptest.NewServer(http.HandlerFunc(g.serve))
	return g
}

// Endpoint is the base URL clients use.
func (g *Graph) Endpoint() string { return g.URL + "/v1.0/" }

func graphError(w http.ResponseWriter, code int, gcode, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"code": gcode, "message": msg}})
}

// fields an event has; $select must name only these.
var eventFields = map[string]bool{"id": true, "iCalUId": true, "subject": true, "start": true, "end": true, "isAllDay": true, "showAs": true,
	"responseStatus": true, "attendees": true, "organizer": true, "isCancelled": true, "type": true, "seriesMasterId": true,
	"sensitivity": true, "categories": true, "isOrganizer": true, "body": true, "location": true, "webLink": true, "originalStart": true}

func has(scopes []string, want ...string) bool {
	for _, s := range scopes {
		for _, w := range want {
			if strings.EqualFold(s, w) {
				return true
			}
		}
	}
	return false
}

func (g *Graph) serve(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	path := strings.TrimPrefix(r.URL.Path, "/v1.0/")
	g.Requests[path]++
	if r.Method != http.MethodGet {
		g.Methods = append(g.Methods, r.Method+" "+path)
		g.mu.Unlock()
		graphError(w, 405, "ErrorInvalidRequest", "timeaudit only reads: "+r.Method+" is not expected")
		return
	}
	tok, ok := g.Tokens[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
	if !ok || !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
		g.mu.Unlock()
		graphError(w, 401, "InvalidAuthenticationToken", "Access token is empty or invalid.")
		return
	}
	if tok.Expired {
		g.mu.Unlock()
		graphError(w, 401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.")
		return
	}
	if len(g.Fail) > 0 {
		code := g.Fail[0]
		g.Fail = g.Fail[1:]
		g.mu.Unlock()
		w.Header().Set("Retry-After", "0")
		graphError(w, code, "TooManyRequests", "Please retry again later.")
		return
	}
	// Whose mailbox, and which calendar.
	var box *Mailbox
	var cal *Calendar
	parts := strings.Split(path, "/")
	who := tok.User
	switch {
	case path == "me" || path == "me/calendars" || path == "me/calendarView" || strings.HasPrefix(path, "me/calendars/"):
		if tok.User == "" {
			g.mu.Unlock()
			graphError(w, 400, "BadRequest", "/me request is only valid with delegated authentication flow.")
			return
		}
	case parts[0] == "users" && len(parts) >= 3:
		who, _ = url.PathUnescape(parts[1])
		parts = append([]string{"me"}, parts[2:]...)
	default:
		g.mu.Unlock()
		graphError(w, 400, "BadRequest", "Resource not found for the segment '"+parts[0]+"'.")
		return
	}
	box = g.mailboxes[strings.ToLower(who)]
	if box == nil {
		g.mu.Unlock()
		graphError(w, 404, "ErrorItemNotFound", "The specified object was not found in the store.")
		return
	}
	switch {
	case !has(tok.Scopes, "Calendars.Read", "Calendars.ReadWrite", "Calendars.ReadBasic"):
		g.mu.Unlock()
		graphError(w, 403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.")
		return
	case tok.User != "" && !strings.EqualFold(tok.User, box.User):
		shared := false
		for _, s := range box.Shared {
			shared = shared || strings.EqualFold(s, tok.User)
		}
		if !shared || !has(tok.Scopes, "Calendars.Read.Shared") {
			g.mu.Unlock()
			graphError(w, 403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.")
			return
		}
	}
	key := strings.ToLower(box.User)
	g.inFlight[key]++
	if g.inFlight[key] > 4 {
		g.inFlight[key]--
		g.mu.Unlock()
		w.Header().Set("Retry-After", "1")
		graphError(w, 429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.")
		return
	}
	g.Peak = max(g.Peak, g.inFlight[key])
	g.mu.Unlock()
	defer func() { g.mu.Lock(); g.inFlight[key]--; g.mu.Unlock() }()
	if g.Hold > 0 {
		time.Sleep(g.Hold)
	}
	rest := strings.Join(parts[1:], "/")
	switch {
	case rest == "" && parts[0] == "me":
		if !has(tok.Scopes, "User.Read", "User.Read.All") {
			graphError(w, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"userPrincipalName": box.User, "mail": box.User})
		return
	case rest == "calendars":
		var vals []map[string]any
		vals = append(vals, map[string]any{"id": "default", "name": "Calendar", "isDefaultCalendar": true, "canEdit": true, "owner": map[string]any{"address": box.User}})
		ids := make([]string, 0, len(box.Calendars))
		for id := range box.Calendars {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			vals = append(vals, map[string]any{"id": id, "name": box.Calendars[id].Name, "canEdit": false, "owner": map[string]any{"address": box.User}})
		}
		json.NewEncoder(w).Encode(map[string]any{"value": vals})
		return
	case rest == "calendarView":
		cal = &Calendar{Events: box.Events}
	case strings.HasPrefix(rest, "calendars/") && strings.HasSuffix(rest, "/calendarView"):
		id, _ := url.PathUnescape(strings.TrimSuffix(strings.TrimPrefix(rest, "calendars/"), "/calendarView"))
		c, ok := box.Calendars[id]
		if !ok {
			graphError(w, 404, "ErrorItemNotFound", "The specified object was not found in the store.")
			return
		}
		cal = &c
	default:
		graphError(w, 400, "BadRequest", "Resource not found for the segment '"+rest+"'.")
		return
	}
	g.view(w, r, cal)
}

// view answers calendarView as Graph does.
func (g *Graph) view(w http.ResponseWriter, r *http.Request, cal *Calendar) {
	q := r.URL.Query()
	from, err1 := time.Parse(time.RFC3339, q.Get("startDateTime"))
	to, err2 := time.Parse(time.RFC3339, q.Get("endDateTime"))
	if q.Get("startDateTime") == "" || q.Get("endDateTime") == "" {
		graphError(w, 400, "ErrorInvalidParameter", "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.")
		return
	}
	if err1 != nil || err2 != nil || !to.After(from) {
		graphError(w, 400, "ErrorInvalidParameter", "The value of the parameter 'StartDateTime' or 'EndDateTime' is invalid.")
		return
	}
	top := 10
	if s := q.Get("$top"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			graphError(w, 400, "ErrorInvalidParameter", "The value of $top must be from 1 to 1000.")
			return
		}
		top = n
	}
	if g.PageSize > 0 && g.PageSize < top {
		top = g.PageSize
	}
	skip, _ := strconv.Atoi(q.Get("$skip"))
	var sel []string
	if s := q.Get("$select"); s != "" {
		for _, f := range strings.Split(s, ",") {
			if !eventFields[f] {
				graphError(w, 400, "BadRequest", fmt.Sprintf("Could not find a property named '%s' on type 'microsoft.graph.event'.", f))
				return
			}
			sel = append(sel, f)
		}
	}
	utc := strings.Contains(r.Header.Get("Prefer"), `outlook.timezone="UTC"`)
	var in []Event
	for _, e := range cal.Events {
		s, _ := time.Parse("2006-01-02T15:04:05.0000000", e["start"].(map[string]any)["dateTime"].(string))
		en, _ := time.Parse("2006-01-02T15:04:05.0000000", e["end"].(map[string]any)["dateTime"].(string))
		if s.Before(to) && en.After(from) || s.Equal(en) && !s.Before(from) && s.Before(to) {
			in = append(in, e)
		}
	}
	sort.SliceStable(in, func(i, j int) bool {
		return in[i]["start"].(map[string]any)["dateTime"].(string) < in[j]["start"].(map[string]any)["dateTime"].(string)
	})
	end := min(skip+top, len(in))
	page := []Event{}
	pacific, _ := time.LoadLocation("America/Los_Angeles")
	for _, e := range in[min(skip, len(in)):end] {
		out := Event{}
		for k, v := range e {
			if len(sel) == 0 || contains(sel, k) || k == "id" {
				out[k] = v
			}
		}
		if !utc { // the mailbox's own zone, as Graph does without the header
			for _, k := range []string{"start", "end"} {
				if t, ok := out[k].(map[string]any); ok {
					v, _ := time.Parse("2006-01-02T15:04:05.0000000", t["dateTime"].(string))
					out[k] = map[string]any{"dateTime": v.In(pacific).Format("2006-01-02T15:04:05.0000000"), "timeZone": "Pacific Standard Time"}
				}
			}
		}
		page = append(page, out)
	}
	body := map[string]any{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('x')/calendarView", "value": page}
	if end < len(in) {
		nq := r.URL.Query()
		nq.Set("$skip", strconv.Itoa(end))
		next := *r.URL
		next.RawQuery = nq.Encode()
		body["@odata.nextLink"] = "http://" + r.Host + next.RequestURI()
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(body)
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
