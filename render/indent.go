package render

import (
	"encoding/json"
	"io"
	"strings"
)

// writeJSON writes v as encoding/json's Encoder does with two-space
// indentation and no HTML escaping, byte for byte: the value is marshalled
// compact, then indented by indentState, which reads encoding/json's compact
// output at memory speed where json.Indent runs its full scanner over
// every byte (a five-year report is 11 MB).
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(&indentWriter{w: w})
	enc.SetEscapeHTML(false)
	return errWrite(enc.Encode(v))
}

// indentWriter indents the compact JSON the Encoder writes (in one Write,
// the whole value and its newline) into w, a part at a time, so that the
// indented copy is never held whole: parts end after a comma, where
// indenting can go on.
type indentWriter struct {
	w   io.Writer
	st  indentState
	out []byte
}

func (iw *indentWriter) Write(src []byte) (int, error) {
	n := len(src)
	if iw.out == nil {
		iw.out = make([]byte, 0, 128<<10)
	}
	for len(src) > 0 {
		var cut int
		iw.out, cut = iw.st.indent(iw.out[:0], src, 64<<10)
		if _, err := iw.w.Write(iw.out); err != nil {
			return 0, err
		}
		src = src[cut:]
	}
	return n, nil
}

// indentState indents compact JSON as encoding/json writes it (no space
// outside strings) the way json.Indent(dst, src, "", "  ") would: each
// element on its own line, "key": value, empty objects and arrays as {}
// and []. It holds where indenting stands between parts of one text.
type indentState struct {
	depth int
	open  bool // a { or [ was just written, its first element not yet
	pad   []byte
}

// indent appends src's indented form to dst, up to the first comma
// outside any string at least atLeast bytes into src, or to its end; n
// is how much of src it took (a part ends after a comma, where
// indenting can go on). One pass over the part.
func (st *indentState) indent(dst, src []byte, atLeast int) (_ []byte, n int) {
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
			if i+1 >= atLeast {
				return dst, i + 1
			}
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
	return dst, len(src)
}
