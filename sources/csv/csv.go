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
// one is a broken file.
const maxRecordBytes = 4 << 20

func recordBytes(rec []string) int {
	n := 0
	for _, f := range rec {
		n += len(f)
	}
	return n
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
	text, encNote := sources.DecodeText(data)
	res := &sources.Result{}
	if encNote != "" {
		res.Notes = append(res.Notes, s.pos(0).String()+": "+encNote)
	}
	delim := sniffDelimiter(text)
	cr := stdcsv.NewReader(strings.NewReader(text))
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = delim != '\t'
	cr.ReuseRecord = false

	header, err := cr.Read()
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

	var rows []row
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
			if req.SkipInvalid && errors.As(err, &pe) {
				res.Skipped = append(res.Skipped, audit.Skipped{Source: ie.Pos, Err: ie.Msg})
				continue
			}
			return nil, ie
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if n := recordBytes(rec); n > maxRecordBytes {
			// An unclosed quote swallows the rest of the file into one cell.
			ie := &audit.Error{Kind: audit.KindInput, Pos: s.pos(line), Msg: fmt.Sprintf("a record of %.1f MiB, more than %d MiB: an unclosed quote?", float64(n)/(1<<20), maxRecordBytes>>20)}
			if !req.SkipInvalid {
				return nil, ie
			}
			res.Skipped = append(res.Skipped, audit.Skipped{Source: ie.Pos, Err: ie.Msg})
			continue
		}
		rows = append(rows, row{line: line, fields: rec})
	}

	conv := &converter{src: s, lay: lay, loc: req.Location, delim: delim}
	if conv.loc == nil {
		conv.loc = time.Local
	}
	order, note, ierr := s.dateOrder(lay, rows)
	if ierr != nil {
		return nil, ierr
	}
	conv.order = order
	if note != "" {
		res.Notes = append(res.Notes, note)
	}
	res.Events = make([]audit.Event, 0, len(rows))
	for _, r := range rows {
		ev, ierr := conv.event(r)
		if ierr != nil {
			if req.SkipInvalid {
				res.Skipped = append(res.Skipped, audit.Skipped{Source: ierr.Pos, Err: strings.TrimPrefix(ierr.Error(), ierr.Pos.String()+": ")})
				continue
			}
			return nil, ierr
		}
		res.Events = append(res.Events, ev)
	}
	sort.SliceStable(res.Skipped, func(i, j int) bool { return res.Skipped[i].Source.Line < res.Skipped[j].Source.Line })
	return res, nil
}

func (s *Source) pos(line int) audit.Provenance {
	return audit.Provenance{Source: s.name, Line: line}
}

func (s *Source) parseError(err error) *audit.Error {
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

// dateOrder settles how numeric dates read: the user's flag, else the
// file's own evidence (a day above 12), else the format's convention,
// said in a note. A file whose dates contradict each other is an error, as
// is one with only ambiguous dates and no convention to go by.
func (s *Source) dateOrder(lay *layout, rows []row) (DateOrder, string, *audit.Error) {
	if s.opts.DateOrder != DateAuto {
		return s.opts.DateOrder, "", nil
	}
	type sample struct {
		line  int
		value string
	}
	var mdy, dmy, ambiguous *sample
	sawAMPM, saw24h := false, false
	look := func(r row, f field, combined bool) {
		i := lay.col[f]
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
				sawAMPM, saw24h = sawAMPM || dt.clock.ampm, saw24h || !dt.clock.ampm
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
			if dmy == nil {
				dmy = &sample{r.line, v}
			}
		case d.b > 12:
			if mdy == nil {
				mdy = &sample{r.line, v}
			}
		case d.ambiguous():
			if ambiguous == nil {
				ambiguous = &sample{r.line, v}
			}
		}
	}
	for _, r := range rows {
		look(r, fStart, true)
		look(r, fEnd, true)
		look(r, fStartDate, false)
		look(r, fEndDate, false)
		for _, f := range []field{fStartTime, fEndTime} {
			if i := lay.col[f]; i >= 0 && i < len(r.fields) {
				if c, err := parseClock(r.fields[i]); err == nil {
					sawAMPM, saw24h = sawAMPM || c.ampm, saw24h || !c.ampm
				}
			}
		}
	}
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
	case lay.format == formatGoogle:
		return DateMDY, fmt.Sprintf("%s: dates read as month/day/year, as Google Calendar's CSV format defines them (no date in the file has a day above 12 to confirm it); pass --date-order dmy if that is wrong", at), nil
	case lay.format == formatOutlook && !saw24h:
		why := "no date in the file has a day above 12 to tell"
		if sawAMPM {
			why = "the file has US-style AM/PM times and no date with a day above 12"
		}
		return DateMDY, fmt.Sprintf("%s: dates read as month/day/year, as US Outlook exports them (%s); pass --date-order dmy if that is wrong", at, why), nil
	}
	return 0, "", &audit.Error{Kind: audit.KindInput, Pos: s.pos(ambiguous.line), Value: ambiguous.value,
		Msg: fmt.Sprintf("ambiguous date %s: no date in the file has a day above 12 to tell month/day from day/month; pass --date-order mdy or --date-order dmy", audit.Quote(ambiguous.value))}
}
