package render

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"testing"
)

func TestLanes(t *testing.T) {
	item := func(from, to int) segment { return segment{from: from, to: to, kind: segItem} }
	free := segment{from: 0, to: 600, kind: segFocus}
	tests := []struct {
		name  string
		segs  []segment
		lanes []int
		n     int
	}{
		{"none", []segment{free}, []int{0}, 0},
		{"back to back share a lane", []segment{free, item(60, 120), item(120, 180)}, []int{0, 0, 0}, 1},
		{"an overlap takes a second lane", []segment{item(840, 900), item(840, 885)}, []int{0, 1}, 2},
		{"the longer is on top", []segment{item(555, 570), item(540, 600)}, []int{1, 0}, 2},
		{"three at once, then a lane frees", []segment{item(0, 60), item(10, 20), item(15, 30), item(25, 40)}, []int{0, 1, 2, 1}, 3},
		{"free time stays in lane 0", []segment{item(0, 60), free, item(30, 90)}, []int{0, 0, 1}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := timelineDay{segs: tt.segs}
			lanes, n := d.lanes()
			if !reflect.DeepEqual(lanes, tt.lanes) || n != tt.n {
				t.Errorf("lanes %v, %d; want %v, %d", lanes, n, tt.lanes, tt.n)
			}
		})
	}
}

// No summary card sits alone on the last row of a wide screen.
func TestCardColumns(t *testing.T) {
	for n, want := range map[int]int{0: 1, 1: 1, 3: 3, 4: 4, 5: 5, 6: 3, 7: 4, 8: 4, 9: 3, 10: 5, 11: 4, 12: 4, 13: 5} {
		got := cardColumns(n)
		if got != want {
			t.Errorf("cardColumns(%d) = %d, want %d", n, got, want)
		}
		if n > got && n%got == 1 {
			t.Errorf("cardColumns(%d) = %d leaves one card alone", n, got)
		}
	}
}

// appendCSV writes a field as encoding/csv does, byte for byte.
func FuzzAppendCSV(f *testing.F) {
	for _, s := range []string{"", "a", "a,b", `say "hi"`, " lead", "\tTab", "line\nbreak", "cr\rhere", `\.`, "é", "\u00a0nbsp", "='x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		cw := csv.NewWriter(&want)
		cw.Write([]string{s})
		cw.Flush()
		got := string(appendCSV(nil, s)) + "\n"
		if cw.Error() == nil && got != want.String() {
			t.Fatalf("%q: got %q, encoding/csv writes %q", s, got, want.String())
		}
	})
}
