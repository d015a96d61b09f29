package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/render"
	"github.com/timeaudit/timeaudit/sources/caldav"
)

// envCalDAVPassword holds a CalDAV password for cron.
const envCalDAVPassword = "TIMEAUDIT_CALDAV_PASSWORD"

// caldavFlags are the flags for reading CalDAV calendars.
type caldavFlags struct {
	User            string
	PasswordFile    string
	PasswordCommand string
}

func addCalDAVFlags(f *pflag.FlagSet, o *caldavFlags) {
	f.StringVar(&o.User, "caldav-user", "", "the user for caldav: calendars (default: the URL's user@)")
	f.StringVar(&o.PasswordFile, "caldav-password-file", "", "read the CalDAV password from this file (mode 0600; else env "+envCalDAVPassword+")")
	f.StringVar(&o.PasswordCommand, "caldav-password-command", "", `run this command for the CalDAV password, e.g. "pass show caldav" (its first line)`)
}

// caldavOptions sets up the CalDAV kind from the flags. The password is
// read when a calendar first asks for it, once, and never printed.
func (f *factory) caldavOptions(o *caldavFlags, noCache bool, timeout time.Duration) (caldav.Options, error) {
	given := 0
	for _, s := range []string{o.PasswordFile, o.PasswordCommand} {
		if s != "" {
			given++
		}
	}
	if given > 1 {
		return caldav.Options{}, audit.Usagef("--caldav-password-file and --caldav-password-command: give one")
	}
	var (
		once     sync.Once
		password string
		err      error
	)
	get := func() (string, error) {
		once.Do(func() { password, err = f.caldavPassword(o) })
		return password, err
	}
	opt := caldav.Options{User: o.User, Password: get, Timeout: timeout, UserAgent: "timeaudit", Now: f.now}
	if f.cacheDir != nil {
		if dir, err := f.cacheDir(); err == nil {
			opt.Cache = &caldav.Cache{Dir: filepath.Join(dir, "timeaudit", "caldav"), Refresh: noCache}
		}
	}
	return opt, nil
}

// caldavPassword is the password from the command, the file or the
// environment; "" when none is given (a server that wants one says 401).
func (f *factory) caldavPassword(o *caldavFlags) (string, error) {
	switch {
	case o.PasswordCommand != "":
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, "/bin/sh", "-c", o.PasswordCommand)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			return "", audit.Usagef("--caldav-password-command %s failed: %v%s", audit.Quote(o.PasswordCommand), err, lastLineOf(errOut.String()))
		}
		line, _, _ := strings.Cut(out.String(), "\n")
		if line = strings.TrimRight(line, "\r"); line == "" {
			return "", audit.Usagef("--caldav-password-command %s printed no password", audit.Quote(o.PasswordCommand))
		}
		return line, nil
	case o.PasswordFile != "":
		return readPrivate(o.PasswordFile, "the password file")
	}
	return f.getenv(envCalDAVPassword), nil
}

func lastLineOf(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return ": " + audit.Line(s, 120)
}

type caldavCalendarsOptions struct {
	f   *factory
	ctx context.Context
	URL string
	caldavFlags
	Timeout time.Duration
	outputFlags
}

func newCalDAVCmd(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "caldav",
		Short: "Read calendars from a CalDAV server (iCloud, Fastmail, Nextcloud, Radicale ...)",
		Long: `timeaudit reads CalDAV calendars live, over the audit range only:
name one as caldav:https://server/path/ (a calendar collection, or a server
or principal URL to discover the calendar on) wherever a SOURCE goes.

The user comes from the URL (caldav:https://me@server/) or --caldav-user;
the password from TIMEAUDIT_CALDAV_PASSWORD, a 0600 file
(--caldav-password-file) or a command (--caldav-password-command "pass show
caldav"), so that cron runs need no prompt. Passwords are never printed,
never sent to another host, and plain http is refused except to this
machine. Past weeks are kept in the user cache dir; --no-cache asks again.
Nothing is ever written to the server.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return noCommand(cmd) },
	}
	cmd.AddCommand(newCalDAVCalendarsCmd(f, nil))
	return cmd
}

func newCalDAVCalendarsCmd(f *factory, runF func(*caldavCalendarsOptions) error) *cobra.Command {
	o := &caldavCalendarsOptions{f: f}
	cmd := &cobra.Command{
		Use:     "calendars caldav:URL",
		Short:   "List the calendars on a CalDAV server, as sources to audit",
		Example: "  timeaudit caldav calendars caldav:https://me@caldav.fastmail.com/\n  timeaudit caldav calendars caldav:http://127.0.0.1:5232/ --caldav-user me",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return audit.Usagef("name the server: timeaudit caldav calendars caldav:https://server/ (see %s --help)", cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ctx, o.URL = cmd.Context(), args[0]
			if !strings.HasPrefix(strings.ToLower(o.URL), caldav.Prefix) {
				o.URL = caldav.Prefix + o.URL
			}
			if err := o.choose(render.ListView, f.io.OutTTY); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return caldavCalendarsRun(o)
		},
	}
	addCalDAVFlags(cmd.Flags(), &o.caldavFlags)
	cmd.Flags().DurationVar(&o.Timeout, "timeout", time.Minute, "give up on a request after this long")
	addOutputFlags(cmd, &o.outputFlags, render.ListView)
	return cmd
}

func caldavCalendarsRun(o *caldavCalendarsOptions) error {
	opt, err := o.f.caldavOptions(&o.caldavFlags, false, o.Timeout)
	if err != nil {
		return err
	}
	opt.Cache = nil // a listing, not weeks
	cals, err := caldav.Calendars(o.ctx, o.URL, opt)
	if err != nil {
		return err
	}
	list := render.List{Columns: []string{"Source", "Name", "Events"}, Keys: []string{"source", "name", "events"}}
	for _, c := range cals {
		events := "yes"
		if !c.Events {
			events = "no (tasks only)"
		}
		list.Rows = append(list.Rows, []string{caldav.Prefix + c.URL, c.Name, events})
	}
	if len(cals) == 0 {
		fmt.Fprintln(o.f.io.ErrOut, "timeaudit: note: no calendars found")
	}
	return o.f.emit(o.ctx, o.Output, func(w io.Writer) error {
		return o.format.Encode(w, render.ListView, render.Input{List: list}, render.Options{Width: o.f.io.Width})
	})
}
