package main

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources/m365"
)

func newM365StatusCmd(f *factory) *cobra.Command {
	o := &m365Options{f: f}
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Say which Microsoft 365 credentials timeaudit would use",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.ctx = cmd.Context()
			return m365StatusRun(o)
		},
	}
	addM365CmdFlags(cmd, o)
	return cmd
}

func m365StatusRun(o *m365Options) error {
	f := o.f
	opt, err := f.m365Options(&o.m365Flags, nil, o.Timeout, true)
	if err != nil {
		return err
	}
	a := opt.Auth
	switch {
	case a.AccessToken != "":
		fmt.Fprintln(f.io.Out, "credentials: "+m365.EnvAccessToken+" (a bearer token, used as is)")
	case a.App != nil:
		fmt.Fprintf(f.io.Out, "credentials: app-only, app %s in directory %s\n", audit.Printable(a.App.ClientID), audit.Printable(a.App.Tenant))
	case a.Saved != nil:
		fmt.Fprintf(f.io.Out, "credentials: the saved sign-in (%s), app %s, directory %s\n", audit.Printable(a.SavedFile), audit.Printable(a.Saved.ClientID), audit.Printable(a.Saved.Tenant))
	default:
		fmt.Fprintln(f.io.Out, "credentials: none (timeaudit m365 login, or "+m365.EnvAccessToken+")")
		return nil
	}
	opt.Transport = f.m365Transport
	who, err := m365.Me(o.ctx, opt)
	if err != nil {
		return err
	}
	fmt.Fprintln(f.io.Out, "signed in as: "+audit.Printable(who))
	return nil
}
