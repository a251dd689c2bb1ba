package generator_test

import (
	"bytes"
	"strings"
	"testing"

	"eventstorm/generator"
	"eventstorm/model"
)

// eventSourcedPlan plans the model src, validated.
func eventSourcedPlan(t *testing.T, src string) ([]generator.File, error) {
	t.Helper()
	m, diags := model.Load("eventstorm.yaml", []byte(src))
	if m == nil || diags.HasErrors() {
		t.Fatalf("does not load: %v", diags)
	}
	model.Validate(m)
	return generator.Plan(m, generator.Options{Source: []byte(src)})
}

// TestEventSourcedPlan checks what store: events changes in the plan: the
// aggregate gets a stream codec and no state table, the schema its stream
// tables; an event-sourced aggregate without events is a clear error.
func TestEventSourcedPlan(t *testing.T) {
	const src = `eventstorm: 1
system: Bank
contexts:
  - name: Accounts
    aggregates:
      - name: Account
        store: events
        fields: { owner: string }
        commands:
          - name: Open Account
            creates: true
            fields: { owner: string }
            emits: [Account Opened]
        events:
          - name: Account Opened
            fields: { owner: string }
`
	files, err := eventSourcedPlan(t, src)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string][]byte{}
	for _, f := range files {
		byPath[f.Path] = f.Bytes
	}
	if _, ok := byPath["services/accounts/internal/messaging/account_stream_gen.go"]; !ok {
		t.Error("no stream codec planned for Account")
	}
	schema := byPath["services/accounts/internal/adapters/sqldb/schema_gen.go"]
	if !bytes.Contains(schema, []byte(`eventstore.Tables("account")`)) || bytes.Contains(schema, []byte(`database.Define(`)) {
		t.Errorf("the schema should hold Account's stream tables and no state table:\n%s", schema)
	}
	for _, repo := range []string{"memory", "sqldb"} {
		if code := byPath["services/accounts/internal/adapters/"+repo+"/account_repository_gen.go"]; !bytes.Contains(code, []byte("r.events.Append(")) {
			t.Errorf("the %s repository does not append to the stream:\n%s", repo, code)
		}
	}

	noEvents := src[:strings.Index(src, "        commands:")]
	_, err = eventSourcedPlan(t, noEvents)
	if err == nil || !strings.Contains(err.Error(), "store: events") || !strings.Contains(err.Error(), "Account") {
		t.Errorf("plan of an event-sourced aggregate without events: %v, want an error naming it and store: events", err)
	}
}
