package rules

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/timeaudit/timeaudit/audit"
)

// problems are every problem found in one config.
type problems []*audit.Error

// problem is one problem in a config file, at a node's line and column
// (0 when the whole file is concerned) and path ("categories[2].match[0]").
func problem(file string, line, col int, path, msg string) *audit.Error {
	return &audit.Error{Kind: audit.KindInput, Pos: audit.Provenance{Source: file, Line: line}, Col: col, Property: path, Msg: msg}
}

// err is the error of a config with problems, in file order: the first
// one, and how many more; audit.Problems lists them all.
func (ps problems) err() error {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Pos.Line != ps[j].Pos.Line {
			return ps[i].Pos.Line < ps[j].Pos.Line
		}
		return ps[i].Col < ps[j].Col
	})
	if len(ps) == 1 {
		return ps[0]
	}
	all := make([]error, len(ps))
	for i, p := range ps {
		all[i] = p
	}
	return &audit.Error{Kind: audit.KindInput, Err: errors.Join(all...),
		Msg: fmt.Sprintf("%s (and %d more problems: run timeaudit rules check)", ps[0].Error(), len(ps)-1)}
}

// suggest returns ` (did you mean "x"?)` for the closest valid word, or
// the list of valid words when none is close.
func suggest(got string, valid []string) string {
	best, bestD := "", 3
	for _, v := range valid {
		if d := editDistance(strings.ToLower(got), v); d < bestD {
			best, bestD = v, d
		}
	}
	if best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return " (valid: " + strings.Join(valid, ", ") + ")"
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
