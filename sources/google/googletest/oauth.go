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
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// Client ids the fake knows: a Desktop app's and a Web application's.
const (
	DesktopClientID = "test-client.apps.googleusercontent.com"
	WebClientID     = "test-web.apps.googleusercontent.com"
	clientSecret    = "test-secret"
	webRedirect     = "https://app.example/oauth2callback"
)

// OAuth is a fake authorization and token server: it plays the user who
// consents, checks PKCE and state handling, and issues tokens, also for
// service accounts (JWT bearer grants, by the assertion's "sub").
//
// Like Google, it answers some problems on its own page and never sends
// the browser back: an app in Testing for a user who is not a test user
// (403 access_denied), a Web client asked for a loopback redirect
// (400 redirect_uri_mismatch), an unknown client (401 invalid_client), an
// app the user's admin blocks (400 admin_policy_enforced). A refresh token
// comes only with access_type=offline, and only on the first consent or
// with prompt=consent.
type OAuth struct {
	*httptest.Server
	mu sync.Mutex
	// WrongState makes the authorization endpoint send back another state.
	WrongState bool
	// Deny plays a user who clicks Cancel: Google sends error=access_denied back.
	Deny bool
	// Testing plays an app whose publishing status is Testing: only
	// TestUsers may sign in; others see Google's "Access blocked" page.
	Testing   bool
	TestUsers []string
	// AdminBlocked plays a Workspace admin who has not trusted the app.
	AdminBlocked bool
	// RefreshFails makes refresh grants fail with invalid_grant (an expired
	// refresh token, as with apps in "Testing"); RefreshError with that code.
	RefreshFails bool
	RefreshError string
	// Granted, when set, are the scopes the user ticks on the consent
	// screen (granular consent); else every scope asked for.
	Granted []string
	// Issued maps every access token issued to its user; hand it to API.Tokens.
	Issued map[string]string
	scopes map[string][]string // access token -> scopes
	// Unauthorized lists users a service account may not act as
	// (domain-wide delegation not granted for them).
	Unauthorized map[string]bool
	// User is who consents in the browser.
	User string
	// Pages counts the answers given on Google's own pages (no redirect back).
	Pages     int
	codes     map[string]grant // code -> what it grants
	consented map[string]bool  // user + client that consented before
	n         int
	// Verifiers records the code_verifier of each code exchange.
	Verifiers []string
}

type grant struct {
	challenge, redirect, client string
	scopes                      []string
	refresh                     bool
}

// NewOAuth starts a fake OAuth server; user is who signs in.
func NewOAuth(user string) *OAuth {
	o := &OAuth{Issued: map[string]string{}, scopes: map[string][]string{}, User: user, codes: map[string]grant{}, consented: map[string]bool{}}
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
		"client_id": DesktopClientID, "client_secret": clientSecret,
		"auth_uri": o.AuthURL(), "token_uri": o.TokenURL(), "redirect_uris": []string{"http://localhost"},
	}})
	return b
}

// WebCredentials is a Web-application client file: Google refuses it a
// loopback redirect.
func (o *OAuth) WebCredentials() []byte {
	b, _ := json.Marshal(map[string]any{"web": map[string]any{
		"client_id": WebClientID, "client_secret": clientSecret,
		"auth_uri": o.AuthURL(), "token_uri": o.TokenURL(), "redirect_uris": []string{webRedirect},
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

// ScopesOf lists the scopes an access token carries; it fits API.ScopesOf.
func (o *OAuth) ScopesOf(token string) []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.scopes[token]
}

// Exchanges returns the code verifiers sent so far.
func (o *OAuth) Exchanges() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.Verifiers...)
}

func (o *OAuth) token(user string, scopes []string) string {
	o.n++
	t := fmt.Sprintf("access-%d-%s", o.n, user)
	o.Issued[t] = user
	o.scopes[t] = scopes
	return t
}

// page answers on Google's own page: the browser stays there.
func (o *OAuth) page(w http.ResponseWriter, code int, title, detail string) {
	o.Pages++
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	fmt.Fprintf(w, "<!doctype html><title>%s</title><h1>%s</h1><p>%s</p>", html.EscapeString(title), html.EscapeString(title), html.EscapeString(detail))
}

func clientType(id string) string {
	switch id {
	case DesktopClientID:
		return "installed"
	case WebClientID:
		return "web"
	}
	return ""
}

func (o *OAuth) serve(w http.ResponseWriter, r *http.Request) {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch r.URL.Path {
	case "/auth":
		o.authorize(w, r)
	case "/token":
		o.tokenGrant(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (o *OAuth) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	client := q.Get("client_id")
	redirect, err := url.Parse(q.Get("redirect_uri"))
	switch typ := clientType(client); {
	case typ == "":
		o.page(w, 401, "Access blocked: authorization error", "The OAuth client was not found. Error 401: invalid_client")
		return
	case err != nil || redirect.Scheme == "":
		o.page(w, 400, "Access blocked: authorization error", "Missing required parameter: redirect_uri. Error 400: invalid_request")
		return
	case typ == "web" && redirect.String() != webRedirect:
		o.page(w, 400, "Access blocked: This app's request is invalid",
			"You can't sign in because this app sent an invalid request. Error 400: redirect_uri_mismatch")
		return
	case typ == "installed" && (redirect.Scheme != "http" || (redirect.Hostname() != "127.0.0.1" && redirect.Hostname() != "localhost")):
		o.page(w, 400, "Access blocked: This app's request is invalid", "Error 400: redirect_uri_mismatch")
		return
	}
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" {
		o.page(w, 400, "Access blocked: authorization error", "PKCE is required. Error 400: invalid_request")
		return
	}
	if o.Testing && !slices.Contains(o.TestUsers, o.User) {
		o.page(w, 403, "Access blocked: timeaudit has not completed the Google verification process",
			"timeaudit has not completed the Google verification process. The app is currently being tested, and can only be accessed by developer-approved testers. Error 403: access_denied")
		return
	}
	if o.AdminBlocked {
		o.page(w, 400, "Access blocked: Your institution's admin needs to review timeaudit",
			"Error 400: admin_policy_enforced")
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
		scopes := strings.Fields(q.Get("scope"))
		if o.Granted != nil {
			scopes = o.Granted
		}
		key := o.User + "\x00" + client
		first := !o.consented[key]
		o.consented[key] = true
		o.codes[code] = grant{challenge: q.Get("code_challenge"), redirect: redirect.String(), client: client, scopes: scopes,
			refresh: q.Get("access_type") == "offline" && (first || q.Get("prompt") == "consent")}
		back.Set("code", code)
		back.Set("scope", strings.Join(scopes, " "))
	}
	redirect.RawQuery = back.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

func (o *OAuth) tokenGrant(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	w.Header().Set("Content-Type", "application/json")
	fail := func(status int, code, desc string) {
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
	}
	client, secret, basic := r.BasicAuth()
	if !basic {
		client, secret = r.Form.Get("client_id"), r.Form.Get("client_secret")
	}
	grantType := r.Form.Get("grant_type")
	if grantType != "urn:ietf:params:oauth:grant-type:jwt-bearer" && (clientType(client) == "" || secret != clientSecret) {
		fail(401, "invalid_client", "The OAuth client was not found.")
		return
	}
	switch grantType {
	case "authorization_code":
		code, verifier := r.Form.Get("code"), r.Form.Get("code_verifier")
		o.Verifiers = append(o.Verifiers, verifier)
		g, ok := o.codes[code]
		sum := sha256.Sum256([]byte(verifier))
		switch {
		case !ok || g.client != client || base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge:
			fail(400, "invalid_grant", "Malformed auth code.")
			return
		case r.Form.Get("redirect_uri") != g.redirect:
			fail(400, "redirect_uri_mismatch", "Bad Request")
			return
		}
		delete(o.codes, code)
		out := map[string]any{"access_token": o.token(o.User, g.scopes), "token_type": "Bearer", "expires_in": 3599, "scope": strings.Join(g.scopes, " ")}
		if g.refresh {
			out["refresh_token"] = "refresh-" + o.User
		}
		json.NewEncoder(w).Encode(out)
	case "refresh_token":
		switch {
		case o.RefreshError != "":
			fail(400, o.RefreshError, "")
			return
		case o.RefreshFails:
			fail(400, "invalid_grant", "Token has been expired or revoked.")
			return
		}
		user, ok := strings.CutPrefix(r.Form.Get("refresh_token"), "refresh-")
		if !ok {
			fail(400, "invalid_grant", "Bad Request")
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"access_token": o.token(user, []string{ScopeCalendarReadonly}), "token_type": "Bearer", "expires_in": 3599,
			"scope": ScopeCalendarReadonly})
	case "urn:ietf:params:oauth:grant-type:jwt-bearer":
		parts := strings.Split(r.Form.Get("assertion"), ".")
		if len(parts) != 3 {
			fail(400, "invalid_grant", "bad assertion")
			return
		}
		payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
		var claims struct {
			Sub   string `json:"sub"`
			Scope string `json:"scope"`
		}
		json.Unmarshal(payload, &claims)
		if claims.Sub == "" || !strings.Contains(claims.Scope, "calendar") || o.Unauthorized[claims.Sub] {
			fail(401, "unauthorized_client", "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.")
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"access_token": o.token(claims.Sub, strings.Fields(claims.Scope)), "token_type": "Bearer", "expires_in": 3600})
	default:
		fail(400, "unsupported_grant_type", "Invalid grant_type: "+grantType)
	}
}
