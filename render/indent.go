package render

import (
	"bytes"
	"encoding/json"
	"io"
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
	_, err := w.Write(indentJSON(make([]byte, 0, buf.Len()+buf.Len()/2), buf.Bytes()))
	return errWrite(err)
}

// indentJSON appends src, compact JSON as encoding/json writes it (no
// space outside strings), indented as json.Indent(dst, src, "", "  ")
// would: each element on its own line, "key": value, empty objects and
// arrays as {} and [].
func indentJSON(dst, src []byte) []byte {
	depth, open := 0, false // open: a { or [ was just written, its first element not yet
	newline := func() {
		dst = append(dst, '\n')
		for range depth {
			dst = append(dst, ' ', ' ')
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if open && c != '}' && c != ']' {
			open = false
			depth++
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
			open = true
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, c, ' ')
		case '}', ']':
			if open {
				open = false
			} else {
				depth--
				newline()
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
