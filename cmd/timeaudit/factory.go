package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/timeaudit/timeaudit/rules"
	"github.com/timeaudit/timeaudit/sources"
)

// factory holds what commands need from the outside world, so that tests
// run the whole cobra tree with buffers, a fixed clock and a fake
// environment.
type factory struct {
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
	// m365Transport carries Microsoft 365 requests; nil is the default (tests).
	m365Transport http.RoundTripper
	// googleWindow is the window of --google-rate; 0 is a minute (tests
	// shorten it, to show a team audit within the limit in seconds).
	googleWindow time.Duration
	// tuneGC sets the collector for the sources a command names, once its
	// flags are parsed; nil leaves it alone (tests, or GOGC set).
	tuneGC func(sources []string)
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

// systemFactory wires the real world: the process's streams, clock and environment.
func systemFactory() *factory {
	width := 0
	if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
		width = w
	} else if c, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil {
		width = c
	}
	return &factory{
		io: &iostreams{
			Width: width,
			In:    os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
			OutTTY: term.IsTerminal(int(os.Stdout.Fd())),
			ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
			InTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		},
		now:         time.Now,
		getenv:      os.Getenv,
		configDir:   os.UserConfigDir,
		cacheDir:    os.UserCacheDir,
		openBrowser: openBrowser,
		version:     version,
	}
}

// color reports whether stdout gets ANSI colour: a terminal, and NO_COLOR
// unset (https://no-color.org), and not a dumb terminal.
func (f *factory) color() bool {
	return f.io.OutTTY && f.getenv("NO_COLOR") == "" && f.getenv("TERM") != "dumb"
}

// defaultConfigPath is where timeaudit looks for its config when --config is not given.
func (f *factory) defaultConfigPath() (string, error) {
	dir, err := f.configDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the user config directory: %w", err)
	}
	return filepath.Join(dir, "timeaudit", "config.yaml"), nil
}

// loadConfig reads --config, else the default path when it exists, else
// the built-in defaults.
func (f *factory) loadConfig(path string) (*rules.Config, error) {
	explicit := path != ""
	if !explicit {
		p, err := f.defaultConfigPath()
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

// systemZone is the system's zone under its IANA name where it can be found
// ($TZ, the /etc/localtime link), so that reports say "Europe/Berlin", not "Local".
func (f *factory) systemZone() *time.Location {
	if tz := strings.TrimPrefix(f.getenv("TZ"), ":"); tz != "" {
		if loc, err := time.LoadLocation(tz); err == nil {
			return loc
		}
	}
	if target, err := os.Readlink("/etc/localtime"); err == nil {
		if _, name, ok := strings.Cut(filepath.ToSlash(target), "zoneinfo/"); ok {
			if loc, err := time.LoadLocation(name); err == nil {
				return loc
			}
		}
	}
	return time.Local
}
