package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/rules"
	"github.com/timeaudit/timeaudit/sources"
)

// Exit statuses, documented in the root command's help.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2 // bad usage or bad input
	exitCheck   = 3 // a --check target was missed
)

// app holds what commands need from the outside world, so that tests can
// run the whole cobra tree with buffers, a fixed clock and a fake environment.
type app struct {
	io        *iostreams
	now       func() time.Time
	getenv    func(string) string
	configDir func() (string, error)
	cacheDir  func() (string, error)
	// openBrowser shows a URL to the user; nil when there is no way to.
	openBrowser func(url string) error
	version     string
	// extraKinds come first in the source registry: for tests.
	extraKinds []sources.Kind
}

// iostreams are the process's streams and whether they are terminals.
type iostreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	OutTTY bool
	ErrTTY bool // progress goes to stderr only when it is a terminal
	Width  int  // the terminal's columns; 0 when unknown
	InTTY  bool // a person may answer: only then does anything wait for input
}

// color reports whether stdout gets ANSI colour: a terminal, and NO_COLOR
// unset (https://no-color.org), and not a dumb terminal.
func (a *app) color() bool {
	return a.io.OutTTY && a.getenv("NO_COLOR") == "" && a.getenv("TERM") != "dumb"
}

// usageError is bad usage: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// flagError marks errors from flag parsing, which get a pointer to --help.
type flagError struct{ error }

func (e flagError) Unwrap() error { return e.error }

func isFlagError(err error) bool {
	var fe flagError
	return errors.As(err, &fe)
}

func exitCode(err error) int {
	var (
		ue *usageError
		ce *checkError
	)
	switch {
	case errors.As(err, &ce):
		return exitCheck
	case errors.As(err, &ue), isFlagError(err):
		return exitUsage
	case audit.KindOf(err) == audit.KindUsage, audit.KindOf(err) == audit.KindInput:
		return exitUsage
	case strings.HasPrefix(err.Error(), "unknown command"), strings.HasPrefix(err.Error(), "unknown flag"):
		return exitUsage
	}
	return exitFailure
}

// checkError is a missed --check target: exit status 3.
type checkError struct{ msg string }

func (e *checkError) Error() string { return e.msg }

// commandPath names the subcommand the arguments ask for, for hints.
func commandPath(root *cobra.Command, args []string) string {
	c, _, err := root.Find(args)
	if err != nil || c == root {
		return ""
	}
	return strings.TrimPrefix(c.CommandPath(), root.Name()+" ")
}

// interrupted turns a cancelled context into a plain message.
func interrupted(ctx context.Context, err error) error {
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return errors.New("interrupted")
	}
	return err
}

// defaultConfigPath is where timeaudit looks for its config when --config is not given.
func (a *app) defaultConfigPath() (string, error) {
	dir, err := a.configDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the user config directory: %w", err)
	}
	return filepath.Join(dir, "timeaudit", "config.yaml"), nil
}

// loadConfig reads --config, else the default path when it exists, else
// the built-in defaults.
func (a *app) loadConfig(path string) (*rules.Config, error) {
	explicit := path != ""
	if !explicit {
		p, err := a.defaultConfigPath()
		if err != nil {
			return rules.Default(), nil
		}
		path = p
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if !explicit && errors.Is(err, os.ErrNotExist) {
			return rules.Default(), nil
		}
		return nil, sources.FileError(path, err)
	}
	return rules.Parse(path, data)
}
