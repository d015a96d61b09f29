package rules

import (
	"strconv"
	"strings"

	"github.com/timeaudit/timeaudit/audit"
	"go.yaml.in/yaml/v3"
)

// The plan: section steers timeaudit plan:
//
//	plan:
//	  max_moves: 5
//	  weights: {focus_minute: 1, switch: 15, one_on_one_day: 60, external_day: 60,
//	            mixed_day: 60, chain: 30, long_chain: 20, fragmentation_point: 2}
//	  movable:                      # meetings you do not organise that may move
//	    - title: "Team sync"
//	  fixed:                        # meetings that never move
//	    - title: "Board"

var planKeys = []string{"max_moves", "weights", "movable", "fixed"}

var weightKeys = []string{"focus_minute", "switch", "one_on_one_day", "external_day", "mixed_day", "chain", "long_chain", "fragmentation_point"}

// Plan is the config's plan: section.
type Plan struct {
	MaxMoves int
	Weights  audit.Weights
	// Movable and Fixed are match alternatives, as a category's match:.
	Movable, Fixed []Alternative
}

func (d *decoder) plan(v *yaml.Node, cfg *Config) {
	cfg.Plan.Weights = audit.DefaultWeights
	d.pairs(v, "plan", planKeys, false, func(k, v *yaml.Node) {
		path := "plan." + k.Value
		switch k.Value {
		case "max_moves":
			if s, ok := d.scalar(v, path); ok {
				n, err := strconv.Atoi(strings.TrimSpace(s))
				if err != nil || n < 1 || n > 50 {
					d.errorf(v, path, "max_moves must be a whole number from 1 to 50, not %q", s)
					return
				}
				cfg.Plan.MaxMoves = n
			}
		case "weights":
			w := &cfg.Plan.Weights
			fields := map[string]*float64{"focus_minute": &w.FocusMinute, "switch": &w.Switch, "one_on_one_day": &w.OneOnOneDay,
				"external_day": &w.ExternalDay, "mixed_day": &w.MixedDay, "chain": &w.Chain, "long_chain": &w.LongChain, "fragmentation_point": &w.FragmentationPoint}
			d.pairs(v, path, weightKeys, false, func(k, v *yaml.Node) {
				p := path + "." + k.Value
				if s, ok := d.scalar(v, p); ok {
					f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
					if err != nil || f < 0 || f > 1e6 {
						d.errorf(v, p, "a weight is a number from 0 to 1000000, not %q", s)
						return
					}
					*fields[k.Value] = f
				}
			})
		case "movable":
			cfg.Plan.Movable = d.alternatives(v, "plan.movable", path)
		case "fixed":
			cfg.Plan.Fixed = d.alternatives(v, "plan.fixed", path)
		}
	})
}

// MoveRules are the plan's movable: and fixed: rules as predicates that
// say which rule matched; nil when there are none.
func (c *Config) MoveRules() (movable, fixed func(*audit.Event) (string, bool)) {
	inside := audit.Inside{Domains: c.Domains}
	pred := func(alts []Alternative) func(*audit.Event) (string, bool) {
		if len(alts) == 0 {
			return nil
		}
		return func(e *audit.Event) (string, bool) {
			s := subject{e: e, inside: &inside}
			for i := range alts {
				if why, ok := alts[i].eval(&s, nil); ok {
					return alts[i].ID + ": " + why, true
				}
			}
			return "", false
		}
	}
	return pred(c.Plan.Movable), pred(c.Plan.Fixed)
}
