package cmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/spf13/cobra"

	"eventstorm/internal/mcpserver"
)

type mcpOptions struct {
	streams *IOStreams
	file    string
}

func newMCPCmd(streams *IOStreams) *cobra.Command {
	opts := &mcpOptions{streams: streams}
	c := &cobra.Command{
		Use:   "mcp",
		Short: "Serve the model to coding agents over the Model Context Protocol",
		Long: `Serve the model (./eventstorm.yaml, or --model FILE) to a coding agent as a
Model Context Protocol server on standard input and output.

Resources: the model file (eventstorm://model), its diagnostics
(eventstorm://diagnostics) and each bounded context
(eventstorm://contexts/{name}).

Tools: validate, describe, add_element, rename_element, delete_element,
link, set_scenario, remove_scenario, generate_dry_run, diff and diagram.
The editing tools are the terminal board's operations: they keep the
file's comments, and save the model atomically after every edit.`,
		Example: `  eventstorm mcp
  eventstorm mcp --model shop/eventstorm.yaml

  # Claude Code:  claude mcp add eventstorm -- eventstorm mcp`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return fail(runMCP(c.Context(), opts))
		},
	}
	c.Flags().StringVar(&opts.file, "model", ModelFile, "the model file to serve")
	return c
}

func runMCP(ctx context.Context, opts *mcpOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	t := &mcp.IOTransport{Reader: io.NopCloser(opts.streams.In), Writer: nopWriteCloser{opts.streams.Out}}
	return mcpserver.Run(ctx, mcpserverOptions(opts.file), t)
}

// nopWriteCloser is a writer whose Close does nothing: the server's end of
// the connection must not close the process's standard output.
type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// mcpserverOptions are the server's options for a model file, with
// generate --dry-run and diff run as the commands run them.
func mcpserverOptions(file string) mcpserver.Options {
	return mcpserver.Options{
		File:    file,
		Version: buildVersion(),
		DryRun: func(_ context.Context, file, layout string) (string, error) {
			if layout == "" {
				layout = "services"
			}
			return captured(func(s *IOStreams) error {
				return runGenerate(&generateOptions{streams: s, file: file, dryRun: true, layout: layout})
			})
		},
		Diff: func(_ context.Context, old, new string) (string, error) {
			return captured(func(s *IOStreams) error {
				return runDiff(&diffOptions{streams: s, old: old, new: new, format: "json"})
			})
		},
	}
}

// captured runs a command's run function with in-memory streams and
// returns what it printed. An exit status without a message (diff's
// "something breaks") is an answer, not an error; other failures carry
// what the command printed on stderr.
func captured(run func(*IOStreams) error) (string, error) {
	var out, errOut bytes.Buffer
	err := run(&IOStreams{In: strings.NewReader(""), Out: &out, Err: &errOut})
	var f *failure
	if err == nil || (errors.As(err, &f) && f.err == nil) {
		return out.String(), nil
	}
	if msg := strings.TrimSpace(errOut.String()); msg != "" {
		return out.String(), fmt.Errorf("%v\n%s", err, msg)
	}
	return out.String(), err
}
