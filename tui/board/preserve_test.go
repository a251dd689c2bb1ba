package board

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// handWritten is a model written by hand: blank lines between sections,
// flow mappings with spaces, comments aligned in a column.
const handWritten = `# The shop.
eventstorm: 1
system: Shop

contexts:
  - name: Ordering            # where orders are taken
    aggregates:
      - name: Order
        fields: { customerId: string, amount: decimal }

        commands:
          - name: Place Order
            creates: true
            fields: { customerId: string, amount: decimal }
            emits: [Order Placed]

        events:
          - name: Order Placed
            fields: { customerId: string, amount: decimal }   # what the history shows

  - name: Order History
    readModels:
      - name: Order History
        key: orderId
        fields: { orderId: uuid, amount: decimal }
        from:
          - event: Ordering.Order Placed
`

// withoutAdded returns saved with the lines that are not in orig removed,
// in order, and those lines.
func withoutAdded(orig, saved string) (kept string, added []string) {
	o := strings.SplitAfter(orig, "\n")
	var out strings.Builder
	i := 0
	for _, l := range strings.SplitAfter(saved, "\n") {
		if i < len(o) && l == o[i] {
			out.WriteString(l)
			i++
		} else {
			added = append(added, l)
		}
	}
	return out.String(), added
}

func TestSaveKeepsTheFileAsWritten(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(t *testing.T, b *Board)
		added []string // lines the save adds, the rest kept byte for byte
	}{
		{"a hotspot", func(t *testing.T, b *Board) {
			_, err := b.AddHotspot("Ordering", "What if the card is declined?", "")
			must(t, err)
		}, []string{"    hotspots:\n", "      - text: What if the card is declined?\n"}},
		{"a command", func(t *testing.T, b *Board) {
			_, err := b.AddCommand(Key{Aggregate, "Ordering", "Order"}, "Cancel Order")
			must(t, err)
		}, []string{"          - name: Cancel Order\n", "            emits: []\n"}},
		{"a description", func(t *testing.T, b *Board) {
			must(t, b.SetDescription(Key{Aggregate, "Ordering", "Order"}, "What a customer buys."))
		}, []string{"        description: What a customer buys.\n"}},
		{"a rule", func(t *testing.T, b *Board) {
			must(t, b.SetItem(Key{Command, "Ordering", "Place Order"}, "", "amount must be positive"))
		}, []string{"            rules:\n", "              - amount must be positive\n"}},
		{"a set value", func(t *testing.T, b *Board) {
			must(t, b.SetProjectionValue(Key{ReadModel, "Order History", "Order History"}, "Ordering.Order Placed", "amount", "0"))
		}, []string{"            set: {amount: 0}\n"}},
		{"a relationship", func(t *testing.T, b *Board) {
			must(t, b.SetRelationship("Ordering", "Order History", "conformist"))
		}, []string{"relationships:\n", "  - upstream: Ordering\n", "    downstream: Order History\n", "    pattern: conformist\n"}},
		{"a policy target", func(t *testing.T, b *Board) {
			_, err := b.AddPolicy("Ordering", "Audit")
			must(t, err)
			must(t, b.SetPolicyTarget(Key{Policy, "Ordering", "Audit"}, "orderId"))
		}, []string{"    policies:\n", "      - name: Audit\n", "        target: orderId\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "eventstorm.yaml")
			must(t, os.WriteFile(file, []byte(handWritten), 0o644))
			b, err := Open(file, []byte(handWritten))
			must(t, err)
			tt.edit(t, b)
			must(t, b.Save())
			saved, err := os.ReadFile(file)
			must(t, err)
			kept, added := withoutAdded(handWritten, string(saved))
			if kept != handWritten || strings.Join(added, "") != strings.Join(tt.added, "") {
				t.Errorf("the save changed more than the edit: added %q, want %q; the file:\n%s", added, tt.added, saved)
			}
			if !bytes.Equal(b.Saved(), saved) {
				t.Error("Saved() is not what was written")
			}
			// A second edit and save keeps the first's text too.
			_, err = b.AddHotspot("Order History", "Who reads it?", "")
			must(t, err)
			must(t, b.Save())
			again, _ := os.ReadFile(file)
			if kept, _ := withoutAdded(string(saved), string(again)); kept != string(saved) {
				t.Errorf("the second save rewrote the first's lines:\n%s", again)
			}
		})
	}
}
