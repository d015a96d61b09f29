package audit

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseEdit(t *testing.T) {
	tests := []struct {
		op      EditOp
		spec    string
		want    string // the parsed edit, as "text@day=day+minutes length"
		wantErr string
	}{
		{EditMove, "1:1 Alex=Mon 10:30", "1:1 Alex@=2026-03-16+630 0s", ""},
		{EditMove, "1:1 Alex@Wed=Mon 10:30", "1:1 Alex@2026-03-18=2026-03-16+630 0s", ""},
		{EditMove, "a=b=Tue 09:00", "a=b@=2026-03-17+540 0s", ""},
		{EditMove, "x@2026-03-20=2026-03-19 17:00", "x@2026-03-20=2026-03-19+1020 0s", ""},
		{EditMove, "no day", "", `expected "TITLE=DAY HH:MM"`},
		{EditMove, "x=Mon", "", `is not a day and time`},
		{EditMove, "x=2026-04-01 10:00", "", "2026-04-01 is not in 2026-W12"},
		{EditMove, "x=Mon 9:5", "", "is not a time"},
		{EditShorten, "Sync=25m", "Sync@=0001-01-01+0 25m0s", ""},
		{EditShorten, "Sync=0m", "", "is not a length"},
		{EditAdd, "focus Tue 09:00-11:00", "@=2026-03-17+540 2h0m0s", ""},
		{EditAdd, "Deep work block Fri 13:00-15:30", "@=2026-03-20+780 2h30m0s", ""},
		{EditAdd, "focus Tue", "", "expected"},
		{EditAdd, "focus Tue 11:00-11:00", "", "is not a time span"},
		{EditDrop, "Team standup@Thu", "Team standup@2026-03-19=0001-01-01+0 0s", ""},
		{EditDrop, " ", "", "no title or UID"},
		{EditDecline, "user@host", "user@host@=0001-01-01+0 0s", ""},
	}
	for _, tt := range tests {
		e, err := ParseEdit(tt.op, tt.spec, planWeek)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || KindOf(err) != KindUsage {
				t.Errorf("%s %q: error %v, want %q", tt.op, tt.spec, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %q: %v", tt.op, tt.spec, err)
			continue
		}
		day := func(t time.Time) string { return t.Format("2006-01-02") }
		sel := e.Select.Text + "@"
		if !e.Select.Day.IsZero() {
			sel += day(e.Select.Day)
		}
		got := sel + "=" + day(e.Day) + "+" + strconv.Itoa(e.At) + " " + e.Length.String()
		if tt.op == EditAdd {
			got = "@=" + day(e.Day) + "+" + strconv.Itoa(e.At) + " " + e.Length.String()
		}
		if got != tt.want {
			t.Errorf("%s %q = %s, want %s", tt.op, tt.spec, got, tt.want)
		}
	}
}

// Edits never panic on any text, and every error is bad usage.
func FuzzParseEdit(f *testing.F) {
	for _, s := range []string{"1:1 Alex=Mon 10:30", "x@Wed=2026-03-18 24:00", "focus Tue 09:00-11:00", "Sync=25m", "=", "@", "a@@b=c d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		for op := EditMove; op <= EditDecline; op++ {
			e, err := ParseEdit(op, spec, planWeek)
			if err != nil {
				if KindOf(err) != KindUsage {
					t.Fatalf("%s %q: %v is not bad usage", op, spec, err)
				}
				continue
			}
			if (op == EditMove || op == EditAdd) && (e.Day.Before(planWeek.From) || !e.Day.Before(planWeek.To) || e.At < 0 || e.At > 24*60) {
				t.Fatalf("%s %q: outside the week: %+v", op, spec, e)
			}
		}
	})
}

// An event two sources hold (the same UID and start) is one event to an
// edit: both copies change, so that it still counts once.
func TestApplyEditsCopies(t *testing.T) {
	e := Event{Title: "Sync", UID: "u1", Start: at(16, 9, 0), End: at(16, 9, 30), Status: StatusConfirmed}
	other := e
	other.UID = "u2"
	ed, err := ParseEdit(EditMove, "Sync@Mon=Tue 11:00", planWeek)
	if err != nil {
		t.Fatal(err)
	}
	out, done, err := ApplyEdits([]Event{e, e}, []Edit{ed}, planWeek)
	if err != nil || len(done) != 1 || !out[0].Start.Equal(at(17, 11, 0)) || !out[1].Start.Equal(at(17, 11, 0)) {
		t.Fatalf("copies: %v %q %v", err, done, out)
	}
	if _, _, err := ApplyEdits([]Event{e, other}, []Edit{ed}, planWeek); err == nil || !strings.Contains(err.Error(), "2 events match") {
		t.Errorf("two events: %v", err)
	}
	// Declining does not touch a list another event shares.
	e.Attendees = []Attendee{{Person: Person{Email: "me@corp.example"}, Self: true, Response: ResponseAccepted}}
	shared := e
	shared.Title = "Other"
	dec, _ := ParseEdit(EditDecline, "Sync", planWeek)
	out, _, err = ApplyEdits([]Event{e, shared}, []Edit{dec}, planWeek)
	if err != nil || out[0].Attendees[0].Response != ResponseDeclined || out[1].Attendees[0].Response != ResponseAccepted {
		t.Errorf("decline: %v %+v", err, out)
	}
}
