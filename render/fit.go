package render

import (
	"bytes"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// The terminal report fits its width: prose wraps at word boundaries with
// a hanging indent, a table too wide first loses its low-priority columns
// (the report says which), then shows each row as a wrapped record; no
// cell is ever cut. A word longer than the width (a long address) is the
// only thing that is broken, at the width.

// textWidth is the display width of s: wide characters count two, escape
// sequences (colour) none.
func textWidth(s string) int { return twwidth.Width(s) }

// wrapText wraps s to width: the first line starts with first, the others
// with indent (both count in the width).
func wrapText(s string, width int, first, indent string) []string {
	return wrapWords(strings.Fields(s), width, first, indent)
}

// wrapWords wraps words, one space between them, as wrapText does; a
// "word" may hold spaces, to be kept on one line.
func wrapWords(words []string, width int, first, indent string) []string {
	if len(words) == 0 {
		return []string{strings.TrimRight(first, " ")}
	}
	var out []string
	line, lineW := first, textWidth(first)
	empty := true // nothing but the prefix on the line yet
	flush := func() {
		out = append(out, strings.TrimRight(line, " "))
		line, lineW, empty = indent, textWidth(indent), true
	}
	for _, w := range words {
		ww := textWidth(w)
		if !empty && lineW+1+ww > width {
			flush()
		}
		for lineW+ww > width && width-lineW > 0 && ww > width-textWidth(indent) {
			// A word longer than a whole line: broken at the width.
			head, rest := cutWidth(w, width-lineW)
			line += head
			flush()
			w, ww = rest, textWidth(rest)
		}
		if !empty {
			line += " "
			lineW++
		}
		line += w
		lineW += ww
		empty = false
	}
	if !empty || len(out) == 0 {
		out = append(out, strings.TrimRight(line, " "))
	}
	return out
}

// cutWidth splits s after at most n columns (at least one rune).
func cutWidth(s string, n int) (string, string) {
	w := 0
	for i, r := range s {
		rw := textWidth(string(r))
		if w+rw > n && i > 0 {
			return s[:i], s[i:]
		}
		w += rw
	}
	return s, ""
}

// terminalLines renders one document line (plain, a key and value, or a
// bullet) for a terminal of width columns.
func terminalLines(l string, width int, ascii bool) []string {
	l = strings.ReplaceAll(l, leadMark, "")
	if k, v, ok := strings.Cut(l, kvMark); ok {
		key := k + strings.Repeat(" ", max(15-textWidth(k), 0)) + " "
		indent := strings.Repeat(" ", textWidth(key))
		if textWidth(key) > width/2 {
			indent = "  "
		}
		return wrapText(v, width, key, indent)
	}
	if strings.HasPrefix(l, bulletMark) {
		mark := "  • "
		if ascii {
			mark = "  * "
		}
		return wrapText(l[len(bulletMark):], width, mark, "    ")
	}
	return wrapText(l, width, "", "")
}

// newTextTable is the terminal table: light box drawing, or ASCII.
func newTextTable(w io.Writer, aligns []tw.Align, ascii bool) *tablewriter.Table {
	style := tw.StyleLight
	if ascii {
		style = tw.StyleASCII
	}
	return tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(style)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithFooterAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{PerColumn: aligns}),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: aligns}),
		tablewriter.WithFooterAlignmentConfig(tw.CellAlignment{PerColumn: aligns}),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
	)
}

// boxLines renders the columns keep of t as a box table.
func boxLines(t *table, keep []int, ascii bool) ([]string, error) {
	pick := func(cells []string) []any {
		out := make([]any, len(keep))
		for i, c := range keep {
			if c < len(cells) {
				out[i] = cells[c]
			} else {
				out[i] = ""
			}
		}
		return out
	}
	aligns := make([]tw.Align, len(keep))
	for i, c := range keep {
		aligns[i] = t.aligns[c]
	}
	var b bytes.Buffer
	tt := newTextTable(&b, aligns, ascii)
	tt.Header(pick(t.header)...)
	for _, r := range t.rows {
		tt.Append(pick(r)...)
	}
	if t.footer != nil {
		tt.Footer(pick(t.footer)...)
	}
	if err := tt.Render(); err != nil {
		return nil, err
	}
	return strings.Split(strings.TrimRight(b.String(), "\n"), "\n"), nil
}

func widest(lines []string) int {
	w := 0
	for _, l := range lines {
		w = max(w, textWidth(l))
	}
	return w
}

// tableLines renders t within width: whole; else without the columns of
// t.drop, lowest priority first, until it fits (and a line says which
// went); else each row as a record of "Header value" pairs.
func tableLines(t *table, width int, ascii bool) ([]string, error) {
	keep := make([]int, len(t.header))
	for i := range keep {
		keep[i] = i
	}
	lines, err := boxLines(t, keep, ascii)
	if err != nil || widest(lines) <= width {
		return lines, err
	}
	var dropped []string
	for _, c := range t.drop {
		i := indexOf(keep, c)
		if i < 0 {
			continue
		}
		keep = append(keep[:i:i], keep[i+1:]...)
		if t.header[c] != "" {
			dropped = append(dropped, t.header[c])
		}
		if lines, err = boxLines(t, keep, ascii); err != nil {
			return nil, err
		}
		if widest(lines) <= width {
			if len(dropped) == 0 { // only unnamed columns (bars) went
				return lines, nil
			}
			note := "Left out at this width: " + strings.Join(dropped, ", ") + " (a wider terminal, or --format md, shows every column)."
			return append(lines, wrapText(note, width, "", "")...), nil
		}
	}
	return recordLines(t, width), nil
}

func indexOf(s []int, v int) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// recordLines shows each row of t as its first cell, then the others as
// "Header value" pairs, wrapped: for terminals too narrow for any table.
// The pairs are parted by semicolons, as values hold "·" ("2 · 1:00").
func recordLines(t *table, width int) []string {
	var out []string
	record := func(cells []string, total bool) {
		if len(cells) == 0 {
			return
		}
		var parts []string
		for i := 1; i < len(cells) && i < len(t.header); i++ {
			v := strings.TrimSpace(cells[i])
			if v == "" || v == "–" && t.header[i] != "" {
				continue
			}
			if h := t.header[i]; h != "" {
				v = h + " " + v
			}
			parts = append(parts, v)
		}
		head := strings.TrimSpace(cells[0])
		switch {
		case head == "" && total:
			head = "Total"
		case head == "":
			head = "–"
		}
		// Each "Header value" stays on one line when it fits on one.
		words := []string{head + ":"}
		for i, p := range parts {
			if i < len(parts)-1 {
				p += ";"
			}
			if textWidth(p) <= width-4 {
				words = append(words, strings.Join(strings.Fields(p), " "))
			} else {
				words = append(words, strings.Fields(p)...)
			}
		}
		out = append(out, wrapWords(words, width, "", "    ")...)
	}
	for _, r := range t.rows {
		record(r, false)
	}
	if t.footer != nil {
		record(t.footer, true)
	}
	return out
}
