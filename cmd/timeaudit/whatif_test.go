package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const whatifICS = "../../testdata/whatif/week.ics"

var whatifWeek = []string{whatifICS, "--week", "2026-W12", "--tz", "Europe/Berlin", "--me", "me@corp.example"}

// weekFigures are the report JSON's weekFigures the hand experiment names.
type weekFigures struct {
	OneOnOnes struct{ Days int }  `json:"one_on_ones"`
	Switches  struct{ Count int } `json:"context_switches"`
	Focus     struct {
		Minutes       int
		Fragmentation float64
	}
	Meetings struct {
		LongestChain int `json:"longest_chain"`
	}
	Compare *struct {
		Figures []struct {
			Key               string
			Current, Previous *float64
			Verdict           string
		}
	}
	Edits []string
}

// The hand experiment of the issue, on a fixture: moving three 1-on-1s to
// Monday takes 1-on-1 days 4 -> 1, switches 31 -> 28, focus 15:50 ->
// 17:20, fragmentation 28% -> 21%, and grows the longest back-to-back
// chain to 5.
func TestWhatifHandExperiment(t *testing.T) {
	before, errOut, code := runCLI(t, testEnv{}, append([]string{"report"}, append(whatifWeek, "-f", "json")...)...)
	if code != 0 {
		t.Fatal(errOut)
	}
	after, errOut, code := runCLI(t, testEnv{}, append([]string{"whatif"}, append(whatifWeek, "-f", "json",
		"--move", "1:1 Cam=Mon 11:00", "--move", "1:1 Dee=Mon 11:30", "--move", "1:1 Eve=Mon 12:00")...)...)
	if code != 0 {
		t.Fatal(errOut)
	}
	var b, a weekFigures
	if err := json.Unmarshal([]byte(before), &b); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(after), &a); err != nil {
		t.Fatal(err)
	}
	pct := func(f float64) int { return int(f*100 + 0.5) }
	for _, c := range []struct {
		name       string
		got, want  int
		gotA, wanA int
	}{
		{"1-on-1 days", b.OneOnOnes.Days, 4, a.OneOnOnes.Days, 1},
		{"switches", b.Switches.Count, 31, a.Switches.Count, 28},
		{"focus minutes", b.Focus.Minutes, 15*60 + 50, a.Focus.Minutes, 17*60 + 20},
		{"fragmentation %", pct(b.Focus.Fragmentation), 28, pct(a.Focus.Fragmentation), 21},
		{"longest chain", b.Meetings.LongestChain, 3, a.Meetings.LongestChain, 5},
	} {
		if c.got != c.want || c.gotA != c.wanA {
			t.Errorf("%s: %d -> %d, want %d -> %d", c.name, c.got, c.gotA, c.want, c.wanA)
		}
	}
	if len(a.Edits) != 3 || !strings.Contains(a.Edits[0], `move "1:1 Cam" Tue 11:00 -> Mon 11:00`) {
		t.Errorf("edits %q", a.Edits)
	}
	// The comparison is against the week as it is, with verdicts.
	if a.Compare == nil {
		t.Fatal("no compare object")
	}
	verdicts := map[string]string{}
	for _, f := range a.Compare.Figures {
		verdicts[f.Key] = f.Verdict
	}
	if verdicts["fragmentation"] != "better" || verdicts["one_on_one_days_per_week"] != "better" {
		t.Errorf("verdicts %v", verdicts)
	}
	// The same in text: the edits, then the table against the week as it is.
	text, _, _ := runCLI(t, testEnv{}, append([]string{"whatif"}, append(whatifWeek,
		"--move", "1:1 Cam=Mon 11:00", "--move", "1:1 Dee=Mon 11:30", "--move", "1:1 Eve=Mon 12:00")...)...)
	for _, want := range []string{"What if", `move "1:1 Eve" Thu 15:00 -> Mon 12:00`, "The edited week against the week as it is", "As is", "Your calendar is not changed"} {
		if !strings.Contains(text, want) {
			t.Errorf("the text has no %q:\n%s", want, text)
		}
	}
}

// Edits that name no event, or several, are bad usage listing the
// candidates; every kind of edit applies.
func TestWhatifEdits(t *testing.T) {
	dir := t.TempDir()
	edits := filepath.Join(dir, "edits.yaml")
	os.WriteFile(edits, []byte("- move: \"1:1 Cam=Mon 11:00\"\n- drop: \"Hiring sync\"\n- shorten: \"Sprint planning=30m\"\n- add: \"focus Fri 09:15-11:15\"\n- decline: \"Retro\"\n"), 0o600)
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("- move: \"1:1 Cam\"\n"), 0o600)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no edit", nil, 2, "whatif needs an edit"},
		{"no such event", []string{"--drop", "Board meeting"}, 2, `--drop "Board meeting": no event of the week has that title`},
		{"close titles", []string{"--drop", "Retr"}, 2, `did you mean "Retro", "Retro (part 2)"?`},
		{"several", []string{"--move", "Team standup=Mon 12:00"}, 2, "5 events match (Mon 16 Mar 09:00, Tue 17 Mar 09:00"},
		{"a day picks one", []string{"--move", "Team standup@Fri=Fri 09:30", "-f", "json"}, 0, `move \"Team standup\" Fri 09:00 -> Fri 09:30`},
		{"bad day", []string{"--move", "1:1 Cam=Someday 10:00"}, 2, `"Someday" is not a day of 2026-W12`},
		{"bad time", []string{"--move", "1:1 Cam=Mon 25:00"}, 2, `"25:00" is not a time`},
		{"bad length", []string{"--shorten", "1:1 Cam=soon"}, 2, `"soon" is not a length`},
		{"bad add", []string{"--add", "focus Tue 11:00-10:00"}, 2, "is not a time span"},
		{"file", []string{"--edits", edits, "-f", "json"}, 0, `"decline \"Retro\" (Fri 13:55)"`},
		{"file error", []string{"--edits", bad}, 2, "bad.yaml:1: --move \"1:1 Cam\": expected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, testEnv{}, append([]string{"whatif"}, append(whatifWeek, tt.args...)...)...)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Errorf("exit %d, want %d, and %q in:\n%s%s", code, tt.code, tt.want, out, errOut)
			}
		})
	}
	// The file's edits all took effect.
	out, _, _ := runCLI(t, testEnv{}, append([]string{"whatif"}, append(whatifWeek, "--edits", edits, "-f", "json")...)...)
	var r struct {
		Total struct{ Events int }
		Edits []string
	}
	json.Unmarshal([]byte(out), &r)
	if len(r.Edits) != 5 || r.Total.Events != 30-2+1 { // 30 events: one dropped, one declined, one added
		t.Errorf("total %d events, edits %q", r.Total.Events, r.Edits)
	}
}
