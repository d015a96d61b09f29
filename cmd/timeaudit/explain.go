package main

import (
	"github.com/spf13/cobra"

	"github.com/timeaudit/timeaudit/app"
	"github.com/timeaudit/timeaudit/render"
)

type explainOptions struct {
	showOptions
}

func newRulesExplainCmd(f *factory, runF func(*explainOptions) error) *cobra.Command {
	o := &explainOptions{showOptions{f: f}}
	cmd := &cobra.Command{
		Use:   "explain SOURCE...",
		Short: "Show each event's category and the rule that chose it",
		Long: `Show each event's category, the rule that chose it (CATEGORY#N: the Nth
alternative under match:) and why it matched; then list the titles that fell
to the default category, most time first: candidates for new rules.`,
		Example: `  timeaudit rules explain export.csv --week last
  timeaudit rules explain export.csv --config draft.yaml --format csv`,
		Args: sourceArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ctx, o.Args = cmd.Context(), args
			if err := o.choose(render.ExplainView, f.io.OutTTY); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return explainRun(o)
		},
	}
	addSelectFlags(cmd, &o.selectFlags)
	addOutputFlags(cmd, &o.outputFlags, render.ExplainView)
	return cmd
}

func explainRun(o *explainOptions) error {
	_, err := o.audit(render.ExplainView, app.Job{}, render.Options{})
	return err
}
