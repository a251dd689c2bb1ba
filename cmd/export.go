package cmd

import "github.com/spf13/cobra"

func newExportCmd(streams *IOStreams) *cobra.Command {
	c := &cobra.Command{
		Use:   "export",
		Short: "Export a model to another tool's format",
		Long: `Export a model (default ./eventstorm.yaml) to another tool's format.

Formats:
  eventcatalog  an EventCatalog (eventcatalog.dev) folder of domains,
                services, events, commands and channels`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	c.AddCommand(newExportEventCatalogCmd(streams))
	return c
}
