package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources/google"
)

// Environment variables the Google source reads.
const (
	envAccessToken    = "GOOGLE_OAUTH_ACCESS_TOKEN"
	envServiceAccount = "TIMEAUDIT_GOOGLE_SERVICE_ACCOUNT"
	envEndpoint       = "TIMEAUDIT_GOOGLE_ENDPOINT"
	envCredentials    = "TIMEAUDIT_GOOGLE_CREDENTIALS"
)

// googleFlags are the flags for reading Google calendars.
type googleFlags struct {
	ServiceAccount string
	As             string
	Endpoint       string
	NoCache        bool
	Rate           int
}

func addGoogleFlags(f *pflag.FlagSet, o *googleFlags, cache bool) {
	f.StringVar(&o.ServiceAccount, "service-account", "", "read google: calendars with this service-account key (domain-wide delegation; env "+envServiceAccount+")")
	f.StringVar(&o.As, "as", "", "with --service-account: the user to act as for google:primary and shared calendars")
	f.StringVar(&o.Endpoint, "google-endpoint", "", "Calendar API base URL, e.g. a proxy's (env "+envEndpoint+")")
	if cache {
		f.BoolVar(&o.NoCache, "no-cache", false, "fetch past weeks of google:, m365: and caldav: calendars again instead of reading the local cache")
		f.IntVar(&o.Rate, "google-rate", google.DefaultRate, "send at most this many requests a minute per Google user (set it to your project's per-user quota)")
	}
}

// tokenFile is where the Google sign-in is saved.
func (f *factory) tokenFile() (string, error) {
	dir, err := f.configDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the user config directory: %w", err)
	}
	return filepath.Join(dir, "timeaudit", "google-token.json"), nil
}

// googleCacheDir is where past weeks of Google calendars are kept.
func (f *factory) googleCacheDir() (string, error) {
	if f.cacheDir == nil {
		return "", errors.New("no cache directory")
	}
	dir, err := f.cacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "timeaudit", "google"), nil
}

// googleAuth resolves the credentials: --service-account (or its
// variable), else GOOGLE_OAUTH_ACCESS_TOKEN, else the saved sign-in.
func (f *factory) googleAuth(o *googleFlags) (*google.Auth, error) {
	auth := &google.Auth{AccessToken: strings.TrimSpace(f.getenv(envAccessToken)), As: o.As}
	key := o.ServiceAccount
	if key == "" {
		key = f.getenv(envServiceAccount)
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
		return nil, audit.Usagef("--as needs --service-account: only a service account can act as another user")
	}
	if o.As != "" && !strings.Contains(o.As, "@") {
		return nil, audit.Usagef("--as %q is not an e-mail address", o.As)
	}
	file, err := f.tokenFile()
	if err == nil {
		auth.TokenFile = file
	}
	return auth, nil
}

func (f *factory) googleEndpoint(o *googleFlags) (string, error) {
	ep := o.Endpoint
	if ep == "" {
		ep = f.getenv(envEndpoint)
	}
	return google.Endpoint(ep)
}

// googleOptions configures the google kind when some argument needs it.
func (f *factory) googleOptions(o *googleFlags, args []string, timeout time.Duration, p *progress) (google.Options, error) {
	if !slices.ContainsFunc(args, func(arg string) bool { return strings.HasPrefix(strings.ToLower(arg), google.Prefix) }) {
		return google.Options{}, nil
	}
	ep, err := f.googleEndpoint(o)
	if err != nil {
		return google.Options{}, err
	}
	auth, err := f.googleAuth(o)
	if err != nil {
		return google.Options{}, err
	}
	if o.Rate < 1 {
		return google.Options{}, audit.Usagef("--google-rate %d: give the most requests a minute per Google user, 1 or more", o.Rate)
	}
	auth.Timeout = timeout
	auth.Rate = google.Rate{PerMinute: o.Rate, Window: f.googleWindow}
	opt := google.Options{Endpoint: ep, Auth: auth, Now: f.now, Progress: p.page}
	if dir, err := f.googleCacheDir(); err == nil {
		opt.Cache = &google.Cache{Dir: dir, Refresh: o.NoCache}
	}
	return opt, nil
}

func newGoogleCmd(f *factory) *cobra.Command {
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
		Args: unknownCommand,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newGoogleLoginCmd(f, nil), newGoogleLogoutCmd(f), newGoogleStatusCmd(f), newGoogleCalendarsCmd(f, nil))
	return cmd
}
