package m365test

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Identity is a fake Microsoft identity platform: /{tenant}/oauth2/v2.0/
// devicecode and token.
type Identity struct {
	*httptest.Server
	mu sync.Mutex
	// ClientID is the one public client it knows; Apps maps confidential
	// clients to their secrets.
	ClientID string
	Apps     map[string]string
	// User is who signs in with the device code; Graph learns the tokens
	// it issues.
	User  string
	Graph *Graph
	// ApproveAfter approves a device code after this many polls (0: when
	// Approve is called).
	ApproveAfter int
	// SlowDownOnce answers the first poll with slow_down.
	SlowDownOnce bool
	// ExpiresIn is the device code's lifetime in seconds (default 900).
	ExpiresIn int
	// Interval is the polling interval it asks for, in seconds (default 1).
	Interval int
	// Error, when set, answers every token request with this AADSTS case:
	// "consent" (AADSTS65001) or "mfa" (AADSTS50076).
	Error string
	// Polls counts token polls; TooFast those that came before the interval.
	Polls, TooFast int
	codes          map[string]*deviceCode
	authCodes      map[string]authCode
	refresh        map[string]string // refresh token -> user
	slowed         bool
}

type authCode struct{ redirect, challenge string }

// authorize is the sign-in page: it signs User in at once and sends the
// browser back to the loopback redirect with a code, as Entra ID does for
// a public client; it wants PKCE (S256) and a loopback redirect.
func (id *Identity) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect := q.Get("redirect_uri")
	u, err := url.Parse(redirect)
	id.mu.Lock()
	defer id.mu.Unlock()
	switch {
	case q.Get("client_id") != id.ClientID:
		oauthError(w, 400, "unauthorized_client", "AADSTS700016: Application not found.")
	case err != nil || u.Scheme != "http" || (u.Hostname() != "localhost" && u.Hostname() != "127.0.0.1"):
		oauthError(w, 400, "invalid_request", "AADSTS50011: The redirect URI specified in the request does not match the redirect URIs configured for the application.")
	case q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256":
		oauthError(w, 400, "invalid_request", "AADSTS9002325: Proof Key for Code Exchange is required for cross-origin authorization code redemption.")
	case q.Get("response_type") != "code":
		oauthError(w, 400, "unsupported_response_type", "AADSTS700054: response_type 'code' is expected.")
	default:
		code := "code-" + random()
		if id.authCodes == nil {
			id.authCodes = map[string]authCode{}
		}
		id.authCodes[code] = authCode{redirect: redirect, challenge: q.Get("code_challenge")}
		back := u.Query()
		back.Set("code", code)
		back.Set("state", q.Get("state"))
		u.RawQuery = back.Encode()
		http.Redirect(w, r, u.String(), http.StatusFound)
	}
}

type deviceCode struct {
	user     string
	approved bool
	expires  time.Time
	polls    int
	last     time.Time
	interval time.Duration
}

// NewIdentity starts the fake; tokens it issues are valid at graph.
func NewIdentity(graph *Graph, clientID, user string) *Identity {
	id := &Identity{ClientID: clientID, User: user, Graph: graph, Apps: map[string]string{}, codes: map[string]*deviceCode{}, refresh: map[string]string{}}
	id.Server = httptest.NewServer(http.HandlerFunc(id.serve))
	return id
}

// Authority is the base URL clients use.
func (id *Identity) Authority() string { return id.URL + "/" }

func random() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func oauthError(w http.ResponseWriter, code int, err, desc string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]any{"error": err, "error_description": desc, "error_codes": []int{}})
}

// Approve marks a user code entered.
func (id *Identity) Approve(userCode string) {
	id.mu.Lock()
	defer id.mu.Unlock()
	for _, c := range id.codes {
		if c.user == userCode {
			c.approved = true
		}
	}
}

func (id *Identity) serve(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) == 4 && parts[3] == "authorize" && r.Method == http.MethodGet {
		id.authorize(w, r)
		return
	}
	if len(parts) != 4 || parts[1] != "oauth2" || parts[2] != "v2.0" || r.Method != http.MethodPost {
		oauthError(w, 404, "invalid_request", "AADSTS900561: The endpoint only accepts POST requests.")
		return
	}
	if err := r.ParseForm(); err != nil {
		oauthError(w, 400, "invalid_request", "AADSTS900144: The request body must contain the following parameter: 'grant_type'.")
		return
	}
	id.mu.Lock()
	defer id.mu.Unlock()
	switch parts[3] {
	case "devicecode":
		if r.PostForm.Get("client_id") != id.ClientID {
			oauthError(w, 400, "unauthorized_client", "AADSTS700016: Application with identifier '"+r.PostForm.Get("client_id")+"' was not found in the directory.")
			return
		}
		expires, interval := id.ExpiresIn, id.Interval
		if expires == 0 {
			expires = 900
		}
		if interval == 0 {
			interval = 1
		}
		code := &deviceCode{user: strings.ToUpper(random()[:8]), expires: time.Now().Add(time.Duration(expires) * time.Second), interval: time.Duration(interval) * time.Second}
		dc := random()
		id.codes[dc] = code
		json.NewEncoder(w).Encode(map[string]any{"device_code": dc, "user_code": code.user, "verification_uri": "https://microsoft.com/devicelogin",
			"expires_in": expires, "interval": interval, "message": "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code " + code.user + " to authenticate."})
	case "token":
		switch id.Error {
		case "consent":
			oauthError(w, 400, "invalid_grant", "AADSTS65001: The user or administrator has not consented to use the application with ID '"+id.ClientID+"'. Send an interactive authorization request for this user and resource.\r\nTrace ID: 1")
			return
		case "mfa":
			oauthError(w, 400, "invalid_grant", "AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.\r\nTrace ID: 2")
			return
		}
		switch r.PostForm.Get("grant_type") {
		case "urn:ietf:params:oauth:grant-type:device_code":
			id.Polls++
			c := id.codes[r.PostForm.Get("device_code")]
			switch {
			case c == nil:
				oauthError(w, 400, "invalid_grant", "AADSTS70000: The provided value for the 'device_code' parameter is not valid.")
			case time.Now().After(c.expires):
				oauthError(w, 400, "expired_token", "AADSTS70020: The provided value for the input parameter 'device_code' is not valid. This device code has expired.")
			case !c.last.IsZero() && time.Since(c.last) < c.interval-100*time.Millisecond:
				id.TooFast++
				c.last = time.Now()
				oauthError(w, 400, "slow_down", "AADSTS70000: slow down.")
			case id.SlowDownOnce && !id.slowed:
				id.slowed = true
				c.last = time.Now()
				c.interval += 5 * time.Second
				oauthError(w, 400, "slow_down", "AADSTS70000: slow down.")
			default:
				c.last = time.Now()
				c.polls++
				if id.ApproveAfter > 0 && c.polls >= id.ApproveAfter {
					c.approved = true
				}
				if !c.approved {
					oauthError(w, 400, "authorization_pending", "AADSTS70016: OAuth 2.0 device flow error. Authorization is pending. Continue polling.")
					return
				}
				delete(id.codes, r.PostForm.Get("device_code"))
				id.issue(w, id.User, []string{"Calendars.Read", "Calendars.Read.Shared", "User.Read"})
			}
		case "authorization_code":
			a, ok := id.authCodes[r.PostForm.Get("code")]
			sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
			switch {
			case !ok:
				oauthError(w, 400, "invalid_grant", "AADSTS70000: The provided authorization code is invalid or has expired.")
			case a.redirect != r.PostForm.Get("redirect_uri"):
				oauthError(w, 400, "invalid_grant", "AADSTS50148: The redirect_uri does not match the one used in the authorization request.")
			case base64.RawURLEncoding.EncodeToString(sum[:]) != a.challenge:
				oauthError(w, 400, "invalid_grant", "AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.")
			default:
				delete(id.authCodes, r.PostForm.Get("code"))
				id.issue(w, id.User, []string{"Calendars.Read", "Calendars.Read.Shared", "User.Read"})
			}
		case "refresh_token":
			user, ok := id.refresh[r.PostForm.Get("refresh_token")]
			if !ok {
				oauthError(w, 400, "invalid_grant", "AADSTS700082: The refresh token has expired due to inactivity.")
				return
			}
			delete(id.refresh, r.PostForm.Get("refresh_token"))
			id.issue(w, user, []string{"Calendars.Read", "Calendars.Read.Shared", "User.Read"})
		case "client_credentials":
			secret, ok := id.Apps[r.PostForm.Get("client_id")]
			switch {
			case !ok:
				oauthError(w, 400, "unauthorized_client", "AADSTS700016: Application with identifier '"+r.PostForm.Get("client_id")+"' was not found in the directory.")
			case secret != r.PostForm.Get("client_secret"):
				oauthError(w, 401, "invalid_client", "AADSTS7000215: Invalid client secret provided.")
			case r.PostForm.Get("scope") != "https://graph.microsoft.com/.default":
				oauthError(w, 400, "invalid_scope", "AADSTS1002012: The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.")
			default:
				id.issue(w, "", []string{"Calendars.Read"})
			}
		default:
			oauthError(w, 400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.")
		}
	default:
		oauthError(w, 404, "invalid_request", "AADSTS90002: not found.")
	}
}

// issue answers a token, and tells Graph about it.
func (id *Identity) issue(w http.ResponseWriter, user string, scopes []string) {
	access := "at-" + random()
	body := map[string]any{"token_type": "Bearer", "access_token": access, "expires_in": 3600, "scope": strings.Join(scopes, " ")}
	if user != "" {
		rt := "rt-" + random()
		id.refresh[rt] = user
		body["refresh_token"] = rt
	}
	if id.Graph != nil {
		id.Graph.mu.Lock()
		id.Graph.Tokens[access] = Token{User: user, Scopes: scopes}
		id.Graph.mu.Unlock()
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(body)
}
