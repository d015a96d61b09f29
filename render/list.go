package render

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter/tw"
)

// List is a plain listing (not a report), such as the calendars an account
// can read: a header and rows of text, each column with a JSON key.
type List struct {
	Columns []string // headers, as shown
	Keys    []string // JSON keys, one per column
	Rows    [][]string
}

// The list view's encoders: the same formats as reports, but HTML.

func leftAligned(n int) []tw.Align {
	aligns := make([]tw.Align, n)
	for i := range aligns {
		aligns[i] = tw.AlignLeft
	}
	return aligns
}

func listTable(w io.Writer, in Input, _ Options) error {
	l := in.List
	t := newTable(w, leftAligned(len(l.Columns)))
	t.Header(anySlice(l.Columns)...)
	for _, r := range l.Rows {
		if err := t.Append(anySlice(r)...); err != nil {
			return errWrite(err)
		}
	}
	return errWrite(t.Render())
}

func listMarkdown(w io.Writer, in Input, _ Options) error {
	l := in.List
	t := newMarkdown(w, leftAligned(len(l.Columns)))
	t.Header(anySlice(l.Columns)...)
	for _, r := range l.Rows {
		if err := t.Append(anySlice(mapCells(r, mdCell))...); err != nil {
			return errWrite(err)
		}
	}
	return errWrite(t.Render())
}

func listTSV(w io.Writer, in Input, _ Options) error {
	var b strings.Builder
	b.WriteString(strings.Join(in.List.Keys, "\t") + "\n")
	for _, r := range in.List.Rows {
		b.WriteString(strings.Join(mapCells(r, tsvCell), "\t") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return errWrite(err)
}

func listCSV(w io.Writer, in Input, _ Options) error {
	cw := csv.NewWriter(w)
	cw.Write(in.List.Keys)
	for _, r := range in.List.Rows {
		cw.Write(mapCells(r, sheetCell))
	}
	cw.Flush()
	return errWrite(cw.Error())
}

func listJSON(w io.Writer, in Input, _ Options) error {
	l := in.List
	out := make([]map[string]string, 0, len(l.Rows))
	for _, r := range l.Rows {
		m := make(map[string]string, len(r))
		for i, c := range r {
			m[l.Keys[i]] = c
		}
		out = append(out, m)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return errWrite(enc.Encode(out))
}

// mapCells is the cells of a row, each through cell.
func mapCells(row []string, cell func(string) string) []string {
	out := make([]string, len(row))
	for i, c := range row {
		out[i] = cell(c)
	}
	return out
}
