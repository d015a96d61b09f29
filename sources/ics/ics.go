// Package ics reads iCalendar (RFC 5545) files, directories of them (vdir)
// and feeds, and expands recurring events into their occurrences.
//
// Parsing is go-ical's, one component at a time (see frame.go); recurrence
// is assembled here on rrule-go, around the defects both have (each has a
// test named after it in defects_test.go).
package ics

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

// Options configure the ICS reader.
type Options struct {
	Timeout   time.Duration // for URLs; 0 means one minute
	MaxBytes  int64         // for URLs; 0 means 256 MiB
	Transport roundTripper  // for tests; nil uses the default
	UserAgent string
}

// Kind is the ICS source kind.
func Kind(opts Options) sources.Kind {
	return sources.Kind{
		Name:    "ics",
		Summary: "iCalendar: .ics files, directories of them (vdir), http(s):// and webcal:// feeds",
		Claims: func(arg string) bool {
			if isURL(arg) || sources.HasExt(arg, ".ics", ".ical", ".icalendar", ".ifb", ".vcs") {
				return true
			}
			fi, err := os.Stat(arg)
			return err == nil && fi.IsDir()
		},
		Sniff: looksICS,
		Open: func(arg string, r io.Reader, env sources.Env) (sources.Source, error) {
			s := &Source{arg: arg, name: arg, r: r, env: env, opts: opts}
			if isURL(arg) {
				s.name = redactURL(arg)
			}
			return s, nil
		},
	}
}

// looksICS recognises iCalendar text by its first line.
func looksICS(head []byte) bool {
	text, _ := sources.DecodeText(head)
	text = strings.TrimLeft(text, " \t\r\n")
	return len(text) >= 15 && strings.EqualFold(text[:15], "BEGIN:VCALENDAR")
}

// Source reads one argument: a file, a directory, stdin or a URL.
type Source struct {
	arg, name string
	r         io.Reader
	env       sources.Env
	opts      Options
	read      bool
	docs      []doc // FromDocuments
}

var _ sources.Source = (*Source)(nil)

// Name is the argument as given; URLs lose their secret parts.
func (s *Source) Name() string { return s.name }

// New makes a Source reading r, named name in messages.
func New(name string, r io.Reader, opts Options) *Source {
	return &Source{arg: name, name: name, r: r, opts: opts}
}

// Document is one calendar object a caller already holds (a CalDAV
// resource): its name for messages, its bytes, and its calendar's name.
type Document struct {
	Name, Calendar string
	Data           []byte
}

// FromDocuments makes a Source over calendar objects fetched elsewhere,
// read as a directory of files is (overrides may sit in another document
// than their series), so that every source of iCalendar data has one
// reader and one expander.
func FromDocuments(name string, docs []Document, opts Options) *Source {
	s := &Source{arg: name, name: name, opts: opts}
	s.docs = make([]doc, len(docs))
	for i, d := range docs {
		s.docs[i] = doc{name: d.Name, data: d.Data, calendar: d.Calendar}
	}
	return s
}

// doc is one file's content.
type doc struct {
	name     string // for provenance
	data     []byte
	calendar string // the vdir collection's display name, if any
}

// Fetch reads the calendars and returns every occurrence in the range.
func (s *Source) Fetch(ctx context.Context, req sources.Request) (*sources.Result, error) {
	if s.r != nil && s.read {
		return nil, &audit.Error{Kind: audit.KindUsage, Msg: s.name + " can be read only once"}
	}
	s.read = true
	docs, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	loc := req.Location
	if loc == nil {
		loc = time.Local
	}
	c := &collector{req: req, floating: loc, zones: newZones(), byUID: map[string]int32{}}
	for i := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d := docs[i]
		docs[i].data = nil // read: the events hold what they need
		if err := c.add(&d); err != nil {
			return nil, err
		}
	}
	return c.result(ctx, s.name)
}

func (s *Source) load(ctx context.Context) ([]doc, error) {
	switch {
	case s.docs != nil:
		return s.docs, nil
	case s.r != nil:
		data, err := sources.ReadAll(ctx, s.arg, s.r, s.env)
		return []doc{{name: s.name, data: data}}, err
	case isURL(s.arg):
		data, err := s.fetchURL(ctx)
		return []doc{{name: s.name, data: data}}, err
	}
	fi, err := os.Stat(s.arg)
	if err != nil {
		return nil, sources.FileError(s.arg, err)
	}
	if !fi.IsDir() {
		data, err := sources.ReadAll(ctx, s.arg, nil, s.env)
		return []doc{{name: s.name, data: data}}, err
	}
	return s.loadDir(ctx)
}

// loadDir reads every .ics file under a directory (a vdir: one event per
// file, as vdirsyncer and khal keep them), in path order, skipping hidden
// files. A collection's "displayname" file names its calendar.
func (s *Source) loadDir(ctx context.Context) ([]doc, error) {
	var paths []string
	err := filepath.WalkDir(s.arg, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != s.arg && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() && sources.HasExt(p, ".ics") {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, sources.FileError(s.arg, err)
	}
	if len(paths) == 0 {
		return nil, &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s: no .ics files in the directory", s.arg)}
	}
	sort.Strings(paths)
	names := map[string]string{}
	docs := make([]doc, 0, len(paths))
	for _, p := range paths {
		data, err := sources.ReadAll(ctx, p, nil, s.env)
		if err != nil {
			return nil, err
		}
		dir := filepath.Dir(p)
		name, ok := names[dir]
		if !ok {
			if b, err := os.ReadFile(filepath.Join(dir, "displayname")); err == nil {
				name = strings.TrimSpace(string(b))
			}
			if name == "" {
				name = filepath.Base(dir)
			}
			names[dir] = name
		}
		docs = append(docs, doc{name: p, data: data, calendar: name})
	}
	return docs, nil
}

// collector gathers the events of all documents, grouped by UID.
type collector struct {
	req      sources.Request
	floating *time.Location
	zones    *zones
	scratch  expandScratch // expand's buffers, used again from series to series
	// order holds the series by value, in the order their UIDs came, and
	// byUID finds one's place: a million one-off events are a million
	// series, which must cost little.
	byUID   map[string]int32
	order   []series
	skipped []audit.Skipped
	notes   []string
	ignored map[string]int // components that are not events, by name
	anon    int
	// lenients are the lenient readings, one note per file and kind.
	lenients map[[2]string]*lenientCount
}

type lenientCount struct {
	file string
	lenientNote
	n int
}

// lenient counts a lenient reading of one event; the first one's line
// names it in the note.
func (c *collector) lenient(file string, n lenientNote) {
	if c.lenients == nil {
		c.lenients = map[[2]string]*lenientCount{}
	}
	k := [2]string{file, n.key}
	if lc := c.lenients[k]; lc != nil {
		lc.n++
		lc.line = min(lc.line, n.line)
		return
	}
	c.lenients[k] = &lenientCount{file: file, lenientNote: n, n: 1}
}

// lenientNotes are the lenient readings in file and line order.
func (c *collector) lenientNotes() []string {
	all := slices.Collect(maps.Values(c.lenients))
	slices.SortFunc(all, func(a, b *lenientCount) int {
		return cmp.Or(cmp.Compare(a.file, b.file), cmp.Compare(a.line, b.line), cmp.Compare(a.key, b.key))
	})
	out := make([]string, len(all))
	for i, lc := range all {
		out[i] = fmt.Sprintf("%s:%d: %s", lc.file, lc.line, lc.msg)
		if lc.n > 1 {
			out[i] += fmt.Sprintf(" (%d events, the first at this line)", lc.n)
		}
	}
	return out
}

func (c *collector) inputError(name string, e *lineError) error {
	return &audit.Error{Kind: audit.KindInput, Pos: audit.Provenance{Source: name, Line: e.line}, Property: e.prop, Msg: e.msg}
}

// fail reports a problem with one event: an error, or with --skip-invalid
// a skipped record.
func (c *collector) fail(name string, e *lineError) error {
	if c.req.SkipInvalid {
		msg := e.msg
		if e.prop != "" {
			msg = e.prop + ": " + msg
		}
		c.skipped = append(c.skipped, audit.Skipped{Source: audit.Provenance{Source: name, Line: e.line}, Err: msg})
		return nil
	}
	return c.inputError(name, e)
}

func (c *collector) add(d *doc) error {
	text, encNote := sources.DecodeTextOwned(d.data)
	d.data = nil
	if encNote != "" {
		c.notes = append(c.notes, d.name+": "+encNote)
	}
	// Framing copies each component's text: the file's text can go at
	// once, and each component's as it is read, instead of all of it
	// staying until the last event is read.
	cals, notes, err := frame(text, c.req.NoDescriptions)
	text = ""
	for _, n := range notes {
		c.notes = append(c.notes, d.name+": "+n)
	}
	var fe *frameError
	if errors.As(err, &fe) {
		if fe.component == nil || !c.req.SkipInvalid || fe.component.name != "VEVENT" {
			return &audit.Error{Kind: audit.KindInput, Pos: audit.Provenance{Source: d.name, Line: fe.line}, Msg: fe.msg}
		}
		c.skipped = append(c.skipped, audit.Skipped{Source: audit.Provenance{Source: d.name, Line: fe.component.begin()}, Err: fe.msg})
	}
	for _, cal := range cals {
		info := calInfo{name: d.calendar, floating: c.floating}
		var xwr *lenientNote
		if len(cal.props) > 0 {
			comp, notes, err := decode(cal.props, "X-TIMEAUDIT-CALENDAR")
			for _, n := range notes {
				c.notes = append(c.notes, d.name+": "+n)
			}
			var le *lineError
			if errors.As(err, &le) {
				return c.inputError(d.name, le)
			}
			if p := comp.Props.Get("METHOD"); p != nil {
				info.method = strings.ToUpper(strings.TrimSpace(p.Value))
			}
			if p := comp.Props.Get("X-WR-CALNAME"); p != nil {
				if n := textProp(p); n != "" {
					info.name = n
				}
			}
			if p := comp.Props.Get("X-WR-TIMEZONE"); p != nil && strings.TrimSpace(p.Value) != "" {
				xwr = &lenientNote{line: cal.propLine("X-WR-TIMEZONE"), value: strings.TrimSpace(p.Value)}
			}
		}
		// Time zones first: some writers put them after the events.
		for _, comp := range cal.components {
			if comp.name != "VTIMEZONE" {
				continue
			}
			tz, notes, err := decode(comp.logical(), "")
			for _, n := range notes {
				c.notes = append(c.notes, d.name+": "+n)
			}
			if err != nil { // a zone nobody can read fails only the events that use it
				c.notes = append(c.notes, fmt.Sprintf("%s: line %d: unreadable VTIMEZONE ignored: %v", d.name, comp.begin(), err))
				continue
			}
			c.zones.define(tz)
		}
		if xwr != nil { // its zone may be one the calendar defines
			switch loc, guess, err := c.zones.resolve(xwr.value); {
			case err != nil || guess != "":
				c.lenient(d.name, lenientNote{line: xwr.line, key: "xwr", msg: fmt.Sprintf("X-WR-TIMEZONE %s is not a zone timeaudit knows: floating times are read in %s, the report zone", audit.Quote(xwr.value), c.floating)})
			default:
				info.floating, info.xwr = loc, xwr.value
			}
		}
		var events []*component
		for _, comp := range cal.components {
			switch comp.name {
			case "VTIMEZONE":
				continue
			case "VEVENT":
				events = append(events, comp)
			default:
				if c.ignored == nil {
					c.ignored = map[string]int{}
				}
				c.ignored[comp.name]++
			}
		}
		// Events are read in parallel, then filed in file order, a batch at
		// a time: what reading holds (results, components) stays bounded.
		cal.components = nil

		const batch = 16384
		for from := 0; from < len(events); from += batch {
			part := events[from:min(from+batch, len(events))]
			for _, r := range readEvents(d.name, part, info, c.zones) {
				for _, n := range r.notes {
					c.notes = append(c.notes, d.name+": "+n)
				}
				var le *lineError
				if errors.As(r.err, &le) {
					if err := c.fail(d.name, le); err != nil {
						return err
					}
					continue
				}
				for _, n := range r.ev.lenientNotes() {
					c.lenient(d.name, n)
				}
				if x := r.ev.extra; x != nil {
					x.lenient = nil
				}
				c.file(r.ev)
			}
			clear(part) // the components go; the events keep what they need
		}
	}
	return nil
}

// readResult is one VEVENT read.
type readResult struct {
	ev    *vevent
	notes []string
	err   error
}

// readEvents decodes and reads events on every core: go-ical's decoding
// is most of the cost of a large file. Results come in the events' order.
func readEvents(name string, comps []*component, info calInfo, z *zones) []readResult {
	out := make([]readResult, len(comps))
	one := func(i int) {
		defer func() { // a worker's panic would end the process: make it this event's error
			if p := recover(); p != nil {
				out[i] = readResult{err: &lineError{line: comps[i].begin(), msg: fmt.Sprintf("internal error reading the event: %v (please report this)", p)}}
			}
		}()
		ic, notes, err := decode(comps[i].logical(), "")
		out[i].notes = notes
		if err != nil {
			out[i].err = err
			return
		}
		out[i].ev, out[i].err = readEvent(name, comps[i], ic, info, z)
		if out[i].err == nil {
			out[i].ev.done() // read: only the lines later messages name are kept
		}
	}
	const chunk = 64
	workers := min(runtime.GOMAXPROCS(0), (len(comps)+chunk-1)/chunk)
	if workers <= 1 {
		for i := range comps {
			one(i)
		}
		return out
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				start := int(next.Add(chunk)) - chunk
				if start >= len(comps) {
					return
				}
				for i := start; i < min(start+chunk, len(comps)); i++ {
					one(i)
				}
			}
		}()
	}
	wg.Wait()
	return out
}

// file adds an event to its series. Of two versions of the same event (the
// same UID and RECURRENCE-ID) the higher SEQUENCE wins, then the later one;
// a METHOD:CANCEL version cancels the event, keeping its recurrence.
func (c *collector) file(ev *vevent) {
	key := ev.uid
	if key == "" {
		c.anon++
		key = fmt.Sprintf("\x00anonymous-%d", c.anon)
	}
	at, ok := c.byUID[key]
	if !ok {
		at = int32(len(c.order))
		c.byUID[key] = at
		c.order = append(c.order, series{uid: ev.uid})
	}
	s := &c.order[at]
	newer := func(old *vevent) bool { return ev.seq >= old.seq }
	if ev.recurID == nil {
		switch {
		case s.master == nil:
			s.master = ev
		case ev.status == audit.StatusCancelled && !ev.recurs() && s.master.recurs() && newer(s.master):
			s.master.status = audit.StatusCancelled
		case newer(s.master):
			c.versions(ev, s.master, ev)
			s.master = ev
		default:
			c.versions(ev, s.master, s.master)
		}
		return
	}
	k := ridKey{ev.recurID.wall.UnixNano(), ev.recurID.date}
	if i, ok := s.byRID[k]; ok {
		if newer(s.overrides[i]) {
			s.overrides[i] = ev
		}
		return
	}
	if s.byRID == nil {
		s.byRID = map[ridKey]int{}
	}
	s.byRID[k] = len(s.overrides)
	s.overrides = append(s.overrides, ev)
}

// versions counts two events with one UID and no RECURRENCE-ID: two
// versions of one event, of which kept counts (the higher SEQUENCE, else
// the later in the file). The note names the first such pair.
func (c *collector) versions(ev, old, kept *vevent) {
	why := "the later in the file"
	if ev.seq != old.seq {
		why = "the higher SEQUENCE"
	}
	dropped := ev
	if kept == ev {
		dropped = old
	}
	c.lenient(ev.src, lenientNote{line: min(ev.begin(), old.begin()), key: "versions",
		msg: fmt.Sprintf("events with the same UID %s and no RECURRENCE-ID are versions of one event: the one at line %d was kept (%s), the one at line %d dropped",
			audit.Quote(ev.uid), kept.begin(), why, dropped.begin())})
}

// maxOccurrences bounds the occurrences of one source: millions of events
// are years of a large team, not one calendar, and would exhaust memory.
var maxOccurrences = 2_000_000

// result expands every series over the range.
func (c *collector) result(ctx context.Context, name string) (*sources.Result, error) {
	res := &sources.Result{Skipped: c.skipped}
	res.Notes = append(res.Notes, c.notes...)
	res.Notes = append(res.Notes, c.lenientNotes()...)
	// Sorted: events are read in parallel, so the order zones were first
	// met in is not the file's.
	for _, n := range slices.Sorted(slices.Values(c.zones.notes)) {
		res.Notes = append(res.Notes, name+": "+n)
	}
	if len(c.ignored) > 0 {
		var kinds []string
		for k, n := range c.ignored {
			kinds = append(kinds, fmt.Sprintf("%d %s", n, k))
		}
		sort.Strings(kinds)
		res.Notes = append(res.Notes, fmt.Sprintf("%s: %s ignored: only events (VEVENT) are audited", name, strings.Join(kinds, ", ")))
	}
	w, done, long, err := c.window(name)
	if err != nil {
		return nil, err
	}
	var longCount map[*series]int
	if len(long) > 0 {
		longCount = make(map[*series]int, len(long))
		for _, s := range long {
			longCount[s] = 0
		}
	}
	// Expand every series (occs[i] are series i's occurrences), then make
	// the events in one allocation: the slice of large structs is not grown
	// and copied over and over.
	occs := make([][]occurrence, len(c.order))
	// one marks a series that is a single event in the range, made again
	// when its event is: most of a large export, kept out of flat.
	one := make([]bool, len(c.order))
	expanded, xerrs := c.expandAll(ctx, w, done)
	total := 0
	for i := range c.order {
		s := &c.order[i]
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		these, xerr := expanded[i], xerrs[i]
		expanded[i] = nil
		if xerr == errNotExpanded {
			if occs, ok := done[s]; ok {
				these, xerr = occs, nil
			} else {
				these, xerr = s.expand(w, c.floating, &c.scratch)
			}
		}
		var le *lineError
		if errors.As(xerr, &le) {
			src := c.sourceOf(s)
			if err := c.fail(src, le); err != nil {
				return nil, err
			}
			res.Skipped = c.skipped
			continue
		}
		if s.master != nil && !s.master.recurs() && len(s.overrides) == 0 && len(these) == 1 {
			one[i] = true
		} else {
			occs[i] = these
		}
		total += len(these)
		if _, ok := longCount[s]; ok {
			longCount[s] = len(these)
		}
		if total > maxOccurrences {
			return nil, &audit.Error{Kind: audit.KindInput, Pos: audit.Provenance{Source: name}, Msg: fmt.Sprintf("more than %d occurrences in the range: narrow it with --week or --from/--to", maxOccurrences)}
		}
	}
	if len(long) > 0 {
		res.Notes = append(res.Notes, longNote(name, long, longCount, w.to.Add(-time.Second), c.floating))
		res.Horizon = w.to
	}
	// The events are made series by series, each series released once its
	// events are made (they keep what they need): a calendar's parsed form
	// and its events are not all held at once. They are then put in order
	// by start, then file and line, through small keys, each event moved
	// once.

	// The files of a source (a directory's) ranked by name, so that keys
	// compare numbers, not strings in the events.
	rank := map[string]int32{}
	for i := range c.order {
		if s := &c.order[i]; s.master != nil {
			rank[s.master.src] = 0
		} else if len(s.overrides) > 0 {
			rank[s.overrides[0].src] = 0
		}
	}
	for i, name := range slices.Sorted(maps.Keys(rank)) {
		rank[name] = int32(i)
	}
	done = nil
	c.byUID = nil
	if c.req.Occurrences {
		var ok bool
		if res.Events, res.Occurrences, ok = c.compact(occs, one, rank, total); ok {
			c.order, occs = nil, nil
			sortSkipped(res.Skipped)
			return res, nil
		}
	}
	keys := sortKeys(c.keys(occs, one, rank, total))
	res.Events = make([]audit.Event, len(keys))
	fill := func(lo, hi int) {
		for p := lo; p < hi; p++ {
			k := keys[p]
			uid := c.order[k.series].uid
			if k.idx < 0 {
				o, _ := single(c.order[k.series].master, c.floating, false) // made above without an error
				res.Events[p] = o.event(uid)
			} else {
				res.Events[p] = occs[k.series][k.idx].event(uid)
			}
		}
	}
	inParts(len(keys), fill)
	c.order, occs = nil, nil
	sortSkipped(res.Skipped)
	return res, nil
}

func sortSkipped(skipped []audit.Skipped) {
	sort.SliceStable(skipped, func(i, j int) bool {
		a, b := skipped[i].Source, skipped[j].Source
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		return a.Line < b.Line
	})
}

// keys are the occurrences' small keys, series by series (a key names
// its series and its place there): what puts them in order.
func (c *collector) keys(occs [][]occurrence, one []bool, rank map[string]int32, total int) []key {
	keys := make([]key, 0, total)
	for i := range c.order {
		s := &c.order[i]
		if one[i] {
			// A single event's occurrence is made again with its event
			// (most of a large export: none is held meanwhile).
			o, err := single(s.master, c.floating, false)
			if err != nil {
				one[i] = false // nothing of it in the keys
				continue
			}
			keys = append(keys, key{o.start.UnixNano(), rank[o.ev.src], int32(o.ev.begin()), int32(i), -1})
			continue
		}
		for j := range occs[i] {
			o := &occs[i][j]
			keys = append(keys, key{o.start.UnixNano(), rank[o.ev.src], int32(o.ev.begin()), int32(i), int32(j)})
		}
	}
	return keys
}

// compact is the source's occurrences in order as small records
// (Request.Occurrences): the occurrences of a series that would be the
// same event but for their times (those of its master, or of one moved
// instance) share one audit.Event, made from the first of them. ok is
// false, and nothing made, when too few would share one to be worth it (a
// calendar of one-off events): the events are then made as ever. The
// order comes from a merge of the series' runs (see merge.go), or for a
// calendar of many one-off events from its sorted keys.
func (c *collector) compact(occs [][]occurrence, one []bool, rank map[string]int32, total int) (_ []audit.Event, _ []audit.Occurrence, ok bool) {
	type shape struct {
		ev                *vevent
		allDay, recurring bool
	}
	// First each occurrence's event within its series (o.tmpl), and each
	// event's first occurrence (-1 for a single event's); base[i] is the
	// first of series i's events.
	base := make([]int32, len(c.order))
	var firsts []int32
	var shapes []shape
	var index map[shape]int32 // for a series of many shapes (moved instances)
	runs := 0
	for i := range c.order {
		base[i] = int32(len(firsts))
		if one[i] {
			firsts = append(firsts, -1)
			runs++
			continue
		}
		shapes, index = shapes[:0], nil
		these := occs[i]
		if len(these) > 0 {
			runs++
		}
		for j := range these {
			o := &these[j]
			sh := shape{o.ev, o.allDay, o.recurring}
			if j > 0 && sh == shapes[these[j-1].tmpl] {
				o.tmpl = these[j-1].tmpl
				continue
			}
			t, found := int32(-1), false
			if index != nil {
				t, found = index[sh]
			} else if k := slices.Index(shapes, sh); k >= 0 {
				t, found = int32(k), true
			}
			if !found {
				t = int32(len(shapes))
				shapes = append(shapes, sh)
				firsts = append(firsts, int32(j))
				if index == nil && len(shapes) > 8 {
					index = make(map[shape]int32, len(shapes))
					for k, x := range shapes {
						index[x] = int32(k)
					}
				} else if index != nil {
					index[sh] = t
				}
			}
			o.tmpl = t
		}
	}
	if total < 2*len(firsts) {
		return nil, nil, false
	}
	events := make([]audit.Event, len(firsts))
	for i := range c.order {
		s := &c.order[i]
		end := int32(len(firsts))
		if i+1 < len(base) {
			end = base[i+1]
		}
		for t := base[i]; t < end; t++ {
			if firsts[t] >= 0 {
				events[t] = occs[i][firsts[t]].event(s.uid)
			} else {
				o, _ := single(s.master, c.floating, false) // made for the expansion without an error
				events[t] = o.event(s.uid)
			}
		}
	}
	if mergeable(runs, total) {
		out := c.merged(occs, one, rank, events, base, runs)
		return events, out, out != nil
	}
	keys := sortKeys(c.keys(occs, one, rank, total))
	out := make([]audit.Occurrence, len(keys))
	var moved movedCheck
	inParts(len(keys), func(lo, hi int) {
		ok := true
		for p := lo; p < hi; p++ {
			k := keys[p]
			if k.idx < 0 {
				o, _ := single(c.order[k.series].master, c.floating, false) // made above without an error
				out[p] = audit.Occurrence{Start: o.start, End: o.end, Event: base[k.series]}
				continue
			}
			o := &occs[k.series][k.idx]
			out[p] = audit.Occurrence{Start: o.start, End: o.end, Event: base[k.series] + o.tmpl}
			ok = ok && out[p].RecurrenceID(&events[out[p].Event]) == o.rid
		}
		moved.record(ok)
	})
	return events, out, moved.ok()
}

// movedCheck tells whether every occurrence is its event moved in time
// (audit.Occurrence), its recurrence-id as well as its start: they are
// (an instance's recurrence-id is its start, or the start it was moved
// from, by the same time for every instance its event stands for), and
// were one not, the events would be made as ever rather than a wrong
// recurrence-id given.
type movedCheck struct{ bad atomic.Bool }

func (m *movedCheck) record(ok bool) {
	if !ok {
		m.bad.Store(true)
	}
}

func (m *movedCheck) ok() bool { return !m.bad.Load() }

// merged is the occurrences of the series in order, merged from their
// runs (each put in order first), as compact's records; nil if one is not
// its event moved in time (see movedCheck).
func (c *collector) merged(occs [][]occurrence, one []bool, rank map[string]int32, events []audit.Event, base []int32, runs int) []audit.Occurrence {
	all := make([][]occurrence, 0, runs)
	series := make([]int32, 0, runs) // each run's
	singles := make([]occurrence, 0, runs)
	rk := ranker{rank: rank}
	for i := range c.order {
		these := occs[i]
		if one[i] {
			o, err := single(c.order[i].master, c.floating, false)
			if err != nil {
				continue // as in keys: nothing of it
			}
			singles = append(singles, o)
			these = singles[len(singles)-1:]
		}
		if len(these) == 0 {
			continue
		}
		sortRun(these, &rk)
		all = append(all, these)
		series = append(series, int32(i))
	}
	n := 0
	for _, run := range all {
		n += len(run)
	}
	out := make([]audit.Occurrence, n)
	// In parts, one a core: the first touches of fresh memory, which
	// cores take in parallel.
	parts := max(1, min(runtime.GOMAXPROCS(0), n/20_000))
	var moved movedCheck
	mergeInParts(all, rank, parts, func(lo, hi int, next func() (int32, *occurrence)) {
		ok := true
		for p := lo; p < hi; p++ {
			r, o := next()
			out[p] = audit.Occurrence{Start: o.start, End: o.end, Event: base[series[r]] + o.tmpl}
			ok = ok && out[p].RecurrenceID(&events[out[p].Event]) == o.rid
		}
		moved.record(ok)
	})
	if !moved.ok() {
		return nil
	}
	return out
}

func (c *collector) sourceOf(s *series) string {
	if s.master != nil {
		return s.master.src
	}
	return s.overrides[0].src
}

// longSeries is how long a series may run, without a range, and still
// set the calendar's span: a longer one (a yearly birthday for a century,
// COUNT=2147483647) is expanded only as far as the fixed events go.
const longSeries = 10 * 365 * 24 * time.Hour

// window is the requested range, or without one the span of the calendar:
// from its first event to the end of its last fixed one, the fixed ones
// being the one-off events and the series of at most ten years. Longer
// series (open-ended, very long, or too many occurrences to expand without a
// range) are expanded up to there; long lists them, for the note. A
// calendar of nothing but long series needs a range. Finding the span
// expands every bounded series; done holds the expansions the span holds
// whole, so that they are not computed twice.
func (c *collector) window(name string) (w window, done map[*series][]occurrence, long []*series, err error) {
	if !c.req.Range.IsZero() {
		return window{c.req.Range.From, c.req.Range.To}, nil, nil, nil
	}
	done = map[*series][]occurrence{}
	var lo, hi time.Time
	widen := func(o occurrence) {
		if lo.IsZero() || o.start.Before(lo) {
			lo = o.start
		}
		end := o.end
		if end.Sub(o.start) > 31*24*time.Hour {
			end = o.start.Add(31 * 24 * time.Hour) // a runaway DURATION sets no horizon
		}
		if hi.IsZero() || end.After(hi) {
			hi = end
		}
	}
	all := window{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)}
	for i := range c.order {
		s := &c.order[i]
		isLong := s.master != nil && s.master.recurs() && !s.master.bounded()
		var occs []occurrence
		if !isLong {
			var err error
			occs, err = s.expand(all, c.floating, &c.scratch)
			switch {
			case err != nil && s.master != nil && s.master.recurs():
				isLong = true // too many to expand whole: as far as the rest go
			case err != nil:
				continue // reported when expanded for real
			case s.master != nil && len(occs) > 1 && occs[len(occs)-1].start.Sub(occs[0].start) > longSeries:
				isLong = true
			}
		}
		if isLong {
			long = append(long, s)
			if occ, err := single(s.master, c.floating, true); err == nil && (lo.IsZero() || occ.start.Before(lo)) {
				lo = occ.start
			}
			continue
		}
		done[s] = occs
		for _, o := range occs {
			widen(o)
		}
	}
	if lo.IsZero() {
		return window{}, done, nil, nil
	}
	if len(long) > 0 && (hi.IsZero() || !hi.After(lo)) {
		return window{}, nil, nil, &audit.Error{Kind: audit.KindUsage, Pos: audit.Provenance{Source: name, Line: long[0].master.begin()},
			Msg: "without a range, its recurring events have nowhere to stop (open-ended, or running for more than ten years): name a range with --week or --from/--to"}
	}
	return window{lo, hi.Add(time.Second)}, done, long, nil
}

// longNote says how far the long series were expanded, and what that gave.
func longNote(name string, long []*series, expanded map[*series]int, until time.Time, loc *time.Location) string {
	n := 0
	for _, s := range long {
		n += expanded[s]
	}
	what := "1 recurring series runs"
	if len(long) > 1 {
		what = fmt.Sprintf("%d recurring series run", len(long))
	}
	return fmt.Sprintf("%s: %s past the calendar's last fixed event (open-ended, or for more than ten years): expanded up to %s, where that event ends, giving %s; name a range with --week or --from/--to for another span",
		name, what, until.In(loc).Format("2006-01-02"), plural(n, "occurrence"))
}

// event turns an occurrence into an audit.Event.
func (o occurrence) event(uid string) audit.Event {
	src := o.ev
	e := audit.Event{
		Title:        src.title,
		Start:        o.start,
		End:          o.end,
		AllDay:       o.allDay,
		Calendar:     src.calendar,
		Organizer:    src.organizer,
		Attendees:    src.attendees,
		Guests:       audit.GuestsListed,
		Status:       src.status,
		ShowAs:       src.showAs,
		Description:  src.description,
		Location:     src.location,
		Source:       audit.Provenance{Source: src.src, Line: src.begin()},
		UID:          uid,
		RecurrenceID: o.rid,
	}
	if o.recurring {
		e.SeriesID = uid
	}
	return e
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// inParts calls do over [0, n) in parts, one per core when n is large
// (see audit.InParts): making a large calendar's events is mostly first
// touches of fresh memory, which cores take in parallel.
func inParts(n int, do func(lo, hi int)) {
	const least = 20_000 // a part smaller than this is not worth a goroutine
	parts := max(1, min(runtime.GOMAXPROCS(0), n/least))
	audit.InParts(n, parts, func(_, lo, hi int) { do(lo, hi) })
}

// errNotExpanded marks a series expandAll left alone.
var errNotExpanded = errors.New("not expanded")

// expandAll expands every series of c.order in the window (or takes its
// occurrences from done), on every core: series are independent, and a
// calendar of years has hundreds. Each worker has its own buffers. Once
// the occurrences made pass maxOccurrences, or ctx ends, the series not
// yet begun are left alone (errNotExpanded), which bounds the memory a
// runaway calendar takes; the caller, going through the series in order,
// expands any of them it reaches itself, so what it finds and the errors
// it stops at are those of a walk in order. A worker's panic is raised
// again here once all have ended.
func (c *collector) expandAll(ctx context.Context, w window, done map[*series][]occurrence) ([][]occurrence, []error) {
	n := len(c.order)
	out, errs := make([][]occurrence, n), make([]error, n)
	var next, made atomic.Int64
	const chunk = 16
	for i := range errs {
		errs[i] = errNotExpanded
	}
	work := func(sc *expandScratch) {
		for {
			from := int(next.Add(chunk)) - chunk
			if from >= n {
				return
			}
			for i := from; i < min(from+chunk, n); i++ {
				if made.Load() > int64(maxOccurrences) || ctx.Err() != nil {
					return // left to the caller, if it gets there
				}
				s := &c.order[i]
				if occs, ok := done[s]; ok {
					out[i], errs[i] = occs, nil
				} else {
					out[i], errs[i] = s.expand(w, c.floating, sc)
				}
				made.Add(int64(len(out[i])))
			}
		}
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), (n+chunk-1)/chunk))
	audit.InParts(workers, workers, func(part, _, _ int) {
		sc := &c.scratch // the caller's buffers for the first worker, new ones for the others
		if part > 0 {
			sc = new(expandScratch)
		}
		work(sc)
	})
	return out, errs
}
