package sources

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/timeaudit/timeaudit/audit"
)

// Request says what a Source should fetch.
type Request struct {
	Range       audit.Range    // zero: everything
	Location    *time.Location // for floating times and all-day dates; never nil
	SkipInvalid bool           // skip unreadable records (listed in Result.Skipped) instead of failing
	// NoDescriptions says nothing will read Event.Description (no rule
	// matches on it): a source may leave it empty, which keeps a large
	// calendar's descriptions out of memory. A source that gets them for
	// free may fill them still.
	NoDescriptions bool
	// Occurrences says the caller takes a series' occurrences as small
	// records (Result.Occurrences) instead of an event each: a source
	// that expands series itself may answer so; one that does not gives
	// events as ever.
	Occurrences bool
}

// Result is what a Source fetched.
type Result struct {
	Events  []audit.Event
	Skipped []audit.Skipped
	Notes   []string // what the source assumed, for the user to check
	// Requests is how many requests a remote source sent (retries
	// included), and Waited how long they were held back by rate limits
	// and retries: the report sums them into one note.
	Requests int
	Waited   time.Duration
	// Horizon, for a read without a range, is where series that run on
	// were stopped (see the ICS source); zero when nothing was cut. A
	// range chosen afterwards that reaches past it must be read again.
	Horizon time.Time
	// Occurrences, when not nil (asked for with Request.Occurrences),
	// are the events in the order they would have come, each an index
	// into Events and its own times: Events then holds each series' (and
	// each moved instance's) details once. Flatten makes them events.
	Occurrences []audit.Occurrence
}

// Flatten gives the result's occurrences as events of their own (see
// audit.Flatten): what a result read without Request.Occurrences holds.
func (r *Result) Flatten() {
	if r.Occurrences != nil {
		r.Events, r.Occurrences = audit.Flatten(r.Events, r.Occurrences), nil
	}
}

// Source is one calendar input. See the package documentation for the contract.
type Source interface {
	// Name is the source as the user named it, for messages.
	Name() string
	Fetch(ctx context.Context, req Request) (*Result, error)
}

// NeedsRange reports whether src can be read only over a range: a calendar
// API has no end, so it implements NeedsRange() returning true.
func NeedsRange(src Source) bool {
	r, ok := src.(interface{ NeedsRange() bool })
	return ok && r.NeedsRange()
}

// Env is what kinds need from the outside world to open a source.
type Env struct {
	Stdin io.Reader
	// Open opens a file; os.Open when nil.
	Open func(name string) (io.ReadCloser, error)
}

func (e Env) open(name string) (io.ReadCloser, error) {
	if e.Open != nil {
		return e.Open(name)
	}
	return os.Open(name)
}

// Kind is one kind of source.
type Kind struct {
	Name    string // "csv"
	Summary string // one line for help texts
	// Claims reports whether arg names a source of this kind by its form
	// alone (extension, scheme, prefix), without reading anything.
	Claims func(arg string) bool
	// Sniff reports whether the first bytes of a file look like this kind.
	Sniff func(head []byte) bool
	// Open makes the Source for arg. r is the content when the registry has
	// already opened it (stdin, a sniffed file); nil otherwise.
	Open func(arg string, r io.Reader, env Env) (Source, error)
}

// Registry holds the kinds the CLI knows, in preference order.
type Registry struct {
	kinds []Kind
}

// NewRegistry makes a registry of kinds, tried in the order given.
func NewRegistry(kinds ...Kind) *Registry { return &Registry{kinds: kinds} }

// Names lists the kind names, for help texts and errors.
func (r *Registry) Names() []string {
	out := make([]string, len(r.kinds))
	for i, k := range r.kinds {
		out[i] = k.Name
	}
	return out
}

// Lookup finds a kind by name.
func (r *Registry) Lookup(name string) (Kind, bool) {
	for _, k := range r.kinds {
		if strings.EqualFold(k.Name, name) {
			return k, true
		}
	}
	return Kind{}, false
}

// sniffSize is how much of an input Open reads to recognise its kind.
const sniffSize = 4096

// Open makes the Source for a command-line argument. force names a kind
// to use regardless of the argument's form ("" to detect).
func (r *Registry) Open(arg, force string, env Env) (Source, error) {
	if force != "" {
		k, ok := r.Lookup(force)
		if !ok {
			return nil, &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("unknown source kind %q: valid kinds are %s", force, strings.Join(r.Names(), ", "))}
		}
		return r.openAs(k, arg, env)
	}
	if arg != "-" {
		for _, k := range r.kinds {
			if k.Claims != nil && k.Claims(arg) {
				return k.Open(arg, nil, env)
			}
		}
	}
	// Read the first bytes and ask each kind.
	var in io.Reader
	if arg == "-" {
		if env.Stdin == nil {
			return nil, &audit.Error{Kind: audit.KindUsage, Msg: "no standard input to read"}
		}
		in = env.Stdin
	} else {
		if fi, err := os.Stat(arg); err == nil && fi.IsDir() {
			return nil, &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s is a directory; no source kind reads directories", arg)}
		}
		f, err := env.open(arg)
		if err != nil {
			return nil, FileError(arg, err)
		}
		in = &closingReader{f: f}
	}
	br := bufio.NewReaderSize(in, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, FileError(arg, err)
	}
	for _, k := range r.kinds {
		if k.Sniff != nil && k.Sniff(head) {
			return k.Open(arg, br, env)
		}
	}
	return nil, &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s: cannot tell what kind of calendar this is; name it with --source-kind (%s)", displayName(arg), strings.Join(r.Names(), ", "))}
}

func (r *Registry) openAs(k Kind, arg string, env Env) (Source, error) {
	if arg == "-" {
		if env.Stdin == nil {
			return nil, &audit.Error{Kind: audit.KindUsage, Msg: "no standard input to read"}
		}
		return k.Open(arg, env.Stdin, env)
	}
	return k.Open(arg, nil, env)
}

// closingReader closes the file once it has been read to the end, and
// then keeps answering io.EOF: a reader that peeked to the end (sniffing
// a small file) reads on without meeting a closed file.
type closingReader struct {
	f    io.ReadCloser
	done bool
}

func (c *closingReader) Read(p []byte) (int, error) {
	if c.done {
		return 0, io.EOF
	}
	n, err := c.f.Read(p)
	if err == io.EOF {
		c.done = true
		c.f.Close()
	}
	return n, err
}

// ReadAll reads a source's content: r when the registry opened it, else the
// file arg. It honours ctx between reads.
func ReadAll(ctx context.Context, arg string, r io.Reader, env Env) ([]byte, error) {
	if r == nil {
		f, err := env.open(arg)
		if err != nil {
			return nil, FileError(arg, err)
		}
		defer f.Close()
		r = f
	}
	// A file says its size: read it into one buffer, not a growing one.
	size := 0
	if st, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := st.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() < 1<<34 {
			size = int(fi.Size())
		}
	}
	buf := make([]byte, 0, max(size+1, 64<<10))
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):min(cap(buf), len(buf)+4<<20)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, FileError(arg, err)
		}
	}
}

func displayName(arg string) string {
	if arg == "-" {
		return "<stdin>"
	}
	return arg
}

// FileError describes a failure to read a named file in one line: a missing
// or unreadable file is a usage problem (exit 2).
func FileError(name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s: no such file", displayName(name))}
	case errors.Is(err, fs.ErrPermission):
		return &audit.Error{Kind: audit.KindUsage, Msg: fmt.Sprintf("%s: permission denied", displayName(name))}
	}
	return fmt.Errorf("%s: %w", displayName(name), err)
}

// HasExt reports whether path ends in one of the extensions (".csv"), in any case.
func HasExt(path string, exts ...string) bool {
	return slices.Contains(exts, strings.ToLower(filepath.Ext(path)))
}
