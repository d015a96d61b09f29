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

// sortKeys sorts keys made in (series, idx) order by compareKeys, and
// returns them: in keys itself, or in a new slice. When the
// starts are whole seconds and start, file and line pack into 64 bits (they
// do for any calendar of whole-second times within centuries), a stable
// radix sort of the packed keys does it in a few passes over the data;
// otherwise a comparison sort.
func sortKeys(keys []key) []key {
	if slices.IsSortedFunc(keys, compareKeys) { // a file in time order needs no sorting
		return keys
	}
	packed, ok := pack(keys)
	if !ok {
		slices.SortFunc(keys, compareKeys)
		return keys
	}
	if n := bits.Len(uint(len(keys) - 1)); bits.Len64(or(packed))+n <= 64 {
		// The key's index in the low bits: the numbers alone sort (each is
		// unique, and ties in the key keep their order), then the keys
		// follow once.
		for i := range packed {
			packed[i] = packed[i]<<n | uint64(i)
		}
		radixSort(packed, nil)
		sorted := make([]key, len(keys))
		mask := uint64(1)<<n - 1
		for i, p := range packed {
			sorted[i] = keys[p&mask]
		}
		return sorted
	}
	radixSort(packed, keys)
	return keys
}

func or(xs []uint64) uint64 {
	var o uint64
	for _, x := range xs {
		o |= x
	}
	return o
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

// radixSort sorts packed, and keys with it (the same length, or nil),
// stably, least significant digit first (11 bits a digit, every digit's
// counts taken in one pass); a digit all share is skipped.
func radixSort(packed []uint64, keys []key) {
	n := len(packed)
	if n == 0 {
		return
	}
	const bitsPer, digits = 11, 6 // 66 bits: all of a uint64
	var count [digits][1 << bitsPer]int
	for _, p := range packed {
		for d := range digits {
			count[d][p>>(d*bitsPer)&(1<<bitsPer-1)]++
		}
	}
	origP, orig := packed, keys
	var p2 []uint64
	var k2 []key
	for d := range digits {
		c := &count[d]
		if c[packed[0]>>(d*bitsPer)&(1<<bitsPer-1)] == n {
			continue // every number has this digit
		}
		if p2 == nil {
			p2 = make([]uint64, n)
			if keys != nil {
				k2 = make([]key, n)
			}
		}
		sum := 0
		for i := range c {
			c[i], sum = sum, sum+c[i]
		}
		shift := uint(d * bitsPer)
		if keys == nil {
			for _, p := range packed {
				b := p >> shift & (1<<bitsPer - 1)
				p2[c[b]] = p
				c[b]++
			}
		} else {
			for i, p := range packed {
				b := p >> shift & (1<<bitsPer - 1)
				p2[c[b]], k2[c[b]] = p, keys[i]
				c[b]++
			}
		}
		packed, p2 = p2, packed
		keys, k2 = k2, keys
	}
	if &packed[0] != &origP[0] {
		copy(origP, packed)
	}
	if keys != nil && &keys[0] != &orig[0] {
		copy(orig, keys)
	}
}
