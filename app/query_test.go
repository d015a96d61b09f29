package app

import (
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/rules"
)

func TestResolve(t *testing.T) {
	now := time.Date(2026, 3, 25, 10, 0, 0, 0, utc) // Wednesday of 2026-W13
	withZone, err := rules.Parse("cfg.yaml", []byte("timezone: Europe/Berlin\nme: [me@corp.example]\n"))
	if err != nil {
		t.Fatal(err)
	}
	badZone, err := rules.Parse("cfg.yaml", []byte("me: [me@corp.example]\ntimezone: Mars/Base\n"))
	if err != nil {
		t.Fatal(err)
	}
	d := func(s string, loc *time.Location) time.Time {
		v, _ := time.ParseInLocation(time.DateOnly, s, loc)
		return v
	}
	tests := []struct {
		name     string
		sel      Selection
		cfg      *rules.Config
		from, to string // the range, in the zone; "" for none
		zone     string
		wantErr  string
	}{
		{name: "no range", sel: Selection{}, zone: "UTC"},
		{name: "a week", sel: Selection{Week: "last"}, from: "2026-03-16", to: "2026-03-23", zone: "UTC"},
		{name: "weeks end with this week", sel: Selection{Weeks: 3}, from: "2026-03-09", to: "2026-03-30", zone: "UTC"},
		{name: "weeks end with --week", sel: Selection{Weeks: 2, Week: "2026-W12"}, from: "2026-03-09", to: "2026-03-23", zone: "UTC"},
		{name: "dates, the end exclusive", sel: Selection{From: "2026-03-01", To: "2026-04-01"}, from: "2026-03-01", to: "2026-04-01", zone: "UTC"},
		{name: "the config's zone", sel: Selection{Week: "2026-W12"}, cfg: withZone, from: "2026-03-16", to: "2026-03-23", zone: "Europe/Berlin"},
		{name: "--tz wins", sel: Selection{Week: "2026-W12", TZ: "America/New_York"}, cfg: withZone, from: "2026-03-16", to: "2026-03-23", zone: "America/New_York"},
		{name: "a bad --tz", sel: Selection{TZ: "Mars/Olympus"}, wantErr: `--tz: unknown time zone "Mars/Olympus": use an IANA name such as Europe/Berlin or America/New_York`},
		{name: "Local is not a zone name", sel: Selection{TZ: "Local"}, wantErr: `--tz: unknown time zone "Local"`},
		{name: "a bad config zone names its line", cfg: badZone, wantErr: `cfg.yaml:2: timezone: unknown time zone "Mars/Base"`},
		{name: "a bad week", sel: Selection{Week: "someday"}, wantErr: `--week: invalid week "someday"`},
		{name: "negative weeks", sel: Selection{Weeks: -1}, wantErr: "--weeks -1: give a number of weeks, 1 or more"},
		{name: "a bad date", sel: Selection{From: "03/01/2026", To: "2026-03-08"}, wantErr: `--from: invalid date "03/01/2026": use YYYY-MM-DD`},
		{name: "backwards", sel: Selection{From: "2026-03-08", To: "2026-03-01"}, wantErr: "the range is empty"},
		{name: "--me needs an address", sel: Selection{Me: []string{"alex"}}, wantErr: `--me "alex" is not an e-mail address`},
		{name: "concurrency", sel: Selection{Concurrency: -1}, wantErr: "--concurrency -1: read at least one calendar at a time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			if cfg == nil {
				cfg = rules.Default()
			}
			if tt.sel.Concurrency == 0 {
				tt.sel.Concurrency = 8
			}
			q, err := Resolve(tt.sel, cfg, now, utc)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if q.Location.String() != tt.zone {
				t.Errorf("zone %s, want %s", q.Location, tt.zone)
			}
			loc := q.Location
			if tt.from == "" && !q.Range.IsZero() {
				t.Errorf("range %v, want none", q.Range)
			}
			if tt.from != "" && (!q.Range.From.Equal(d(tt.from, loc)) || !q.Range.To.Equal(d(tt.to, loc))) {
				t.Errorf("range %v, want %s..%s in %s", q.Range, tt.from, tt.to, loc)
			}
		})
	}
}

func TestResolvePolicyAndMe(t *testing.T) {
	cfg, err := rules.Parse("cfg.yaml", []byte("me: [me@corp.example]\ncount: {tentative: true, declined: false}\n"))
	if err != nil {
		t.Fatal(err)
	}
	q, err := Resolve(Selection{Me: []string{"me@home.example"}, IncludeDeclined: true, IncludeFree: true, ExcludeTentative: true, Concurrency: 2}, cfg, time.Now(), utc)
	if err != nil {
		t.Fatal(err)
	}
	p := q.Settings.Policy
	if !p.Declined || !p.Free || p.Tentative {
		t.Errorf("policy %+v: the flags were not applied", p)
	}
	if cfg.Settings.Policy.Declined || !cfg.Settings.Policy.Tentative {
		t.Error("Resolve changed the config's settings")
	}
	if len(q.Me) != 2 || q.Me[0] != "me@corp.example" || q.Me[1] != "me@home.example" {
		t.Errorf("me = %v, want the config's then the flag's", q.Me)
	}
	if q.Concurrency != 2 || q.Config != cfg {
		t.Errorf("query %+v", q)
	}
	if r := q.Request(); r.Location != utc || r.SkipInvalid {
		t.Errorf("request %+v", r)
	}
}

// Sources are told to leave descriptions out only when no rule reads them.
func TestRequestDescriptions(t *testing.T) {
	for _, tc := range []struct {
		config string
		drop   bool
	}{
		{"me: [me@corp.example]\n", true}, // the built-in rules read titles
		{"categories:\n  - name: Hiring\n    match:\n      - title: [interview]\n", true},
		{"categories:\n  - name: Hiring\n    match:\n      - description: [greenhouse]\n", false},
	} {
		cfg, err := rules.Parse("cfg.yaml", []byte(tc.config))
		if err != nil {
			t.Fatal(err)
		}
		if got := (Query{Config: cfg}).Request().NoDescriptions; got != tc.drop {
			t.Errorf("%q: NoDescriptions = %v, want %v", tc.config, got, tc.drop)
		}
	}
}
