package cmd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"eventstorm/internal/devrun"
	"eventstorm/model"
)

// defaultKafkaAddr is where the development broker listens by default.
const defaultKafkaAddr = "127.0.0.1:9092"

type brokerOptions struct {
	streams *IOStreams
	addr    string
	dataDir string
	// secure, when set, is the system's folder whose model gives the users
	// and ACLs; credentials is where their files are written.
	secure      string
	credentials string
	// listening, when set, is called with the broker's address once it
	// accepts connections (for tests that listen on port 0).
	listening func(addr string)
}

func newBrokerCmd(streams *IOStreams) *cobra.Command {
	opts := &brokerOptions{streams: streams}
	c := &cobra.Command{
		Use:   "broker",
		Short: "Run a Kafka-compatible broker for local development",
		Long: `Run a Kafka-protocol broker in this process until Ctrl-C, for developing
and testing services on one machine without installing Kafka. Any Kafka
client can use it: point it at the address printed (KAFKA_BROKERS for
generated services).

It is a single broker (franz-go's kfake), not a production Kafka: it keeps
everything in memory unless --data-dir is given, and it creates a topic
when a client asks for a missing one.

With --data-dir, topics, their records and the offsets committed by
consumer groups are written to DIR and reloaded on the next start, so a
restarted broker goes on where it stopped. Stop it with Ctrl-C: the state
is written in full then. After a kill -9, a topic that was created on
first use (rather than by a CreateTopics request, as generated services
do at start-up) is lost with its records.

'eventstorm dev' starts the same broker itself; run this one to start and
stop services by hand, or to keep the broker across runs of dev.

With --secure (the system in the current directory, or --secure=DIR), the
broker takes TLS only, from a CA made for the run, authenticates with
SASL/SCRAM-SHA-512 and checks ACLs: each service of the system gets a user
that may do exactly what its model says (see the system README's "Kafka
access"). The CA certificate and a <service>.env per service (KAFKA_BROKERS,
KAFKA_SASL_*, KAFKA_TLS_CA_FILE; eventstorm-admin.env for tools) are written to
--credentials, so that a service started by hand with them runs as it would
against a secured cluster.`,
		Example: `  eventstorm broker
  eventstorm broker --addr 127.0.0.1:19092 --data-dir .eventstorm/kafka
  eventstorm broker --secure          # in a generated system's root
  set -a; . .eventstorm/kafka/ordering.env; set +a; go run ./services/ordering/cmd/ordering`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return fail(runBroker(ctx, opts))
		},
	}
	c.Flags().StringVar(&opts.addr, "addr", defaultKafkaAddr, "host:port to listen on (port 0 picks a free one)")
	c.Flags().StringVar(&opts.dataDir, "data-dir", "", "keep topics and committed offsets in `DIR` across restarts (default: in memory only)")
	_ = c.MarkFlagDirname("data-dir")
	c.Flags().StringVar(&opts.secure, "secure", "", "take TLS only, with SASL/SCRAM users per service of the system in `DIR` and the ACLs its model implies")
	c.Flags().Lookup("secure").NoOptDefVal = "."
	c.Flags().StringVar(&opts.credentials, "credentials", ".eventstorm/kafka", "with --secure, write the CA certificate and each service's <service>.env of KAFKA_* settings into `DIR`")
	return c
}

// runBroker runs the broker until ctx is done.
func runBroker(ctx context.Context, opts *brokerOptions) error {
	if err := checkHostPort("--addr", opts.addr); err != nil {
		return err
	}
	var security *devrun.Security
	if opts.secure != "" {
		var err error
		if security, err = brokerSecurity(opts); err != nil {
			return err
		}
	}
	b, err := devrun.StartBroker(devrun.BrokerOptions{Addr: opts.addr, DataDir: opts.dataDir, Security: security})
	if err != nil {
		return err
	}
	defer b.Close()
	if security != nil {
		files, err := security.WriteEnvFiles(opts.credentials, b.Addr())
		if err != nil {
			return err
		}
		fmt.Fprintf(opts.streams.Out, "TLS only (CA %s), SASL %s; each service may do only what the model says. Its settings: %s\n", security.CAFile, devrun.SecureMechanism, strings.Join(files, ", "))
	}
	where := "in memory: everything is lost when it stops"
	if opts.dataDir != "" {
		where = "keeping its data in " + opts.dataDir
	}
	fmt.Fprintf(opts.streams.Out, "Kafka-protocol broker listening on %s (%s).\nPress Ctrl-C to stop.\n", b.Addr(), where)
	if opts.listening != nil {
		opts.listening(b.Addr())
	}
	<-ctx.Done()
	fmt.Fprintln(opts.streams.Out, "Stopping the broker.")
	return nil
}

// brokerSecurity makes the users and ACLs of the system in opts.secure,
// with the CA written into opts.credentials.
func brokerSecurity(opts *brokerOptions) (*devrun.Security, error) {
	file := filepath.Join(opts.secure, ModelFile)
	m, diags := model.Read(file)
	for _, d := range diags {
		if d.Severity == model.Error {
			fmt.Fprintln(opts.streams.Err, d)
		}
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("--secure: %s is invalid", file)
	}
	_, services, err := systemServices(opts.secure, m)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(services))
	for i, svc := range services {
		names[i] = svc.Name
	}
	if err := os.MkdirAll(opts.credentials, 0o700); err != nil {
		return nil, err
	}
	host, _, _ := net.SplitHostPort(opts.addr)
	return devrun.NewSecurity(m, names, opts.credentials, host)
}

// checkHostPort is a usage error unless addr is host:port with a port from
// 0 to 65535.
func checkHostPort(flag, addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err == nil {
		if n, perr := strconv.Atoi(port); perr != nil || n < 0 || n > 65535 {
			err = errors.New("the port must be a number from 0 to 65535")
		}
	}
	if err != nil {
		return usageError("%s %q is not host:port, like %s: %v", flag, addr, defaultKafkaAddr, err)
	}
	return nil
}
