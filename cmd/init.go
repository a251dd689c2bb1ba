package cmd

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"eventstorm/internal/fsutil"
	"eventstorm/samples"
	"eventstorm/schema"
	"eventstorm/tui"
)

// ModelFile is the conventional name of a model.
const ModelFile = "eventstorm.yaml"

type initOptions struct {
	streams *IOStreams
	dir     string
	sample  string
	force   bool
}

func newInitCmd(streams *IOStreams) *cobra.Command {
	opts := &initOptions{streams: streams}
	c := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Start a model in DIR from a bundled sample",
		Long: `Start a model in DIR (default: the current directory, created if missing).

On a terminal without --sample, it opens the modeling session: name the
system, add its bounded contexts, and build the board with the keyboard.
With --sample, or without a terminal, it writes DIR/eventstorm.yaml from a
bundled sample (the starter sample, order, when none is named).

The model's JSON Schema is written beside it in DIR/.eventstorm/ so that
editors complete and check it. An existing model is never overwritten
unless --force is given.`,
		Example: `  eventstorm init shop --sample order
  eventstorm samples            # lists the samples to choose from`,
		Args: maxArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.dir = "."
			if len(args) == 1 {
				opts.dir = args[0]
			}
			return fail(runInit(opts))
		},
	}
	c.Flags().StringVarP(&opts.sample, "sample", "s", "", "bundled sample to start from (see 'eventstorm samples')")
	c.Flags().BoolVarP(&opts.force, "force", "f", false, "overwrite an existing eventstorm.yaml")
	_ = c.RegisterFlagCompletionFunc("sample", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var out []string
		for _, s := range samples.All() {
			out = append(out, s.Name+"\t"+s.Description)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	c.ValidArgsFunction = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return nil, cobra.ShellCompDirectiveFilterDirs
	}
	return c
}

func runInit(opts *initOptions) error {
	if opts.sample == "" && opts.streams.Interactive {
		return runSession(opts)
	}
	name := opts.sample
	if name == "" {
		name = samples.Default
	}
	sample, err := samples.Get(name)
	if err != nil {
		return usageError("%v", err)
	}
	if st, err := os.Stat(opts.dir); err == nil && !st.IsDir() {
		return fmt.Errorf("%s is a file, not a directory; give the directory to write %s in", opts.dir, ModelFile)
	}
	target := filepath.Join(opts.dir, ModelFile)
	if _, err := os.Stat(target); err == nil && !opts.force {
		return fmt.Errorf("%s already exists; use --force to overwrite it", target)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(opts.dir, 0o755); err != nil {
		return err
	}
	schemaPath := filepath.Join(".eventstorm", schema.FileName)
	if err := fsutil.WriteFileAtomic(filepath.Join(opts.dir, schemaPath), schema.JSON, 0o644); err != nil {
		return err
	}
	if err := fsutil.WriteFileAtomic(target, withSchemaLine(sample.Data, schemaPath), 0o644); err != nil {
		return err
	}
	out := opts.streams.Out
	if opts.sample == "" {
		fmt.Fprintf(out, "No --sample given: wrote the starter sample %q (%s) to %s.\n", sample.Name, sample.Description, target)
	} else {
		fmt.Fprintf(out, "Wrote the %q sample (%s) to %s.\n", sample.Name, sample.Description, target)
	}
	fmt.Fprintf(out, "Next: edit it, then run 'eventstorm validate %s'.\n", target)
	return nil
}

// withSchemaLine points the model's yaml-language-server modeline at the
// schema written beside it.
func withSchemaLine(data []byte, schemaPath string) []byte {
	line := []byte("# yaml-language-server: $schema=" + filepath.ToSlash(schemaPath))
	if bytes.HasPrefix(data, []byte("# yaml-language-server:")) {
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			return append(line, data[i:]...)
		}
	}
	return append(append(line, '\n'), data...)
}

// runSession opens the TUI modeling session in DIR: name the system, add
// contexts, and go on to the board.
func runSession(opts *initOptions) error {
	target := filepath.Join(opts.dir, ModelFile)
	if _, err := os.Stat(target); err == nil && !opts.force {
		return fmt.Errorf("%s already exists; open it with 'eventstorm model %s', or use --force to start over", target, target)
	}
	s := opts.streams
	return tui.NewSession(opts.dir, tui.Streams{In: s.In, Out: s.Out, Err: s.Err, Interactive: s.Interactive})
}
