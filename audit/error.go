package audit

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrorKind says what went wrong in the user's terms, and so which exit
// status the command ends with. The command maps kinds to statuses in one
// place.
type ErrorKind uint8

// The kinds of error.
const (
	KindFailure     ErrorKind = iota // something failed that the user could not have avoided: exit 1
	KindUsage                        // bad usage: a flag, an argument, a missing file: exit 2
	KindInput                        // bad input: a record, a rules file: exit 2
	KindCheck                        // a --check target was missed: exit 3
	KindInterrupted                  // the user interrupted the run: exit 130
)

var kindNames = [...]string{"failure", "usage", "input", "check missed", "interrupted"}

func (k ErrorKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind " + strconv.Itoa(int(k))
}

// Error is timeaudit's one error type: a kind, and either a message or a
// cause. For bad input it also says where: the source and line or record,
// the column (CSV), the property (iCalendar, an API field, a YAML path).
//
// The message is Msg, prefixed by the position, when Msg is set; otherwise
// it is the cause's. Unwrap gives the cause, so sentinel errors survive
// wrapping (errors.Is) and an inner Error's position stays reachable.
type Error struct {
	Kind     ErrorKind
	Pos      Provenance // where in the input; zero when not about a record
	Col      int        // 1-based column within Pos's line; 0 when unknown
	Column   string     // the CSV column as its header names it
	Property string     // the iCalendar property, API field or config path
	Value    string     // the offending value as read (Msg quotes it)
	Msg      string
	Err      error
}

func (e *Error) Error() string {
	if e.Msg == "" && e.Err != nil {
		return e.Err.Error()
	}
	var b strings.Builder
	if e.Pos.Source != "" {
		b.WriteString(e.Pos.String())
		if e.Col > 0 && e.Pos.Line > 0 {
			b.WriteString(":" + strconv.Itoa(e.Col))
		}
		b.WriteString(": ")
	}
	if e.Column != "" {
		fmt.Fprintf(&b, "column %q: ", e.Column)
	}
	if e.Property != "" {
		b.WriteString(e.Property + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf makes an error of a kind; %w wraps a cause as fmt.Errorf does.
func Errorf(kind ErrorKind, format string, args ...any) error {
	return &Error{Kind: kind, Err: fmt.Errorf(format, args...)}
}

// Usagef is Errorf(KindUsage, ...): bad usage.
func Usagef(format string, args ...any) error { return Errorf(KindUsage, format, args...) }

// WithKind gives err a kind, keeping its message and its chain; nil stays nil.
func WithKind(kind ErrorKind, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Kind: kind, Err: err}
}

// KindOf is the kind of the outermost Error in err's chain; an error
// without one is a failure.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindFailure
}

// Problems lists the problems an error holds: the errors joined under it
// (errors.Join), or the error itself.
func Problems(err error) []error {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			return j.Unwrap()
		}
	}
	if err == nil {
		return nil
	}
	return []error{err}
}
