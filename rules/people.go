package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/timeaudit/timeaudit/audit"
)

// team reads the roster: a list of {email, name, relation, cadence, length}.
func (d *decoder) team(v *yaml.Node) []audit.Member {
	if v.Kind != yaml.SequenceNode {
		d.errorf(v, "team", "expected a list of people, such as - {email: alex@corp.example, name: Alex, relation: report}")
		return nil
	}
	relations := make([]string, len(audit.Relations))
	for i, r := range audit.Relations {
		relations[i] = string(r)
	}
	var out []audit.Member
	seen := map[string]int{}
	for i, n := range v.Content {
		n = d.resolve(n)
		path := fmt.Sprintf("team[%d]", i)
		if n.Kind != yaml.MappingNode {
			d.errorf(n, path, "expected email:, name:, relation:, and cadence: or length: if not the relation's")
			continue
		}
		m := audit.Member{Line: n.Line, Length: 30 * time.Minute}
		cadenceSet := false
		d.pairs(n, path, []string{"email", "name", "relation", "cadence", "length"}, false, func(k, val *yaml.Node) {
			p := path + "." + k.Value
			switch k.Value {
			case "email":
				if es := d.emails(val, p); len(es) == 1 {
					m.Email = es[0]
				}
			case "name":
				m.Name, _ = d.scalar(val, p)
			case "relation":
				if r, ok := d.scalar(val, p); ok {
					m.Relation = audit.Relation(strings.ToLower(strings.TrimSpace(r)))
					if !slices.Contains(relations, string(m.Relation)) {
						d.errorf(val, p, "unknown relation %q%s", r, suggest(r, relations))
					}
				}
			case "cadence":
				if dur, ok := d.positiveDuration(val, p); ok {
					m.Cadence, cadenceSet = dur, true
				}
			case "length":
				if dur, ok := d.positiveDuration(val, p); ok {
					m.Length = dur
				}
			}
		})
		switch {
		case m.Email == "":
			d.errorf(n, path, "a team member needs an email:")
			continue
		case m.Relation == "":
			d.errorf(n, path, "%s needs a relation: (%s)", m.Email, strings.Join(relations, ", "))
			continue
		}
		if prev, dup := seen[strings.ToLower(m.Email)]; dup {
			d.errorf(n, path, "%s is already on the team at line %d", m.Email, prev)
			continue
		}
		seen[strings.ToLower(m.Email)] = n.Line
		if !cadenceSet {
			m.Cadence = m.Relation.DefaultCadence()
		}
		out = append(out, m)
	}
	return out
}

// prep reads which meetings need prep: before: [categories], window:,
// category: (the prep blocks'), managers: (meetings with a roster manager).
func (d *decoder) prep(v *yaml.Node, s *audit.Settings, cats func() []string) {
	if v.Kind != yaml.MappingNode {
		d.errorf(v, "prep", "expected before:, window:, category: or managers:")
		return
	}
	d.pairs(v, "prep", []string{"before", "window", "category", "managers"}, false, func(k, val *yaml.Node) {
		p := "prep." + k.Value
		switch k.Value {
		case "before":
			s.Prep.Before = d.strs(val, p)
			for _, c := range s.Prep.Before {
				d.later = append(d.later, func() { d.knownCategory(val, p, c, cats()) })
			}
		case "window":
			if dur, ok := d.positiveDuration(val, p); ok {
				s.Prep.Window = dur
			}
		case "category":
			if c, ok := d.scalar(val, p); ok {
				s.Prep.Category = c
				d.later = append(d.later, func() { d.knownCategory(val, p, c, cats()) })
			}
		case "managers":
			if b, ok := d.boolean(val, p); ok {
				s.Prep.Managers = b
			}
		}
	})
}

// rosterWarnings names the roster addresses outside every domain of the
// config (its domain:, else its me:): probably a typo, or a wrong domain.
func rosterWarnings(cfg *Config) []string {
	in := audit.Inside{Domains: cfg.Domains}
	if !in.Known() {
		in.Domains = audit.DomainsOf(cfg.Me)
	}
	var out []string
	for i, m := range cfg.Settings.Team {
		if in.External(m.Email) {
			out = append(out, fmt.Sprintf("%s:%d: team[%d]: %s is outside your domains (%s): check the address, or add its domain to domain:", cfg.File, m.Line, i, m.Email, strings.Join(in.Domains, ", ")))
		}
	}
	return out
}
