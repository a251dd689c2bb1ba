package flowrun

import (
	"strings"
	"testing"

	"eventstorm/model"
)

// typedModel has a command and a read model with a field of every kind of
// type, and a flow giving each a value.
const typedModel = `eventstorm: 1
system: Shop
contexts:
  - name: Ordering
    types:
      - name: Address
        fields: { street: string, zip: optional string }
      - name: Priority
        enum: [low, high]
    aggregates:
      - name: Order
        commands:
          - name: Place Order
            creates: true
            fields:
              amount: decimal
              quantity: int
              weight: float
              gift: bool
              placedAt: time
              due: date
              couponId: uuid
              tags: list of string
              note: optional string
              priority: Priority
              shipTo: Address
              customerId: string
            emits: [Order Placed]
        events:
          - name: Order Placed
            fields: { amount: decimal, customerId: string }
flows:
  - name: everything
    when:
      Ordering.Place Order:
        amount: "12.50"
        quantity: 3
        weight: 1.5
        gift: true
        placedAt: 2026-11-24T09:30:00Z
        due: 2026-11-24
        couponId: 0B7C2F8E-8F6C-4C57-9D0E-3B1F2A6D9C41
        tags: [a, b]
        note: null
        priority: high
        shipTo: { street: Main St 1 }
        customerId: "007"
    then:
      - { Ordering.Order Placed: { amount: "12.50", customerId: "007" } }
`

func loadFlow(t *testing.T) *model.Flow {
	t.Helper()
	m, diags := model.Load("eventstorm.yaml", []byte(typedModel))
	if m == nil || diags.HasErrors() {
		t.Fatalf("the model does not load: %v", diags)
	}
	if diags := model.Validate(m); diags.HasErrors() {
		t.Fatalf("the model is invalid: %v", diags)
	}
	return m.Flows[0]
}

func TestBodyEncodesValuesAsTheAPIDecodesThem(t *testing.T) {
	f := loadFlow(t)
	data, err := body(f.When.Values)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"amount":"12.50","couponId":"0B7C2F8E-8F6C-4C57-9D0E-3B1F2A6D9C41","customerId":"007","due":"2026-11-24","gift":true,"note":null,"placedAt":"2026-11-24T09:30:00Z","priority":"high","quantity":3,"shipTo":{"street":"Main St 1"},"tags":["a","b"],"weight":1.5}`
	if string(data) != want {
		t.Errorf("body:\n got %s\nwant %s", data, want)
	}
}

func TestMismatchComparesAsTheTypesSay(t *testing.T) {
	f := loadFlow(t)
	same, err := decodeObject([]byte(`{"amount":"12.5","quantity":3.0,"weight":"1.50","gift":true,
		"placedAt":"2026-11-24T10:30:00+01:00","due":"2026-11-24","couponId":"0b7c2f8e-8f6c-4c57-9d0e-3b1f2a6d9c41",
		"tags":["a","b"],"note":null,"priority":"high","shipTo":{"street":"Main St 1","zip":"x"},"customerId":"007","extra":1}`))
	if err != nil {
		t.Fatal(err)
	}
	if why := fieldsMismatch(f.When.Values, same); why != "" {
		t.Errorf("equal values differ: %s", why)
	}
	differs, err := decodeObject([]byte(`{"amount":"12.51","quantity":4,"weight":1.5,"gift":false,
		"placedAt":"2026-11-24T09:30:01Z","due":"2026-11-25","couponId":"0b7c2f8e-8f6c-4c57-9d0e-3b1f2a6d9c42",
		"tags":["a"],"note":"n","priority":"low","shipTo":{"street":"Main St 2"},"customerId":7}`))
	if err != nil {
		t.Fatal(err)
	}
	why := fieldsMismatch(f.When.Values, differs)
	for _, want := range []string{
		`amount: want "12.50", got "12.51"`,
		"quantity: want 3, got 4",
		"gift: want true, got false",
		"placedAt: want 2026-11-24T09:30:00Z",
		`due: want 2026-11-24, got "2026-11-25"`,
		"couponId: want",
		`tags: want 2 items [a, b], got 1: ["a"]`,
		`note: want null, got "n"`,
		`priority: want high, got "low"`,
		`shipTo: street: want Main St 1, got "Main St 2"`,
		`customerId: want "007", got 7`,
	} {
		if !strings.Contains(why, want) {
			t.Errorf("the differences do not say %q:\n%s", want, why)
		}
	}
	if strings.Contains(why, "weight") {
		t.Errorf("1.5 and 1.5 differ:\n%s", why)
	}
	missing := fieldsMismatch(f.Then[0].Values, map[string]any{"amount": "12.5"})
	if missing != `customerId: want "007", missing` {
		t.Errorf("a missing field: %q", missing)
	}
}
