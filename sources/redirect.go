package sources

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// MaxRedirects is the most redirects one request follows.
const MaxRedirects = 10

// Loopback reports whether host (a name or an address, without a port) is
// this machine.
func Loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// PlainHTTPAllowed reports whether u may be fetched over plain http: only
// on this machine, where nobody can listen in.
func PlainHTTPAllowed(u *url.URL) bool {
	return !strings.EqualFold(u.Scheme, "http") || Loopback(u.Hostname())
}

// RedirectError is a redirect refused. It names the hosts only: the paths
// of calendar addresses hold their secrets.
type RedirectError struct {
	To  *url.URL
	Why string
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("refused a redirect to %s://%s: %s", strings.ToLower(e.To.Scheme), e.To.Host, e.Why)
}

// CheckRedirect is the redirect policy of every request timeaudit sends
// (an http.Client's CheckRedirect): at most MaxRedirects; never down from
// https to http; plain http only to this machine; and, for a request that
// carries credentials (a bearer token, a password), never to another host,
// since the transport that adds them would hand them over.
func CheckRedirect(credentials bool) func(*http.Request, []*http.Request) error {
	return func(r *http.Request, via []*http.Request) error {
		first := via[0].URL
		switch {
		case len(via) >= MaxRedirects:
			return fmt.Errorf("more than %d redirects", MaxRedirects)
		case strings.EqualFold(first.Scheme, "https") && !strings.EqualFold(r.URL.Scheme, "https"):
			return &RedirectError{To: r.URL, Why: "down from https to " + r.URL.Scheme}
		case !PlainHTTPAllowed(r.URL):
			return &RedirectError{To: r.URL, Why: "plain http to another machine would travel unencrypted"}
		case credentials && !strings.EqualFold(r.URL.Host, first.Host):
			return &RedirectError{To: r.URL, Why: "another host, and the request carries credentials"}
		}
		return nil
	}
}
