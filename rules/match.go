package rules

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"go.yaml.in/yaml/v3"
)

// cond is one field of an alternative, compiled.
type cond struct {
	field string
	dur   time.Duration // for min_duration/max_duration
	// terms and why are a text condition's lower-cased words and their
	// explanations; raw the words as written; ids the words' numbers in
	// the classifier's index; words whether they match as whole words.
	terms, why, raw []string
	ids             []int
	words           bool
	want            bool // for external:
	// match reports whether the event satisfies the condition and, if so,
	// why, in words: `title contains "1:1"`.
	match func(e *audit.Event) (string, bool)
	text  bool // a title, description or location condition: see contains
}

// eval reports whether the condition holds, and why. found marks the
// title words present when the classifier's index has scanned the title;
// nil otherwise.
func (c *cond) eval(s *subject, found []uint64) (string, bool) {
	switch {
	case c.text:
		return c.contains(s, found)
	case c.field == "external":
		// Without known domains no one is external.
		if ext := s.inside.HasExternal(s.e); ext == c.want {
			if ext {
				return "someone is external", true
			}
			return "no one is external", true
		}
		return "", false
	}
	return c.match(s.e)
}

// subject is the event being classified, with its text lower-cased once.
type subject struct {
	e                  *audit.Event
	inside             *audit.Inside
	title, desc, place string
	lowered            uint8
}

const (
	lowTitle uint8 = 1 << iota
	lowDesc
	lowPlace
)

func (s *subject) text(field string) string {
	switch field {
	case "title":
		if s.lowered&lowTitle == 0 {
			s.title, s.lowered = strings.ToLower(s.e.Title), s.lowered|lowTitle
		}
		return s.title
	case "description":
		if s.lowered&lowDesc == 0 {
			s.desc, s.lowered = strings.ToLower(s.e.Description), s.lowered|lowDesc
		}
		return s.desc
	default:
		if s.lowered&lowPlace == 0 {
			s.place, s.lowered = strings.ToLower(s.e.Location), s.lowered|lowPlace
		}
		return s.place
	}
}

// contains is the match of a title, description or location condition:
// through the classifier's title index when it has scanned the title,
// else by searching the text for each word.
func (c *cond) contains(s *subject, found []uint64) (string, bool) {
	if found != nil && c.ids != nil {
		for i, id := range c.ids {
			if found[id>>6]&(1<<(id&63)) != 0 {
				return c.why[i], true
			}
		}
		return "", false
	}
	hay := s.text(c.field)
	for i, t := range c.terms {
		if c.words && containsWord(hay, t) || !c.words && strings.Contains(hay, t) {
			return c.why[i], true
		}
	}
	return "", false
}

// setMatch settles how a text condition's words match, and so how its
// explanations read: `title has the word "review"`, `title contains "pto"`.
func (c *cond) setMatch(m TextMatch) {
	if !c.text {
		return
	}
	c.words = m == MatchWords
	c.why = make([]string, len(c.raw))
	for i, t := range c.raw {
		switch {
		case !c.words:
			c.why[i] = fmt.Sprintf("%s contains %q", c.field, t)
		case strings.ContainsRune(strings.TrimSpace(t), ' '):
			c.why[i] = fmt.Sprintf("%s has the phrase %q", c.field, t)
		default:
			c.why[i] = fmt.Sprintf("%s has the word %q", c.field, t)
		}
	}
}

func (d *decoder) condition(k, v *yaml.Node, path string) (*cond, bool) {
	field := k.Value
	before := len(d.errs)
	c := &cond{field: field}
	switch field {
	case "title", "description", "location":
		terms := d.strs(v, path)
		lower := make([]string, len(terms))
		for i, t := range terms {
			lower[i] = strings.ToLower(t)
		}
		c.terms, c.raw, c.text = lower, terms, true
	case "title_regex":
		var res []*regexp.Regexp
		var why []string
		items := d.strs(v, path)
		for _, t := range items {
			re, err := regexp.Compile("(?i)" + t)
			if err != nil {
				msg := err.Error()
				msg = strings.TrimPrefix(msg, "error parsing regexp: ")
				d.errorf(v, path, "invalid regular expression %q: %s", t, msg)
				continue
			}
			res = append(res, re)
			why = append(why, fmt.Sprintf("title matches /%s/", t))
		}
		c.match = func(e *audit.Event) (string, bool) {
			for i, re := range res {
				if re.MatchString(e.Title) {
					return why[i], true
				}
			}
			return "", false
		}
	case "organizer", "attendee":
		pats := d.people(v, path)
		c.match = func(e *audit.Event) (string, bool) {
			for _, p := range pats {
				if field == "organizer" {
					if p.match(e.Organizer) {
						return "organizer " + p.why, true
					}
					continue
				}
				if p.match(e.Organizer) {
					return "attendee " + p.why, true
				}
				for i := range e.Attendees {
					if p.match(e.Attendees[i].Person) {
						return "attendee " + p.why, true
					}
				}
			}
			return "", false
		}
	case "attendees":
		lo, hi, why, ok := d.count(v, path)
		if ok {
			c.match = func(e *audit.Event) (string, bool) {
				if e.Guests == audit.GuestsHidden {
					return "", false // a hidden guest list: the count is unknown
				}
				n := e.PeopleCount()
				return why, n >= lo && n <= hi
			}
		}
	case "attendee_domain":
		var pats []personPattern
		for _, t := range d.strs(v, path) {
			dom := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(t), "@"))
			if dom == "" || strings.Contains(dom, "@") {
				d.errorf(v, path, "%q is not a domain such as partner.example", t)
				continue
			}
			pats = append(pats, personPattern{domain: "@" + dom, sub: "." + dom, why: "from " + dom})
		}
		c.match = func(e *audit.Event) (string, bool) {
			if p, ok := anyPerson(e, pats); ok {
				return "someone is " + p.why, true
			}
			return "", false
		}
	case "external":
		want, ok := d.boolean(v, path)
		if ok {
			c.want = want
			c.match = func(*audit.Event) (string, bool) { return "", false } // see eval
		}
	case "calendar", "type":
		vals := d.strs(v, path)
		why := make([]string, len(vals))
		for i, t := range vals {
			why[i] = fmt.Sprintf("%s is %q", field, t)
		}
		c.match = func(e *audit.Event) (string, bool) {
			got := e.Calendar
			if field == "type" {
				got = e.Type
				if got == "" {
					got = audit.TypeDefault
				}
			}
			for i, t := range vals {
				if strings.EqualFold(got, t) {
					return why[i], true
				}
			}
			return "", false
		}
	case "outlook_category":
		vals := d.strs(v, path)
		c.match = func(e *audit.Event) (string, bool) {
			for _, t := range vals {
				for _, have := range e.Categories {
					if strings.EqualFold(strings.TrimSpace(have), t) {
						return fmt.Sprintf("Outlook category is %q", have), true
					}
				}
			}
			return "", false
		}
	case "min_duration", "max_duration":
		dur, ok := d.duration(v, path)
		c.dur = dur
		if ok && field == "min_duration" {
			why := "at least " + audit.FormatShort(dur)
			c.match = func(e *audit.Event) (string, bool) { return why, e.Length() >= dur }
		} else if ok {
			why := "at most " + audit.FormatShort(dur)
			c.match = func(e *audit.Event) (string, bool) { return why, e.Length() <= dur }
		}
	case "recurring", "busy":
		want, ok := d.boolean(v, path)
		if ok {
			why := "shown as free"
			switch {
			case field == "recurring" && want:
				why = "recurring"
			case field == "recurring":
				why = "not recurring"
			case want:
				why = "shown as busy"
			}
			c.match = func(e *audit.Event) (string, bool) {
				got := e.Recurring()
				if field == "busy" {
					got = e.ShowAs.Busy()
				}
				return why, got == want
			}
		}
	case "response":
		var want []audit.Response
		for i, t := range d.strs(v, path) {
			r, ok := audit.ParseResponse(t)
			if strings.EqualFold(strings.TrimSpace(t), "unknown") {
				r, ok = audit.ResponseUnknown, true
			} else if r == audit.ResponseUnknown {
				ok = false
			}
			if !ok {
				p := path
				if v.Kind == yaml.SequenceNode {
					p = fmt.Sprintf("%s[%d]", path, i)
				}
				d.errorf(v, p, "unknown response %q (valid: accepted, tentative, declined, needs-action, unknown)", t)
				continue
			}
			want = append(want, r)
		}
		c.match = func(e *audit.Event) (string, bool) {
			for _, r := range want {
				if e.MyResponse == r {
					if r == audit.ResponseUnknown {
						return "my response is unknown", true
					}
					return "my response is " + r.String(), true
				}
			}
			return "", false
		}
	}
	if len(d.errs) > before || (c.match == nil && !c.text) {
		return nil, false
	}
	return c, true
}

// anyPerson finds the first pattern anyone on the invitation (organizer
// included, rooms not) matches.
func anyPerson(e *audit.Event, pats []personPattern) (*personPattern, bool) {
	for i := range pats {
		p := &pats[i]
		if p.match(e.Organizer) {
			return p, true
		}
		for j := range e.Attendees {
			if a := &e.Attendees[j]; !a.Resource && p.match(a.Person) {
				return p, true
			}
		}
	}
	return nil, false
}

// personPattern matches an organizer or attendee: an exact e-mail, an
// @domain (subdomains included), or a substring of the name or e-mail.
type personPattern struct {
	email, domain, text string
	sub                 string // ".corp.example" for @corp.example: its subdomains
	why                 string
}

func (p *personPattern) match(q audit.Person) bool {
	switch {
	case p.email != "":
		return strings.EqualFold(q.Email, p.email)
	case p.domain != "":
		return hasSuffixFold(q.Email, p.domain) || hasSuffixFold(q.Email, p.sub)
	}
	return strings.Contains(strings.ToLower(q.Name), p.text) || strings.Contains(strings.ToLower(q.Email), p.text)
}

// hasSuffixFold is strings.HasSuffix, ignoring case.
func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

func (d *decoder) people(v *yaml.Node, path string) []personPattern {
	var out []personPattern
	for _, t := range d.strs(v, path) {
		t = strings.TrimSpace(t)
		at := strings.IndexByte(t, '@')
		switch {
		case at == 0:
			if len(t) == 1 {
				d.errorf(v, path, "%q names no domain", t)
				continue
			}
			out = append(out, personPattern{domain: strings.ToLower(t), sub: "." + strings.ToLower(t[1:]), why: "from " + t})
		case at > 0:
			out = append(out, personPattern{email: t, why: "is " + t})
		default:
			out = append(out, personPattern{text: strings.ToLower(t), why: fmt.Sprintf("contains %q", t)})
		}
	}
	return out
}

// count reads an attendees bound: 2, "3-8", ">=10", ">3", "<=4", "<5", "10+".
func (d *decoder) count(v *yaml.Node, path string) (lo, hi int, why string, ok bool) {
	s, ok := d.scalar(v, path)
	if !ok {
		return 0, 0, "", false
	}
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	num := func(t string) (int, bool) {
		n, err := strconv.Atoi(t)
		return n, err == nil && n >= 0 && n < 1<<20
	}
	bad := func() (int, int, string, bool) {
		d.errorf(v, path, "invalid attendee count %q: use a number (2), a range (\"3-8\") or a bound (\">=10\", \"<5\")", s)
		return 0, 0, "", false
	}
	inf := math.MaxInt
	switch {
	case strings.HasPrefix(s, ">="):
		if n, ok := num(s[2:]); ok {
			return n, inf, fmt.Sprintf("at least %d people", n), true
		}
	case strings.HasPrefix(s, "<="):
		if n, ok := num(s[2:]); ok {
			return 0, n, fmt.Sprintf("at most %d people", n), true
		}
	case strings.HasPrefix(s, ">"):
		if n, ok := num(s[1:]); ok {
			return n + 1, inf, fmt.Sprintf("more than %d people", n), true
		}
	case strings.HasPrefix(s, "<"):
		if n, ok := num(s[1:]); ok && n > 0 {
			return 0, n - 1, fmt.Sprintf("fewer than %d people", n), true
		}
	case strings.HasSuffix(s, "+"):
		if n, ok := num(s[:len(s)-1]); ok {
			return n, inf, fmt.Sprintf("at least %d people", n), true
		}
	case strings.Contains(s, "-"):
		a, b, _ := strings.Cut(s, "-")
		x, ok1 := num(a)
		y, ok2 := num(b)
		if ok1 && ok2 {
			if x > y {
				d.errorf(v, path, "invalid attendee count %q: %d is more than %d", s, x, y)
				return 0, 0, "", false
			}
			return x, y, fmt.Sprintf("%d-%d people", x, y), true
		}
	default:
		if n, ok := num(s); ok {
			return n, n, fmt.Sprintf("%d people", n), true
		}
	}
	return bad()
}

// duration reads a duration: 90m, 1h30m, 1:30, or a bare number of minutes.
func (d *decoder) duration(v *yaml.Node, path string) (time.Duration, bool) {
	s, ok := d.scalar(v, path)
	if !ok {
		return 0, false
	}
	dur, err := audit.ParseDuration(s)
	if err != nil {
		d.errorf(v, path, "%v", err)
		return 0, false
	}
	return dur, true
}
