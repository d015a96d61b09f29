package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
	"github.com/timeaudit/timeaudit/sources/google"
)

type googleLoginOptions struct {
	f           *factory
	ctx         context.Context
	Credentials string
	NoBrowser   bool
	Port        int
	Timeout     time.Duration
	Endpoint    string
}

func newGoogleLoginCmd(f *factory, runF func(*googleLoginOptions) error) *cobra.Command {
	o := &googleLoginOptions{f: f}
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Sign in to Google in a browser and save the sign-in",
		Long: `Sign in to Google in a browser, with the Desktop-app flow: timeaudit
listens on 127.0.0.1 for Google's answer (PKCE, checked state), then saves
the token in the user config dir with mode 0600. Later runs refresh it and
save it again.

The OAuth client comes from --credentials (or ` + envCredentials + `): in
Google Cloud Console, enable the Google Calendar API, create an OAuth client
ID of type "Desktop app" and download its JSON (a "Web application" client
cannot sign in through 127.0.0.1). A second login reuses the client of the
saved sign-in.

While the app is in "Testing", only its test users may sign in; anyone else
sees Google's "Access blocked ... Error 403: access_denied", which never
comes back here: add yourself under Google Auth Platform > Audience > Test
users.

If the sign-in stops working every 7 days, the OAuth app is in "Testing":
publish it, or use a service account for cron (see the README).`,
		Example: `  timeaudit google login --credentials ~/Downloads/client_secret_123.json
  timeaudit google login --no-browser       # print the address instead
  ssh -L 8085:127.0.0.1:8085 host            # browser on your laptop, timeaudit on host:
  timeaudit google login --port 8085`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.ctx = cmd.Context()
			if o.Port < 0 || o.Port > 65535 {
				return audit.Usagef("--port %d is not a port number", o.Port)
			}
			if runF != nil {
				return runF(o)
			}
			return googleLoginRun(o)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&o.Credentials, "credentials", "", "OAuth client file of a Desktop app (env "+envCredentials+")")
	fs.BoolVar(&o.NoBrowser, "no-browser", false, "print the sign-in address instead of opening a browser")
	fs.IntVar(&o.Port, "port", 0, "loopback port for Google's answer (default: any free one)")
	fs.DurationVar(&o.Timeout, "timeout", 5*time.Minute, "how long to wait for the browser")
	fs.StringVar(&o.Endpoint, "google-endpoint", "", "Calendar API base URL, to learn who signed in (env "+envEndpoint+")")
	return cmd
}

func googleLoginRun(o *googleLoginOptions) error {
	f := o.f
	if !f.io.InTTY {
		return audit.Usagef("google login needs you at a browser, and standard input is not a terminal; for cron and scripts set %s or use --service-account KEY.json (see the README)", envAccessToken)
	}
	ep, err := f.googleEndpoint(&googleFlags{Endpoint: o.Endpoint})
	if err != nil {
		return err
	}
	file, err := f.tokenFile()
	if err != nil {
		return err
	}
	credPath := o.Credentials
	if credPath == "" {
		credPath = f.getenv(envCredentials)
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
			return audit.Usagef("google login needs an OAuth client: in Google Cloud Console enable the Google Calendar API, create an OAuth client ID of type Desktop app, download its JSON and pass it with --credentials FILE (or set %s)", envCredentials)
		}
	}
	lo := google.LoginOptions{
		Credentials: creds, CredentialsFile: credPath,
		Out: f.io.ErrOut, Timeout: o.Timeout, Port: o.Port, Endpoint: ep, Now: f.now,
		Paste: f.io.In,
	}
	if !o.NoBrowser && f.openBrowser != nil {
		lo.Browser = f.openBrowser
	}
	s, err := google.Login(o.ctx, lo)
	if err != nil {
		return err
	}
	if err := google.WriteSaved(file, s); err != nil {
		return fmt.Errorf("saving the sign-in: %w", err)
	}
	who := s.Account
	if who == "" {
		who = "Google"
	}
	fmt.Fprintf(f.io.ErrOut, "Signed in as %s. The sign-in is saved in %s (readable by you only).\n", who, file)
	if s.Token.RefreshToken == "" {
		fmt.Fprintln(f.io.ErrOut, "warning: Google sent no refresh token, so the sign-in lasts an hour; remove timeaudit at https://myaccount.google.com/permissions and sign in again")
	}
	return nil
}
