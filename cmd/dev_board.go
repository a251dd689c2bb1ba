package cmd

import (
	"context"
	"net"
	"net/http"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/internal/devrun"
	"eventstorm/internal/liveboard"
	"eventstorm/model"
)

// devBoard is the live board of dev --board: the model's sticky board
// served on its listener and fed from the embedded broker.
type devBoard struct {
	srv     *http.Server
	ln      net.Listener
	cancel  context.CancelFunc
	served  chan struct{}
	watched chan struct{}
}

// listenBoard takes the board's address before anything is built, so that
// a busy port fails dev at once.
func listenBoard(addr string) (net.Listener, error) {
	if err := checkHostPort("--board", addr); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, usageError("--board %s: %v", addr, err)
	}
	return ln, nil
}

// startBoard serves the board of m on ln, reading the broker at broker
// with kafkaOpts, until stop.
func startBoard(ctx context.Context, m *model.Model, ln net.Listener, broker string, kafkaOpts []kgo.Opt) (*devBoard, error) {
	board, err := liveboard.New(m, liveboard.Options{KafkaOpts: kafkaOpts})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	b := &devBoard{ln: ln, cancel: cancel, served: make(chan struct{}), watched: make(chan struct{})}
	b.srv = &http.Server{
		Handler:           board,
		ReadHeaderTimeout: 10 * time.Second,
		// The pages' event streams end with dev.
		BaseContext: func(net.Listener) context.Context { return ctx },
	}
	go func() { defer close(b.served); b.srv.Serve(ln) }()
	go func() { defer close(b.watched); board.Watch(ctx, []string{broker}) }()
	return b, nil
}

// URL is where the board is, with a host a browser can open.
func (b *devBoard) URL() string {
	host, port, _ := net.SplitHostPort(b.ln.Addr().String())
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// stop ends the board's streams, its server and its reading of the broker.
func (b *devBoard) stop() {
	b.cancel()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if b.srv.Shutdown(ctx) != nil {
		b.srv.Close()
	}
	<-b.served
	<-b.watched
}

// boardKafkaOpts are the board's Kafka client options: on a secured broker
// (--secure), the TLS and SASL settings of the broker's admin, who may read
// every topic and describe every group.
func boardKafkaOpts(security *devrun.Security) []kgo.Opt {
	if security == nil {
		return nil
	}
	return security.ClientSecurity(security.Admin).Opts()
}
