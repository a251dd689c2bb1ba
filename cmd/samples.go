package cmd

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"eventstorm/samples"
)

func newSamplesCmd(streams *IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "samples",
		Short: "List the bundled example models",
		Long: `List the example models bundled with eventstorm, one a line.

Copy one into a directory with 'eventstorm init DIR --sample NAME'.`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			return fail(runSamples(streams))
		},
	}
}

func runSamples(streams *IOStreams) error {
	w := tabwriter.NewWriter(streams.Out, 0, 4, 2, ' ', 0)
	for _, s := range samples.All() {
		fmt.Fprintf(w, "%s\t%s\n", s.Name, s.Description)
	}
	return w.Flush()
}
