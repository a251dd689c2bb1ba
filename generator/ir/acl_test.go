package ir

import (
	"reflect"
	"testing"

	"eventstorm/model"
)

// TestACLs derives the order sample's rules: Ordering writes its topic;
// Order History reads it in its group and writes its dead-letter topic.
func TestACLs(t *testing.T) {
	m, diags := model.Load("order.yaml", []byte(orderModel))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if diags := model.Validate(m); diags.HasErrors() {
		t.Fatal(diags)
	}
	want := map[string][]ACL{
		"ordering": {
			{ResourceTopic, "shop.ordering.order", []string{OpCreate, OpDescribe, OpWrite}},
		},
		"order-history": {
			{ResourceTopic, "shop.ordering.order", []string{OpCreate, OpDescribe, OpRead}},
			{ResourceTopic, "shop.ordering.order.order-history.dlq", []string{OpCreate, OpDescribe, OpWrite}},
			{ResourceGroup, "order-history", []string{OpRead}},
		},
	}
	for _, x := range Contexts(m, LayoutServices) {
		if got := x.ACLs(); !reflect.DeepEqual(got, want[x.Principal()]) {
			t.Errorf("%s: ACLs\n%v\nwant\n%v", x.Principal(), got, want[x.Principal()])
		}
	}
}

const orderModel = `
eventstorm: 1
system: shop
module: shop
contexts:
  - name: Ordering
    aggregates:
      - name: Order
        commands:
          - name: Place Order
            creates: true
            fields: { amount: decimal }
            emits: [Order Placed]
        events:
          - name: Order Placed
            fields: { amount: decimal }
  - name: Order History
    readModels:
      - name: Order History
        key: orderId
        fields: { orderId: uuid, amount: decimal }
        from:
          - event: Ordering.Order Placed
`
