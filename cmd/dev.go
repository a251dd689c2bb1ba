package cmd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"eventstorm/internal/devrun"
	"eventstorm/model"
)

type devOptions struct {
	streams  *IOStreams
	dir      string
	kafka    string
	httpPort int
	// databaseURL names a PostgreSQL or MySQL server on which each service
	// gets a database of its own; empty passes DATABASE_URL through.
	databaseURL string
	// grace is how long a service has to stop after SIGINT; 0 is devrun's
	// default.
	grace time.Duration
	// secure runs the broker with TLS, SASL and the model's ACLs.
	secure bool
	// board is the host:port of the live board; empty serves none.
	board string
}

func newDevCmd(streams *IOStreams) *cobra.Command {
	opts := &devOptions{streams: streams}
	c := &cobra.Command{
		Use:   "dev [DIR]",
		Short: "Run every service of a generated system on this machine",
		Long: `Run a generated system on this machine with no infrastructure to install,
until Ctrl-C. DIR (default: the current directory) is the system's root,
where 'eventstorm generate' wrote eventstorm.yaml and the code, in any
layout: a service per context (services/), a repository per context
(polyrepo) or the modular monolith, run as one service whose contexts keep
their tables in schemas of its database.

dev starts a Kafka-protocol broker in this process on --kafka (see
'eventstorm broker'), builds every service, and starts them with
KAFKA_BROKERS set to the broker and HTTP_ADDR set to their own port: the
first bounded context of the model on --http-port, the next one on the
port after it, and so on. It prints each service's URL, and prefixes each
line a service logs with the service's name. Other environment variables
are passed through to every service.

Without --database-url the services keep their data in memory, or in the
database DATABASE_URL names if it is set in dev's environment: it is passed
through unchanged to every service. With --database-url URL, a PostgreSQL
(postgres://user:pass@host:port/) or MySQL/MariaDB
(mysql://user:pass@host:port/) server, dev creates one database per service
on it if missing, named <system>_<context> in snake_case (shop_ordering,
shop_order_history), and starts each service with DATABASE_URL set to URL
with that database as its path (query parameters kept); it wins over
DATABASE_URL. URL's path, if any, is the database dev connects to in order
to create them (default: postgres on PostgreSQL). Each service creates its
own tables when it starts.

With --secure, the broker takes TLS only (a certificate from a CA made for
the run), authenticates with SASL/SCRAM-SHA-512 and checks ACLs: each
service gets a user of its own that may write its aggregates' topics, read
the topics it consumes in its own group and write their dead-letter topics,
and nothing else, as the generated KafkaUser manifests allow in production;
services are started with their KAFKA_SASL_* and KAFKA_TLS_CA_FILE. A
service that reads or writes beyond its model fails here as it would there.

With --board ADDR, dev also serves the live board on ADDR (host:port): the
model's sticky board (as 'eventstorm diagram --format html' draws it),
animated from what happens on the broker. Each event shows how many records
of it its topic holds and when the last was written; a command lights up
once an event it emits was seen; an event that was dead-lettered turns red,
and so do the policies and read models of a context whose consumer group
lags or dead-lettered a record. The page updates itself (server-sent
events), loads nothing from elsewhere and works offline.

Ctrl-C stops every service (SIGINT, then a kill for any still running after
5 seconds) and then the broker. A service that exits on its own is
reported and the others keep running; dev ends when none is left. If a
service does not compile, dev prints the compiler's errors and exits 1.`,
		Example: `  eventstorm dev
  eventstorm dev shop --http-port 9000
  eventstorm dev shop --database-url 'postgres://postgres:secret@localhost:5432/?sslmode=disable'
  eventstorm dev shop --database-url mysql://root:secret@localhost:3306/
  eventstorm dev shop --secure
  eventstorm dev shop --board localhost:8090`,
		Args: maxArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.dir = "."
			if len(args) == 1 {
				opts.dir = args[0]
			}
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			// A second Ctrl-C while the services stop ends dev at once.
			go func() { <-ctx.Done(); stop() }()
			return fail(runDev(ctx, opts))
		},
	}
	c.Flags().StringVar(&opts.kafka, "kafka", defaultKafkaAddr, "host:port of the embedded Kafka broker")
	c.Flags().IntVar(&opts.httpPort, "http-port", 8080, "HTTP port of the first service; the next ones get the ports after it")
	c.Flags().StringVar(&opts.databaseURL, "database-url", "", "PostgreSQL or MySQL server `URL` on which each service gets its own database (instead of DATABASE_URL)")
	c.Flags().BoolVar(&opts.secure, "secure", false, "run the broker with TLS, SASL/SCRAM users per service and the ACLs the model implies")
	c.Flags().StringVar(&opts.board, "board", "", "serve the live board of the model, animated from the broker, on `ADDR` (host:port)")
	return c
}

// runDev runs the system in opts.dir until ctx is done or every service
// has exited.
func runDev(ctx context.Context, opts *devOptions) error {
	if err := checkHostPort("--kafka", opts.kafka); err != nil {
		return err
	}
	if opts.httpPort < 1 || opts.httpPort > 65535 {
		return usageError("--http-port must be a port from 1 to 65535, not %d", opts.httpPort)
	}
	var dbServer *devrun.DatabaseServer
	if opts.databaseURL != "" {
		var err error
		if dbServer, err = devrun.ParseDatabaseServer(opts.databaseURL); err != nil {
			return fmt.Errorf("--database-url: %w", err)
		}
	}
	m, services, err := devServices(opts)
	if err != nil {
		return err
	}
	if _, err := exec.LookPath("go"); err != nil {
		return fmt.Errorf("dev builds the services with the go command, which is not on PATH: %w", err)
	}
	var boardLn net.Listener
	if opts.board != "" {
		if boardLn, err = listenBoard(opts.board); err != nil {
			return err
		}
		defer boardLn.Close()
	}
	console := devrun.NewConsole(opts.streams.Out, opts.streams.Err)
	if dbServer != nil {
		if err := devDatabases(ctx, dbServer, services); err != nil {
			if ctx.Err() != nil {
				return nil // stopped while creating the databases
			}
			return err
		}
	}

	var security *devrun.Security
	if opts.secure {
		var cleanup func()
		if security, cleanup, err = secureBroker(m, services, opts.kafka); err != nil {
			return err
		}
		defer cleanup()
	}
	broker, err := devrun.StartBroker(devrun.BrokerOptions{Addr: opts.kafka, Security: security})
	if err != nil {
		return fmt.Errorf("%w (--kafka picks another address)", err)
	}
	defer broker.Close()
	var board *devBoard
	if boardLn != nil {
		if board, err = startBoard(ctx, m, boardLn, broker.Addr(), boardKafkaOpts(security)); err != nil {
			return err
		}
		defer board.stop()
	}
	for i := range services {
		services[i].Env = append(services[i].Env, "KAFKA_BROKERS="+broker.Addr())
		if security != nil {
			services[i].Env = append(services[i].Env, security.EnvFor(services[i].Name)...)
		}
	}

	binDir, err := os.MkdirTemp("", "eventstorm-dev-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(binDir)
	console.Printf("Building %s in %s ...", plural(len(services), "service"), opts.dir)
	if err := devrun.Build(ctx, opts.dir, binDir, services); err != nil {
		if ctx.Err() != nil {
			return nil // stopped while building
		}
		return err
	}

	group, err := devrun.Start(ctx, services, devrun.Options{BinDir: binDir, Dir: opts.dir, Console: console, Grace: opts.grace})
	if err != nil {
		return err
	}
	console.Printf("%-*s  %s (KAFKA_BROKERS)", nameWidth(services), "broker", broker.Addr())
	if security != nil {
		console.Printf("%-*s  TLS (CA %s), SASL %s, each service limited to what the model says it does", nameWidth(services), "", security.CAFile, devrun.SecureMechanism)
	}
	for i, s := range services {
		console.Printf("%-*s  http://%s", nameWidth(services), s.Name, devHTTPAddr(opts.httpPort, i))
	}
	if dbServer != nil {
		for _, s := range services {
			console.Printf("%-*s  %s (DATABASE_URL)", nameWidth(services), s.Name, dbServer.DatabaseURL(s.Database).Redacted())
		}
	}
	if board != nil {
		console.Printf("%-*s  %s (the live board)", nameWidth(services), "board", board.URL())
	}
	console.Printf("Press Ctrl-C to stop.")
	err = group.Wait()
	if ctx.Err() != nil {
		console.Printf("Stopped.")
		return nil
	}
	if err != nil {
		return err
	}
	return errors.New("every service has exited")
}

// devServices reads the model in opts.dir and returns its services, in the
// order of its bounded contexts (the monolith's one binary in that layout),
// after checking that they were generated and that their HTTP ports are
// free.
func devServices(opts *devOptions) (*model.Model, []devrun.Service, error) {
	file := filepath.Join(opts.dir, ModelFile)
	if _, err := os.Stat(file); err != nil {
		return nil, nil, fmt.Errorf("%s has no %s: run dev in the root of a generated system (eventstorm init, then eventstorm generate)", opts.dir, ModelFile)
	}
	m, diags := model.Read(file)
	for _, d := range diags {
		if d.Severity == model.Error {
			fmt.Fprintln(opts.streams.Err, d)
		}
	}
	if diags.HasErrors() {
		return nil, nil, fmt.Errorf("%s is invalid", file)
	}
	_, services, err := systemServices(opts.dir, m)
	if err != nil {
		return nil, nil, err
	}
	if last := opts.httpPort + len(services) - 1; last > 65535 {
		return nil, nil, usageError("--http-port %d leaves no room for %s (the last would be on %d)", opts.httpPort, plural(len(services), "service"), last)
	}
	for i, s := range services {
		addr := devHTTPAddr(opts.httpPort, i)
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return nil, nil, fmt.Errorf("%s cannot listen on %s: %w (--http-port picks other ports)", s.Name, addr, err)
		}
		ln.Close()
		services[i].Env = []string{"HTTP_ADDR=" + addr}
	}
	return m, services, nil
}

// devDatabases creates the services' databases on server, if missing, and
// gives each service the URL of its own.
func devDatabases(ctx context.Context, server *devrun.DatabaseServer, services []devrun.Service) error {
	var dbs []string
	for _, s := range services {
		dbs = append(dbs, s.Database)
	}
	if err := server.CreateDatabases(ctx, dbs); err != nil {
		return fmt.Errorf("--database-url: %w", err)
	}
	for i, s := range services {
		// Appended after dev's own environment, it wins over DATABASE_URL.
		services[i].Env = append(services[i].Env, "DATABASE_URL="+server.DatabaseURL(s.Database).String())
	}
	return nil
}

// devHTTPAddr is the HTTP address of the i-th service.
func devHTTPAddr(first, i int) string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(first+i)) }

// nameWidth is the length of the longest service name, at least "broker"'s.
func nameWidth(services []devrun.Service) int {
	w := len("broker")
	for _, s := range services {
		w = max(w, len(s.Name))
	}
	return w
}

// secureBroker makes what the embedded broker at kafkaAddr needs to run
// secured for services (--secure): a local CA and a certificate in a
// folder of its own, which cleanup removes, and the users with their ACLs.
func secureBroker(m *model.Model, services []devrun.Service, kafkaAddr string) (*devrun.Security, func(), error) {
	dir, err := os.MkdirTemp("", "eventstorm-secure-")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	host, _, _ := net.SplitHostPort(kafkaAddr)
	names := make([]string, len(services))
	for i, svc := range services {
		names[i] = svc.Name
	}
	security, err := devrun.NewSecurity(m, names, dir, host)
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	return security, cleanup, nil
}
