package google

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math/rand"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Retry says how the client backs off. Google's client does not retry, and
// quotas are per user and per project: a team audit that hammers the API
// gets 403 rateLimitExceeded or 429, which pass after a while.
type Retry struct {
	Tries int           // attempts in all; 0 means 6
	Base  time.Duration // the first wait; 0 means 500ms
	Max   time.Duration // the longest wait, Retry-After included; 0 means 32s
	// Sleep waits, or returns early with ctx's error; nil uses a timer.
	Sleep func(ctx context.Context, d time.Duration) error
}

func (r Retry) withDefaults() Retry {
	if r.Tries <= 0 {
		r.Tries = 6
	}
	if r.Base <= 0 {
		r.Base = 500 * time.Millisecond
	}
	if r.Max <= 0 {
		r.Max = 32 * time.Second
	}
	if r.Sleep == nil {
		r.Sleep = func(ctx context.Context, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-t.C:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	return r
}

// retryTransport retries idempotent requests (timeaudit only reads) that
// failed for a reason that passes: 429, 5xx, and 403 with a rate-limit
// reason. Waits grow exponentially with jitter; Retry-After is honoured.
type retryTransport struct {
	next  http.RoundTripper
	retry Retry
	mu    sync.Mutex
	rnd   *rand.Rand
}

func newRetryTransport(next http.RoundTripper, r Retry) *retryTransport {
	if next == nil {
		next = http.DefaultTransport
	}
	return &retryTransport{next: next, retry: r.withDefaults(), rnd: rand.New(rand.NewSource(time.Now().UnixNano()))}
}

func (t *retryTransport) jitter(d time.Duration) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	return d/2 + time.Duration(t.rnd.Int63n(int64(d/2)+1))
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	for attempt := 1; ; attempt++ {
		resp, err := t.next.RoundTrip(req.Clone(ctx))
		if err != nil {
			if ctx.Err() != nil || attempt >= t.retry.Tries || req.Method != http.MethodGet {
				return nil, err
			}
		} else {
			body, retry := retryable(resp)
			if !retry || attempt >= t.retry.Tries {
				return resp, nil
			}
			_ = body
		}
		wait := t.retry.Base << (attempt - 1)
		if wait > t.retry.Max || wait <= 0 {
			wait = t.retry.Max
		}
		wait = t.jitter(wait)
		if resp != nil {
			if ra, ok := retryAfter(resp.Header.Get("Retry-After")); ok {
				wait = min(ra, t.retry.Max)
			}
		}
		if err := t.retry.Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// retryable reports whether a response is worth another try. Its body is
// read and put back, so that the caller can still read the error.
func retryable(resp *http.Response) ([]byte, bool) {
	switch code := resp.StatusCode; {
	case code == http.StatusTooManyRequests, code >= 500 && code <= 599:
		body := rewind(resp)
		return body, true
	case code == http.StatusForbidden:
		body := rewind(resp)
		var e struct {
			Error struct {
				Errors []struct {
					Reason string `json:"reason"`
				} `json:"errors"`
			} `json:"error"`
		}
		if json.Unmarshal(body, &e) == nil {
			for _, r := range e.Error.Errors {
				if r.Reason == "rateLimitExceeded" || r.Reason == "userRateLimitExceeded" {
					return body, true
				}
			}
		}
	}
	return nil, false
}

// rewind reads a response body (up to 1 MiB) and replaces it with a copy.
func rewind(resp *http.Response) []byte {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return body
}

// retryAfter reads Retry-After: seconds or an HTTP date.
func retryAfter(v string) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, time.Until(t)), true
	}
	return 0, false
}
