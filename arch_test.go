package timeaudit_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/timeaudit/timeaudit"

// layer is what a package may import: the direction of imports is
// cmd -> app -> sources, rules, render -> audit.
type layer struct {
	dir      string // package directory, or a prefix ending in "/" for its subpackages too
	stdOnly  bool   // the standard library only
	internal []string
	noIO     bool // no operating system, network or log
	noClock  bool // no time.Now: callers pass "now"
	forbid   []string
}

var layers = []layer{
	{dir: "audit", stdOnly: true, noIO: true, noClock: true},
	{dir: "rules", internal: []string{"audit"}, noIO: true, noClock: true},
	{dir: "render", internal: []string{"audit"}, noIO: true, noClock: true},
	{dir: "sources/", internal: []string{"audit", "sources"}},
	{dir: "app", internal: []string{"audit", "rules", "render", "sources"}, noIO: true, forbid: []string{"github.com/spf13/cobra"}},
	{dir: "cmd/", internal: []string{"audit", "rules", "render", "sources", "app", "bench"}},
	{dir: "bench/", internal: []string{"bench", "sources"}},
}

func ioImport(path string) bool {
	switch {
	case path == "os", strings.HasPrefix(path, "os/"), path == "io/ioutil", path == "net", strings.HasPrefix(path, "net/"),
		path == "syscall", path == "log", strings.HasPrefix(path, "log/"), path == "time/tzdata", path == "io/fs":
		return true
	}
	return false
}

func stdlib(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// TestArchitecture holds every package to its layer's imports.
func TestArchitecture(t *testing.T) {
	seen := map[string]bool{}
	filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if name := d.Name(); path != "." && (strings.HasPrefix(name, ".") || name == "testdata") {
			return filepath.SkipDir
		}
		files, _ := filepath.Glob(filepath.Join(path, "*.go"))
		files = slices.DeleteFunc(files, func(f string) bool { return strings.HasSuffix(f, "_test.go") })
		if len(files) == 0 {
			return nil
		}
		dir := filepath.ToSlash(path)
		l, ok := layerOf(dir)
		if !ok {
			t.Errorf("%s: a package no layer covers: add it to the architecture test", dir)
			return nil
		}
		seen[l.dir] = true
		for _, f := range files {
			for _, p := range problems(l, f) {
				t.Error(p)
			}
		}
		return nil
	})
	for _, l := range layers {
		if !seen[l.dir] {
			t.Errorf("no package found for layer %s", l.dir)
		}
	}
}

func layerOf(dir string) (layer, bool) {
	for _, l := range layers {
		if dir == l.dir || (strings.HasSuffix(l.dir, "/") && strings.HasPrefix(dir+"/", l.dir)) {
			return l, true
		}
	}
	return layer{}, false
}

// problems lists how one file breaks its layer's rules.
func problems(l layer, file string) (out []string) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, 0)
	if err != nil {
		return []string{err.Error()}
	}
	errorf := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		switch {
		case slices.Contains(l.forbid, path):
			errorf("%s imports %s, which layer %s must not", file, path, l.dir)
		case l.noIO && ioImport(path):
			errorf("%s imports %s: layer %s does no I/O and reads no environment", file, path, l.dir)
		case strings.HasPrefix(path, module+"/"):
			rel := strings.TrimPrefix(path, module+"/")
			if !slices.ContainsFunc(l.internal, func(p string) bool { return rel == p || strings.HasPrefix(rel, p+"/") }) {
				errorf("%s imports %s: layer %s may import only %v of this module", file, path, l.dir, l.internal)
			}
		case l.stdOnly && !stdlib(path):
			errorf("%s imports %s: layer %s uses the standard library only", file, path, l.dir)
		}
	}
	if !l.noClock {
		return out
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "time" && slices.Contains([]string{"Now", "Since", "Until"}, sel.Sel.Name) {
				errorf("%s: calls time.%s; inject the clock instead", fset.Position(sel.Pos()), sel.Sel.Name)
			}
		}
		return true
	})
	return out
}

// The test can fail: each rule catches a file that breaks it.
func TestArchitectureCatches(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		layer, src, want string
	}{
		{"app", `import "os"`, "does no I/O"},
		{"app", `import "github.com/spf13/cobra"`, "must not"},
		{"render", `import "github.com/timeaudit/timeaudit/sources"`, "may import only [audit]"},
		{"audit", `import "go.yaml.in/yaml/v3"`, "standard library only"},
		{"rules", "import \"time\"\nvar _ = time.Now()", "inject the clock"},
	}
	for _, tt := range tests {
		l, _ := layerOf(tt.layer)
		file := filepath.Join(dir, tt.layer+".go")
		if err := os.WriteFile(file, []byte("package x\n"+tt.src+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(problems(l, file), "; "); !strings.Contains(got, tt.want) {
			t.Errorf("%s with %s: problems %q, want %q", tt.layer, tt.src, got, tt.want)
		}
	}
}
