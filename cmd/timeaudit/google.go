package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/audit/render"
	"github.com/timeaudit/timeaudit/sources"
	"github.com/timeaudit/timeaudit/sources/google"
)

// Environment variables the Google source reads.
const (
	envAccessToken    = "GOOGLE_OAUTH_ACCESS_TOKEN"
	envServiceAccount = "TIMEAUDIT_GOOGLE_SERVICE_ACCOUNT"
	envEndpoint       = "TIMEAUDIT_GOOGLE_ENDPOINT"
	envCredentials    = "TIMEAUDIT_GOOGLE_CREDENTIALS"
)

// googleOpts are the flags for reading Google calendars.
type googleOpts struct {
	ServiceAccount string
	As             string
	Endpoint       string
	NoCache        bool
}

func addGoogleFlags(f *pflag.FlagSet, o *googleOpts, cache bool) {
	f.StringVar(&o.ServiceAccount, "service-account", "", "read google: calendars with this service-account key (domain-wide delegation; env "+envServiceAccount+")")
	f.StringVar(&o.As, "as", "", "with --service-account: the user to act as for google:primary and shared calendars")
	f.StringVar(&o.Endpoint, "google-endpoint", "", "Calendar API base URL, e.g. a proxy's (env "+envEndpoint+")")
	if cache {
		f.BoolVar(&o.NoCache, "no-cache", false, "fetch past weeks of google: calendars again instead of reading the local cache")
	}
}

// tokenFile is where the Google sign-in is saved.
func (a *app) tokenFile() (string, error) {
	dir, err := a.configDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the user config directory: %w", err)
	}
	return filepath.Join(dir, "timeaudit", "google-token.json"), nil
}

// googleCacheDir is where past weeks of Google calendars are kept.
func (a *app) googleCacheDir() (string, error) {
	if a.cacheDir == nil {
		return "", errors.New("no cache directory")
	}
	dir, err := a.cacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "timeaudit", "google"), nil
}

// googleAuth resolves the credentials: --service-account (or its
// variable), else GOOGLE_OAUTH_ACCESS_TOKEN, else the saved sign-in.
func (a *app) googleAuth(o *googleOpts) (*google.Auth, error) {
	auth := &google.Auth{AccessToken: strings.TrimSpace(a.getenv(envAccessToken)), As: o.As}
	key := o.ServiceAccount
	if key == "" {
		key = a.getenv(envServiceAccount)
	}
	if key != "" {
		data, err := google.ReadSecret(key)
		if err != nil {
			return nil, err
		}
		if _, err := google.ParseServiceAccount(data, key); err != nil {
			return nil, err
		}
		auth.ServiceAccountKey, auth.ServiceAccountFile = data, key
	} else if o.As != "" {
		return nil, usagef("--as needs --service-account: only a service account can act as another user")
	}
	if o.As != "" && !strings.Contains(o.As, "@") {
		return nil, usagef("--as %q is not an e-mail address", o.As)
	}
	file, err := a.tokenFile()
	if err == nil {
		auth.TokenFile = file
	}
	return auth, nil
}

func (a *app) googleEndpoint(o *googleOpts) (string, error) {
	ep := o.Endpoint
	if ep == "" {
		ep = a.getenv(envEndpoint)
	}
	return google.Endpoint(ep)
}

// googleOptions configures the google kind when some argument needs it.
// A Google calendar has no end, so it needs a range.
func (a *app) googleOptions(o *googleOpts, args []string, rng audit.Range, timeout time.Duration, p *progress) (google.Options, error) {
	need := ""
	for _, arg := range args {
		if strings.HasPrefix(strings.ToLower(arg), google.Prefix) {
			need = arg
			break
		}
	}
	if need == "" {
		return google.Options{}, nil
	}
	if rng.IsZero() {
		return google.Options{}, usagef("%s: say which time to read: --week last, --week this, --week 2026-W12 or --from/--to", need)
	}
	ep, err := a.googleEndpoint(o)
	if err != nil {
		return google.Options{}, err
	}
	auth, err := a.googleAuth(o)
	if err != nil {
		return google.Options{}, err
	}
	auth.Timeout = timeout
	opt := google.Options{Endpoint: ep, Auth: auth, Now: a.now, Progress: p.page}
	if dir, err := a.googleCacheDir(); err == nil {
		opt.Cache = &google.Cache{Dir: dir, Refresh: o.NoCache}
	}
	return opt, nil
}

func newGoogleCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "google",
		Short: "Sign in to Google Calendar and list its calendars",
		Long: `Read Google Calendar through its API: name calendars as sources,
google:primary or google:<calendar id or e-mail>, in report, events and
rules explain.

timeaudit reads with read-only access (scope calendar.readonly), using the
first of:
  --service-account KEY.json   a service account with domain-wide
                               delegation; google:alice@corp.example is read
                               as alice (for team audits and cron)
  ` + envAccessToken + `    a ready access token (an hour long)
  the saved sign-in            from "timeaudit google login", kept in the
                               user config dir with mode 0600

It never asks anything when not at a terminal: without credentials it
fails and says what to do. Past weeks are kept in the user cache dir, so
weekly runs over a quarter fetch one week; --no-cache fetches them again.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newGoogleLoginCmd(a), newGoogleLogoutCmd(a), newGoogleStatusCmd(a), newGoogleCalendarsCmd(a))
	return cmd
}

type googleLoginOpts struct {
	Credentials string
	NoBrowser   bool
	Port        int
	Timeout     time.Duration
	Endpoint    string
}

func newGoogleLoginCmd(a *app) *cobra.Command {
	o := &googleLoginOpts{}
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Sign in to Google in a browser and save the sign-in",
		Long: `Sign in to Google in a browser, with the Desktop-app flow: timeaudit
listens on 127.0.0.1 for Google's answer (PKCE, checked state), then saves
the token in the user config dir with mode 0600. Later runs refresh it and
save it again.

The OAuth client comes from --credentials (or ` + envCredentials + `): in
Google Cloud Console, enable the Google Calendar API, create an OAuth client
ID of type "Desktop app" and download its JSON. A second login reuses the
client of the saved sign-in.

If the sign-in stops working every 7 days, the OAuth app is in "Testing":
publish it, or use a service account for cron (see the README).`,
		Example: `  timeaudit google login --credentials ~/Downloads/client_secret_123.json
  timeaudit google login --no-browser       # print the address instead
  ssh -L 8085:127.0.0.1:8085 host            # browser on your laptop, timeaudit on host:
  timeaudit google login --port 8085`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runGoogleLogin(cmd.Context(), a, o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.Credentials, "credentials", "", "OAuth client file of a Desktop app (env "+envCredentials+")")
	f.BoolVar(&o.NoBrowser, "no-browser", false, "print the sign-in address instead of opening a browser")
	f.IntVar(&o.Port, "port", 0, "loopback port for Google's answer (default: any free one)")
	f.DurationVar(&o.Timeout, "timeout", 5*time.Minute, "how long to wait for the browser")
	f.StringVar(&o.Endpoint, "google-endpoint", "", "Calendar API base URL, to learn who signed in (env "+envEndpoint+")")
	return cmd
}

func runGoogleLogin(ctx context.Context, a *app, o *googleLoginOpts) error {
	if !a.io.InTTY {
		return usagef("google login needs you at a browser, and standard input is not a terminal; for cron and scripts set %s or use --service-account KEY.json (see the README)", envAccessToken)
	}
	if o.Port < 0 || o.Port > 65535 {
		return usagef("--port %d is not a port number", o.Port)
	}
	ep, err := a.googleEndpoint(&googleOpts{Endpoint: o.Endpoint})
	if err != nil {
		return err
	}
	file, err := a.tokenFile()
	if err != nil {
		return err
	}
	credPath := o.Credentials
	if credPath == "" {
		credPath = a.getenv(envCredentials)
	}
	var creds []byte
	switch {
	case credPath != "":
		if creds, err = os.ReadFile(credPath); err != nil {
			return sources.FileError(credPath, err)
		}
	default:
		// Signing in again: the saved sign-in knows its client.
		if s, err := google.ReadSaved(file); err == nil {
			creds, _ = json.Marshal(map[string]any{"installed": map[string]any{
				"client_id": s.Client.ID, "client_secret": s.Client.Secret, "auth_uri": s.Client.AuthURL, "token_uri": s.Client.TokenURL,
				"redirect_uris": []string{"http://localhost"},
			}})
			credPath = file
		} else {
			return usagef("google login needs an OAuth client: in Google Cloud Console enable the Google Calendar API, create an OAuth client ID of type Desktop app, download its JSON and pass it with --credentials FILE (or set %s)", envCredentials)
		}
	}
	lo := google.LoginOptions{
		Credentials: creds, CredentialsFile: credPath,
		Out: a.io.ErrOut, Timeout: o.Timeout, Port: o.Port, Endpoint: ep, Now: a.now,
		Paste: a.io.In,
	}
	if !o.NoBrowser && a.openBrowser != nil {
		lo.Browser = a.openBrowser
	}
	s, err := google.Login(ctx, lo)
	if err != nil {
		return interrupted(ctx, err)
	}
	if err := google.WriteSaved(file, s); err != nil {
		return fmt.Errorf("saving the sign-in: %w", err)
	}
	who := s.Account
	if who == "" {
		who = "Google"
	}
	fmt.Fprintf(a.io.ErrOut, "Signed in as %s. The sign-in is saved in %s (readable by you only).\n", who, file)
	if s.Token.RefreshToken == "" {
		fmt.Fprintln(a.io.ErrOut, "warning: Google sent no refresh token, so the sign-in lasts an hour; remove timeaudit at https://myaccount.google.com/permissions and sign in again")
	}
	return nil
}

func newGoogleLogoutCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "logout",
		Short: "Remove the saved sign-in and the cached weeks",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			file, err := a.tokenFile()
			if err != nil {
				return err
			}
			removed := false
			if err := os.Remove(file); err == nil {
				removed = true
			} else if !errors.Is(err, fs.ErrNotExist) {
				return sources.FileError(file, err)
			}
			if dir, err := a.googleCacheDir(); err == nil {
				if err := (&google.Cache{Dir: dir}).Clear(); err != nil {
					return fmt.Errorf("removing the cache %s: %w", dir, err)
				}
			}
			if !removed {
				fmt.Fprintln(a.io.ErrOut, "Not signed in to Google; nothing to remove.")
				return nil
			}
			fmt.Fprintf(a.io.ErrOut, "Signed out: removed %s and the cached weeks. To revoke timeaudit's access too, remove it at https://myaccount.google.com/permissions\n", file)
			return nil
		},
	}
}

func newGoogleStatusCmd(a *app) *cobra.Command {
	o := &googleOpts{}
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Say which Google credentials a report would use",
		Long: `Say which Google credentials a report would use, without asking Google.
Exit status 1 when there are none.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			auth, err := a.googleAuth(o)
			if err != nil {
				return err
			}
			w := a.io.Out
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
				return errors.New(google.ErrNotSignedIn.Error())
			}
			if mode != google.ModeSignIn && auth.TokenFile != "" {
				if _, err := os.Stat(auth.TokenFile); err == nil {
					fmt.Fprintf(w, "  (a saved sign-in in %s is not used while %s is set)\n", auth.TokenFile, mode)
				}
			}
			if dir, err := a.googleCacheDir(); err == nil {
				n, size := cacheUsage(dir)
				fmt.Fprintf(w, "Cache: %s (%d weeks, %d KB)\n", dir, n, (size+1023)/1024)
			}
			return nil
		},
	}
	addGoogleFlags(cmd.Flags(), o, false)
	return cmd
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

type googleCalendarsOpts struct {
	googleOpts
	Format string
}

func newGoogleCalendarsCmd(a *app) *cobra.Command {
	o := &googleCalendarsOpts{}
	cmd := &cobra.Command{
		Use:   "calendars",
		Short: "List the calendars the account can read, as sources to audit",
		Example: `  timeaudit google calendars
  timeaudit google calendars --service-account key.json --as alice@corp.example
  timeaudit google calendars -f json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			name := o.Format
			if name == "" {
				name = render.Default(render.ReportView, a.io.OutTTY)
			}
			f, err := render.Lookup(name, render.ReportView)
			if err != nil {
				return &usageError{"--format: " + err.Error()}
			}
			ep, err := a.googleEndpoint(&o.googleOpts)
			if err != nil {
				return err
			}
			auth, err := a.googleAuth(&o.googleOpts)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			client, _, err := auth.Client(ctx, "primary")
			if err != nil {
				return err
			}
			cals, err := google.Calendars(ctx, client, ep)
			if err != nil {
				return interrupted(ctx, auth.Explain("google calendars", "primary", err))
			}
			l := render.List{Columns: []string{"Source", "Name", "Access", "Time zone"}, Keys: []string{"source", "name", "access", "time_zone"}}
			for _, c := range cals {
				nm := c.Summary
				if c.Primary {
					nm += " (primary)"
				}
				l.Rows = append(l.Rows, []string{google.Prefix + c.ID, nm, c.AccessRole, c.TimeZone})
			}
			return a.emit("", func(w io.Writer) error { return render.EncodeList(w, f, l) })
		},
	}
	addGoogleFlags(cmd.Flags(), &o.googleOpts, false)
	cmd.Flags().StringVarP(&o.Format, "format", "f", "", "output format: table|tsv|csv|json|markdown (default: table on a terminal, else tsv)")
	return cmd
}
