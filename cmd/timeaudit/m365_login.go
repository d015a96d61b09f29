package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
	"github.com/timeaudit/timeaudit/sources/m365"
)

func newM365LoginCmd(f *factory, runF func(*m365Options) error) *cobra.Command {
	o := &m365Options{f: f}
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Sign in to Microsoft 365: in this machine's browser, or with a device code",
		Long: `Sign in to Microsoft 365 and save the sign-in (0600) for later runs.

With a browser on this machine, timeaudit opens Microsoft's sign-in page and
listens on 127.0.0.1 for the answer (authorization code with PKCE; the app
needs the redirect URI http://localhost). Over ssh, or with --device-code,
it shows a code to enter at microsoft.com/devicelogin on any device.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.ctx = cmd.Context()
			if o.clientID(f) == "" {
				return audit.Usagef("name the app registered in Entra ID: --m365-client-id or %s (see the README, Microsoft 365)", envM365ClientID)
			}
			if runF != nil {
				return runF(o)
			}
			return m365LoginRun(o)
		},
	}
	addM365CmdFlags(cmd, o)
	cmd.Flags().BoolVar(&o.DeviceCode, "device-code", false, "sign in with a code entered on any device (the default when no browser can open here)")
	return cmd
}

func m365LoginRun(o *m365Options) error {
	authority, err := m365.Authority(o.f.getenv(envM365Authority))
	if err != nil {
		return err
	}
	file, err := o.f.m365TokenFile()
	if err != nil {
		return err
	}
	tenant := o.Tenant
	if tenant == "" {
		tenant = "common"
	}
	var saved *m365.Saved
	if o.DeviceCode || !o.f.browserHere() {
		saved, err = m365.DeviceLogin(o.ctx, authority, tenant, o.clientID(o.f), o.f.m365Transport, func(code, uri, _ string) {
			fmt.Fprintf(o.f.io.ErrOut, "To sign in, open %s in any browser and enter the code %s\n", uri, code)
		})
	} else {
		saved, err = m365.BrowserLogin(o.ctx, authority, tenant, o.clientID(o.f), o.f.m365Transport, o.f.openBrowser,
			func(s string) { fmt.Fprintln(o.f.io.ErrOut, audit.Printable(s)) }, 5*time.Minute)
	}
	if err != nil {
		return err
	}
	if err := m365.Save(file, saved); err != nil {
		return fmt.Errorf("saving the sign-in to %s: %w", audit.Printable(file), err)
	}
	opt := m365.Options{Endpoint: o.Endpoint, Timeout: o.Timeout, Transport: o.f.m365Transport,
		Auth: &m365.Auth{Saved: saved, SavedFile: file, Authority: authority}}
	if opt.Endpoint == "" {
		opt.Endpoint = o.f.getenv(envM365Endpoint)
	}
	if who, err := m365.Me(o.ctx, opt); err == nil && who != "" {
		saved.User = who
		_ = m365.Save(file, saved)
		fmt.Fprintf(o.f.io.ErrOut, "timeaudit: signed in to Microsoft 365 as %s; saved to %s\n", audit.Printable(who), audit.Printable(file))
		return nil
	}
	fmt.Fprintf(o.f.io.ErrOut, "timeaudit: signed in to Microsoft 365; saved to %s\n", audit.Printable(file))
	return nil
}

func newM365LogoutCmd(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "logout",
		Short: "Forget the saved Microsoft 365 sign-in",
		Args:  cobra.NoArgs,
		RunE:  func(*cobra.Command, []string) error { return m365LogoutRun(f) },
	}
}

func m365LogoutRun(f *factory) error {
	file, err := f.m365TokenFile()
	if err != nil {
		return err
	}
	if err := os.Remove(file); err != nil && !errors.Is(err, os.ErrNotExist) {
		return sources.FileError(file, err)
	}
	fmt.Fprintln(f.io.ErrOut, "timeaudit: signed out of Microsoft 365 (the app's consent stays until you revoke it at myapps.microsoft.com)")
	return nil
}
