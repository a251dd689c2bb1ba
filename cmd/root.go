// Package cmd is eventstorm's command line: one file per verb, each parsing
// its flags into an options struct and calling its run function with the
// I/O streams injected, so every command is tested without a terminal.
package cmd

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// IOStreams are a command's standard streams.
type IOStreams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// Interactive is true when In and Out are a terminal a person types at.
	Interactive bool
}

// System returns the process's own streams.
func System() *IOStreams {
	return &IOStreams{
		In:          os.Stdin,
		Out:         os.Stdout,
		Err:         os.Stderr,
		Interactive: term.IsTerminal(int(os.Stdin.Fd())) && term.IsTerminal(int(os.Stdout.Fd())),
	}
}

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1 // the input is invalid or the work failed
	exitUsage = 2 // the command line is wrong
)

// Main runs eventstorm with the process's arguments and streams and
// returns the exit code.
func Main() int { return Run(os.Args[1:], System()) }

// Run runs eventstorm with args and returns the exit code.
func Run(args []string, streams *IOStreams) int {
	root := newRootCmd(streams)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var fail *failure
	if errors.As(err, &fail) {
		if fail.err != nil {
			fmt.Fprintf(streams.Err, "eventstorm: %v\n", fail.err)
		}
		return fail.code
	}
	// Anything cobra itself rejects (unknown command or flag, wrong number
	// of arguments) is a usage error.
	fmt.Fprintf(streams.Err, "eventstorm: %v\nRun 'eventstorm --help' for usage.\n", err)
	return exitUsage
}

// failure is an error from a command's run, carrying its exit code. A nil
// err means the command has already said what went wrong.
type failure struct {
	code int
	err  error
}

func (f *failure) Error() string {
	if f.err == nil {
		return fmt.Sprintf("exit status %d", f.code)
	}
	return f.err.Error()
}

func (f *failure) Unwrap() error { return f.err }

// fail wraps a run error so that it exits 1.
func fail(err error) error {
	if err == nil {
		return nil
	}
	var f *failure
	if errors.As(err, &f) {
		return err
	}
	return &failure{code: exitFail, err: err}
}

// usageError exits 2 with the message.
func usageError(format string, args ...any) error {
	return &failure{code: exitUsage, err: fmt.Errorf(format, args...)}
}

func newRootCmd(streams *IOStreams) *cobra.Command {
	root := &cobra.Command{
		Use:   "eventstorm",
		Short: "Turn an EventStorming board into running microservices",
		Long: `eventstorm turns the result of an EventStorming workshop into running code.

Write the board (bounded contexts, aggregates, commands, domain events,
policies, read models, external systems, hotspots) as YAML in
eventstorm.yaml, check it with 'eventstorm validate', and generate a
hexagonal Go service per bounded context.

Start with a bundled example:

  eventstorm init shop --sample order
  eventstorm validate shop/eventstorm.yaml`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(streams.In)
	root.SetOut(streams.Out)
	root.SetErr(streams.Err)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError("%v\nRun '%s --help' for usage.", err, c.CommandPath())
	})
	root.AddCommand(
		newInitCmd(streams),
		newSamplesCmd(streams),
		newValidateCmd(streams),
		newImportCmd(streams),
		newGenerateCmd(streams),
		newSchemaCmd(streams),
		newVersionCmd(streams),
		newModelCmd(streams),
		newBrokerCmd(streams),
		newDevCmd(streams),
		newTestCmd(streams),
		newDiffCmd(streams),
		newDiagramCmd(streams),
		newDlqCmd(streams),
		newExportCmd(streams),
		newMCPCmd(streams),
	)
	// cobra's completion command only groups the shells; as it cannot run,
	// cobra prints its help and exits 0 for any argument, so that
	// 'completion tcsh' would look like success. Made runnable, it rejects
	// an unknown shell through its NoArgs check (exit 2) and prints its help
	// when given no shell.
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" && !c.Runnable() {
			c.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
		}
	}
	return root
}

// maxArgs is cobra.MaximumNArgs with a usage exit code.
func maxArgs(n int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) > n {
			return usageError("%s takes at most %d argument(s), got %d\nRun '%s --help' for usage.", c.CommandPath(), n, len(args), c.CommandPath())
		}
		return nil
	}
}

// noArgs is cobra.NoArgs with a usage exit code.
func noArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError("%s takes no arguments, got %q\nRun '%s --help' for usage.", c.CommandPath(), args[0], c.CommandPath())
	}
	return nil
}
