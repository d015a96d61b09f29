package audit_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The domain and the rules stay pure: no I/O, no CLI, no sources, no clock.
// Dependencies point inward: cmd -> sources, rules, render -> audit.
func TestArchitecture(t *testing.T) {
	forbidden := func(path string) bool {
		switch {
		case path == "os", strings.HasPrefix(path, "os/"), path == "io/ioutil", path == "net",
			strings.HasPrefix(path, "net/"), path == "syscall", path == "log", path == "time/tzdata",
			path == "bufio", path == "io/fs":
			return true
		case strings.Contains(path, "spf13/cobra"), strings.Contains(path, "timeaudit/sources"),
			strings.Contains(path, "timeaudit/cmd"), strings.Contains(path, "timeaudit/audit/render"):
			return true
		}
		return false
	}
	stdlibOnly := func(path string) bool {
		first, _, _ := strings.Cut(path, "/")
		return !strings.Contains(first, ".")
	}
	cases := []struct {
		dir     string
		stdOnly bool
		allowed []string // non-stdlib imports allowed
	}{
		{dir: ".", stdOnly: true},
		{dir: "../rules", allowed: []string{"github.com/timeaudit/timeaudit/audit", "go.yaml.in/yaml/v3"}},
	}
	for _, c := range cases {
		files, err := filepath.Glob(filepath.Join(c.dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no Go files in %s: %v", c.dir, err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			fset := token.NewFileSet()
			file, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly|parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range file.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if forbidden(path) {
					t.Errorf("%s imports %s: the domain and the rules must not do I/O or know the CLI and the sources", f, path)
				}
				if !stdlibOnly(path) && c.stdOnly {
					t.Errorf("%s imports %s: package audit uses the standard library only", f, path)
				}
				if !stdlibOnly(path) && !c.stdOnly && !slices.Contains(c.allowed, path) {
					t.Errorf("%s imports %s, which is not in its allowed list %v", f, path, c.allowed)
				}
			}
			// No clock: callers pass "now".
			full, err := parser.ParseFile(fset, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(full, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok {
					if id, ok := sel.X.(*ast.Ident); ok && id.Name == "time" && (sel.Sel.Name == "Now" || sel.Sel.Name == "Since" || sel.Sel.Name == "Until") {
						t.Errorf("%s: calls time.%s; inject the clock instead", fset.Position(sel.Pos()), sel.Sel.Name)
					}
				}
				return true
			})
		}
	}
}
