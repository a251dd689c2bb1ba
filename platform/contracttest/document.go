// Package contracttest checks a service's contract documents (openapi.yaml,
// asyncapi.yaml and the JSON Schema of each event) against what its code
// writes: the generated contract tests call it, so that the documents and
// the code cannot drift apart.
package contracttest

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// Document is a contract document whose schemas check values.
type Document struct {
	// Name is the document's file name, as the tests read it.
	Name string
	doc  any
	// formats checks the formats too (uuid, date, date-time...); shapes
	// leaves them as annotations.
	formats, shapes *jsonschema.Compiler
}

// Load reads a YAML or JSON document whose schemas are of draft unless they
// say otherwise: OpenAPI 3.1's are 2020-12, AsyncAPI 3.0's draft-07.
// Without formats, they are read as 2020-12, whose keywords the documents
// use as draft-07 does, with formats as annotations.
func Load(t testing.TB, name string, draft *jsonschema.Draft) *Document {
	t.Helper()
	d := &Document{
		Name:    name,
		doc:     read(t, name),
		formats: jsonschema.NewCompiler(),
		shapes:  jsonschema.NewCompiler(),
	}
	d.formats.DefaultDraft(draft)
	d.formats.AssertFormat()
	d.shapes.DefaultDraft(jsonschema.Draft2020)
	for _, c := range []*jsonschema.Compiler{d.formats, d.shapes} {
		if err := c.AddResource(name, d.doc); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// read reads a YAML or JSON document as the value jsonschema works on.
func read(t testing.TB, name string) any {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if data, err = json.Marshal(v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

// Pointer joins tokens into a JSON pointer.
func Pointer(tokens ...string) string {
	var b strings.Builder
	escape := strings.NewReplacer("~", "~0", "/", "~1")
	for _, tok := range tokens {
		b.WriteString("/" + escape.Replace(tok))
	}
	return b.String()
}

// At returns the value at a JSON pointer of the document, following the
// $ref it finds there, and the pointer it was found at; nil when there is
// none.
func (d *Document) At(pointer string) (any, string) {
	unescape := strings.NewReplacer("~1", "/", "~0", "~")
	v := d.doc
	if pointer != "" {
		for _, tok := range strings.Split(pointer, "/")[1:] {
			m, _ := v.(map[string]any)
			v = m[unescape.Replace(tok)]
		}
	}
	if m, ok := v.(map[string]any); ok {
		if ref, ok := m["$ref"].(string); ok && strings.HasPrefix(ref, "#/") {
			return d.At(ref[1:])
		}
	}
	return v, pointer
}

// Validate checks JSON against the schema at a JSON pointer of the
// document, and the formats of its strings if asked to.
func (d *Document) Validate(t testing.TB, pointer string, data []byte, formats bool) {
	t.Helper()
	c := d.shapes
	if formats {
		c = d.formats
	}
	schema, err := c.Compile(d.Name + "#" + pointer)
	if err != nil {
		t.Fatalf("%s#%s: %v", d.Name, pointer, err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not JSON (%v): %s", err, data)
	}
	if err := schema.Validate(v); err != nil {
		t.Errorf("%s does not match %s#%s: %v", data, d.Name, pointer, err)
	}
}

// Marshal writes v as JSON, failing the test if it cannot.
func Marshal(t testing.TB, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
