// Package csv reads calendar exports in CSV: Outlook's "Export to a file"
// calendar CSV, Google Calendar's CSV import format, a generic layout
// (title + start + end or duration, with optional attendees, organizer,
// status ...) and the bare title,duration format of the article timeaudit
// started from. The layout is detected from the header row;
// Options.Columns maps headers it does not know.
package csv

import (
	"context"
	stdcsv "encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

// Options configure the CSV reader.
type Options struct {
	// Columns maps fields to header names ("title" -> "Subject"), overriding
	// detection. See FieldNames.
	Columns map[string]string
	// DateOrder says how to read numeric dates; DateAuto detects it.
	DateOrder DateOrder
}

// Kind is the CSV source kind, configured by opts.
func Kind(opts Options) sources.Kind {
	return sources.Kind{
		Name:    "csv",
		Summary: "CSV exports: Outlook, Google Calendar, generic (title,start,end), title,duration",
		Claims:  func(arg string) bool { return sources.HasExt(arg, ".csv", ".tsv") },
		Sniff:   func(head []byte) bool { return sniff(head, opts.Columns) },
		Open: func(arg string, r io.Reader, env sources.Env) (sources.Source, error) {
			return &Source{name: arg, r: r, env: env, opts: opts}, nil
		},
	}
}

// sniff recognises a CSV by a header row timeaudit can read, given the
// user's column mapping.
func sniff(head []byte, columns map[string]string) bool {
	text, _ := sources.DecodeText(head)
	line, _, _ := strings.Cut(text, "\n")
	r := stdcsv.NewReader(strings.NewReader(line))
	r.Comma = sniffDelimiter(line)
	r.LazyQuotes = true
	rec, err := r.Read()
	if err != nil || len(rec) < 2 {
		return false
	}
	l, err := detect(rec, columns)
	return err == nil && l != nil
}

// maxRecordBytes bounds one record: calendar rows are small, and a larger
// one is a broken file (an unclosed quote swallows the rest of it).
const maxRecordBytes = 4 << 20

// errRecordTooLarge is a record past maxRecordBytes.
var errRecordTooLarge = errors.New("record too large")

// recordTooLarge is errRecordTooLarge, at the line the record starts.
type recordTooLarge struct{ line int }

func (e recordTooLarge) Error() string { return errRecordTooLarge.Error() }
func (e recordTooLarge) Unwrap() error { return errRecordTooLarge }

// capReader feeds the CSV reader and stops a record from growing past
// maxRecordBytes while it is read, so that no field, however it is
// broken, takes more memory than that: it counts the bytes since the last
// line break outside quotes.
type capReader struct {
	r      io.Reader
	n      int  // bytes of the record being read
	quoted bool // inside a quoted field
	line   int  // the physical line being read, 1-based
	start  int  // the line the record started on
}

func (c *capReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i := 0; i < n; i++ {
		switch p[i] {
		case '"':
			c.quoted = !c.quoted
		case '\n':
			c.line++
			if !c.quoted {
				c.n, c.start = 0, c.line
				continue
			}
		}
		c.n++
		if c.n > maxRecordBytes {
			return i, recordTooLarge{c.start}
		}
	}
	return n, err
}

// Source reads one CSV file (or stdin).
type Source struct {
	name string
	r    io.Reader // the content when already opened (stdin); nil to open name
	env  sources.Env
	opts Options
	read bool
}

// New makes a Source reading r, named name in messages.
func New(name string, r io.Reader, opts Options) *Source {
	return &Source{name: name, r: r, opts: opts}
}

var _ sources.Source = (*Source)(nil)

// Name is the file as the user named it.
func (s *Source) Name() string { return s.name }

// row is one record and the line it starts on.
type row struct {
	line   int
	fields []string
}

// Fetch reads the whole file. A stream (stdin) can be fetched once.
func (s *Source) Fetch(ctx context.Context, req sources.Request) (*sources.Result, error) {
	if s.r != nil && s.read {
		return nil, &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s can be read only once", s.pos(0))}
	}
	s.read = true
	data, err := sources.ReadAll(ctx, s.name, s.r, s.env)
	if err != nil {
		return nil, err
	}
	text, encNote := sources.DecodeTextOwned(data)
	data = nil
	res := &sources.Result{}
	if encNote != "" {
		res.Notes = append(res.Notes, s.pos(0).String()+": "+encNote)
	}
	delim := sniffDelimiter(text)
	cr := stdcsv.NewReader(&capReader{r: strings.NewReader(text), line: 1, start: 1})
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = delim != '\t'
	cr.ReuseRecord = true // rows are converted at once; those that wait are copied

	header, err := cr.Read()
	header = slices.Clone(header) // the reader reuses its record
	if err == io.EOF {
		return nil, &audit.Error{Kind: audit.KindInput, Pos: s.pos(1), Msg: "empty file: no header row"}
	}
	if err != nil {
		return nil, s.parseError(err)
	}
	lay, err := detect(header, s.opts.Columns)
	if err != nil {
		return nil, &audit.Error{Kind: audit.KindInput, Pos: s.pos(1), Msg: err.Error()}
	}
	if lay.note != "" {
		res.Notes = append(res.Notes, s.pos(1).String()+": "+lay.note)
	}

	conv := &converter{src: s, lay: lay, loc: req.Location, delim: delim}
	if conv.loc == nil {
		conv.loc = time.Local
	}
	// Rows are converted as they are read, so that a file of millions of
	// rows is never held twice. Only a row whose reading depends on the
	// day/month order waits while the order is still open; once a date
	// settles it (a day above 12), the waiting rows are converted.
	ord := &orderEvidence{lay: lay}
	fixed := s.opts.DateOrder != DateAuto
	conv.order = s.opts.DateOrder
	var pending []row
	blanks := 0
	// One event a line at most: sized once, not grown and copied.
	res.Events = make([]audit.Event, 0, strings.Count(text, "\n")+1)
	emit := func(r row) *audit.Error {
		ev, ierr := conv.event(r)
		if ierr != nil {
			if req.SkipInvalid {
				res.Skipped = append(res.Skipped, audit.Skipped{Source: ierr.Pos, Err: strings.TrimPrefix(ierr.Error(), ierr.Pos.String()+": ")})
				return nil
			}
			return ierr
		}
		res.Events = append(res.Events, ev)
		return nil
	}
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			ie := s.parseError(err)
			var pe *stdcsv.ParseError
			if req.SkipInvalid && (errors.As(err, &pe) || errors.Is(err, errRecordTooLarge)) {
				res.Skipped = append(res.Skipped, audit.Skipped{Source: ie.Pos, Err: ie.Msg})
				if errors.Is(err, errRecordTooLarge) {
					break // the reader cannot go on past it
				}
				continue
			}
			return nil, ie
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			blanks++
			continue
		}
		r := row{line: line, fields: rec}
		depends := !fixed && ord.observe(r)
		switch {
		case fixed || ord.settled():
			if !fixed && conv.order == DateAuto {
				conv.order = ord.order()
				for _, p := range pending {
					if ierr := emit(p); ierr != nil {
						return nil, ierr
					}
				}
				pending = nil
			}
			if ierr := emit(r); ierr != nil {
				return nil, ierr
			}
		case depends:
			pending = append(pending, row{line: r.line, fields: slices.Clone(r.fields)})
		default:
			if ierr := emit(r); ierr != nil { // its dates read the same either way
				return nil, ierr
			}
		}
	}
	if !fixed {
		order, note, ierr := ord.decide(s)
		if ierr != nil {
			return nil, ierr
		}
		if note != "" {
			res.Notes = append(res.Notes, note)
		}
		conv.order = order
		for _, p := range pending {
			if ierr := emit(p); ierr != nil {
				return nil, ierr
			}
		}
	}
	if blanks > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%s: %s with no values skipped", s.pos(0), plural(blanks, "empty row")))
	}
	// Rows waiting for the order came out of file order: put them back.
	if !sort.SliceIsSorted(res.Events, func(i, j int) bool { return res.Events[i].Source.Line < res.Events[j].Source.Line }) {
		sort.SliceStable(res.Events, func(i, j int) bool { return res.Events[i].Source.Line < res.Events[j].Source.Line })
	}
	sort.SliceStable(res.Skipped, func(i, j int) bool { return res.Skipped[i].Source.Line < res.Skipped[j].Source.Line })
	return res, nil
}

func (s *Source) pos(line int) audit.Provenance {
	return audit.Provenance{Source: s.name, Line: line}
}

func (s *Source) parseError(err error) *audit.Error {
	var big recordTooLarge
	if errors.As(err, &big) {
		return &audit.Error{Kind: audit.KindInput, Pos: s.pos(big.line), Msg: fmt.Sprintf("a record of more than %d MiB: an unclosed quote?", maxRecordBytes>>20)}
	}
	var pe *stdcsv.ParseError
	if errors.As(err, &pe) {
		return &audit.Error{Kind: audit.KindInput, Pos: s.pos(pe.Line), Msg: fmt.Sprintf("malformed CSV at column %d: %v", pe.Column, pe.Err)}
	}
	return &audit.Error{Kind: audit.KindInput, Pos: s.pos(0), Msg: err.Error()}
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// orderEvidence gathers what the dates say about day/month order, row by
// row: a day above 12 tells (16/3 is day first, 3/16 month first); 3/4
// tells nothing. The file's own evidence decides, else its format's
// convention (said in a note); dates that contradict each other are an
// error, as are only ambiguous dates with no convention to go by.
type orderEvidence struct {
	lay                 *layout
	mdy, dmy, ambiguous *sample
	sawAMPM, saw24h     bool
}

type sample struct {
	line  int
	value string
}

// observe records the row's dates and reports whether its reading depends
// on the order (it has an ambiguous date, or one that settles the order).
func (o *orderEvidence) observe(r row) bool {
	depends := false
	look := func(f field, combined bool) {
		i := o.lay.col[f]
		if i < 0 || i >= len(r.fields) {
			return
		}
		v := strings.TrimSpace(r.fields[i])
		if v == "" {
			return
		}
		var d rawDate
		if combined {
			dt, err := splitDateTime(v)
			if err != nil || !dt.abs.IsZero() {
				return
			}
			if dt.hasClock {
				o.sawAMPM, o.saw24h = o.sawAMPM || dt.clock.ampm, o.saw24h || !dt.clock.ampm
			}
			d = dt.date
		} else {
			var err error
			if d, err = splitDate(v); err != nil {
				return
			}
		}
		switch {
		case d.ymd || d.named || d.dmyByForm:
		case d.a > 12:
			depends = true
			if o.dmy == nil {
				o.dmy = &sample{r.line, v}
			}
		case d.b > 12:
			depends = true
			if o.mdy == nil {
				o.mdy = &sample{r.line, v}
			}
		case d.ambiguous():
			depends = true
			if o.ambiguous == nil {
				o.ambiguous = &sample{r.line, v}
			}
		default:
			depends = true // 3/3: the same either way, but kept with its file
		}
	}
	look(fStart, true)
	look(fEnd, true)
	look(fStartDate, false)
	look(fEndDate, false)
	for _, f := range []field{fStartTime, fEndTime} {
		if i := o.lay.col[f]; i >= 0 && i < len(r.fields) {
			if c, err := parseClock(r.fields[i]); err == nil {
				o.sawAMPM, o.saw24h = o.sawAMPM || c.ampm, o.saw24h || !c.ampm
			}
		}
	}
	return depends
}

// settled reports whether the file has shown its order (and not yet
// contradicted it).
func (o *orderEvidence) settled() bool { return (o.mdy != nil) != (o.dmy != nil) }

// order is the order shown so far; DateAuto while none is.
func (o *orderEvidence) order() DateOrder {
	switch {
	case o.mdy != nil && o.dmy == nil:
		return DateMDY
	case o.dmy != nil && o.mdy == nil:
		return DateDMY
	}
	return DateAuto
}

// decide settles the order once every row is read.
func (o *orderEvidence) decide(s *Source) (DateOrder, string, *audit.Error) {
	mdy, dmy, ambiguous := o.mdy, o.dmy, o.ambiguous
	switch {
	case mdy != nil && dmy != nil:
		later := dmy
		if mdy.line > dmy.line {
			later = mdy
		}
		return 0, "", &audit.Error{Kind: audit.KindInput, Pos: s.pos(later.line), Value: later.value,
			Msg: fmt.Sprintf("the dates disagree on day/month order: line %d has %s (month first) and line %d has %s (day first); fix the file or pass --date-order", mdy.line, audit.Quote(mdy.value), dmy.line, audit.Quote(dmy.value))}
	case mdy != nil:
		return DateMDY, "", nil
	case dmy != nil:
		return DateDMY, "", nil
	case ambiguous == nil:
		return DateMDY, "", nil
	}
	at := s.pos(ambiguous.line).String()
	switch {
	case o.lay.format == formatGoogle:
		return DateMDY, fmt.Sprintf("%s: dates read as month/day/year, as Google Calendar's CSV format defines them (no date in the file has a day above 12 to confirm it); pass --date-order dmy if that is wrong", at), nil
	case o.lay.format == formatOutlook && !o.saw24h:
		why := "no date in the file has a day above 12 to tell"
		if o.sawAMPM {
			why = "the file has US-style AM/PM times and no date with a day above 12"
		}
		return DateMDY, fmt.Sprintf("%s: dates read as month/day/year, as US Outlook exports them (%s); pass --date-order dmy if that is wrong", at, why), nil
	}
	return 0, "", &audit.Error{Kind: audit.KindInput, Pos: s.pos(ambiguous.line), Value: ambiguous.value,
		Msg: fmt.Sprintf("ambiguous date %s: no date in the file has a day above 12 to tell month/day from day/month; pass --date-order mdy or --date-order dmy", audit.Quote(ambiguous.value))}
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
