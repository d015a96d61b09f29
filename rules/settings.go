package rules

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"go.yaml.in/yaml/v3"
)

// The analysis settings of a config: working hours, thresholds, the
// switch cost, the reference bands, what counts, and targets. Each key is
// optional; what is not given keeps the article's value (audit.DefaultSettings).

var settingKeys = []string{"working_hours", "focus_block", "buffer_block", "switch_cost", "back_to_back",
	"one_on_ones", "role", "bands", "hourly_rate", "count", "targets", "team", "prep", "solo_holds"}

var dayNames = map[string]time.Weekday{
	"mon": time.Monday, "monday": time.Monday, "tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday, "thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday,
	"thursday": time.Thursday, "fri": time.Friday, "friday": time.Friday, "sat": time.Saturday, "saturday": time.Saturday,
	"sun": time.Sunday, "sunday": time.Sunday,
}

// setting decodes one settings key into s.
func (d *decoder) setting(k, v *yaml.Node, s *audit.Settings, cats func() []string) {
	path := k.Value
	switch k.Value {
	case "working_hours":
		d.workingHours(v, s)
	case "focus_block":
		if dur, ok := d.positiveDuration(v, path); ok {
			s.Focus = dur
		}
	case "buffer_block":
		if dur, ok := d.positiveDuration(v, path); ok {
			s.Buffer = dur
		}
	case "back_to_back":
		if dur, ok := d.duration(v, path); ok {
			s.BackToBack = dur
		}
	case "switch_cost":
		text, ok := d.scalar(v, path)
		if !ok {
			return
		}
		lo, hi, found := strings.Cut(strings.ReplaceAll(text, " ", ""), "-")
		if !found {
			hi = lo
		}
		a, err1 := audit.ParseDuration(lo)
		b, err2 := audit.ParseDuration(hi)
		if err1 != nil || err2 != nil || a > b {
			d.errorf(v, path, "invalid switch cost %q: use a range such as 10m-20m, or one duration", text)
			return
		}
		s.SwitchCost = [2]time.Duration{a, b}
	case "role":
		if r, ok := d.scalar(v, path); ok {
			switch strings.ToLower(r) {
			case "manager", "ic":
				s.Role = strings.ToLower(r)
			case "engineer":
				s.Role = "ic"
			default:
				d.errorf(v, path, "unknown role %q (valid: manager, ic)", r)
			}
		}
	case "hourly_rate":
		if r, ok := d.scalar(v, path); ok {
			f, err := strconv.ParseFloat(r, 64)
			if err != nil || f < 0 || f > 1e6 {
				d.errorf(v, path, "invalid hourly rate %q: a number of money units per attendee-hour", r)
				return
			}
			s.HourlyRate = f
		}
	case "one_on_ones":
		if v.Kind != yaml.MappingNode {
			d.errorf(v, path, "expected category: and cadence:")
			return
		}
		d.pairs(v, path, []string{"category", "cadence"}, false, func(k2, v2 *yaml.Node) {
			p := path + "." + k2.Value
			if k2.Value == "category" {
				if c, ok := d.scalar(v2, p); ok {
					s.OneOnOnes = c
					d.later = append(d.later, func() { d.knownCategory(v2, p, c, cats()) })
				}
			} else if dur, ok := d.positiveDuration(v2, p); ok {
				s.Cadence = dur
			}
		})
	case "bands":
		if v.Kind != yaml.MappingNode {
			d.errorf(v, path, "expected manager_meetings:, ic_meetings:, hiring_share:, hiring_category:")
			return
		}
		d.pairs(v, path, []string{"manager_meetings", "ic_meetings", "hiring_share", "hiring_category", "manager_own_work", "ic_own_work"}, false, func(k2, v2 *yaml.Node) {
			p := path + "." + k2.Value
			if k2.Value == "hiring_category" {
				if c, ok := d.scalar(v2, p); ok {
					s.Bands.HiringCategory = c
				}
				return
			}
			b, ok := d.bound(v2, p, k2.Value != "manager_meetings" && k2.Value != "ic_meetings")
			if !ok {
				return
			}
			switch k2.Value {
			case "manager_meetings":
				s.Bands.ManagerMeetings = b
			case "ic_meetings":
				s.Bands.ICMeetings = b
			case "hiring_share":
				s.Bands.HiringShare = b
			case "manager_own_work":
				s.Bands.ManagerOwnWork = b
			case "ic_own_work":
				s.Bands.ICOwnWork = b
			}
		})
	case "count":
		if v.Kind != yaml.MappingNode {
			d.errorf(v, path, "expected declined:, tentative:, free:, all_day:, max_length:")
			return
		}
		d.pairs(v, path, []string{"declined", "tentative", "free", "all_day", "max_length"}, false, func(k2, v2 *yaml.Node) {
			p := path + "." + k2.Value
			if k2.Value == "max_length" {
				if strings.EqualFold(strings.TrimSpace(v2.Value), "none") {
					s.Policy.MaxLength = 0
				} else if dur, ok := d.positiveDuration(v2, p); ok {
					s.Policy.MaxLength = dur
				}
				return
			}
			b, ok := d.boolean(v2, p)
			if !ok {
				return
			}
			switch k2.Value {
			case "declined":
				s.Policy.Declined = b
			case "tentative":
				s.Policy.Tentative = b
			case "free":
				s.Policy.Free = b
			case "all_day":
				s.Policy.AllDay = b
			}
		})
	case "targets":
		d.targets(v, s, cats)
	case "team":
		s.Team = d.team(v)
	case "prep":
		d.prep(v, s, cats)
	case "solo_holds":
		if m, ok := d.scalar(v, path); ok {
			switch strings.ToLower(strings.TrimSpace(m)) {
			case "own_time":
				s.SoloHoldsAsMeetings = false
			case "meeting":
				s.SoloHoldsAsMeetings = true
			default:
				d.errorf(v, path, "unknown solo_holds %q (valid: own_time, meeting)", m)
			}
		}
	}
}

func (d *decoder) positiveDuration(v *yaml.Node, path string) (time.Duration, bool) {
	dur, ok := d.duration(v, path)
	if ok && dur <= 0 {
		d.errorf(v, path, "the duration must be positive")
		return 0, false
	}
	return dur, ok
}

// bound reads a target or band: ">= 10", "20%-30%". Percentages are
// required where percent is set, and refused elsewhere.
func (d *decoder) bound(v *yaml.Node, path string, percent bool) (audit.Bound, bool) {
	text, ok := d.scalar(v, path)
	if !ok {
		return audit.Bound{}, false
	}
	b, err := audit.ParseBound(text)
	switch {
	case err != nil:
		d.errorf(v, path, "%v", err)
		return b, false
	case percent && !b.Percent:
		d.errorf(v, path, "%q must be a percentage, such as 20%%-30%% or <= 50%%", text)
		return b, false
	case !percent && b.Percent:
		d.errorf(v, path, "%q must be a number, not a percentage", text)
		return b, false
	}
	return b, true
}

func (d *decoder) knownCategory(v *yaml.Node, path, name string, cats []string) {
	for _, c := range cats {
		if strings.EqualFold(c, name) {
			return
		}
	}
	d.errorf(v, path, "no category is called %q%s", name, suggest(name, cats))
}

// workingHours reads a mapping of days to spans,
//
//	mon-fri: "09:00-17:00"
//	sat: "10:00-12:00, 13:00-15:00"
//	sun: off
//
// or one line: "Mon-Fri 09:00-17:00". Days not named are days off.
func (d *decoder) workingHours(v *yaml.Node, s *audit.Settings) {
	var hours [7][]audit.Span
	set := func(daysText, spansText string, n *yaml.Node, path string) {
		days, err := parseDays(daysText)
		if err != nil {
			d.errorf(n, path, "%v", err)
			return
		}
		spans, err := parseSpans(spansText)
		if err != nil {
			d.errorf(n, path, "%v", err)
			return
		}
		for _, day := range days {
			hours[day] = spans
		}
	}
	switch v.Kind {
	case yaml.ScalarNode:
		daysText, spansText, ok := strings.Cut(strings.TrimSpace(v.Value), " ")
		if !ok {
			d.errorf(v, "working_hours", "expected days and hours, such as \"Mon-Fri 09:00-17:00\", or a mapping of days to hours")
			return
		}
		set(daysText, spansText, v, "working_hours")
	case yaml.MappingNode:
		for i := 0; i+1 < len(v.Content); i += 2 {
			k, val := v.Content[i], d.resolve(v.Content[i+1])
			if val == nil {
				continue
			}
			set(k.Value, val.Value, val, "working_hours."+k.Value)
		}
	default:
		d.errorf(v, "working_hours", "expected a mapping of days to hours, such as mon-fri: \"09:00-17:00\"")
		return
	}
	s.WorkingHours = hours
}

// parseDays reads "mon", "mon-fri", "sat,sun", "weekdays", "weekend", "every day".
func parseDays(text string) ([]time.Weekday, error) {
	t := strings.ToLower(strings.TrimSpace(text))
	switch t {
	case "weekdays":
		t = "mon-fri"
	case "weekend", "weekends":
		t = "sat-sun"
	case "daily", "every day", "everyday", "all":
		t = "mon-sun"
	}
	var out []time.Weekday
	for _, part := range strings.Split(t, ",") {
		part = strings.TrimSpace(part)
		a, b, isRange := strings.Cut(part, "-")
		from, ok1 := dayNames[strings.TrimSpace(a)]
		to, ok2 := from, true
		if isRange {
			to, ok2 = dayNames[strings.TrimSpace(b)]
		}
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("unknown day %q: use mon, tue, ..., a range such as mon-fri, weekdays or weekend", part)
		}
		for day := from; ; day = (day + 1) % 7 {
			out = append(out, day)
			if day == to {
				break
			}
		}
	}
	return out, nil
}

// parseSpans reads "09:00-17:00", "09:00-12:00, 13:00-17:00", or off.
func parseSpans(text string) ([]audit.Span, error) {
	t := strings.ToLower(strings.TrimSpace(text))
	if t == "off" || t == "" || t == "false" || t == "none" || t == "-" {
		return nil, nil
	}
	var out []audit.Span
	for _, part := range strings.Split(t, ",") {
		a, b, ok := strings.Cut(strings.ReplaceAll(part, " ", ""), "-")
		start, err1 := minuteOfDay(a)
		end, err2 := minuteOfDay(b)
		if !ok || err1 != nil || err2 != nil {
			return nil, fmt.Errorf("invalid hours %q: use HH:MM-HH:MM, such as 09:00-17:00, or off", strings.TrimSpace(part))
		}
		if end <= start {
			return nil, fmt.Errorf("invalid hours %q: the end is not after the start (hours past midnight are not supported)", strings.TrimSpace(part))
		}
		for _, o := range out {
			if start < o.End && o.Start < end {
				return nil, fmt.Errorf("hours %q overlap %s", strings.TrimSpace(part), o)
			}
		}
		out = append(out, audit.Span{Start: start, End: end})
	}
	return out, nil
}

func minuteOfDay(s string) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	if !ok {
		m = "00"
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) || len(m) != 2 {
		return 0, fmt.Errorf("invalid time %q", s)
	}
	return hh*60 + mm, nil
}

// targets reads the targets mapping: metric -> bound, and for share and
// hours a mapping of categories to bounds.
func (d *decoder) targets(v *yaml.Node, s *audit.Settings, cats func() []string) {
	if v.Kind != yaml.MappingNode {
		d.errorf(v, "targets", "expected a mapping of metrics to bounds, such as focus_hours: \">= 10\"")
		return
	}
	var names []string
	for _, m := range audit.Metrics {
		names = append(names, m.Name)
	}
	s.Targets = nil
	d.pairs(v, "targets", names, false, func(k, val *yaml.Node) {
		m, _ := audit.LookupMetric(k.Value)
		path := "targets." + k.Value
		if k.Value == "share" || k.Value == "hours" {
			if val.Kind != yaml.MappingNode {
				d.errorf(val, path, "expected a mapping of categories to bounds, such as %s: {Hiring: \"20%%-30%%\"}", k.Value)
				return
			}
			for i := 0; i+1 < len(val.Content); i += 2 {
				ck, cv := val.Content[i], d.resolve(val.Content[i+1])
				p := path + "." + ck.Value
				b, ok := d.bound(cv, p, k.Value == "share")
				if !ok {
					continue
				}
				cat := ck.Value
				d.later = append(d.later, func() { d.knownCategory(ck, p, cat, cats()) })
				s.Targets = append(s.Targets, audit.Target{Metric: k.Value, Category: cat, Bound: b, Line: ck.Line})
			}
			return
		}
		if b, ok := d.bound(val, path, m.Unit == "%"); ok {
			s.Targets = append(s.Targets, audit.Target{Metric: k.Value, Bound: b, Line: k.Line})
		}
	})
}
