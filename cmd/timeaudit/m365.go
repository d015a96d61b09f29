package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
	"github.com/timeaudit/timeaudit/sources/m365"
)

// Environment variables the Microsoft 365 source reads.
const (
	envM365Endpoint  = "TIMEAUDIT_M365_ENDPOINT"
	envM365Authority = "TIMEAUDIT_M365_AUTHORITY"
	envM365ClientID  = "TIMEAUDIT_M365_CLIENT_ID"
)

// m365Flags are the flags for reading Microsoft 365 calendars.
type m365Flags struct {
	Endpoint   string
	Tenant     string
	ClientID   string
	SecretFile string
}

func addM365Flags(f *pflag.FlagSet, o *m365Flags) {
	f.StringVar(&o.Endpoint, "m365-endpoint", "", "Microsoft Graph base URL, e.g. a proxy's (env "+envM365Endpoint+")")
	f.StringVar(&o.Tenant, "m365-tenant", "", "the Entra ID directory: common, organizations, or its id or domain (default common; app-only needs the directory)")
	f.StringVar(&o.ClientID, "m365-client-id", "", "the app registered in Entra ID (env "+envM365ClientID+")")
	f.StringVar(&o.SecretFile, "m365-client-secret-file", "", "app-only access (team audits, cron): the app's client secret, in a 0600 file")
}

// m365TokenFile is where the Microsoft 365 sign-in is saved.
func (f *factory) m365TokenFile() (string, error) {
	dir, err := f.configDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the user config directory: %w", err)
	}
	return filepath.Join(dir, "timeaudit", "m365-token.json"), nil
}

func (o *m365Flags) clientID(f *factory) string {
	if o.ClientID != "" {
		return o.ClientID
	}
	return f.getenv(envM365ClientID)
}

// m365Options configures the m365 kind when some argument needs it:
// TIMEAUDIT_M365_ACCESS_TOKEN, else app-only credentials, else the saved
// sign-in.
func (f *factory) m365Options(o *m365Flags, args []string, timeout time.Duration, noCache bool) (m365.Options, error) {
	if args != nil && !slices.ContainsFunc(args, func(arg string) bool { return strings.HasPrefix(strings.ToLower(arg), m365.Prefix) }) {
		return m365.Options{}, nil
	}
	ep := o.Endpoint
	if ep == "" {
		ep = f.getenv(envM365Endpoint)
	}
	if _, err := m365.Endpoint(ep); err != nil {
		return m365.Options{}, err
	}
	authority, err := m365.Authority(f.getenv(envM365Authority))
	if err != nil {
		return m365.Options{}, err
	}
	auth := &m365.Auth{AccessToken: strings.TrimSpace(f.getenv(m365.EnvAccessToken)), Authority: authority}
	switch {
	case auth.AccessToken != "":
	case o.SecretFile != "":
		secret, err := readPrivate(o.SecretFile, "the client secret")
		if err != nil {
			return m365.Options{}, err
		}
		auth.App = &m365.App{ClientID: o.clientID(f), Tenant: o.Tenant, Secret: secret}
		if auth.App.Tenant == "" || strings.EqualFold(auth.App.Tenant, "common") || strings.EqualFold(auth.App.Tenant, "organizations") {
			return m365.Options{}, audit.Usagef("app-only access needs --m365-tenant: the directory's id or domain (corp.onmicrosoft.com), not common")
		}
	default:
		file, err := f.m365TokenFile()
		if err != nil {
			return m365.Options{}, err
		}
		saved, err := m365.Load(file)
		if err != nil {
			return m365.Options{}, err
		}
		auth.Saved, auth.SavedFile = saved, file
	}
	opt := m365.Options{Endpoint: ep, Auth: auth, Timeout: timeout, Now: f.now}
	if f.cacheDir != nil {
		if dir, err := f.cacheDir(); err == nil {
			opt.Cache = &m365.Cache{Dir: filepath.Join(dir, "timeaudit", "m365"), Refresh: noCache}
		}
	}
	return opt, nil
}

// browserHere reports whether a browser can open on this machine and reach
// its loopback: not over ssh, not without a display.
func (f *factory) browserHere() bool {
	if f.openBrowser == nil || f.getenv("SSH_CONNECTION") != "" || f.getenv("SSH_TTY") != "" {
		return false
	}
	if f.getenv("BROWSER") != "" || runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		return true
	}
	return f.getenv("DISPLAY") != "" || f.getenv("WAYLAND_DISPLAY") != "" || f.getenv("TIMEAUDIT_TEST_BROWSER") != ""
}

// readPrivate reads a secret's first line from a file only its owner can
// read.
func readPrivate(file, what string) (string, error) {
	fi, err := os.Stat(file)
	if err != nil {
		return "", sources.FileError(file, err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return "", audit.Usagef("%s: %s can be read by others (mode %04o): chmod 600 %s", audit.Printable(file), what, fi.Mode().Perm(), audit.Printable(file))
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return "", sources.FileError(file, err)
	}
	line, _, _ := strings.Cut(string(data), "\n")
	if line = strings.TrimSpace(line); line == "" {
		return "", audit.Usagef("%s: the file is empty", audit.Printable(file))
	}
	return line, nil
}

type m365Options struct {
	f   *factory
	ctx context.Context
	m365Flags
	Timeout    time.Duration
	DeviceCode bool
	outputFlags
}

func newM365Cmd(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "m365",
		Short: "Sign in to Microsoft 365 (Outlook) and list its calendars",
		Long: `timeaudit reads Microsoft 365 / Outlook calendars through Microsoft Graph:
name one as m365:me (your default calendar), m365:<calendar id> (timeaudit
m365 calendars lists them) or m365:user@corp.example (someone's calendar,
shared with you, or any mailbox with app-only access) wherever a SOURCE
goes.

Credentials, in order: TIMEAUDIT_M365_ACCESS_TOKEN (a ready bearer token,
used as is); app-only access for team audits and cron (--m365-client-id,
--m365-tenant and --m365-client-secret-file, with the application permission
Calendars.Read and admin consent); else the sign-in saved by timeaudit m365
login (device code: works over ssh, no browser needed here), refreshed and
saved again. Every request is a read.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return noCommand(cmd) },
	}
	cmd.AddCommand(newM365LoginCmd(f, nil), newM365LogoutCmd(f), newM365StatusCmd(f), newM365CalendarsCmd(f, nil))
	return cmd
}

func addM365CmdFlags(cmd *cobra.Command, o *m365Options) {
	addM365Flags(cmd.Flags(), &o.m365Flags)
	cmd.Flags().DurationVar(&o.Timeout, "timeout", time.Minute, "give up on a request after this long")
}
