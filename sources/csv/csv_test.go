package csv

import (
	"bytes"
	"context"
	stdcsv "encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
	"github.com/timeaudit/timeaudit/sources/sourcetest"
)

// writeGeneric writes events as a generic CSV with floating times.
func writeGeneric(events []audit.Event, loc *time.Location) []byte {
	var b bytes.Buffer
	w := stdcsv.NewWriter(&b)
	w.Write([]string{"title", "start", "end", "all_day", "attendees", "organizer", "status", "response", "series", "calendar"})
	for _, e := range events {
		var people []string
		for _, a := range e.Attendees {
			people = append(people, a.Email)
		}
		layout := "2006-01-02 15:04"
		if e.AllDay {
			layout = time.DateOnly
		}
		w.Write([]string{e.Title, e.Start.In(loc).Format(layout), e.End.In(loc).Format(layout), map[bool]string{true: "true", false: "false"}[e.AllDay],
			strings.Join(people, ";"), e.Organizer.Email, e.Status.String(), e.MyResponse.String(), e.SeriesID, e.Calendar})
	}
	w.Flush()
	return b.Bytes()
}

func fileSource(t *testing.T, name string, content []byte, opts Options) sources.Source {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	src, err := Kind(opts).Open(path, nil, sources.Env{})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func TestContract(t *testing.T) {
	sourcetest.Run(t, sourcetest.Harness{
		Caps: sourcetest.Caps{Attendees: true, MyResponse: true, Status: true, Series: true, Calendar: true},
		New: func(t *testing.T, events []audit.Event, loc *time.Location) sources.Source {
			return fileSource(t, "cal.csv", writeGeneric(events, loc), Options{})
		},
		Garbage: func(t *testing.T, content []byte) sources.Source {
			return fileSource(t, "junk.csv", content, Options{})
		},
	})
}

func fetch(t *testing.T, content string, opts Options, loc *time.Location) (*sources.Result, error) {
	t.Helper()
	return New("in.csv", strings.NewReader(content), opts).Fetch(context.Background(), sources.Request{Location: loc})
}

func mustFetch(t *testing.T, content string, opts Options, loc *time.Location) *sources.Result {
	t.Helper()
	res, err := fetch(t, content, opts, loc)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	return res
}

func load(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// brief renders an event as "title|start|end|flags" for compact comparisons.
func brief(e audit.Event) string {
	s := e.Title + "|"
	if e.Timed() {
		s += e.Start.Format(time.RFC3339) + "|" + e.End.Format(time.RFC3339)
	} else {
		s += "dur=" + e.Duration.String()
	}
	if e.AllDay {
		s += "|all-day"
	}
	if e.DateOnly {
		s += "|date-only"
	}
	return s
}

func briefs(es []audit.Event) string {
	var out []string
	for _, e := range es {
		out = append(out, brief(e))
	}
	return strings.Join(out, "\n")
}

func TestFormats(t *testing.T) {
	berlin := load(t, "Europe/Berlin")
	tests := []struct {
		name    string
		content string
		opts    Options
		want    string
	}{
		{
			name:    "the article's title,duration",
			content: "title,duration\n1:1 with Alex,0:30\nInterview,1:00\nDesign review,1:15\n",
			want:    "1:1 with Alex|dur=30m0s\nInterview|dur=1h0m0s\nDesign review|dur=1h15m0s",
		},
		{
			name:    "generic with floating times, an offset and a duration",
			content: "Subject,Start,End,Duration\nA,2026-03-16 09:00,2026-03-16 09:30,\nB,2026-03-16T10:00:00Z,2026-03-16T11:00:00Z,\nC,2026-03-16T13:00,,45m\nD,2026-03-17,2026-03-18,\n",
			want: "A|2026-03-16T09:00:00+01:00|2026-03-16T09:30:00+01:00\n" +
				"B|2026-03-16T10:00:00Z|2026-03-16T11:00:00Z\n" +
				"C|2026-03-16T13:00:00+01:00|2026-03-16T13:45:00+01:00\n" +
				"D|2026-03-17T00:00:00+01:00|2026-03-18T00:00:00+01:00|all-day",
		},
		{
			name:    "generic with a date column and time columns",
			content: "date,start,end,summary\n16/03/2026,09:00,10:00,Standup\n17/03/2026,23:30,00:30,Night deploy\n",
			want: "Standup|2026-03-16T09:00:00+01:00|2026-03-16T10:00:00+01:00\n" +
				"Night deploy|2026-03-17T23:30:00+01:00|2026-03-18T00:30:00+01:00",
		},
		{
			name: "Outlook's export, 22 columns, US dates and 12-hour times",
			content: `"Subject","Start Date","Start Time","End Date","End Time","All day event","Reminder on/off","Reminder Date","Reminder Time","Meeting Organizer","Required Attendees","Optional Attendees","Meeting Resources","Billing Information","Categories","Description","Location","Mileage","Priority","Private","Sensitivity","Show time as"` + "\r\n" +
				`"Team sync","3/16/2026","9:30:00 AM","3/16/2026","10:00:00 AM","False","True","3/16/2026","9:15:00 AM","Alex Doe","Alex Doe;Me Myself","Sam","","","","Weekly","Room 4","","Normal","False","Normal","2"` + "\r\n" +
				`"Offsite","3/18/2026","12:00:00 AM","3/20/2026","12:00:00 AM","True","False","","","","","","","","","","","","Normal","False","Normal","3"` + "\r\n" +
				`"Late call","3/19/2026","11:30:00 PM","3/20/2026","12:30:00 AM","False","False","","","","","","","","","","","","Normal","False","Normal","2"` + "\r\n",
			want: "Team sync|2026-03-16T09:30:00+01:00|2026-03-16T10:00:00+01:00\n" +
				"Offsite|2026-03-18T00:00:00+01:00|2026-03-20T00:00:00+01:00|all-day\n" +
				"Late call|2026-03-19T23:30:00+01:00|2026-03-20T00:30:00+01:00",
		},
		{
			name: "Google Calendar's import format, spaces after commas",
			content: "Subject, Start Date, Start Time, End Date, End Time, All Day Event, Description, Location, Private\n" +
				"Final exam, 05/12/2026, 10:00 AM, 05/12/2026, 1:00 PM, False, \"Two essay questions, one proof\", \"Columbia, Schermerhorn 614\", True\n" +
				"Reading day, 05/11/2026, , , , True, , , False\n",
			want: "Final exam|2026-05-12T10:00:00+02:00|2026-05-12T13:00:00+02:00\n" +
				"Reading day|2026-05-11T00:00:00+02:00|2026-05-12T00:00:00+02:00|all-day",
		},
		{
			name: "German Outlook: translated headers, 22 columns, dotted dates",
			content: "\"Betreff\",\"Beginnt am\",\"Beginnt um\",\"Endet am\",\"Endet um\",\"Ganztägiges Ereignis\",\"Erinnerung Ein/Aus\",\"Erinnerung am\",\"Erinnerung um\",\"Besprechungsplanung\",\"Erforderliche Teilnehmer\",\"Optionale Teilnehmer\",\"Besprechungsressourcen\",\"Abrechnungsinformationen\",\"Kategorien\",\"Beschreibung\",\"Ort\",\"Reisekilometer\",\"Priorität\",\"Privat\",\"Vertraulichkeit\",\"Zeitspanne zeigen als\"\n" +
				"\"Jour fixe\",\"2.3.2026\",\"13:30:00\",\"2.3.2026\",\"14:00:00\",\"Aus\",\"Aus\",,,,,,,,,,,,,\"Aus\",\"Normal\",\"2\"\n",
			opts: Options{},
			want: "Jour fixe|2026-03-02T13:30:00+01:00|2026-03-02T14:00:00+01:00",
		},
		{
			name:    "semicolon-separated (Excel with a decimal comma)",
			content: "Titel;Beginn;Ende\nPlanung;2026-03-16 09:00;2026-03-16 10:00\n",
			opts:    Options{Columns: map[string]string{"title": "Titel", "start": "Beginn", "end": "Ende"}},
			want:    "Planung|2026-03-16T09:00:00+01:00|2026-03-16T10:00:00+01:00",
		},
		{
			name:    "tab-separated with empty fields",
			content: "title\tstart\tend\tlocation\nA\t2026-03-16 09:00\t2026-03-16 10:00\t\n",
			want:    "A|2026-03-16T09:00:00+01:00|2026-03-16T10:00:00+01:00",
		},
		{
			name:    "BOM, CRLF and a quoted newline",
			content: "\ufefftitle,start,end\r\n\"Two\r\nlines\",2026-03-16 09:00,2026-03-16 10:00\r\nB,2026-03-16 11:00,2026-03-16 12:00\r\n",
			want:    "Two\nlines|2026-03-16T09:00:00+01:00|2026-03-16T10:00:00+01:00\nB|2026-03-16T11:00:00+01:00|2026-03-16T12:00:00+01:00",
		},
		{
			name:    "month names",
			content: "title,start,end\nA,Mar 16 2026 9:00 AM,\"Mar 16, 2026 10:00 AM\"\nB,16 March 2026 14:00,16 March 2026 15:00\n",
			want:    "A|2026-03-16T09:00:00+01:00|2026-03-16T10:00:00+01:00\nB|2026-03-16T14:00:00+01:00|2026-03-16T15:00:00+01:00",
		},
		{
			name:    "a time in the spring DST gap and an event across the change",
			content: "title,start,end\nAcross,2026-03-29 01:00,2026-03-29 04:00\n",
			want:    "Across|2026-03-29T01:00:00+01:00|2026-03-29T04:00:00+02:00",
		},
		{
			name:    "dates and durations, no times of day",
			content: "date,title,duration\n2026-03-16,Interviews,1:30\n2026-03-17,Reviews,45\n",
			want:    "Interviews|2026-03-16T00:00:00+01:00|2026-03-16T01:30:00+01:00|date-only\nReviews|2026-03-17T00:00:00+01:00|2026-03-17T00:45:00+01:00|date-only",
		},
		{
			name:    "blank rows carry no event",
			content: "title,start,end\n,,\nA,2026-03-16 09:00,2026-03-16 10:00\n,,\n",
			want:    "A|2026-03-16T09:00:00+01:00|2026-03-16T10:00:00+01:00",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustFetch(t, tt.content, tt.opts, berlin)
			if got := briefs(res.Events); got != tt.want {
				t.Errorf("events:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestOutlookFields(t *testing.T) {
	content := `"Subject","Start Date","Start Time","End Date","End Time","All day event","Meeting Organizer","Required Attendees","Optional Attendees","Description","Location","Show time as"` + "\n" +
		`"Team sync","3/16/2026","9:30:00 AM","3/16/2026","10:00:00 AM","False","Alex Doe <alex@corp.example>","""Doe, Alex"" <alex@corp.example>; me@corp.example; Room 4","sam@corp.example","Weekly","Room 4","0"` + "\n"
	res := mustFetch(t, content, Options{}, time.UTC)
	e := res.Events[0]
	if e.Organizer.Email != "alex@corp.example" || e.Organizer.Name != "Alex Doe" {
		t.Errorf("organizer = %+v", e.Organizer)
	}
	var got []string
	for _, a := range e.Attendees {
		got = append(got, a.Name+"|"+a.Email+"|"+map[bool]string{true: "optional", false: "required"}[a.Optional])
	}
	want := "Doe, Alex|alex@corp.example|required;|me@corp.example|required;Room 4||required;|sam@corp.example|optional"
	if strings.Join(got, ";") != want {
		t.Errorf("attendees = %s\nwant %s", strings.Join(got, ";"), want)
	}
	if e.ShowAs != audit.ShowAsFree || e.Description != "Weekly" || e.Location != "Room 4" {
		t.Errorf("show as %q, description %q, location %q", e.ShowAs, e.Description, e.Location)
	}
	if e.PeopleCount() != 4 { // Alex, me, Room 4 (a name only), Sam
		t.Errorf("PeopleCount = %d", e.PeopleCount())
	}
}

func TestStatusAndResponse(t *testing.T) {
	content := "title,start,end,status,response\n" +
		"A,2026-03-16 09:00,2026-03-16 10:00,cancelled,\n" +
		"B,2026-03-16 09:00,2026-03-16 10:00,declined,\n" +
		"C,2026-03-16 09:00,2026-03-16 10:00,confirmed,Tentative\n" +
		"D,2026-03-16 09:00,2026-03-16 10:00,,NEEDS-ACTION\n"
	res := mustFetch(t, content, Options{}, time.UTC)
	var got []string
	for _, e := range res.Events {
		got = append(got, e.Status.String()+"/"+e.MyResponse.String())
	}
	if want := "cancelled/ confirmed/declined confirmed/tentative confirmed/needs-action"; strings.Join(got, " ") != want {
		t.Errorf("got %s, want %s", strings.Join(got, " "), want)
	}
}

func TestBadRows(t *testing.T) {
	tests := []struct {
		name, content string
		opts          Options
		msg           string // the whole error message
	}{
		{"bad date", "title,start,end\nA,2026-03-16 09:00,2026-03-16 10:00\nB,2026-13-45 09:00,2026-03-16 10:00\n", Options{},
			`in.csv:3: column "start": invalid date "2026-13-45": no month 13`},
		{"bad time", "title,start,end\nA,2026-03-16 25:00,2026-03-16 10:00\n", Options{},
			`in.csv:2: column "start": invalid time "25:00"`},
		{"bad duration", "title,duration\nA,0:30\nB,half an hour\n", Options{},
			`in.csv:3: column "duration": invalid duration "half an hour": use H:MM, minutes, 1h30m or PT1H30M`},
		{"ends before it starts", "Subject,Start,End\nA,2026-03-16 10:00,2026-03-16 09:00\n", Options{},
			`in.csv:2: column "End": the event ends (2026-03-16 09:00) before it starts (2026-03-16 10:00)`},
		{"line numbers count quoted newlines", "title,start,end\n\"multi\nline\",2026-03-16 09:00,2026-03-16 10:00\nB,2026-03-16 09:00,bogus\n", Options{},
			`in.csv:4: column "end": invalid date "bogus"`},
		{"too many fields", "title,duration\nStandup, daily,0:15\n", Options{},
			`in.csv:2: the row has 3 fields but the header has 2 (an unquoted "," in a value?)`},
		{"malformed quotes", "title,start,end\nA \"quoted\" wrong,2026-03-16 09:00,2026-03-16 10:00\n", Options{},
			`in.csv:2: malformed CSV at column 3: bare " in non-quoted-field`},
		{"unknown status", "title,start,end,status\nA,2026-03-16 09:00,2026-03-16 10:00,postponed\n", Options{},
			`in.csv:2: column "status": unknown status "postponed" (valid: confirmed, tentative, cancelled, or a response: accepted, declined, needs-action)`},
		{"bad all-day", "title,start,end,all_day\nA,2026-03-16,2026-03-17,sometimes\n", Options{},
			`in.csv:2: column "all_day": invalid all-day value "sometimes" (valid: true, false, yes, no, 1, 0, and Outlook's translations such as Ein/Aus)`},
		{"no end", "Subject,Start Date,Start Time,End Date,End Time\nA,3/16/2026,9:00 AM,3/16/2026,\n", Options{},
			`in.csv:2: column "End Time": no end time (the end date is "3/16/2026")`},
		{"no title column", "what,when\nA,2026-03-16\n", Options{},
			`in.csv:1: no title column (looked for Title, Subject, Summary, Name); the header has "what", "when"; name it with --csv-columns title=HEADER`},
		{"no time columns", "title,where\nA,B\n", Options{},
			`in.csv:1: no start, start date or duration column; the header has "title", "where"; name them with --csv-columns start=HEADER,end=HEADER`},
		{"a mapped column is missing", "title,start,end\n", Options{Columns: map[string]string{"start": "Begin"}},
			`in.csv:1: --csv-columns start=Begin: no such column (the header has "title", "start", "end")`},
		{"empty file", "", Options{}, `in.csv:1: empty file: no header row`},
		{"ambiguous dates, generic", "title,start,end\nA,3/2/2026 09:00,3/2/2026 10:00\n", Options{},
			`in.csv:2: ambiguous date "3/2/2026 09:00": no date in the file has a day above 12 to tell month/day from day/month; pass --date-order mdy or --date-order dmy`},
		{"dates disagree", "title,start,end\nA,3/16/2026 09:00,3/16/2026 10:00\nB,16/3/2026 09:00,16/3/2026 10:00\n", Options{},
			`in.csv:3: the dates disagree on day/month order: line 2 has "3/16/2026 09:00" (month first) and line 3 has "16/3/2026 09:00" (day first); fix the file or pass --date-order`},
		{"a date impossible in the forced order", "title,start,end\nA,3/16/2026 09:00,3/16/2026 10:00\n", Options{DateOrder: DateDMY},
			`in.csv:2: column "start": invalid date "3/16/2026": no month 16 (dates read as day/month/year)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := fetch(t, tt.content, tt.opts, time.UTC)
			var ie *audit.Error
			if !errors.As(err, &ie) || ie.Kind != audit.KindInput {
				t.Fatalf("error %v (%T) is not an input error", err, err)
			}
			if err.Error() != tt.msg {
				t.Errorf("error:\n  %s\nwant:\n  %s", err, tt.msg)
			}
		})
	}
}

func TestSkipInvalid(t *testing.T) {
	content := "title,start,end\n" +
		"A,2026-03-16 09:00,2026-03-16 10:00\n" +
		"B,2026-03-16 09:00,never\n" +
		"C \"bad\" quotes,2026-03-16 09:00,2026-03-16 10:00\n" +
		"D,2026-03-16 11:00,2026-03-16 12:00\n"
	res, err := New("in.csv", strings.NewReader(content), Options{}).Fetch(context.Background(),
		sources.Request{Location: time.UTC, SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Events) != 2 || res.Events[0].Title != "A" || res.Events[1].Title != "D" {
		t.Errorf("events = %s", briefs(res.Events))
	}
	want := []string{`in.csv:3 column "end": invalid date "never"`, `in.csv:4 malformed CSV at column 3: bare " in non-quoted-field`}
	var got []string
	for _, s := range res.Skipped {
		got = append(got, s.Source.String()+" "+s.Err)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("skipped:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDateOrder(t *testing.T) {
	tests := []struct {
		name, content string
		opts          Options
		wantStart     string
		wantNote      string
	}{
		{"a day above 12 says month first", "title,start,end\nA,3/2/2026 09:00,3/2/2026 10:00\nB,3/16/2026 09:00,3/16/2026 10:00\n", Options{}, "2026-03-02", ""},
		{"a day above 12 says day first", "title,start,end\nA,3/2/2026 09:00,3/2/2026 10:00\nB,16/3/2026 09:00,16/3/2026 10:00\n", Options{}, "2026-02-03", ""},
		{"the flag decides", "title,start,end\nA,3/2/2026 09:00,3/2/2026 10:00\n", Options{DateOrder: DateDMY}, "2026-02-03", ""},
		{"dots mean day first", "title,start,end\nA,3.2.2026 09:00,3.2.2026 10:00\n", Options{}, "2026-02-03", ""},
		{"ISO needs no order", "title,start,end\nA,2026-03-02 09:00,2026-03-02 10:00\n", Options{}, "2026-03-02", ""},
		{"US Outlook with AM/PM: month first, said in a note",
			"Subject,Start Date,Start Time,End Date,End Time,Show time as\nA,3/2/2026,9:00:00 AM,3/2/2026,10:00:00 AM,2\n", Options{},
			"2026-03-02", "in.csv:2: dates read as month/day/year, as US Outlook exports them (the file has US-style AM/PM times and no date with a day above 12); pass --date-order dmy if that is wrong"},
		{"Google's format defines month first, said in a note",
			"Subject,Start Date,Start Time,End Date,End Time,All Day Event\nA,03/02/2026,10:00,03/02/2026,11:00,False\n", Options{},
			"2026-03-02", "in.csv:2: dates read as month/day/year, as Google Calendar's CSV format defines them (no date in the file has a day above 12 to confirm it); pass --date-order dmy if that is wrong"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustFetch(t, tt.content, tt.opts, time.UTC)
			if got := res.Events[0].Start.Format(time.DateOnly); got != tt.wantStart {
				t.Errorf("first event on %s, want %s", got, tt.wantStart)
			}
			if got := strings.Join(res.Notes, "\n"); got != tt.wantNote {
				t.Errorf("notes = %q\nwant    %q", got, tt.wantNote)
			}
		})
	}
	// Outlook with 24-hour times and no telling date: a British export
	// reads differently from an American one, so timeaudit asks.
	_, err := fetch(t, "Subject,Start Date,Start Time,End Date,End Time,Show time as\nA,3/2/2026,09:00:00,3/2/2026,10:00:00,2\n", Options{}, time.UTC)
	if err == nil || !strings.Contains(err.Error(), "ambiguous date") {
		t.Errorf("24-hour Outlook with ambiguous dates: err = %v, want an ambiguity error", err)
	}
}

func TestEncodings(t *testing.T) {
	utf16le := func(s string) []byte {
		b := []byte{0xFF, 0xFE}
		for _, r := range s {
			b = append(b, byte(r), byte(r>>8))
		}
		return b
	}
	tests := []struct {
		name      string
		content   []byte
		wantTitle string
		wantNote  bool
	}{
		{"UTF-16 (Excel's Unicode Text)", utf16le("title\tstart\tend\nCafé\t2026-03-16 09:00\t2026-03-16 10:00\n"), "Café", false},
		{"Windows-1252", []byte("title,start,end\nCaf\xe9 \x93Planung\x94,2026-03-16 09:00,2026-03-16 10:00\n"), "Café “Planung”", true},
		{"UTF-8 with BOM", []byte("\xef\xbb\xbftitle,start,end\nCafé,2026-03-16 09:00,2026-03-16 10:00\n"), "Café", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustFetch(t, string(tt.content), Options{}, time.UTC)
			if len(res.Events) != 1 || res.Events[0].Title != tt.wantTitle {
				t.Fatalf("events = %s", briefs(res.Events))
			}
			if (len(res.Notes) > 0) != tt.wantNote {
				t.Errorf("notes = %q", res.Notes)
			}
		})
	}
}

func TestParseColumns(t *testing.T) {
	m, err := ParseColumns(" title = Subject , start=Begin,end=Finish")
	if err != nil || m["title"] != "Subject" || m["start"] != "Begin" || m["end"] != "Finish" {
		t.Errorf("ParseColumns = %v, %v", m, err)
	}
	for _, bad := range []string{"title", "titel=Subject", "title=", "title=a,title=b"} {
		if _, err := ParseColumns(bad); err == nil {
			t.Errorf("ParseColumns(%q) accepted", bad)
		}
	}
}

// The Hebcal "Outlook CSV" files of the vendored corpus
// (testdata/corpus/SOURCES.md), with the events their origin tests assert.
func TestCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "corpus", "csv")
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("corpus missing: %v", err)
	}
	chicago := load(t, "America/Chicago")
	tests := []struct {
		file     string
		want     string
		wantNote bool
	}{
		{"hebcal-outlook-csv-allday-single.csv", "Pesach I|1990-04-10T00:00:00-05:00|1990-04-11T00:00:00-05:00|all-day", true},
		{"hebcal-outlook-csv-hebrew-locale.csv", "כ״ד כִּסְלֵו|1995-12-17T00:00:00-06:00|1995-12-18T00:00:00-06:00|all-day", false},
		{"hebcal-outlook-csv-timed-and-allday-chicago.csv",
			// US daylight saving time began on 1 April 1990: the whole file is CDT.
			"Candle lighting|1990-04-06T19:04:00-05:00|1990-04-06T19:04:00-05:00\n" +
				"Havdalah|1990-04-07T20:06:00-05:00|1990-04-07T20:06:00-05:00\n" +
				"Finish eating chametz|1990-04-09T10:41:00-05:00|1990-04-09T10:41:00-05:00\n" +
				"Biur Chametz|1990-04-09T11:47:00-05:00|1990-04-09T11:47:00-05:00\n" +
				"Erev Pesach|1990-04-09T00:00:00-05:00|1990-04-10T00:00:00-05:00|all-day\n" +
				"Candle lighting|1990-04-09T19:07:00-05:00|1990-04-09T19:07:00-05:00", true},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			res := mustFetch(t, string(data), Options{}, chicago)
			if got := briefs(res.Events); got != tt.want {
				t.Errorf("events:\n%s\nwant:\n%s", got, tt.want)
			}
			if (len(res.Notes) > 0) != tt.wantNote {
				t.Errorf("notes = %q", res.Notes)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	for content, want := range map[string]bool{
		"title,start,end\n":                  true,
		"\ufeff\"Subject\",\"Start Date\"\n": true,
		"title;duration\n":                   true,
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n": false,
		"just some words\n":                  false,
		"":                                   false,
	} {
		if got := sniff([]byte(content), nil); got != want {
			t.Errorf("sniff(%q) = %v, want %v", content, got, want)
		}
	}
}

func TestSniffWithColumns(t *testing.T) {
	head := []byte("Betreff;Beginn;Ende\n")
	if sniff(head, nil) {
		t.Error("unknown headers sniffed as CSV without a mapping")
	}
	if !sniff(head, map[string]string{"title": "Betreff", "start": "Beginn", "end": "Ende"}) {
		t.Error("a mapped header is not recognised")
	}
}

func TestStdinOnce(t *testing.T) {
	src := New("-", strings.NewReader("title,duration\nA,0:30\n"), Options{})
	if _, err := src.Fetch(context.Background(), sources.Request{Location: time.UTC}); err != nil {
		t.Fatal(err)
	}
	if _, err := src.Fetch(context.Background(), sources.Request{Location: time.UTC}); err == nil {
		t.Error("stdin read twice")
	}
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte("title,duration\n1:1,0:30\n"))
	f.Add([]byte("title,start,end,attendees\nA,2026-03-16 09:00,2026-03-16 10:00,a@b;c <d@e>\n"))
	f.Add([]byte("Subject,Start Date,Start Time,End Date,End Time,All day event,Show time as\nA,3/16/2026,9:00 AM,3/16/2026,10:00 AM,False,2\n"))
	f.Add([]byte("\xff\xfet\x00i\x00t\x00l\x00e\x00"))
	f.Add([]byte("date;start;end;summary\n16.03.2026;09:00;10:00;x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, skip := range []bool{false, true} {
			res, err := New("f.csv", bytes.NewReader(data), Options{}).Fetch(context.Background(),
				sources.Request{Location: time.UTC, SkipInvalid: skip})
			if err != nil {
				if k := audit.KindOf(err); k != audit.KindInput && k != audit.KindUsage {
					t.Fatalf("error of type %T: %v", err, err)
				}
				if !strings.HasPrefix(err.Error(), "f.csv") {
					t.Fatalf("error does not name the file: %v", err)
				}
				continue
			}
			for _, e := range res.Events {
				if e.Timed() && e.End.Before(e.Start) {
					t.Fatalf("event ends before it starts: %+v", e)
				}
				if e.Source.Line < 2 {
					t.Fatalf("event without a data line: %+v", e)
				}
			}
		}
	})
}

// A record of megabytes (a quote closed far too late) is an error at its
// line, not a silent gigantic title.
func TestRecordCap(t *testing.T) {
	text := "title,start,end\nSync,2026-03-16 09:00,2026-03-16 10:00\n\"Broken" + strings.Repeat("lorem ipsum\n", (maxRecordBytes/12)+10) + "\",2026-03-16 11:00,2026-03-16 12:00\n"
	src, err := Kind(Options{}).Open("big.csv", strings.NewReader(text), sources.Env{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.Fetch(context.Background(), sources.Request{Location: time.UTC})
	if err == nil || !strings.HasPrefix(err.Error(), "big.csv:3: ") || !strings.Contains(err.Error(), "a record of more than 4 MiB: an unclosed quote?") {
		t.Errorf("err = %v", err)
	}
}
