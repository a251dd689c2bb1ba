package runner

import (
	"context"
	"log/slog"
	"net/http"
	"sync/atomic"

	"eventstorm/platform/config"
	"eventstorm/platform/database"
	"eventstorm/platform/httpx"
	"eventstorm/platform/inbox"
	"eventstorm/platform/kafka"
	"eventstorm/platform/message"
	"eventstorm/platform/outbox"
	"eventstorm/platform/schemareg"
)

// Parts are what a generated service is made of besides its model: its
// configuration, its HTTP API, its database, the outbox relay of the events
// it records, the consumer of the events it reads and its place on Kafka.
// The service's New fills them in; Run runs them. A Parts must not be
// copied once used.
type Parts struct {
	// Config is the service's configuration.
	Config config.Service
	// Logger is the service's logger.
	Logger *slog.Logger
	// Handler serves the HTTP API.
	Handler http.Handler
	// Ready is set while the service takes traffic; the API's /readyz
	// reads it.
	Ready atomic.Bool
	// DB is the service's database, nil while its data is in memory.
	DB *database.DB
	// Topology is the service's place on Kafka.
	Topology kafka.Topology
	// Schemas are the JSON Schemas of the events the service publishes,
	// registered with the schema registry when one is configured.
	Schemas []schemareg.Schema
	// Metrics are the Kafka client's, the consumer's and the relay's.
	Metrics *kafka.Metrics
	// Relay relays the events the service's repositories record; nil in a
	// service that records none.
	Relay outbox.Relayer
	// Inbox records the ids of the events the service has handled, with
	// their effects.
	Inbox inbox.Inbox
	// Dispatch hands an event the service reads to its policies and read
	// models; nil in a service that reads none.
	Dispatch message.Handler
}

// Close releases the service's database connections, if it has any.
func (p *Parts) Close() error {
	if p.DB == nil {
		return nil
	}
	return p.DB.Close()
}

// Run connects to Kafka when brokers are configured and the service has
// events, creating its topics when missing, consumes the events it reads,
// serves the HTTP API and relays the events its repositories record until
// ctx is done; then it stops taking requests, finishes those in flight (for
// at most SHUTDOWN_TIMEOUT), relays what they recorded, and stops (see
// Run). Without brokers a service's own events reach its own policies and
// read models in process, through its inbox, and no other service's.
func (p *Parts) Run(ctx context.Context) error {
	var checks []httpx.Check
	if p.DB != nil {
		checks = append(checks, httpx.Check{Name: "database", Check: p.DB.Ping})
	}
	publish := p.inProcess()
	var workers []Worker
	if len(p.Config.Kafka.Brokers) > 0 && (p.Relay != nil || p.Dispatch != nil) {
		client, err := kafka.Connect(ctx, p.Config.Kafka, p.Topology, p.Logger, p.Metrics)
		if err != nil {
			return err
		}
		defer client.Close()
		if err := p.UseRegistry(ctx, client); err != nil {
			return err
		}
		checks = append(checks, httpx.Check{Name: "kafka", Check: client.Ping})
		publish = client.Publisher().Publish
		if p.Dispatch != nil {
			checks = append(checks, httpx.Check{Name: "consumer", Check: client.Check})
			workers = append(workers, func(ctx context.Context) { client.Consume(ctx, p.Inbox, p.Dispatch) })
		}
	}
	if p.Relay != nil {
		workers = append(workers, func(ctx context.Context) { p.Relay.Relay(ctx, publish, p.Logger) })
	}
	return Run(ctx, p.RunConfig(p.Config.HTTPAddr, checks...), workers...)
}

// UseRegistry registers the service's schemas with the schema registry,
// when one is configured, and makes client frame and read records in its
// wire format; Run calls it once connected, a monolith's context in its
// Start. A schema the registry refuses, as incompatible with its
// subject's, fails the start-up.
func (p *Parts) UseRegistry(ctx context.Context, client *kafka.Client) error {
	if !p.Config.SchemaRegistry.Enabled() {
		return nil
	}
	reg, err := schemareg.Open(ctx, p.Config.SchemaRegistry, p.Schemas, p.Logger)
	if err != nil {
		return err
	}
	client.UseCodec(reg)
	return nil
}

// RunConfig is Run's configuration of the HTTP server on addr, from the
// service's, with the readiness checks given.
func (p *Parts) RunConfig(addr string, checks ...httpx.Check) Config {
	return Config{
		Addr:            addr,
		Handler:         p.Handler,
		Ready:           &p.Ready,
		ShutdownTimeout: p.Config.ShutdownTimeout,
		Limits:          p.Config.Limits,
		Edge:            p.Config.Edge,
		Checks:          checks,
		Logger:          p.Logger,
	}
}

// inProcess is where the relay hands recorded events without a broker: to
// the service's own readers, through Deliver, or nowhere.
func (p *Parts) inProcess() message.Publisher {
	if p.Dispatch == nil {
		return message.Discard
	}
	return func(ctx context.Context, msgs []message.Message) error {
		for _, m := range msgs {
			if err := p.Deliver(ctx, m); err != nil {
				// Logged, not retried: with no broker there is no redelivery.
				p.Logger.Error("handling an event failed", "type", m.Type, "id", m.ID, "error", err)
			}
		}
		return nil
	}
}

// Deliver hands an event to the service's own policies and read models
// through its inbox, as its Kafka consumer would: in the span of its
// handling, a child of the event's trace context; its effects and its id
// are stored together or not at all, and an event handled before is
// skipped.
func (p *Parts) Deliver(ctx context.Context, m message.Message) error {
	return message.Deliver(ctx, m, func(ctx context.Context, m message.Message) error {
		_, err := p.Inbox.Handle(ctx, m.ID, func(ctx context.Context) error {
			return p.Dispatch(ctx, m)
		})
		return err
	})
}
