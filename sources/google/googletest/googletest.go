// Package googletest fakes the parts of Google's Calendar API and OAuth
// servers that timeaudit talks to, on loopback, for tests. Nothing here
// reaches the internet.
package googletest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"google.golang.org/api/calendar/v3"
)

// Calendar is one calendar the fake API serves.
type Calendar struct {
	ID, Summary string
	// Owner is the user (by e-mail) whose token may read it; "" lets anyone.
	Owner string
	// Primary makes it its owner's primary calendar: "primary" names it.
	Primary bool
	Events  []*calendar.Event
	// PageSize splits results into pages of this many; 0 sends one page.
	PageSize int
	// EmptyPages puts an empty page (with a next page token) before each page.
	EmptyPages bool
	// Raw, when set, is sent instead of the events (garbage, for tests).
	Raw []byte
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
	// Fail holds, per calendar id, status codes to answer before succeeding
	// (429, 500, 403 for a rate limit ...).
	Fail map[string][]int
	// RetryAfter is sent with 429s.
	RetryAfter string
	// Latency delays every answer.
	Latency time.Duration
	// Requests counts the requests, by calendar id ("calendarList" for the list).
	Requests map[string]int
	// Params records the query of each events request, in order.
	Params []url.Values
	// inFlight and peak count requests being answered at once.
	inFlight, peak int
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
	a := &API{calendars: map[string]*Calendar{}, Tokens: map[string]string{}, Fail: map[string][]int{}, Requests: map[string]int{}}
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

// apiError writes an error the way Google's APIs do.
func apiError(w http.ResponseWriter, code int, reason, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
		"code": code, "message": msg, "errors": []map[string]string{{"reason": reason, "message": msg, "domain": "global"}},
	}})
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
	if a.Latency > 0 {
		select {
		case <-time.After(a.Latency):
		case <-r.Context().Done():
			return
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	user := ""
	if len(a.Tokens) > 0 || a.Authorize != nil {
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		u, ok := a.Tokens[tok]
		if a.Authorize != nil {
			u, ok = a.Authorize(tok)
		}
		if !ok {
			apiError(w, 401, "authError", "Invalid Credentials")
			return
		}
		user = u
	}
	path := strings.TrimPrefix(r.URL.Path, "/calendar/v3/")
	switch {
	case path == "users/me/calendarList":
		a.Requests["calendarList"]++
		var items []map[string]any
		ids := make([]string, 0, len(a.calendars))
		for id := range a.calendars {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			c := a.calendars[id]
			if c.Owner != "" && user != "" && c.Owner != user {
				continue
			}
			role := "reader"
			if c.Primary {
				role = "owner"
			}
			items = append(items, map[string]any{"id": c.ID, "summary": c.Summary, "accessRole": role, "primary": c.Primary, "timeZone": "UTC"})
		}
		json.NewEncoder(w).Encode(map[string]any{"items": items})
	case path == "users/me/calendarList/primary":
		a.Requests["calendarList/primary"]++
		c := a.primary(user)
		if c == nil {
			apiError(w, 404, "notFound", "Not Found")
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"id": c.ID, "summary": c.Summary, "primary": true})
	case strings.HasPrefix(path, "calendars/") && strings.HasSuffix(path, "/events"):
		id, _ := url.PathUnescape(strings.TrimSuffix(strings.TrimPrefix(path, "calendars/"), "/events"))
		a.Requests[id]++
		a.Params = append(a.Params, r.URL.Query())
		if q := a.Fail[id]; len(q) > 0 {
			code := q[0]
			a.Fail[id] = q[1:]
			switch code {
			case 429:
				if a.RetryAfter != "" {
					w.Header().Set("Retry-After", a.RetryAfter)
				}
				apiError(w, 429, "rateLimitExceeded", "Rate Limit Exceeded")
			case 403:
				apiError(w, 403, "userRateLimitExceeded", "User Rate Limit Exceeded")
			default:
				apiError(w, code, "backendError", "Backend Error")
			}
			return
		}
		c, ok := a.calendars[id]
		if id == "primary" {
			c = a.primary(user)
			ok = c != nil
		}
		if !ok {
			apiError(w, 404, "notFound", "Not Found")
			return
		}
		if c.Owner != "" && user != "" && c.Owner != user {
			apiError(w, 403, "forbidden", "Forbidden")
			return
		}
		if c.Raw != nil {
			w.Write(c.Raw)
			return
		}
		a.events(w, r, c)
	default:
		apiError(w, 404, "notFound", "Not Found")
	}
}

// primary is the user's primary calendar (any primary one when tokens are not checked).
func (a *API) primary(user string) *Calendar {
	ids := make([]string, 0, len(a.calendars))
	for id := range a.calendars {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if c := a.calendars[id]; c.Primary && (user == "" || c.Owner == "" || c.Owner == user) {
			return c
		}
	}
	return nil
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

func (a *API) events(w http.ResponseWriter, r *http.Request, c *Calendar) {
	q := r.URL.Query()
	lo, _ := time.Parse(time.RFC3339, q.Get("timeMin"))
	hi, _ := time.Parse(time.RFC3339, q.Get("timeMax"))
	var in []*calendar.Event
	for _, e := range c.Events {
		s, end := eventTime(e.Start), eventTime(e.End)
		if (lo.IsZero() || end.After(lo)) && (hi.IsZero() || s.Before(hi)) {
			in = append(in, e)
		}
	}
	sort.SliceStable(in, func(i, j int) bool { return eventTime(in[i].Start).Before(eventTime(in[j].Start)) })
	// Pages: tokens are "p<offset>" for real pages and "e<offset>" for the
	// empty page in front of them.
	tok := q.Get("pageToken")
	offset := 0
	empty := false
	switch {
	case strings.HasPrefix(tok, "p"):
		offset, _ = strconv.Atoi(tok[1:])
	case strings.HasPrefix(tok, "e"):
		offset, _ = strconv.Atoi(tok[1:])
		empty = true
	case tok == "" && c.EmptyPages:
		empty = true
	}
	out := map[string]any{"kind": "calendar#events", "summary": c.Summary, "timeZone": "UTC"}
	items := []*calendar.Event{}
	next := ""
	if empty {
		next = fmt.Sprintf("p%d", offset)
	} else {
		end := len(in)
		if c.PageSize > 0 && offset+c.PageSize < len(in) {
			end = offset + c.PageSize
			if c.EmptyPages {
				next = fmt.Sprintf("e%d", end)
			} else {
				next = fmt.Sprintf("p%d", end)
			}
		}
		if offset < len(in) {
			items = in[offset:end]
		}
	}
	out["items"] = items
	// A partial response keeps only what "fields" asks for: without
	// nextPageToken there, pagination stops, as on the real API.
	if next != "" && (q.Get("fields") == "" || strings.Contains(q.Get("fields"), "nextPageToken")) {
		out["nextPageToken"] = next
	}
	json.NewEncoder(w).Encode(out)
}

// OAuth is a fake authorization and token server: it plays the user who
// consents, checks PKCE and state handling, and issues tokens, also for
// service accounts (JWT bearer grants, by the assertion's "sub").
type OAuth struct {
	*httptest.Server
	mu sync.Mutex
	// WrongState makes the authorization endpoint send back another state.
	WrongState bool
	// Deny makes it answer error=access_denied.
	Deny bool
	// RefreshFails makes refresh grants fail with invalid_grant (an expired
	// refresh token, as with apps in "Testing").
	RefreshFails bool
	// Issued maps every access token issued to its user; hand it to API.Tokens.
	Issued map[string]string
	// Unauthorized lists users a service account may not act as
	// (domain-wide delegation not granted for them).
	Unauthorized map[string]bool
	// User is who consents in the browser.
	User       string
	challenges map[string]string // code -> PKCE challenge
	n          int
	// Verifiers records the code_verifier of each code exchange.
	Verifiers []string
}

// NewOAuth starts a fake OAuth server; user is who signs in.
func NewOAuth(user string) *OAuth {
	o := &OAuth{Issued: map[string]string{}, User: user, challenges: map[string]string{}}
	o.Server = httptest.NewServer(http.HandlerFunc(o.serve))
	return o
}

// AuthURL and TokenURL are the endpoints, for a credentials file.
func (o *OAuth) AuthURL() string  { return o.URL + "/auth" }
func (o *OAuth) TokenURL() string { return o.URL + "/token" }

// ServiceAccountKey is a fresh service-account key file whose token
// endpoint is this server.
func (o *OAuth) ServiceAccountKey(email string) []byte {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(k)
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	b, _ := json.Marshal(map[string]any{
		"type": "service_account", "project_id": "test", "private_key_id": "k1", "private_key": string(pemKey),
		"client_email": email, "client_id": "1234", "token_uri": o.TokenURL(),
	})
	return b
}

// Credentials is a Desktop-app client file pointing at this server.
func (o *OAuth) Credentials() []byte {
	b, _ := json.Marshal(map[string]any{"installed": map[string]any{
		"client_id": "test-client.apps.googleusercontent.com", "client_secret": "test-secret",
		"auth_uri": o.AuthURL(), "token_uri": o.TokenURL(), "redirect_uris": []string{"http://localhost"},
	}})
	return b
}

// UserOf names the user an access token was issued to; it fits API.Authorize.
func (o *OAuth) UserOf(token string) (string, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	u, ok := o.Issued[token]
	return u, ok
}

// Exchanges returns the code verifiers sent so far.
func (o *OAuth) Exchanges() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.Verifiers...)
}

func (o *OAuth) token(user string) string {
	o.n++
	t := fmt.Sprintf("access-%d-%s", o.n, user)
	o.Issued[t] = user
	return t
}

func (o *OAuth) serve(w http.ResponseWriter, r *http.Request) {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch r.URL.Path {
	case "/auth":
		q := r.URL.Query()
		redirect, err := url.Parse(q.Get("redirect_uri"))
		if err != nil || redirect.Hostname() != "127.0.0.1" {
			http.Error(w, "redirect_uri must be a loopback address", 400)
			return
		}
		if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" {
			http.Error(w, "PKCE is required", 400)
			return
		}
		back := redirect.Query()
		state := q.Get("state")
		if o.WrongState {
			state = "not-" + state
		}
		back.Set("state", state)
		if o.Deny {
			back.Set("error", "access_denied")
		} else {
			o.n++
			code := fmt.Sprintf("code-%d", o.n)
			o.challenges[code] = q.Get("code_challenge")
			back.Set("code", code)
		}
		redirect.RawQuery = back.Encode()
		http.Redirect(w, r, redirect.String(), http.StatusFound)
	case "/token":
		r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		fail := func(code, desc string) {
			w.WriteHeader(400)
			json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
		}
		switch r.Form.Get("grant_type") {
		case "authorization_code":
			code, verifier := r.Form.Get("code"), r.Form.Get("code_verifier")
			o.Verifiers = append(o.Verifiers, verifier)
			challenge, ok := o.challenges[code]
			sum := sha256.Sum256([]byte(verifier))
			if !ok || base64.RawURLEncoding.EncodeToString(sum[:]) != challenge {
				fail("invalid_grant", "bad code or code_verifier")
				return
			}
			delete(o.challenges, code)
			json.NewEncoder(w).Encode(map[string]any{"access_token": o.token(o.User), "refresh_token": "refresh-" + o.User,
				"token_type": "Bearer", "expires_in": 3600, "scope": "https://www.googleapis.com/auth/calendar.readonly"})
		case "refresh_token":
			if o.RefreshFails {
				fail("invalid_grant", "Token has been expired or revoked.")
				return
			}
			user := strings.TrimPrefix(r.Form.Get("refresh_token"), "refresh-")
			json.NewEncoder(w).Encode(map[string]any{"access_token": o.token(user), "token_type": "Bearer", "expires_in": 3600})
		case "urn:ietf:params:oauth:grant-type:jwt-bearer":
			parts := strings.Split(r.Form.Get("assertion"), ".")
			if len(parts) != 3 {
				fail("invalid_grant", "bad assertion")
				return
			}
			payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
			var claims struct {
				Sub   string `json:"sub"`
				Scope string `json:"scope"`
			}
			json.Unmarshal(payload, &claims)
			if claims.Sub == "" || !strings.Contains(claims.Scope, "calendar.readonly") || o.Unauthorized[claims.Sub] {
				fail("unauthorized_client", "no subject or scope")
				return
			}
			json.NewEncoder(w).Encode(map[string]any{"access_token": o.token(claims.Sub), "token_type": "Bearer", "expires_in": 3600})
		default:
			fail("unsupported_grant_type", r.Form.Get("grant_type"))
		}
	default:
		http.NotFound(w, r)
	}
}
