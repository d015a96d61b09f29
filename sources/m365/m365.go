// Package m365 reads Microsoft 365 / Outlook calendars through Microsoft
// Graph: m365:me (your default calendar), m365:<calendar id>, or
// m365:user@corp.example (someone's default calendar: shared with you, or
// with application permission for team audits).
//
// It asks calendarView for the range (one item per occurrence, in UTC:
// Prefer: outlook.timezone="UTC"), with $select of the fields it maps and
// $top pages, following @odata.nextLink to the end (bounded: a repeated
// link, 1,000 pages, 1,000,000 events). Mapping:
//
//	subject -> title; start/end (UTC) -> start/end; isAllDay -> all-day (its
//	dates are days in the report zone); showAs free -> shown as free,
//	tentative -> tentative, oof -> out of office (away), workingElsewhere ->
//	working elsewhere, busy/unknown -> busy; responseStatus organizer ->
//	accepted, accepted, tentativelyAccepted -> tentative, declined,
//	notResponded -> needs action; attendees (required, optional, resource),
//	with their responses; organizer; isCancelled -> cancelled; seriesMasterId
//	-> the series; iCalUId -> the UID (an invitation in two calendars counts
//	once); sensitivity private on someone else's calendar with no subject ->
//	details hidden (busy time, never classified by title); categories ->
//	Outlook categories, matched by the rules' outlook_category:.
//
// It only reads: every request is a GET. Tokens go to the Graph host only,
// never across a redirect to another host or over plain http to another
// machine.
package m365

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

// Prefix marks a Microsoft 365 source argument.
const Prefix = "m365:"

// DefaultEndpoint is Microsoft Graph's v1.0 base URL.
const DefaultEndpoint = "https://graph.microsoft.com/v1.0/"

// selectFields are the event fields mapped (the $select of every request).
const selectFields = "id,iCalUId,subject,start,end,isAllDay,showAs,responseStatus,attendees,organizer,isCancelled,type,seriesMasterId,sensitivity,categories,isOrganizer"

// Bounds on one calendar's listing.
const (
	pageSize  = 250
	maxPages  = 1000
	maxEvents = 1_000_000
	maxPage   = 64 << 20
	// mailboxConcurrency is Graph's limit of requests at once per app and
	// mailbox; more are answered 429.
	mailboxConcurrency = 4
)

// Options configure the kind.
type Options struct {
	// Endpoint is Graph's base URL; "" is DefaultEndpoint.
	Endpoint string
	// Auth authorises requests; required to fetch.
	Auth *Auth
	// Timeout bounds each try of a request; 0 means one minute.
	Timeout time.Duration
	// MaxWait bounds the waits between retries, per calendar; 0 means 60 s.
	MaxWait time.Duration
	// Transport is for tests; nil uses http.DefaultTransport.
	Transport http.RoundTripper
	// Progress hears about each page; may be nil (called from the fetching goroutine).
	Progress func(source string, pages, events int)
	// Cache keeps past weeks; nil asks Graph every time.
	Cache *Cache
	// Now tells which weeks are past, for the cache; nil is time.Now.
	Now func() time.Time
}

// Kind is the Microsoft 365 source kind.
func Kind(opt Options) sources.Kind {
	return sources.Kind{
		Name:    "m365",
		Summary: "Microsoft 365 / Outlook through Microsoft Graph: m365:me, m365:<calendar id>, m365:user@corp.example",
		Claims:  func(arg string) bool { return strings.HasPrefix(strings.ToLower(arg), Prefix) },
		Open: func(arg string, _ io.Reader, _ sources.Env) (sources.Source, error) {
			return Open(arg, opt)
		},
	}
}

// Source is one calendar.
type Source struct {
	name, id string
	opt      Options
}

var _ sources.Source = (*Source)(nil)

// Open checks an m365: argument.
func Open(arg string, opt Options) (*Source, error) {
	id := strings.TrimSpace(arg[min(len(arg), len(Prefix)):])
	if !strings.HasPrefix(strings.ToLower(arg), Prefix) || id == "" || strings.ContainsAny(id, "/?#\\ ") {
		return nil, audit.Usagef("%s: name a calendar: m365:me, m365:<calendar id> or m365:user@corp.example (timeaudit m365 calendars lists them)", audit.Quote(arg))
	}
	if _, err := Endpoint(opt.Endpoint); err != nil {
		return nil, err
	}
	return &Source{name: Prefix + id, id: id, opt: opt}, nil
}

// Endpoint checks a Graph base URL: http(s), plain http only to this
// machine; the path ends in a slash.
func Endpoint(raw string) (*url.URL, error) {
	if raw == "" {
		raw = DefaultEndpoint
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, audit.Usagef("Graph endpoint %s is not an http(s) URL such as http://127.0.0.1:8080/v1.0/", audit.Quote(raw))
	}
	if !sources.PlainHTTPAllowed(u) {
		return nil, audit.Usagef("Graph endpoint %s: refusing to send Microsoft tokens over plain http to %s; use https", audit.Quote(raw), u.Host)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u, nil
}

// Name is m365:<calendar>.
func (s *Source) Name() string { return s.name }

// NeedsRange is true: a calendar has no end, so it is read over a range.
func (s *Source) NeedsRange() bool { return true }

// mailbox is whose calendar it is, for Graph's per-mailbox limits.
func (s *Source) mailbox() string {
	if strings.Contains(s.id, "@") {
		return strings.ToLower(s.id)
	}
	return "me"
}

// viewPath is the calendarView of the calendar, relative to the endpoint.
func (s *Source) viewPath() string {
	switch {
	case strings.EqualFold(s.id, "me"):
		return "me/calendarView"
	case strings.Contains(s.id, "@"):
		return "users/" + url.PathEscape(s.id) + "/calendarView"
	}
	return "me/calendars/" + url.PathEscape(s.id) + "/calendarView"
}

// Fetch lists the calendar's occurrences in req.Range.
func (s *Source) Fetch(ctx context.Context, req sources.Request) (*sources.Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.opt.Auth == nil {
		return nil, fmt.Errorf("%s: no Microsoft 365 credentials configured (timeaudit m365 login, or %s)", s.name, EnvAccessToken)
	}
	if req.Range.IsZero() {
		return nil, audit.Usagef("%s: a Microsoft 365 calendar is read over a range: give --week, --weeks or --from/--to", s.name)
	}
	loc := req.Location
	if loc == nil {
		loc = time.UTC
	}
	c, err := s.client(ctx)
	if err != nil {
		return nil, err
	}
	base, _ := Endpoint(s.opt.Endpoint)
	res := &sources.Result{}
	// Whose mailbox m365:me is, to mark the user's own attendee entry.
	mailbox := s.mailbox()
	if mailbox == "me" {
		var me struct {
			UPN  string `json:"userPrincipalName"`
			Mail string `json:"mail"`
		}
		if err := c.get(ctx, base.String()+"me?$select=userPrincipalName,mail", &me); err == nil && (me.Mail != "" || me.UPN != "") {
			mailbox = strings.ToLower(me.Mail)
			if mailbox == "" {
				mailbox = strings.ToLower(me.UPN)
			}
		} else {
			res.Notes = append(res.Notes, s.name+": Graph would not say whose mailbox this is (User.Read not granted?): your own responses come from responseStatus, and your attendee entry is not marked")
		}
	}
	raw, cached, err := s.weeks(ctx, c, base, req.Range, loc)
	if err != nil {
		return nil, err
	}
	if cached > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%s: %d past weeks read from the local cache (--no-cache asks Graph again)", s.name, cached))
	}
	for i, ge := range raw {
		record := i + 1
		if ge == nil {
			err := &audit.Error{Kind: audit.KindInput, Pos: audit.Provenance{Source: s.name, Record: record}, Msg: "the answer holds null where an event should be"}
			if !req.SkipInvalid {
				return nil, err
			}
			res.Skipped = append(res.Skipped, audit.Skipped{Source: err.Pos, Err: err.Msg})
			continue
		}
		ev, err := convert(ge, mailbox, loc, audit.Provenance{Source: s.name, Record: record})
		if err != nil {
			if !req.SkipInvalid {
				return nil, err
			}
			res.Skipped = append(res.Skipped, audit.Skipped{Source: audit.Provenance{Source: s.name, Record: record}, Err: err.Error()})
			continue
		}
		res.Events = append(res.Events, ev)
	}
	res.Requests, res.Waited = c.requests, c.waited
	return res, nil
}

// list reads the calendarView of [from, to), every page.
func (s *Source) list(ctx context.Context, c *client, base *url.URL, from, to time.Time) ([]*graphEvent, error) {
	q := url.Values{}
	q.Set("startDateTime", from.UTC().Format("2006-01-02T15:04:05Z"))
	q.Set("endDateTime", to.UTC().Format("2006-01-02T15:04:05Z"))
	q.Set("$select", selectFields)
	q.Set("$top", strconv.Itoa(pageSize))
	next := base.ResolveReference(&url.URL{Path: s.viewPath(), RawQuery: q.Encode()}).String()
	seen := map[string]bool{}
	var out []*graphEvent
	for page := 1; next != ""; page++ {
		if page > maxPages {
			return nil, fmt.Errorf("%s: more than %d pages: stopped", s.name, maxPages)
		}
		if seen[next] {
			return nil, fmt.Errorf("%s: Graph sent the same next page link twice: stopped", s.name)
		}
		seen[next] = true
		nu, err := url.Parse(next)
		if err != nil || !strings.EqualFold(nu.Host, base.Host) || (base.Scheme == "https" && nu.Scheme != "https") {
			return nil, fmt.Errorf("%s: refused a next page link to another host or from https to http", s.name)
		}
		var body viewPage
		if err := c.get(ctx, next, &body); err != nil {
			return nil, s.explain(err)
		}
		out = append(out, body.Value...)
		if len(out) > maxEvents {
			return nil, fmt.Errorf("%s: more than %d events: stopped", s.name, maxEvents)
		}
		if s.opt.Progress != nil {
			s.opt.Progress(s.name, page, len(out))
		}
		next = body.NextLink
	}
	return out, nil
}

// The calendarView answer.
type viewPage struct {
	Value    []*graphEvent `json:"value"`
	NextLink string        `json:"@odata.nextLink"`
}

type graphTime struct {
	DateTime string `json:"dateTime"`
	TimeZone string `json:"timeZone"`
}

type graphEmail struct {
	Address string `json:"address"`
	Name    string `json:"name"`
}

type graphStatus struct {
	Response string `json:"response"`
}

type graphAttendee struct {
	Type         string      `json:"type"` // required, optional, resource
	Status       graphStatus `json:"status"`
	EmailAddress graphEmail  `json:"emailAddress"`
}

type graphEvent struct {
	ID             string          `json:"id"`
	ICalUID        string          `json:"iCalUId"`
	Subject        string          `json:"subject"`
	Start          *graphTime      `json:"start"`
	End            *graphTime      `json:"end"`
	IsAllDay       bool            `json:"isAllDay"`
	ShowAs         string          `json:"showAs"`
	ResponseStatus *graphStatus    `json:"responseStatus"`
	Attendees      []graphAttendee `json:"attendees"`
	Organizer      *struct {
		EmailAddress graphEmail `json:"emailAddress"`
	} `json:"organizer"`
	IsCancelled    bool     `json:"isCancelled"`
	Type           string   `json:"type"` // singleInstance, occurrence, exception, seriesMaster
	SeriesMasterID string   `json:"seriesMasterId"`
	Sensitivity    string   `json:"sensitivity"`
	Categories     []string `json:"categories"`
	IsOrganizer    bool     `json:"isOrganizer"`
}

// responses maps Graph's responseType.
var responses = map[string]audit.Response{
	"organizer": audit.ResponseAccepted, "accepted": audit.ResponseAccepted, "tentativelyAccepted": audit.ResponseTentative,
	"declined": audit.ResponseDeclined, "notResponded": audit.ResponseNeedsAction, "none": audit.ResponseUnknown, "": audit.ResponseUnknown,
}

// when reads a Graph dateTimeTimeZone asked for in UTC.
func when(t *graphTime, field string) (time.Time, error) {
	if t == nil || t.DateTime == "" {
		return time.Time{}, fmt.Errorf("no %s", field)
	}
	if tz := t.TimeZone; tz != "" && !strings.EqualFold(tz, "UTC") {
		return time.Time{}, fmt.Errorf("%s in %q, not UTC (the request asked for UTC)", field, tz)
	}
	v, err := time.Parse("2006-01-02T15:04:05.9999999", strings.TrimSuffix(t.DateTime, "Z"))
	if err != nil {
		return time.Time{}, fmt.Errorf("unreadable %s %q", field, t.DateTime)
	}
	return v.UTC(), nil
}

func convert(ge *graphEvent, mailbox string, loc *time.Location, pos audit.Provenance) (audit.Event, error) {
	start, err1 := when(ge.Start, "start")
	end, err2 := when(ge.End, "end")
	if err := errors.Join(err1, err2); err != nil {
		return audit.Event{}, &audit.Error{Kind: audit.KindInput, Pos: pos, Property: "start/end",
			Msg: fmt.Sprintf("event %s (id %s): %v", audit.Quote(ge.Subject), audit.Line(ge.ID, 40), strings.ReplaceAll(err.Error(), "\n", "; "))}
	}
	if ge.IsAllDay {
		// The days, in the report zone.
		y, m, d := start.Date()
		ey, em, ed := end.Date()
		start, end = time.Date(y, m, d, 0, 0, 0, 0, loc), time.Date(ey, em, ed, 0, 0, 0, 0, loc)
	}
	if end.Before(start) {
		return audit.Event{}, &audit.Error{Kind: audit.KindInput, Pos: pos, Property: "end", Value: ge.End.DateTime,
			Msg: fmt.Sprintf("event %s (id %s) ends before it starts", audit.Quote(ge.Subject), audit.Line(ge.ID, 40))}
	}
	e := audit.Event{
		Title: ge.Subject, Start: start, End: end, AllDay: ge.IsAllDay,
		UID: ge.ICalUID, SeriesID: ge.SeriesMasterID, Type: audit.TypeDefault, ShowAs: audit.ShowAsBusy,
		Status: audit.StatusConfirmed, Source: pos, Categories: ge.Categories,
	}
	switch ge.ShowAs {
	case "free":
		e.ShowAs = audit.ShowAsFree
	case "tentative":
		e.ShowAs = audit.ShowAsTentative
	case "oof":
		e.ShowAs, e.Type = audit.ShowAsOutOfOffice, audit.TypeOutOfOffice
	case "workingElsewhere":
		e.ShowAs = audit.ShowAsWorkingElsewhere
	}
	if ge.IsCancelled {
		e.Status = audit.StatusCancelled
	}
	if ge.Organizer != nil {
		e.Organizer = audit.Person{Email: ge.Organizer.EmailAddress.Address, Name: ge.Organizer.EmailAddress.Name}
	}
	if ge.ResponseStatus != nil {
		e.MyResponse = responses[ge.ResponseStatus.Response]
	}
	selfEmail := ""
	if mailbox != "me" {
		selfEmail = mailbox
	}
	for _, a := range ge.Attendees {
		att := audit.Attendee{Person: audit.Person{Email: a.EmailAddress.Address, Name: a.EmailAddress.Name},
			Response: responses[a.Status.Response], Optional: a.Type == "optional", Resource: a.Type == "resource"}
		if selfEmail != "" && strings.EqualFold(att.Email, selfEmail) {
			att.Self = true
		}
		e.Attendees = append(e.Attendees, att)
	}
	if ge.IsOrganizer && e.MyResponse == audit.ResponseUnknown {
		e.MyResponse = audit.ResponseAccepted
	}
	e.Guests = audit.GuestsListed
	// A private event on someone else's calendar comes without its subject
	// and guests: busy time, nothing to classify.
	if ge.Sensitivity == "private" && ge.Subject == "" && len(ge.Attendees) == 0 {
		e.DetailsHidden = true
		e.Guests = audit.GuestsUnknown
	}
	return e, nil
}

// graphError is Graph's error body.
type graphError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// statusError is an answer that is not a page.
type statusError struct {
	code          int
	graph, detail string
}

func (e *statusError) Error() string {
	if e.graph != "" {
		return fmt.Sprintf("HTTP %d %s: %s", e.code, e.graph, e.detail)
	}
	return fmt.Sprintf("HTTP %d", e.code)
}

// explain turns a failure into one line naming the calendar and the fix.
func (s *Source) explain(err error) error {
	var se *statusError
	if !errors.As(err, &se) {
		var ae *audit.Error
		if errors.As(err, &ae) {
			return err
		}
		return fmt.Errorf("%s: %w", s.name, err)
	}
	detail := ""
	if se.graph != "" {
		detail = " (" + se.graph + ": " + audit.Line(se.detail, 160) + ")"
	}
	switch se.code {
	case http.StatusUnauthorized:
		return &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s: the token was refused%s: sign in again with timeaudit m365 login, or renew %s", s.name, detail, EnvAccessToken)}
	case http.StatusForbidden:
		return &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s: access denied%s: the app needs Calendars.Read (Calendars.Read.Shared for others' calendars; the application permission Calendars.Read, with admin consent, for app-only team audits), or the mailbox is not shared with you", s.name, detail)}
	case http.StatusNotFound:
		return &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s: no such mailbox or calendar%s: timeaudit m365 calendars lists yours", s.name, detail)}
	}
	return fmt.Errorf("%s: %s", s.name, se.Error())
}

// client sends one source's requests: the token, retries with backoff on
// 429/503/504 (Retry-After honoured), a deadline per try, and Graph's four
// requests at once per mailbox.
type client struct {
	s        *Source
	who      string // whom the credentials act for
	http     *http.Client
	token    func(context.Context) (string, error)
	slots    chan struct{}
	requests int
	waited   time.Duration
	maxWait  time.Duration
	timeout  time.Duration
}

var (
	mailboxMu    sync.Mutex
	mailboxSlots = map[string]chan struct{}{}
)

// slotsFor is the mailbox's shared limit of requests at once.
func slotsFor(key string) chan struct{} {
	mailboxMu.Lock()
	defer mailboxMu.Unlock()
	ch, ok := mailboxSlots[key]
	if !ok {
		ch = make(chan struct{}, mailboxConcurrency)
		mailboxSlots[key] = ch
	}
	return ch
}

func (s *Source) client(ctx context.Context) (*client, error) {
	tok, who, err := s.opt.Auth.tokens(ctx, s.opt.Transport)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.name, err)
	}
	tr := s.opt.Transport
	if tr == nil {
		tr = http.DefaultTransport
	}
	maxWait := s.opt.MaxWait
	if maxWait <= 0 {
		maxWait = 60 * time.Second
	}
	timeout := s.opt.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	base, _ := Endpoint(s.opt.Endpoint)
	return &client{s: s, who: who, token: tok, maxWait: maxWait, timeout: timeout,
		slots: slotsFor(base.Host + "\x00" + who + "\x00" + s.mailbox()),
		http:  &http.Client{Transport: tr, CheckRedirect: sources.CheckRedirect(true)}}, nil
}

func (c *client) get(ctx context.Context, addr string, into any) error {
	wait := time.Second
	for try := 0; ; try++ {
		code, retryAfter, err := c.once(ctx, addr, into)
		if err == nil {
			return nil
		}
		if code != http.StatusTooManyRequests && code != http.StatusServiceUnavailable && code != http.StatusGatewayTimeout || try >= 6 {
			return err
		}
		d := wait
		if retryAfter > 0 {
			d = min(retryAfter, 32*time.Second)
		}
		if c.waited+d > c.maxWait {
			return fmt.Errorf("Graph kept answering HTTP %d (throttled) after %s of waiting: try again later, or with a lower --concurrency", code, c.waited.Round(time.Second))
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		c.waited += d
		wait = min(2*wait, 32*time.Second)
	}
}

// once sends one try: its status, Retry-After, and what went wrong.
func (c *client) once(ctx context.Context, addr string, into any) (int, time.Duration, error) {
	select {
	case c.slots <- struct{}{}:
	case <-ctx.Done():
		return 0, 0, ctx.Err()
	}
	defer func() { <-c.slots }()
	tok, err := c.token(ctx)
	if err != nil {
		return 0, 0, err
	}
	tctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(tctx, http.MethodGet, addr, nil)
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Prefer", `outlook.timezone="UTC"`)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "timeaudit")
	c.requests++
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return 0, 0, ctx.Err()
		}
		if tctx.Err() != nil {
			return http.StatusGatewayTimeout, 0, fmt.Errorf("no answer within %s", c.timeout)
		}
		return 0, 0, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxPage+1))
	if err != nil {
		return 0, 0, err
	}
	if len(data) > maxPage {
		return 0, 0, fmt.Errorf("a page over %d MiB: stopped", maxPage>>20)
	}
	if resp.StatusCode != http.StatusOK {
		var ge graphError
		_ = json.Unmarshal(data, &ge)
		return resp.StatusCode, retryAfter(resp.Header.Get("Retry-After")), &statusError{code: resp.StatusCode, graph: ge.Error.Code, detail: ge.Error.Message}
	}
	if err := json.Unmarshal(data, into); err != nil {
		return 0, 0, &audit.Error{Kind: audit.KindInput, Pos: audit.Provenance{Source: c.s.name}, Msg: "Graph's answer is not JSON: " + audit.Line(err.Error(), 120)}
	}
	return resp.StatusCode, 0, nil
}

func retryAfter(v string) time.Duration {
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}

// Calendar is one calendar the user can read.
type Calendar struct {
	ID, Name, Owner string
	CanEdit         bool
	Default         bool
}

// Calendars lists the signed-in user's calendars (me/calendars).
func Calendars(ctx context.Context, opt Options) ([]Calendar, error) {
	s := &Source{name: Prefix + "me", id: "me", opt: opt}
	if opt.Auth == nil {
		return nil, fmt.Errorf("no Microsoft 365 credentials configured (timeaudit m365 login, or %s)", EnvAccessToken)
	}
	c, err := s.client(ctx)
	if err != nil {
		return nil, err
	}
	base, err := Endpoint(opt.Endpoint)
	if err != nil {
		return nil, err
	}
	next := base.ResolveReference(&url.URL{Path: "me/calendars", RawQuery: "$select=id,name,owner,canEdit,isDefaultCalendar&$top=100"}).String()
	var out []Calendar
	for page := 0; next != "" && page < 100; page++ {
		var body struct {
			Value []struct {
				ID, Name  string
				CanEdit   bool `json:"canEdit"`
				IsDefault bool `json:"isDefaultCalendar"`
				Owner     graphEmail
			} `json:"value"`
			NextLink string `json:"@odata.nextLink"`
		}
		if err := c.get(ctx, next, &body); err != nil {
			return nil, s.explain(err)
		}
		for _, v := range body.Value {
			out = append(out, Calendar{ID: v.ID, Name: v.Name, Owner: v.Owner.Address, CanEdit: v.CanEdit, Default: v.IsDefault})
		}
		next = body.NextLink
	}
	return out, nil
}
