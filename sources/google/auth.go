package google

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
	"golang.org/x/oauth2/jwt"
	"google.golang.org/api/googleapi"
)

// Auth says how requests are authorised. The first that is set wins:
//
//  1. a service-account key with domain-wide delegation: each calendar
//     google:alice@corp.example is read as alice; other calendars (primary,
//     shared ones) as As;
//  2. a ready access token (GOOGLE_OAUTH_ACCESS_TOKEN), used as it is;
//  3. the sign-in saved by "timeaudit google login", refreshed as needed
//     and saved again when it changes.
//
// Nothing here ever prompts: without credentials Client fails with a
// message that says what to do.
type Auth struct {
	ServiceAccountKey  []byte
	ServiceAccountFile string // the key's path, for messages
	As                 string // with a service account: the user for calendars that are not a user's address
	AccessToken        string
	TokenFile          string // where the saved sign-in lives
	// Transport carries every request (API and tokens); nil is
	// http.DefaultTransport.
	Transport http.RoundTripper
	Retry     Retry
	// Rate spaces each user's requests; the zero Rate is DefaultRate a minute.
	Rate Rate
	// Timeout bounds each attempt of a request (one page, sent and read);
	// the waits between attempts do not count. 0 is none.
	Timeout time.Duration

	mu       sync.Mutex
	jwt      *jwt.Config
	subs     map[string]oauth2.TokenSource
	saved    *savingSource
	savedWho string
	limits   map[string]*userLimit // by who
}

// Modes of authorisation, as Mode names them.
const (
	ModeServiceAccount = "service account"
	ModeAccessToken    = "GOOGLE_OAUTH_ACCESS_TOKEN"
	ModeSignIn         = "saved sign-in"
)

// Mode names the credentials Client will use; "" when there are none
// (the saved sign-in counts when its file exists).
func (a *Auth) Mode() string {
	switch {
	case len(a.ServiceAccountKey) > 0:
		return ModeServiceAccount
	case a.AccessToken != "":
		return ModeAccessToken
	case a.TokenFile != "":
		if _, err := os.Stat(a.TokenFile); err == nil {
			return ModeSignIn
		}
	}
	return ""
}

// ErrNotSignedIn is returned when there are no credentials at all.
var ErrNotSignedIn = errors.New(`not signed in to Google: run "timeaudit google login" once in a browser; for cron, set GOOGLE_OAUTH_ACCESS_TOKEN or use --service-account KEY.json`)

func (a *Auth) transport() http.RoundTripper {
	if a.Transport != nil {
		return a.Transport
	}
	return http.DefaultTransport
}

// tokenContext carries the HTTP client token requests use.
func (a *Auth) tokenContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, &http.Client{Transport: a.transport(), Timeout: time.Minute, CheckRedirect: sources.CheckRedirect(true)})
}

// Client returns an HTTP client that reads calendarID, and who it reads as
// (for the cache: different readers may see different events).
func (a *Auth) Client(ctx context.Context, calendarID string) (*http.Client, string, error) {
	c, who, _, err := a.client(ctx, calendarID)
	return c, who, err
}

// client is Client with the transport that counts what was sent and waited.
func (a *Auth) client(ctx context.Context, calendarID string) (*http.Client, string, *retryTransport, error) {
	ts, who, err := a.tokenSource(ctx, calendarID)
	if err != nil {
		return nil, "", nil, err
	}
	retry := newRetryTransport(a.transport(), a.Retry, a.Timeout, a.limit(who))
	// No http.Client.Timeout: it would cover the waits between attempts;
	// the transport gives each attempt its own deadline instead.
	// The oauth2 transport adds the token to every request, redirected
	// ones too: CheckRedirect keeps it on this host.
	return &http.Client{Transport: &oauth2.Transport{Source: ts, Base: retry}, CheckRedirect: sources.CheckRedirect(true)}, who, retry, nil
}

// limit is the rate limiter of one user, shared by all their calendars.
func (a *Auth) limit(who string) *userLimit {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.limits == nil {
		a.limits = map[string]*userLimit{}
	}
	u, ok := a.limits[who]
	if !ok {
		u = &userLimit{lim: a.Rate.limiter()}
		a.limits[who] = u
	}
	return u
}

func (a *Auth) tokenSource(ctx context.Context, calendarID string) (oauth2.TokenSource, string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch a.Mode() {
	case ModeServiceAccount:
		if a.jwt == nil {
			jc, err := ParseServiceAccount(a.ServiceAccountKey, a.ServiceAccountFile)
			if err != nil {
				return nil, "", err
			}
			a.jwt = jc
			a.subs = map[string]oauth2.TokenSource{}
		}
		subject := calendarID
		if !personal(calendarID) {
			if a.As == "" {
				return nil, "", &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("a service account has no calendar of its own and %q is not a user's address: name the user (google:alice@corp.example) or act as one with --as alice@corp.example", calendarID)}
			}
			subject = a.As
		}
		subject = strings.ToLower(subject)
		ts, ok := a.subs[subject]
		if !ok {
			jc := *a.jwt
			jc.Subject = subject
			ts = oauth2.ReuseTokenSource(nil, jc.TokenSource(a.tokenContext(ctx)))
			a.subs[subject] = ts
		}
		return ts, "sa:" + a.jwt.Email + ">" + subject, nil
	case ModeAccessToken:
		return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: a.AccessToken, TokenType: "Bearer"}), "token", nil
	case ModeSignIn:
		if a.saved == nil {
			s, err := ReadSaved(a.TokenFile)
			if err != nil {
				return nil, "", err
			}
			cfg := s.Client.config()
			a.saved = &savingSource{
				src:  cfg.TokenSource(a.tokenContext(ctx), s.Token),
				last: s.Token.AccessToken,
				file: a.TokenFile,
				s:    s,
			}
			a.savedWho = "user:" + s.Account
			if s.Account == "" {
				a.savedWho = "client:" + s.Client.ID
			}
		}
		return a.saved, a.savedWho, nil
	}
	return nil, "", ErrNotSignedIn
}

// personal reports whether a calendar id is a user's address (and so the
// user a service account acts as), not primary or a shared calendar.
func personal(id string) bool {
	l := strings.ToLower(id)
	return strings.Contains(l, "@") && !strings.HasSuffix(l, ".calendar.google.com")
}

// ParseServiceAccount reads a service-account key. name is its path, for messages.
func ParseServiceAccount(key []byte, name string) (*jwt.Config, error) {
	var probe struct {
		Type      string          `json:"type"`
		Installed json.RawMessage `json:"installed"`
		Web       json.RawMessage `json:"web"`
	}
	if err := json.Unmarshal(key, &probe); err != nil {
		return nil, &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s: not a service-account key (JSON): %v", name, err)}
	}
	if probe.Installed != nil || probe.Web != nil {
		return nil, &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s is an OAuth client file, not a service-account key: sign in with timeaudit google login --credentials %s", name, name)}
	}
	if probe.Type != "service_account" {
		return nil, &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s: not a service-account key (type %q, want \"service_account\")", name, probe.Type)}
	}
	jc, err := google.JWTConfigFromJSON(key, Scope)
	if err != nil {
		return nil, &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s: %v", name, err)}
	}
	return jc, nil
}

// ReadSecret reads a key or token file, refusing one that others can read
// (as ssh does): it holds credentials to someone's calendar.
func ReadSecret(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, sources.FileError(path, err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return nil, &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s holds credentials but others can read it (mode %04o): run chmod 600 %s", path, fi.Mode().Perm(), path)}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, sources.FileError(path, err)
	}
	return data, nil
}

// Saved is the sign-in "timeaudit google login" keeps, mode 0600. It
// holds the OAuth client too, so that refreshing needs nothing else.
type Saved struct {
	Account string        `json:"account,omitempty"` // the e-mail address signed in
	Client  Client        `json:"client"`
	Token   *oauth2.Token `json:"token"`
	Scopes  []string      `json:"scopes,omitempty"`
	Saved   time.Time     `json:"saved"`
}

// Client is an OAuth client (a Desktop app's id and secret, and Google's endpoints).
type Client struct {
	ID       string `json:"client_id"`
	Secret   string `json:"client_secret,omitempty"`
	AuthURL  string `json:"auth_uri"`
	TokenURL string `json:"token_uri"`
}

func (c Client) config() *oauth2.Config {
	return &oauth2.Config{
		ClientID: c.ID, ClientSecret: c.Secret, Scopes: []string{Scope},
		Endpoint: oauth2.Endpoint{AuthURL: c.AuthURL, TokenURL: c.TokenURL},
	}
}

// ReadSaved reads the saved sign-in; ErrNotSignedIn when there is none.
func ReadSaved(path string) (*Saved, error) {
	data, err := ReadSecret(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, ErrNotSignedIn
		}
		return nil, err
	}
	var s Saved
	if err := json.Unmarshal(data, &s); err != nil || s.Token == nil || s.Client.TokenURL == "" {
		return nil, fmt.Errorf("%s: not a saved Google sign-in; run timeaudit google login again", path)
	}
	return &s, nil
}

// WriteSaved writes the sign-in atomically with mode 0600 (its directory 0700).
func WriteSaved(path string, s *Saved) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return writeSecret(path, append(data, '\n'))
}

// writeSecret writes a private file atomically (see sources.WriteSecret).
func writeSecret(path string, data []byte) error { return sources.WriteSecret(path, data) }

// savingSource refreshes the saved sign-in and writes it back whenever the
// access token changes, so that the next run starts from the fresh one.
type savingSource struct {
	mu   sync.Mutex
	src  oauth2.TokenSource
	last string
	file string
	s    *Saved
}

func (t *savingSource) Token() (*oauth2.Token, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	tok, err := t.src.Token()
	if err != nil {
		return nil, err
	}
	if tok.AccessToken != t.last {
		if tok.RefreshToken == "" {
			tok.RefreshToken = t.s.Token.RefreshToken
		}
		s := *t.s
		s.Token = tok
		s.Saved = time.Now()
		if err := WriteSaved(t.file, &s); err != nil {
			return nil, fmt.Errorf("saving the refreshed Google sign-in: %w", err)
		}
		t.s, t.last = &s, tok.AccessToken
	}
	return tok, nil
}

// Explain turns an API or token error into one line that names the
// calendar and the fix: each of Google's reasons its own, else Google's own
// message. A missing calendar is bad input (exit 2).
func (a *Auth) Explain(name, id string, err error) error {
	var (
		re *oauth2.RetrieveError
		ge *googleapi.Error
		ue *url.Error
		us *audit.Error
	)
	switch {
	case errors.As(err, &us):
		return &audit.Error{Kind: us.Kind, Msg: name + ": " + us.Error()}
	case errors.As(err, &re):
		return fmt.Errorf("%s: %s", name, a.tokenProblem(re, id))
	case errors.As(err, &ge):
		return a.apiProblem(name, ge)
	case errors.Is(err, ErrNotSignedIn):
		return fmt.Errorf("%s: %w", name, err)
	case errors.As(err, &ue):
		host := ue.URL
		if u, perr := url.Parse(ue.URL); perr == nil {
			host = u.Host
		}
		var te *timeoutError
		if errors.As(ue.Err, &te) {
			return fmt.Errorf("%s: the Calendar API at %s gave %v; try again later, or allow more with --timeout", name, host, ue.Err)
		}
		return fmt.Errorf("%s: cannot reach the Calendar API at %s: %v", name, host, ue.Err)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// reasons reads an API error's reasons: the old errors[].reason and the
// newer details' ErrorInfo reason (ACCESS_TOKEN_SCOPE_INSUFFICIENT ...).
func reasons(ge *googleapi.Error) (reason string, info string) {
	if len(ge.Errors) > 0 {
		reason = ge.Errors[0].Reason
	}
	for _, d := range ge.Details {
		if m, ok := d.(map[string]any); ok {
			if r, ok := m["reason"].(string); ok && r != "" {
				info = r
				break
			}
		}
	}
	return reason, info
}

// apiProblem explains an error answer of the Calendar API.
func (a *Auth) apiProblem(name string, ge *googleapi.Error) error {
	reason, info := reasons(ge)
	code := fmt.Sprint(ge.Code)
	if reason != "" {
		code += " " + reason
	}
	msg := strings.TrimSpace(ge.Message)
	if msg == "" {
		msg = http.StatusText(ge.Code)
	}
	msg = printable(msg, 200)
	retry := a.Retry.withDefaults()
	tries := retry.Tries
	if n, err := strconv.Atoi(ge.Header.Get(hdrTries)); err == nil {
		tries = n
	}
	waited, _ := time.ParseDuration(ge.Header.Get(hdrWaited))
	usage := func(format string, args ...any) error {
		return &audit.Error{Kind: audit.KindUsage, Msg: name + ": " + fmt.Sprintf(format, args...)}
	}
	rateLimited := ge.Code == 429 || reason == "rateLimitExceeded" || reason == "userRateLimitExceeded" || info == "RATE_LIMIT_EXCEEDED"
	switch {
	case ge.Code == 404:
		return usage("no such calendar, or it is not shared with this account (%s); timeaudit google calendars lists the ones it can read", code)
	case ge.Code == 401:
		return fmt.Errorf("%s: Google refused the credentials (%s): %s", name, code, a.reauth())
	case ge.Code == 400:
		return fmt.Errorf("%s: Google rejected timeaudit's request (%s: %s); please report this", name, code, msg)
	case rateLimited:
		if ra, ok := retryAfter(ge.Header.Get("Retry-After")); ok && ra > retry.Budget-waited {
			return fmt.Errorf("%s: Google's rate limit asks to wait %s before the next request (%s, Retry-After), more than timeaudit waits (%s in all); try again then",
				name, ra.Round(time.Second), code, retry.Budget)
		}
		return fmt.Errorf("%s: Google's rate limit still refused after %d tries and %s of waiting (%s); try again in a few minutes, or lower --google-rate or --concurrency",
			name, tries, waited.Round(time.Second), code)
	case reason == "dailyLimitExceeded":
		return fmt.Errorf("%s: the OAuth client's Cloud project has used up its daily Calendar API quota (%s: %s); it resets at midnight Pacific time, or raise it in Google Cloud Console > APIs & Services > Calendar API > Quotas", name, code, msg)
	case reason == "quotaExceeded":
		return fmt.Errorf("%s: Google Calendar's usage limits for this account are exceeded (%s: %s); they lift by themselves after some hours, so retrying now would not help", name, code, msg)
	case reason == "accessNotConfigured" || info == "SERVICE_DISABLED" || strings.Contains(msg, "has not been used") || strings.Contains(msg, "is disabled"):
		return fmt.Errorf("%s: the Google Calendar API is not enabled for the OAuth client's Cloud project (%s): enable it at https://console.cloud.google.com/apis/library/calendar-json.googleapis.com", name, code)
	case reason == "insufficientPermissions" || info == "ACCESS_TOKEN_SCOPE_INSUFFICIENT":
		return fmt.Errorf("%s: the credentials lack the scope to read calendars (%s: %s): %s", name, code, msg, a.scopeFix())
	case ge.Code == 403 && (reason == "forbidden" || reason == "requiredAccessLevel"):
		return fmt.Errorf("%s: Google says this account may not read the calendar (%s: %s); ask its owner to share it", name, code, msg)
	case ge.Code >= 500:
		return fmt.Errorf("%s: Google Calendar failed (%s) %d times in a row; try again later", name, code, tries)
	}
	return fmt.Errorf("%s: Google Calendar answered %s: %s", name, code, msg)
}

// scopeFix says how to get credentials with the scope timeaudit needs.
func (a *Auth) scopeFix() string {
	switch a.Mode() {
	case ModeAccessToken:
		return "mint GOOGLE_OAUTH_ACCESS_TOKEN with the scope " + Scope
	case ModeServiceAccount:
		return "allow the service account's client ID the scope " + Scope + " in the Admin console (Security > API controls > Domain-wide delegation)"
	}
	return `run "timeaudit google login" again and tick "See and download any calendar you can access" on Google's consent screen`
}

// reauth says how to get working credentials again, for the mode in use.
func (a *Auth) reauth() string {
	switch a.Mode() {
	case ModeAccessToken:
		return "GOOGLE_OAUTH_ACCESS_TOKEN is refused or expired (access tokens last an hour); set a fresh one"
	case ModeServiceAccount:
		return "check the key " + a.ServiceAccountFile + " and its domain-wide delegation for " + Scope
	}
	return `run "timeaudit google login" again`
}

// tokenProblem explains a failed token request.
func (a *Auth) tokenProblem(re *oauth2.RetrieveError, id string) string {
	if re.ErrorCode == "" {
		// The service-account (JWT) flow leaves the body unparsed.
		var body struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		if json.Unmarshal(re.Body, &body) == nil {
			re.ErrorCode, re.ErrorDescription = body.Error, body.Description
		}
	}
	what := re.ErrorCode
	if re.ErrorDescription != "" {
		what += ": " + re.ErrorDescription
	}
	if what == "" && re.Response != nil {
		what = re.Response.Status
	}
	switch a.Mode() {
	case ModeServiceAccount:
		subject := id
		if !personal(id) {
			subject = a.As
		}
		if re.ErrorCode == "unauthorized_client" || re.ErrorCode == "access_denied" {
			return fmt.Sprintf("the service account may not act as %s (%s): in the Admin console (Security > API controls > Domain-wide delegation) allow its client ID the scope %s", subject, what, Scope)
		}
		return fmt.Sprintf("Google refused the service account acting as %s (%s): check that %s is a user of the domain and the key %s is valid", subject, what, subject, a.ServiceAccountFile)
	}
	client := "its client ID"
	if a.saved != nil && a.saved.s.Client.ID != "" {
		client = "the client ID " + a.saved.s.Client.ID
	}
	switch re.ErrorCode {
	case "invalid_grant":
		return fmt.Sprintf(`the saved Google sign-in has expired or was revoked (%s): run "timeaudit google login" again. If this happens every 7 days, the OAuth app is in "Testing": publish it to "In production", or use a service account for cron (see the README)`, what)
	case "admin_policy_enforced":
		return fmt.Sprintf("the account's Google Workspace admin does not allow this OAuth app (%s): signing in again will not help; ask the admin to trust %s (Admin console > Security > Access and data control > API controls > Manage third-party app access), or use a service account", what, client)
	case "policy_enforced":
		return fmt.Sprintf("a security policy on the account refuses this OAuth app (%s), such as Advanced Protection, which admits only apps Google has verified: signing in again will not help; use a service account, or an access token from an app the account allows", what)
	case "invalid_client", "unauthorized_client":
		return fmt.Sprintf("Google no longer accepts the OAuth client of the saved sign-in (%s): it was deleted, or its secret reset; download its JSON again and run timeaudit google login --credentials FILE", what)
	}
	return fmt.Sprintf("Google refused to refresh the sign-in (%s): %s", what, a.reauth())
}

// printable is s as one line of at most n runes, control characters
// escaped: a server's message goes to a terminal.
func printable(s string, n int) string {
	var b strings.Builder
	for i, r := range []rune(s) {
		if i == n {
			b.WriteString("…")
			break
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
