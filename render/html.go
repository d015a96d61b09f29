package render

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter/tw"
	"github.com/timeaudit/timeaudit/audit"
)

// The HTML report is one self-contained file: inline CSS and SVG, no
// scripts, fonts, styles or images from anywhere, readable without
// JavaScript, on a phone and on paper. Every chart has a title, a text
// description and the table of its numbers under it; colours always come
// with text or a pattern.

func esc(s string) string { return html.EscapeString(s) }

const htmlStyle = `
:root{--ink:#1d1d1f;--muted:#5f6368;--line:#d9d9de;--bg:#fff;--panel:#f6f7f9;--good:#0b7a3e;--bad:#b3261e}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1000px;margin:0 auto;padding:24px 16px 48px;overflow-wrap:break-word}
h1{font-size:1.6rem;margin:0 0 2px}
.sub{color:var(--muted);margin:0 0 20px}
h2{font-size:1.15rem;margin:32px 0 10px;padding-top:8px;border-top:1px solid var(--line)}
p{margin:6px 0}
ul{margin:6px 0;padding-left:22px}
.cards{display:grid;grid-template-columns:repeat(var(--cols,3),minmax(0,1fr));gap:10px;margin:8px 0}
.card{background:var(--panel);border-radius:10px;padding:10px 12px;min-width:0;overflow-wrap:anywhere}
.card .k{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.card .v{margin-top:2px}
.card .lead{display:block;font-size:1.5rem;font-weight:650;line-height:1.2}
.wrap{margin:8px 0;max-width:100%;overflow-x:auto}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:.92rem;min-width:50%}
th,td{padding:4px 8px;border-bottom:1px solid var(--line)}
td,th[scope=row]{white-space:nowrap}
th{text-align:left;font-weight:600;background:var(--panel)}
td.r,th.r{text-align:right}
tfoot td{font-weight:600;border-top:2px solid var(--ink);border-bottom:0}
svg{display:block;max-width:100%;height:auto}
svg text{font-family:inherit}
.scroll{overflow-x:auto;position:relative}
.scroll>svg{min-width:620px}
.cue{display:none;position:sticky;left:0;margin:0 0 4px;color:var(--muted);font-size:.85rem}
.bars{margin:8px 0;font-size:.9rem;font-variant-numeric:tabular-nums}
.bar{display:grid;grid-template-columns:minmax(4.5em,11em) minmax(48px,1fr) auto;gap:4px 8px;align-items:center;margin:4px 0}
.bar .bl{text-align:right;overflow-wrap:anywhere}
.bar .bt{display:block;height:16px}
.bar .bf{display:block;height:100%;min-width:2px;border-radius:3px}
.bar .bv{white-space:nowrap;color:#333}
.target{margin:10px 0;font-variant-numeric:tabular-nums}
.target .th{display:flex;flex-wrap:wrap;justify-content:space-between;gap:0 12px}
.target .tt{position:relative;display:block;height:12px;margin-top:4px;background:#f1f3f4}
.target .tf{display:block;height:100%;min-width:1px}
.target .tg{position:absolute;top:-3px;bottom:-3px;width:0;border-left:2px dashed var(--ink)}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;margin:8px 0;padding:0;list-style:none;font-size:.88rem}
.legend li{display:flex;align-items:center;gap:6px}
.legend svg{display:inline-block;flex:none}
.better{color:var(--good)}
.worse{color:var(--bad)}
.met{color:var(--good);font-weight:600}
.missed{color:var(--bad);font-weight:600}
.charts{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:16px}
.charts figure{margin:0;min-width:0}
.charts figcaption{font-weight:600;font-size:.9rem}
.note{color:var(--muted);font-size:.9rem}
footer{margin-top:40px;color:var(--muted);font-size:.8rem}
@media (max-width:900px){
  .cards{grid-template-columns:repeat(3,minmax(0,1fr))}
}
@media (max-width:700px){
  .cards{grid-template-columns:repeat(2,minmax(0,1fr))}
  .card:last-child:nth-child(odd){grid-column:1/-1}
  .charts{grid-template-columns:minmax(0,1fr)}
  table.stack,table.stack tbody,table.stack tfoot,table.stack tr,table.stack th,table.stack td{display:block}
  table.stack{min-width:0;width:100%}
  table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
  table.stack tr{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));column-gap:16px;border:1px solid var(--line);border-radius:8px;margin:0 0 8px;padding:2px 10px}
  table.stack tfoot tr{border:2px solid var(--ink)}
  table.stack th[scope=row],table.stack tfoot td:first-child{grid-column:1/-1;border:0;background:none;padding:4px 0;white-space:normal;overflow-wrap:anywhere}
  table.stack tfoot td:first-child::before{content:none}
  table.stack td{display:flex;justify-content:space-between;gap:12px;border:0;border-top:1px solid var(--line);padding:3px 0;white-space:normal;text-align:right}
  table.stack td::before{content:attr(data-label);color:var(--muted);font-weight:400;text-align:left;overflow-wrap:anywhere;min-width:0}
  table.stack td:empty{display:none}
  table.stack td[data-label=""]{grid-column:1/-1;justify-content:flex-start}
}
@media (max-width:660px){
  .cue{display:block}
}
@media (max-width:360px){
  .cards{grid-template-columns:minmax(0,1fr)}
}
@media print{
  body{font-size:10pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}
  main{max-width:none;padding:0}
  h2{break-after:avoid}
  section,.card,svg,table,.bar,.target{break-inside:avoid}
  .wrap,.scroll{overflow:visible}
  .cue{display:none}
}
`

// reportHTML renders the report view.
func reportHTML(w io.Writer, r *audit.Report, o Options) error {
	if o.By != "" {
		if r.Analysis == nil {
			return noPeriods(w)
		}
		return writeHTML(w, periodsDocument(r, o.By), nil)
	}
	return writeHTML(w, buildReport(r, o, false), &htmlCharts{r: r, o: o})
}

// htmlCharts draws the charts that go with a report's sections.
type htmlCharts struct {
	r *audit.Report
	o Options
}

// writeHTML renders a document; charts, when given, add SVG to the
// sections that have one.
func writeHTML(w io.Writer, d *document, c *htmlCharts) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n")
	fmt.Fprintf(bw, "<title>%s · %s</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n", esc(d.title), esc(d.subtitle), htmlStyle)
	fmt.Fprintf(bw, "<h1>%s</h1>\n<p class=\"sub\">%s</p>\n", esc(d.title), esc(d.subtitle))
	for _, s := range d.sections {
		id := s.id
		if id == "" {
			id = "section"
		}
		fmt.Fprintf(bw, "<section id=\"%s\">\n", esc(id))
		if s.title != "" {
			fmt.Fprintf(bw, "<h2>%s</h2>\n", esc(s.title))
		}
		if s.id == "summary" {
			htmlCards(bw, s.lines)
		} else {
			htmlLines(bw, s.lines)
		}
		if c != nil {
			c.chart(bw, &s)
		}
		if s.table != nil && len(s.table.rows) > 0 {
			htmlTable(bw, s.table, s.id == "compare")
		}
		htmlLines(bw, s.after)
		fmt.Fprintln(bw, "</section>")
	}
	fmt.Fprintln(bw, "<footer>Made by timeaudit from your calendar, on your machine. Charts have their numbers in the table under them.</footer>")
	fmt.Fprintln(bw, "</main>\n</body>\n</html>")
	return errWrite(bw.Flush())
}

// htmlCards shows the summary's key figures as cards.
func htmlCards(w io.Writer, lines []string) {
	n := 0
	for _, l := range lines {
		if strings.Contains(l, kvMark) {
			n++
		}
	}
	fmt.Fprintf(w, "<div class=\"cards\" style=\"--cols:%d\">\n", cardColumns(n))
	var rest []string
	for _, l := range lines {
		k, v, ok := strings.Cut(l, kvMark)
		if !ok {
			rest = append(rest, l)
			continue
		}
		lead, rest, ok := strings.Cut(v, leadMark)
		if ok {
			v = "<span class=\"lead\">" + esc(lead) + "</span>" + esc(strings.TrimLeft(rest, " ,;"))
		} else {
			v = esc(v)
		}
		fmt.Fprintf(w, "<div class=\"card\"><div class=\"k\">%s</div><div class=\"v\">%s</div></div>\n", esc(k), v)
	}
	fmt.Fprintln(w, `</div>`)
	htmlLines(w, rest)
}

// cardColumns is how many cards a row holds on a wide screen: 4, 3 or
// 5, whichever fills the last row best, so that no card sits alone.
func cardColumns(n int) int {
	if n <= 4 {
		return max(n, 1)
	}
	best, fill := 0, -1.0
	for _, c := range []int{4, 3, 5} {
		f := 1.0
		if n%c != 0 {
			f = float64(n%c) / float64(c)
		}
		if f > fill {
			best, fill = c, f
		}
	}
	return best
}

// htmlLines renders lines as paragraphs, key-value lines in bold, and
// bullets as a list.
func htmlLines(w io.Writer, lines []string) {
	inList := false
	for _, l := range lines {
		isBullet := strings.HasPrefix(l, bulletMark)
		if isBullet && !inList {
			fmt.Fprintln(w, "<ul>")
			inList = true
		}
		if !isBullet && inList {
			fmt.Fprintln(w, "</ul>")
			inList = false
		}
		switch k, v, ok := strings.Cut(l, kvMark); {
		case ok:
			fmt.Fprintf(w, "<p><strong>%s:</strong> %s</p>\n", esc(k), esc(v))
		case isBullet:
			fmt.Fprintf(w, "<li>%s</li>\n", esc(l[len(bulletMark):]))
		default:
			fmt.Fprintf(w, "<p>%s</p>\n", esc(l))
		}
	}
	if inList {
		fmt.Fprintln(w, "</ul>")
	}
}

// htmlTable renders a table; in the comparison, "better" and "worse" get
// their colour (the word says it too).
func htmlTable(w io.Writer, t *table, verdicts bool) {
	class := func(i int) string {
		if i < len(t.aligns) && t.aligns[i] == tw.AlignRight {
			return ` class="r"`
		}
		return ""
	}
	// Tables of more than two columns become a card per row on a narrow
	// screen: each cell says its column (data-label), so that every
	// number shows without scrolling sideways.
	if len(t.header) > 2 {
		fmt.Fprintln(w, `<div class="wrap"><table class="stack">`)
	} else {
		fmt.Fprintln(w, `<div class="wrap"><table>`)
	}
	label := func(i int) string {
		if i < len(t.header) {
			return ` data-label="` + esc(t.header[i]) + `"`
		}
		return ""
	}
	fmt.Fprint(w, "<thead><tr>")
	for i, h := range t.header {
		fmt.Fprintf(w, "<th scope=\"col\"%s>%s</th>", class(i), esc(h))
	}
	fmt.Fprintln(w, "</tr></thead>\n<tbody>")
	for _, row := range t.rows {
		fmt.Fprint(w, "<tr>")
		for i, cell := range row {
			cls := class(i)
			if verdicts && (cell == "better" || cell == "worse") {
				cls = ` class="` + cell + `"`
			}
			switch {
			case strings.HasPrefix(cell, "missed") && i == len(row)-1:
				cls, cell = ` class="missed"`, "✗ "+cell
			case cell == "met" && i == len(row)-1:
				cls, cell = ` class="met"`, "✓ met"
			case t.status > 0 && i == t.status && cell == audit.StatusOK:
				cls, cell = ` class="met"`, "✓ ok"
			case t.status > 0 && i == t.status && (cell == audit.StatusOverdue || cell == audit.StatusNever):
				cls, cell = ` class="missed"`, "✗ "+cell
			}
			if i == 0 {
				fmt.Fprintf(w, "<th scope=\"row\"%s>%s</th>", cls, esc(cell))
				continue
			}
			fmt.Fprintf(w, "<td%s%s>%s</td>", cls, label(i), esc(cell))
		}
		fmt.Fprintln(w, "</tr>")
	}
	fmt.Fprintln(w, "</tbody>")
	if t.footer != nil {
		fmt.Fprint(w, "<tfoot><tr>")
		for i, cell := range t.footer {
			fmt.Fprintf(w, "<td%s%s>%s</td>", class(i), label(i), esc(cell))
		}
		fmt.Fprintln(w, "</tr></tfoot>")
	}
	fmt.Fprintln(w, "</table></div>")
}

// chart adds the SVG that goes with a section.
func (c *htmlCharts) chart(w io.Writer, s *section) {
	switch s.id {
	case "categories":
		c.categoryChart(w)
	case "timeline", "timeline-before", "timeline-after":
		if s.timeline != nil {
			c.timelineChart(w, s.timeline, s.id)
		}
	case "trends":
		c.trendCharts(w)
	case "targets":
		c.targetChart(w)
	}
}

// textColor picks black or white text for a background colour.
func textColor(bg string) string {
	if len(bg) != 7 {
		return "#000"
	}
	v := func(i int) float64 {
		n, _ := strconv.ParseUint(bg[i:i+2], 16, 8)
		return float64(n) / 255
	}
	if 0.299*v(1)+0.587*v(3)+0.114*v(5) > 0.6 {
		return "#000"
	}
	return "#fff"
}

func f1(x float64) string { return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64) }

// categoryChart is a horizontal bar per category, labelled with its name,
// time and share: HTML, so that it reflows to any width and its text stays
// text.
func (c *htmlCharts) categoryChart(w io.Writer) {
	r := c.r
	if len(r.Categories) == 0 {
		return
	}
	sts, byName := styles(r)
	top := 0.0
	for _, cat := range r.Categories {
		top = math.Max(top, cat.Share)
	}
	fmt.Fprintln(w, `<div class="bars" role="group" aria-label="Time by category">`)
	for _, cat := range r.Categories {
		width := 0.0
		if top > 0 {
			width = 100 * cat.Share / top
		}
		fmt.Fprintf(w, "<div class=\"bar\"><span class=\"bl\">%s</span><span class=\"bt\"><span class=\"bf\" style=\"width:%s%%;background:%s\"></span></span><span class=\"bv\">%s · %s</span></div>\n",
			esc(categoryLabel(r, cat.Category)), f1(width), sts[byName[cat.Name]].color, hm(cat.Time), percent(cat.Share))
	}
	fmt.Fprintln(w, `</div>`)
}

// Free-time fills: colour and a pattern, so that kinds differ without colour.
const svgPatterns = `<defs>
<pattern id="p-buffer" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff4cc"/><line x1="0" y1="0" x2="0" y2="6" stroke="#d9a400" stroke-width="2"/></pattern>
<pattern id="p-fragment" width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="#fde2e0"/><circle cx="2.5" cy="2.5" r="1.1" fill="#c0392b"/></pattern>
<pattern id="p-away" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect width="8" height="8" fill="#eeeeee"/><line x1="0" y1="0" x2="0" y2="8" stroke="#bdbdbd" stroke-width="3"/></pattern>
</defs>
`

var segFill = map[segKind]string{segFocus: "#cdeedd", segBuffer: "url(#p-buffer)", segFragment: "url(#p-fragment)", segAway: "url(#p-away)"}

// timelineChart is the working week in time: a row per day, events that
// overlap in lanes of their own, so that none hides another. It is wide:
// on a narrow screen it scrolls sideways, and says so.
func (c *htmlCharts) timelineChart(w io.Writer, tl *timeline, id string) {
	const (
		width = 760.0
		left  = 86.0
		right = 24.0
		top   = 24.0
		pad   = 12.0 // between rows
		barH  = 18.0 // a lane
	)
	span := float64(tl.to - tl.from)
	xOf := func(m int) float64 { return left + (width-left-right)*float64(m-tl.from)/span }
	lanes := make([][]int, len(tl.days))
	laneN := make([]int, len(tl.days))
	h := top
	for i := range tl.days {
		lanes[i], laneN[i] = tl.days[i].lanes()
		h += pad + barH*float64(max(laneN[i], 1))
	}
	h += 6
	fmt.Fprintln(w, `<div class="scroll" data-scroll>`)
	fmt.Fprintln(w, `<p class="cue" data-scroll-cue aria-hidden="true">Scroll sideways for the whole day →</p>`)
	fmt.Fprintf(w, "<svg viewBox=\"0 0 %s %s\" width=\"%s\" role=\"img\" aria-labelledby=\"%s-t %s-d\">\n", f1(width), f1(h), f1(width), id, id)
	fmt.Fprintf(w, "<title id=\"%s-t\">The working days in time</title>\n", id)
	fmt.Fprintf(w, "<desc id=\"%s-d\">%s</desc>\n", id, esc(fmt.Sprintf("One row per day from %02d:00 to %02d:00: events coloured by category (events at the same time one above the other), free working time shaded as focus blocks, buffers or fragments, and a mark where a context switch happens. The table under the chart has the figures of each day.", tl.from/60, tl.to/60)))
	fmt.Fprint(w, svgPatterns)
	every := 60
	if span/60 > 12 {
		every = 120
	}
	for m := tl.from; m <= tl.to; m += every {
		x := xOf(m)
		fmt.Fprintf(w, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#e3e3e8\"/>\n", f1(x), f1(top-4), f1(x), f1(h-4))
		fmt.Fprintf(w, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" font-size=\"11\" fill=\"#5f6368\">%02d:00</text>\n", f1(x), f1(top-8), m/60)
	}
	y := top
	for i := range tl.days {
		d := &tl.days[i]
		rowBar := barH * float64(max(laneN[i], 1))
		by := y + pad/2
		y += pad + rowBar
		fmt.Fprintf(w, "<text x=\"%s\" y=\"%s\" text-anchor=\"end\" font-size=\"12\">%s</text>\n", f1(left-8), f1(by+rowBar/2+4), d.day.Date.Format("Mon 2 Jan"))
		// Working time as the ground the day is drawn on.
		for _, wk := range d.day.Working {
			x1, x2 := xOf(wallMinutes(wk.Start, d.day.Date)), xOf(wallMinutes(wk.End, d.day.Date))
			fmt.Fprintf(w, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"#f1f3f4\"/>\n", f1(x1), f1(by), f1(math.Max(0, x2-x1)), f1(rowBar))
		}
		for j, s := range d.segs {
			x1, x2 := xOf(max(s.from, tl.from)), xOf(min(s.to, tl.to))
			if x2 <= x1 {
				continue
			}
			when := fmt.Sprintf("%02d:%02d–%02d:%02d", s.from/60, s.from%60, s.to/60, s.to%60)
			if s.kind != segItem {
				what := map[segKind]string{segFocus: "free: focus block", segBuffer: "free: buffer", segFragment: "free: fragment", segAway: "away"}[s.kind]
				fmt.Fprintf(w, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\"><title>%s %s</title></rect>\n", f1(x1), f1(by), f1(x2-x1), f1(rowBar), segFill[s.kind], when, what)
				continue
			}
			st := tl.styles[tl.byName[s.item.Match.Category]]
			ly := by + barH*float64(lanes[i][j])
			fmt.Fprintf(w, "<rect class=\"ev\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"1\"><title>%s %s (%s)</title></rect>\n",
				f1(x1), f1(ly), f1(x2-x1), f1(barH), st.color, when, esc(oneLine(title(s.item.Event))), esc(st.name))
			if x2-x1 >= 11 {
				fmt.Fprintf(w, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" font-size=\"10\" fill=\"%s\" aria-hidden=\"true\">%c</text>\n", f1((x1+x2)/2), f1(ly+barH-5), textColor(st.color), st.glyph)
			}
		}
		if d.day.Away && len(d.day.Working) == 0 {
			fmt.Fprintf(w, "<text x=\"%s\" y=\"%s\" font-size=\"11\" fill=\"#5f6368\">away</text>\n", f1(xOf(tl.from)+6), f1(by+rowBar/2+4))
		}
		sw := d.sortedSwitches()
		for k := 0; k < len(sw); {
			m, n := sw[k], 1
			for k+n < len(sw) && sw[k+n] == m {
				n++
			}
			k += n
			what := "context switch"
			if n > 1 {
				what = fmt.Sprintf("%d context switches", n)
			}
			fmt.Fprintf(w, "<path d=\"M%s %s l-3.5 -5 h7 z\" fill=\"#1d1d1f\"><title>%s at %02d:%02d</title></path>\n", f1(xOf(m)), f1(by-0.5), what, m/60, m%60)
		}
	}
	fmt.Fprintln(w, "</svg>")
	// The legend, in HTML: swatches with words.
	fmt.Fprintln(w, `<ul class="legend">`)
	swatch := func(fill string) string {
		return fmt.Sprintf("<svg width=\"16\" height=\"12\" aria-hidden=\"true\">%s<rect width=\"16\" height=\"12\" fill=\"%s\" stroke=\"#999\" stroke-width=\".5\"/></svg>", svgPatterns, fill)
	}
	used := map[string]bool{}
	kinds := map[segKind]bool{}
	for i := range tl.days {
		for _, s := range tl.days[i].segs {
			if s.kind == segItem {
				used[s.item.Match.Category] = true
			} else {
				kinds[s.kind] = true
			}
		}
	}
	for _, st := range tl.styles {
		if used[st.name] {
			fmt.Fprintf(w, "<li>%s %s (%c)</li>\n", swatch(st.color), esc(st.name), st.glyph)
		}
	}
	for _, k := range []struct {
		kind segKind
		text string
	}{
		{segFocus, "free: focus block (" + audit.FormatShort(tl.set.Focus) + " or more)"},
		{segBuffer, "free: buffer (" + audit.FormatShort(tl.set.Buffer) + " or more)"},
		{segFragment, "free: fragment"},
		{segAway, "away"},
	} {
		if kinds[k.kind] {
			fmt.Fprintf(w, "<li>%s %s</li>\n", swatch(segFill[k.kind]), esc(k.text))
		}
	}
	fmt.Fprintln(w, `<li><svg width="12" height="10" aria-hidden="true"><path d="M6 9 l-4 -6 h8 z" fill="#1d1d1f"/></svg> context switch</li>`)
	fmt.Fprintln(w, `<li><svg width="16" height="12" aria-hidden="true"><rect width="16" height="12" fill="#f1f3f4" stroke="#999" stroke-width=".5"/></svg> working hours</li>`)
	fmt.Fprintln(w, "</ul>")
	fmt.Fprintln(w, "</div>")
}

// trendCharts are small line charts of the headline figures, week by
// week: a y axis from zero, the weeks on the x axis, value labels where
// there is room for them (always the last week and the highest).
func (c *htmlCharts) trendCharts(w io.Writer) {
	a := c.r.Analysis
	weeks := a.ByWeek
	hours := func(v float64) string { return hm(time.Duration(v * float64(time.Hour))) }
	series := []struct {
		name  string
		value func(p *audit.Period) float64
		text  func(v float64) string
	}{
		{"Time in meetings", func(p *audit.Period) float64 { return p.MeetingTime.Hours() }, hours},
		{"Focus blocks (free)", func(p *audit.Period) float64 { return p.FocusTime.Hours() }, hours},
		{"Fragmentation", func(p *audit.Period) float64 { return p.Fragmentation() }, pct},
		{"Context switches a day", func(p *audit.Period) float64 { return p.SwitchesPerDay() }, num},
	}
	const (
		width  = 360.0
		height = 160.0
		left   = 46.0 // the y axis labels
		right  = 16.0
		top    = 20.0 // room for a value label over the highest point
		bottom = 24.0 // the week labels
		inset  = 18.0 // from the axis to the first point
		minGap = 40.0 // between value labels
	)
	fmt.Fprintln(w, `<div class="charts">`)
	for k, s := range series {
		vals := make([]float64, len(weeks))
		hi, hiAt := 0.0, 0
		for i := range weeks {
			vals[i] = s.value(&weeks[i])
			if vals[i] > hi {
				hi, hiAt = vals[i], i
			}
		}
		if hi == 0 {
			hi = 1
		}
		step := 0.0
		if len(weeks) > 1 {
			step = (width - left - right - 2*inset) / float64(len(weeks)-1)
		}
		xOf := func(i int) float64 {
			if len(weeks) == 1 {
				return (left + width - right) / 2
			}
			return left + inset + step*float64(i)
		}
		base := height - bottom
		yOf := func(v float64) float64 { return top + (base-top)*(1-v/hi) }
		var desc []string
		for i := range weeks {
			desc = append(desc, weeks[i].Label+" "+s.text(vals[i]))
		}
		fmt.Fprintf(w, "<figure><figcaption id=\"tr%d-t\">%s, week by week</figcaption>\n", k, esc(s.name))
		fmt.Fprintf(w, "<svg viewBox=\"0 0 %s %s\" width=\"%s\" role=\"img\" aria-labelledby=\"tr%d-t tr%d-d\">\n", f1(width), f1(height), f1(width), k, k)
		fmt.Fprintf(w, "<desc id=\"tr%d-d\">%s</desc>\n", k, esc(strings.Join(desc, "; ")))
		// The y axis: zero and the highest week, with grid lines.
		for _, f := range []float64{0, 1} {
			y := yOf(hi * f)
			stroke := "#ececf0" // a grid line
			if f == 0 {
				stroke = "#9a9aa0" // the axis
			}
			fmt.Fprintf(w, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\"/>\n", f1(left), f1(y), f1(width-right), f1(y), stroke)
			fmt.Fprintf(w, "<text x=\"%s\" y=\"%s\" text-anchor=\"end\" font-size=\"10\" fill=\"#5f6368\">%s</text>\n", f1(left-5), f1(y+3.5), esc(s.text(hi*f)))
		}
		fmt.Fprintf(w, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#9a9aa0\"/>\n", f1(left), f1(top-6), f1(left), f1(base))
		var pts []string
		for i := range weeks {
			pts = append(pts, f1(xOf(i))+","+f1(yOf(vals[i])))
		}
		fmt.Fprintf(w, "<polyline points=\"%s\" fill=\"none\" stroke=\"#0072B2\" stroke-width=\"2\"/>\n", strings.Join(pts, " "))
		// Week labels: every week when there is room, else every n-th,
		// counted back from the last.
		every := 1
		if len(weeks) > 1 && step < 34 {
			every = int(math.Ceil(34 / step))
		}
		last := len(weeks) - 1
		for i := range weeks {
			x, y := xOf(i), yOf(vals[i])
			fmt.Fprintf(w, "<circle cx=\"%s\" cy=\"%s\" r=\"3.5\" fill=\"#0072B2\"><title>%s: %s</title></circle>\n", f1(x), f1(y), esc(weeks[i].Label), esc(s.text(vals[i])))
			if step >= minGap || i == last || (i == hiAt && float64(last-i)*step >= minGap) {
				fmt.Fprintf(w, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" font-size=\"11\">%s</text>\n", f1(x), f1(y-7), esc(s.text(vals[i])))
			}
			if (last-i)%every != 0 {
				continue
			}
			label := weeks[i].Label
			if j := strings.Index(label, "-W"); j >= 0 {
				label = label[j+1:]
			}
			fmt.Fprintf(w, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" font-size=\"11\" fill=\"#5f6368\">%s</text>\n", f1(x), f1(height-7), esc(label))
		}
		fmt.Fprintln(w, "</svg></figure>")
	}
	fmt.Fprintln(w, `</div>`)
}

// targetChart shows each target's actual value against its goal (dashed
// marks), with the verdict in words.
func (c *htmlCharts) targetChart(w io.Writer) {
	fmt.Fprintln(w, `<div class="targets" role="group" aria-label="Targets">`)
	for _, t := range c.r.Analysis.Targets {
		hiGoal := 0.0
		if t.Bound.HasMin {
			hiGoal = t.Bound.Min
		}
		if t.Bound.HasMax {
			hiGoal = math.Max(hiGoal, t.Bound.Max)
		}
		scale := math.Max(t.Actual, hiGoal) * 1.15
		if scale <= 0 {
			scale = 1
		}
		at := func(v float64) string { return f1(math.Min(100, 100*v/scale)) }
		color, class, mark := "#0b7a3e", "met", "✓ "
		if !t.OK {
			color, class, mark = "#b3261e", "missed", "✗ "
		}
		fmt.Fprintf(w, "<div class=\"target\"><div class=\"th\"><span>%s</span><span>%s (goal %s) <span class=\"%s\">%s%s</span></span></div>",
			esc(t.Label()), esc(targetValue(t)), esc(t.Bound.Text), class, mark, esc(targetVerdict(t)))
		fmt.Fprintf(w, "<span class=\"tt\" aria-hidden=\"true\"><span class=\"tf\" style=\"width:%s%%;background:%s\"></span>", at(t.Actual), color)
		for _, g := range []struct {
			v  float64
			ok bool
		}{{t.Bound.Min, t.Bound.HasMin}, {t.Bound.Max, t.Bound.HasMax}} {
			if g.ok {
				fmt.Fprintf(w, "<span class=\"tg\" style=\"left:%s%%\"></span>", at(g.v))
			}
		}
		fmt.Fprintln(w, "</span></div>")
	}
	fmt.Fprintln(w, `</div>`)
}
