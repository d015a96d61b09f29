package rules

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
)

func TestSettingsDefaults(t *testing.T) {
	if got, want := Default().Settings, audit.DefaultSettings(); !reflect.DeepEqual(got, want) {
		t.Errorf("the built-in config's settings differ from audit.DefaultSettings:\n%+v\n%+v", got, want)
	}
}

func TestSettings(t *testing.T) {
	cfg := mustParse(t, `
working_hours:
  mon-thu: "08:30-12:00, 13:00-17:30"
  fri: "09:00-13:00"
  sat: off
focus_block: 2h
buffer_block: 45m
switch_cost: 15m-25m
back_to_back: 0m
one_on_ones:
  category: 1:1s
  cadence: 4 weeks
role: ic
bands:
  ic_meetings: "3-8"
hourly_rate: 150
count:
  declined: true
  tentative: false
  free: true
  all_day: true
  max_length: none
targets:
  focus_hours: ">= 12"
  meeting_share: "<= 40%"
  share: {Hiring: "10%-20%"}
  hours: {"1:1s": "<= 4"}
categories:
  - name: 1:1s
    match: {title: "1:1"}
  - name: Hiring
    match: {title: interview}
`)
	s := cfg.Settings
	if got := s.WorkingHours[time.Monday]; len(got) != 2 || got[0] != (audit.Span{Start: 510, End: 720}) || got[1] != (audit.Span{Start: 780, End: 1050}) {
		t.Errorf("Monday = %v", got)
	}
	if got := s.WorkingHours[time.Friday]; len(got) != 1 || got[0] != (audit.Span{Start: 540, End: 780}) {
		t.Errorf("Friday = %v", got)
	}
	if s.WorkingDay(time.Saturday) || s.WorkingDay(time.Sunday) {
		t.Error("the weekend should be off")
	}
	if s.Focus != 2*time.Hour || s.Buffer != 45*time.Minute || s.SwitchCost != [2]time.Duration{15 * time.Minute, 25 * time.Minute} || s.BackToBack != 0 {
		t.Errorf("thresholds %v %v %v %v", s.Focus, s.Buffer, s.SwitchCost, s.BackToBack)
	}
	if s.OneOnOnes != "1:1s" || s.Cadence != 28*24*time.Hour || s.Role != "ic" || s.Bands.ICMeetings.Text != "3-8" || s.HourlyRate != 150 {
		t.Errorf("one_on_ones/role/bands/rate: %+v", s)
	}
	if s.Policy != (audit.Policy{Declined: true, Tentative: false, Free: true, AllDay: true}) {
		t.Errorf("policy %+v", s.Policy)
	}
	var names []string
	for _, tg := range s.Targets {
		names = append(names, tg.Name()+" "+tg.Bound.Text)
	}
	if got := strings.Join(names, ", "); got != "focus_hours >= 12, meeting_share <= 40%, share.Hiring 10%-20%, hours.1:1s <= 4" {
		t.Errorf("targets: %s", got)
	}
}

func TestSettingsOneLineHours(t *testing.T) {
	cfg := mustParse(t, "working_hours: \"Mon-Fri 10:00-18:00\"\n")
	if got := cfg.Settings.WorkingHours[time.Wednesday]; len(got) != 1 || got[0] != (audit.Span{Start: 600, End: 1080}) {
		t.Errorf("Wednesday = %v", got)
	}
	cfg = mustParse(t, "working_hours: {weekend: \"10:00-12:00\", sun-tue: \"09:00-17:00\"}\n")
	if !cfg.Settings.WorkingDay(time.Saturday) || cfg.Settings.WorkingHours[time.Sunday][0].Start != 540 || cfg.Settings.WorkingDay(time.Wednesday) {
		t.Errorf("wrapping day ranges: %+v", cfg.Settings.WorkingHours)
	}
}

func TestSettingsErrors(t *testing.T) {
	tests := []struct {
		name, yml string
		line      int
		msg       string
	}{
		{"bad day", "working_hours:\n  mon-fry: \"09:00-17:00\"\n", 2, `unknown day "mon-fry"`},
		{"bad hours", "working_hours:\n  mon: \"9 to 5\"\n", 2, `invalid hours "9 to 5"`},
		{"overnight", "working_hours:\n  mon: \"22:00-06:00\"\n", 2, "the end is not after the start"},
		{"overlapping spans", "working_hours:\n  mon: \"09:00-12:00, 11:00-13:00\"\n", 2, "overlap 09:00-12:00"},
		{"bad focus", "focus_block: soon\n", 1, `invalid duration "soon"`},
		{"zero buffer", "buffer_block: 0m\n", 1, "the duration must be positive"},
		{"buffer above focus", "focus_block: 30m\nbuffer_block: 45m\n", 0, "buffer_block (45m) is longer than focus_block (30m)"},
		{"bad switch cost", "switch_cost: 20m-10m\n", 1, `invalid switch cost "20m-10m"`},
		{"bad role", "role: director\n", 1, `unknown role "director" (valid: manager, ic)`},
		{"unknown metric", "targets:\n  focus_hourz: \">= 10\"\n", 2, `unknown key "focus_hourz" (did you mean "focus_hours"?)`},
		{"bad bound", "targets:\n  focus_hours: \"lots\"\n", 2, `invalid bound "lots"`},
		{"share needs percent", "targets:\n  share: {Hiring: \"20-30\"}\n", 2, `"20-30" must be a percentage`},
		{"hours without percent", "targets:\n  focus_hours: \">= 10%\"\n", 2, `">= 10%" must be a number, not a percentage`},
		{"unknown category in a target", "targets:\n  share: {Hirng: \"20%-30%\"}\n", 2, `no category is called "Hirng" (did you mean "Hiring"?)`},
		{"unknown count key", "count:\n  maybe: true\n", 2, `unknown key "maybe"`},
		{"unknown 1-on-1 category", "one_on_ones:\n  category: 1on1s\n", 2, `no category is called "1on1s"`},
		{"bad rate", "hourly_rate: lots\n", 1, `invalid hourly rate "lots"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("cfg.yaml", []byte(tt.yml))
			es := problemsOf(t, err)
			if es[0].Pos.Line != tt.line || !strings.Contains(es[0].Error(), tt.msg) {
				t.Errorf("got %q (line %d), want line %d containing %q", es[0].Error(), es[0].Pos.Line, tt.line, tt.msg)
			}
		})
	}
}
