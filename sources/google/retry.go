package google

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Retry says how the client backs off. Google's client does not retry, and
// quotas are per user and per project per minute: a team audit that
// hammers the API gets 403 rateLimitExceeded or 429, which pass after a
// while. Google asks for exponential backoff with jitter, up to 32 or 64 s
// a wait.
type Retry struct {
	Tries int           // attempts in all; 0 means 8
	Base  time.Duration // the first wait; 0 means 1s
	Max   time.Duration // the longest backoff wait; 0 means 32s
	// Budget is the most one request waits in all before it gives up,
	// Retry-After included; 0 means 60s. A Retry-After beyond what is
	// left gives up at once, saying how long Google asked to wait.
	Budget time.Duration
	// Sleep waits, or returns early with ctx's error; nil uses a timer.
	Sleep func(ctx context.Context, d time.Duration) error
}

func (r Retry) withDefaults() Retry {
	if r.Tries <= 0 {
		r.Tries = 8
	}
	if r.Base <= 0 {
		r.Base = time.Second
	}
	if r.Max <= 0 {
		r.Max = 32 * time.Second
	}
	if r.Budget <= 0 {
		r.Budget = 60 * time.Second
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

// DefaultRate is the requests a minute each Google user may send unless
// Rate says otherwise. Google's per-user quota is set per project (see
// APIs & Services > Calendar API > Quotas); lower Rate to match yours.
const DefaultRate = 600

// Rate spaces the requests of each Google user (a person signed in, or
// each user a service account acts as): Google counts them per user per
// minute over a sliding window. A token bucket that holds a tenth of the
// limit and refills with the rest, less 2% for the network's uneven
// delays, never lets more than PerMinute go out in any window, however the
// calendars' requests interleave.
type Rate struct {
	PerMinute int           // 0 means DefaultRate; negative means no limit
	Window    time.Duration // the window; 0 means a minute (tests shorten it)
}

func (r Rate) limiter() *rate.Limiter {
	n := r.PerMinute
	if n == 0 {
		n = DefaultRate
	}
	if n < 0 {
		return nil
	}
	w := r.Window
	if w <= 0 {
		w = time.Minute
	}
	burst := max(1, n/10)
	refill := n - burst - n/50 // what the bucket may add in one window
	if refill <= 0 {
		// A few a window: one token at a time, each a little over its share.
		return rate.NewLimiter(rate.Every(w/time.Duration(n)+w/100), 1)
	}
	return rate.NewLimiter(rate.Every(w/time.Duration(refill)), burst)
}

// userLimit is one user's share of the quota: the bucket, and a hold that
// stops every calendar of the user for a while once Google said "slow down".
type userLimit struct {
	lim   *rate.Limiter
	mu    sync.Mutex
	until time.Time
}

func (u *userLimit) hold(until time.Time) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if until.After(u.until) {
		u.until = until
	}
}

// turn waits until this user may send: past a hold (unless the caller has
// just waited it out itself), then for a token. It returns how long it waited.
func (u *userLimit) turn(ctx context.Context, sleep func(context.Context, time.Duration) error, skipHold bool) (time.Duration, error) {
	if u == nil {
		return 0, nil
	}
	var waited time.Duration
	if !skipHold {
		u.mu.Lock()
		d := time.Until(u.until)
		u.mu.Unlock()
		if d > 0 {
			if err := sleep(ctx, d); err != nil {
				return waited, err
			}
			waited += d
		}
	}
	if u.lim == nil {
		return waited, nil
	}
	r := u.lim.Reserve()
	if d := r.Delay(); d > 0 {
		if err := sleep(ctx, d); err != nil {
			r.Cancel()
			return waited, err
		}
		waited += d
	}
	return waited, nil
}

// Headers the retry transport adds to the last answer it passes on, for
// the error message: how many tries, how long it waited. They never leave
// this process.
const (
	hdrTries  = "Timeaudit-Tries"
	hdrWaited = "Timeaudit-Waited"
)

// retryTransport sends one source's requests: each waits its user's turn,
// has its own deadline (Auth.Timeout: an attempt, never the waits), and
// is retried when it failed for a reason that passes: 429, 5xx, 403 with a
// rate-limit reason, no answer. Waits grow exponentially with jitter and
// honour Retry-After, within Retry.Budget. timeaudit only reads, so every
// request is safe to repeat.
type retryTransport struct {
	next    http.RoundTripper
	retry   Retry
	timeout time.Duration
	user    *userLimit
	mu      sync.Mutex
	rnd     *rand.Rand
	// What this source sent and waited, for its Result.
	requests atomic.Int64
	waited   atomic.Int64
}

func newRetryTransport(next http.RoundTripper, r Retry, timeout time.Duration, user *userLimit) *retryTransport {
	if next == nil {
		next = http.DefaultTransport
	}
	return &retryTransport{next: next, retry: r.withDefaults(), timeout: timeout, user: user, rnd: rand.New(rand.NewSource(time.Now().UnixNano()))}
}

func (t *retryTransport) jitter(d time.Duration) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	return d/2 + time.Duration(t.rnd.Int63n(int64(d/2)+1))
}

// Waited is how long this source's requests were held back in all.
func (t *retryTransport) Waited() time.Duration { return time.Duration(t.waited.Load()) }

// Requests is how many requests this source sent, retries included.
func (t *retryTransport) Requests() int { return int(t.requests.Load()) }

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	var spent time.Duration // waited for this request, against the budget
	justWaited := false
	for attempt := 1; ; attempt++ {
		w, err := t.user.turn(ctx, t.retry.Sleep, justWaited)
		t.waited.Add(int64(w))
		if err != nil {
			return nil, err
		}
		t.requests.Add(1)
		resp, err := t.attempt(req)
		var (
			wait    time.Duration
			limited bool
		)
		if err != nil {
			if ctx.Err() != nil || req.Method != http.MethodGet {
				return nil, err
			}
			if attempt >= t.retry.Tries {
				return nil, tried(err, attempt)
			}
			wait = t.backoff(attempt)
		} else {
			why := retryable(resp)
			if why == final || attempt >= t.retry.Tries {
				return mark(resp, attempt, spent), nil
			}
			limited = why == rateLimited
			wait = t.backoff(attempt)
			if ra, ok := retryAfter(resp.Header.Get("Retry-After")); ok {
				wait = ra
			}
		}
		if spent+wait > t.retry.Budget {
			if resp != nil {
				return mark(resp, attempt, spent), nil
			}
			return nil, tried(err, attempt)
		}
		if limited {
			// Every calendar of this user holds off, not just this one.
			t.user.hold(time.Now().Add(wait))
		}
		if resp != nil {
			resp.Body.Close()
		}
		if err := t.retry.Sleep(ctx, wait); err != nil {
			return nil, err
		}
		spent += wait
		t.waited.Add(int64(wait))
		justWaited = limited
	}
}

func (t *retryTransport) backoff(attempt int) time.Duration {
	wait := t.retry.Base << (attempt - 1)
	if wait > t.retry.Max || wait <= 0 {
		wait = t.retry.Max
	}
	return t.jitter(wait)
}

// MaxBody is the largest answer read: a page of 2,500 events is a few
// MiB; a server that never stops sending is cut off.
const MaxBody = 64 << 20

// attempt sends the request once, under its own deadline, which covers
// reading the answer too: the body cancels it when closed. The body is
// capped at MaxBody.
func (t *retryTransport) attempt(req *http.Request) (*http.Response, error) {
	resp, err := t.send(req)
	if err == nil {
		resp.Body = &capBody{ReadCloser: resp.Body, left: MaxBody}
	}
	return resp, err
}

// capBody fails a read past its limit instead of growing without end.
type capBody struct {
	io.ReadCloser
	left int64
}

// errBodyTooLarge is an answer past MaxBody.
var errBodyTooLarge = fmt.Errorf("an answer larger than %d MiB: stopped", MaxBody>>20)

func (b *capBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, errBodyTooLarge
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	return n, err
}

func (t *retryTransport) send(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if t.timeout <= 0 {
		return t.next.RoundTrip(req.Clone(ctx))
	}
	actx, cancel := context.WithTimeout(ctx, t.timeout)
	resp, err := t.next.RoundTrip(req.Clone(actx))
	if err != nil {
		cancel()
		if ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
			return nil, &timeoutError{t.timeout}
		}
		return nil, err
	}
	resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel, ctx: actx, outer: ctx, timeout: t.timeout}
	return resp, nil
}

// cancelBody ends an attempt's deadline when its body is closed, and says
// "no answer within" when the deadline cut the body short.
type cancelBody struct {
	io.ReadCloser
	cancel     context.CancelFunc
	ctx, outer context.Context
	timeout    time.Duration
}

func (b *cancelBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && b.outer.Err() == nil && errors.Is(b.ctx.Err(), context.DeadlineExceeded) {
		err = &timeoutError{b.timeout}
	}
	return n, err
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// timeoutError is an attempt without an answer within Auth.Timeout.
type timeoutError struct{ after time.Duration }

func (e *timeoutError) Error() string { return fmt.Sprintf("no answer within %s (--timeout)", e.after) }
func (e *timeoutError) Timeout() bool { return true }

// tried adds the number of tries to the last failure.
func tried(err error, n int) error {
	if n <= 1 {
		return err
	}
	return fmt.Errorf("%w, %d tries", err, n)
}

// mark records on the answer passed on how it was reached.
func mark(resp *http.Response, tries int, waited time.Duration) *http.Response {
	if resp.StatusCode >= 400 {
		resp.Header.Set(hdrTries, strconv.Itoa(tries))
		resp.Header.Set(hdrWaited, waited.String())
	}
	return resp
}

// verdict says whether an answer is worth another try.
type verdict int

const (
	final       verdict = iota // success, or a failure that will not pass
	rateLimited                // 429, or 403 with a rate-limit reason
	transient                  // 5xx
)

// retryable judges an answer. The body of an error is read and put back,
// so that the caller can still read it.
func retryable(resp *http.Response) verdict {
	switch code := resp.StatusCode; {
	case code == http.StatusTooManyRequests:
		rewind(resp)
		return rateLimited
	case code >= 500 && code <= 599:
		rewind(resp)
		return transient
	case code == http.StatusForbidden:
		if r := reasonOf(rewind(resp)); r == "rateLimitExceeded" || r == "userRateLimitExceeded" {
			return rateLimited
		}
	}
	return final
}

// reasonOf reads the first reason of a Google error body.
func reasonOf(body []byte) string {
	var e struct {
		Error struct {
			Errors []struct {
				Reason string `json:"reason"`
			} `json:"errors"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) == nil && len(e.Error.Errors) > 0 {
		return e.Error.Errors[0].Reason
	}
	return ""
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
