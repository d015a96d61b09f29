package audit

import (
	"errors"
	"fmt"
	"testing"
)

func TestError(t *testing.T) {
	sentinel := errors.New("not signed in")
	tests := []struct {
		name string
		err  error
		msg  string
		kind ErrorKind
	}{
		{"input with a position", &Error{Kind: KindInput, Pos: Provenance{Source: "a.csv", Line: 3}, Column: "end", Msg: `invalid date "x"`},
			`a.csv:3: column "end": invalid date "x"`, KindInput},
		{"a property and a column number", &Error{Kind: KindInput, Pos: Provenance{Source: "c.yaml", Line: 4}, Col: 9, Property: "categories[0]", Msg: "bad"},
			"c.yaml:4:9: categories[0]: bad", KindInput},
		{"a record", &Error{Kind: KindInput, Pos: Provenance{Source: "google:primary", Record: 2}, Property: "start", Msg: "bad"},
			"google:primary#2: start: bad", KindInput},
		{"stdin", &Error{Kind: KindInput, Pos: Provenance{Source: "-", Line: 1}, Msg: "empty"}, "<stdin>:1: empty", KindInput},
		{"usage", Usagef("--week: invalid week %q", "x"), `--week: invalid week "x"`, KindUsage},
		{"wrapped by fmt", fmt.Errorf("reading: %w", Usagef("bad")), "reading: bad", KindUsage},
		{"outermost kind wins", WithKind(KindCheck, Usagef("inner")), "inner", KindCheck},
		{"a plain error is a failure", errors.New("disk full"), "disk full", KindFailure},
		{"a sentinel wrapped", Errorf(KindFailure, "google:primary: %w", sentinel), "google:primary: not signed in", KindFailure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.msg {
				t.Errorf("Error() = %q, want %q", got, tt.msg)
			}
			if got := KindOf(tt.err); got != tt.kind {
				t.Errorf("KindOf = %v, want %v", got, tt.kind)
			}
		})
	}
	if err := WithKind(KindUsage, Errorf(KindFailure, "x: %w", sentinel)); !errors.Is(err, sentinel) {
		t.Error("a sentinel does not survive wrapping")
	}
	if WithKind(KindUsage, nil) != nil {
		t.Error("WithKind(nil) is not nil")
	}
}

func TestProblems(t *testing.T) {
	a, b := Usagef("a"), Usagef("b")
	if got := Problems(&Error{Kind: KindInput, Msg: "a (and 1 more)", Err: errors.Join(a, b)}); len(got) != 2 || got[0] != a || got[1] != b {
		t.Errorf("joined: %v", got)
	}
	if got := Problems(a); len(got) != 1 || got[0] != a {
		t.Errorf("single: %v", got)
	}
	if Problems(nil) != nil {
		t.Error("nil has problems")
	}
}
