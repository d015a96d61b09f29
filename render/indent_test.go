package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// indentJSON appends src, compact JSON as encoding/json writes it (no
// space outside strings), indented as json.Indent(dst, src, "", "  ")
// would: each element on its own line, "key": value, empty objects and
// arrays as {} and [].
func indentJSON(dst, src []byte) []byte {
	var st indentState
	dst, _ = st.indent(dst, src, len(src)+1)
	return dst
}

// indentJSON indents as json.Indent does: every JSON golden file, and
// random values with nesting, empty containers, escapes and odd strings.
func TestIndentJSON(t *testing.T) {
	check := func(name string, compact []byte) {
		t.Helper()
		var want bytes.Buffer
		if err := json.Indent(&want, compact, "", "  "); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := indentJSON(nil, compact); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("%s: indentJSON differs from json.Indent:\n%s\n---\n%s", name, got, want.Bytes())
		}
	}
	goldens, _ := filepath.Glob(filepath.Join("..", "testdata", "golden", "*.json"))
	if len(goldens) < 5 {
		t.Fatalf("only %d JSON golden files", len(goldens))
	}
	for _, g := range goldens {
		data, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, data); err != nil {
			t.Fatalf("%s: %v", g, err)
		}
		check(g, append(compact.Bytes(), '\n'))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	strs := []string{"", "a", `q"uote`, `back\slash`, "new\nline", "<&>", "\u2028", "é", "{[,:]}", `\"`}
	var value func(depth int) any
	value = func(depth int) any {
		switch n := rng.IntN(7); {
		case depth > 4 || n == 0:
			return strs[rng.IntN(len(strs))]
		case n == 1:
			return rng.Float64() * 1e6
		case n == 2:
			return rng.IntN(2) == 0
		case n == 3:
			return nil
		case n == 4:
			a := make([]any, rng.IntN(4))
			for i := range a {
				a[i] = value(depth + 1)
			}
			return a
		default:
			m := map[string]any{}
			for range rng.IntN(4) {
				m[strs[rng.IntN(len(strs))]+strings.Repeat("k", rng.IntN(3))] = value(depth + 1)
			}
			return m
		}
	}
	for i := range 3000 {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(value(0)); err != nil {
			t.Fatal(err)
		}
		check(strings.Repeat("value ", 1)+string(rune('0'+i%10)), buf.Bytes())
	}
}

// FuzzIndentJSON: any valid JSON, made compact as encoding/json writes it,
// is indented as json.Indent indents it.
func FuzzIndentJSON(f *testing.F) {
	f.Add(`{"a":[1,{},[]],"b":"x\"y"}`)
	f.Add(`[{"k":null,"s":"\\\\"}]`)
	f.Fuzz(func(t *testing.T, s string) {
		var compact bytes.Buffer
		if json.Compact(&compact, []byte(s)) != nil {
			return
		}
		compact.WriteByte('\n')
		var want bytes.Buffer
		if err := json.Indent(&want, compact.Bytes(), "", "  "); err != nil {
			return
		}
		if got := indentJSON(nil, compact.Bytes()); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("%q: %q, want %q", s, got, want.Bytes())
		}
	})
}

// writeJSON, which indents a large value a part at a time, writes what
// encoding/json's indenting Encoder writes: parts cut after commas, never
// inside strings (long ones, with commas, quotes and backslashes).
func TestWriteJSONParts(t *testing.T) {
	type row struct {
		Title string   `json:"title"`
		Tags  []string `json:"tags"`
		N     int      `json:"n"`
	}
	var v []row
	for i := range 20000 {
		v = append(v, row{Title: strings.Repeat(`a, "b" \ c,`, i%7), Tags: []string{}, N: i})
	}
	v = append(v, row{Title: strings.Repeat(`x,"\`, 50000)})
	got, want := bothJSON(t, v)
	if !bytes.Equal(got, want) {
		t.Fatalf("writeJSON differs from the indenting Encoder (%d and %d bytes)", len(got), len(want))
	}
}

// bothJSON is v through writeJSON, and through encoding/json's indenting
// Encoder (no HTML escaping), which writeJSON must equal.
func bothJSON(t *testing.T, v any) (got, want []byte) {
	t.Helper()
	var w bytes.Buffer
	enc := json.NewEncoder(&w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	var g bytes.Buffer
	if err := writeJSON(&g, v); err != nil {
		t.Fatal(err)
	}
	return g.Bytes(), w.Bytes()
}

type ptrMarshaler struct{ n int }

func (p *ptrMarshaler) MarshalJSON() ([]byte, error) { return []byte(`{"pointer":true}`), nil }

type embedded struct {
	E string `json:"e"`
}

type streamed struct {
	Name      string `json:"name"`
	Untagged  int
	skipped   int
	Dash      int                `json:"-"`
	Rows      []streamRow        `json:"rows"`
	Empty     []streamRow        `json:"empty"`
	Nil       []streamRow        `json:"nil"`
	Omitted   []string           `json:"omitted,omitempty"`
	Zero      int                `json:"zero,omitempty"`
	Kept      int                `json:"kept,omitempty"`
	Inner     *streamed          `json:"inner"`
	NilInner  *streamed          `json:"nil_inner,omitempty"`
	Any       any                `json:"any"`
	Map       map[string]int     `json:"map"`
	When      time.Time          `json:"when"`
	Marshaled ptrMarshaler       `json:"marshaled"`
	Bytes     []byte             `json:"bytes"`
	Wrapped   struct{ embedded } `json:"wrapped"`
	Str       int                `json:"str,string"`
}

type streamRow struct {
	Title string `json:"title"`
	Start string `json:"start"`
	Odd   string `json:"odd,omitempty"`
}

// writeJSON, which marshals a value a field and a few hundred elements at
// a time, writes what encoding/json's indenting Encoder writes: nested
// structs and pointers, omitempty, untagged and skipped fields, long and
// short, empty and nil slices, interfaces, maps, marshalers (a pointer's
// too), embedded fields and options it leaves to encoding/json.
func TestWriteJSONStreams(t *testing.T) {
	rows := func(n int) []streamRow {
		var out []streamRow
		for i := range n {
			out = append(out, streamRow{Title: fmt.Sprintf("Review, \"%d\" <&>\u2028", i%9), Start: "2026-03-23T09:00:00Z", Odd: strings.Repeat("x", i%2)})
		}
		return out
	}
	inner := &streamed{Name: "inner", Rows: rows(jsonBatch*3 + 1), Any: rows(jsonBatch + 5), Kept: 3}
	for _, v := range []any{
		streamed{Name: "top", Rows: rows(5000), Empty: []streamRow{}, Inner: inner, Any: map[string]any{"b": 1, "a": []int{1, 2}},
			Map: map[string]int{"z": 1, "a": 2}, When: time.Date(2026, 3, 23, 9, 0, 0, 0, time.UTC), Bytes: []byte("hi"), Str: 7},
		&streamed{Name: "pointer", Rows: rows(jsonBatch)},
		rows(10 * jsonBatch),
		[]int{},
		nil,
		&ptrMarshaler{},
		[]*streamed{inner, nil},
	} {
		got, want := bothJSON(t, v)
		if !bytes.Equal(got, want) {
			g, w := string(got), string(want)
			i := 0
			for i < min(len(g), len(w)) && g[i] == w[i] {
				i++
			}
			t.Fatalf("%T: writeJSON differs from the indenting Encoder at byte %d:\n%s\n---\n%s", v, i, g[max(0, i-200):min(len(g), i+200)], w[max(0, i-200):min(len(w), i+200)])
		}
	}
}
