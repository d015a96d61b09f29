package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/timeaudit/timeaudit/render"
	"github.com/timeaudit/timeaudit/sources/google"
)

type googleCalendarsOptions struct {
	f   *factory
	ctx context.Context
	googleFlags
	outputFlags
}

func newGoogleCalendarsCmd(f *factory, runF func(*googleCalendarsOptions) error) *cobra.Command {
	o := &googleCalendarsOptions{f: f}
	cmd := &cobra.Command{
		Use:   "calendars",
		Short: "List the calendars the account can read, as sources to audit",
		Example: `  timeaudit google calendars
  timeaudit google calendars --service-account key.json --as alice@corp.example
  timeaudit google calendars -f json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.ctx = cmd.Context()
			// Before any request: can the format show a list?
			if err := o.choose(render.ListView, f.io.OutTTY); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return googleCalendarsRun(o)
		},
	}
	addGoogleFlags(cmd.Flags(), &o.googleFlags, false)
	cmd.Flags().StringVarP(&o.Format, "format", "f", "", render.Help(render.ListView))
	return cmd
}

func googleCalendarsRun(o *googleCalendarsOptions) error {
	ep, err := o.f.googleEndpoint(&o.googleFlags)
	if err != nil {
		return err
	}
	auth, err := o.f.googleAuth(&o.googleFlags)
	if err != nil {
		return err
	}
	client, _, err := auth.Client(o.ctx, "primary")
	if err != nil {
		return err
	}
	cals, err := google.Calendars(o.ctx, client, ep)
	if err != nil {
		return auth.Explain("google calendars", "primary", err)
	}
	l := render.List{Columns: []string{"Source", "Name", "Access", "Time zone"}, Keys: []string{"source", "name", "access", "time_zone"}}
	for _, c := range cals {
		name := c.Summary
		if c.Primary {
			name += " (primary)"
		}
		l.Rows = append(l.Rows, []string{google.Prefix + c.ID, name, c.AccessRole, c.TimeZone})
	}
	return o.f.emit(context.Background(), "", func(w io.Writer) error {
		return o.format.Encode(w, render.ListView, render.Input{List: l}, render.Options{})
	})
}
