package google

// One test per finding of the review against Google's documentation (see
// the README's "Real accounts"), each against the strict fake.

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
	"github.com/timeaudit/timeaudit/sources/google/googletest"
	"google.golang.org/api/calendar/v3"
)

func fetchWeek(t *testing.T, arg string, opt Options) (*sources.Result, error) {
	t.Helper()
	return mustOpen(t, arg, opt).Fetch(context.Background(), sources.Request{Range: week, Location: berlin})
}

// 1. An app in Testing admits only its test users; everyone else gets
// Google's "Access blocked" page, which never comes back. The user is told
// how to add themselves, while waiting and when the wait ends.
func TestFinding01TestUsers(t *testing.T) {
	oa, api := fakes(t, "me@corp.example")
	oa.Testing = true
	var out syncBuffer
	_, err := Login(context.Background(), LoginOptions{Credentials: oa.Credentials(), Browser: browser(t), Out: &out,
		Endpoint: api.Endpoint(), Timeout: 300 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "no answer from the browser within 300ms") || !strings.Contains(err.Error(), "Audience, add your address under Test users") {
		t.Errorf("err = %v", err)
	}
	if !strings.Contains(out.String(), `"Error 403: access_denied" - in Google Cloud Console > Google Auth Platform > Audience, add your address under Test users`) {
		t.Errorf("no hint while waiting:\n%s", out.String())
	}
	if oa.Pages != 1 {
		t.Errorf("Google's own page shown %d times", oa.Pages)
	}

	// Once listed, the same user gets in.
	oa.TestUsers = []string{"me@corp.example"}
	if _, err := Login(context.Background(), LoginOptions{Credentials: oa.Credentials(), Browser: browser(t), Endpoint: api.Endpoint(), Timeout: 10 * time.Second}); err != nil {
		t.Errorf("a test user: %v", err)
	}

	// Cancel on the consent screen comes back as access_denied: the hint too.
	oa.Deny = true
	_, err = Login(context.Background(), LoginOptions{Credentials: oa.Credentials(), Browser: browser(t), Endpoint: api.Endpoint(), Timeout: 10 * time.Second})
	if err == nil || !strings.Contains(err.Error(), "access_denied") || !strings.Contains(err.Error(), "Test users") {
		t.Errorf("access_denied: %v", err)
	}
}

// 3. A bare token with calendar.events.readonly reads events but not the
// calendar list: google:primary still works, without the cache, and says so.
func TestFinding03EventsOnlyToken(t *testing.T) {
	api := googletest.NewAPI(&googletest.Calendar{ID: "me@corp.example", Summary: "me@corp.example", Owner: "me@corp.example", Primary: true, Events: mixed()})
	defer api.Close()
	api.Tokens["narrow"] = "me@corp.example"
	api.Scopes["narrow"] = []string{googletest.ScopeEventsReadonly}
	dir := t.TempDir()
	after := func() time.Time { return week.To.Add(48 * time.Hour) } // the week is past: cacheable
	res, err := fetchWeek(t, "google:primary", Options{Endpoint: api.Endpoint(), Auth: &Auth{AccessToken: "narrow"}, Cache: &Cache{Dir: dir}, Now: after})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Events) != 11 {
		t.Errorf("%d events", len(res.Events))
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "google:primary: the local cache of past weeks is not used this run") ||
		!strings.Contains(res.Notes[0], "403 insufficientPermissions") {
		t.Errorf("notes %q", res.Notes)
	}
	if api.Count("calendarList/primary") != 1 {
		t.Errorf("the lookup was tried %d times", api.Count("calendarList/primary"))
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("the cache was written without knowing whose it is: %v", ents)
	}
}

// 4. Calendars shared free/busy only, and private events read as a
// reader, come without titles: busy time of its own category, not "Other"
// meetings. accessRole is asked for (the fake sends only what is).
func TestFinding04HiddenDetails(t *testing.T) {
	busy := []*calendar.Event{
		{Id: "b1", Summary: "Board prep", Start: at(16, 9, 0), End: at(16, 11, 0), Status: "confirmed"},
		{Id: "b2", Summary: "Lunch", Start: at(16, 12, 0), End: at(16, 13, 0), Transparency: "transparent"},
	}
	reader := []*calendar.Event{
		{Id: "r1", Summary: "Therapy", Visibility: "private", Start: at(17, 8, 0), End: at(17, 9, 0), Status: "confirmed"},
		{Id: "r2", Summary: "Planning", Start: at(17, 10, 0), End: at(17, 11, 0), Status: "confirmed",
			Attendees: []*calendar.EventAttendee{{Email: "carol@corp.example"}, {Email: "dan@corp.example"}}},
	}
	api := googletest.NewAPI(
		&googletest.Calendar{ID: "bob@corp.example", Summary: "Bob", Owner: "bob@corp.example", Primary: true, Events: busy,
			Shared: map[string]string{"me@corp.example": googletest.RoleFreeBusyReader}},
		&googletest.Calendar{ID: "carol@corp.example", Summary: "Carol", Owner: "carol@corp.example", Primary: true, Events: reader,
			Shared: map[string]string{"me@corp.example": googletest.RoleReader}},
	)
	defer api.Close()
	api.Tokens["tok"] = "me@corp.example"
	var evs []audit.Event
	for _, arg := range []string{"google:bob@corp.example", "google:carol@corp.example"} {
		res, err := fetchWeek(t, arg, Options{Endpoint: api.Endpoint(), Auth: &Auth{AccessToken: "tok"}})
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, res.Events...)
	}
	hidden := 0
	for _, e := range evs {
		if e.DetailsHidden {
			hidden++
			if e.Title != "" || e.Guests != audit.GuestsUnknown {
				t.Errorf("hidden event %+v", e)
			}
		}
	}
	if len(evs) != 3 || hidden != 2 {
		t.Fatalf("%d events, %d hidden; want 3 (the free lunch is not busy), 2 hidden", len(evs), hidden)
	}
	r := audit.Build(evs, nil, meetings{}, audit.Options{Range: week, Location: berlin})
	cats := map[string]time.Duration{}
	for _, c := range r.Categories {
		cats[c.Name] = c.Time
		if c.Name == audit.BusyCategory.Name && c.Kind != audit.KindBusy {
			t.Errorf("busy kind %q", c.Kind)
		}
	}
	if cats[audit.BusyCategory.Name] != 3*time.Hour || cats["All"] != time.Hour {
		t.Errorf("categories %v: want 3h busy (details hidden), 1h classified", cats)
	}
	note := strings.Join(r.Notes, "\n")
	if !strings.Contains(note, "2 events (3:00) on google:bob@corp.example, google:carol@corp.example came without details") {
		t.Errorf("notes:\n%s", note)
	}
	if r.Analysis == nil || r.Analysis.Meetings.Count != 1 || r.Analysis.Busy != 4*time.Hour {
		t.Errorf("busy time counted as meetings, or not as busy: %+v", r.Analysis.Meetings)
	}
}

// meetings files every event as a meeting.
type meetings struct{}

func (meetings) Classify(*audit.Event) audit.Match {
	return audit.Match{Category: "All", Kind: audit.KindMeeting}
}
func (meetings) Categories() []audit.Category {
	return []audit.Category{{Name: "All", Kind: audit.KindMeeting}}
}

// 5. When the organizer hides the guest list, a guest sees only themselves
// and the organizer: the size is unknown, not 2.
func TestFinding05HiddenGuestList(t *testing.T) {
	no := false
	var guests []*calendar.EventAttendee
	guests = append(guests, &calendar.EventAttendee{Email: "ceo@corp.example", Organizer: true, ResponseStatus: "accepted"},
		&calendar.EventAttendee{Email: "me@corp.example", ResponseStatus: "accepted"})
	for _, who := range []string{"a", "b", "c", "d", "e", "f"} {
		guests = append(guests, &calendar.EventAttendee{Email: who + "@corp.example", ResponseStatus: "accepted"})
	}
	allHands := &calendar.Event{Id: "ah", Summary: "All hands", Start: at(16, 9, 0), End: at(16, 9, 30), RecurringEventId: "daily",
		Organizer: &calendar.EventOrganizer{Email: "ceo@corp.example"}, GuestsCanSeeOtherGuests: &no, Attendees: guests}
	api := googletest.NewAPI(&googletest.Calendar{ID: "me@corp.example", Summary: "Me", Owner: "me@corp.example", Primary: true, Events: []*calendar.Event{allHands}})
	defer api.Close()
	api.Tokens["tok"] = "me@corp.example"
	res, err := fetchWeek(t, "google:primary", Options{Endpoint: api.Endpoint(), Auth: &Auth{AccessToken: "tok"}})
	if err != nil {
		t.Fatal(err)
	}
	e := res.Events[0]
	if len(e.Attendees) != 2 || e.Guests != audit.GuestsHidden || e.PeopleKnown() || e.MyResponse != audit.ResponseAccepted {
		t.Errorf("attendees %d, guests %v, known %v, response %q", len(e.Attendees), e.Guests, e.PeopleKnown(), e.MyResponse)
	}
}

// 6. The limiter never lets more than the limit go out in any window of
// its length, from a full bucket, for small and large limits.
func TestFinding06LimiterWithinWindow(t *testing.T) {
	for _, n := range []int{1, 2, 5, 10, 60, 600, 6000} {
		w := time.Minute
		lim := Rate{PerMinute: n, Window: w}.limiter()
		start := time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)
		var sent []time.Time
		now := start
		for len(sent) < 3*n+5 {
			r := lim.ReserveN(now, 1)
			now = now.Add(r.DelayFrom(now))
			sent = append(sent, now)
		}
		most := 0
		for i, j := 0, 0; j < len(sent); j++ {
			for !sent[i].After(sent[j].Add(-w)) {
				i++
			}
			most = max(most, j-i+1)
		}
		if most > n {
			t.Errorf("limit %d a minute: %d in one minute", n, most)
		}
		if took := now.Sub(start); n >= 10 && took > 4*w {
			t.Errorf("limit %d a minute: %d requests took %v, too slow", n, len(sent), took)
		}
	}
	if (Rate{PerMinute: -1}).limiter() != nil {
		t.Error("a negative rate should mean no limit")
	}
}

// 6. A rate limit on one calendar holds off every calendar of that user,
// and the waits are counted.
func TestFinding06HoldSharedByUser(t *testing.T) {
	api := googletest.NewAPI(&googletest.Calendar{ID: "a", Events: mixed()}, &googletest.Calendar{ID: "b", Events: mixed()})
	defer api.Close()
	api.Errors["a"] = []googletest.Failure{{Code: 429, RetryAfter: "7"}}
	sl := &noSleep{}
	auth := &Auth{AccessToken: "t", Retry: Retry{Sleep: sl.sleep}}
	resA, err := fetchWeek(t, "google:a", Options{Endpoint: api.Endpoint(), Auth: auth})
	if err != nil {
		t.Fatal(err)
	}
	if resA.Waited != 7*time.Second || resA.Requests != 2 {
		t.Errorf("a: waited %v over %d requests, want 7s over 2", resA.Waited, resA.Requests)
	}
	// b comes after a was told to wait: it holds until then too (the
	// fake clock does not move, so the hold is still ahead).
	resB, err := fetchWeek(t, "google:b", Options{Endpoint: api.Endpoint(), Auth: auth})
	if err != nil {
		t.Fatal(err)
	}
	if resB.Waited <= 0 || resB.Waited > 7*time.Second || resB.Requests != 1 {
		t.Errorf("b: waited %v over %d requests, want the rest of a's hold over 1", resB.Waited, resB.Requests)
	}
}

// 6. Retries wait up to the budget in all, with Google's Retry-After; a
// Retry-After beyond the budget gives up at once and says so.
func TestFinding06RetryBudget(t *testing.T) {
	t.Run("waits grow to the cap within the budget", func(t *testing.T) {
		api := googletest.NewAPI(&googletest.Calendar{ID: "c"})
		defer api.Close()
		api.Fail["c"] = []int{429, 429, 429, 429, 429, 429, 429, 429, 429, 429}
		sl := &noSleep{}
		_, err := fetchWeek(t, "google:c", Options{Endpoint: api.Endpoint(), Auth: &Auth{AccessToken: "t", Retry: Retry{Sleep: sl.sleep}}})
		if err == nil || !strings.Contains(err.Error(), "Google's rate limit still refused after") {
			t.Fatalf("err = %v", err)
		}
		var sum time.Duration
		for _, w := range sl.waits {
			sum += w
			if w > 32*time.Second {
				t.Errorf("a wait of %v", w)
			}
		}
		if sum > 60*time.Second || sum < 20*time.Second {
			t.Errorf("waited %v in all (%v), want up to a minute", sum, sl.waits)
		}
	})
	t.Run("Retry-After beyond the budget", func(t *testing.T) {
		api := googletest.NewAPI(&googletest.Calendar{ID: "c"})
		defer api.Close()
		api.Errors["c"] = []googletest.Failure{{Code: 429, RetryAfter: "300"}}
		sl := &noSleep{}
		_, err := fetchWeek(t, "google:c", Options{Endpoint: api.Endpoint(), Auth: &Auth{AccessToken: "t", Retry: Retry{Sleep: sl.sleep}}})
		if err == nil || !strings.Contains(err.Error(), "asks to wait 5m0s before the next request") || len(sl.waits) != 0 || api.Count("c") != 1 {
			t.Errorf("err = %v after %d waits, %d requests", err, len(sl.waits), api.Count("c"))
		}
	})
}

// 7. --timeout bounds one try, not the waits between tries.
func TestFinding07TimeoutPerTry(t *testing.T) {
	t.Run("a Retry-After longer than the timeout", func(t *testing.T) {
		api := googletest.NewAPI(&googletest.Calendar{ID: "c", Events: mixed()})
		defer api.Close()
		api.Errors["c"] = []googletest.Failure{{Code: 429, RetryAfter: "1"}}
		res, err := fetchWeek(t, "google:c", Options{Endpoint: api.Endpoint(), Auth: &Auth{AccessToken: "t", Timeout: 300 * time.Millisecond}})
		if err != nil || len(res.Events) != 11 {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("a try that hangs is tried again", func(t *testing.T) {
		api := googletest.NewAPI(&googletest.Calendar{ID: "c", Events: mixed()})
		defer api.Close()
		api.Errors["c"] = []googletest.Failure{{Code: 500, Hang: 10 * time.Second}}
		sl := &noSleep{}
		start := time.Now()
		res, err := fetchWeek(t, "google:c", Options{Endpoint: api.Endpoint(), Auth: &Auth{AccessToken: "t", Timeout: 100 * time.Millisecond, Retry: Retry{Sleep: sl.sleep}}})
		if err != nil || len(res.Events) != 11 || api.Count("c") != 2 {
			t.Fatalf("err = %v, %d requests", err, api.Count("c"))
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("took %v", d)
		}
	})
	t.Run("every try hangs", func(t *testing.T) {
		api := googletest.NewAPI(&googletest.Calendar{ID: "c", Events: mixed()})
		defer api.Close()
		api.Latency = 10 * time.Second
		sl := &noSleep{}
		_, err := fetchWeek(t, "google:c", Options{Endpoint: api.Endpoint(), Auth: &Auth{AccessToken: "t", Timeout: 50 * time.Millisecond, Retry: Retry{Tries: 2, Sleep: sl.sleep}}})
		if err == nil || !strings.Contains(err.Error(), "gave no answer within 50ms (--timeout), 2 tries") {
			t.Errorf("err = %v", err)
		}
	})
}

// 8. Each 403 and 404 reason gets its own message, else Google's own;
// only rate limits are retried.
func TestFinding08Reasons(t *testing.T) {
	for _, tc := range []struct {
		name    string
		fail    googletest.Failure
		want    string
		usage   bool
		retried bool
	}{
		{"daily limit", googletest.Failure{Code: 403, Reason: "dailyLimitExceeded", Message: "Daily Limit Exceeded"}, "has used up its daily Calendar API quota (403 dailyLimitExceeded: Daily Limit Exceeded); it resets at midnight Pacific time", false, false},
		{"calendar usage limits", googletest.Failure{Code: 403, Reason: "quotaExceeded", Message: "Calendar usage limits exceeded."}, "usage limits for this account are exceeded (403 quotaExceeded: Calendar usage limits exceeded.)", false, false},
		{"API not enabled", googletest.Failure{Code: 403, Reason: "accessNotConfigured", Message: "Google Calendar API has not been used in project 1 before or it is disabled."}, "the Google Calendar API is not enabled", false, false},
		{"scope", googletest.Failure{Code: 403, Reason: "insufficientPermissions", Message: "Request had insufficient authentication scopes."}, "lack the scope to read calendars (403 insufficientPermissions", false, false},
		{"forbidden", googletest.Failure{Code: 403, Reason: "forbidden", Message: "Forbidden"}, "Google says this account may not read the calendar (403 forbidden: Forbidden)", false, false},
		{"another 403: Google's words", googletest.Failure{Code: 403, Reason: "domainPolicy", Message: "The domain administrators have disabled Calendar for this user.\n\x1b[31m"}, `Google Calendar answered 403 domainPolicy: The domain administrators have disabled Calendar for this user.\n\x1b[31m`, false, false},
		{"not found", googletest.Failure{Code: 404, Reason: "notFound", Message: "Not Found"}, "no such calendar, or it is not shared with this account (404 notFound)", true, false},
		{"gone", googletest.Failure{Code: 410, Reason: "deleted", Message: "Resource has been deleted"}, "Google Calendar answered 410 deleted: Resource has been deleted", false, false},
		{"a request Google rejects", googletest.Failure{Code: 400, Reason: "timeRangeEmpty", Message: "The specified time range is empty."}, "Google rejected timeaudit's request (400 timeRangeEmpty: The specified time range is empty.); please report this", false, false},
		{"user rate limit", googletest.Failure{Code: 403, Reason: "userRateLimitExceeded", Message: "User Rate Limit Exceeded"}, "", false, true},
		{"rate limit", googletest.Failure{Code: 403, Reason: "rateLimitExceeded", Message: "Rate Limit Exceeded"}, "", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api := googletest.NewAPI(&googletest.Calendar{ID: "c", Events: mixed()})
			defer api.Close()
			api.Errors["c"] = []googletest.Failure{tc.fail}
			sl := &noSleep{}
			_, err := fetchWeek(t, "google:c", Options{Endpoint: api.Endpoint(), Auth: &Auth{AccessToken: "t", Retry: Retry{Sleep: sl.sleep}}})
			if tc.retried {
				if err != nil || api.Count("c") != 2 {
					t.Errorf("err = %v after %d requests, want success on the second", err, api.Count("c"))
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "google:c: ") {
				t.Fatalf("err =\n  %v\nwant it to hold\n  %s", err, tc.want)
			}
			if strings.ContainsAny(err.Error(), "\n\x1b") {
				t.Errorf("raw control characters in %q", err)
			}
			if (audit.KindOf(err) == audit.KindUsage) != tc.usage {
				t.Errorf("usage %v, want %v", audit.KindOf(err) == audit.KindUsage, tc.usage)
			}
			if api.Count("c") != 1 {
				t.Errorf("%d requests: a permanent failure was retried", api.Count("c"))
			}
		})
	}
}

// 9. A Web application client cannot use the loopback redirect: refused
// before the browser opens, naming "Desktop app".
func TestFinding09WebClient(t *testing.T) {
	oa, api := fakes(t, "me@corp.example")
	opened := false
	_, err := Login(context.Background(), LoginOptions{Credentials: oa.WebCredentials(), CredentialsFile: "web.json",
		Browser: func(string) error { opened = true; return nil }, Endpoint: api.Endpoint(), Timeout: 10 * time.Second})
	if audit.KindOf(err) != audit.KindUsage || !strings.Contains(err.Error(), `web.json is a "Web application" OAuth client`) || !strings.Contains(err.Error(), `"Desktop app"`) {
		t.Errorf("err = %v", err)
	}
	if opened || oa.Pages != 0 {
		t.Error("the browser was sent to Google anyway")
	}
}

// 10. organizer.self marks the calendar a copy is on: on a team calendar,
// events created there have it, and it says nothing of attending. Only on a
// user's primary calendar does the organizer count as accepted.
func TestFinding10OrganizerSelf(t *testing.T) {
	team := "team@group.calendar.google.com"
	onTeam := &calendar.Event{Id: "t1", ICalUID: "t1@google.com", Summary: "Sprint review", Start: at(16, 14, 0), End: at(16, 15, 0),
		Organizer: &calendar.EventOrganizer{Email: team},
		Attendees: []*calendar.EventAttendee{{Email: "me@corp.example", ResponseStatus: "declined"}, {Email: "ann@corp.example", ResponseStatus: "accepted"}}}
	mine := &calendar.Event{Id: "m1", Summary: "Focus", Start: at(17, 9, 0), End: at(17, 11, 0), Organizer: &calendar.EventOrganizer{Email: "me@corp.example"}}
	api := googletest.NewAPI(
		&googletest.Calendar{ID: team, Summary: "Team", Owner: "me@corp.example", Events: []*calendar.Event{onTeam}},
		&googletest.Calendar{ID: "me@corp.example", Summary: "Me", Owner: "me@corp.example", Primary: true, Events: []*calendar.Event{mine}},
	)
	defer api.Close()
	api.Tokens["tok"] = "me@corp.example"
	opt := Options{Endpoint: api.Endpoint(), Auth: &Auth{AccessToken: "tok"}}
	res, err := fetchWeek(t, "google:"+team, opt)
	if err != nil {
		t.Fatal(err)
	}
	if e := res.Events[0]; e.MyResponse != audit.ResponseUnknown {
		t.Errorf("team calendar: response %q; organizer.self there is the calendar, not me", e.MyResponse)
	}
	// With the user known, their own entry decides: declined, left out.
	r := audit.Build(res.Events, nil, classifier{}, audit.Options{Range: week, Location: berlin, Me: []string{"me@corp.example"}})
	if r.LeftOutCount(audit.DeclinedByMe) != 1 || r.Total.Events != 0 {
		t.Errorf("declined %d, counted %d", r.LeftOutCount(audit.DeclinedByMe), r.Total.Events)
	}
	res, err = fetchWeek(t, "google:primary", opt)
	if err != nil {
		t.Fatal(err)
	}
	if e := res.Events[0]; e.MyResponse != audit.ResponseAccepted {
		t.Errorf("primary: response %q, want accepted (the organizer attends)", e.MyResponse)
	}
}

// 11. A refresh refused by a Workspace admin's or the account's policy
// says so, and does not send the user to sign in again.
func TestFinding11PolicyEnforced(t *testing.T) {
	for _, tc := range []struct{ code, want string }{
		{"admin_policy_enforced", "the account's Google Workspace admin does not allow this OAuth app (admin_policy_enforced): signing in again will not help; ask the admin to trust the client ID " + googletest.DesktopClientID},
		{"policy_enforced", "a security policy on the account refuses this OAuth app (policy_enforced), such as Advanced Protection"},
	} {
		t.Run(tc.code, func(t *testing.T) {
			oa, api := fakes(t, "me@corp.example")
			oa.RefreshError = tc.code
			file := savedSignIn(t, oa, "me@corp.example", true)
			_, err := fetchWeek(t, "google:primary", Options{Endpoint: api.Endpoint(), Auth: &Auth{TokenFile: file}})
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "login again") {
				t.Errorf("err = %v", err)
			}
		})
	}
}

// Google sends a refresh token only on the first consent unless asked with
// prompt=consent: a second sign-in must still get one. And a consent
// without the calendar box ticked is not saved.
func TestLoginAgainAndGranularConsent(t *testing.T) {
	oa, api := fakes(t, "me@corp.example")
	for i := range 2 {
		s, err := Login(context.Background(), LoginOptions{Credentials: oa.Credentials(), Browser: browser(t), Endpoint: api.Endpoint(), Timeout: 10 * time.Second})
		if err != nil || s.Token.RefreshToken == "" {
			t.Fatalf("sign-in %d: %v, refresh token %v", i+1, err, s != nil && s.Token.RefreshToken != "")
		}
	}
	oa.Granted = []string{"openid"}
	_, err := Login(context.Background(), LoginOptions{Credentials: oa.Credentials(), Browser: browser(t), Endpoint: api.Endpoint(), Timeout: 10 * time.Second})
	if err == nil || !strings.Contains(err.Error(), "without calendar access") {
		t.Errorf("err = %v", err)
	}
}
