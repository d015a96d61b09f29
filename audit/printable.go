package audit

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Calendars come from anyone: a title may hold an escape sequence that,
// printed raw, makes the terminal write the clipboard (OSC 52), hide a link
// (OSC 8), retitle the window or clear the screen. These functions are the
// one sanitiser for text that reaches a terminal or a log.

// QuoteMax is the most runes of a value an error quotes.
const QuoteMax = 80

// unsafe reports whether r must not reach a terminal raw: C0 and C1
// controls, DEL, the line and paragraph separators, and the bidirectional
// overrides and isolates that can make text read other than it is.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r == 0x2028, r == 0x2029, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// escape writes r as a visible escape: \x1b, \n, \u202e.
func escape(b *strings.Builder, r rune) {
	q := strconv.QuoteRune(r)
	b.WriteString(q[1 : len(q)-1])
}

// Printable is s as one line safe for a terminal: every unsafe rune (see
// above), newlines and tabs included, becomes a visible escape, and
// invalid UTF-8 becomes \ufffd.
func Printable(s string) string {
	return clean(s, false)
}

// CleanText is s with the unsafe runes escaped, except newline and tab:
// for the text of events (a description has lines), as sources read it.
func CleanText(s string) string {
	return clean(s, true)
}

func clean(s string, keepLines bool) string {
	// Most text is printable ASCII: one pass over the bytes says so.
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= 0x80 || (c < 0x20 || c == 0x7f) && !(keepLines && (c == '\n' || c == '\t')) {
			break
		}
		i++
	}
	if i == len(s) {
		return s
	}
	ok := true
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || (unsafeRune(r) && !(keepLines && (r == '\n' || r == '\t'))) {
			ok = false
			break
		}
		i += size
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\ufffd`)
		case unsafeRune(r) && !(keepLines && (r == '\n' || r == '\t')):
			escape(&b, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Quote is v quoted for an error message: escaped as Go quotes strings,
// and cut to QuoteMax runes with "…" and the full length when longer, so
// that a whole file read as one line does not become the message.
func Quote(v string) string {
	if utf8.RuneCountInString(v) <= QuoteMax {
		return strconv.Quote(v)
	}
	n, cut := 0, len(v)
	for i := range v {
		if n == QuoteMax {
			cut = i
			break
		}
		n++
	}
	return strconv.Quote(v[:cut]) + "… (" + strconv.Itoa(len(v)) + " bytes)"
}

// Line is an error or note as one line for stderr: Printable, and at most
// max runes (the rest cut, with a marker).
func Line(s string, max int) string {
	s = Printable(s)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max {
			return s[:i] + "… (cut)"
		}
		n++
	}
	return s
}
