package m365

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

// Environment variables and defaults of the Microsoft identity platform.
const (
	EnvAccessToken   = "TIMEAUDIT_M365_ACCESS_TOKEN"
	DefaultAuthority = "https://login.microsoftonline.com/"
	// GraphDefault is the scope of app-only tokens: the application
	// permissions an admin granted.
	GraphDefault = "https://graph.microsoft.com/.default"
)

// DelegatedScopes are what a signed-in user grants: read calendars (their
// own and those shared with them), their own address (to find their entry
// on invitations), and a refresh token.
var DelegatedScopes = []string{"Calendars.Read", "Calendars.Read.Shared", "User.Read", "offline_access"}

// Auth is how requests are authorised, in order: a ready bearer token
// (TIMEAUDIT_M365_ACCESS_TOKEN, used as is), an app's client credentials
// (app-only, for team audits and cron), or the saved sign-in (refreshed,
// and saved again when it changes).
type Auth struct {
	AccessToken string
	App         *App
	Saved       *Saved
	SavedFile   string // where Saved lives (0600)
	// Authority is the identity platform's base URL; "" is Microsoft's.
	Authority string

	mu  sync.Mutex
	src oauth2.TokenSource
}

// App is an Entra ID app's client credentials.
type App struct {
	ClientID, Tenant, Secret string
}

// Saved is a signed-in user's token, as timeaudit m365 login saves it.
type Saved struct {
	ClientID string        `json:"client_id"`
	Tenant   string        `json:"tenant"`
	Scopes   []string      `json:"scopes"`
	User     string        `json:"user,omitempty"`
	Token    *oauth2.Token `json:"token"`
}

// Authority checks an identity platform URL: https, or http to this machine.
func Authority(raw string) (string, error) {
	if raw == "" {
		return DefaultAuthority, nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", audit.Usagef("Microsoft identity endpoint %s is not an http(s) URL such as http://127.0.0.1:8081/", audit.Quote(raw))
	}
	if !sources.PlainHTTPAllowed(u) {
		return "", audit.Usagef("Microsoft identity endpoint %s: refusing to send credentials over plain http to %s; use https", audit.Quote(raw), u.Host)
	}
	return strings.TrimSuffix(u.String(), "/") + "/", nil
}

func (a *Auth) authority() string {
	if a.Authority == "" {
		return DefaultAuthority
	}
	return strings.TrimSuffix(a.Authority, "/") + "/"
}

// TokenURL and DeviceAuthURL are a tenant's endpoints.
func (a *Auth) endpoint(tenant string) oauth2.Endpoint {
	if tenant == "" {
		tenant = "common"
	}
	base := a.authority() + tenant + "/oauth2/v2.0/"
	return oauth2.Endpoint{AuthURL: base + "authorize", TokenURL: base + "token", DeviceAuthURL: base + "devicecode", AuthStyle: oauth2.AuthStyleInParams}
}

// httpContext carries the client the token requests use: the test
// transport, no redirect away.
func httpContext(ctx context.Context, tr http.RoundTripper) context.Context {
	if tr == nil {
		tr = http.DefaultTransport
	}
	return context.WithValue(ctx, oauth2.HTTPClient, &http.Client{Transport: tr, CheckRedirect: sources.CheckRedirect(false), Timeout: time.Minute})
}

// tokens gives a function that returns a fresh bearer token, and who it
// acts for (for the per-mailbox limits).
func (a *Auth) tokens(ctx context.Context, tr http.RoundTripper) (func(context.Context) (string, error), string, error) {
	if a.AccessToken != "" {
		return func(context.Context) (string, error) { return a.AccessToken, nil }, "token", nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	who := "me"
	if a.src == nil {
		hctx := httpContext(context.Background(), tr)
		switch {
		case a.App != nil:
			if a.App.ClientID == "" || a.App.Tenant == "" || a.App.Secret == "" {
				return nil, "", audit.Usagef("app-only access needs --m365-client-id, --m365-tenant (the directory's id or domain) and --m365-client-secret-file")
			}
			cc := clientcredentials.Config{ClientID: a.App.ClientID, ClientSecret: a.App.Secret, TokenURL: a.endpoint(a.App.Tenant).TokenURL,
				Scopes: []string{GraphDefault}, AuthStyle: oauth2.AuthStyleInParams}
			a.src = cc.TokenSource(hctx)
		case a.Saved != nil && a.Saved.Token != nil:
			cfg := oauth2.Config{ClientID: a.Saved.ClientID, Endpoint: a.endpoint(a.Saved.Tenant), Scopes: a.Saved.Scopes}
			a.src = &savingSource{src: cfg.TokenSource(hctx, a.Saved.Token), auth: a}
		default:
			return nil, "", errors.New("not signed in to Microsoft 365: run timeaudit m365 login, or set " + EnvAccessToken)
		}
	}
	if a.App != nil {
		who = "app:" + a.App.ClientID
	} else if a.Saved != nil && a.Saved.User != "" {
		who = a.Saved.User
	}
	src := a.src
	return func(ctx context.Context) (string, error) {
		t, err := src.Token()
		if err != nil {
			return "", TokenError(err)
		}
		return t.AccessToken, nil
	}, who, nil
}

// savingSource refreshes the saved sign-in and writes it back when the
// token changes, so that the next run starts from the fresh one.
type savingSource struct {
	mu   sync.Mutex
	src  oauth2.TokenSource
	auth *Auth
	last string
}

func (s *savingSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.src.Token()
	if err != nil {
		return nil, err
	}
	if t.AccessToken != s.last && s.auth.SavedFile != "" {
		s.last = t.AccessToken
		saved := *s.auth.Saved
		saved.Token = t
		if err := Save(s.auth.SavedFile, &saved); err != nil {
			return nil, fmt.Errorf("saving the refreshed sign-in to %s: %w", s.auth.SavedFile, err)
		}
	}
	return t, nil
}

// Load reads a saved sign-in; a missing file is (nil, nil).
func Load(file string) (*Saved, error) {
	data, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, sources.FileError(file, err)
	}
	var s Saved
	if err := json.Unmarshal(data, &s); err != nil || s.Token == nil {
		return nil, &audit.Error{Kind: audit.KindInput, Pos: audit.Provenance{Source: file}, Msg: "not a saved Microsoft 365 sign-in: run timeaudit m365 login again"}
	}
	return &s, nil
}

// Save writes a sign-in, 0600, atomically.
func Save(file string, s *Saved) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return sources.WriteSecret(file, data)
}

// TokenError says what the identity platform refused, in one line, with
// the fix: consent missing (AADSTS65001), multi-factor sign-in needed
// (AADSTS50076), an expired or revoked sign-in.
func TokenError(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return err
	}
	desc := re.ErrorDescription
	if i := strings.Index(desc, "\r\n"); i >= 0 {
		desc = desc[:i]
	}
	switch {
	case strings.Contains(desc, "AADSTS65001"):
		return &audit.Error{Kind: audit.KindUsage, Msg: "Microsoft 365: consent is missing (AADSTS65001): the user, or an admin for the whole organisation, must grant the app " + strings.Join(DelegatedScopes[:2], " and ") + " (Entra ID → Enterprise applications → the app → Permissions → Grant admin consent)"}
	case strings.Contains(desc, "AADSTS50076") || strings.Contains(desc, "AADSTS50079") || re.ErrorCode == "interaction_required":
		return &audit.Error{Kind: audit.KindUsage, Msg: "Microsoft 365: the organisation requires multi-factor sign-in (" + firstCode(desc) + "): run timeaudit m365 login again"}
	case re.ErrorCode == "invalid_grant":
		return &audit.Error{Kind: audit.KindUsage, Msg: "Microsoft 365: the saved sign-in was refused (" + audit.Line(firstCode(desc), 120) + "): run timeaudit m365 login again"}
	case re.ErrorCode == "invalid_client" || re.ErrorCode == "unauthorized_client":
		return &audit.Error{Kind: audit.KindUsage, Msg: "Microsoft 365: the app was refused (" + audit.Line(firstCode(desc), 120) + "): check --m365-client-id, the tenant and the secret, and that the app allows public client flows for login"}
	}
	if re.ErrorCode != "" {
		return fmt.Errorf("Microsoft 365 sign-in: %s: %s", re.ErrorCode, audit.Line(desc, 160))
	}
	return fmt.Errorf("Microsoft 365 sign-in: HTTP %d", re.Response.StatusCode)
}

// firstCode is the AADSTS code and its sentence.
func firstCode(desc string) string {
	desc = strings.TrimSpace(desc)
	if i := strings.Index(desc, ". "); i > 0 {
		desc = desc[:i]
	}
	return audit.Line(desc, 160)
}

// DeviceLogin signs in with the device-code flow: show tells the user the
// code and where to enter it; it waits, polling as the platform asks
// (authorization_pending, slow_down), until the code is entered or expires.
func DeviceLogin(ctx context.Context, authority, tenant, clientID string, tr http.RoundTripper, show func(code, uri, message string)) (*Saved, error) {
	a := &Auth{Authority: authority}
	cfg := oauth2.Config{ClientID: clientID, Endpoint: a.endpoint(tenant), Scopes: DelegatedScopes}
	hctx := httpContext(ctx, tr)
	da, err := cfg.DeviceAuth(hctx)
	if err != nil {
		return nil, TokenError(err)
	}
	show(da.UserCode, da.VerificationURI, da.VerificationURIComplete)
	tok, err := cfg.DeviceAccessToken(hctx, da)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var re *oauth2.RetrieveError
		if errors.Is(err, context.DeadlineExceeded) || errors.As(err, &re) && re.ErrorCode == "expired_token" {
			return nil, &audit.Error{Kind: audit.KindUsage, Msg: "Microsoft 365: the code expired before it was entered: run timeaudit m365 login again"}
		}
		if errors.As(err, &re) && re.ErrorCode == "access_denied" {
			return nil, &audit.Error{Kind: audit.KindUsage, Msg: "Microsoft 365: the sign-in was declined"}
		}
		return nil, TokenError(err)
	}
	if tenant == "" {
		tenant = "common"
	}
	return &Saved{ClientID: clientID, Tenant: tenant, Scopes: DelegatedScopes, Token: tok}, nil
}

// Me asks Graph who the token is for.
func Me(ctx context.Context, opt Options) (string, error) {
	s := &Source{name: Prefix + "me", id: "me", opt: opt}
	c, err := s.client(ctx)
	if err != nil {
		return "", err
	}
	base, err := Endpoint(opt.Endpoint)
	if err != nil {
		return "", err
	}
	var me struct {
		UPN  string `json:"userPrincipalName"`
		Mail string `json:"mail"`
	}
	if err := c.get(ctx, base.String()+"me?$select=userPrincipalName,mail", &me); err != nil {
		return "", s.explain(err)
	}
	if me.Mail != "" {
		return me.Mail, nil
	}
	return me.UPN, nil
}

// BrowserLogin signs in with the authorization-code flow and PKCE, for a
// machine with a browser: it listens on 127.0.0.1 for the answer (a
// random state, checked), opens the sign-in page (or prints it), and
// exchanges the code with the PKCE verifier. The app's redirect URI must
// be http://localhost (Entra ID lets a public client's loopback redirect
// take any port).
func BrowserLogin(ctx context.Context, authority, tenant, clientID string, tr http.RoundTripper, open func(string) error, say func(string), timeout time.Duration) (*Saved, error) {
	a := &Auth{Authority: authority}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("cannot listen on 127.0.0.1 for the sign-in's answer: %w", err)
	}
	defer ln.Close()
	cfg := oauth2.Config{ClientID: clientID, Endpoint: a.endpoint(tenant), Scopes: DelegatedScopes,
		RedirectURL: fmt.Sprintf("http://localhost:%d/", ln.Addr().(*net.TCPAddr).Port)}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	state := hex.EncodeToString(b)
	verifier := oauth2.GenerateVerifier()
	authURL := cfg.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier), oauth2.SetAuthURLParam("prompt", "select_account"))
	codes := make(chan url.Values, 1)
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("state") == "" && q.Get("code") == "" && q.Get("error") == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprint(w, "<!doctype html><title>timeaudit</title><p>timeaudit has the answer from Microsoft; you can close this tab.</p>")
		select {
		case codes <- q:
		default:
		}
	})}
	go srv.Serve(ln)
	defer srv.Close()
	if open == nil || open(authURL) != nil {
		say("Open this address in a browser to sign in to Microsoft 365: " + authURL)
	} else {
		say("Sign in to Microsoft 365 in your browser (read-only calendar access).")
	}
	if timeout <= 0 {
		timeout = 5 * time.Minute
	}
	wait, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var q url.Values
	select {
	case q = <-codes:
	case <-wait.Done():
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("Microsoft 365: no answer from the browser within %s: run timeaudit m365 login again (--device-code works without a browser here)", timeout)}
	}
	switch {
	case subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1:
		return nil, &audit.Error{Kind: audit.KindUsage, Msg: "Microsoft 365: the browser's answer carries the wrong state, so it may not come from this sign-in; nothing was saved"}
	case q.Get("error") != "":
		return nil, TokenError(&oauth2.RetrieveError{ErrorCode: q.Get("error"), ErrorDescription: q.Get("error_description"), Response: &http.Response{StatusCode: 400}})
	case q.Get("code") == "":
		return nil, &audit.Error{Kind: audit.KindUsage, Msg: "Microsoft 365: the browser's answer has no code"}
	}
	tok, err := cfg.Exchange(httpContext(ctx, tr), q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, TokenError(err)
	}
	if tenant == "" {
		tenant = "common"
	}
	return &Saved{ClientID: clientID, Tenant: tenant, Scopes: DelegatedScopes, Token: tok}, nil
}
