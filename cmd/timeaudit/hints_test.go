package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// Every hint names a real command: wherever the code or the README says
// "timeaudit X Y" and X or Y is the name of one of timeaudit's commands,
// the whole path must be one ("timeaudit explain" is not: it is
// "timeaudit rules explain").
func TestHintsNameRealCommands(t *testing.T) {
	root := newRootCmd(testFactory(t))
	names := map[string]bool{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			names[sub.Name()] = true
			walk(sub)
		}
	}
	walk(root)
	ref := regexp.MustCompile(`timeaudit((?: [a-z][a-z-]*)+)`)
	check := func(where, text string) {
		for _, m := range ref.FindAllStringSubmatch(text, -1) {
			words := strings.Fields(m[1])
			if !names[words[0]] && !(len(words) > 1 && names[words[1]]) {
				continue // prose: "timeaudit reads ..."
			}
			cmd, rest, err := root.Find(words)
			switch {
			case err != nil:
				t.Errorf("%s: %q is not a command: %v", where, m[0], err)
			case cmd == root:
				t.Errorf("%s: %q names no command", where, m[0])
			case cmd.HasSubCommands() && len(rest) > 0:
				t.Errorf("%s: %q: %s has no command %q", where, m[0], cmd.CommandPath(), rest[0])
			}
		}
	}
	for _, dir := range []string{"../../cmd", "../../app", "../../rules", "../../sources", "../../render", "../../audit"} {
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			b, _ := os.ReadFile(path)
			check(path, string(b))
			return nil
		})
	}
	readme, _ := os.ReadFile("../../README.md")
	check("README.md", string(readme))
}
