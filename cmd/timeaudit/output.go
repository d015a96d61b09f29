package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/timeaudit/timeaudit/audit"
)

// emit writes the rendering of a finished report: to stdout through a
// buffer, or, with a path, to a temporary file beside it that then replaces
// the file, so that a reader never sees half of it and a failed run leaves
// the old file alone. Everything that can fail for want of good input has
// failed before: rendering a report only writes.
func (f *factory) emit(path string, render func(io.Writer) error) error {
	if path == "" || path == "-" {
		bw := bufio.NewWriterSize(f.io.Out, 64<<10)
		if err := render(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	return writeAtomic(path, render)
}

// writeFileAtomic replaces path with data, atomically.
func writeFileAtomic(path string, data []byte) error {
	return writeAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeAtomic writes through render to a temporary file beside path and
// renames it over path: readers see the old file or the new one, never a
// part. It creates missing directories. A new file gets mode 0644; an
// existing one keeps its mode.
func writeAtomic(path string, render func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return audit.Usagef("-o %s: is a directory", path)
		}
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err = render(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Chmod(mode); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
