package render

import (
	"bytes"
	"encoding"
	"encoding/json"
	"io"
	"reflect"
	"strconv"
	"strings"
)

// writeJSON writes v as encoding/json's Encoder does with two-space
// indentation and no HTML escaping, byte for byte: the value is marshalled
// compact, then indented by indentState, which reads encoding/json's compact
// output at memory speed where json.Indent runs its full scanner over
// every byte (a five-year report is 11 MB). The value goes out a piece at
// a time (see jsonStream), so that its text is never held whole.
func writeJSON(w io.Writer, v any) error {
	js := jsonStream{iw: indentWriter{w: w}}
	js.enc = json.NewEncoder(&js.buf)
	js.enc.SetEscapeHTML(false)
	if err := js.value(reflect.ValueOf(v)); err != nil {
		return errWrite(err)
	}
	js.raw("\n")
	return errWrite(js.flush())
}

// jsonStream writes a value as encoding/json would, compact, into the
// indenter, piece by piece: a plain struct (exported, tagged fields; at
// most omitempty), or a pointer to one, field by field; a long slice some
// hundred elements at a time; anything else (maps, marshalers, the small
// values) whole through encoding/json.
type jsonStream struct {
	iw  indentWriter
	buf bytes.Buffer // what the Encoder wrote, and what waits for the indenter
	enc *json.Encoder
}

const jsonBatch = 256 // elements of a long slice marshalled at once

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

func (js *jsonStream) value(v reflect.Value) error {
	if !v.IsValid() {
		return js.encode(nil, false)
	}
	t := v.Type()
	switch {
	case t.Implements(jsonListType) && !(t.Kind() == reflect.Pointer && v.IsNil()):
		return js.list(v.Interface().(jsonList))
	case t.Implements(jsonMarshaler) || t.Implements(textMarshaler) ||
		reflect.PointerTo(t).Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(textMarshaler):
	case t.Kind() == reflect.Pointer && !v.IsNil() && t.Elem().Kind() == reflect.Struct:
		return js.value(v.Elem())
	case t.Kind() == reflect.Struct && plainStruct(t):
		return js.object(v)
	case t.Kind() == reflect.Slice && v.Len() > jsonBatch && t.Elem().Kind() != reflect.Uint8:
		js.raw("[")
		for i := 0; i < v.Len(); i += jsonBatch {
			if i > 0 {
				js.raw(",")
			}
			if err := js.encode(v.Slice(i, min(i+jsonBatch, v.Len())).Interface(), true); err != nil {
				return err
			}
		}
		js.raw("]")
		return nil
	}
	if v.CanAddr() { // encoding/json calls a pointer's methods on an addressable value
		return js.encode(v.Addr().Interface(), false)
	}
	return js.encode(v.Interface(), false)
}

// object writes a plainStruct's fields, as encoding/json orders and
// names them.
func (js *jsonStream) object(v reflect.Value) error {
	t := v.Type()
	js.raw("{")
	first := true
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fv := v.Field(i)
		if opts == "omitempty" && emptyJSON(fv) {
			continue
		}
		if !first {
			js.raw(",")
		}
		first = false
		js.raw(strconv.Quote(name) + ":")
		if err := js.value(fv); err != nil {
			return err
		}
	}
	js.raw("}")
	return nil
}

// plainStruct reports whether encoding/json writes t's fields in order,
// each under its tag's name (or its own), with nothing but omitempty: no
// embedded fields, no other options, names plain.
func plainStruct(t reflect.Type) bool {
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			return false
		}
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if opts != "" && opts != "omitempty" || strings.ContainsFunc(name, func(r rune) bool {
			return !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		}) {
			return false
		}
	}
	return true
}

// emptyJSON is encoding/json's test for omitempty.
func emptyJSON(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}

// encode marshals x after what waits, without the Encoder's newline;
// inner drops the brackets of a slice's batch.
func (js *jsonStream) encode(x any, inner bool) error {
	from := js.buf.Len()
	if err := js.enc.Encode(x); err != nil {
		return err
	}
	b := js.buf.Bytes()
	b = b[:len(b)-1] // the newline
	if inner {
		copy(b[from:], b[from+1:len(b)-1])
		b = b[:len(b)-2]
	}
	js.buf.Truncate(len(b))
	if js.buf.Len() >= 64<<10 {
		return js.flush()
	}
	return nil
}

func (js *jsonStream) raw(s string) { js.buf.WriteString(s) }

// list writes a jsonList element by element, each indented as it is
// written: the indenter is given the brackets alone, and left where the
// last element leaves it.
func (js *jsonStream) list(l jsonList) error {
	js.raw("[")
	if err := js.flush(); err != nil {
		return err
	}
	n := l.jsonLen()
	if n == 0 {
		js.raw("]")
		return nil
	}
	st := &js.iw.st // after "[", at its depth
	lay := indentedLayout(st.depth + 1)
	out := append(js.iw.out[:0], lay.line...)
	for i := range n {
		if i > 0 {
			out = append(append(out, ','), lay.line...)
		}
		out = l.appendJSONElem(out, i, &lay)
		if len(out) >= 64<<10 || i == n-1 {
			if _, err := js.iw.w.Write(out); err != nil {
				return err
			}
			out = out[:0]
		}
	}
	js.iw.out = out
	st.depth, st.open = st.depth+1, false // after an element
	js.raw("]")
	return nil
}

// flush gives the indenter what waits: whole values and punctuation,
// never part of a string.
func (js *jsonStream) flush() error {
	_, err := js.iw.Write(js.buf.Bytes())
	js.buf.Reset()
	return err
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
