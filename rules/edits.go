package rules

import (
	"bytes"
	"io"

	"go.yaml.in/yaml/v3"
)

// EditOps are the edits an edits file may hold, as whatif's flags name them.
var EditOps = []string{"move", "drop", "shorten", "add", "decline"}

// Edit is one edit of an edits file: an operation and its text, as the
// flag would take it, with its line.
type Edit struct {
	Op, Spec string
	Line     int
}

// ParseEdits reads an edits file for timeaudit whatif: a list of one-key
// mappings, in order,
//
//   - move: "1:1 Alex@Wed=Mon 10:30"
//   - add: "focus Tue 09:00-11:00"
//
// or a mapping of operations to lists (move: [...], drop: [...]).
// Errors name the file, line and value.
func ParseEdits(file string, data []byte) ([]Edit, error) {
	d := &decoder{file: file}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil && err != io.EOF {
		return nil, d.syntaxError(err)
	}
	var root *yaml.Node
	if len(doc.Content) > 0 {
		root = d.resolve(doc.Content[0])
	}
	var out []Edit
	add := func(k, v *yaml.Node) {
		for _, item := range d.list(v, k.Value) {
			if s, ok := d.scalar(item, k.Value); ok {
				out = append(out, Edit{Op: k.Value, Spec: s, Line: item.Line})
			}
		}
	}
	switch {
	case root == nil || isNull(root):
		d.errorf(&doc, "", "the edits file is empty: list edits such as - move: \"1:1 Alex=Mon 10:30\"")
	case root.Kind == yaml.SequenceNode:
		for i, item := range root.Content {
			item = d.resolve(item)
			if item == nil || item.Kind != yaml.MappingNode || len(item.Content) != 2 {
				d.errorf(item, "", "edit %d: expected one of %v with its text, such as - move: \"1:1 Alex=Mon 10:30\"", i+1, EditOps)
				continue
			}
			d.pairs(item, "", EditOps, false, add)
		}
	case root.Kind == yaml.MappingNode:
		d.pairs(root, "", EditOps, false, add)
	default:
		d.errorf(root, "", "expected a list of edits, such as - move: \"1:1 Alex=Mon 10:30\"")
	}
	if len(d.errs) > 0 {
		return nil, d.errs.err()
	}
	return out, nil
}
