package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/audit"
)

// appendJSONString writes a string as encoding/json does without HTML
// escaping: ASCII, escapes, HTML, line separators, invalid UTF-8.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "1:1 Alex", "Review \"Q3\"", `back\slash`, "tab\there", "<b>&amp;</b>", "Café ☕", "\u2028\u2029",
		"\xff\xfe", "a\x00b", "\x7f", "日本語", "\xe2\x80", "emoji 🎉 end", strings.Repeat("x", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
			t.Fatalf("%q: %s, want %s", s, got, want.Bytes())
		}
	})
}

// The list of meetings without prep, written by the stream or by
// encoding/json through MarshalJSON, is what encoding/json wrote for the
// list of {title, start} it replaced: empty, one, and many (past the
// stream's flushes), with titles to escape, in two zones.
func TestJSONMissingList(t *testing.T) {
	type missing struct { // what the list was
		Title string `json:"title"`
		Start string `json:"start"`
	}
	type before struct {
		Needing int       `json:"needing"`
		Missing []missing `json:"missing"`
		After   []int     `json:"after"`
	}
	type after struct {
		Needing int              `json:"needing"`
		Missing *jsonMissingList `json:"missing"`
		After   []int            `json:"after"`
	}
	type nest[T any] struct { // deeper, and in a list
		Prep *T  `json:"prep"`
		More []T `json:"more"`
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	titles := []string{"1:1 Alex", "Review \"Q3\" <draft>", "Café\u2028☕", "bad \xff byte", "tab\t", ""}
	for _, n := range []int{0, 1, 5000} {
		var items []*audit.Item
		old := before{Needing: n, Missing: []missing{}}
		for i := range n {
			loc := time.UTC
			if i%3 == 0 {
				loc = berlin
			}
			start := time.Date(2026, 3, 23, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * 7 * time.Hour).In(loc)
			it := &audit.Item{Event: &audit.Event{Title: titles[i%len(titles)]}, Interval: audit.Interval{Start: start, End: start.Add(time.Hour)}}
			items = append(items, it)
			old.Missing = append(old.Missing, missing{it.Event.Title, start.Format(time.RFC3339)})
		}
		old.After = []int{1, 2}
		_, want := bothJSON(t, nest[before]{&old, []before{old, old}})
		list := func() after { return after{Needing: n, Missing: &jsonMissingList{items: items}, After: []int{1, 2}} }
		a := list()
		got, viaMarshal := bothJSON(t, nest[after]{&a, []after{list(), list()}})
		if !bytes.Equal(got, want) || !bytes.Equal(viaMarshal, want) {
			t.Fatalf("%d meetings: the list differs from what it replaced:\n%.600s\n---\n%.600s", n, got, want)
		}
	}
}
