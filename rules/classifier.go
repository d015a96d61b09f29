package rules

import (
	"math"
	"math/bits"
	"strings"

	"github.com/timeaudit/timeaudit/audit"
)

// Classifier applies a Config: categories in order, the first match wins.
// It is safe for concurrent use.
type Classifier struct {
	inside audit.Inside // who is internal, for external:
	def    audit.Category
	all    []audit.Category
	alts   []flatAlt // every alternative, in order
	// With the title index: the alternatives that are not a bare title
	// condition (they are evaluated in order), and for each title word the
	// first bare-title alternative it satisfies.
	ix       *titleIndex
	others   []int
	untitled []int // the others without a title condition
	first    []int
}

type flatAlt struct {
	cat       *Category
	alt       *Alternative
	titleOnly bool
	titles    []int // its title conditions: checked first, through the index
}

var _ audit.DomainClassifier = (*Classifier)(nil)

// ForInside is the classifier with the user's domains known, for
// external:; the receiver is not changed.
func (cl *Classifier) ForInside(in audit.Inside) audit.Classifier {
	c := *cl
	c.inside = in
	return &c
}

// Classifier compiles the config into an audit.Classifier. The config is
// not modified.
func (c *Config) Classifier() *Classifier {
	cl := &Classifier{def: c.Default}
	hasDefault := false
	ids := map[string]int{}
	var words []string
	for ci := range c.Categories {
		cat := c.Categories[ci] // a copy, with copied alternatives and conditions
		cat.Alternatives = append([]Alternative(nil), cat.Alternatives...)
		cl.all = append(cl.all, cat.Category)
		hasDefault = hasDefault || strings.EqualFold(cat.Name, c.Default.Name)
		catp := &cat
		for ai := range cat.Alternatives {
			alt := &cat.Alternatives[ai]
			alt.conds = append([]cond(nil), alt.conds...)
			var titles []int
			for k := range alt.conds {
				cd := &alt.conds[k]
				if cd.field != "title" {
					continue
				}
				titles = append(titles, k)
				cd.ids = make([]int, len(cd.terms))
				for i, t := range cd.terms {
					id, ok := ids[t]
					if !ok {
						id = len(words)
						ids[t] = id
						words = append(words, t)
					}
					cd.ids[i] = id
				}
			}
			cl.alts = append(cl.alts, flatAlt{cat: catp, alt: alt, titleOnly: len(alt.conds) == 1 && alt.conds[0].field == "title", titles: titles})
		}
	}
	if !hasDefault {
		cl.all = append(cl.all, c.Default)
	}
	if len(words) > 0 && len(words) <= maxIndexedWords {
		cl.ix = newTitleIndex(words, c.TextMatch != MatchSubstrings)
		cl.first = make([]int, len(words))
		for i := range cl.first {
			cl.first[i] = math.MaxInt
		}
		for k, fa := range cl.alts {
			if !fa.titleOnly {
				cl.others = append(cl.others, k)
				if len(fa.titles) == 0 {
					cl.untitled = append(cl.untitled, k)
				}
				continue
			}
			for _, id := range fa.alt.conds[0].ids {
				cl.first[id] = min(cl.first[id], k)
			}
		}
	}
	return cl
}

// Categories lists the categories in declaration order, the default last
// unless the config declares it.
func (cl *Classifier) Categories() []audit.Category { return cl.all }

// NoMatch is the Why of an event that fell to the default category.
const NoMatch = "no rule matched"

// Classify returns the first category whose rules match e.
func (cl *Classifier) Classify(e *audit.Event) audit.Match {
	s := subject{e: e, inside: &cl.inside}
	if cl.ix == nil {
		for _, fa := range cl.alts {
			if why, ok := fa.alt.eval(&s, nil); ok {
				return fa.match(why)
			}
		}
		return audit.Match{Category: cl.def.Name, Kind: cl.def.Kind, Why: NoMatch}
	}
	// One pass over the title finds every word; the earliest bare-title
	// alternative hit is the answer unless an alternative of another shape
	// before it matches.
	var foundArr [maxIndexedWords / 64]uint64
	var buf [128]byte
	found := foundArr[:cl.ix.size()]
	cl.ix.scan(e.Title, found, buf[:])
	hit := math.MaxInt
	anyWord := false
	for w, word := range found {
		anyWord = anyWord || word != 0
		for word != 0 {
			id := w*64 + bits.TrailingZeros64(word)
			hit = min(hit, cl.first[id])
			word &= word - 1
		}
	}
	others := cl.others
	if !anyWord { // no title word at all: only the alternatives without one can match
		others = cl.untitled
	}
next:
	for _, k := range others {
		if k > hit {
			break
		}
		fa := &cl.alts[k]
		for _, t := range fa.titles { // a missing title word rules it out at once
			if _, ok := fa.alt.conds[t].contains(&s, found); !ok {
				continue next
			}
		}
		if why, ok := fa.alt.eval(&s, found); ok {
			return fa.match(why)
		}
	}
	if hit != math.MaxInt {
		why, _ := cl.alts[hit].alt.eval(&s, found)
		return cl.alts[hit].match(why)
	}
	return audit.Match{Category: cl.def.Name, Kind: cl.def.Kind, Why: NoMatch}
}

func (fa flatAlt) match(why string) audit.Match {
	return audit.Match{Category: fa.cat.Name, Kind: fa.cat.Kind, Rule: fa.alt.ID, Why: why}
}

func (a *Alternative) eval(s *subject, found []uint64) (string, bool) {
	if len(a.conds) == 1 {
		return a.conds[0].eval(s, found)
	}
	var whys [8]string
	parts := whys[:0]
	for i := range a.conds {
		why, ok := a.conds[i].eval(s, found)
		if !ok {
			return "", false
		}
		parts = append(parts, why)
	}
	return strings.Join(parts, " and "), true
}
