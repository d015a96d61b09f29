package googletest

import (
	"fmt"
	"reflect"
	"strings"
)

// mask is a parsed partial-response selector ("fields"): each selected
// name maps to its own selection, nil for the whole value.
type mask map[string]mask

// parseFields reads Google's field selector syntax: names separated by
// commas, a/b for a sub-field, a(b,c) for several, * for all.
func parseFields(s string) (mask, error) {
	p := &fieldParser{s: s}
	m, err := p.list()
	if err != nil {
		return nil, err
	}
	if p.i != len(s) {
		return nil, fmt.Errorf("unexpected %q at %d", s[p.i:], p.i)
	}
	return m, nil
}

type fieldParser struct {
	s string
	i int
}

func (p *fieldParser) list() (mask, error) {
	m := mask{}
	for {
		if err := p.item(m); err != nil {
			return nil, err
		}
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
			continue
		}
		return m, nil
	}
}

func (p *fieldParser) item(into mask) error {
	var path []string
	for {
		start := p.i
		for p.i < len(p.s) && !strings.ContainsRune(",/()", rune(p.s[p.i])) {
			p.i++
		}
		name := strings.TrimSpace(p.s[start:p.i])
		if name == "" {
			return fmt.Errorf("empty field name at %d", start)
		}
		path = append(path, name)
		if p.i < len(p.s) && p.s[p.i] == '/' {
			p.i++
			continue
		}
		break
	}
	var sub mask
	if p.i < len(p.s) && p.s[p.i] == '(' {
		p.i++
		var err error
		if sub, err = p.list(); err != nil {
			return err
		}
		if p.i >= len(p.s) || p.s[p.i] != ')' {
			return fmt.Errorf("missing ) at %d", p.i)
		}
		p.i++
	}
	// a/b/c(d) is a(b(c(d))).
	for k := len(path) - 1; k > 0; k-- {
		sub = mask{path[k]: sub}
	}
	into.merge(path[0], sub)
	return nil
}

func (m mask) merge(name string, sub mask) {
	old, ok := m[name]
	switch {
	case !ok:
		m[name] = sub
	case old == nil || sub == nil:
		m[name] = nil // the whole value wins
	default:
		for k, v := range sub {
			old.merge(k, v)
		}
	}
}

// check rejects a name that the resource t (a struct of the API's Go
// client) does not have, as Google answers 400 "Invalid field selection".
func (m mask) check(t reflect.Type) error {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	for name, sub := range m {
		if name == "*" {
			continue
		}
		if t.Kind() != reflect.Struct {
			return fmt.Errorf("%s", name)
		}
		f, ok := jsonField(t, name)
		if !ok {
			return fmt.Errorf("%s", name)
		}
		if sub != nil {
			if err := sub.check(f.Type); err != nil {
				return fmt.Errorf("%s/%v", name, err)
			}
		}
	}
	return nil
}

func jsonField(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// prune keeps in a decoded JSON value only what m selects.
func (m mask) prune(v any) any {
	if m == nil {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		if _, all := m["*"]; all {
			return x
		}
		out := make(map[string]any, len(m))
		for k, val := range x {
			if sub, ok := m[k]; ok {
				out[k] = sub.prune(val)
			}
		}
		return out
	case []any:
		for i := range x {
			x[i] = m.prune(x[i])
		}
		return x
	}
	return v
}
