package google

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/sources/google/googletest"
)

// otherHost serves on another loopback address (127.0.0.2: another host to
// a client, though it is this machine) and counts what reaches it, and
// whether any of it carried a token.
func otherHost(t *testing.T) (url string, hits, tokens *atomic.Int32) {
	t.Helper()
	hits, tokens = &atomic.Int32{}, &atomic.Int32{}
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		ln, err = net.Listen("tcp", "[::1]:0") // still another host by name
		if err != nil {
			t.Fatal(err)
		}
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("Authorization") != "" {
			tokens.Add(1)
		}
		w.Write([]byte(`{"items":[]}`))
	})}}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL, hits, tokens
}

// 1. An endpoint that redirects elsewhere never gets the token sent there:
// not to another host, not over plain http to another machine.
func TestRedirectKeepsTheToken(t *testing.T) {
	other, hits, tokens := otherHost(t)
	for _, tc := range []struct{ name, to, want string }{
		{"another host", other + "/calendar/v3/calendars/c/events", "another host, and the request carries credentials"},
		{"plain http elsewhere", "http://192.0.2.1/computeMetadata/v1/", "plain http to another machine"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, tc.to, http.StatusFound)
			}))
			defer redirect.Close()
			_, err := fetchWeek(t, "google:c", Options{Endpoint: redirect.URL + "/calendar/v3/", Auth: &Auth{AccessToken: "s3cr3t-token", Retry: Retry{Tries: 1}, Timeout: time.Second}})
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("err = %v", err)
			}
		})
	}
	if hits.Load() != 0 || tokens.Load() != 0 {
		t.Errorf("the other host was reached %d times, %d with the token", hits.Load(), tokens.Load())
	}
	// A redirect within the endpoint's host is followed.
	api := googletest.NewAPI(&googletest.Calendar{ID: "c", Events: mixed()})
	defer api.Close()
	moved := http.NewServeMux()
	moved.HandleFunc("/old/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(r.URL.String(), "/old/", "/calendar/v3/", 1), http.StatusTemporaryRedirect)
	})
	moved.Handle("/calendar/v3/", api.Config.Handler)
	srv := httptest.NewServer(moved)
	defer srv.Close()
	res, err := fetchWeek(t, "google:c", Options{Endpoint: srv.URL + "/old/", Auth: &Auth{AccessToken: "t"}})
	if err != nil || len(res.Events) != 11 {
		t.Errorf("a redirect on the same host: %v", err)
	}
}
