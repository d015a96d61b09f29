package sources

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestCheckRedirect(t *testing.T) {
	req := func(raw string) *http.Request {
		u, _ := url.Parse(raw)
		return &http.Request{URL: u}
	}
	for _, tc := range []struct {
		from, to    string
		credentials bool
		want        string // "" allowed
	}{
		{"https://a.example/x", "https://b.example/y", false, ""},
		{"https://a.example/x", "https://b.example/y", true, "another host, and the request carries credentials"},
		{"https://a.example/x", "https://a.example/y", true, ""},
		{"https://a.example/x", "http://a.example/y", false, "down from https to http"},
		{"http://127.0.0.1:8080/x", "http://169.254.169.254/latest", false, "plain http to another machine"},
		{"http://127.0.0.1:8080/x", "http://127.0.0.2:8080/x", true, "another host"},
		{"http://127.0.0.1:8080/x", "http://127.0.0.2:8080/x", false, ""},
		{"http://localhost:8080/x", "https://calendar.example/x", false, ""},
	} {
		err := CheckRedirect(tc.credentials)(req(tc.to), []*http.Request{req(tc.from)})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s -> %s: %v", tc.from, tc.to, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s -> %s: %v, want %q", tc.from, tc.to, err, tc.want)
		case err != nil && strings.Contains(err.Error(), "/latest"):
			t.Errorf("the error shows the path: %v", err)
		}
	}
	via := make([]*http.Request, MaxRedirects)
	for i := range via {
		via[i] = req("https://a.example/")
	}
	if err := CheckRedirect(false)(req("https://a.example/"), via); err == nil {
		t.Error("no limit on redirects")
	}
}
