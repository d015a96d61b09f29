package rules

import (
	"strings"

	"github.com/timeaudit/timeaudit/audit"
)

// Classifier applies a Config: categories in order, the first match wins.
// It is safe for concurrent use.
type Classifier struct {
	cats []Category
	def  audit.Category
	all  []audit.Category
}

var _ audit.Classifier = (*Classifier)(nil)

// Classifier compiles the config into an audit.Classifier.
func (c *Config) Classifier() *Classifier {
	cl := &Classifier{cats: c.Categories, def: c.Default}
	hasDefault := false
	for _, cat := range c.Categories {
		cl.all = append(cl.all, cat.Category)
		hasDefault = hasDefault || strings.EqualFold(cat.Name, c.Default.Name)
	}
	if !hasDefault {
		cl.all = append(cl.all, c.Default)
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
	s := subject{e: e}
	for ci := range cl.cats {
		cat := &cl.cats[ci]
		for ai := range cat.Alternatives {
			alt := &cat.Alternatives[ai]
			if why, ok := alt.eval(&s); ok {
				return audit.Match{Category: cat.Name, Kind: cat.Kind, Rule: alt.ID, Why: why}
			}
		}
	}
	return audit.Match{Category: cl.def.Name, Kind: cl.def.Kind, Why: NoMatch}
}

func (a *Alternative) eval(s *subject) (string, bool) {
	if len(a.conds) == 1 {
		return a.conds[0].match(s)
	}
	var whys [8]string
	parts := whys[:0]
	for i := range a.conds {
		why, ok := a.conds[i].match(s)
		if !ok {
			return "", false
		}
		parts = append(parts, why)
	}
	return strings.Join(parts, " and "), true
}
