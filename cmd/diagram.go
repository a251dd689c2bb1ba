package cmd

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"eventstorm/diagram"
	"eventstorm/model"
)

type diagramOptions struct {
	streams *IOStreams
	file    string
	format  string
	out     string
}

// formatByExt is the format -o implies when --format is not given.
var formatByExt = map[string]string{".mmd": "mermaid", ".mermaid": "mermaid", ".dot": "dot", ".gv": "dot", ".html": "html", ".htm": "html", ".excalidraw": "excalidraw", ".drawio": "drawio"}

func newDiagramCmd(streams *IOStreams) *cobra.Command {
	opts := &diagramOptions{streams: streams}
	c := &cobra.Command{
		Use:   "diagram [FILE]",
		Short: "Draw the board of a model as Mermaid, Graphviz, HTML, Excalidraw or draw.io",
		Long: `Draw the board of a model (default ./eventstorm.yaml): the bounded
contexts with their stickies in the classic colours and the flows between
them, actor → command → aggregate → event → policy or read model, events
read by another context, calls of external systems and hotspots.

Formats:
  mermaid  a Mermaid flowchart, a subgraph per context; GitHub renders it in
           a Markdown mermaid block (the generated README embeds it)
  dot      the same graph for Graphviz: dot -Tsvg board.dot -o board.svg
  html     one self-contained page (no network) of sticky notes, a column
           per context, under the context map
  excalidraw  an Excalidraw scene (.excalidraw): a frame per context, the
           stickies laid out along the flow, one row per command, arrows
           bound to them; opens in excalidraw.com, 'eventstorm import' reads it
  drawio   the same board for draw.io (.drawio): a swimlane per context;
           opens in app.diagrams.net, 'eventstorm import' reads it

Without --format, the extension of -o picks the format (.mmd, .dot, .gv,
.html, .excalidraw, .drawio), else mermaid. A model with errors draws
nothing: its problems are listed as by 'eventstorm validate' and the exit
status is 1.`,
		Example: `  eventstorm diagram
  eventstorm diagram shop/eventstorm.yaml --format html -o board.html
  eventstorm diagram --format dot | dot -Tsvg -o board.svg`,
		Args: maxArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.file = ModelFile
			if len(args) == 1 {
				opts.file = args[0]
			}
			if !c.Flags().Changed("format") {
				if f, ok := formatByExt[strings.ToLower(filepath.Ext(opts.out))]; ok {
					opts.format = f
				}
			}
			return fail(runDiagram(opts))
		},
	}
	c.Flags().StringVar(&opts.format, "format", "mermaid", "output format: "+strings.Join(diagram.Formats, ", "))
	c.Flags().StringVarP(&opts.out, "output", "o", "", "file to write (default: standard output)")
	_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(diagram.Formats, cobra.ShellCompDirectiveNoFileComp))
	c.ValidArgsFunction = yamlFiles
	return c
}

func runDiagram(opts *diagramOptions) error {
	if !slices.Contains(diagram.Formats, opts.format) {
		return usageError("--format must be one of %s, not %q", strings.Join(diagram.Formats, ", "), opts.format)
	}
	m, diags := model.Read(opts.file)
	for _, d := range diags {
		if d.Severity != model.HotspotNote {
			fmt.Fprintln(opts.streams.Err, d)
		}
	}
	if diags.HasErrors() {
		return &failure{code: exitFail, err: fmt.Errorf("%s is invalid; no diagram was drawn", opts.file)}
	}
	var buf bytes.Buffer
	if err := diagram.Render(&buf, m, opts.format); err != nil {
		return err
	}
	if opts.out == "" {
		_, err := opts.streams.Out.Write(buf.Bytes())
		return err
	}
	return os.WriteFile(opts.out, buf.Bytes(), 0o644)
}
