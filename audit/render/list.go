package render

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
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

// EncodeList writes a listing in format f: the same formats as reports.
func EncodeList(w io.Writer, f Format, l List) error {
	aligns := make([]tw.Align, len(l.Columns))
	for i := range aligns {
		aligns[i] = tw.AlignLeft
	}
	switch f.Name {
	case "table":
		t := newTable(w, aligns)
		t.Header(anySlice(l.Columns)...)
		for _, r := range l.Rows {
			if err := t.Append(anySlice(r)...); err != nil {
				return errWrite(err)
			}
		}
		return errWrite(t.Render())
	case "markdown":
		t := newMarkdown(w, aligns)
		t.Header(anySlice(l.Columns)...)
		for _, r := range l.Rows {
			cells := make([]string, len(r))
			for i, c := range r {
				cells[i] = mdCell(c)
			}
			if err := t.Append(anySlice(cells)...); err != nil {
				return errWrite(err)
			}
		}
		return errWrite(t.Render())
	case "tsv":
		var b strings.Builder
		b.WriteString(strings.Join(l.Keys, "\t") + "\n")
		for _, r := range l.Rows {
			cells := make([]string, len(r))
			for i, c := range r {
				cells[i] = tsvCell(c)
			}
			b.WriteString(strings.Join(cells, "\t") + "\n")
		}
		_, err := io.WriteString(w, b.String())
		return errWrite(err)
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write(l.Keys)
		for _, r := range l.Rows {
			cells := make([]string, len(r))
			for i, c := range r {
				cells[i] = sheetCell(c)
			}
			cw.Write(cells)
		}
		cw.Flush()
		return errWrite(cw.Error())
	case "json":
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
	return fmt.Errorf("format %s cannot show a list", f.Name)
}
