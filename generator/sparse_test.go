package generator_test

import (
	"testing"

	"eventstorm/generator"
	"eventstorm/model"
)

// sparseModels are models with as little as the format allows in one
// place or another: an aggregate of its id alone, commands and events
// without fields, every aggregate event-sourced and no read model, a
// context that only reads, a read model of its key alone, one-value enums
// and one-field value objects. Written as text in gofmt's layout, their
// files are where an empty list or struct would differ from what gofmt
// writes.
var sparseModels = map[string]string{
	"bare": `eventstorm: 1
system: Bare
contexts:
  - name: Solo
    aggregates:
      - name: Thing
        commands:
          - name: Make Thing
            creates: true
            emits: [Thing Made]
        events:
          - name: Thing Made
`,
	"sourced": `eventstorm: 1
system: Sourced
contexts:
  - name: Ledger
    aggregates:
      - name: Entry
        store: events
        idType: string
        commands:
          - name: Post Entry
            creates: true
            emits: [Entry Posted]
          - name: Void Entry
            emits: [Entry Voided]
        events:
          - name: Entry Posted
          - name: Entry Voided
`,
	"reader": `eventstorm: 1
system: Reader
contexts:
  - name: Source
    types:
      - name: Kind
        enum: [only]
      - name: Tag
        fields: { label: string }
    aggregates:
      - name: Item
        fields: { kind: Kind, tag: Tag }
        commands:
          - name: Add Item
            creates: true
            fields: { kind: Kind, tag: Tag }
            emits: [Item Added]
        events:
          - name: Item Added
            fields: { kind: Kind, tag: Tag }
  - name: Sink
    readModels:
      - name: Seen
        key: itemId
        fields: { itemId: uuid }
        from:
          - Source.Item Added
`,
}

// TestSparseModelsAreFormatted plans the sparse models in every layout;
// the package's TestMain has every file written as text checked against
// go/format.
func TestSparseModelsAreFormatted(t *testing.T) {
	for name, src := range sparseModels {
		for _, layout := range []generator.Layout{generator.LayoutServices, generator.LayoutPolyrepo, generator.LayoutMonolith} {
			t.Run(name+"/"+string(layout), func(t *testing.T) {
				m, diags := model.Load(name+".yaml", []byte(src))
				if diags.HasErrors() || m == nil {
					t.Fatalf("does not load: %v", diags)
				}
				if _, err := generator.Plan(m, generator.Options{Source: []byte(src), Layout: layout}); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}
