package cmd

import (
	"github.com/spf13/cobra"

	"eventstorm/schema"
)

func newSchemaCmd(streams *IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the model format",
		Long: `Print the JSON Schema of eventstorm.yaml (format 1).

Editors that understand the yaml-language-server modeline complete and
check a model against it. Save it beside your model and point to it from
the first line of the model:

  eventstorm schema > eventstorm.schema.json
  # yaml-language-server: $schema=eventstorm.schema.json

'eventstorm init' does this for you. The schema checks the shape of a
model; 'eventstorm validate' checks everything.`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := streams.Out.Write(schema.JSON)
			return fail(err)
		},
	}
}
