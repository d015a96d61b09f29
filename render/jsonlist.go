package render

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/timeaudit/timeaudit/audit"
)

// jsonList is a long list that writes its elements' JSON itself, as
// encoding/json would write them (and json.Indent indent them): the stream
// (jsonStream) then neither builds a value for each element, nor reflects
// over it, nor indents it after. MarshalJSON writes the same list whole,
// compact, for encoding/json.
type jsonList interface {
	json.Marshaler
	jsonLen() int
	// appendJSONElem appends element i, an object, laid out by lay.
	appendJSONElem(dst []byte, i int, lay *jsonLayout) []byte
}

var jsonListType = reflect.TypeFor[jsonList]()

// jsonLayout is how an object of a list is laid out: compact, or
// indented at a depth, as json.Indent(dst, src, "", "  ") indents.
type jsonLayout struct {
	open, comma, colon, close string // around and between its fields
	line                      string // before each element: a newline and its indentation
}

var compactLayout = jsonLayout{open: "{", comma: ",", colon: ":", close: "}"}

// indentedLayout is the layout of an element at depth (its own line's).
func indentedLayout(depth int) jsonLayout {
	line := "\n" + strings.Repeat("  ", depth)
	inner := line + "  "
	return jsonLayout{open: "{" + inner, comma: "," + inner, colon: ": ", close: line + "}", line: line}
}

// marshalList is a jsonList's MarshalJSON.
func marshalList(l jsonList) ([]byte, error) {
	b := []byte{'['}
	for i := range l.jsonLen() {
		if i > 0 {
			b = append(b, ',')
		}
		b = l.appendJSONElem(b, i, &compactLayout)
	}
	return append(b, ']'), nil
}

// appendJSONString appends s as encoding/json writes a string without
// HTML escaping: as it is, between quotes, when encoding/json would leave
// it so (see verbatimJSON), else as encoding/json writes it.
func appendJSONString(dst []byte, s string) []byte {
	if verbatimJSON(s) {
		dst = append(dst, '"')
		dst = append(dst, s...)
		return append(dst, '"')
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return append(dst, bytes.TrimSuffix(b.Bytes(), []byte("\n"))...)
}

// verbatimJSON reports whether encoding/json writes s as it is: valid
// UTF-8 without control characters, quotes, backslashes, or the line and
// paragraph separators (U+2028, U+2029) it escapes. FuzzJSONString holds
// it to encoding/json.
func verbatimJSON(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c == '"' || c == '\\':
			return false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return ascii || utf8.ValidString(s) && !strings.ContainsRune(s, '\u2028') && !strings.ContainsRune(s, '\u2029')
}

// jsonMissingList is the meetings without prep: [{"title": ..., "start":
// RFC 3339}], one for each of five years of meetings.
type jsonMissingList struct {
	items  []*audit.Item
	starts stamps
}

func (l *jsonMissingList) jsonLen() int { return len(l.items) }

func (l *jsonMissingList) appendJSONElem(dst []byte, i int, lay *jsonLayout) []byte {
	it := l.items[i]
	dst = append(append(append(dst, lay.open...), `"title"`...), lay.colon...)
	dst = appendJSONString(dst, it.Event.Title)
	dst = append(append(append(append(dst, lay.comma...), `"start"`...), lay.colon...), '"')
	dst = l.starts.append(dst, it.Start) // RFC 3339: nothing to escape
	return append(append(dst, '"'), lay.close...)
}

func (l *jsonMissingList) MarshalJSON() ([]byte, error) { return marshalList(l) }
