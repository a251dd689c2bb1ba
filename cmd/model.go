package cmd

import (
	"errors"

	"github.com/spf13/cobra"

	"eventstorm/tui"
)

func newModelCmd(streams *IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "model [FILE]",
		Short: "Run the EventStorming session on a model in the terminal",
		Long: `Open the model FILE (default ./eventstorm.yaml) on a board in the
terminal: one bounded context at a time, its stickies in the flow's order
(actor, command, aggregate, events, policies and read models). Add, rename,
link and delete stickies and edit their fields; the model is validated on
every change, and s saves it as tidy YAML that keeps the file's comments.
A missing FILE starts a new model. ? shows every key.

It needs a terminal; without one it exits 1 at once (use 'eventstorm
validate' to check a model in scripts).`,
		Example: `  eventstorm model
  eventstorm model shop/eventstorm.yaml`,
		Args:              maxArgs(1),
		ValidArgsFunction: yamlFiles,
		RunE: func(_ *cobra.Command, args []string) error {
			file := ModelFile
			if len(args) == 1 {
				file = args[0]
			}
			err := tui.OpenModel(file, tui.Streams{In: streams.In, Out: streams.Out, Err: streams.Err, Interactive: streams.Interactive})
			if errors.Is(err, tui.ErrNoTerminal) {
				return fail(errors.New("'eventstorm model' needs a terminal and this is none; to check the model, run 'eventstorm validate " + file + "'"))
			}
			return fail(err)
		},
	}
}
