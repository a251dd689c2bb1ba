package cmd

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"eventstorm/generator"
	"eventstorm/generator/golang"
	"eventstorm/generator/write"
	"eventstorm/model"
	"eventstorm/model/names"
	"eventstorm/platform/scenario"
)

type generateOptions struct {
	streams *IOStreams
	file    string
	out     string
	dryRun  bool
	check   bool
	force   bool
	verbose bool
	layout  string
}

func newGenerateCmd(streams *IOStreams) *cobra.Command {
	opts := &generateOptions{streams: streams}
	c := &cobra.Command{
		Use:   "generate [FILE]",
		Short: "Generate a Go service per bounded context from a model",
		Long: `Generate a Go system from a model (default ./eventstorm.yaml): one Go
module, and under services/ a hexagonal service per bounded context that
builds, tests and runs with no edits.

--layout chooses another shape for the same contexts:
  services  (default) one module, a service per context in services/<context>/
  polyrepo  a folder per context at the root, <context>/, each a Go module
            with its own go.mod, README, Dockerfile, manifests and CI
            workflow, ready to be pushed as a repository of its own
  monolith  one module and one binary, cmd/<system>, every context a module
            in internal/<context>/ that no other context may import, wired
            through an in-process bus (or Kafka when KAFKA_BROKERS is set),
            all routes on one HTTP server
Inside a context's folder the paths are the same in every layout. Changing
the layout of a generated system deletes the old layout's generated files
and leaves your scaffolded files where they are; generate lists where each
one goes now. Give the same --layout on every run, --check included.

Files are of two kinds. Generated files (*_gen.go, marked "DO NOT EDIT")
are rewritten on every run to match the model, and removed when the model
no longer produces them. Scaffolded files, where your business logic goes,
are created once and never overwritten or deleted: when the model changes,
the build tells you what to adapt in them. A generated file edited by hand
is never overwritten without --force.

The output goes to the model's directory unless -o says otherwise.`,
		Example: `  eventstorm generate
  eventstorm generate shop/eventstorm.yaml -o shop
  eventstorm generate --layout monolith
  eventstorm generate --check    # in CI: fail when the generated code is stale`,
		Args: maxArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.file = ModelFile
			if len(args) == 1 {
				opts.file = args[0]
			}
			return fail(runGenerate(opts))
		},
	}
	c.Flags().StringVarP(&opts.out, "output", "o", "", "directory of the generated system (default: the model's directory)")
	c.Flags().BoolVar(&opts.dryRun, "dry-run", false, "print what would change, and change nothing")
	c.Flags().BoolVar(&opts.check, "check", false, "change nothing; exit 1 when the generated files are stale")
	c.Flags().BoolVarP(&opts.force, "force", "f", false, "overwrite generated files edited by hand")
	c.Flags().BoolVarP(&opts.verbose, "verbose", "v", false, "also list unchanged files")
	c.Flags().StringVar(&opts.layout, "layout", string(generator.LayoutServices), "shape of the system: "+strings.Join(layoutNames(), ", "))
	c.MarkFlagsMutuallyExclusive("dry-run", "check")
	_ = c.RegisterFlagCompletionFunc("layout", cobra.FixedCompletions(layoutNames(), cobra.ShellCompDirectiveNoFileComp))
	c.ValidArgsFunction = yamlFiles
	_ = c.MarkFlagDirname("output")
	return c
}

// layoutNames lists the layouts, the default first.
func layoutNames() []string {
	var out []string
	for _, l := range generator.Layouts {
		out = append(out, string(l))
	}
	return out
}

func runGenerate(opts *generateOptions) error {
	out, errOut := opts.streams.Out, opts.streams.Err
	lessGC()
	layout, err := generator.ParseLayout(opts.layout)
	if err != nil {
		return usageError("--layout must be one of %s, not %q", strings.Join(layoutNames(), ", "), opts.layout)
	}
	m, diags := model.Read(opts.file)
	for _, d := range diags {
		if d.Severity != model.HotspotNote {
			fmt.Fprintln(errOut, d)
		}
	}
	if diags.HasErrors() {
		return &failure{code: exitFail, err: fmt.Errorf("%s is invalid; nothing was generated", opts.file)}
	}
	dir := opts.out
	if dir == "" {
		dir = filepath.Dir(opts.file)
	}
	if wide := tooWide(dir); wide != "" && !opts.force {
		return usageError("refusing to generate into %s, %s: give a folder of its own with -o, or --force", dir, wide)
	}
	source, err := os.ReadFile(opts.file)
	if err != nil {
		return err
	}
	genOpts := generator.Options{Source: source, Layout: layout}
	if samePath(filepath.Join(dir, ModelFile), opts.file) {
		genOpts.Source = nil // the model is already there: it is the user's file
	}
	input := planInput(layout, genOpts.Source != nil, source)
	if result, ok := write.Current(dir, input); ok {
		// Nothing changed since the last run: no need to plan.
		if ferr := write.FormatChanges(out, result, opts.verbose); ferr != nil {
			return ferr
		}
		return finishGenerate(opts, m, layout, dir, result)
	}
	plan, err := generator.Plan(m, genOpts)
	if err != nil {
		return err
	}
	result, err := write.Apply(dir, plan, write.Options{DryRun: opts.dryRun, Check: opts.check, Force: opts.force, Input: input})
	if result != nil {
		if ferr := write.FormatChanges(out, result, opts.verbose); ferr != nil {
			return ferr
		}
		printMoves(out, m, layout, plan, result, opts.dryRun || opts.check)
	}
	var conflict *write.ConflictError
	switch {
	case errors.As(err, &conflict):
		return &failure{code: exitFail, err: err}
	case err != nil:
		return err
	}
	return finishGenerate(opts, m, layout, dir, result)
}

// finishGenerate reports the outcome of a generate run: for --check,
// whether the files are stale; otherwise the scenarios waiting for code
// and what to run next.
func finishGenerate(opts *generateOptions, m *model.Model, layout generator.Layout, dir string, result *write.Result) error {
	out := opts.streams.Out
	if opts.check {
		if result.Stale() {
			again := opts.file
			if layout != generator.LayoutServices {
				again = "--layout " + string(layout) + " " + again
			}
			return &failure{code: exitFail, err: fmt.Errorf("the generated files in %s are stale; run 'eventstorm generate %s'", dir, again)}
		}
		fmt.Fprintf(out, "The generated files in %s are up to date.\n", dir)
		return nil
	}
	printPending(opts, m, layout, dir)
	if !opts.dryRun {
		reportKept(out, dir, result)
	}
	if !opts.dryRun {
		first := m.Contexts[0].Kebab()
		switch layout {
		case generator.LayoutPolyrepo:
			fmt.Fprintf(out, "\nNext: cd %s && go test ./... && go run ./cmd/%s\n", filepath.Join(dir, generator.ContextDir(m.Contexts[0], layout)), first)
		case generator.LayoutMonolith:
			fmt.Fprintf(out, "\nNext: cd %s && go test ./... && go run ./cmd/%s\n", dir, names.Kebab(m.SystemBase()))
		default:
			fmt.Fprintf(out, "\nNext: eventstorm dev %s    (every service, on an embedded Kafka broker)\n      eventstorm test %s   (the model's flows, on the running system)\n      cd %s && go test ./...\n", dir, dir, dir)
		}
	}
	return nil
}

// planInput identifies what a plan is made from, for write.Current: this
// eventstorm binary (its path, size and modification time, which any other
// build changes), the layout, whether the model is copied into the output,
// and the model. Empty when the binary cannot be found: then every run
// plans.
func planInput(layout generator.Layout, copied bool, source []byte) string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00%d\x00%s\x00%t\x00", exe, fi.Size(), fi.ModTime().UnixNano(), layout, copied)
	h.Write(source)
	return hex.EncodeToString(h.Sum(nil))
}

// tooWide says why dir is no place for a generated system (a filesystem
// root or the user's home folder, where a system's files would mix with
// everything else), or "" when it is fine.
func tooWide(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	if filepath.Dir(abs) == abs {
		return "the root of the filesystem"
	}
	if home, err := os.UserHomeDir(); err == nil && samePath(abs, home) {
		return "your home folder"
	}
	return ""
}

// lessGC lets the heap grow to five times the live data between
// collections unless GOGC says otherwise: generating allocates much short-
// lived garbage (a large model's plan, about 1 GB, lives for a second), and
// the default spends a fifth of the CPU collecting it.
func lessGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}

// printPending lists the scenarios whose tests wait for hand-written code.
func printPending(opts *generateOptions, m *model.Model, layout generator.Layout, dir string) {
	var pending []golang.Pending
	for _, p := range generator.PendingIn(m, layout) {
		if !written(filepath.Join(dir, filepath.Dir(p.File)), p) {
			pending = append(pending, p)
		}
	}
	if len(pending) == 0 {
		return
	}
	out := opts.streams.Out
	if len(pending) == 1 {
		fmt.Fprintln(out, "\n1 scenario waits for code; its test skips until it is written (fails under EVENTSTORM_STRICT=1):")
	} else {
		fmt.Fprintf(out, "\n%d scenarios wait for code; their tests skip until it is written (fail under EVENTSTORM_STRICT=1):\n", len(pending))
	}
	for _, p := range pending {
		what := "decide which events " + p.Command.Name + " records"
		if p.Scenario.Rejected {
			what = "write the rule that rejects " + p.Command.Name
		}
		fmt.Fprintf(out, "  %s:%d: %q: %s in %s\n", opts.file, p.Scenario.Pos.Line, p.Scenario.Name, what, filepath.ToSlash(filepath.Join(dir, p.File)))
	}
}

// written reports whether the code a pending scenario waits for is in
// the aggregate's folder, by the test's own rule: a rule error it names
// is used, or (for a scenario naming no rule) the hook is no longer as
// scaffolded.
func written(dir string, p golang.Pending) bool {
	if len(p.Rules) > 0 {
		if used, err := scenario.Uses(dir, p.Rules...); err == nil && used {
			return true
		}
		if p.Scenario.Rule != nil {
			return false
		}
	}
	untouched, err := scenario.Untouched(dir, p.Hook)
	return err == nil && !untouched && hasGo(dir)
}

// hasGo reports whether dir holds Go files, so that a folder not yet
// generated counts as nothing written.
func hasGo(dir string) bool {
	matches, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	return len(matches) > 0
}

// samePath reports whether two paths name the same file.
func samePath(a, b string) bool {
	ai, errA := os.Stat(a)
	bi, errB := os.Stat(b)
	if errA != nil || errB != nil {
		return filepath.Clean(a) == filepath.Clean(b)
	}
	return os.SameFile(ai, bi)
}
