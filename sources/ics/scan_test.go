package ics

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"github.com/timeaudit/timeaudit/bench/calgen"
	"github.com/timeaudit/timeaudit/sources"
)

// sameComponent compares what the scanner and go-ical made of a component;
// go-ical's empty parameter maps equal the scanner's nil ones.
func sameComponent(a, b *ical.Component) bool {
	if a.Name != b.Name || len(a.Props) != len(b.Props) || len(a.Children) != len(b.Children) {
		return false
	}
	for name, as := range a.Props {
		bs := b.Props[name]
		if len(as) != len(bs) {
			return false
		}
		for i := range as {
			if as[i].Name != bs[i].Name || as[i].Value != bs[i].Value || len(as[i].Params) != len(bs[i].Params) {
				return false
			}
			if len(as[i].Params) > 0 && !reflect.DeepEqual(as[i].Params, bs[i].Params) {
				return false
			}
		}
	}
	for i := range a.Children {
		if !sameComponent(a.Children[i], b.Children[i]) {
			return false
		}
	}
	return true
}

// checkScan frames text and holds the scanner to go-ical on every
// component: where the scanner reads one, go-ical reads the same; where
// go-ical fails, the scanner gives up. It returns how many components the
// scanner read and how many there were.
func checkScan(t testing.TB, name, text string) (scanned, all int) {
	cals, _, _ := frame(text, false)
	for _, cal := range cals {
		for _, c := range cal.components {
			lines := c.logical()
			all++
			fast, ok := scanComponent(lines)
			slow, err := decodeOnce(lines, "")
			switch {
			case ok && err != nil:
				t.Fatalf("%s:%d: the scanner read a component go-ical rejects (%v)", name, c.begin(), err)
			case ok && !sameComponent(fast, slow):
				t.Fatalf("%s:%d: the scanner and go-ical differ:\n%#v\n%#v", name, c.begin(), fast, slow)
			case ok:
				scanned++
			}
		}
	}
	return scanned, all
}

func TestScanMatchesGoICal(t *testing.T) {
	var files []string
	for _, dir := range []string{corpusDir, filepath.Join("..", "..", "testdata", "sample"), filepath.Join("..", "..", "testdata", "whatif")} {
		fs, err := filepath.Glob(filepath.Join(dir, "*.ics"))
		if err != nil || len(fs) == 0 {
			t.Fatalf("no calendars in %s", dir)
		}
		files = append(files, fs...)
	}
	scanned, all := 0, 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text, _ := sources.DecodeText(data)
		s, a := checkScan(t, filepath.Base(f), text)
		scanned, all = scanned+s, all+a
	}
	t.Logf("corpus and samples: the scanner read %d of %d components", scanned, all)
	end := time.Date(2026, 3, 23, 0, 0, 0, 0, time.UTC)
	for name, text := range map[string]string{
		"years":  calgen.Years(1, 60, end, 5),
		"export": calgen.Export(2, 3000, end, 5),
	} {
		s, a := checkScan(t, name, text)
		if s != a {
			t.Errorf("%s: the scanner read %d of %d components; the bench's calendars are all plain", name, s, a)
		}
	}
	// Lines go-ical rejects or stumbles on are left to it.
	for _, l := range []string{
		`ATTENDEE;CN="unterminated:mailto:a@b`, `ATTENDEE;CN=a"b:mailto:a@b`, `X;A=1`, `;X:1`, `X;=1:2`,
		`X;A`, `X;A=1x"`, `NOCOLON`, `X;A="q"z:1`,
	} {
		if _, ok := scanComponent(logicalLines("BEGIN:VEVENT\r\n" + l + "\r\nEND:VEVENT\r\n")); ok {
			t.Errorf("%q: the scanner read a line it should leave to go-ical", l)
		}
	}
}

// FuzzScan: on any text, a component the scanner reads is what go-ical
// reads.
func FuzzScan(f *testing.F) {
	f.Add("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nATTENDEE;CN=\"A, B\";PARTSTAT=ACCEPTED:mailto:a@b\r\nSUMMARY:x\r\nBEGIN:VALARM\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
	f.Add("BEGIN:VCALENDAR\nBEGIN:vevent\nx-a;b=1,2;c=\"3\":v:w\n dt\nEND:VEVENT\nEND:VCALENDAR\n")
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<16 || !strings.Contains(text, "BEGIN") {
			return
		}
		checkScan(t, "fuzz", text)
	})
}

// Without descriptions, an event's DESCRIPTION (folded over lines) is left
// out of its copy, and every later line keeps its number; a VALARM's and
// the calendar's own stay.
func TestFrameWithoutDescriptions(t *testing.T) {
	text := "BEGIN:VCALENDAR\r\nX-WR-CALDESC:kept\r\nBEGIN:VEVENT\r\nUID:1\r\nDESCRIPTION:a long\r\n  text\r\nSUMMARY:After\r\n" +
		"BEGIN:VALARM\r\nDESCRIPTION:alarm\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	cals, _, err := frame(text, true)
	if err != nil {
		t.Fatal(err)
	}
	c := cals[0].components[0]
	if strings.Contains(c.text, "a long") || !strings.Contains(c.text, "DESCRIPTION:alarm") {
		t.Fatalf("copy: %q", c.text)
	}
	if got := c.propLine("SUMMARY", 0); got != 7 {
		t.Errorf("SUMMARY on line %d, want 7", got)
	}
	comp, notes, err := decode(c.logical(), "")
	if err != nil || len(notes) > 0 || comp.Props.Get("DESCRIPTION") != nil || comp.Props.Get("SUMMARY").Value != "After" {
		t.Errorf("decoded: %v %v %#v", err, notes, comp)
	}
	if !strings.Contains(cals[0].props[0].text, "kept") {
		t.Error("the calendar's own properties must stay")
	}
}
