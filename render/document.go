package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter/tw"
)

// A document is the human-readable report as data: sections of lines and
// tables. The terminal, Markdown (and HTML) encoders each render it, so
// that what a report says is written once.
type document struct {
	title    string
	subtitle string
	sections []section
}

type section struct {
	id       string // what the section is, for formats that add a chart: "categories", "days" ...
	title    string
	lines    []string // before the table
	timeline *timeline
	table    *table
	after    []string // after the table
}

type table struct {
	header []string
	aligns []tw.Align
	rows   [][]string
	footer []string
	status int // a column of roster statuses (ok, overdue ...) to colour; 0 for none
	// drop lists the columns a narrow terminal may leave out, the first to
	// go first; the others always stay.
	drop []int
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func newTableSpec(header []string, aligns ...tw.Align) *table {
	if len(aligns) < len(header) {
		for len(aligns) < len(header) {
			aligns = append(aligns, tw.AlignRight)
		}
	}
	return &table{header: header, aligns: aligns}
}

// writeTerminal renders a document for a terminal (or a pipe, in plain
// text): bold titles, box tables, all fitted to the width.
func writeTerminal(w io.Writer, d *document, o Options) error {
	bw := bufio.NewWriter(w)
	width := o.width()
	println := func(lines ...string) {
		for _, l := range lines {
			fmt.Fprintln(bw, l)
		}
	}
	println(wrapText(bold(d.title, o)+dim(" · "+d.subtitle, o), width, "", "  ")...)
	for _, s := range d.sections {
		fmt.Fprintln(bw)
		if s.title != "" {
			println(wrapText(bold(s.title, o), width, "", "  ")...)
		}
		for _, l := range s.lines {
			println(terminalLines(l, width, o.ASCII)...)
		}
		if s.timeline != nil {
			println(s.timeline.buildStrip(width, o.ASCII).lines(o.Color, width)...)
		}
		if s.table != nil && len(s.table.rows) > 0 {
			t := s.table
			if o.Color && t.status > 0 {
				t = colourVerdicts(t)
			}
			lines, err := tableLines(t, width, o.ASCII)
			if err != nil {
				return err
			}
			println(lines...)
		}
		for _, l := range s.after {
			println(terminalLines(l, width, o.ASCII)...)
		}
	}
	return errWrite(bw.Flush())
}

// colourVerdicts is t with its verdict column coloured for a terminal:
// what went well green, what did not red, the word always there.
func colourVerdicts(t *table) *table {
	cp := *t
	cp.rows = make([][]string, len(t.rows))
	for i, r := range t.rows {
		r = append([]string(nil), r...)
		if c := t.status; c < len(r) {
			switch v := r[c]; {
			case v == "met" || v == "better" || v == "ok":
				r[c] = "\x1b[32m" + v + "\x1b[0m"
			case strings.HasPrefix(v, "missed") || v == "worse" || v == "overdue" || v == "never":
				r[c] = "\x1b[31m" + v + "\x1b[0m"
			}
		}
		cp.rows[i] = r
	}
	return &cp
}

// markdownWidth is the width of text blocks in Markdown: what chat and
// e-mail show without wrapping.
const markdownWidth = 96

// writeMarkdown renders a document as Markdown.
func writeMarkdown(w io.Writer, d *document) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# %s\n\n%s\n", mdCell(d.title), mdCell(d.subtitle))
	for _, s := range d.sections {
		fmt.Fprintln(bw)
		if s.title != "" {
			fmt.Fprintf(bw, "## %s\n\n", mdCell(s.title))
		}
		writeMarkdownLines(bw, s.lines)
		if s.timeline != nil {
			if len(s.lines) > 0 {
				fmt.Fprintln(bw)
			}
			fmt.Fprintln(bw, "```")
			for _, l := range s.timeline.buildStrip(markdownWidth, false).lines(false, markdownWidth) {
				fmt.Fprintln(bw, l)
			}
			fmt.Fprintln(bw, "```")
		}
		if len(s.lines) > 0 && s.table != nil {
			fmt.Fprintln(bw)
		}
		if s.table != nil && len(s.table.rows) > 0 {
			t := newMarkdown(bw, s.table.aligns)
			t.Header(anySlice(escapeAll(s.table.header))...)
			for _, r := range s.table.rows {
				t.Append(anySlice(escapeAll(r))...)
			}
			if s.table.footer != nil {
				f := escapeAll(s.table.footer)
				for i := range f {
					if f[i] != "" {
						f[i] = "**" + f[i] + "**"
					}
				}
				t.Append(anySlice(f)...)
			}
			if err := t.Render(); err != nil {
				return err
			}
		}
		if len(s.after) > 0 {
			fmt.Fprintln(bw)
		}
		writeMarkdownLines(bw, s.after)
	}
	return errWrite(bw.Flush())
}

// writeMarkdownLines writes lines as one paragraph (hard line breaks),
// with bullets as a list.
func writeMarkdownLines(w io.Writer, lines []string) {
	for i, l := range lines {
		isBullet := strings.HasPrefix(l, bulletMark)
		if isBullet && i > 0 && !strings.HasPrefix(lines[i-1], bulletMark) {
			fmt.Fprintln(w)
		}
		if !isBullet && i > 0 && strings.HasPrefix(lines[i-1], bulletMark) {
			fmt.Fprintln(w)
		}
		if isBullet {
			fmt.Fprintln(w, markdownLine(l))
		} else {
			fmt.Fprintf(w, "%s  \n", markdownLine(l))
		}
	}
}

func escapeAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = mdCell(s)
	}
	return out
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// Lines of a section may be plain text, a key and its value, or a bullet;
// each format renders them its own way.
const (
	kvMark     = "\x00"
	bulletMark = "\x01"
	leadMark   = "\x02" // in a value: what comes before it is the headline figure
)

// lead marks the headline figure at the start of a value.
func lead(figure, rest string) string { return figure + leadMark + rest }

// kv is a line that pairs a key with a value: padded on a terminal, bold
// in Markdown.
func kv(key, value string) string { return key + kvMark + value }

// bullet is a list item.
func bullet(s string) string { return bulletMark + s }

func terminalLine(l string) string {
	l = strings.ReplaceAll(l, leadMark, "")
	if k, v, ok := strings.Cut(l, kvMark); ok {
		return fmt.Sprintf("%-15s %s", k, v)
	}
	if strings.HasPrefix(l, bulletMark) {
		return "  • " + l[len(bulletMark):]
	}
	return l
}

func markdownLine(l string) string {
	l = strings.ReplaceAll(l, leadMark, "")
	if k, v, ok := strings.Cut(l, kvMark); ok {
		return "**" + mdCell(k) + ":** " + mdCell(v)
	}
	if strings.HasPrefix(l, bulletMark) {
		return "- " + mdCell(l[len(bulletMark):])
	}
	return mdCell(l)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}
