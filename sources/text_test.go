package sources

import "testing"

func TestDecodeText(t *testing.T) {
	tests := []struct {
		name     string
		in       []byte
		want     string
		wantNote string
	}{
		{"UTF-8", []byte("Möte"), "Möte", ""},
		{"UTF-8 with a mark", []byte("\xEF\xBB\xBFMöte"), "Möte", ""},
		{"UTF-16LE with a mark (Excel's Unicode Text)", []byte{0xFF, 0xFE, 'M', 0, 0xF6, 0, 't', 0, 'e', 0}, "Möte", ""},
		{"UTF-16BE with a mark", []byte{0xFE, 0xFF, 0, 'M', 0, 0xF6, 0, 't', 0, 'e'}, "Möte", ""},
		{"UTF-16 surrogate pair", []byte{0xFF, 0xFE, 0x3D, 0xD8, 0x00, 0xDE}, "😀", ""},
		{"Windows-1252", []byte("\x93M\xF6te\x94 \x80 5"), "“Möte” € 5", "the file is not UTF-8: read as Windows-1252"},
		{"Latin-1 letters", []byte("K\xE4se"), "Käse", "the file is not UTF-8: read as Windows-1252"},
		{"UTF-8 with a broken byte", []byte("Möte \xFF"), "Möte \uFFFD", "the file is not valid UTF-8: broken bytes were replaced by \uFFFD"},
		{"empty", nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, owned := range []bool{false, true} {
				in := append([]byte(nil), tt.in...)
				got, note := decodeText(in, owned)
				if got != tt.want || note != tt.wantNote {
					t.Errorf("owned=%v: got %q, %q; want %q, %q", owned, got, note, tt.want, tt.wantNote)
				}
			}
		})
	}
}
