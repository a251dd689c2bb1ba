package model

import "testing"

func TestValueString(t *testing.T) {
	m, diags := loadValidate(`eventstorm: 1
system: Shop
contexts:
  - name: Ordering
    aggregates:
      - name: Order
        commands:
          - name: Place Order
            creates: true
            fields: { amount: decimal, note: string, tags: list of string, flag: bool }
            emits: [Order Placed]
        events:
          - name: Order Placed
        scenarios:
          - name: placed
            when: { Place Order: { amount: "12.50", note: plain, tags: [a, "true"], flag: true } }
            then: [Order Placed]
`)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	when := m.Contexts[0].Aggregates[0].Scenarios[0].When
	want := `{ amount: "12.50", note: plain, tags: [a, "true"], flag: true }`
	if got := FieldValuesString(when.Values); got != want {
		t.Errorf("FieldValuesString = %s, want %s", got, want)
	}
}
