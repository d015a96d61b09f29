package google

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
)

// LoginOptions configure Login.
type LoginOptions struct {
	Credentials     []byte // the OAuth client file of a Desktop app
	CredentialsFile string // its path, for messages
	// Browser opens a URL; nil, or an error, leaves it to the user.
	Browser func(url string) error
	// Paste, when set, is read line by line for the address the browser
	// ended at: for a browser on another machine, whose redirect to
	// 127.0.0.1 cannot reach this one.
	Paste io.Reader
	// Out hears what the user must do (standard error).
	Out io.Writer
	// Timeout bounds the wait for the browser; 0 is 5 minutes.
	Timeout time.Duration
	// Port is the loopback port to listen on; 0 picks a free one.
	Port int
	// Endpoint and Transport reach the Calendar API, to learn who signed in.
	Endpoint  string
	Transport http.RoundTripper
	Now       func() time.Time
}

// ParseClient reads an OAuth client file (Google Cloud Console >
// APIs & Services > Credentials > OAuth client ID > Desktop app > Download JSON).
//
// Only a Desktop app client will do: Google allows the loopback redirect
// that timeaudit listens on for Desktop clients alone, and shows a Web
// client's user "redirect_uri_mismatch" on its own page, never coming back.
func ParseClient(data []byte, name string) (*oauth2.Config, error) {
	var probe struct {
		Type string          `json:"type"`
		Web  json.RawMessage `json:"web"`
	}
	if json.Unmarshal(data, &probe) == nil {
		switch {
		case probe.Type == "service_account":
			return nil, &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s is a service-account key, not an OAuth client: use it with --service-account %s instead of signing in", name, name)}
		case probe.Web != nil:
			return nil, &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf(`%s is a "Web application" OAuth client, and Google lets only "Desktop app" clients sign in through 127.0.0.1: in Google Cloud Console > APIs & Services > Credentials, create an OAuth client ID of type "Desktop app" and use its JSON`, name)}
		}
	}
	cfg, err := google.ConfigFromJSON(data, Scope)
	if err != nil {
		return nil, &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s is not an OAuth client file (%v): download a Desktop app client's JSON from Google Cloud Console > APIs & Services > Credentials", name, err)}
	}
	return cfg, nil
}

// testUsersHint says how to let yourself in to an OAuth app in Testing.
const testUsersHint = "in Google Cloud Console > Google Auth Platform > Audience, add your address under Test users (or publish the app)."

// loginResult is what came back through the browser.
type loginResult struct {
	code string
	err  error
}

// Login runs the Desktop-app sign-in: it listens on a loopback port,
// sends the user's browser to Google's consent page with PKCE and a random
// state, checks the state of the answer, and exchanges the code (with the
// PKCE verifier) for a token. Nothing is saved: the caller writes the
// result with WriteSaved.
func Login(ctx context.Context, o LoginOptions) (*Saved, error) {
	cfg, err := ParseClient(o.Credentials, o.CredentialsFile)
	if err != nil {
		return nil, err
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = 5 * time.Minute
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	out := o.Out
	if out == nil {
		out = io.Discard
	}
	transport := o.Transport
	if transport == nil {
		transport = http.DefaultTransport
	}

	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", o.Port))
	if err != nil {
		return nil, fmt.Errorf("cannot listen on 127.0.0.1 for Google's answer: %w", err)
	}
	defer ln.Close()
	cfg.RedirectURL = fmt.Sprintf("http://127.0.0.1:%d/callback", ln.Addr().(*net.TCPAddr).Port)

	state, err := randomState()
	if err != nil {
		return nil, err
	}
	verifier := oauth2.GenerateVerifier()
	authURL := cfg.AuthCodeURL(state, oauth2.AccessTypeOffline,
		oauth2.S256ChallengeOption(verifier),
		oauth2.SetAuthURLParam("prompt", "consent")) // or Google sends no refresh token on a second sign-in

	results := make(chan loginResult, 4)
	deliver := func(q url.Values) loginResult {
		got := q.Get("state")
		var r loginResult
		switch {
		case subtle.ConstantTimeCompare([]byte(got), []byte(state)) != 1:
			r.err = errors.New("the answer from the browser carries the wrong state, so it may not come from this sign-in; nothing was saved. Run timeaudit google login again")
		case q.Get("error") == "access_denied":
			r.err = errors.New("Google did not grant access (access_denied): either Cancel was clicked, or the OAuth app is in Testing and this account is not one of its test users; " + testUsersHint)
		case q.Get("error") != "":
			r.err = fmt.Errorf("Google did not grant access (%s)", printable(q.Get("error"), 80))
		case q.Get("code") == "":
			r.err = errors.New("the answer from the browser has no authorization code")
		default:
			r.code = q.Get("code")
		}
		select {
		case results <- r:
		default:
		}
		return r
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/callback", func(w http.ResponseWriter, r *http.Request) {
		res := deliver(r.URL.Query())
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if res.err != nil {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, "<!doctype html><title>timeaudit</title><p>Sign-in failed: %s</p>", html.EscapeString(res.err.Error()))
			return
		}
		fmt.Fprint(w, "<!doctype html><title>timeaudit</title><p>timeaudit is signed in to Google Calendar. You can close this tab.</p>")
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	fmt.Fprintln(out, "Sign in to Google in your browser to let timeaudit read your calendars (read-only).")
	opened := false
	if o.Browser != nil {
		opened = o.Browser(authURL) == nil
	}
	if opened {
		fmt.Fprintln(out, "If the browser did not open, visit:")
	} else {
		fmt.Fprintln(out, "Open this address in a browser:")
	}
	fmt.Fprintln(out, "  "+authURL)
	fmt.Fprintln(out, `If Google shows "Access blocked" instead of asking for consent, it does not come back here:`)
	fmt.Fprintln(out, `  "Error 403: access_denied" - `+testUsersHint)
	fmt.Fprintln(out, `  "Error 400: admin_policy_enforced" - your Workspace admin must trust the app's client ID first.`)
	if o.Paste != nil {
		fmt.Fprintln(out, "If the browser runs on another machine, paste here the address it ends up at (http://127.0.0.1:...).")
		go readPasted(o.Paste, out, deliver)
	}

	wait, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var res loginResult
	select {
	case res = <-results:
	case <-wait.Done():
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf(`no answer from the browser within %s. If Google showed "Access blocked ... Error 403: access_denied", %s Then run timeaudit google login again`, timeout, testUsersHint)
	}
	if res.err != nil {
		return nil, res.err
	}

	tokenCtx := context.WithValue(ctx, oauth2.HTTPClient, &http.Client{Transport: transport, Timeout: time.Minute, CheckRedirect: sources.CheckRedirect(true)})
	tok, err := cfg.Exchange(tokenCtx, res.code, oauth2.VerifierOption(verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			return nil, fmt.Errorf("Google refused the sign-in code (%s %s)", re.ErrorCode, re.ErrorDescription)
		}
		return nil, fmt.Errorf("exchanging the sign-in code: %w", err)
	}
	if granted, ok := tok.Extra("scope").(string); ok && !slices.Contains(strings.Fields(granted), Scope) {
		return nil, errors.New(`Google granted the sign-in without calendar access (the box "See and download any calendar you can access" was not ticked); nothing was saved: run timeaudit google login again and tick it`)
	}
	if tok.RefreshToken == "" {
		fmt.Fprintln(out, "warning: Google sent no refresh token, so this sign-in lasts about an hour; remove timeaudit at https://myaccount.google.com/connections and sign in again")
	}
	s := &Saved{
		Client: Client{ID: cfg.ClientID, Secret: cfg.ClientSecret, AuthURL: cfg.Endpoint.AuthURL, TokenURL: cfg.Endpoint.TokenURL},
		Token:  tok, Scopes: []string{Scope}, Saved: now().UTC(),
	}
	client := &http.Client{Transport: &oauth2.Transport{Source: oauth2.StaticTokenSource(tok), Base: transport}, CheckRedirect: sources.CheckRedirect(true)}
	if id, err := primaryID(ctx, client, o.Endpoint); err == nil {
		s.Account = id
	} else {
		a := &Auth{AccessToken: tok.AccessToken}
		fmt.Fprintln(out, "warning: signed in, but the calendar list could not be read: "+strings.TrimPrefix(a.Explain("google:primary", "primary", err).Error(), "google:primary: "))
	}
	return s, nil
}

// readPasted reads addresses the user pastes, and delivers the first one
// that carries an answer.
func readPasted(r io.Reader, out io.Writer, deliver func(url.Values) loginResult) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		u, err := url.Parse(line)
		if err != nil || (u.Query().Get("code") == "" && u.Query().Get("error") == "") {
			fmt.Fprintln(out, "That is not the address the browser ended at (it has ?state=...&code=... in it); try again.")
			continue
		}
		if deliver(u.Query()).err == nil {
			return
		}
	}
}

func randomState() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
