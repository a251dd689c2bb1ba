// Package telemetry is a service's observability beyond its metrics'
// counters: OpenTelemetry traces configured by the standard OTEL_*
// environment variables only (Setup), spans (Start, End), W3C trace
// context to carry a trace across Kafka (Inject, Extract), the
// correlation and causation ids of the work under way (WithCorrelationID,
// WithCausationID), log lines that say all of them (LogHandler), and the
// HTTP middleware: correlation id, server span, access log and request
// metrics (Middleware).
//
// The variables Setup reads:
//
//   - OTEL_SDK_DISABLED=true turns tracing off whatever else is set.
//   - OTEL_TRACES_EXPORTER: a comma-separated list of otlp (OTLP over
//     HTTP, http/protobuf), console (spans as JSON on standard output) and
//     none. Unset, it is otlp when OTEL_EXPORTER_OTLP_ENDPOINT or
//     OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set; with neither, tracing is
//     off: no exporter, nothing started, spans record nothing.
//   - OTEL_EXPORTER_OTLP_ENDPOINT (such as http://collector:4318),
//     OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS,
//     OTEL_EXPORTER_OTLP_TIMEOUT and their TRACES_ forms, read by the OTLP
//     exporter; OTEL_EXPORTER_OTLP_PROTOCOL (or _TRACES_PROTOCOL) may only
//     be http/protobuf: grpc is refused.
//   - OTEL_TRACES_SAMPLER: always_on, always_off, traceidratio,
//     parentbased_always_on (the default), parentbased_always_off or
//     parentbased_traceidratio, with OTEL_TRACES_SAMPLER_ARG the ratio,
//     0 to 1 (default 1).
//   - OTEL_SERVICE_NAME (default: the service's name) and
//     OTEL_RESOURCE_ATTRIBUTES (key=value,...), the resource of every span.
//
// The W3C trace context and baggage propagator is set as the global one in
// any case; Middleware and the messages' trace context use W3C trace
// context whatever the global propagator, so that a caller's traceparent
// reaches the events a request records even when this service exports
// nothing.
package telemetry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Setup configures tracing from the OTEL_* variables (see the package's
// doc): the global TracerProvider, with the exporters asked for, and the
// W3C propagator. serviceName is service.name unless OTEL_SERVICE_NAME
// says otherwise, and names the tracer; console spans go to stdout. The
// returned shutdown flushes the spans not exported yet and stops the
// exporters, within its context; it does nothing when tracing is off. An
// error says which variable is wrong.
func Setup(ctx context.Context, serviceName string, stdout io.Writer) (shutdown func(context.Context) error, err error) {
	otel.SetTextMapPropagator(propagator)
	name := serviceName
	if s := strings.TrimSpace(os.Getenv("OTEL_SERVICE_NAME")); s != "" {
		name = s
	}
	tracerName.Store(&name)
	noop := func(context.Context) error { return nil }
	exporters, err := exportersFromEnv()
	if err != nil || len(exporters) == 0 {
		if err == nil {
			UseTracerProvider(nil)
		}
		return noop, err
	}
	sampler, err := samplerFromEnv()
	if err != nil {
		return noop, err
	}
	res, err := resource.New(ctx,
		resource.WithAttributes(attribute.String("service.name", serviceName)),
		resource.WithFromEnv(),
		resource.WithTelemetrySDK(),
	)
	if err != nil {
		return noop, fmt.Errorf("OTEL_RESOURCE_ATTRIBUTES: %w", err)
	}
	opts := []sdktrace.TracerProviderOption{sdktrace.WithResource(res), sdktrace.WithSampler(sampler)}
	for _, e := range exporters {
		o, err := newExporter(ctx, e, stdout)
		if err != nil {
			return noop, err
		}
		opts = append(opts, o)
	}
	tp := sdktrace.NewTracerProvider(opts...)
	UseTracerProvider(tp)
	return tp.Shutdown, nil
}

// exportersFromEnv lists the exporters OTEL_TRACES_EXPORTER asks for, none
// when tracing is off.
func exportersFromEnv() ([]string, error) {
	if v := strings.TrimSpace(os.Getenv("OTEL_SDK_DISABLED")); v != "" {
		disabled, err := strconv.ParseBool(v)
		if err != nil {
			return nil, fmt.Errorf("OTEL_SDK_DISABLED: %q is not true or false", v)
		}
		if disabled {
			return nil, nil
		}
	}
	list := strings.TrimSpace(os.Getenv("OTEL_TRACES_EXPORTER"))
	if list == "" {
		if os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") == "" && os.Getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") == "" {
			return nil, nil
		}
		list = "otlp"
	}
	var out []string
	for _, e := range strings.Split(list, ",") {
		switch e = strings.ToLower(strings.TrimSpace(e)); e {
		case "none":
		case "otlp", "console":
			out = append(out, e)
		default:
			return nil, fmt.Errorf("OTEL_TRACES_EXPORTER: unknown exporter %q; use otlp, console or none", e)
		}
	}
	return out, nil
}

// newExporter is the TracerProvider's option exporting to e: console spans
// at once, OTLP ones in batches.
func newExporter(ctx context.Context, e string, stdout io.Writer) (sdktrace.TracerProviderOption, error) {
	if e == "console" {
		exp, err := stdouttrace.New(stdouttrace.WithWriter(stdout))
		if err != nil {
			return nil, fmt.Errorf("OTEL_TRACES_EXPORTER=console: %w", err)
		}
		return sdktrace.WithSyncer(exp), nil
	}
	protocol := os.Getenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
	if protocol == "" {
		protocol = os.Getenv("OTEL_EXPORTER_OTLP_PROTOCOL")
	}
	if p := strings.TrimSpace(protocol); p != "" && p != "http/protobuf" {
		return nil, fmt.Errorf("OTEL_EXPORTER_OTLP_PROTOCOL: %q is not supported: this service exports OTLP over HTTP (http/protobuf, port 4318 of a collector)", p)
	}
	exp, err := otlptracehttp.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("OTEL_TRACES_EXPORTER=otlp: %w", err)
	}
	return sdktrace.WithBatcher(exp), nil
}

// samplerFromEnv is the sampler OTEL_TRACES_SAMPLER and
// OTEL_TRACES_SAMPLER_ARG name, parentbased_always_on without them.
func samplerFromEnv() (sdktrace.Sampler, error) {
	name := strings.ToLower(strings.TrimSpace(os.Getenv("OTEL_TRACES_SAMPLER")))
	arg := strings.TrimSpace(os.Getenv("OTEL_TRACES_SAMPLER_ARG"))
	ratio := func() (sdktrace.Sampler, error) {
		if arg == "" {
			return sdktrace.TraceIDRatioBased(1), nil
		}
		r, err := strconv.ParseFloat(arg, 64)
		if err != nil || r < 0 || r > 1 {
			return nil, fmt.Errorf("OTEL_TRACES_SAMPLER_ARG: %q is not a ratio from 0 to 1", arg)
		}
		return sdktrace.TraceIDRatioBased(r), nil
	}
	switch name {
	case "", "parentbased_always_on":
		return sdktrace.ParentBased(sdktrace.AlwaysSample()), nil
	case "always_on":
		return sdktrace.AlwaysSample(), nil
	case "always_off":
		return sdktrace.NeverSample(), nil
	case "parentbased_always_off":
		return sdktrace.ParentBased(sdktrace.NeverSample()), nil
	case "traceidratio":
		return ratio()
	case "parentbased_traceidratio":
		s, err := ratio()
		if err != nil {
			return nil, err
		}
		return sdktrace.ParentBased(s), nil
	}
	return nil, errors.New("OTEL_TRACES_SAMPLER: unknown sampler " + strconv.Quote(name) +
		"; use always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off or parentbased_traceidratio")
}
