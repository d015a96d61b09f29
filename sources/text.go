package sources

import (
	"bytes"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// DecodeText turns a file's bytes into UTF-8 text. It strips a UTF-8
// byte-order mark and decodes UTF-16 by its mark (Excel's "Unicode Text",
// Windows Calendar). Text that is not valid UTF-8 is read as Windows-1252
// when it holds no valid multi-byte sequence at all (older Outlook, Excel and
// Mozilla exports), and otherwise keeps its valid characters with the broken
// bytes replaced by U+FFFD. Either repair is reported in note.
func DecodeText(b []byte) (text string, note string) {
	return decodeText(b, false)
}

// DecodeTextOwned is DecodeText for a buffer the caller hands over: valid
// UTF-8 is then used in place, without a copy (a large file is not held
// twice). b must not be changed afterwards.
func DecodeTextOwned(b []byte) (text string, note string) {
	return decodeText(b, true)
}

func decodeText(b []byte, owned bool) (text string, note string) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return decodeUTF16(b[2:], false), ""
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return decodeUTF16(b[2:], true), ""
	}
	if utf8.Valid(b) {
		if owned && len(b) > 0 {
			return unsafe.String(unsafe.SliceData(b), len(b)), ""
		}
		return string(b), ""
	}
	multibyte := false
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError && size > 1 {
			multibyte = true
			break
		}
		i += size
	}
	if multibyte {
		return strings.ToValidUTF8(string(b), "\uFFFD"), "the file is not valid UTF-8: broken bytes were replaced by \uFFFD"
	}
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for _, c := range b {
		if c >= 0x80 && c < 0xA0 {
			sb.WriteRune(cp1252[c-0x80])
		} else {
			sb.WriteRune(rune(c))
		}
	}
	return sb.String(), "the file is not UTF-8: read as Windows-1252"
}

func decodeUTF16(b []byte, bigEndian bool) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	return string(utf16.Decode(u))
}

// cp1252 maps Windows-1252 bytes 0x80..0x9F; the rest of the code page is Latin-1.
var cp1252 = [32]rune{
	'€', '\u0081', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u008D', 'Ž', '\u008F',
	'\u0090', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u009D', 'ž', 'Ÿ',
}
