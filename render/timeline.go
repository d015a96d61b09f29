package render

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/timeaudit/timeaudit/audit"
)

// The timeline is the working days laid out in time: free time by kind
// (focus, buffer, fragment), away time, and the events that block time,
// by category. The terminal and Markdown draw it as one line of glyphs
// per day; HTML as an SVG chart.

// maxTimelineDays bounds the days a timeline shows; longer ranges show
// the weekly trends instead.
const maxTimelineDays = 31

type segKind int

const (
	segFragment segKind = iota // free time by gap kind, as audit.GapKind
	segBuffer
	segFocus
	segAway
	segItem
)

type segment struct {
	from, to int // minutes from the day's midnight, wall clock
	kind     segKind
	item     *audit.Item
}

type timelineDay struct {
	day      *audit.Day
	segs     []segment // free time first, then away, then items: later ones cover earlier ones
	switches []int     // minutes of the activities entered by a context switch
}

// categoryStyle is how one category looks: a glyph for text, a colour for
// terminals and HTML.
type categoryStyle struct {
	name  string
	kind  audit.Kind
	glyph rune
	color string // #rrggbb
	ansi  int    // 256-colour index
}

type timeline struct {
	days     []timelineDay
	from, to int // the span shown, minutes from midnight, whole hours
	styles   []categoryStyle
	byName   map[string]int
	set      *audit.Settings
}

// Colours: the Okabe-Ito palette (safe for colour-blind readers) and a
// few more; kinds with a meaning keep theirs.
var (
	palette     = []string{"#0072B2", "#E69F00", "#CC79A7", "#D55E00", "#56B4E9", "#332288", "#882255", "#44AA99", "#999933", "#AA4499", "#6699CC", "#88CCEE"}
	paletteANSI = []int{25, 214, 175, 166, 74, 61, 89, 73, 143, 133, 68, 117}
	kindColor   = map[audit.Kind]string{audit.KindFocus: "#009E73", audit.KindBuffer: "#7FC8A9", audit.KindPersonal: "#8C8C8C", audit.KindAway: "#BDBDBD", audit.KindBusy: "#6E6E6E"}
	kindANSI    = map[audit.Kind]int{audit.KindFocus: 35, audit.KindBuffer: 79, audit.KindPersonal: 245, audit.KindAway: 250, audit.KindBusy: 242}
)

// styles gives every category a glyph and a colour, in the classifier's
// order (so that they stay the same from one week's report to the next),
// then any the report has that the classifier did not declare.
func styles(r *audit.Report) ([]categoryStyle, map[string]int) {
	used := map[rune]bool{}
	var out []categoryStyle
	idx := map[string]int{}
	next := 0
	// Away categories pick their glyph last: their time is rarely drawn,
	// and "Other" deserves its O more than "Out of office".
	var cats, away []audit.Category
	for _, c := range append(append([]audit.Category(nil), r.Declared...), categoriesOf(r)...) {
		if c.Kind == audit.KindAway {
			away = append(away, c)
		} else {
			cats = append(cats, c)
		}
	}
	cats = append(cats, away...)
	for _, c := range cats {
		if _, dup := idx[c.Name]; dup || c.Kind == audit.KindIgnore {
			continue
		}
		st := categoryStyle{name: c.Name, kind: c.Kind, glyph: pickGlyph(c.Name, used)}
		used[st.glyph] = true
		if col, ok := kindColor[c.Kind]; ok {
			st.color, st.ansi = col, kindANSI[c.Kind]
		} else {
			st.color, st.ansi = palette[next%len(palette)], paletteANSI[next%len(palette)]
			next++
		}
		idx[c.Name] = len(out)
		out = append(out, st)
	}
	return out, idx
}

func categoriesOf(r *audit.Report) []audit.Category {
	out := make([]audit.Category, len(r.Categories))
	for i, c := range r.Categories {
		out[i] = c.Category
	}
	return out
}

// pickGlyph is the first letter or digit of the name not taken yet,
// upper-cased; else any free letter.
func pickGlyph(name string, used map[rune]bool) rune {
	for _, r := range name {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			r = unicode.ToUpper(r)
			if !used[r] {
				return r
			}
		}
	}
	for r := 'A'; r <= 'Z'; r++ {
		if !used[r] {
			return r
		}
	}
	return '#'
}

// wallMinutes is t's minutes from midnight of day on the wall clock; the
// next midnight or later is 24:00.
func wallMinutes(t, day time.Time) int {
	if !t.Before(day.AddDate(0, 0, 1)) {
		return 24 * 60
	}
	if t.Before(day) {
		return 0
	}
	t = t.In(day.Location())
	return t.Hour()*60 + t.Minute()
}

// buildTimeline lays out the days that have working time or events; ok is
// false without analyses or for ranges too long to draw day by day.
func buildTimeline(r *audit.Report) (*timeline, bool) {
	a := r.Analysis
	if a == nil || len(a.Days) > maxTimelineDays {
		return nil, false
	}
	tl := &timeline{from: 24 * 60, to: 0, set: &a.Settings}
	tl.styles, tl.byName = styles(r)
	for i := range a.Days {
		d := &a.Days[i]
		next := d.Date.AddDate(0, 0, 1)
		row := timelineDay{day: d}
		for _, g := range d.Gaps {
			row.segs = append(row.segs, segment{from: wallMinutes(g.Start, d.Date), to: wallMinutes(g.End, d.Date), kind: segKind(g.Kind)})
		}
		// Away time, within the usual working hours of the weekday.
		for _, sp := range a.Settings.WorkingHours[d.Date.Weekday()] {
			y, m, dd := d.Date.Date()
			ws := time.Date(y, m, dd, 0, sp.Start, 0, 0, d.Date.Location())
			we := time.Date(y, m, dd, 0, sp.End, 0, 0, d.Date.Location())
			for _, aw := range r.Away {
				s, e := audit.Later(aw.Start, ws), audit.Earlier(aw.End, we)
				if e.After(s) {
					row.segs = append(row.segs, segment{from: wallMinutes(s, d.Date), to: wallMinutes(e, d.Date), kind: segAway})
				}
			}
		}
		for j := range r.Items {
			it := &r.Items[j]
			if !it.Counted() || !it.Event.HasTimeOfDay() {
				continue
			}
			if !it.Kind().Blocks() {
				continue // focus and buffer events, and solo holds, are free time, drawn as such
			}
			s, e := audit.Later(it.Start, d.Date), audit.Earlier(it.End, next)
			if !e.After(s) && !(it.Start.Equal(it.End) && !it.Start.Before(d.Date) && it.Start.Before(next)) {
				continue
			}
			row.segs = append(row.segs, segment{from: wallMinutes(s, d.Date), to: wallMinutes(e, d.Date), kind: segItem, item: it})
		}
		for _, act := range d.Activities {
			if act.Switch {
				row.switches = append(row.switches, wallMinutes(act.Start, d.Date))
			}
		}
		if len(row.segs) == 0 && !d.Away {
			continue // a day off without events
		}
		for _, w := range d.Working {
			tl.from = min(tl.from, wallMinutes(w.Start, d.Date))
			tl.to = max(tl.to, wallMinutes(w.End, d.Date))
		}
		for _, s := range row.segs {
			tl.from = min(tl.from, s.from)
			tl.to = max(tl.to, s.to)
		}
		tl.days = append(tl.days, row)
	}
	if len(tl.days) == 0 || tl.to <= tl.from {
		return nil, false
	}
	tl.from = tl.from / 60 * 60
	tl.to = min((tl.to+59)/60*60, 24*60)
	return tl, true
}

// in is what a character covering minutes [from, to) shows: the event
// that fills most of it, so that no event, however short, disappears;
// else the away or free time that fills most of it.
func (d *timelineDay) in(from, to int) (segment, bool) {
	var best segment
	bestLen, found := 0, false
	for pass := 0; pass < 2 && !found; pass++ {
		for _, s := range d.segs {
			if (s.kind == segItem) != (pass == 0) {
				continue
			}
			l := min(s.to, to) - max(s.from, from)
			if l > bestLen || (l == bestLen && l > 0 && s.kind > best.kind) {
				best, bestLen, found = s, l, true
			}
		}
	}
	return best, found
}

// Glyphs of free and away time in text strips, in box drawing and in
// ASCII; glyphMany marks a character several short events share.
type stripGlyphs struct{ focus, buffer, fragment, away rune }

var (
	boxGlyphs   = stripGlyphs{focus: '━', buffer: '─', fragment: '┈', away: '~'}
	asciiGlyphs = stripGlyphs{focus: '=', buffer: '-', fragment: '.', away: '~'}
)

const (
	glyphOff  = ' '
	glyphMany = '+'
)

// stripStep picks the minutes per character so that the span fits cells.
func stripStep(span, cells int) int {
	for _, step := range []int{5, 10, 15, 20, 30, 60, 120} {
		if span/step <= cells {
			return step
		}
	}
	return 120
}

// strip is the text rendering: a ruler, a line per day and a legend.
type strip struct {
	step      int
	summaries bool
	ruler     string
	rows      []stripRow
	legend    []string
}

type stripRow struct {
	label   string
	cells   []stripCell
	summary string
}

type stripCell struct {
	glyph rune
	ansi  int // 0: plain
}

// claims gives each event the character it overlaps most (the first of
// equals), so that none disappears however short; cells[c] lists the
// events that claim character c of a strip of n characters of step
// minutes from the strip's start.
func (d *timelineDay) claims(from, step, n int) [][]segment {
	cells := make([][]segment, n)
	for _, s := range d.segs {
		if s.kind != segItem {
			continue
		}
		if s.to <= s.from { // of no length: the character it falls in
			if c := (s.from - from) / step; s.from >= from && c < n {
				cells[c] = append(cells[c], s)
			}
			continue
		}
		best, bestLen := -1, 0
		for c := max((s.from-from)/step, 0); c <= min((s.to-1-from)/step, n-1); c++ {
			c0 := from + c*step
			if l := min(s.to, c0+step) - max(s.from, c0); l > bestLen {
				best, bestLen = c, l
			}
		}
		if best >= 0 {
			cells[best] = append(cells[best], s)
		}
	}
	return cells
}

// buildStrip renders the timeline for a text of width columns.
func (tl *timeline) buildStrip(width int, ascii bool) *strip {
	g := boxGlyphs
	if ascii {
		g = asciiGlyphs
	}
	const labelWidth = 11 // "Mon 16 Mar "
	summaryWidth := 0
	for i := range tl.days {
		summaryWidth = max(summaryWidth, len([]rune(dayStripSummary(tl.days[i].day))))
	}
	cells := width - labelWidth - 2 - summaryWidth
	st := &strip{summaries: true}
	if cells < 24 { // narrow: the strip before the words
		st.summaries = false
		cells = max(width-labelWidth, 24)
	}
	span := tl.to - tl.from
	st.step = stripStep(span, cells)
	n := (span + st.step - 1) / st.step

	// The ruler: hour labels where they fit.
	ruler := []rune(strings.Repeat(" ", n+4))
	every := 60
	for every/st.step < 3 {
		every += 60
	}
	for m := tl.from; m < tl.to; m += every {
		pos := (m - tl.from) / st.step
		label := fmt.Sprintf("%02d", m/60)
		copy(ruler[pos:], []rune(label))
	}
	st.ruler = strings.Repeat(" ", labelWidth) + strings.TrimRight(string(ruler), " ")

	seen := map[rune]bool{}
	seenCat := map[string]bool{}
	for i := range tl.days {
		d := &tl.days[i]
		row := stripRow{label: d.day.Date.Format("Mon 2 Jan")}
		claimed := d.claims(tl.from, st.step, n)
		for c := 0; c < n; c++ {
			c0 := tl.from + c*st.step
			cell := stripCell{glyph: glyphOff}
			if cl := claimed[c]; len(cl) > 0 {
				// Events whose own character this is: one shows itself;
				// several of one category show it; others a marker.
				stl := tl.styles[tl.byName[cl[0].item.Match.Category]]
				cell = stripCell{glyph: stl.glyph, ansi: stl.ansi}
				for _, s := range cl {
					seenCat[s.item.Match.Category] = true
					if s.item.Match.Category != cl[0].item.Match.Category {
						cell = stripCell{glyph: glyphMany, ansi: 255}
					}
				}
				seen[cell.glyph] = true
				row.cells = append(row.cells, cell)
				continue
			}
			if s, ok := d.in(c0, c0+st.step); ok {
				switch s.kind {
				case segItem:
					stl := tl.styles[tl.byName[s.item.Match.Category]]
					cell = stripCell{glyph: stl.glyph, ansi: stl.ansi}
					seenCat[s.item.Match.Category] = true
				case segAway:
					cell = stripCell{glyph: g.away, ansi: 250}
				case segFocus:
					cell = stripCell{glyph: g.focus, ansi: 35}
				case segBuffer:
					cell = stripCell{glyph: g.buffer, ansi: 178}
				case segFragment:
					cell = stripCell{glyph: g.fragment, ansi: 167}
				}
			}
			seen[cell.glyph] = true
			row.cells = append(row.cells, cell)
		}
		row.summary = dayStripSummary(d.day)
		st.rows = append(st.rows, row)
	}
	for _, s := range tl.styles {
		if seenCat[s.name] {
			st.legend = append(st.legend, string(s.glyph)+" "+s.name)
		}
	}
	for _, e := range []struct {
		glyph rune
		text  string
	}{
		{glyphMany, "several events"},
		{g.focus, "focus block, free (" + audit.FormatShort(tl.set.Focus) + "+)"},
		{g.buffer, "buffer, free (" + audit.FormatShort(tl.set.Buffer) + "+)"},
		{g.fragment, "fragment, free"},
		{g.away, "away"},
	} {
		if seen[e.glyph] {
			st.legend = append(st.legend, string(e.glyph)+" "+e.text)
		}
	}
	st.legend = append(st.legend, fmt.Sprintf("one character = %d min", st.step))
	return st
}

func dayStripSummary(d *audit.Day) string {
	if d.Away {
		return "away"
	}
	return joinNonEmpty(" · ",
		ifPositive(d.Meetings, plural(d.Meetings, "meeting", "meetings")),
		ifDur(d.FocusTime, hm(d.FocusTime)+" focus"),
		ifPositive(d.Switches, plural(d.Switches, "switch", "switches")))
}

// lines renders the strip: with ANSI colour when color is set.
func (st *strip) lines(color bool, width int) []string {
	out := []string{st.ruler}
	for _, r := range st.rows {
		var b strings.Builder
		fmt.Fprintf(&b, "%-10s ", r.label)
		for _, c := range r.cells {
			if color && c.ansi != 0 && c.glyph != glyphOff {
				fmt.Fprintf(&b, "\x1b[38;5;%dm%c\x1b[0m", c.ansi, c.glyph)
			} else {
				b.WriteRune(c.glyph)
			}
		}
		if r.summary != "" && st.summaries {
			b.WriteString("  " + r.summary)
		}
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	// The legend, wrapped to the width.
	line := ""
	for _, e := range st.legend {
		switch {
		case line == "":
			line = e
		case len([]rune(line))+3+len([]rune(e)) > width:
			out = append(out, line)
			line = e
		default:
			line += " · " + e
		}
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}

// sortedSwitches is for tests and HTML: switch minutes in order.
func (d *timelineDay) sortedSwitches() []int {
	s := append([]int(nil), d.switches...)
	sort.Ints(s)
	return s
}

// lanes places the day's events so that overlapping ones sit one above
// the other: lane[i] is segment i's lane (0 for free and away time), n
// the lanes the day needs. Each event takes the first lane free at its
// start, so back-to-back events share a lane.
func (d *timelineDay) lanes() (lane []int, n int) {
	lane = make([]int, len(d.segs))
	order := make([]int, 0, len(d.segs))
	for i, s := range d.segs {
		if s.kind == segItem {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool {
		sa, sb := d.segs[order[a]], d.segs[order[b]]
		if sa.from != sb.from {
			return sa.from < sb.from
		}
		return sa.to > sb.to // the longer first, in the top lane
	})
	var ends []int // the end of the last event in each lane
	for _, i := range order {
		s := d.segs[i]
		l := 0
		for l < len(ends) && ends[l] > s.from {
			l++
		}
		if l == len(ends) {
			ends = append(ends, s.to)
		} else {
			ends[l] = s.to
		}
		lane[i] = l
	}
	return lane, len(ends)
}
