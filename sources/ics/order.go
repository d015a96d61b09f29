package ics

import (
	"cmp"
	"math/bits"
	"slices"
)

// key is where an occurrence goes in a source's events: by start, then by
// the file (its rank among the source's files) and line of its VEVENT, then
// series and index, which keep the order they were made in.
type key struct {
	start       int64 // Unix nanoseconds
	src, line   int32
	series, idx int32
}

func compareKeys(a, b key) int {
	switch {
	case a.start != b.start:
		return cmp.Compare(a.start, b.start)
	case a.src != b.src:
		return cmp.Compare(a.src, b.src)
	case a.line != b.line:
		return cmp.Compare(a.line, b.line)
	case a.series != b.series:
		return cmp.Compare(a.series, b.series)
	}
	return cmp.Compare(a.idx, b.idx)
}

// sortKeys sorts keys made in (series, idx) order by compareKeys. When the
// starts are whole seconds and start, file and line pack into 64 bits (they
// do for any calendar of whole-second times within centuries), a stable
// radix sort of the packed keys does it in a few passes over the data;
// otherwise a comparison sort.
func sortKeys(keys []key) {
	if slices.IsSortedFunc(keys, compareKeys) { // a file in time order needs no sorting
		return
	}
	packed, ok := pack(keys)
	if !ok {
		slices.SortFunc(keys, compareKeys)
		return
	}
	radixSort(packed, keys)
}

// pack makes each key one number that orders as compareKeys does, but for
// series and index: ties are left in input order by a stable sort, which is
// (series, idx) order as keys are made.
func pack(keys []key) ([]uint64, bool) {
	lo, hi := keys[0].start, keys[0].start
	var maxSrc, maxLine int32
	for _, k := range keys {
		if k.start%1e9 != 0 || k.src < 0 || k.line < 0 {
			return nil, false
		}
		lo, hi = min(lo, k.start), max(hi, k.start)
		maxSrc, maxLine = max(maxSrc, k.src), max(maxLine, k.line)
	}
	span := uint64(hi/1e9 - lo/1e9)
	lineBits, srcBits := bits.Len32(uint32(maxLine)), bits.Len32(uint32(maxSrc))
	if bits.Len64(span)+srcBits+lineBits > 64 {
		return nil, false
	}
	out := make([]uint64, len(keys))
	for i, k := range keys {
		out[i] = uint64(k.start/1e9-lo/1e9)<<(srcBits+lineBits) | uint64(k.src)<<lineBits | uint64(k.line)
	}
	return out, true
}

// radixSort sorts keys by packed (the same length), stably, least
// significant byte first; a byte all keys share is skipped.
func radixSort(packed []uint64, keys []key) {
	n := len(packed)
	if n == 0 {
		return
	}
	orig := keys
	p2, k2 := make([]uint64, n), make([]key, n)
	var or, and uint64 = 0, ^uint64(0)
	for _, p := range packed {
		or, and = or|p, and&p
	}
	for shift := uint(0); shift < 64; shift += 8 {
		if (or^and)>>shift&0xff == 0 {
			continue // every key has this byte
		}
		var count [257]int
		for _, p := range packed {
			count[p>>shift&0xff+1]++
		}
		for i := 1; i < 257; i++ {
			count[i] += count[i-1]
		}
		for i, p := range packed {
			b := p >> shift & 0xff
			p2[count[b]], k2[count[b]] = p, keys[i]
			count[b]++
		}
		packed, p2 = p2, packed
		keys, k2 = k2, keys
	}
	if &keys[0] != &orig[0] {
		copy(orig, keys)
	}
}
