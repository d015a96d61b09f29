package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/timeaudit/timeaudit/app"
	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/rules"
)

func newRulesCmd(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "Write, check and explain the rules that classify events",
		Long: `The rules config (YAML) sorts events into categories. Categories are tried in
order and the first match wins; a category matches when any of its match:
alternatives holds, and an alternative holds when all of its fields do.

timeaudit reads --config FILE, else the user config dir's
timeaudit/config.yaml when it exists, else its built-in rules. Start from
those with "timeaudit rules init"; the file it writes documents every field.`,
		Args: unknownCommand,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newRulesInitCmd(f, nil), newRulesCheckCmd(f, nil), newRulesExplainCmd(f, nil))
	return cmd
}

type rulesInitOptions struct {
	f     *factory
	Path  string // "" for the default config path, "-" for stdout
	Force bool
}

func newRulesInitCmd(f *factory, runF func(*rulesInitOptions) error) *cobra.Command {
	o := &rulesInitOptions{f: f}
	cmd := &cobra.Command{
		Use:   "init [FILE]",
		Short: "Write the built-in rules, with comments, to a file for editing",
		Long: `Write the built-in rules, with comments explaining every field, to FILE
(default: the user config dir's timeaudit/config.yaml, which timeaudit reads
by default). "-" writes to stdout. An existing file is kept unless --force.`,
		Example: `  timeaudit rules init
  timeaudit rules init team-rules.yaml
  timeaudit rules init - | less`,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Path = args[0]
			}
			if runF != nil {
				return runF(o)
			}
			return rulesInitRun(o)
		},
	}
	cmd.Flags().BoolVar(&o.Force, "force", false, "overwrite an existing file")
	return cmd
}

func rulesInitRun(o *rulesInitOptions) error {
	data, path := rules.DefaultYAML(), o.Path
	if path == "-" {
		_, err := o.f.io.Out.Write(data)
		return err
	}
	if path == "" {
		p, err := o.f.defaultConfigPath()
		if err != nil {
			return err
		}
		path = p
	}
	if _, err := os.Stat(path); err == nil && !o.Force {
		return audit.Usagef("%s already exists; pass --force to overwrite it", path)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := writeFileAtomic(path, data); err != nil {
		return err
	}
	fmt.Fprintf(o.f.io.ErrOut, "Wrote the built-in rules to %s\nEdit it, then check it with: timeaudit rules check %s\n", path, path)
	return nil
}

type rulesCheckOptions struct {
	f      *factory
	Config string
}

func newRulesCheckCmd(f *factory, runF func(*rulesCheckOptions) error) *cobra.Command {
	o := &rulesCheckOptions{f: f}
	cmd := &cobra.Command{
		Use:   "check [FILE]",
		Short: "Validate a rules config",
		Long: `Validate a rules config: FILE, else the config timeaudit would use. Every
problem is listed with its line; the exit status is 2 when there is any.`,
		Example: `  timeaudit rules check ~/.config/timeaudit/config.yaml`,
		Args:    maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Config = args[0]
			}
			if runF != nil {
				return runF(o)
			}
			return rulesCheckRun(o)
		},
	}
	cmd.Flags().StringVarP(&o.Config, "config", "c", "", "the config to check (same as FILE)")
	return cmd
}

func rulesCheckRun(o *rulesCheckOptions) error {
	cfg, err := o.f.loadConfig(o.Config)
	if errs := audit.Problems(err); len(errs) > 1 {
		for _, e := range errs[:len(errs)-1] {
			fmt.Fprintln(o.f.io.ErrOut, "timeaudit: "+audit.Line(e.Error(), maxErrorLine))
		}
		return errs[len(errs)-1]
	}
	if err != nil {
		return err
	}
	if _, err := app.Location("", cfg, time.UTC); err != nil {
		return err
	}
	for _, w := range cfg.Warnings {
		fmt.Fprintln(o.f.io.ErrOut, "timeaudit: warning: "+audit.Line(w, maxErrorLine))
	}
	what := fmt.Sprintf("%d categories, %d rules, default %q", len(cfg.Categories), cfg.Rules(), cfg.Default.Name)
	if cfg.BuiltinCategories {
		what = "it has no categories: key, so the built-in categories apply (" + what + ")"
	}
	_, err = fmt.Fprintf(o.f.io.Out, "%s: ok: %s\n", cfg.File, what)
	return err
}
