package ics

import (
	"context"
	"fmt"
	"math/rand"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/teambition/rrule-go"
	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

func TestAttendanceAndStatus(t *testing.T) {
	text := cal(`BEGIN:VEVENT
UID:a
DTSTART:20260316T080000Z
DTEND:20260316T090000Z
SUMMARY:Design review
ORGANIZER;CN=Ana Lead:MAILTO:ana@corp.example
ATTENDEE;CN=Me;PARTSTAT=TENTATIVE:mailto:me@corp.example
ATTENDEE;ROLE=OPT-PARTICIPANT;PARTSTAT=DECLINED:mailto:bob@corp.example
ATTENDEE;CUTYPE=ROOM;CN=Room 4:mailto:room4@corp.example
TRANSP:TRANSPARENT
STATUS:TENTATIVE
END:VEVENT
BEGIN:VEVENT
UID:b
DTSTART:20260317T080000Z
DTEND:20260317T090000Z
X-MICROSOFT-CDO-BUSYSTATUS:OOF
END:VEVENT`)
	es := mustICS(t, text, "UTC", "2026-03-01", "2026-04-01")
	a := es[0]
	if a.Organizer.Email != "ana@corp.example" || a.Organizer.Name != "Ana Lead" || a.Status != audit.StatusTentative || a.ShowAs != audit.ShowAsFree {
		t.Errorf("event a: %+v", a)
	}
	if len(a.Attendees) != 3 || a.Attendees[0].Response != audit.ResponseTentative || !a.Attendees[1].Optional || !a.Attendees[2].Resource {
		t.Errorf("attendees %+v", a.Attendees)
	}
	if a.PeopleCount() != 3 { // Ana, me, Bob; not the room
		t.Errorf("PeopleCount = %d", a.PeopleCount())
	}
	if es[1].ShowAs != audit.ShowAsOutOfOffice {
		t.Errorf("BUSYSTATUS:OOF gave %s", es[1].ShowAs)
	}
}

// Several calendars in one stream: a request, then its cancellation.
func TestMethodCancelAndSequence(t *testing.T) {
	req := cal("METHOD:REQUEST\nBEGIN:VEVENT\nUID:m\nSEQUENCE:1\nDTSTART:20260316T080000Z\nDTEND:20260316T090000Z\nRRULE:FREQ=DAILY;COUNT=3\nSUMMARY:Standup\nEND:VEVENT")
	cancel := cal("METHOD:CANCEL\nBEGIN:VEVENT\nUID:m\nSEQUENCE:2\nDTSTART:20260316T080000Z\nDTEND:20260316T090000Z\nSUMMARY:Standup\nEND:VEVENT")
	es := mustICS(t, req+cancel, "UTC", "2026-03-01", "2026-04-01")
	if len(es) != 3 {
		t.Fatalf("%d events, want the 3 instances", len(es))
	}
	for _, e := range es {
		if e.Status != audit.StatusCancelled {
			t.Errorf("%s is %s, want cancelled", e.Start, e.Status)
		}
	}
	// An older version does not replace a newer one, whatever the order.
	v1 := cal("BEGIN:VEVENT\nUID:x\nSEQUENCE:1\nDTSTART:20260316T080000Z\nDTEND:20260316T090000Z\nSUMMARY:new title\nEND:VEVENT")
	v0 := cal("BEGIN:VEVENT\nUID:x\nSEQUENCE:0\nDTSTART:20260316T080000Z\nDTEND:20260316T090000Z\nSUMMARY:old title\nEND:VEVENT")
	es = mustICS(t, v1+v0, "UTC", "2026-03-01", "2026-04-01")
	if len(es) != 1 || es[0].Title != "new title" {
		t.Errorf("got %v, want only the higher SEQUENCE", titles(es))
	}
}

func TestFloatingTimesUseTheReportZone(t *testing.T) {
	text := cal("BEGIN:VEVENT\nUID:a\nDTSTART:20260316T090000\nDTEND:20260316T100000\nEND:VEVENT")
	for _, tz := range []string{"Europe/Berlin", "America/New_York"} {
		es := mustICS(t, text, tz, "2026-03-01", "2026-04-01")
		if got := es[0].Start.In(zone(t, tz)).Format("15:04"); got != "09:00" {
			t.Errorf("%s: starts %s, want 09:00 local", tz, got)
		}
	}
}

func TestSeriesIDs(t *testing.T) {
	text := cal("BEGIN:VEVENT\nUID:series-1\nDTSTART:20260316T080000Z\nRRULE:FREQ=DAILY;COUNT=2\nEND:VEVENT\nBEGIN:VEVENT\nUID:one-off\nDTSTART:20260316T100000Z\nEND:VEVENT")
	es := mustICS(t, text, "UTC", "2026-03-01", "2026-04-01")
	var ids []string
	for _, e := range es {
		ids = append(ids, e.SeriesID)
	}
	if strings.Join(ids, ",") != "series-1,,series-1" {
		t.Errorf("series ids %q", ids)
	}
}

func TestRangeAndSpan(t *testing.T) {
	text := cal("BEGIN:VEVENT\nUID:old\nDTSTART:20150105T090000Z\nDTEND:20150105T093000Z\nRRULE:FREQ=DAILY\nEND:VEVENT\n" +
		"BEGIN:VEVENT\nUID:fixed\nDTSTART:20260318T100000Z\nDTEND:20260318T110000Z\nEND:VEVENT")
	// A week in 2026 of a daily series from 2015: 7 instances and the one-off.
	es := mustICS(t, text, "UTC", "2026-03-16", "2026-03-23")
	if len(es) != 8 {
		t.Errorf("%d events in the week, want 8", len(es))
	}
	// No range: up to the last fixed event, with a note.
	res, err := fetchICS(t, text, "UTC", "", "", false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "expanded up to 2026-03-18") {
		t.Errorf("notes %q", res.Notes)
	}
	if last := res.Events[len(res.Events)-1]; last.Start.Format("2006-01-02") != "2026-03-18" {
		t.Errorf("last event %s", last.Start)
	}
	// Only open-ended series and no range: ask for one.
	_, err = fetchICS(t, cal("BEGIN:VEVENT\nUID:old\nDTSTART:20150105T090000Z\nRRULE:FREQ=DAILY\nEND:VEVENT"), "UTC", "", "", false)
	if err == nil || !strings.Contains(err.Error(), "name a range with --week or --from/--to") {
		t.Errorf("error %v", err)
	}
}

// A VTIMEZONE written out from IANA rules becomes a location that agrees
// with IANA's, for years, at every hour around each change.
func TestVTimezoneSynthesis(t *testing.T) {
	text := cal(`BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16011104T020000
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010311T020000
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
END:VTIMEZONE`)
	z := newZones()
	cals, _, err := frame(text, false)
	if err != nil {
		t.Fatal(err)
	}
	comp, _, err := decode(cals[0].components[0].logical(), "")
	if err != nil {
		t.Fatal(err)
	}
	z.define(comp)
	loc, _, err := z.resolve(`"Customized Time Zone"`)
	if err != nil {
		t.Fatal(err)
	}
	ny := zone(t, "America/New_York")
	for at := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC); at.Year() < 2031; at = at.Add(time.Hour) {
		_, want := at.In(ny).Zone()
		if _, got := at.In(loc).Zone(); got != want {
			t.Fatalf("at %s: offset %d, New York %d", at, got, want)
		}
	}
}

// The DTSTART shift for old series never changes the instances.
func TestShiftStartKeepsInstances(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	freqs := []rrule.Frequency{rrule.YEARLY, rrule.MONTHLY, rrule.WEEKLY, rrule.DAILY, rrule.HOURLY}
	for i := 0; i < 400; i++ {
		start := time.Date(2018+r.Intn(4), time.Month(1+r.Intn(12)), 1+r.Intn(31), r.Intn(24), 15*r.Intn(4), 0, 0, time.UTC)
		opt := rrule.ROption{Freq: freqs[r.Intn(len(freqs))], Dtstart: start, Interval: 1 + r.Intn(3), Wkst: weekdays[r.Intn(7)]}
		switch r.Intn(5) {
		case 0:
			opt.Byweekday = []rrule.Weekday{weekdays[r.Intn(7)], weekdays[r.Intn(7)]}
		case 1:
			if opt.Freq == rrule.MONTHLY || opt.Freq == rrule.YEARLY {
				opt.Byweekday = []rrule.Weekday{weekdays[r.Intn(5)].Nth(1 + r.Intn(4))}
			}
		case 2:
			opt.Bymonthday = []int{1 + r.Intn(28), -1}
			opt.Bysetpos = []int{-1}
		case 3:
			opt.Byhour = []int{8, 17}
		}
		if opt.Freq == rrule.HOURLY {
			opt.Byweekday, opt.Bymonthday, opt.Bysetpos = nil, nil, nil
		}
		lo := time.Date(2026, time.Month(1+r.Intn(12)), 1+r.Intn(28), 0, 0, 0, 0, time.UTC)
		hi := lo.AddDate(0, 0, 14)
		if !subDailyReachable(&opt) {
			continue // see TestUnreachableSubDaily
		}
		whole := opt
		whole.Until = hi
		shifted := opt
		shifted.Until = hi
		shiftStart(&shifted, lo)
		a, err1 := rrule.NewRRule(whole)
		b, err2 := rrule.NewRRule(shifted)
		if err1 != nil || err2 != nil {
			continue
		}
		want, got := a.Between(lo, hi, true), b.Between(lo, hi, true)
		if fmt.Sprint(want) != fmt.Sprint(got) {
			t.Fatalf("rule %+v from %s: shifted to %s gives\n%v\nwant\n%v", opt, start, shifted.Dtstart, got, want)
		}
	}
}

func TestDirectory(t *testing.T) {
	dir := t.TempDir()
	work := filepath.Join(dir, "work")
	os.MkdirAll(filepath.Join(work, ".hidden"), 0o755)
	os.WriteFile(filepath.Join(work, "displayname"), []byte("Work calendar\n"), 0o644)
	os.WriteFile(filepath.Join(work, "b.ics"), []byte(cal("BEGIN:VEVENT\nUID:b\nDTSTART:20260317T080000Z\nEND:VEVENT")), 0o644)
	os.WriteFile(filepath.Join(work, "a.ics"), []byte(cal("BEGIN:VEVENT\nUID:a\nDTSTART:20260316T080000Z\nEND:VEVENT")), 0o644)
	os.WriteFile(filepath.Join(work, ".hidden", "c.ics"), []byte(cal("BEGIN:VEVENT\nUID:c\nDTSTART:20260318T080000Z\nEND:VEVENT")), 0o644)
	os.WriteFile(filepath.Join(work, "notes.txt"), []byte("not a calendar"), 0o644)
	kind := Kind(Options{})
	if !kind.Claims(dir) {
		t.Fatal("a directory is not claimed")
	}
	src, _ := kind.Open(dir, nil, sources.Env{})
	res, err := src.Fetch(context.Background(), sources.Request{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Events) != 2 || res.Events[0].Calendar != "Work calendar" || !strings.HasSuffix(res.Events[0].Source.Source, "a.ics") {
		t.Errorf("events %+v", res.Events)
	}
	empty := t.TempDir()
	src, _ = kind.Open(empty, nil, sources.Env{})
	if _, err := src.Fetch(context.Background(), sources.Request{Location: time.UTC}); err == nil || !strings.Contains(err.Error(), "no .ics files") {
		t.Errorf("empty directory: %v", err)
	}
}

func TestURL(t *testing.T) {
	body := cal("BEGIN:VEVENT\nUID:a\nDTSTART:20260316T080000Z\nDTEND:20260316T090000Z\nSUMMARY:from the feed\nEND:VEVENT")
	mux := http.NewServeMux()
	mux.HandleFunc("/private-s3cr3t/basic.ics", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("User-Agent") != "timeaudit-test" {
			t.Errorf("User-Agent %q", r.Header.Get("User-Agent"))
		}
		w.Header().Set("Content-Type", "text/calendar")
		fmt.Fprint(w, body)
	})
	mux.HandleFunc("/moved/s3cr3t/cal.ics", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/private-s3cr3t/basic.ics", http.StatusFound)
	})
	mux.HandleFunc("/gone/s3cr3t/cal.ics", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", http.StatusNotFound) })
	mux.HandleFunc("/login/s3cr3t/cal.ics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<html>sign in</html>")
	})
	mux.HandleFunc("/big/s3cr3t/cal.ics", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, strings.Repeat("X", 2048)) })
	mux.HandleFunc("/slow/s3cr3t/cal.ics", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	opts := Options{UserAgent: "timeaudit-test", Timeout: 300 * time.Millisecond, MaxBytes: 1024}
	get := func(path string) (*sources.Result, string, error) {
		src, err := Kind(opts).Open(srv.URL+path, nil, sources.Env{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := src.Fetch(context.Background(), sources.Request{Location: time.UTC})
		return res, src.Name(), err
	}
	res, name, err := get("/private-s3cr3t/basic.ics")
	if err != nil || len(res.Events) != 1 || res.Events[0].Title != "from the feed" {
		t.Fatalf("feed: %v, %+v", err, res)
	}
	if strings.Contains(name, "s3cr3t") || strings.Contains(res.Events[0].Source.Source, "s3cr3t") || !strings.HasSuffix(name, "/…/basic.ics") {
		t.Errorf("the secret shows in the name %q", name)
	}
	if res, _, err := get("/moved/s3cr3t/cal.ics"); err != nil || len(res.Events) != 1 {
		t.Errorf("redirect: %v", err)
	}
	for path, want := range map[string]string{
		"/gone/s3cr3t/cal.ics":  "HTTP 404 Not Found (is the calendar's address still valid?",
		"/login/s3cr3t/cal.ics": "the server sent a web page (text/html; charset=utf-8), not a calendar",
		"/big/s3cr3t/cal.ics":   "the calendar is larger than 0 MiB",
		"/slow/s3cr3t/cal.ics":  "no answer within 300ms",
	} {
		_, _, err := get(path)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%s: error %v, want %q without the secret", path, err, want)
		}
	}
	// A refused connection names the feed, not its secret.
	dead := httptest.NewServer(mux)
	url := dead.URL
	dead.Close()
	src, _ := Kind(opts).Open(url+"/private-s3cr3t/basic.ics", nil, sources.Env{})
	if _, err := src.Fetch(context.Background(), sources.Request{Location: time.UTC}); err == nil || strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("refused: %v", err)
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://calendar.google.com/calendar/ical/me%40x/private-abc123/basic.ics": "https://calendar.google.com/…/basic.ics",
		"webcal://example.com/feed/0123456789abcdef0123456789":                      "webcal://example.com/…",
		"https://user:pw@example.com/cal.ics?token=abc":                             "https://example.com/cal.ics",
		"https://example.com/":                               "https://example.com",
		"https://example.com/feeds/k3yk3yk3y.ics":            "https://example.com/…",
		"https://example.com/abcdefghijklmnopqrstuvwxyz.ics": "https://example.com/…",
	} {
		if got := redactURL(in); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSniff(t *testing.T) {
	for content, want := range map[string]bool{
		"BEGIN:VCALENDAR\r\n":         true,
		"\ufeff\r\nbegin:vcalendar\n": true,
		"\xff\xfeB\x00E\x00G\x00I\x00N\x00:\x00V\x00C\x00A\x00L\x00E\x00N\x00D\x00A\x00R\x00": true,
		"title,start\n": false,
	} {
		if got := looksICS([]byte(content)); got != want {
			t.Errorf("looksICS(%q) = %v", content, got)
		}
	}
}

// rrule-go never returns from a sub-daily rule whose BY values its
// INTERVAL cannot reach; such a rule yields nothing but DTSTART.
func TestUnreachableSubDaily(t *testing.T) {
	for _, tt := range []struct {
		rule  string
		start string
		want  int
	}{
		{"FREQ=HOURLY;INTERVAL=3;BYHOUR=8,17", "064500", 1},
		{"FREQ=HOURLY;INTERVAL=3;BYHOUR=9,17", "064500", 1 + 7}, // 9 is reachable, 17 is not
		{"FREQ=MINUTELY;INTERVAL=7;BYMINUTE=5;BYHOUR=10", "090000", 1 + 1},
		{"FREQ=MINUTELY;INTERVAL=30;BYMINUTE=15", "090000", 1},
		{"FREQ=SECONDLY;INTERVAL=10;BYSECOND=5", "090000", 1},
	} {
		start := time.Now()
		es := mustICS(t, cal("BEGIN:VEVENT\nUID:a\nDTSTART:20260316T"+tt.start+"Z\nRRULE:"+tt.rule+"\nEND:VEVENT"), "UTC", "2026-03-16", "2026-03-23")
		if len(es) != tt.want {
			t.Errorf("%s: %d occurrences, want %d", tt.rule, len(es), tt.want)
		}
		if el := time.Since(start); el > 2*time.Second {
			t.Errorf("%s took %v", tt.rule, el)
		}
	}
}

// Two versions of one instance (same UID and RECURRENCE-ID): the higher
// SEQUENCE wins, then the later one.
func TestDuplicateOverrides(t *testing.T) {
	text := cal("BEGIN:VEVENT\nUID:s\nDTSTART:20260302T090000Z\nDTEND:20260302T100000Z\nRRULE:FREQ=DAILY;COUNT=3\nSUMMARY:daily\nEND:VEVENT\n" +
		"BEGIN:VEVENT\nUID:s\nSEQUENCE:2\nRECURRENCE-ID:20260303T090000Z\nDTSTART:20260303T140000Z\nDTEND:20260303T150000Z\nSUMMARY:newest\nEND:VEVENT\n" +
		"BEGIN:VEVENT\nUID:s\nSEQUENCE:1\nRECURRENCE-ID:20260303T090000Z\nDTSTART:20260303T120000Z\nDTEND:20260303T130000Z\nSUMMARY:older\nEND:VEVENT")
	es := mustICS(t, text, "UTC", "2026-03-01", "2026-04-01")
	if got := strings.Join(titles(es), ","); got != "daily,newest,daily" {
		t.Errorf("got %s", got)
	}
}

// Outlook writes all-day events as midnight DATE-TIMEs in its own zone,
// marked X-MICROSOFT-CDO-ALLDAYEVENT: one day, whatever the report zone.
func TestOutlookAllDayDateTimes(t *testing.T) {
	text := cal("BEGIN:VEVENT\nUID:a\nDTSTART;TZID=GMT Standard Time:20260316T000000\nDTEND;TZID=GMT Standard Time:20260317T000000\nX-MICROSOFT-CDO-ALLDAYEVENT:TRUE\nSUMMARY:Offsite\nEND:VEVENT")
	for _, tz := range []string{"Europe/Berlin", "America/New_York", "Asia/Tokyo"} {
		loc := zone(t, tz)
		es := mustICS(t, text, tz, "2026-03-01", "2026-04-01")
		if len(es) != 1 || !es[0].AllDay || es[0].Start.In(loc).Format("2006-01-02 15:04") != "2026-03-16 00:00" || es[0].End.In(loc).Format("2006-01-02 15:04") != "2026-03-17 00:00" {
			t.Errorf("%s: %+v, want all-day on 2026-03-16", tz, es)
		}
	}
}

// 12. A feed's address is its secret: plain http only on this machine, for
// redirects too; an address with a password never leaves its host.
func TestFeedRedirects(t *testing.T) {
	body := cal("BEGIN:VEVENT\nUID:a\nDTSTART:20260316T080000Z\nDTEND:20260316T090000Z\nSUMMARY:from the feed\nEND:VEVENT")
	var otherHits atomic.Int32
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		ln, err = net.Listen("tcp", "[::1]:0")
		if err != nil {
			t.Fatal(err)
		}
	}
	other := &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		fmt.Fprint(w, body)
	})}}
	other.Start()
	defer other.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/to-other/s3cr3t.ics", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/cal.ics", http.StatusFound)
	})
	mux.HandleFunc("/to-plain/s3cr3t.ics", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://192.0.2.1/cal.ics", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	fetch := func(raw string) error {
		src, err := Kind(Options{Timeout: time.Second}).Open(raw, nil, sources.Env{})
		if err != nil {
			return err
		}
		_, err = src.Fetch(context.Background(), sources.Request{Location: time.UTC})
		return err
	}
	// A feed may move to another host (services redirect to their CDNs).
	if err := fetch(srv.URL + "/to-other/s3cr3t.ics"); err != nil || otherHits.Load() != 1 {
		t.Errorf("a redirect to another host without credentials: %v", err)
	}
	// Not with a password in the address.
	u := strings.Replace(srv.URL, "http://", "http://me:pa55@", 1)
	if err := fetch(u + "/to-other/s3cr3t.ics"); err == nil || !strings.Contains(err.Error(), "another host, and the request carries credentials") || otherHits.Load() != 1 {
		t.Errorf("with a password: %v (other host hit %d times)", err, otherHits.Load())
	}
	for _, tc := range []struct{ url, want string }{
		{srv.URL + "/to-plain/s3cr3t.ics", "plain http to another machine would travel unencrypted"},
		{"http://calendar.example/s3cr3t/basic.ics", "refusing plain http to calendar.example"},
	} {
		err := fetch(tc.url)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), "pa55") {
			t.Errorf("%s: %v", tc.url, err)
		}
	}
}
