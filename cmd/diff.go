package cmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/spf13/cobra"

	"eventstorm/contractdiff"
	"eventstorm/model"
)

type diffOptions struct {
	streams  *IOStreams
	old, new string
	format   string
	plan     bool
}

func newDiffCmd(streams *IOStreams) *cobra.Command {
	opts := &diffOptions{streams: streams}
	c := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "List the changes of published contracts between two models",
		Long: `Compare two versions of a model and list each change of a published
contract (events read by other contexts, topics, event types, HTTP
routes and bodies), one line per change:

  FILE:LINE:COL: breaking: event Ordering.Order.Order Placed, field amount: removed (was decimal); affects Order History (read model Order History)
  FILE:LINE:COL: compatible: command Ordering.Order.Place Order, field note: added (optional string)

OLD and NEW are model files, or REV:PATH to read a file from git as
'git show REV:PATH' does in the current directory (PATH is relative to
the repository's top; write REV:./PATH for one relative to here). A
path that exists as a file is always read as a file.

With --plan, print instead the order in which to release the services
whose contracts change: readers of an event first when it gets a new
version, so that they accept it before its producer publishes it; the
producer first when its readers stop accepting the version it publishes
today. docs/versions.md explains event versions.

Exit status: 0 when nothing breaks (compatible changes are still listed),
1 when some change breaks a consumer, 2 when the command line is wrong,
a model cannot be read or has errors (printed as FILE:LINE:COL), or git
fails. docs/diff.md gives the rules.`,
		Example: `  eventstorm diff main:eventstorm.yaml eventstorm.yaml      # in CI, on a pull request
  eventstorm diff HEAD~1:shop/eventstorm.yaml shop/eventstorm.yaml --format json
  eventstorm diff old/eventstorm.yaml new/eventstorm.yaml
  eventstorm diff --plan main:eventstorm.yaml eventstorm.yaml   # which services to release first`,
		Args: exactArgs(2),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.old, opts.new = args[0], args[1]
			return fail(runDiff(opts))
		},
	}
	c.Flags().StringVar(&opts.format, "format", "text", "output format: text or json")
	c.Flags().BoolVar(&opts.plan, "plan", false, "print the order in which to release the services (event versions: readers before producers, or the reverse)")
	_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	c.ValidArgsFunction = yamlFiles
	return c
}

// exactArgs is cobra.ExactArgs with a usage exit code.
func exactArgs(n int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError("%s takes %d arguments, got %d\nRun '%s --help' for usage.", c.CommandPath(), n, len(args), c.CommandPath())
		}
		return nil
	}
}

func runDiff(opts *diffOptions) error {
	if opts.format != "text" && opts.format != "json" {
		return usageError("--format must be text or json, not %q", opts.format)
	}
	old, err := readVersion(opts.streams, opts.old)
	if err != nil {
		return err
	}
	new, err := readVersion(opts.streams, opts.new)
	if err != nil {
		return err
	}
	changes := contractdiff.Compare(old, new)
	if changes == nil {
		changes = contractdiff.Changes{}
	}
	if opts.plan {
		err = printPlan(opts, changes, contractdiff.PlanReleases(old, new))
	} else {
		err = printChanges(opts, changes)
	}
	if err != nil {
		return err
	}
	if changes.Breaking() > 0 {
		return &failure{code: exitFail}
	}
	return nil
}

// printChanges prints the changes, as lines and a summary or as JSON.
func printChanges(opts *diffOptions, changes contractdiff.Changes) error {
	out := opts.streams.Out
	if opts.format == "json" {
		return encodeJSON(opts, changes)
	}
	for _, c := range changes {
		fmt.Fprintln(out, c)
	}
	fmt.Fprintln(out, diffSummary(opts, changes))
	return nil
}

// printPlan prints the release plan: its steps and the summary line, or
// as JSON the plan with the changes it orders.
func printPlan(opts *diffOptions, changes contractdiff.Changes, plan contractdiff.Plan) error {
	if opts.format == "json" {
		return encodeJSON(opts, struct {
			Changes contractdiff.Changes `json:"changes"`
			Plan    contractdiff.Plan    `json:"plan"`
		}{changes, plan})
	}
	fmt.Fprint(opts.streams.Out, plan)
	fmt.Fprintln(opts.streams.Out, diffSummary(opts, changes))
	return nil
}

func encodeJSON(opts *diffOptions, v any) error {
	enc := json.NewEncoder(opts.streams.Out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// diffSummary is the closing line of a text report.
func diffSummary(opts *diffOptions, changes contractdiff.Changes) string {
	if len(changes) == 0 {
		return fmt.Sprintf("%s: no contract changes since %s", opts.new, opts.old)
	}
	b := changes.Breaking()
	return fmt.Sprintf("%s: %s, %s since %s", opts.new, plural(b, "breaking change"), plural(len(changes)-b, "compatible change"), opts.old)
}

// readVersion loads and validates one version of the model: the file at
// spec, or the file a git revision holds when spec is REV:PATH and no file
// of that name exists. A model with errors prints them on stderr and exits
// 2, as the versions cannot be compared.
func readVersion(streams *IOStreams, spec string) (*model.Model, error) {
	var m *model.Model
	var diags model.Diagnostics
	if _, statErr := os.Stat(spec); statErr != nil && isRevision(spec) {
		data, err := gitShow(spec)
		if err != nil {
			return nil, &failure{code: exitUsage, err: err}
		}
		m, diags = model.Load(spec, data)
		if m != nil {
			diags = append(diags, model.Validate(m)...)
		}
		diags = diags.Sort()
	} else {
		m, diags = model.Read(spec)
	}
	if !diags.HasErrors() {
		return m, nil
	}
	errs := diags.Errors()
	for _, d := range errs {
		fmt.Fprintln(streams.Err, d)
	}
	return nil, &failure{code: exitUsage, err: fmt.Errorf("%s: invalid: %s; nothing was compared", spec, plural(len(errs), "error"))}
}

// isRevision reports whether spec reads as REV:PATH. A Windows path with
// a drive letter (C:\m.yaml, C:/m.yaml) does not, nor does an argument
// starting with "-", which git would take for an option.
func isRevision(spec string) bool {
	i := strings.IndexByte(spec, ':')
	if i < 0 || strings.HasPrefix(spec, "-") {
		return false
	}
	drive := i == 1 && len(spec) > 2 && (spec[2] == '\\' || spec[2] == '/') &&
		('a' <= spec[0]|0x20 && spec[0]|0x20 <= 'z')
	return !drive
}

// gitShow returns what 'git show REV:PATH' prints, run in the current
// directory.
func gitShow(spec string) ([]byte, error) {
	var stdout, stderr bytes.Buffer
	c := exec.Command("git", "show", spec)
	c.Stdout, c.Stderr = &stdout, &stderr
	if err := c.Run(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return nil, fmt.Errorf("cannot read %s: it is no file, and git, to read it as REV:PATH, is not installed", spec)
		}
		msg := strings.Join(strings.Fields(strings.ReplaceAll(strings.TrimSpace(stderr.String()), "\n", "; ")), " ")
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("cannot read %s: no such file, and git show %s failed: %s", spec, spec, msg)
	}
	return stdout.Bytes(), nil
}
