package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/audit/render"
	"github.com/timeaudit/timeaudit/rules"
)

func newRulesCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "Write, check and explain the rules that classify events",
		Long: `The rules config (YAML) sorts events into categories. Categories are tried in
order and the first match wins; a category matches when any of its match:
alternatives holds, and an alternative holds when all of its fields do.

timeaudit reads --config FILE, else the user config dir's
timeaudit/config.yaml when it exists, else its built-in rules. Start from
those with "timeaudit rules init"; the file it writes documents every field.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newRulesInitCmd(a), newRulesCheckCmd(a), newRulesExplainCmd(a))
	return cmd
}

type rulesInitOpts struct {
	Force bool
}

func newRulesInitCmd(a *app) *cobra.Command {
	o := &rulesInitOpts{}
	cmd := &cobra.Command{
		Use:   "init [FILE]",
		Short: "Write the built-in rules, with comments, to a file for editing",
		Long: `Write the built-in rules, with comments explaining every field, to FILE
(default: the user config dir's timeaudit/config.yaml, which timeaudit reads
by default). "-" writes to stdout. An existing file is kept unless --force.`,
		Example: `  timeaudit rules init
  timeaudit rules init team-rules.yaml
  timeaudit rules init - | less`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := ""
			if len(args) == 1 {
				path = args[0]
			}
			return runRulesInit(a, o, path)
		},
	}
	cmd.Flags().BoolVar(&o.Force, "force", false, "overwrite an existing file")
	return cmd
}

func runRulesInit(a *app, o *rulesInitOpts, path string) error {
	data := rules.DefaultYAML()
	if path == "-" {
		_, err := a.io.Out.Write(data)
		return err
	}
	if path == "" {
		p, err := a.defaultConfigPath()
		if err != nil {
			return err
		}
		path = p
	}
	if _, err := os.Stat(path); err == nil && !o.Force {
		return usagef("%s already exists; pass --force to overwrite it", path)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := writeFileAtomic(path, data); err != nil {
		return err
	}
	fmt.Fprintf(a.io.ErrOut, "Wrote the built-in rules to %s\nEdit it, then check it with: timeaudit rules check %s\n", path, path)
	return nil
}

type rulesCheckOpts struct {
	Config string
}

func newRulesCheckCmd(a *app) *cobra.Command {
	o := &rulesCheckOpts{}
	cmd := &cobra.Command{
		Use:   "check [FILE]",
		Short: "Validate a rules config",
		Long: `Validate a rules config: FILE, else the config timeaudit would use. Every
problem is listed with its line; the exit status is 2 when there is any.`,
		Example: `  timeaudit rules check ~/.config/timeaudit/config.yaml`,
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Config = args[0]
			}
			return runRulesCheck(a, o)
		},
	}
	cmd.Flags().StringVarP(&o.Config, "config", "c", "", "the config to check (same as FILE)")
	return cmd
}

func runRulesCheck(a *app, o *rulesCheckOpts) error {
	cfg, err := a.loadConfig(o.Config)
	if errs := audit.Problems(err); len(errs) > 1 {
		for _, e := range errs[:len(errs)-1] {
			fmt.Fprintln(a.io.ErrOut, "timeaudit: "+e.Error())
		}
		return errs[len(errs)-1]
	}
	if err != nil {
		return err
	}
	if cfg.Timezone != "" {
		if _, err := a.location("", cfg); err != nil {
			return err
		}
	}
	what := fmt.Sprintf("%d categories, %d rules, default %q", len(cfg.Categories), cfg.Rules(), cfg.Default.Name)
	if cfg.BuiltinCategories {
		what = "it has no categories: key, so the built-in categories apply (" + what + ")"
	}
	_, err = fmt.Fprintf(a.io.Out, "%s: ok: %s\n", cfg.File, what)
	return err
}

type rulesExplainOpts struct {
	selectOpts
	outputOpts
}

func newRulesExplainCmd(a *app) *cobra.Command {
	o := &rulesExplainOpts{}
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
			return a.show(cmd.Context(), render.ExplainView, &o.selectOpts, &o.outputOpts, showOpts{}, args)
		},
	}
	addSelectFlags(cmd, &o.selectOpts)
	addOutputFlags(cmd, &o.outputOpts, render.ExplainView)
	return cmd
}
