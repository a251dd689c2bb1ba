package generator_test

import (
	"bytes"
	"strings"
	"testing"

	"eventstorm/generator"
)

// upcastSrc is an event-sourced Account whose Account Opened is at
// version 2, its since a date where version 1 had a string.
const upcastSrc = `eventstorm: 1
system: Bank
contexts:
  - name: Accounts
    aggregates:
      - name: Account
        store: events
        fields: { owner: string, since: date }
        commands:
          - name: Open Account
            creates: true
            fields: { owner: string, since: date }
            emits: [Account Opened]
        events:
          - name: Account Opened
            version: 2
            fields: { owner: string, since: date }
            earlier:
              - version: 1
                fields: { owner: string, since: string }
`

// upcastFiles are the files upcasting on load adds, with their owners.
var upcastFiles = map[string]generator.Owner{
	"services/accounts/internal/domain/account/account_opened_versions_gen.go":      generator.Generated,
	"services/accounts/internal/domain/account/account_opened_v1.go":                generator.Scaffolded,
	"services/accounts/internal/domain/account/account_opened_versions_gen_test.go": generator.Generated,
	"services/accounts/internal/adapters/memory/account_upcast_gen_test.go":         generator.Generated,
}

// TestEventSourcedUpcastPlan checks what an earlier version of an event
// of an event-sourced aggregate plans: the stored version's struct and
// upcaster, the team's hook, their tests, and a codec that sends earlier
// records to the upcaster; and that an aggregate stored as its state, or
// an event with no earlier version, plans none of it.
func TestEventSourcedUpcastPlan(t *testing.T) {
	files, err := eventSourcedPlan(t, upcastSrc)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]generator.File{}
	for _, f := range files {
		byPath[f.Path] = f
	}
	for p, owner := range upcastFiles {
		if f, ok := byPath[p]; !ok {
			t.Errorf("%s is not planned", p)
		} else if f.Owner != owner {
			t.Errorf("%s has the owner %v, want %v", p, f.Owner, owner)
		}
	}
	upcaster := byPath["services/accounts/internal/domain/account/account_opened_versions_gen.go"].Bytes
	if !bytes.Contains(upcaster, []byte("e := AccountOpened{Meta: old.Meta, Owner: old.Owner}")) {
		t.Errorf("the upcaster should copy the metadata and owner, not since:\n%s", upcaster)
	}
	codec := byPath["services/accounts/internal/messaging/account_stream_gen.go"].Bytes
	for _, want := range []string{"if r.EventVersion < 2 {\n\t\t\treturn upcastAccountOpened(r)", "account.UpcastAccountOpenedV1(old)"} {
		if !bytes.Contains(codec, []byte(want)) {
			t.Errorf("the stream codec lacks %q:\n%s", want, codec)
		}
	}

	for name, src := range map[string]string{
		"stored as its state": strings.Replace(upcastSrc, "        store: events\n", "", 1),
		"no earlier version":  upcastSrc[:strings.Index(upcastSrc, "            earlier:")],
	} {
		files, err := eventSourcedPlan(t, src)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if _, ok := upcastFiles[f.Path]; ok {
				t.Errorf("%s: %s is planned", name, f.Path)
			}
			if strings.HasSuffix(f.Path, "_stream_gen.go") && bytes.Contains(f.Bytes, []byte("upcast")) {
				t.Errorf("%s: the stream codec upcasts:\n%s", name, f.Bytes)
			}
		}
	}
}
