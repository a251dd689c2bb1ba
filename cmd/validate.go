package cmd

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"eventstorm/model"
)

type validateOptions struct {
	streams *IOStreams
	file    string
	format  string
}

func newValidateCmd(streams *IOStreams) *cobra.Command {
	opts := &validateOptions{streams: streams}
	c := &cobra.Command{
		Use:   "validate [FILE]",
		Short: "Check a model and list every problem in it",
		Long: `Check a model (default ./eventstorm.yaml) against every rule of the
model format and list all problems in one run, sorted by position:

  FILE:LINE:COL: error: message
  FILE:LINE:COL: warning: message
  FILE:LINE:COL: hotspot: text of a hotspot on the board

Exit status: 0 when the model is valid (warnings and hotspots do not fail
it), 1 when it has errors, 2 when the command line is wrong.`,
		Example: `  eventstorm validate
  eventstorm validate shop/eventstorm.yaml --format json`,
		Args: maxArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.file = ModelFile
			if len(args) == 1 {
				opts.file = args[0]
			}
			return fail(runValidate(opts))
		},
	}
	c.Flags().StringVar(&opts.format, "format", "text", "output format: text or json")
	_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	c.ValidArgsFunction = yamlFiles
	return c
}

func yamlFiles(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return []string{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
}

func runValidate(opts *validateOptions) error {
	if opts.format != "text" && opts.format != "json" {
		return usageError("--format must be text or json, not %q", opts.format)
	}
	m, diags := model.Read(opts.file)
	out := opts.streams.Out
	if opts.format == "json" {
		if diags == nil {
			diags = model.Diagnostics{}
		}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(diags); err != nil {
			return err
		}
	} else {
		for _, d := range diags {
			fmt.Fprintln(out, d)
		}
		fmt.Fprintln(out, summary(opts.file, m, diags))
	}
	if diags.HasErrors() {
		return &failure{code: exitFail}
	}
	return nil
}

// summary is the closing line of a text report.
func summary(file string, m *model.Model, diags model.Diagnostics) string {
	counts := map[model.Severity]int{}
	for _, d := range diags {
		counts[d.Severity]++
	}
	tail := ""
	if n := counts[model.Warning]; n > 0 {
		tail += fmt.Sprintf(", %s", plural(n, "warning"))
	}
	if n := counts[model.HotspotNote]; n > 0 {
		tail += fmt.Sprintf(", %s", plural(n, "hotspot"))
	}
	if n := counts[model.Error]; n > 0 {
		return fmt.Sprintf("%s: invalid: %s%s", file, plural(n, "error"), tail)
	}
	return fmt.Sprintf("%s: valid: %s%s", file, model.Describe(m), tail)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
