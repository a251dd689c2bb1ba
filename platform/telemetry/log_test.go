package telemetry

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"

	"go.opentelemetry.io/otel/trace"
)

// TestLogHandler checks that a line logged with a context says what the
// context carries, and only that, through groups and attributes added.
func TestLogHandler(t *testing.T) {
	tid, _ := trace.TraceIDFromHex("0af7651916cd43dd8448eb211c80319c")
	sid, _ := trace.SpanIDFromHex("b7ad6b7169203331")
	traced := trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid}))
	cases := []struct {
		name string
		ctx  context.Context
		want map[string]any
	}{
		{"nothing", context.Background(), map[string]any{}},
		{"trace", traced, map[string]any{"trace_id": tid.String(), "span_id": sid.String()}},
		{"correlation", WithCorrelationID(context.Background(), "c1"), map[string]any{"correlation_id": "c1"}},
		{"all", WithCausationID(WithCorrelationID(traced, "c1"), "e1"),
			map[string]any{"trace_id": tid.String(), "span_id": sid.String(), "correlation_id": "c1", "causation_id": "e1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			logger := Logger(slog.New(slog.NewJSONHandler(&out, nil))).With("service", "s")
			if Logger(logger) != logger {
				t.Error("Logger wrapped a logger twice")
			}
			logger.InfoContext(c.ctx, "m")
			var line map[string]any
			if err := json.Unmarshal(out.Bytes(), &line); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"trace_id", "span_id", "correlation_id", "causation_id"} {
				if line[k] != c.want[k] {
					t.Errorf("%s = %v, want %v", k, line[k], c.want[k])
				}
			}
			if line["service"] != "s" {
				t.Errorf("lost the logger's attributes: %v", line)
			}
		})
	}
}

// TestValidCorrelationID checks which correlation ids a caller may send.
func TestValidCorrelationID(t *testing.T) {
	long := string(bytes.Repeat([]byte("x"), MaxCorrelationID))
	for id, want := range map[string]bool{
		"": false, "a": true, "order-42 retry~1": true, long: true, long + "x": false,
		"tab\there": false, "new\nline": false, "é": false, "\x7f": false,
	} {
		if got := ValidCorrelationID(id); got != want {
			t.Errorf("ValidCorrelationID(%q) = %v, want %v", id, got, want)
		}
	}
	if a, b := NewCorrelationID(), NewCorrelationID(); a == b || !ValidCorrelationID(a) || len(a) != 32 {
		t.Errorf("NewCorrelationID gave %q and %q", a, b)
	}
}

func TestLevelsFromEnv(t *testing.T) {
	tests := []struct {
		value          string
		log, access    slog.Level
		logErr, accErr string
	}{
		{"", slog.LevelInfo, slog.LevelInfo, "", ""},
		{"debug", slog.LevelDebug, slog.LevelDebug, "", ""},
		{" WARN ", slog.LevelWarn, slog.LevelWarn, "", ""},
		{"error", slog.LevelError, slog.LevelError, "", ""},
		{"off", 0, AccessLogOff, `LOG_LEVEL: "off" is not debug, info, warn or error`, ""},
		{"loud", 0, 0, `LOG_LEVEL: "loud" is not debug, info, warn or error`, `ACCESS_LOG_LEVEL: "loud" is not debug, info, warn, error or off`},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			t.Setenv("LOG_LEVEL", tt.value)
			t.Setenv("ACCESS_LOG_LEVEL", tt.value)
			check := func(name string, got, want slog.Level, err error, wantErr string) {
				t.Helper()
				switch {
				case wantErr != "" && (err == nil || err.Error() != wantErr):
					t.Errorf("%s=%q: error %v, want %q", name, tt.value, err, wantErr)
				case wantErr == "" && (err != nil || got != want):
					t.Errorf("%s=%q: %v, %v, want %v", name, tt.value, got, err, want)
				}
			}
			got, err := LogLevelFromEnv()
			check("LOG_LEVEL", got, tt.log, err, tt.logErr)
			got, err = AccessLogLevelFromEnv()
			check("ACCESS_LOG_LEVEL", got, tt.access, err, tt.accErr)
		})
	}
}
