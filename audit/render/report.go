package render

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/olekukonko/tablewriter/tw"
	"github.com/timeaudit/timeaudit/audit"
)

// maxInvalidListed bounds how many skipped records a human-readable report lists.
const maxInvalidListed = 10

func reportTable(w io.Writer, r *audit.Report, o Options) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, bold("Time by category", o)+dim(" · "+rangeTitle(r), o))
	fmt.Fprintln(bw)
	if len(r.Categories) == 0 {
		fmt.Fprintln(bw, "No events to count.")
	} else {
		t := newTable(bw, []tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignLeft})
		t.Header("Category", "Kind", "Events", "Time", "Share", "")
		for _, c := range r.Categories {
			t.Append(c.Name, string(c.Kind), strconv.Itoa(c.Events), audit.FormatHM(c.Time), percent(c.Share), bar(c.Share, 20))
		}
		t.Footer("Total", "", strconv.Itoa(r.Total.Events), audit.FormatHM(r.Total.Time), percent(r.Total.Share), "")
		if err := t.Render(); err != nil {
			return err
		}
	}
	humanFooter(bw, r, o)
	return errWrite(bw.Flush())
}

// humanFooter writes what was left out, the invalid records and the notes.
func humanFooter(w io.Writer, r *audit.Report, o Options) {
	if s := leftOutText(r); s != "" {
		fmt.Fprintln(w, "Left out: "+s+".")
	}
	if s := responsesText(r); s != "" {
		fmt.Fprintln(w, "Your responses: "+s+".")
	}
	if len(r.Invalid) > 0 {
		fmt.Fprintln(w, "Invalid records skipped:")
		for i, s := range r.Invalid {
			if i == maxInvalidListed {
				fmt.Fprintf(w, "  ... and %d more (see --format json)\n", len(r.Invalid)-i)
				break
			}
			fmt.Fprintf(w, "  %s: %s\n", s.Source, s.Err)
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintln(w, dim("Note: "+n, o))
	}
}

// reportTSV is the report for pipes: a header line, one line per category
// and a total, then "#" comment lines for what was left out and the notes.
func reportTSV(w io.Writer, r *audit.Report, _ Options) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "category\tkind\tevents\tminutes\tshare")
	for _, c := range r.Categories {
		fmt.Fprintf(bw, "%s\t%s\t%d\t%s\t%s\n", tsvCell(c.Name), c.Kind, c.Events, minutesText(c.Time), strconv.FormatFloat(round4(c.Share), 'f', -1, 64))
	}
	fmt.Fprintf(bw, "Total\t\t%d\t%s\t%s\n", r.Total.Events, minutesText(r.Total.Time), strconv.FormatFloat(r.Total.Share, 'f', -1, 64))
	if s := leftOutText(r); s != "" {
		fmt.Fprintf(bw, "# left out: %s\n", s)
	}
	if s := responsesText(r); s != "" {
		fmt.Fprintf(bw, "# your responses: %s\n", s)
	}
	for _, s := range r.Invalid {
		fmt.Fprintf(bw, "# invalid: %s: %s\n", s.Source, tsvCell(s.Err))
	}
	for _, n := range r.Notes {
		fmt.Fprintf(bw, "# note: %s\n", n)
	}
	return errWrite(bw.Flush())
}

// reportCSV is one row per category, for a spreadsheet; the spreadsheet
// sums, so there is no total row.
func reportCSV(w io.Writer, r *audit.Report, _ Options) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"category", "kind", "events", "minutes", "hours", "share"})
	for _, c := range r.Categories {
		cw.Write([]string{sheetCell(c.Name), string(c.Kind), strconv.Itoa(c.Events), minutesText(c.Time),
			strconv.FormatFloat(hours(c.Time), 'f', -1, 64), strconv.FormatFloat(round4(c.Share), 'f', -1, 64)})
	}
	cw.Flush()
	return errWrite(cw.Error())
}

// The JSON report. Its field names are a stable interface: add, never rename.
type jsonReport struct {
	Range         jsonRange      `json:"range"`
	Total         jsonTotal      `json:"total"`
	Categories    []jsonCategory `json:"categories"`
	LeftOut       jsonLeftOut    `json:"left_out"`
	Responses     jsonResponses  `json:"responses"`
	Invalid       []jsonInvalid  `json:"invalid"`
	UntimedEvents int            `json:"untimed_events"`
	Notes         []string       `json:"notes"`
}

type jsonRange struct {
	From     *time.Time `json:"from"` // null when the input has no dates
	To       *time.Time `json:"to"`
	Label    string     `json:"label"`
	TimeZone string     `json:"time_zone"`
	Derived  bool       `json:"derived"` // the span of the input, not asked for
}

type jsonTotal struct {
	Events  int     `json:"events"`
	Minutes float64 `json:"minutes"`
	Hours   float64 `json:"hours"`
}

type jsonCategory struct {
	Name    string  `json:"name"`
	Kind    string  `json:"kind"`
	Events  int     `json:"events"`
	Minutes float64 `json:"minutes"`
	Hours   float64 `json:"hours"`
	Share   float64 `json:"share"`
}

type jsonLeftOut struct {
	OutsideRange int `json:"outside_range"`
	Cancelled    int `json:"cancelled"`
	Declined     int `json:"declined"`
	AllDay       int `json:"all_day"`
	Ignored      int `json:"ignored"`
	Invalid      int `json:"invalid"`
}

// jsonResponses counts the user's responses: accepted, tentative,
// needs_action and unknown among the counted events; declined whether left
// out or, with --include-declined, counted.
type jsonResponses struct {
	Accepted    int `json:"accepted"`
	Tentative   int `json:"tentative"`
	NeedsAction int `json:"needs_action"`
	Declined    int `json:"declined"`
	Unknown     int `json:"unknown"`
}

type jsonInvalid struct {
	Source string `json:"source"`
	Line   int    `json:"line,omitempty"`
	Record int    `json:"record,omitempty"`
	Error  string `json:"error"`
}

func reportJSON(w io.Writer, r *audit.Report, _ Options) error {
	out := jsonReport{
		Range: jsonRange{Label: r.Range.Label(), TimeZone: r.Range.Location().String(), Derived: r.RangeDerived},
		Total: jsonTotal{Events: r.Total.Events, Minutes: minutes(r.Total.Time), Hours: hours(r.Total.Time)},
		LeftOut: jsonLeftOut{
			OutsideRange: r.LeftOutCount(audit.OutsideRange),
			Cancelled:    r.LeftOutCount(audit.Cancelled),
			Declined:     r.LeftOutCount(audit.DeclinedByMe),
			AllDay:       r.LeftOutCount(audit.AllDay),
			Ignored:      r.LeftOutCount(audit.IgnoredByRule),
			Invalid:      r.LeftOutCount(audit.Invalid),
		},
		Responses: jsonResponses{Accepted: r.Responses.Accepted, Tentative: r.Responses.Tentative,
			NeedsAction: r.Responses.NeedsAction, Declined: r.Responses.Declined, Unknown: r.Responses.Unknown},
		Categories:    []jsonCategory{},
		Invalid:       []jsonInvalid{},
		UntimedEvents: r.Untimed,
		Notes:         append([]string{}, r.Notes...),
	}
	if !r.Range.IsZero() {
		from, to := r.Range.From, r.Range.To
		out.Range.From, out.Range.To = &from, &to
	}
	for _, c := range r.Categories {
		out.Categories = append(out.Categories, jsonCategory{Name: c.Name, Kind: string(c.Kind), Events: c.Events,
			Minutes: minutes(c.Time), Hours: hours(c.Time), Share: round4(c.Share)})
	}
	for _, s := range r.Invalid {
		out.Invalid = append(out.Invalid, jsonInvalid{Source: s.Source.Source, Line: s.Source.Line, Record: s.Source.Record, Error: s.Err})
	}
	return writeJSON(w, out)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return errWrite(enc.Encode(v))
}

func reportMarkdown(w io.Writer, r *audit.Report, _ Options) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## Time by category\n\n%s\n\n", mdCell(rangeTitle(r)))
	if len(r.Categories) == 0 {
		fmt.Fprintln(bw, "No events to count.")
	} else {
		t := newMarkdown(bw, []tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight})
		t.Header("Category", "Kind", "Events", "Time", "Share")
		for _, c := range r.Categories {
			t.Append(mdCell(c.Name), string(c.Kind), strconv.Itoa(c.Events), audit.FormatHM(c.Time), percent(c.Share))
		}
		t.Append("**Total**", "", "**"+strconv.Itoa(r.Total.Events)+"**", "**"+audit.FormatHM(r.Total.Time)+"**", "**"+percent(r.Total.Share)+"**")
		if err := t.Render(); err != nil {
			return err
		}
	}
	if s := leftOutText(r); s != "" {
		fmt.Fprintf(bw, "\n**Left out:** %s.\n", s)
	}
	if s := responsesText(r); s != "" {
		fmt.Fprintf(bw, "\n**Your responses:** %s.\n", s)
	}
	if len(r.Invalid) > 0 {
		fmt.Fprintln(bw, "\n**Invalid records skipped:**")
		fmt.Fprintln(bw)
		for i, s := range r.Invalid {
			if i == maxInvalidListed {
				fmt.Fprintf(bw, "- ... and %d more\n", len(r.Invalid)-i)
				break
			}
			fmt.Fprintf(bw, "- %s: %s\n", mdCell(s.Source.String()), mdCell(s.Err))
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(bw, "\n> Note: %s\n", mdCell(n))
	}
	return errWrite(bw.Flush())
}
