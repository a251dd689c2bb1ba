package cmd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/spf13/cobra"

	"eventstorm/internal/devrun"
)

// defaultKafkaAddr is where the development broker listens by default.
const defaultKafkaAddr = "127.0.0.1:9092"

type brokerOptions struct {
	streams *IOStreams
	addr    string
	dataDir string
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
stop services by hand, or to keep the broker across runs of dev.`,
		Example: `  eventstorm broker
  eventstorm broker --addr 127.0.0.1:19092 --data-dir .eventstorm/kafka`,
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
	return c
}

// runBroker runs the broker until ctx is done.
func runBroker(ctx context.Context, opts *brokerOptions) error {
	if err := checkHostPort("--addr", opts.addr); err != nil {
		return err
	}
	b, err := devrun.StartBroker(devrun.BrokerOptions{Addr: opts.addr, DataDir: opts.dataDir})
	if err != nil {
		return err
	}
	defer b.Close()
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
