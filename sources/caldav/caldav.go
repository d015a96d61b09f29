// Package caldav reads calendars live from a CalDAV server (iCloud,
// Fastmail, Nextcloud, Radicale, Zimbra, SOGo ...): caldav:https://server/path/.
//
// The URL names a calendar collection, or a server or principal to
// discover from (/.well-known/caldav, current-user-principal,
// calendar-home-set). The audit range is asked for with a calendar-query
// REPORT and a time-range filter (widened, then clipped here, so that a
// server that filters loosely or not at all gives the same answer); the
// calendar objects it returns go through the ICS source's reader and
// expander, so the figures equal those of an export of the same calendar.
//
// Discovery and listing use emersion/go-webdav; the REPORT is sent here, to
// read the raw calendar-data (go-webdav would hand it back decoded, losing
// the reader's line numbers and leniency). Credentials go only to the
// server named (never across a redirect to another host, never from https
// to http; plain http only to this machine). Nothing is ever written.
package caldav

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-webdav"
	wdcaldav "github.com/emersion/go-webdav/caldav"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
	"github.com/timeaudit/timeaudit/sources/ics"
)

// Prefix marks a CalDAV source argument.
const Prefix = "caldav:"

// Options configure the kind.
type Options struct {
	// User is --caldav-user; "" takes the URL's user.
	User string
	// Password gives the password when a server asks for one (from the
	// environment, a 0600 file or a command, resolved by the caller); nil
	// sends no credentials.
	Password func() (string, error)
	// Timeout bounds each request; 0 means one minute.
	Timeout time.Duration
	// Transport is for tests; nil uses http.DefaultTransport.
	Transport http.RoundTripper
	// UserAgent names the client.
	UserAgent string
	// Cache keeps past weeks; nil fetches everything every time.
	Cache *Cache
	// Now tells which weeks are past, for the cache; nil is time.Now.
	Now func() time.Time
	// MaxWait bounds the time spent waiting between retries, per source;
	// 0 means 60 seconds.
	MaxWait time.Duration
}

// Kind is the CalDAV source kind.
func Kind(opt Options) sources.Kind {
	return sources.Kind{
		Name:    "caldav",
		Summary: "a CalDAV calendar or server, read live: caldav:https://server/path/",
		Claims:  func(arg string) bool { return strings.HasPrefix(strings.ToLower(arg), Prefix) },
		Open: func(arg string, _ io.Reader, _ sources.Env) (sources.Source, error) {
			return Open(arg, opt)
		},
	}
}

// Source is one CalDAV calendar (or a server to discover it on).
type Source struct {
	name string   // caldav:URL, without credentials
	u    *url.URL // without credentials
	user string
	opt  Options
}

var _ sources.Source = (*Source)(nil)

// Open checks a caldav: argument: an http(s) URL, plain http only to this
// machine; a user in the URL is taken (a password in it is refused: it
// would sit in shell history and process lists).
func Open(arg string, opt Options) (*Source, error) {
	raw := strings.TrimSpace(arg[min(len(arg), len(Prefix)):])
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, audit.Usagef("%s: expected caldav:https://server/path/ (a calendar, or a server to find calendars on)", audit.Quote(safeArg(arg)))
	}
	if !sources.PlainHTTPAllowed(u) {
		return nil, audit.Usagef("%s: refusing to send CalDAV credentials over plain http to %s; use https", audit.Quote(safeArg(arg)), u.Host)
	}
	user := opt.User
	if u.User != nil {
		if _, has := u.User.Password(); has {
			return nil, audit.Usagef("%s: put no password in the URL (it would show in shell history and process lists); use TIMEAUDIT_CALDAV_PASSWORD, --caldav-password-file or --caldav-password-command", audit.Quote(safeArg(arg)))
		}
		if user == "" {
			user = u.User.Username()
		}
		u.User = nil
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return &Source{name: Prefix + u.String(), u: u, user: user, opt: opt}, nil
}

// Name is caldav:URL, without credentials.
func (s *Source) Name() string { return s.name }

// NeedsRange is true: a calendar on a server has no end, so it is read over a range.
func (s *Source) NeedsRange() bool { return true }

// Calendar is one calendar collection on a server.
type Calendar struct {
	URL  string // the collection's address: caldav:URL names it
	Name string
	// Events tells whether it holds events (VEVENT), not only tasks.
	Events bool
}

// Calendars lists the calendars the user can read, found from the URL.
func Calendars(ctx context.Context, arg string, opt Options) ([]Calendar, error) {
	s, err := Open(arg, opt)
	if err != nil {
		return nil, err
	}
	c, err := s.client(ctx)
	if err != nil {
		return nil, err
	}
	cals, err := c.discover(ctx, true)
	if err != nil {
		return nil, s.explain(err)
	}
	return cals, nil
}

// Fetch reads every occurrence in req.Range.
func (s *Source) Fetch(ctx context.Context, req sources.Request) (*sources.Result, error) {
	c, err := s.client(ctx)
	if err != nil {
		return nil, err
	}
	cals, err := c.discover(ctx, false)
	if err != nil {
		return nil, s.explain(err)
	}
	cal := cals[0]
	docs, notes, err := s.weeks(ctx, c, cal, req)
	if err != nil {
		return nil, s.explain(err)
	}
	res, err := ics.FromDocuments(s.name, docs, ics.Options{}).Fetch(ctx, req)
	if err != nil {
		return nil, err
	}
	res.Notes = append(append(notes, c.notes...), res.Notes...)
	res.Requests, res.Waited = c.rt.requests, c.rt.waited
	return res, nil
}

// client is one run's connection: credentials, retries, no redirect away.
type client struct {
	s    *Source
	rt   *retrying
	http *http.Client
	base *url.URL // scheme://host/
	wd   *wdcaldav.Client
	// notes are what the run had to work around.
	notes []string
}

func (s *Source) client(ctx context.Context) (*client, error) {
	var password string
	if s.opt.Password != nil {
		p, err := s.opt.Password()
		if err != nil {
			return nil, err
		}
		password = p
	}
	inner := s.opt.Transport
	if inner == nil {
		inner = http.DefaultTransport
	}
	maxWait := s.opt.MaxWait
	if maxWait <= 0 {
		maxWait = 60 * time.Second
	}
	rt := &retrying{next: inner, user: s.user, password: password, host: s.u.Host, agent: s.opt.UserAgent, maxWait: maxWait}
	timeout := s.opt.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	hc := &http.Client{Transport: rt, Timeout: timeout, CheckRedirect: sources.CheckRedirect(true)}
	base := &url.URL{Scheme: s.u.Scheme, Host: s.u.Host, Path: "/"}
	wd, err := wdcaldav.NewClient(hc, base.String())
	if err != nil {
		return nil, err
	}
	return &client{s: s, rt: rt, http: hc, base: base, wd: wd}, nil
}

// discover finds the calendar the URL names: the collection itself, or
// the one calendar of events on the server (several are bad usage, listed).
// all lists every calendar found instead.
func (c *client) discover(ctx context.Context, all bool) ([]Calendar, error) {
	p := c.s.u.Path
	// A calendar collection lists itself (and its objects) at depth 1.
	here, err := c.wd.FindCalendars(ctx, p)
	switch code := statusInText(fmt.Sprint(err)); {
	case err == nil:
		for _, cal := range here {
			if samePath(cal.Path, p) {
				return []Calendar{c.calendarOf(cal)}, nil
			}
		}
	case code == http.StatusNotFound || code == http.StatusUnauthorized || code == http.StatusForbidden:
		return nil, &statusError{code: code, what: "PROPFIND " + p}
	}
	// A principal's URL names its calendar home; else find the principal.
	home, err := c.wd.FindCalendarHomeSet(ctx, p)
	if err != nil || home == "" {
		principal, perr := c.principal(ctx, p)
		if perr != nil {
			return nil, perr
		}
		if home, err = c.wd.FindCalendarHomeSet(ctx, principal); err != nil {
			return nil, fmt.Errorf("finding the calendar home of %s: %w", principal, err)
		}
	}
	found, err := c.wd.FindCalendars(ctx, home)
	if err != nil {
		return nil, fmt.Errorf("listing the calendars in %s: %w", home, err)
	}
	var cals []Calendar
	for _, f := range found {
		cals = append(cals, c.calendarOf(f))
	}
	sort.SliceStable(cals, func(i, j int) bool { return cals[i].URL < cals[j].URL })
	if all {
		return cals, nil
	}
	var events []Calendar
	for _, cal := range cals {
		if cal.Events {
			events = append(events, cal)
		}
	}
	switch len(events) {
	case 1:
		return events, nil
	case 0:
		return nil, &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s: no calendar of events found on the server", c.s.name)}
	}
	var names []string
	for _, cal := range events[:min(len(events), 5)] {
		names = append(names, Prefix+cal.URL)
	}
	more := ""
	if len(events) > 5 {
		more = fmt.Sprintf(" and %d more", len(events)-5)
	}
	return nil, &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s holds %d calendars: name one, such as %s%s (timeaudit caldav calendars %s lists them)",
		c.s.name, len(events), strings.Join(names, ", "), more, c.s.name)}
}

func (c *client) calendarOf(f wdcaldav.Calendar) Calendar {
	u := *c.base
	u.Path = f.Path
	events := len(f.SupportedComponentSet) == 0
	for _, comp := range f.SupportedComponentSet {
		events = events || strings.EqualFold(comp, "VEVENT")
	}
	name := f.Name
	if name == "" {
		name = path.Base(strings.TrimSuffix(f.Path, "/"))
	}
	return Calendar{URL: u.String(), Name: name, Events: events}
}

func samePath(a, b string) bool {
	return strings.TrimSuffix(a, "/") == strings.TrimSuffix(b, "/")
}

// principal finds the current user's principal from the URL: as given, or
// from /.well-known/caldav on a bare server (its redirect followed only on
// the same host).
func (c *client) principal(ctx context.Context, p string) (string, error) {
	try := func(endpoint string) (string, error) {
		wc, err := webdav.NewClient(c.http, endpoint)
		if err != nil {
			return "", err
		}
		return wc.FindCurrentUserPrincipal(ctx)
	}
	var firstErr error
	for _, at := range []string{p, "/"} {
		u := *c.base
		u.Path = at
		pr, err := try(u.String())
		if err == nil && pr != "" {
			return pr, nil
		}
		if firstErr == nil {
			firstErr = err
		}
		if at == "/" {
			break
		}
	}
	if code := statusInText(fmt.Sprint(firstErr)); code == http.StatusUnauthorized {
		return "", firstErr
	}
	wk := *c.base
	wk.Path = "/.well-known/caldav"
	target, err := c.wellKnown(ctx, wk.String())
	if err != nil {
		return "", err
	}
	pr, err := try(target)
	if err != nil {
		return "", fmt.Errorf("finding the current user's principal at %s: %w", target, err)
	}
	return pr, nil
}

// wellKnown resolves /.well-known/caldav: its redirect, on the same host
// and never from https to http; the path itself when it does not redirect.
func (c *client) wellKnown(ctx context.Context, addr string) (string, error) {
	hc := *c.http
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	req, err := http.NewRequestWithContext(ctx, "PROPFIND", addr, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Depth", "0")
	resp, err := hc.Do(req)
	if err != nil {
		return "", err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if resp.StatusCode < 300 || resp.StatusCode >= 400 {
		return addr, nil
	}
	loc, err := resp.Location()
	if err != nil {
		return "", fmt.Errorf("%s redirects nowhere: %w", addr, err)
	}
	if !strings.EqualFold(loc.Host, c.base.Host) || (c.base.Scheme == "https" && loc.Scheme != "https") {
		return "", &sources.RedirectError{To: loc, Why: "discovery must stay on " + c.base.Scheme + "://" + c.base.Host + ", as the request carries credentials"}
	}
	return loc.String(), nil
}

// The calendar-query REPORT, and what a server answers.
type multistatus struct {
	Responses []struct {
		Href     string     `xml:"DAV: href"`
		Propstat []propstat `xml:"DAV: propstat"`
		Status   string     `xml:"DAV: status"`
	} `xml:"DAV: response"`
}

type propstat struct {
	Status string `xml:"DAV: status"`
	Prop   struct {
		Data  string `xml:"urn:ietf:params:xml:ns:caldav calendar-data"`
		Inner string `xml:",innerxml"`
	} `xml:"DAV: prop"`
}

func (p propstat) rawProps() string { return p.Prop.Inner }

// margin widens the time-range asked for: floating times and all-day
// events are placed by the server in its own zone, which may be a day off
// ours; the reader clips to the range.
const margin = 2 * 24 * time.Hour

// maxReport bounds one REPORT's answer; maxObjects the objects in it.
const (
	maxReport  = 256 << 20
	maxObjects = 200_000
)

// query asks for the calendar objects with an event in [from, to). A
// server that fails the time-range filter (Radicale answers 500 on some
// rules) is asked for the whole calendar instead, once, with a note; the
// reader clips to the range either way.
func (c *client) query(ctx context.Context, cal Calendar, from, to time.Time) ([]ics.Document, error) {
	docs, err := c.queryOnce(ctx, cal, from, to)
	var se *statusError
	if err != nil && !from.IsZero() && errors.As(err, &se) && (se.code == http.StatusInternalServerError || se.code == http.StatusNotImplemented || se.code == http.StatusBadRequest) {
		if docs, err = c.queryOnce(ctx, cal, time.Time{}, time.Time{}); err == nil {
			c.notes = append(c.notes, fmt.Sprintf("%s: the server failed the calendar query for %s..%s (HTTP %d), so the whole calendar was read and cut to the range here",
				c.s.name, from.Format("2006-01-02"), to.Format("2006-01-02"), se.code))
		}
	}
	return docs, err
}

func (c *client) queryOnce(ctx context.Context, cal Calendar, from, to time.Time) ([]ics.Document, error) {
	const layout = "20060102T150405Z"
	timeRange := "" // no range: every event
	if !from.IsZero() {
		timeRange = `<C:time-range start="` + from.Add(-margin).UTC().Format(layout) + `" end="` + to.Add(margin).UTC().Format(layout) + `"/>`
	}
	body := `<?xml version="1.0" encoding="utf-8"?>` +
		`<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">` +
		`<D:prop><D:getetag/><C:calendar-data/></D:prop>` +
		`<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">` + timeRange +
		`</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>`
	req, err := http.NewRequestWithContext(ctx, "REPORT", cal.URL, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Depth", "1")
	req.Header.Set("Content-Type", "application/xml; charset=utf-8")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusMultiStatus && resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		return nil, &statusError{code: resp.StatusCode, what: "the calendar query"}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxReport+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxReport {
		return nil, fmt.Errorf("the server's answer is over %d MiB: stopped (ask for a shorter range)", maxReport>>20)
	}
	var ms multistatus
	if err := xml.Unmarshal(data, &ms); err != nil {
		return nil, &audit.Error{Kind: audit.KindInput, Pos: audit.Provenance{Source: c.s.name}, Msg: "the server's answer to the calendar query is not a WebDAV multistatus: " + err.Error()}
	}
	if len(ms.Responses) > maxObjects {
		return nil, fmt.Errorf("the server answered %d calendar objects, more than %d: stopped", len(ms.Responses), maxObjects)
	}
	var docs []ics.Document
	var failed []string
	for _, r := range ms.Responses {
		for _, ps := range r.Propstat {
			if !ok2xx(ps.Status) {
				// calendar-data the server could not send: an event would
				// be lost without a word. (A missing getetag is harmless.)
				if strings.Contains(ps.rawProps(), "calendar-data") {
					failed = append(failed, r.Href+" ("+strings.TrimSpace(strings.TrimPrefix(ps.Status, "HTTP/1.1"))+")")
				}
				continue
			}
			if ps.Prop.Data == "" {
				continue
			}
			href := r.Href
			if u, err := url.Parse(href); err == nil {
				href = c.base.ResolveReference(u).String()
			}
			docs = append(docs, ics.Document{Name: Prefix + href, Calendar: cal.Name, Data: []byte(ps.Prop.Data)})
		}
	}
	if len(failed) > 0 {
		return nil, &audit.Error{Kind: audit.KindFailure, Pos: audit.Provenance{Source: c.s.name},
			Msg: fmt.Sprintf("the server could not send %d calendar objects: %s", len(failed), audit.Line(strings.Join(failed, ", "), 300))}
	}
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].Name < docs[j].Name })
	return docs, nil
}

// ok2xx reads "HTTP/1.1 200 OK"; an empty status counts as fine.
func ok2xx(status string) bool {
	f := strings.Fields(status)
	return len(f) < 2 || strings.HasPrefix(f[1], "2")
}

// statusError is an HTTP answer that is not what was asked for.
type statusError struct {
	code int
	what string
}

func (e *statusError) Error() string { return fmt.Sprintf("%s: HTTP %d", e.what, e.code) }

// explain turns what failed into one line that names the calendar and the
// fix.
func (s *Source) explain(err error) error {
	var ae *audit.Error
	if errors.As(err, &ae) {
		return err
	}
	code := 0
	var se *statusError
	if errors.As(err, &se) {
		code = se.code
	}
	if code == 0 {
		code = statusInText(err.Error())
	}
	switch code {
	case http.StatusUnauthorized:
		who := "no user given"
		if s.user != "" {
			who = "user " + audit.Quote(s.user)
		}
		return &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s: the server refused the credentials (%s): check --caldav-user and the password (TIMEAUDIT_CALDAV_PASSWORD, --caldav-password-file or --caldav-password-command; iCloud and Fastmail need an app-specific password)", s.name, who)}
	case http.StatusForbidden:
		return &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s: the server says this user may not read the calendar (HTTP 403): check the URL, or share the calendar with the user", s.name)}
	case http.StatusNotFound:
		return &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s: no calendar at this address (HTTP 404): timeaudit caldav calendars %s%s lists the calendars", s.name, Prefix, (&url.URL{Scheme: s.u.Scheme, Host: s.u.Host, Path: "/"}).String())}
	}
	return fmt.Errorf("%s: %w", s.name, err)
}

// statusInText finds "401 Unauthorized" and the like in go-webdav's errors:
// their type (internal.HTTPError) is in an internal package, so only their
// text carries the status.
func statusInText(s string) int {
	for _, code := range []int{401, 403, 404} {
		if strings.Contains(s, strconv.Itoa(code)+" ") || strings.Contains(s, "HTTP "+strconv.Itoa(code)) {
			return code
		}
	}
	return 0
}

// retrying sets the credentials and the user agent on every request (to
// the one host only), and retries 429 and 503 answers with backoff,
// honouring Retry-After, for at most maxWait in all.
type retrying struct {
	next           http.RoundTripper
	user, password string
	host, agent    string
	maxWait        time.Duration
	requests       int
	waited         time.Duration
}

func (t *retrying) RoundTrip(req *http.Request) (*http.Response, error) {
	wait := time.Second
	for try := 0; ; try++ {
		r := req.Clone(req.Context())
		if req.Body != nil && req.GetBody != nil && try > 0 {
			b, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			r.Body = b
		}
		if t.agent != "" {
			r.Header.Set("User-Agent", t.agent)
		}
		if (t.user != "" || t.password != "") && strings.EqualFold(r.URL.Host, t.host) {
			r.SetBasicAuth(t.user, t.password)
		}
		t.requests++
		resp, err := t.next.RoundTrip(r)
		if err != nil || (resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable) || try >= 5 {
			return resp, err
		}
		d := wait
		if ra := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ra > 0 {
			d = min(ra, 32*time.Second)
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close()
		if t.waited+d > t.maxWait {
			return nil, fmt.Errorf("the server kept answering HTTP %d (busy) after %s of waiting: try again later", resp.StatusCode, t.waited.Round(time.Second))
		}
		timer := time.NewTimer(d)
		select {
		case <-req.Context().Done():
			timer.Stop()
			return nil, req.Context().Err()
		case <-timer.C:
		}
		t.waited += d
		wait = min(2*wait, 32*time.Second)
	}
}

// retryAfter reads seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return t.Sub(now)
	}
	return 0
}

// safeArg is an argument for messages: without a password.
func safeArg(arg string) string {
	raw := arg[min(len(arg), len(Prefix)):]
	if u, err := url.Parse(strings.TrimSpace(raw)); err == nil && u.User != nil {
		u.User = url.User(u.User.Username())
		return Prefix + u.String()
	}
	return arg
}
