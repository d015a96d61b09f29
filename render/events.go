package render

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"iter"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/olekukonko/tablewriter/tw"
	"github.com/timeaudit/timeaudit/audit"
)

// eventColumns is the column order of `timeaudit events` in CSV and TSV:
// a stable interface (add at the end, never reorder). `events --all` adds
// allColumns.
var (
	eventColumns = []string{"start", "end", "minutes", "title", "category", "rule", "calendar", "source",
		"kind", "why", "attendees", "organizer", "response", "status", "location", "series"}
	allColumns = append(eventColumns[:len(eventColumns):len(eventColumns)], "counted", "left_out")
)

// eventRow is one item as the machine formats write it.
type eventRow struct {
	Start     string  `json:"start"`
	End       string  `json:"end"`
	Minutes   float64 `json:"minutes"`
	Title     string  `json:"title"`
	Category  string  `json:"category"`
	Rule      string  `json:"rule"`
	Calendar  string  `json:"calendar"`
	Source    string  `json:"source"`
	Kind      string  `json:"kind"`
	Why       string  `json:"why"`
	Attendees int     `json:"attendees"`
	Organizer string  `json:"organizer"`
	Response  string  `json:"response"`
	Status    string  `json:"status"`
	Location  string  `json:"location"`
	Series    string  `json:"series"`
}

func rowOf(it *audit.Item) eventRow {
	e := it.Event
	row := eventRow{
		Minutes: minutes(it.Length), Title: e.Title, Category: it.Match.Category, Rule: it.Match.Rule,
		Calendar: e.Calendar, Source: e.Source.String(), Kind: string(it.Kind()), Why: it.Match.Why,
		Attendees: e.PeopleCount(), Organizer: e.Organizer.String(), Response: e.MyResponse.String(),
		Status: e.Status.String(), Location: e.Location, Series: e.SeriesID,
	}
	switch {
	case e.DateOnly:
		row.Start = it.Start.Format(time.DateOnly) // the day, without a time
	case !it.Start.IsZero():
		row.Start, row.End = it.Start.Format(time.RFC3339), it.End.Format(time.RFC3339)
	}
	return row
}

func (r eventRow) fields(cell func(string) string) []string {
	return r.appendFields(make([]string, 0, len(eventColumns)), cell)
}

// appendFields appends the row's cells to out (to reuse one slice).
func (r eventRow) appendFields(out []string, cell func(string) string) []string {
	return append(out, r.Start, r.End, strconv.FormatFloat(r.Minutes, 'f', -1, 64), cell(r.Title), cell(r.Category),
		r.Rule, cell(r.Calendar), cell(r.Source), r.Kind, cell(r.Why), strconv.Itoa(r.Attendees),
		cell(r.Organizer), r.Response, r.Status, cell(r.Location), cell(r.Series))
}

// counted are the items that add to the totals.
func counted(r *audit.Report) []*audit.Item {
	out := make([]*audit.Item, 0, len(r.Items))
	for i := range r.Items {
		if r.Items[i].Counted() {
			out = append(out, &r.Items[i])
		}
	}
	return out
}

// listedItem is an event as `events --all` lists it: counted, or left out
// and why (a reason's key: declined, ignored, duplicate ...).
type listedItem struct {
	*audit.Item
	leftOut string // "" when counted
}

// eachListed yields what listed returns; without all, straight from the
// report's items, with nothing made per item.
func eachListed(r *audit.Report, all bool) iter.Seq[listedItem] {
	if all {
		return slices.Values(listed(r, true))
	}
	return func(yield func(listedItem) bool) {
		for i := range r.Items {
			if it := &r.Items[i]; it.Counted() && !yield(listedItem{Item: it}) {
				return
			}
		}
	}
}

// listed are the counted items, or with all every event in the range, in
// start order.
func listed(r *audit.Report, all bool) []listedItem {
	n := len(r.Items)
	if all {
		n += len(r.LeftOutItems)
	}
	out := make([]listedItem, 0, n)
	for i := range r.Items {
		it := &r.Items[i]
		switch {
		case it.Counted():
			out = append(out, listedItem{Item: it})
		case all:
			out = append(out, listedItem{Item: it, leftOut: audit.IgnoredByRule.Key()})
		}
	}
	if !all {
		return out
	}
	for i := range r.LeftOutItems {
		out = append(out, listedItem{Item: &r.LeftOutItems[i].Item, leftOut: r.LeftOutItems[i].Reason.Key()})
	}
	slices.SortStableFunc(out, func(a, b listedItem) int {
		switch az, bz := a.Start.IsZero(), b.Start.IsZero(); {
		case az && !bz:
			return 1 // untimed events last
		case bz && !az:
			return -1
		}
		return a.Start.Compare(b.Start)
	})
	return out
}

// allRow is a row of `events --all`: the row and whether it counts.
type allRow struct {
	eventRow
	Counted bool   `json:"counted"`
	LeftOut string `json:"left_out"`
}

func (li listedItem) extra() []string {
	return []string{strconv.FormatBool(li.leftOut == ""), li.leftOut}
}

func eventsCSV(w io.Writer, r *audit.Report, o Options) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var row []byte
	for i, h := range columns(o.All) {
		if i > 0 {
			row = append(row, ',')
		}
		row = appendCSV(row, h)
	}
	bw.Write(append(row, '\n'))
	// What is the same for every occurrence of a source event, all of the
	// row after its times and minutes, is written once and copied after
	// (see rowCache); its parts too: provenance, organizer and head count.
	sources := map[audit.Provenance]string{}
	organizers := map[audit.Person]string{}
	var people audit.PeopleCounts
	var cache rowCache
	var starts, ends stamps
	for it := range eachListed(r, o.All) {
		e := it.Event
		row = row[:0]
		switch {
		case e.DateOnly:
			row = it.Start.AppendFormat(row, time.DateOnly)
			row = append(row, ',')
		case !it.Start.IsZero():
			row = starts.append(row, it.Start)
			row = append(row, ',')
			row = ends.append(row, it.End)
		default:
			row = append(row, ',')
		}
		row = append(row, ',')
		row = appendMinutes(row, it.Length)
		if slot, hit := cache.slot(it.Item); hit {
			row = append(row, slot.suffix...)
		} else {
			from := len(row)
			src, ok := sources[e.Source]
			if !ok {
				src = e.Source.String()
				sources[e.Source] = src
			}
			org, ok := organizers[e.Organizer]
			if !ok {
				org = e.Organizer.String()
				organizers[e.Organizer] = org
			}
			for _, c := range [...]string{sheetCell(e.Title), sheetCell(it.Match.Category), it.Match.Rule, sheetCell(e.Calendar), sheetCell(src), string(it.Kind()), sheetCell(it.Match.Why)} {
				row = appendCSV(append(row, ','), c)
			}
			row = strconv.AppendInt(append(row, ','), int64(people.Of(e)), 10)
			for _, c := range [...]string{sheetCell(org), e.MyResponse.String(), e.Status.String(), sheetCell(e.Location), sheetCell(e.SeriesID)} {
				row = appendCSV(append(row, ','), c)
			}
			slot.suffix = append(slot.suffix[:0], row[from:]...)
		}
		if o.All {
			row = strconv.AppendBool(append(row, ','), it.leftOut == "")
			row = appendCSV(append(row, ','), it.leftOut)
		}
		if _, err := bw.Write(append(row, '\n')); err != nil {
			return errWrite(err)
		}
	}
	return errWrite(bw.Flush())
}

// appendCSV appends one field as encoding/csv writes it (comma, no CRLF):
// quoted when it holds a comma, a quote, CR or LF, begins with a space, or
// is \. ; quotes doubled inside.
func appendCSV(b []byte, field string) []byte {
	if !csvNeedsQuotes(field) {
		return append(b, field...)
	}
	b = append(b, '"')
	for i := 0; i < len(field); i++ {
		if field[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, field[i])
	}
	return append(b, '"')
}

func csvNeedsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if field == `\.` {
		return true
	}
	for i := 0; i < len(field); i++ {
		switch field[i] {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r)
}

func eventsTSV(w io.Writer, r *audit.Report, o Options) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, strings.Join(columns(o.All), "\t"))
	for _, it := range listed(r, o.All) {
		fields := rowOf(it.Item).fields(tsvCell)
		if o.All {
			fields = append(fields, it.extra()...)
		}
		fmt.Fprintln(bw, strings.Join(fields, "\t"))
	}
	return errWrite(bw.Flush())
}

func eventsJSON(w io.Writer, r *audit.Report, o Options) error {
	if o.All {
		rows := []allRow{}
		for _, it := range listed(r, true) {
			rows = append(rows, allRow{eventRow: rowOf(it.Item), Counted: it.leftOut == "", LeftOut: it.leftOut})
		}
		return writeJSON(w, rows)
	}
	rows := []eventRow{}
	for _, it := range counted(r) {
		rows = append(rows, rowOf(it))
	}
	return writeJSON(w, rows)
}

func columns(all bool) []string {
	if all {
		return allColumns
	}
	return eventColumns
}

// when renders an item's day and time span for people: "Mon 16 Mar", "09:00-09:30".
func when(it *audit.Item) (string, string) {
	switch {
	case it.Start.IsZero():
		return "", ""
	case it.Event.DateOnly:
		return it.Start.Format("Mon 2 Jan"), ""
	case it.Event.AllDay:
		return it.Start.Format("Mon 2 Jan"), "all day"
	}
	end := it.End.Format("15:04")
	if !sameDay(it.Start, it.End) && !(it.End.Hour() == 0 && it.End.Minute() == 0 && it.End.Sub(it.Start) <= 24*time.Hour) {
		end = it.End.Format("Mon 15:04")
	}
	return it.Start.Format("Mon 2 Jan"), it.Start.Format("15:04") + "-" + end
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

func eventsTable(w io.Writer, r *audit.Report, o Options) error {
	bw := bufio.NewWriter(w)
	width := o.width()
	writeLines(bw, wrapText(bold("Events", o)+dim(" · "+rangeTitle(r), o), width, "", "  "))
	fmt.Fprintln(bw)
	items := listed(r, o.All)
	if len(items) == 0 {
		fmt.Fprintln(bw, "No events to count.")
	} else {
		header := []string{"Day", "Time", "Length", "Title", "Category", "Rule"}
		aligns := []tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft}
		if o.All {
			header = append(header, "Left out")
		}
		t := newTableSpec(header, aligns[:len(header)]...)
		t.drop = []int{5}
		for _, it := range items {
			day, span := when(it.Item)
			row := []string{day, span, audit.FormatHM(it.Length), oneLine(title(it.Event)), it.Match.Category, ruleText(*it.Match)}
			if o.All {
				row = append(row, strings.ReplaceAll(it.leftOut, "_", " "))
			}
			t.add(row...)
		}
		t.footer = []string{"", "", audit.FormatHM(r.Total.Time), count(r.Total.Events, "event") + " counted", "", ""}
		if !o.All {
			t.footer[3] = count(len(items), "event")
		} else {
			t.footer = append(t.footer, count(len(items)-r.Total.Events, "event")+" left out")
		}
		lines, err := tableLines(t, width, o.ASCII)
		if err != nil {
			return err
		}
		writeLines(bw, lines)
	}
	humanFooter(bw, r, o)
	return errWrite(bw.Flush())
}

func writeLines(w io.Writer, lines []string) {
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
}

func ruleText(m audit.Match) string {
	if m.Default() {
		return "(default)"
	}
	return m.Rule
}

func eventsMarkdown(w io.Writer, r *audit.Report, o Options) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## Events\n\n%s\n\n", mdCell(rangeTitle(r)))
	aligns := []tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft}
	header := []any{"Day", "Time", "Length", "Title", "Category", "Left out"}
	if !o.All {
		aligns, header = aligns[:5], header[:5]
	}
	t := newMarkdown(bw, aligns)
	t.Header(header...)
	for _, it := range listed(r, o.All) {
		day, span := when(it.Item)
		row := []any{day, span, audit.FormatHM(it.Length), mdCell(title(it.Event)), mdCell(it.Match.Category)}
		if o.All {
			row = append(row, strings.ReplaceAll(it.leftOut, "_", " "))
		}
		t.Append(row...)
	}
	if err := t.Render(); err != nil {
		return err
	}
	return errWrite(bw.Flush())
}

// unmatched groups the items that fell to the default category by title
// (case-insensitive), most time first: what a new rule could catch.
type unmatchedTitle struct {
	Title   string  `json:"title"`
	Events  int     `json:"events"`
	Minutes float64 `json:"minutes"`
	time    time.Duration
}

func unmatched(r *audit.Report) (string, []unmatchedTitle) {
	var def string
	idx := map[string]int{}
	var out []unmatchedTitle
	for i := range r.Items {
		it := &r.Items[i]
		if !it.Match.Default() {
			continue
		}
		def = it.Match.Category
		key := strings.ToLower(strings.TrimSpace(it.Event.Title))
		j, ok := idx[key]
		if !ok {
			j = len(out)
			idx[key] = j
			out = append(out, unmatchedTitle{Title: title(it.Event)})
		}
		out[j].Events++
		out[j].time += it.Length
	}
	for i := range out {
		out[i].Minutes = minutes(out[i].time)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].time != out[j].time {
			return out[i].time > out[j].time
		}
		return out[i].Title < out[j].Title
	})
	return def, out
}

func explainTable(w io.Writer, r *audit.Report, o Options) error {
	bw := bufio.NewWriter(w)
	width := o.width()
	writeLines(bw, wrapText(bold("How each event was classified", o)+dim(" · "+rangeTitle(r), o), width, "", "  "))
	fmt.Fprintln(bw)
	if len(r.Items) == 0 {
		fmt.Fprintln(bw, "No events to classify.")
	} else {
		t := newTableSpec([]string{"Day", "Time", "Title", "Category", "Rule", "Why"}, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft)
		t.drop = []int{4}
		for i := range r.Items {
			it := &r.Items[i]
			day, span := when(it)
			cat := it.Match.Category
			if !it.Counted() {
				cat += " (ignored)"
			}
			t.add(day, span, oneLine(title(it.Event)), cat, ruleText(*it.Match), it.Match.Why)
		}
		lines, err := tableLines(t, width, o.ASCII)
		if err != nil {
			return err
		}
		writeLines(bw, lines)
	}
	def, titles := unmatched(r)
	if len(titles) > 0 {
		n := 0
		for _, u := range titles {
			n += u.Events
		}
		fmt.Fprintln(bw)
		writeLines(bw, wrapText(bold(fmt.Sprintf("Fell to the default category %q: %s, %s", def, count(n, "event"), count(len(titles), "distinct title")), o), width, "", "  "))
		t := newTableSpec([]string{"Title", "Events", "Time"}, tw.AlignLeft, tw.AlignRight, tw.AlignRight)
		for _, u := range titles {
			t.add(oneLine(u.Title), strconv.Itoa(u.Events), audit.FormatHM(u.time))
		}
		lines, err := tableLines(t, width, o.ASCII)
		if err != nil {
			return err
		}
		writeLines(bw, lines)
	} else if len(r.Items) > 0 {
		fmt.Fprintln(bw, "\nEvery event matched a rule.")
	}
	humanFooter(bw, r, o)
	return errWrite(bw.Flush())
}

var explainColumns = []string{"start", "end", "minutes", "title", "category", "kind", "rule", "why", "source", "series"}

func explainRow(it *audit.Item, cell func(string) string) []string {
	row := rowOf(it)
	return []string{row.Start, row.End, strconv.FormatFloat(row.Minutes, 'f', -1, 64), cell(row.Title), cell(row.Category),
		row.Kind, row.Rule, cell(row.Why), cell(row.Source), cell(row.Series)}
}

func explainCSV(w io.Writer, r *audit.Report, _ Options) error {
	cw := csv.NewWriter(w)
	cw.Write(explainColumns)
	for i := range r.Items {
		cw.Write(explainRow(&r.Items[i], sheetCell))
	}
	cw.Flush()
	return errWrite(cw.Error())
}

func explainTSV(w io.Writer, r *audit.Report, _ Options) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, strings.Join(explainColumns, "\t"))
	for i := range r.Items {
		fmt.Fprintln(bw, strings.Join(explainRow(&r.Items[i], tsvCell), "\t"))
	}
	return errWrite(bw.Flush())
}

func explainJSON(w io.Writer, r *audit.Report, _ Options) error {
	type out struct {
		Events          []eventRow       `json:"events"`
		DefaultCategory string           `json:"default_category,omitempty"`
		Unmatched       []unmatchedTitle `json:"unmatched"`
	}
	o := out{Events: []eventRow{}, Unmatched: []unmatchedTitle{}}
	for i := range r.Items {
		o.Events = append(o.Events, rowOf(&r.Items[i]))
	}
	def, titles := unmatched(r)
	o.DefaultCategory = def
	o.Unmatched = append(o.Unmatched, titles...)
	return writeJSON(w, o)
}

func explainMarkdown(w io.Writer, r *audit.Report, _ Options) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## How each event was classified\n\n%s\n\n", mdCell(rangeTitle(r)))
	t := newMarkdown(bw, []tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft})
	t.Header("Day", "Title", "Category", "Rule", "Why")
	for i := range r.Items {
		it := &r.Items[i]
		day, span := when(it)
		t.Append(strings.TrimSpace(day+" "+span), mdCell(title(it.Event)), mdCell(it.Match.Category), mdCell(ruleText(*it.Match)), mdCell(it.Match.Why))
	}
	if err := t.Render(); err != nil {
		return err
	}
	return errWrite(bw.Flush())
}

// rowCache holds the ends of recent CSV rows (everything after the
// minutes) by what they are made of: the occurrences of a series share
// their event's strings, match and guest list, and so their rows' end. It
// is a direct-mapped cache keyed by those strings' addresses: nothing is
// hashed but a few words, and a miss writes the row as before.
type rowCache struct {
	slots   *[4096]rowSlot
	byEvent *[1 << 14]*rowSlot // the slot last used by an event (and verdict): few collide among a few hundred series
}

type rowSlot struct {
	key    rowKey
	ev     *audit.Event // the event it was last used for
	suffix []byte
}

// rowKey is every input of a row's end, by identity (strings by the
// address and length of their bytes).
type rowKey struct {
	title, cal, src, loc, series, orgName, orgEmail *byte
	titleN, calN, srcN, locN, seriesN, orgNameN     int
	orgEmailN, line, record                         int
	match                                           *audit.Match
	kind                                            audit.Kind
	first                                           *audit.Attendee
	n                                               int
	resp                                            audit.Response
	status                                          audit.Status
	used                                            bool
}

func keyOfRow(it *audit.Item) rowKey {
	e := it.Event
	k := rowKey{
		title: unsafe.StringData(e.Title), titleN: len(e.Title),
		cal: unsafe.StringData(e.Calendar), calN: len(e.Calendar),
		src: unsafe.StringData(e.Source.Source), srcN: len(e.Source.Source),
		loc: unsafe.StringData(e.Location), locN: len(e.Location),
		series: unsafe.StringData(e.SeriesID), seriesN: len(e.SeriesID),
		orgName: unsafe.StringData(e.Organizer.Name), orgNameN: len(e.Organizer.Name),
		orgEmail: unsafe.StringData(e.Organizer.Email), orgEmailN: len(e.Organizer.Email),
		line: e.Source.Line, record: e.Source.Record,
		match: it.Match, kind: it.Kind(), n: len(e.Attendees),
		resp: e.MyResponse, status: e.Status, used: true,
	}
	if len(e.Attendees) > 0 {
		k.first = &e.Attendees[0]
	}
	return k
}

// slot is where it's row end is kept; hit says it is there already.
// An item whose event and verdict are those of the slot's last is found
// by them alone (the occurrences of a series share their event, see
// audit.Options.Occurrences), else by its key.
func (c *rowCache) slot(it *audit.Item) (*rowSlot, bool) {
	if c.slots == nil {
		c.slots = new([4096]rowSlot)
		c.byEvent = new([1 << 14]*rowSlot)
	}
	h := (uint64(uintptr(unsafe.Pointer(it.Event))) + uint64(uintptr(unsafe.Pointer(it.Match)))*0x9E3779B1) * 0x9E3779B97F4A7C15
	last := &c.byEvent[h>>(64-14)]
	if s := *last; s != nil && s.ev == it.Event && s.key.match == it.Match && s.key.kind == it.Kind() {
		return s, true
	}
	s, hit := c.keyed(it)
	s.ev, *last = it.Event, s
	return s, hit
}

func (c *rowCache) keyed(it *audit.Item) (*rowSlot, bool) {
	k := keyOfRow(it)
	h := (uint64(uintptr(unsafe.Pointer(k.title))) + uint64(k.line)*0x9E3779B1 + uint64(uintptr(unsafe.Pointer(k.match)))) * 0x9E3779B97F4A7C15
	s := &c.slots[h>>(64-12)]
	if s.key == k {
		return s, true
	}
	s.key = k
	return s, false
}
