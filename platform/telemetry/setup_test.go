package telemetry

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// otelVars are the variables Setup reads, cleared for each case.
var otelVars = []string{
	"OTEL_SDK_DISABLED", "OTEL_TRACES_EXPORTER", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
	"OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG",
	"OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES",
}

// setenv sets the variables of vars (NAME=value), the others of otelVars
// empty, and puts the global TracerProvider back when the test ends.
func setenv(t *testing.T, vars ...string) {
	for _, k := range otelVars {
		t.Setenv(k, "")
	}
	for _, kv := range vars {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	t.Cleanup(func() { UseTracerProvider(nil) })
}

// TestSetupFromEnv checks which exporters and sampler the variables ask
// for, and that a wrong one is refused naming its variable.
func TestSetupFromEnv(t *testing.T) {
	cases := []struct {
		name      string
		env       []string
		exporters string // comma-separated
		sampler   string // its description
		err       string
	}{
		{name: "nothing set: off", exporters: ""},
		{name: "endpoint: otlp", env: []string{"OTEL_EXPORTER_OTLP_ENDPOINT=http://c:4318"}, exporters: "otlp"},
		{name: "traces endpoint: otlp", env: []string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://c:4318/v1/traces"}, exporters: "otlp"},
		{name: "console", env: []string{"OTEL_TRACES_EXPORTER=console"}, exporters: "console"},
		{name: "both", env: []string{"OTEL_TRACES_EXPORTER=otlp, Console"}, exporters: "otlp,console"},
		{name: "none", env: []string{"OTEL_TRACES_EXPORTER=none", "OTEL_EXPORTER_OTLP_ENDPOINT=http://c:4318"}, exporters: ""},
		{name: "disabled", env: []string{"OTEL_SDK_DISABLED=true", "OTEL_TRACES_EXPORTER=console"}, exporters: ""},
		{name: "bad disabled", env: []string{"OTEL_SDK_DISABLED=yes please"}, err: "OTEL_SDK_DISABLED"},
		{name: "unknown exporter", env: []string{"OTEL_TRACES_EXPORTER=zipkin"}, err: `OTEL_TRACES_EXPORTER: unknown exporter "zipkin"`},
		{name: "default sampler", sampler: "ParentBased{root:AlwaysOnSampler"},
		{name: "always_off", env: []string{"OTEL_TRACES_SAMPLER=always_off"}, sampler: "AlwaysOffSampler"},
		{name: "ratio", env: []string{"OTEL_TRACES_SAMPLER=traceidratio", "OTEL_TRACES_SAMPLER_ARG=0.25"}, sampler: "TraceIDRatioBased{0.25}"},
		{name: "parent-based ratio", env: []string{"OTEL_TRACES_SAMPLER=parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG=0.5"}, sampler: "ParentBased{root:TraceIDRatioBased{0.5}"},
		{name: "bad ratio", env: []string{"OTEL_TRACES_SAMPLER=traceidratio", "OTEL_TRACES_SAMPLER_ARG=2"}, err: "OTEL_TRACES_SAMPLER_ARG"},
		{name: "unknown sampler", env: []string{"OTEL_TRACES_SAMPLER=sometimes"}, err: `OTEL_TRACES_SAMPLER: unknown sampler "sometimes"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			setenv(t, c.env...)
			exporters, err := exportersFromEnv()
			var sampler sdktrace.Sampler
			if err == nil {
				sampler, err = samplerFromEnv()
			}
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want one saying %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(exporters, ","); got != c.exporters {
				t.Errorf("exporters %q, want %q", got, c.exporters)
			}
			if c.sampler != "" && !strings.HasPrefix(sampler.Description(), c.sampler) {
				t.Errorf("sampler %s, want %s", sampler.Description(), c.sampler)
			}
		})
	}
}

// TestSetupOff checks that without the variables Setup starts nothing: the
// global TracerProvider stays the no-op one, spans record nothing, and
// shutdown does nothing; the propagator is set all the same.
func TestSetupOff(t *testing.T) {
	setenv(t)
	UseTracerProvider(nil)
	before := otel.GetTracerProvider()
	var out bytes.Buffer
	shutdown, err := Setup(t.Context(), "ordering", &out)
	if err != nil {
		t.Fatal(err)
	}
	if otel.GetTracerProvider() != before {
		t.Errorf("Setup set a TracerProvider, %T, with no variable set", otel.GetTracerProvider())
	}
	_, span := Start(t.Context(), "x")
	if span.IsRecording() || span.SpanContext().IsValid() {
		t.Error("a span records with tracing off")
	}
	span.End()
	if err := shutdown(t.Context()); err != nil || out.Len() > 0 {
		t.Errorf("shutdown: %v, output %q", err, out.String())
	}
	if fields := otel.GetTextMapPropagator().Fields(); !strings.Contains(strings.Join(fields, ","), "traceparent") {
		t.Errorf("propagator fields %q, want traceparent", fields)
	}
}

// TestSetupConsole checks that the console exporter prints each span as
// JSON, with the service's name as service.name and as the tracer's name.
func TestSetupConsole(t *testing.T) {
	setenv(t, "OTEL_TRACES_EXPORTER=console", "OTEL_RESOURCE_ATTRIBUTES=deployment.environment=test")
	var out bytes.Buffer
	shutdown, err := Setup(t.Context(), "ordering", &out)
	if err != nil {
		t.Fatal(err)
	}
	_, span := Start(t.Context(), "Place Order")
	span.End()
	if err := shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Name                 string
		InstrumentationScope struct{ Name string }
		Resource             []struct {
			Key   string
			Value struct{ Value any }
		}
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("console output %q: %v", out.String(), err)
	}
	resource := map[string]any{}
	for _, kv := range got.Resource {
		resource[kv.Key] = kv.Value.Value
	}
	if got.Name != "Place Order" || got.InstrumentationScope.Name != "ordering" || resource["service.name"] != "ordering" || resource["deployment.environment"] != "test" {
		t.Errorf("span %q of tracer %q, resource %v", got.Name, got.InstrumentationScope.Name, resource)
	}
}

// TestSetupOTLP checks that the OTLP exporter posts the spans to
// OTEL_EXPORTER_OTLP_ENDPOINT over HTTP at shutdown at the latest, and
// that OTEL_SERVICE_NAME names the service; and that grpc is refused.
func TestSetupOTLP(t *testing.T) {
	var posts atomic.Int32
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" && r.URL.Path == "/v1/traces" && r.Header.Get("Content-Type") == "application/x-protobuf" {
			posts.Add(1)
		}
	}))
	defer collector.Close()
	setenv(t, "OTEL_EXPORTER_OTLP_ENDPOINT="+collector.URL, "OTEL_SERVICE_NAME=orders")
	shutdown, err := Setup(t.Context(), "ordering", nil)
	if err != nil {
		t.Fatal(err)
	}
	if name := *tracerName.Load(); name != "orders" {
		t.Errorf("tracer named %q, want OTEL_SERVICE_NAME's", name)
	}
	_, span := Start(context.Background(), "x")
	span.End()
	if err := shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	if posts.Load() == 0 {
		t.Error("no spans posted to the collector")
	}
	setenv(t, "OTEL_EXPORTER_OTLP_ENDPOINT="+collector.URL, "OTEL_EXPORTER_OTLP_PROTOCOL=grpc")
	if _, err := Setup(t.Context(), "ordering", nil); err == nil || !strings.Contains(err.Error(), "OTEL_EXPORTER_OTLP_PROTOCOL") {
		t.Errorf("grpc: error %v, want one naming OTEL_EXPORTER_OTLP_PROTOCOL", err)
	}
}
