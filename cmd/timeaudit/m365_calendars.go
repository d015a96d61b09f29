package main

import (
	"io"

	"github.com/spf13/cobra"
	"github.com/timeaudit/timeaudit/render"
	"github.com/timeaudit/timeaudit/sources/m365"
)

func newM365CalendarsCmd(f *factory, runF func(*m365Options) error) *cobra.Command {
	o := &m365Options{f: f}
	cmd := &cobra.Command{
		Use:   "calendars",
		Short: "List your Microsoft 365 calendars, as sources to audit",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.ctx = cmd.Context()
			if err := o.choose(render.ListView, f.io.OutTTY); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return m365CalendarsRun(o)
		},
	}
	addM365CmdFlags(cmd, o)
	addOutputFlags(cmd, &o.outputFlags, render.ListView)
	return cmd
}

func m365CalendarsRun(o *m365Options) error {
	f := o.f
	opt, err := f.m365Options(&o.m365Flags, nil, o.Timeout, true)
	if err != nil {
		return err
	}
	opt.Transport = f.m365Transport
	cals, err := m365.Calendars(o.ctx, opt)
	if err != nil {
		return err
	}
	list := render.List{Columns: []string{"Source", "Name", "Owner"}, Keys: []string{"source", "name", "owner"}}
	for _, c := range cals {
		src := m365.Prefix + c.ID
		if c.Default {
			src = m365.Prefix + "me"
		}
		list.Rows = append(list.Rows, []string{src, c.Name, c.Owner})
	}
	return f.emit(o.ctx, o.Output, func(w io.Writer) error {
		return o.format.Encode(w, render.ListView, render.Input{List: list}, render.Options{Width: f.io.Width})
	})
}
