package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"eventstorm/internal/eventcatalog"
	"eventstorm/model"
)

type exportEventCatalogOptions struct {
	streams *IOStreams
	file    string
	out     string
}

func newExportEventCatalogCmd(streams *IOStreams) *cobra.Command {
	opts := &exportEventCatalogOptions{streams: streams}
	c := &cobra.Command{
		Use:   "eventcatalog [FILE] -o DIR",
		Short: "Write the model as an EventCatalog",
		Long: `Write the model (default ./eventstorm.yaml) into DIR in EventCatalog's
folder and front-matter layout (EventCatalog 2.x, with channels):

  domains/<System>/index.mdx          the system, listing its services
  services/<Context>/index.mdx        a service per bounded context: it
                                      receives its commands and the events
                                      it reads, and sends its events
  events/<type>/index.mdx, schema.json    every event with its JSON Schema
  commands/<id>/index.mdx, schema.json    every command with its JSON Schema
  channels/<topic>/index.mdx          a Kafka channel per topic

The schemas and topics are those 'eventstorm generate' writes. The output
is the same, byte for byte, for the same model. Run it again to update DIR:
the files it wrote are rewritten or removed, files you added are kept. DIR
must be empty or missing the first time (a .eventstorm-catalog file marks
it as written by this command).`,
		Example: `  eventstorm export eventcatalog -o catalog
  eventstorm export eventcatalog shop/eventstorm.yaml -o shop-catalog`,
		Args: maxArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.file = ModelFile
			if len(args) == 1 {
				opts.file = args[0]
			}
			return fail(runExportEventCatalog(opts))
		},
	}
	c.Flags().StringVarP(&opts.out, "output", "o", "", "folder of the catalog (required)")
	c.ValidArgsFunction = yamlFiles
	return c
}

func runExportEventCatalog(opts *exportEventCatalogOptions) error {
	if opts.out == "" {
		return usageError("export eventcatalog needs -o DIR")
	}
	m, diags := model.Read(opts.file)
	for _, d := range diags {
		if d.Severity != model.HotspotNote {
			fmt.Fprintln(opts.streams.Err, d)
		}
	}
	if diags.HasErrors() {
		return &failure{code: exitFail, err: fmt.Errorf("%s is invalid; nothing was exported", opts.file)}
	}
	files, err := eventcatalog.Build(m)
	if err != nil {
		return err
	}
	if err := eventcatalog.Write(opts.out, files); err != nil {
		return err
	}
	fmt.Fprintf(opts.streams.Out, "wrote %d files of the EventCatalog of %s to %s\n", len(files), m.System, opts.out)
	return nil
}
