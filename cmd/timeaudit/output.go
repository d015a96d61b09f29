package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/timeaudit/timeaudit/audit"
)

// emit writes the rendering of a finished report: to stdout through a
// buffer, or, with a path, to a temporary file beside it that then replaces
// the file, so that a reader never sees half of it and a failed or
// interrupted run leaves the old file alone. Everything that can fail for
// want of good input has failed before: rendering a report only writes.
func (f *factory) emit(ctx context.Context, path string, render func(io.Writer) error) error {
	if path == "" || path == "-" {
		bw := bufio.NewWriterSize(f.io.Out, 64<<10)
		if err := render(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	return writeAtomic(ctx, path, render)
}

// writeFileAtomic replaces path with data, atomically.
func writeFileAtomic(path string, data []byte) error {
	return writeAtomic(context.Background(), path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// staleTemp is how old a temporary file of ours must be to be taken for
// the leftover of a run that was killed (SIGKILL, a power cut) rather than
// the work of a run still going.
const staleTemp = time.Hour

// outputTarget is where -o writes: path cleaned once (placeholders are
// expanded before, so "out/{week}/../x" is one path for making its
// directory and for the rename), a symbolic link followed to the regular
// file it names (the link stays a link), and anything else that exists and
// is not a regular file refused: a device (as root, -o /dev/null would be
// replaced by a file), a FIFO, a socket, a directory.
func outputTarget(path string) (string, os.FileMode, error) {
	path = filepath.Clean(path)
	mode := os.FileMode(0o644)
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return path, mode, nil
	case err != nil:
		return "", 0, fmt.Errorf("-o %s: %w", path, err)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(path)
		if err != nil {
			return "", 0, audit.Usagef("-o %s: a symbolic link to nothing that can be read (%v)", path, err)
		}
		if fi, err = os.Stat(target); err != nil {
			return "", 0, fmt.Errorf("-o %s: %w", path, err)
		}
		path = target
	}
	switch m := fi.Mode(); {
	case m.IsRegular():
		return path, m.Perm(), nil
	case m.IsDir():
		return "", 0, audit.Usagef("-o %s: is a directory", path)
	default:
		return "", 0, audit.Usagef("-o %s: not a regular file (%s): refusing to replace it; for standard output use -o - or leave -o out", path, kindOf(m))
	}
}

func kindOf(m os.FileMode) string {
	switch {
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

// writeAtomic writes through render to a temporary file beside path and
// renames it over path: readers see the old file or the new one, never a
// part. It creates missing directories. A new file gets mode 0644; an
// existing one keeps its mode. Leftovers of killed runs are swept first.
// If ctx ends before the rename (an interrupt, SIGTERM), the temporary file
// is removed and the old file stays.
func writeAtomic(ctx context.Context, path string, render func(io.Writer) error) (err error) {
	path, mode, err := outputTarget(path)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	sweepTemps(dir, filepath.Base(path))
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
	if err = ctx.Err(); err != nil {
		return &audit.Error{Kind: audit.KindInterrupted, Msg: "interrupted: " + path + " was left as it was", Err: err}
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// sweepTemps removes the temporary files of earlier runs for base that
// were killed before they could clean up.
func sweepTemps(dir, base string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + base + "."
	for _, e := range ents {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, ".tmp") {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > staleTemp {
			os.Remove(filepath.Join(dir, name))
		}
	}
}
