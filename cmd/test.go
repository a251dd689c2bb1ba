package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/generator"
	"eventstorm/internal/devrun"
	"eventstorm/internal/flowrun"
	"eventstorm/model"
	"eventstorm/model/names"
)

type testOptions struct {
	streams  *IOStreams
	dir      string
	kafka    string
	httpPort int
	timeout  time.Duration
	// ready bounds the wait for every service to answer /readyz once
	// started.
	ready   time.Duration
	run     string
	junit   string
	verbose bool
	// databaseURL names a PostgreSQL or MySQL server on which each service
	// gets a database of its own, as with dev; empty passes DATABASE_URL
	// through.
	databaseURL string
	// grace is how long a service has to stop after SIGINT; 0 is devrun's
	// default.
	grace time.Duration
	// secure runs the broker with TLS, SASL and the model's ACLs, as dev
	// --secure does; the flows read the topics as the broker's admin.
	secure bool
}

func newTestCmd(streams *IOStreams) *cobra.Command {
	opts := &testOptions{streams: streams}
	c := &cobra.Command{
		Use:   "test [DIR]",
		Short: "Run the model's flows against the generated system, running on an embedded Kafka broker",
		Long: `Run the flows of a generated system's model (the flows: of eventstorm.yaml)
against the system itself. DIR (default: the current directory) is the
system's root, where 'eventstorm generate' wrote eventstorm.yaml, in any
layout (services, polyrepo or monolith).

test starts a Kafka-protocol broker in this process, builds the system and
starts every service as 'eventstorm dev' does (on free ports unless
--kafka and --http-port say otherwise), and waits until each answers
/readyz. Then, for each flow in the model's order, it sends the flow's
command with its values through the HTTP API of the command's context
(POST /<aggregate>/<command>), and waits up to --timeout for each event the
flow expects on the event's Kafka topic (a record of its type, keyed by the
new aggregate's id for the aggregate's own events, whose JSON has the
values listed) and for each read-model row (GET /<read model>/<key>, or its
pages when the key is not known, until a row has the values listed).
Values compare as the model's types say: decimals as numbers (12.50 is
12.5), times as instants.

With --secure, the broker runs as with 'eventstorm dev --secure': TLS
only, a SCRAM user per service allowed exactly what the model says it does
(a service reading or writing beyond its model fails the flow), and the
flows read the topics as the broker's admin.

The services keep their data in memory unless DATABASE_URL is set (passed
through) or --database-url names a PostgreSQL or MySQL server, on which
each service gets a database of its own, created if missing, as with
'eventstorm dev'.

It prints a line per flow, --- PASS or --- FAIL with what was not seen and
what was seen instead, then PASS or FAIL. --junit FILE also writes the
results as JUnit XML for CI. Every service and the broker are stopped at
the end, or on Ctrl-C. The services' logs are shown with -v, and their last
lines when something fails.

A flow's command must create its aggregate for now: a flow has no id of an
existing aggregate to send another command to.

Exit status: 0 when every flow passed, 1 when one failed or the system did
not build or start, 2 for a wrong command line or a model without flows.`,
		Example: `  eventstorm test
  eventstorm test shop --run 'placed order' --timeout 30s
  eventstorm test shop --junit flows.xml`,
		Args: maxArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.dir = "."
			if len(args) == 1 {
				opts.dir = args[0]
			}
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			go func() { <-ctx.Done(); stop() }()
			return fail(runTest(ctx, opts))
		},
	}
	c.Flags().StringVar(&opts.kafka, "kafka", "127.0.0.1:0", "host:port of the embedded Kafka broker (port 0: a free port)")
	c.Flags().IntVar(&opts.httpPort, "http-port", 0, "HTTP port of the first service, the next ones on the ports after it (0: free ports)")
	c.Flags().DurationVar(&opts.timeout, "timeout", flowrun.DefaultTimeout, "how long a flow waits for each event and row it expects")
	c.Flags().StringVar(&opts.run, "run", "", "run only the flows whose name matches this `regexp`")
	c.Flags().StringVar(&opts.junit, "junit", "", "also write the results as JUnit XML to `FILE`")
	c.Flags().BoolVarP(&opts.verbose, "verbose", "v", false, "show the services' logs as they run")
	c.Flags().BoolVar(&opts.secure, "secure", false, "run the broker with TLS, SASL/SCRAM users per service and the ACLs the model implies, as dev --secure does")
	c.Flags().StringVar(&opts.databaseURL, "database-url", "", "PostgreSQL or MySQL server `URL` on which each service gets its own database, as with dev (instead of DATABASE_URL)")
	return c
}

// runTest runs the flows of the system in opts.dir.
func runTest(ctx context.Context, opts *testOptions) error {
	if err := checkHostPort("--kafka", opts.kafka); err != nil {
		return err
	}
	if opts.httpPort < 0 || opts.httpPort > 65535 {
		return usageError("--http-port must be 0 or a port from 1 to 65535, not %d", opts.httpPort)
	}
	if opts.timeout <= 0 {
		return usageError("--timeout must be positive, not %v", opts.timeout)
	}
	if opts.databaseURL != "" {
		if _, err := devrun.ParseDatabaseServer(opts.databaseURL); err != nil {
			return usageError("--database-url: %v", err)
		}
	}
	if opts.junit != "" {
		if st, err := os.Stat(filepath.Dir(opts.junit)); err != nil || !st.IsDir() {
			return usageError("--junit %s: its folder %s does not exist", opts.junit, filepath.Dir(opts.junit))
		}
	}
	var filter *regexp.Regexp
	if opts.run != "" {
		var err error
		if filter, err = regexp.Compile(opts.run); err != nil {
			return usageError("--run: %v", err)
		}
	}
	file := filepath.Join(opts.dir, ModelFile)
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("%s has no %s: run test in the root of a generated system (eventstorm init, then eventstorm generate)", opts.dir, ModelFile)
	}
	m, diags := model.Read(file)
	for _, d := range diags {
		if d.Severity == model.Error {
			fmt.Fprintln(opts.streams.Err, d)
		}
	}
	if diags.HasErrors() {
		return fmt.Errorf("%s is invalid", file)
	}
	if len(m.Flows) == 0 {
		return usageError("%s has no flows to test: add `flows:`, each a command sent (when) and the events and read-model rows it leads to (then), e.g.\n"+
			"flows:\n  - name: a placed order shows in the history\n    when: { Ordering.Place Order: { customerId: c1, amount: \"12.50\" } }\n    then:\n      - Ordering.Order Placed\n      - { Order History.Order History: { status: placed } }", file)
	}
	var flows []*model.Flow
	var refused []string
	for _, f := range m.Flows {
		if filter != nil && !filter.MatchString(f.Name) {
			continue
		}
		if err := flowrun.Check(f); err != nil {
			refused = append(refused, fmt.Sprintf("%s:%d:%d: %v", file, f.When.Pos.Line, f.When.Pos.Col, err))
		}
		flows = append(flows, f)
	}
	if len(refused) > 0 {
		return usageError("%s", strings.Join(refused, "\n"))
	}
	if len(flows) == 0 {
		fmt.Fprintf(opts.streams.Err, "eventstorm: warning: no flow of %s matches --run %q\n", file, opts.run)
		fmt.Fprintln(opts.streams.Out, "PASS")
		return writeJUnit(opts, m, time.Now(), 0, nil)
	}

	started := time.Now()
	results, err := testSystem(ctx, opts, m, flows)
	total := time.Since(started)
	if err != nil {
		if ctx.Err() != nil {
			err = errors.New("interrupted")
		}
		// Every flow not run fails with the reason, in the JUnit file too.
		for _, f := range flows[len(results):] {
			results = append(results, flowrun.Result{Flow: f, Failures: []string{"not run: " + err.Error()}})
		}
		if jerr := writeJUnit(opts, m, started, total, results); jerr != nil {
			fmt.Fprintf(opts.streams.Err, "eventstorm: %v\n", jerr)
		}
		return err
	}
	failed := 0
	for _, r := range results {
		if !r.Passed() {
			failed++
		}
	}
	if failed == 0 {
		fmt.Fprintln(opts.streams.Out, "PASS")
		fmt.Fprintf(opts.streams.Out, "ok  \t%s\t%s\t%.3fs\n", names.Kebab(m.SystemBase()), plural(len(results), "flow"), total.Seconds())
	} else {
		fmt.Fprintln(opts.streams.Out, "FAIL")
		fmt.Fprintf(opts.streams.Out, "FAIL\t%s\t%d of %s failed\t%.3fs\n", names.Kebab(m.SystemBase()), failed, plural(len(results), "flow"), total.Seconds())
	}
	if err := writeJUnit(opts, m, started, total, results); err != nil {
		return err
	}
	if failed > 0 {
		return &failure{code: exitFail}
	}
	return nil
}

// writeJUnit writes the results to the --junit file, if any.
func writeJUnit(opts *testOptions, m *model.Model, started time.Time, total time.Duration, results []flowrun.Result) error {
	if opts.junit == "" {
		return nil
	}
	f, err := os.Create(opts.junit)
	if err != nil {
		return fmt.Errorf("--junit: %w", err)
	}
	err = flowrun.WriteJUnit(f, names.Kebab(m.SystemBase())+" flows", started, total, results)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("--junit: %w", err)
	}
	return nil
}

// testSystem builds and starts the system, runs the flows, printing each
// result, and stops the system. It returns the results of the flows run;
// an error when the system could not be run or ctx ended.
func testSystem(ctx context.Context, opts *testOptions, m *model.Model, flows []*model.Flow) ([]flowrun.Result, error) {
	sys, err := testServices(opts, m)
	if err != nil {
		return nil, err
	}
	if _, err := exec.LookPath("go"); err != nil {
		return nil, fmt.Errorf("test builds the services with the go command, which is not on PATH: %w", err)
	}
	if opts.databaseURL != "" {
		server, err := devrun.ParseDatabaseServer(opts.databaseURL)
		if err != nil {
			return nil, fmt.Errorf("--database-url: %w", err)
		}
		if err := devDatabases(ctx, server, sys.services); err != nil {
			return nil, err
		}
	}
	progress := devrun.NewConsole(opts.streams.Err, opts.streams.Err)
	logs := progress
	tail := &lineTail{max: 40}
	if !opts.verbose {
		logs = devrun.NewConsole(tail, tail)
	}
	showLogs := func() {
		if lines := tail.String(); lines != "" {
			fmt.Fprintf(opts.streams.Err, "The services' last log lines (-v shows them all):\n%s", lines)
		}
	}

	var security *devrun.Security
	var kafkaOpts []kgo.Opt
	if opts.secure {
		var cleanup func()
		if security, cleanup, err = secureBroker(m, sys.services, opts.kafka); err != nil {
			return nil, err
		}
		defer cleanup()
		kafkaOpts = security.ClientSecurity(security.Admin).Opts()
	}
	broker, err := devrun.StartBroker(devrun.BrokerOptions{Addr: opts.kafka, Security: security})
	if err != nil {
		return nil, fmt.Errorf("%w (--kafka picks another address)", err)
	}
	defer broker.Close()
	for i := range sys.services {
		sys.services[i].Env = append(sys.services[i].Env, "KAFKA_BROKERS="+broker.Addr())
		if security != nil {
			sys.services[i].Env = append(sys.services[i].Env, security.EnvFor(sys.services[i].Name)...)
		}
	}
	binDir, err := os.MkdirTemp("", "eventstorm-test-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(binDir)
	progress.Printf("Building %s (%s layout) in %s ...", plural(len(sys.services), "service"), sys.layout, opts.dir)
	if err := devrun.Build(ctx, opts.dir, binDir, sys.services); err != nil {
		return nil, err
	}

	runCtx, stopServices := context.WithCancel(ctx)
	group, err := devrun.Start(runCtx, sys.services, devrun.Options{BinDir: binDir, Dir: opts.dir, Console: logs, Grace: opts.grace})
	if err != nil {
		stopServices()
		return nil, err
	}
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			stopServices()
			_ = group.Wait()
		}
	}
	defer stop()
	var urls []string
	for i, s := range sys.services {
		urls = append(urls, sys.urls[i])
		progress.Printf("%-*s  %s", nameWidth(sys.services), s.Name, sys.urls[i])
	}
	progress.Printf("%-*s  %s (KAFKA_BROKERS)", nameWidth(sys.services), "broker", broker.Addr())
	if security != nil {
		progress.Printf("%-*s  TLS (CA %s), SASL %s, each service limited to what the model says it does", nameWidth(sys.services), "", security.CAFile, devrun.SecureMechanism)
	}
	// A service that exits on its own ends the wait at once, and the run.
	readyCtx, notReady := context.WithCancel(ctx)
	defer notReady()
	go func() {
		select {
		case <-group.Exited():
			notReady()
		case <-readyCtx.Done():
		}
	}()
	if err := flowrun.WaitReady(readyCtx, nil, urls, opts.ready); err != nil {
		select {
		case <-group.Exited():
			err = errors.New("a service exited before it was ready")
		default:
		}
		stop()
		showLogs()
		return nil, err
	}

	runner, err := flowrun.New(flowrun.Options{Model: m, URLs: sys.contextURLs, Brokers: []string{broker.Addr()}, KafkaOpts: kafkaOpts, Timeout: opts.timeout}, flows)
	if err != nil {
		return nil, err
	}
	defer runner.Close()
	var results []flowrun.Result
	for _, f := range flows {
		if ctx.Err() != nil {
			return results, ctx.Err()
		}
		if opts.verbose {
			fmt.Fprintf(opts.streams.Out, "=== RUN   %s\n", f.Name)
		}
		r := runner.Run(ctx, f)
		if ctx.Err() != nil {
			return results, ctx.Err()
		}
		verdict := "PASS"
		if !r.Passed() {
			verdict = "FAIL"
		}
		fmt.Fprintf(opts.streams.Out, "--- %s: %s (%.2fs)\n", verdict, f.Name, r.Elapsed.Seconds())
		if opts.verbose {
			for _, seen := range r.Seen {
				fmt.Fprintf(opts.streams.Out, "    then %s: seen after %.2fs\n", seen.Then.Text, seen.After.Seconds())
			}
		}
		for _, failure := range r.Failures {
			first, rest, _ := strings.Cut(failure, "\n")
			fmt.Fprintf(opts.streams.Out, "    %s\n", first)
			for line := range strings.SplitSeq(rest, "\n") {
				if line != "" {
					fmt.Fprintf(opts.streams.Out, "        %s\n", line)
				}
			}
		}
		results = append(results, r)
	}
	runner.Close()
	stop()
	for _, r := range results {
		if !r.Passed() {
			showLogs()
			break
		}
	}
	return results, nil
}

// testedSystem is a generated system as test runs it.
type testedSystem struct {
	layout   generator.Layout
	services []devrun.Service
	// urls are the services' base URLs, and contextURLs each context's.
	urls        []string
	contextURLs map[*model.Context]string
}

// testServices finds the layout of the system generated in opts.dir and
// returns its services with their HTTP addresses.
func testServices(opts *testOptions, m *model.Model) (*testedSystem, error) {
	layout, services, err := systemServices(opts.dir, m)
	if err != nil {
		return nil, err
	}
	sys := &testedSystem{layout: layout, services: services, contextURLs: map[*model.Context]string{}}
	ports, err := testPorts(opts.httpPort, len(sys.services))
	if err != nil {
		return nil, err
	}
	for i := range sys.services {
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[i]))
		sys.services[i].Env = []string{"HTTP_ADDR=" + addr}
		sys.urls = append(sys.urls, "http://"+addr)
	}
	for i, c := range m.Contexts {
		if layout == generator.LayoutMonolith {
			i = 0
		}
		sys.contextURLs[c] = sys.urls[i]
	}
	if opts.ready <= 0 {
		opts.ready = time.Minute
	}
	return sys, nil
}

// systemServices finds the layout of the system of model m generated in
// dir, and returns it with the services to build and run, in the order of
// the model's contexts: a service per context under services/ (one Go
// module at the root), a module per context in its own folder (polyrepo),
// or the one binary cmd/<system> (monolith), whose database is named after
// the system.
func systemServices(dir string, m *model.Model) (generator.Layout, []devrun.Service, error) {
	exists := func(rel string) bool {
		_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel)))
		return err == nil
	}
	file := filepath.Join(dir, ModelFile)
	system := names.Kebab(m.SystemBase())
	var services []devrun.Service
	switch {
	case exists("go.mod") && exists("cmd/"+system) && !exists("services"):
		services = append(services, devrun.Service{Name: system, Database: names.Snake(m.SystemBase()), Main: "./cmd/" + system})
		return generator.LayoutMonolith, services, nil
	case exists("go.mod"):
		for _, c := range m.Contexts {
			s := devrun.Service{Name: c.Kebab(), Database: names.Snake(m.SystemBase()) + "_" + c.Snake()}
			if !exists(s.Package()) {
				return "", nil, fmt.Errorf("%s is missing: run 'eventstorm generate %s' first", s.Package(), file)
			}
			services = append(services, s)
		}
		return generator.LayoutServices, services, nil
	case len(m.Contexts) > 0 && exists(generator.ContextDir(m.Contexts[0], generator.LayoutPolyrepo)+"/go.mod"):
		for _, c := range m.Contexts {
			s := devrun.Service{Name: c.Kebab(), Database: names.Snake(m.SystemBase()) + "_" + c.Snake(), Module: generator.ContextDir(c, generator.LayoutPolyrepo), Main: "./cmd/" + c.Kebab()}
			if !exists(s.Module+"/go.mod") || !exists(s.Module+"/cmd/"+c.Kebab()) {
				return "", nil, fmt.Errorf("%s/cmd/%s is missing: run 'eventstorm generate --layout polyrepo %s' first", s.Module, c.Kebab(), file)
			}
			services = append(services, s)
		}
		return generator.LayoutPolyrepo, services, nil
	}
	return "", nil, fmt.Errorf("%s has no go.mod: run 'eventstorm generate %s' first", dir, file)
}

// testPorts returns n HTTP ports: from first on, checked free, or any free
// ones when first is 0.
func testPorts(first, n int) ([]int, error) {
	var ports []int
	if first == 0 {
		var listeners []net.Listener
		defer func() {
			for _, ln := range listeners {
				ln.Close()
			}
		}()
		for range n {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				return nil, fmt.Errorf("finding a free port: %w", err)
			}
			listeners = append(listeners, ln)
			ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
		}
		return ports, nil
	}
	if last := first + n - 1; last > 65535 {
		return nil, usageError("--http-port %d leaves no room for %s (the last would be on %d)", first, plural(n, "service"), last)
	}
	for p := first; p < first+n; p++ {
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
		if err != nil {
			return nil, fmt.Errorf("port %d is taken: %w (--http-port picks other ports, 0 free ones)", p, err)
		}
		ln.Close()
		ports = append(ports, p)
	}
	return ports, nil
}

// lineTail keeps the last lines written to it.
type lineTail struct {
	mu    sync.Mutex
	max   int
	lines []string
}

func (t *lineTail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for line := range strings.SplitSeq(strings.TrimRight(string(p), "\n"), "\n") {
		t.lines = append(t.lines, line)
	}
	if over := len(t.lines) - t.max; over > 0 {
		t.lines = append([]string(nil), t.lines[over:]...)
	}
	return len(p), nil
}

func (t *lineTail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.lines) == 0 {
		return ""
	}
	return strings.Join(t.lines, "\n") + "\n"
}

var _ io.Writer = (*lineTail)(nil)
