package sources

import (
	"bytes"
	"strings"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
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

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

func decodeText(b []byte, owned bool) (text string, note string) {
	if bytes.HasPrefix(b, bomUTF16LE) || bytes.HasPrefix(b, bomUTF16BE) {
		// The mark says which UTF-16; BOMOverride reads it and decodes.
		out, _, err := transform.Bytes(unicode.BOMOverride(unicode.UTF8.NewDecoder()), b)
		if err == nil {
			return string(out), ""
		}
		return strings.ToValidUTF8(string(b), "\uFFFD"), "the file is not valid UTF-16: broken bytes were replaced by \uFFFD"
	}
	b = bytes.TrimPrefix(b, bomUTF8)
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
	if !multibyte {
		if out, err := charmap.Windows1252.NewDecoder().Bytes(b); err == nil {
			return string(out), "the file is not UTF-8: read as Windows-1252"
		}
	}
	return strings.ToValidUTF8(string(b), "\uFFFD"), "the file is not valid UTF-8: broken bytes were replaced by \uFFFD"
}
