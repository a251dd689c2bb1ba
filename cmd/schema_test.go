package cmd

import (
	"encoding/json"
	"testing"

	"eventstorm/schema"
)

func TestSchema(t *testing.T) {
	r := run(t, "schema")
	r.want(t, 0)
	if r.out != string(schema.JSON) {
		t.Errorf("schema prints something other than schema.JSON")
	}
	var doc map[string]any // a JSON Schema is an object
	if err := json.Unmarshal([]byte(r.out), &doc); err != nil {
		t.Fatalf("schema prints invalid JSON: %v", err)
	}
	if _, ok := doc["$schema"]; !ok {
		t.Errorf("the schema does not say which JSON Schema draft it is ($schema)")
	}
	if r.err != "" {
		t.Errorf("stderr should be empty:\n%s", r.err)
	}
}

func TestSchemaRejectsArgs(t *testing.T) {
	run(t, "schema", "x").want(t, 2)
}
