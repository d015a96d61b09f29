package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// containsWord reports whether w occurs in s as a word (see MatchWords).
// Both are lower-cased.
func containsWord(s, w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i+len(w) <= len(s); {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		if wordAt(s, i+j, len(w)) {
			return true
		}
		_, size := utf8.DecodeRuneInString(s[i+j:])
		i += j + size
	}
	return false
}

// wordAt reports whether the n bytes of s at i stand as a word: where they
// begin with a letter or digit, none comes before; where they end with
// one, none comes after, nor a hyphen joining them to a following word (in
// "ooo-themed party" the word is "themed": of a hyphenated word, the last
// part is the head, so "code-review" is a review and "standup-comedy" is
// not a standup).
func wordAt(s string, i, n int) bool {
	if first, _ := decodeRune(s[i:]); wordRune(first) {
		if prev, _ := decodeLastRune(s[:i]); wordRune(prev) {
			return false
		}
	}
	if last, _ := decodeLastRune(s[:i+n]); wordRune(last) {
		next, size := decodeRune(s[i+n:])
		if wordRune(next) {
			return false
		}
		if next == '-' {
			if after, _ := decodeRune(s[i+n+size:]); wordRune(after) {
				return false
			}
		}
	}
	return true
}

func wordRune(r rune) bool {
	return r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') ||
		r >= utf8.RuneSelf && r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func decodeRune(s string) (rune, int) {
	if s == "" {
		return utf8.RuneError, 0
	}
	if s[0] < utf8.RuneSelf {
		return rune(s[0]), 1
	}
	return utf8.DecodeRuneInString(s)
}

func decodeLastRune(s string) (rune, int) {
	if s == "" {
		return utf8.RuneError, 0
	}
	if c := s[len(s)-1]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeLastRuneInString(s)
}
