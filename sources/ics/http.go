package ics

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

type roundTripper = http.RoundTripper

const (
	defaultTimeout  = time.Minute
	defaultMaxBytes = 256 << 20
)

func isURL(arg string) bool {
	l := strings.ToLower(arg)
	for _, p := range []string{"http://", "https://", "webcal://", "webcals://"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// redactURL names a feed without its secrets: a private iCal address
// carries its access token in the path or query. The host and a
// file-like last path segment stay, so messages can say which feed.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "a calendar URL"
	}
	out := strings.ToLower(u.Scheme) + "://" + u.Host
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	last := segs[len(segs)-1]
	switch {
	case last == "":
	case plainName(last) && len(segs) == 1:
		out += "/" + last
	case plainName(last):
		out += "/…/" + last
	default:
		out += "/…"
	}
	return out
}

// plainName reports whether a path segment is a file name such as
// basic.ics or calendar.ics rather than something that could be a token:
// short, with an extension, and without digits.
func plainName(seg string) bool {
	name, ext, ok := strings.Cut(seg, ".")
	if !ok || name == "" || len(name) > 16 || len(ext) > 8 {
		return false
	}
	return !strings.ContainsAny(seg, "0123456789%")
}

// fetchURL downloads a feed: webcal:// is https://; redirects are followed
// (ten at most, never from https down to http); the body is capped; every
// failure is one line that names the feed without its secrets.
func (s *Source) fetchURL(ctx context.Context) ([]byte, error) {
	raw := s.arg
	if l := strings.ToLower(raw); strings.HasPrefix(l, "webcal://") || strings.HasPrefix(l, "webcals://") {
		raw = "https://" + raw[strings.Index(raw, "://")+3:]
	}
	timeout, limit := s.opts.Timeout, s.opts.MaxBytes
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	if limit <= 0 {
		limit = defaultMaxBytes
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: invalid URL", s.name)
	}
	if !sources.PlainHTTPAllowed(req.URL) {
		// A private feed's address is its password.
		return nil, &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s: refusing plain http to %s: the address (for a private calendar, its secret) would travel unencrypted; use https:// or webcal://", s.name, req.URL.Host)}
	}
	ua := s.opts.UserAgent
	if ua == "" {
		ua = "timeaudit"
	}
	req.Header.Set("User-Agent", ua)
	req.Header.Set("Accept", "text/calendar, */*;q=0.5")
	// A feed may move to another host (calendar services redirect to
	// their CDNs), but never to plain http elsewhere, never down from
	// https, and not at all off its host when the address holds a password.
	client := &http.Client{Transport: s.opts.Transport, CheckRedirect: sources.CheckRedirect(req.URL.User != nil)}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			return nil, fmt.Errorf("%s: no answer within %s", s.name, timeout)
		}
		if errors.Is(err, context.Canceled) {
			return nil, context.Canceled
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its message repeats the URL, secrets and all
		}
		return nil, fmt.Errorf("%s: %v", s.name, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		hint := ""
		switch resp.StatusCode {
		case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusGone:
			hint = " (is the calendar's address still valid? private addresses change when they are reset)"
		case http.StatusTooManyRequests, http.StatusServiceUnavailable:
			hint = " (the server is busy; try again later)"
		}
		return nil, fmt.Errorf("%s: HTTP %s%s", s.name, resp.Status, hint)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			return nil, fmt.Errorf("%s: no complete answer within %s", s.name, timeout)
		}
		return nil, fmt.Errorf("%s: reading the answer: %v", s.name, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: the calendar is larger than %d MiB", s.name, limit>>20)
	}
	if ct := resp.Header.Get("Content-Type"); strings.HasPrefix(ct, "text/html") && !looksICS(data) {
		return nil, fmt.Errorf("%s: the server sent a web page (%s), not a calendar; use the calendar's iCal address", s.name, ct)
	}
	return data, nil
}
