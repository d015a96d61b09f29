package rules

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/timeaudit/timeaudit/audit"
	"go.yaml.in/yaml/v3"
)

//go:embed default.yaml
var defaultYAML []byte

// DefaultYAML is the built-in config with its explanatory comments, as
// `timeaudit rules init` writes it.
func DefaultYAML() []byte { return bytes.Clone(defaultYAML) }

// DefaultName is the name messages use for the built-in config.
const DefaultName = "built-in defaults"

// Default returns the built-in config.
func Default() *Config {
	cfg, err := parse(DefaultName, defaultYAML, true)
	if err != nil {
		panic("rules: the built-in config is invalid: " + err.Error()) // caught by TestDefault
	}
	return cfg
}

// Config is a parsed config file.
type Config struct {
	File string   // the name Parse was given, for messages
	Me   []string // the user's e-mail addresses
	// Domains are the user's organisation (domain:); none means the
	// domains of Me.
	Domains []string
	// Warnings are what is allowed but probably wrong, each with its line:
	// a roster address outside every domain.
	Warnings []string
	// Timezone is the report zone's IANA name ("" for the system's); the
	// CLI checks it, as loading zones is I/O.
	Timezone     string
	TimezoneLine int
	// Settings steer the analyses and what counts: the article's values
	// unless the file says otherwise.
	Settings   audit.Settings
	Categories []Category
	Default    audit.Category
	// BuiltinCategories is set when the file has no categories: key and
	// the built-in categories apply.
	BuiltinCategories bool
	// TextMatch is how title, description and location words match:
	// whole words (the default) or substrings.
	TextMatch TextMatch
	// Plan steers timeaudit plan (the plan: section).
	Plan Plan
}

// TextMatch is how a rule's words match the text of an event.
type TextMatch string

// The ways words match.
const (
	// MatchWords: a word matches where no letter or digit joins it on
	// either side, and no hyphen joins it to a following word ("review"
	// matches "Code review" and "code-review", not "Preview", "reviewer"
	// or "review-themed"; "1:1" matches "1:1 Alex", not "11:15").
	MatchWords TextMatch = "words"
	// MatchSubstrings: a word matches anywhere ("pto" matches "Laptop").
	MatchSubstrings TextMatch = "substrings"
)

// Category is one category of the config and the alternatives that select it.
type Category struct {
	audit.Category
	Line         int
	Alternatives []Alternative
}

// Alternative is one entry of a category's match list: all of its
// conditions must hold.
type Alternative struct {
	ID    string // "1-on-1s#2": the category and the 1-based position
	Line  int
	conds []cond
}

// Rules counts the alternatives across all categories.
func (c *Config) Rules() int {
	n := 0
	for _, cat := range c.Categories {
		n += len(cat.Alternatives)
	}
	return n
}

// ReadsDescription reports whether any rule reads an event's description:
// when none does, sources may leave descriptions out.
func (c *Config) ReadsDescription() bool {
	for _, cat := range c.Categories {
		for _, alt := range cat.Alternatives {
			for _, cd := range alt.conds {
				if cd.field == "description" {
					return true
				}
			}
		}
	}
	return false
}

var (
	topKeys      = append([]string{"me", "domain", "timezone", "text_match", "categories", "default", "plan"}, settingKeys...)
	categoryKeys = []string{"name", "kind", "match"}
	matcherKeys  = []string{"title", "title_regex", "description", "location", "organizer", "attendee",
		"attendees", "attendee_domain", "external", "calendar", "type", "outlook_category", "min_duration", "max_duration", "recurring", "response", "busy"}
	kindNames = func() []string {
		out := make([]string, len(audit.Kinds))
		for i, k := range audit.Kinds {
			out[i] = string(k)
		}
		return out
	}()
)

// maxNodes bounds the work on one document, so that nested aliases cannot
// make a small file expensive.
const maxNodes = 1 << 20

// Parse reads a config. file names it in messages. Every problem is
// reported, each with its line: the error is an *audit.Error of kind
// KindInput, and audit.Problems lists them all.
func Parse(file string, data []byte) (*Config, error) { return parse(file, data, false) }

func parse(file string, data []byte, builtin bool) (*Config, error) {
	d := &decoder{file: file}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		return nil, d.syntaxError(err)
	}
	// A second document (after "---") would be ignored by a plain read: say
	// so rather than drop half the rules.
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == io.EOF:
	case err != nil:
		return nil, d.syntaxError(err)
	default:
		return nil, &audit.Error{Kind: audit.KindInput, Pos: audit.Provenance{Source: file, Line: max(extra.Line, 1)},
			Msg: "a second YAML document (after ---): timeaudit reads one config per file; merge them into one"}
	}
	cfg := &Config{File: file, Default: audit.Category{Name: "Other", Kind: audit.KindMeeting}, Settings: audit.DefaultSettings()}
	categoryNames := func() []string {
		var names []string
		for _, c := range cfg.Categories {
			names = append(names, c.Name)
		}
		return append(names, cfg.Default.Name)
	}
	root := d.resolve(&doc)
	if root != nil && root.Kind == yaml.DocumentNode {
		root = nil
		if len(doc.Content) > 0 {
			root = d.resolve(doc.Content[0])
		}
	}
	var defaultNode *yaml.Node
	haveCategories := false
	switch {
	case root == nil || (root.Kind == yaml.ScalarNode && root.Tag == "!!null"):
		// An empty file: the built-in categories.
	case root.Kind != yaml.MappingNode:
		d.errorf(root, "", "the config must be a mapping with the keys %s", strings.Join(topKeys, ", "))
	default:
		d.pairs(root, "", topKeys, true, func(k, v *yaml.Node) {
			switch k.Value {
			case "me":
				cfg.Me = d.emails(v, "me")
			case "domain":
				cfg.Domains = d.domains(v, "domain")
			case "timezone":
				if tz, ok := d.scalar(v, "timezone"); ok {
					cfg.Timezone, cfg.TimezoneLine = strings.TrimSpace(tz), v.Line
				}
			case "text_match":
				if m, ok := d.scalar(v, "text_match"); ok {
					switch tm := TextMatch(strings.ToLower(strings.TrimSpace(m))); tm {
					case MatchWords, MatchSubstrings:
						cfg.TextMatch = tm
					default:
						d.errorf(v, "text_match", "unknown text_match %q%s", m, suggest(m, []string{string(MatchWords), string(MatchSubstrings)}))
					}
				}
			case "categories":
				haveCategories = true
				cfg.Categories = d.categories(v)
			case "default":
				defaultNode = v
			case "plan":
				d.plan(v, cfg)
			default:
				d.setting(k, v, &cfg.Settings, categoryNames)
			}
		})
	}
	if !haveCategories && !builtin {
		def := Default()
		cfg.Categories, cfg.Default, cfg.BuiltinCategories = def.Categories, def.Default, true
	}
	if defaultNode != nil {
		cfg.Default = d.defaultCategory(defaultNode)
	}
	for _, check := range d.later {
		check()
	}
	if st := &cfg.Settings; st.Buffer > st.Focus {
		d.errs = append(d.errs, problem(d.file, 0, 0, "", fmt.Sprintf("buffer_block (%s) is longer than focus_block (%s)", audit.FormatShort(st.Buffer), audit.FormatShort(st.Focus))))
	}
	d.finish(cfg)
	if len(d.errs) > 0 {
		return nil, d.errs.err()
	}
	if cfg.TextMatch == "" {
		cfg.TextMatch = MatchWords
	}
	if cfg.Plan.Weights == (audit.Weights{}) {
		cfg.Plan.Weights = audit.DefaultWeights
	}
	for _, alts := range [][]Alternative{cfg.Plan.Movable, cfg.Plan.Fixed} {
		for j := range alts {
			for k := range alts[j].conds {
				alts[j].conds[k].setMatch(cfg.TextMatch)
			}
		}
	}
	cfg.Warnings = append(cfg.Warnings, rosterWarnings(cfg)...)
	for i := range cfg.Categories {
		for j := range cfg.Categories[i].Alternatives {
			for k := range cfg.Categories[i].Alternatives[j].conds {
				cfg.Categories[i].Alternatives[j].conds[k].setMatch(cfg.TextMatch)
			}
		}
	}
	return cfg, nil
}

// finish settles the default category's kind and checks the categories as a whole.
func (d *decoder) finish(cfg *Config) {
	seen := map[string]int{}
	for i := range cfg.Categories {
		c := &cfg.Categories[i]
		if c.Name == "" {
			continue
		}
		key := strings.ToLower(c.Name)
		if prev, dup := seen[key]; dup {
			d.errs = append(d.errs, problem(d.file, c.Line, 0, fmt.Sprintf("categories[%d]", i),
				fmt.Sprintf("category %q is already declared at line %d", c.Name, prev)))
			continue
		}
		seen[key] = c.Line
		if strings.EqualFold(c.Name, cfg.Default.Name) {
			cfg.Default = c.Category
			continue
		}
		if len(c.Alternatives) == 0 && !d.hadErr[i] {
			d.errs = append(d.errs, problem(d.file, c.Line, 0, fmt.Sprintf("categories[%d]", i),
				fmt.Sprintf("category %q has no match: list, so nothing can reach it (only the default category may go without)", c.Name)))
		}
	}
}

type decoder struct {
	file   string
	errs   problems
	nodes  int
	hadErr map[int]bool // categories (by index) with an error of their own
	later  []func()     // checks that need every category known
}

func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	e := problem(d.file, 0, 0, path, fmt.Sprintf(format, args...))
	if n != nil {
		e.Pos.Line, e.Col = n.Line, n.Column
	}
	d.errs = append(d.errs, e)
}

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// parserErrors are the messages of yaml.v3's parser (not its scanner).
var parserErrors = []string{
	"did not find expected <document start>", "did not find expected node content",
	"did not find expected '-' indicator", "did not find expected key",
	"did not find expected ',' or ']'", "did not find expected ',' or '}'",
}

func (d *decoder) syntaxError(err error) *audit.Error {
	msg := err.Error()
	e := problem(d.file, 0, 0, "", "")
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		if m[1] != "" {
			e.Pos.Line, _ = strconv.Atoi(m[1])
		}
		msg = msg[len(m[0]):]
		// yaml.v3 corrects scanner errors to 1-based lines but reports
		// parser errors with the 0-based line of their context.
		for _, p := range parserErrors {
			if strings.HasPrefix(msg, p) {
				e.Pos.Line++
				break
			}
		}
	}
	e.Msg = "invalid YAML: " + msg
	return e
}

// pairs walks a mapping's keys and values, reporting duplicate keys and
// keys not in valid (extension keys starting with "x-" are allowed where
// allowExt is set, as a home for YAML anchors).
func (d *decoder) pairs(n *yaml.Node, path string, valid []string, allowExt bool, fn func(k, v *yaml.Node)) {
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], d.resolve(n.Content[i+1])
		if prev, dup := seen[k.Value]; dup {
			d.errorf(k, path, "%q is given twice (first at line %d)", k.Value, prev)
			continue
		}
		seen[k.Value] = k.Line
		switch {
		case allowExt && strings.HasPrefix(k.Value, "x-"):
		case !slices.Contains(valid, k.Value):
			what := "key"
			if path != "" && strings.Contains(path, ".match[") {
				what = "field"
			}
			d.errorf(k, path, "unknown %s %q%s", what, k.Value, suggest(k.Value, valid))
		case v != nil:
			fn(k, v)
		}
	}
}

// resolve follows aliases, counting nodes so that alias bombs stay cheap.
func (d *decoder) resolve(n *yaml.Node) *yaml.Node {
	for depth := 0; n != nil && n.Kind == yaml.AliasNode; depth++ {
		if depth > 100 {
			return nil
		}
		n = n.Alias
	}
	d.nodes++
	if d.nodes > maxNodes {
		if d.nodes == maxNodes+1 {
			d.errorf(n, "", "the config is too large (more than %d YAML nodes after expanding aliases)", maxNodes)
		}
		return nil
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// list returns the items of a sequence, or the node itself when it is a
// single scalar: `title: focus` and `title: [focus]` are the same.
func (d *decoder) list(n *yaml.Node, path string) []*yaml.Node {
	switch {
	case n == nil:
		return nil
	case n.Kind == yaml.SequenceNode:
		out := make([]*yaml.Node, 0, len(n.Content))
		for _, c := range n.Content {
			if c = d.resolve(c); c != nil {
				out = append(out, c)
			}
		}
		return out
	case n.Kind == yaml.ScalarNode && !isNull(n):
		return []*yaml.Node{n}
	}
	d.errorf(n, path, "expected a value or a list of values")
	return nil
}

// strs reads a scalar or a list of non-empty scalars.
func (d *decoder) strs(n *yaml.Node, path string) []string {
	items := d.list(n, path)
	out := make([]string, 0, len(items))
	for i, it := range items {
		p := path
		if n.Kind == yaml.SequenceNode {
			p = fmt.Sprintf("%s[%d]", path, i)
		}
		if it.Kind != yaml.ScalarNode {
			d.errorf(it, p, "expected text, found a %s", nodeKind(it))
			continue
		}
		if strings.TrimSpace(it.Value) == "" {
			d.errorf(it, p, "empty text would match every event")
			continue
		}
		out = append(out, it.Value)
	}
	if len(out) == 0 && len(items) == 0 {
		d.errorf(n, path, "expected at least one value")
	}
	return out
}

func (d *decoder) scalar(n *yaml.Node, path string) (string, bool) {
	if n == nil || n.Kind != yaml.ScalarNode || isNull(n) {
		d.errorf(n, path, "expected a single value, found %s", nodeKind(n))
		return "", false
	}
	return n.Value, true
}

func (d *decoder) boolean(n *yaml.Node, path string) (bool, bool) {
	if n != nil && n.Kind == yaml.ScalarNode {
		switch strings.ToLower(n.Value) {
		case "true", "yes", "on":
			return true, true
		case "false", "no", "off":
			return false, true
		}
	}
	d.errorf(n, path, "expected true or false, found %s", describe(n))
	return false, false
}

func nodeKind(n *yaml.Node) string {
	switch {
	case n == nil || isNull(n):
		return "nothing"
	case n.Kind == yaml.MappingNode:
		return "mapping"
	case n.Kind == yaml.SequenceNode:
		return "list"
	}
	return "value"
}

func describe(n *yaml.Node) string {
	if n != nil && n.Kind == yaml.ScalarNode && !isNull(n) {
		return strconv.Quote(n.Value)
	}
	return nodeKind(n)
}

func (d *decoder) emails(n *yaml.Node, path string) []string {
	var out []string
	for _, s := range d.strs(n, path) {
		s = strings.TrimSpace(s)
		if at := strings.IndexByte(s, '@'); at <= 0 || at == len(s)-1 {
			d.errorf(n, path, "%q is not an e-mail address", s)
			continue
		}
		out = append(out, s)
	}
	return out
}

// domains reads domain names: corp.example, or @corp.example.
func (d *decoder) domains(n *yaml.Node, path string) []string {
	var out []string
	for _, s := range d.strs(n, path) {
		s = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "@"))
		if s == "" || strings.ContainsAny(s, "@ /") || !strings.Contains(s, ".") && s != "localhost" {
			d.errorf(n, path, "%q is not a domain such as corp.example", s)
			continue
		}
		out = append(out, s)
	}
	return out
}

func (d *decoder) kind(n *yaml.Node, path string) audit.Kind {
	s, ok := d.scalar(n, path)
	if !ok {
		return audit.KindMeeting
	}
	for _, k := range audit.Kinds {
		if strings.EqualFold(s, string(k)) {
			return k
		}
	}
	d.errorf(n, path, "unknown kind %q%s", s, suggest(s, kindNames))
	return audit.KindMeeting
}

func (d *decoder) defaultCategory(n *yaml.Node) audit.Category {
	c := audit.Category{Name: "Other", Kind: audit.KindMeeting}
	if n.Kind == yaml.MappingNode {
		d.pairs(n, "default", []string{"name", "kind"}, false, func(k, v *yaml.Node) {
			if k.Value == "name" {
				c.Name, _ = d.scalar(v, "default.name")
			} else {
				c.Kind = d.kind(v, "default.kind")
			}
		})
	} else if s, ok := d.scalar(n, "default"); ok {
		c.Name = s
	}
	if strings.TrimSpace(c.Name) == "" {
		d.errorf(n, "default", "the default category needs a name")
		c.Name = "Other"
	}
	return c
}

func (d *decoder) categories(n *yaml.Node) []Category {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "categories", "expected a list of categories, found a %s", nodeKind(n))
		return nil
	}
	d.hadErr = map[int]bool{}
	out := make([]Category, 0, len(n.Content))
	for i, cn := range n.Content {
		path := fmt.Sprintf("categories[%d]", i)
		cn = d.resolve(cn)
		if cn == nil {
			continue
		}
		if cn.Kind != yaml.MappingNode {
			d.errorf(cn, path, "expected a category (name:, kind:, match:), found %s", describe(cn))
			continue
		}
		before := len(d.errs)
		c := Category{Category: audit.Category{Kind: audit.KindMeeting}, Line: cn.Line}
		var match *yaml.Node
		d.pairs(cn, path, categoryKeys, false, func(k, v *yaml.Node) {
			switch k.Value {
			case "name":
				if s, ok := d.scalar(v, path+".name"); ok {
					c.Name = strings.TrimSpace(s)
				}
			case "kind":
				c.Kind = d.kind(v, path+".kind")
			case "match":
				match = v
			}
		})
		if c.Name == "" {
			d.errorf(cn, path, "the category needs a name:")
		} else {
			path = fmt.Sprintf("categories[%d] (%s)", i, c.Name)
		}
		c.Alternatives = d.alternatives(match, c.Name, path)
		d.hadErr[len(out)] = len(d.errs) > before
		out = append(out, c)
	}
	return out
}

func (d *decoder) alternatives(n *yaml.Node, cat, path string) []Alternative {
	if isNull(n) {
		return nil
	}
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	var out []Alternative
	for i, an := range items {
		an = d.resolve(an)
		p := fmt.Sprintf("%s.match[%d]", path, i)
		if an == nil {
			continue
		}
		if an.Kind != yaml.MappingNode {
			d.errorf(an, p, "expected fields such as title: or attendees:, found %s", describe(an))
			continue
		}
		if len(an.Content) == 0 {
			d.errorf(an, p, "an empty alternative would match every event; use default: for what nothing else matches")
			continue
		}
		alt := Alternative{ID: fmt.Sprintf("%s#%d", cat, i+1), Line: an.Line}
		var minD, maxD *cond
		before := len(d.errs)
		d.pairs(an, p, matcherKeys, false, func(k, v *yaml.Node) {
			c, ok := d.condition(k, v, p+"."+k.Value)
			if !ok {
				return
			}
			switch k.Value {
			case "min_duration":
				minD = c
			case "max_duration":
				maxD = c
			}
			alt.conds = append(alt.conds, *c)
		})
		if minD != nil && maxD != nil && minD.dur > maxD.dur {
			d.errorf(an, p, "min_duration %s is longer than max_duration %s", audit.FormatShort(minD.dur), audit.FormatShort(maxD.dur))
		}
		if len(d.errs) == before {
			out = append(out, alt)
		}
	}
	return out
}
