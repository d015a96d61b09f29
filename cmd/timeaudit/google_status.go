package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/timeaudit/timeaudit/sources"
	"github.com/timeaudit/timeaudit/sources/google"
)

func newGoogleLogoutCmd(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "logout",
		Short: "Remove the saved sign-in and the cached weeks",
		Args:  noArgs,
		RunE:  func(*cobra.Command, []string) error { return googleLogoutRun(f) },
	}
}

func googleLogoutRun(f *factory) error {
	file, err := f.tokenFile()
	if err != nil {
		return err
	}
	removed := false
	if err := os.Remove(file); err == nil {
		removed = true
	} else if !errors.Is(err, fs.ErrNotExist) {
		return sources.FileError(file, err)
	}
	if dir, err := f.googleCacheDir(); err == nil {
		if err := (&google.Cache{Dir: dir}).Clear(); err != nil {
			return fmt.Errorf("removing the cache %s: %w", dir, err)
		}
	}
	if !removed {
		fmt.Fprintln(f.io.ErrOut, "Not signed in to Google; nothing to remove.")
		return nil
	}
	fmt.Fprintf(f.io.ErrOut, "Signed out: removed %s and the cached weeks. To revoke timeaudit's access too, remove it at https://myaccount.google.com/permissions\n", file)
	return nil
}

func newGoogleStatusCmd(f *factory) *cobra.Command {
	o := &googleFlags{}
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Say which Google credentials a report would use",
		Long: `Say which Google credentials a report would use, without asking Google.
Exit status 1 when there are none.`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error { return googleStatusRun(f, o) },
	}
	addGoogleFlags(cmd.Flags(), o, false)
	return cmd
}

// googleStatusRun says which credentials a run would use, offline.
func googleStatusRun(f *factory, o *googleFlags) error {
	auth, err := f.googleAuth(o)
	if err != nil {
		return err
	}
	w := f.io.Out
	mode := auth.Mode()
	switch mode {
	case google.ModeServiceAccount:
		jc, _ := google.ParseServiceAccount(auth.ServiceAccountKey, auth.ServiceAccountFile)
		fmt.Fprintf(w, "Using a service account: %s (key %s)\n", jc.Email, auth.ServiceAccountFile)
		if auth.As != "" {
			fmt.Fprintf(w, "  google:primary and shared calendars are read as %s\n", auth.As)
		}
	case google.ModeAccessToken:
		fmt.Fprintf(w, "Using the access token in %s (tokens last an hour)\n", envAccessToken)
	case google.ModeSignIn:
		s, err := google.ReadSaved(auth.TokenFile)
		if err != nil {
			return err
		}
		who := s.Account
		if who == "" {
			who = "an unknown account"
		}
		fmt.Fprintf(w, "Signed in as %s (saved %s in %s)\n", who, s.Saved.Local().Format("2006-01-02 15:04"), auth.TokenFile)
		if s.Token.RefreshToken == "" {
			fmt.Fprintln(w, "  no refresh token: the sign-in ends when the access token expires")
		}
	default:
		return google.ErrNotSignedIn
	}
	if mode != google.ModeSignIn && auth.TokenFile != "" {
		if _, err := os.Stat(auth.TokenFile); err == nil {
			fmt.Fprintf(w, "  (a saved sign-in in %s is not used while %s is set)\n", auth.TokenFile, mode)
		}
	}
	if dir, err := f.googleCacheDir(); err == nil {
		n, size := cacheUsage(dir)
		fmt.Fprintf(w, "Cache: %s (%d weeks, %d KB)\n", dir, n, (size+1023)/1024)
	}
	return nil
}

// cacheUsage counts the cached weeks and their bytes.
func cacheUsage(dir string) (weeks int, size int64) {
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(d.Name(), ".json") {
			if fi, err := d.Info(); err == nil {
				weeks++
				size += fi.Size()
			}
		}
		return nil
	})
	return weeks, size
}
