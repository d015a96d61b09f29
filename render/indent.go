package render

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
)

// writeJSON writes v as encoding/json's Encoder does with two-space
// indentation and no HTML escaping, byte for byte: the value is marshalled
// compact, then indented by indentJSON, which reads json.Marshal's compact
// output at memory speed where json.Indent runs its full scanner over
// every byte (a five-year report is 11 MB).
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return errWrite(err)
	}
	// Indented a part at a time, so that the indented copy is never held
	// whole: parts end after a comma, where indentJSON can start again.
	src := buf.Bytes()
	out := make([]byte, 0, 128<<10)
	var st indentState
	for len(src) > 0 {
		n := cutAfter(src, 64<<10)
		out = st.indent(out[:0], src[:n])
		if _, err := w.Write(out); err != nil {
			return errWrite(err)
		}
		src = src[n:]
	}
	return nil
}

// indentJSON appends src, compact JSON as encoding/json writes it (no
// space outside strings), indented as json.Indent(dst, src, "", "  ")
// would: each element on its own line, "key": value, empty objects and
// arrays as {} and [].
func indentJSON(dst, src []byte) []byte {
	var st indentState
	return st.indent(dst, src)
}

// indentState is where indenting stands between parts of one text.
type indentState struct {
	depth int
	open  bool // a { or [ was just written, its first element not yet
	pad   []byte
}

// cutAfter is where a part of src may end, at least min bytes in: after
// the first comma outside any string from there, else at the end. One
// pass over the part.
func cutAfter(src []byte, min int) int {
	in := false
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case in && c == '\\':
			i++
		case c == '"':
			in = !in
		case c == ',' && !in && i+1 >= min:
			return i + 1
		}
	}
	return len(src)
}

func (st *indentState) indent(dst, src []byte) []byte {
	if st.pad == nil {
		st.pad = []byte("\n" + strings.Repeat("  ", 32))
	}
	newline := func() {
		for 1+2*st.depth > len(st.pad) {
			st.pad = append(st.pad, st.pad[1:]...)
		}
		dst = append(dst, st.pad[:1+2*st.depth]...)
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if st.open && c != '}' && c != ']' {
			st.open = false
			st.depth++
			newline()
		}
		switch c {
		case '"':
			// The string, to its closing quote, as it is.
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(src))
			dst = append(dst, src[i:j]...)
			i = j - 1
		case '{', '[':
			st.open = true
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, c, ' ')
		case '}', ']':
			if st.open {
				st.open = false
			} else {
				st.depth--
				newline()
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
