package rules

import (
	"bytes"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// titleIndex finds, in one pass over a title, which of the rules' title
// words it contains: every two-byte window of the lower-cased title is
// looked up in a table of the words that start with those two bytes. The
// classifier then reads the answers as bits instead of searching the title
// once per word and rule.
type titleIndex struct {
	words  [][]byte  // lower-cased, distinct
	whole  bool      // words match as whole words (MatchWords)
	single [][]int32 // by first byte: the one-byte words
	pairs  [][]int32 // by hashed first two bytes: the longer words
}

// maxIndexedWords bounds the index so that a found-set fits on the stack;
// configs with more title words are matched word by word.
const maxIndexedWords = 256

const pairBuckets = 1 << 12

func pairHash(a, b byte) int { return (int(a)<<4 ^ int(b)*31) & (pairBuckets - 1) }

func newTitleIndex(words []string, whole bool) *titleIndex {
	ix := &titleIndex{single: make([][]int32, 256), pairs: make([][]int32, pairBuckets), whole: whole}
	for i, w := range words {
		ix.words = append(ix.words, []byte(w))
		switch len(w) {
		case 0:
		case 1:
			ix.single[w[0]] = append(ix.single[w[0]], int32(i))
		default:
			h := pairHash(w[0], w[1])
			ix.pairs[h] = append(ix.pairs[h], int32(i))
		}
	}
	return ix
}

// size is how many uint64 a found-set needs.
func (ix *titleIndex) size() int { return (len(ix.words) + 63) / 64 }

// scan marks in found the words that title contains. buf is scratch space
// for lower-casing without allocating.
func (ix *titleIndex) scan(title string, found []uint64, buf []byte) {
	t := lowerInto(title, buf)
	ts := unsafe.String(unsafe.SliceData(t), len(t)) // t is not changed while ts is in use
	for i := 0; i < len(t); i++ {
		for _, id := range ix.single[t[i]] {
			if !ix.whole || wordAt(ts, i, 1) {
				found[id>>6] |= 1 << (id & 63)
			}
		}
		if i+1 < len(t) {
			for _, id := range ix.pairs[pairHash(t[i], t[i+1])] {
				if w := ix.words[id]; bytes.HasPrefix(t[i:], w) && (!ix.whole || wordAt(ts, i, len(w))) {
					found[id>>6] |= 1 << (id & 63)
				}
			}
		}
	}
}

// lowerInto lower-cases s as strings.ToLower does: into buf when s is
// ASCII and fits (no allocation), else through strings.ToLower.
func lowerInto(s string, buf []byte) []byte {
	if len(s) <= len(buf) {
		i := 0
		for ; i < len(s); i++ {
			c := s[i]
			if c >= utf8.RuneSelf {
				break
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[i] = c
		}
		if i == len(s) {
			return buf[:len(s)]
		}
	}
	return []byte(strings.ToLower(s))
}
