// Package devrun runs a generated system on one machine for development: an
// in-process Kafka-protocol broker, and the system's services as child
// processes whose output lines are prefixed with their names.
package devrun

import (
	"fmt"
	"net"
	"strconv"

	"github.com/twmb/franz-go/pkg/kfake"
)

// Broker is a one-node in-process Kafka-protocol broker (franz-go's kfake).
// It creates a topic when a client asks for a missing one, as Kafka does
// with auto.create.topics.enable.
type Broker struct {
	cluster *kfake.Cluster
	addr    string
}

// BrokerOptions configure StartBroker.
type BrokerOptions struct {
	// Addr is the host:port to listen on; port 0 picks a free port. The
	// broker advertises the address it listens on to its clients.
	Addr string
	// DataDir, when set, is the directory (created if missing) where the
	// broker keeps topics, records and consumer groups' committed offsets,
	// and from which it reloads them on start. Empty keeps everything in
	// memory, lost when the broker stops.
	DataDir string
	// Security, when set, makes the broker take TLS only, authenticate with
	// SASL/SCRAM and check each user's ACLs.
	Security *Security
}

// StartBroker starts a broker listening on o.Addr.
func StartBroker(o BrokerOptions) (*Broker, error) {
	host, portText, err := net.SplitHostPort(o.Addr)
	if err != nil {
		return nil, fmt.Errorf("broker address %q: %v", o.Addr, err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 0 || port > 65535 {
		return nil, fmt.Errorf("broker address %q: the port must be a number from 0 to 65535", o.Addr)
	}
	addr := net.JoinHostPort(host, portText)
	opts := []kfake.Opt{
		kfake.Ports(port), // one port: one broker
		// kfake listens on 127.0.0.1; this listens on the host asked for.
		kfake.ListenFn(func(network, _ string) (net.Listener, error) { return net.Listen(network, addr) }),
		kfake.AllowAutoTopicCreation(),
	}
	if o.DataDir != "" {
		opts = append(opts, kfake.DataDir(o.DataDir))
	}
	if o.Security != nil {
		opts = append(opts, o.Security.opts()...)
	}
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		return nil, fmt.Errorf("starting the broker on %s: %w", addr, err)
	}
	return &Broker{cluster: c, addr: c.ListenAddrs()[0]}, nil
}

// Addr is the host:port the broker listens on, for KAFKA_BROKERS.
func (b *Broker) Addr() string { return b.addr }

// Close stops the broker. With a data directory it first writes its state
// there, so that the next broker started on it finds every topic, record
// and committed offset.
func (b *Broker) Close() { b.cluster.Close() }
