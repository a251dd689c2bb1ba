package contractdiff

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"eventstorm/model"
	"eventstorm/samples"
)

// base returns the text of a sample ("order") or of a generator test model
// ("models/types.yaml").
func base(t *testing.T, name string) string {
	t.Helper()
	if rest, ok := strings.CutPrefix(name, "models/"); ok {
		data, err := os.ReadFile(filepath.Join("..", "generator", "testdata", "models", rest))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	text, err := samples.Plain(name)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// edit applies replacements, each of text that occurs exactly once.
func edit(t *testing.T, text string, pairs ...string) string {
	t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if n := strings.Count(text, pairs[i]); n != 1 {
			t.Fatalf("the edit's old text occurs %d times, want once:\n%s", n, pairs[i])
		}
		text = strings.Replace(text, pairs[i], pairs[i+1], 1)
	}
	return text
}

// load loads and validates a model that must have no errors.
func load(t *testing.T, file, text string) *model.Model {
	t.Helper()
	m, diags := model.Load(file, []byte(text))
	if m != nil {
		diags = append(diags, model.Validate(m)...)
	}
	if diags.HasErrors() {
		t.Fatalf("%s does not validate:\n%v", file, diags.Errors())
	}
	return m
}

func lines(cs Changes) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.String() + "\n")
	}
	return b.String()
}

// TestDiffPairs compares edited versions of the samples and test models:
// each case gives the number of breaking changes and lines the report
// must contain.
func TestDiffPairs(t *testing.T) {
	for _, tc := range []struct {
		name, base string
		edits      []string
		breaking   int
		want       []string
		unwanted   []string
	}{
		{
			name: "consumed field removed", base: "order",
			edits: []string{
				"          - name: Order Placed\n            fields: { customerId: string, amount: decimal }",
				"          - name: Order Placed\n            fields: { customerId: string }",
			},
			breaking: 1,
			want:     []string{"old.yaml:33:43: breaking: event Ordering.Order.Order Placed, field amount: removed (was decimal); affects Order History (read model Order History)"},
		},
		{
			name: "optional field added", base: "order",
			edits: []string{
				"          - name: Order Placed\n            fields: { customerId: string, amount: decimal }",
				"          - name: Order Placed\n            fields: { customerId: string, amount: decimal, note: optional string }",
			},
			want: []string{"new.yaml:33:60: compatible: event Ordering.Order.Order Placed, field note: added (optional string)\n"},
		},
		{
			name: "optional command field added", base: "order",
			edits: []string{"fields: { reason: string }\n            emits", "fields: { reason: string, refund: optional bool }\n            emits"},
			want:  []string{"compatible: command Ordering.Order.Cancel Order, field refund: added (optional bool)\n"},
		},
		{
			name: "required command field added", base: "order",
			edits:    []string{"fields: { reason: string }\n            emits", "fields: { reason: string, refund: bool }\n            emits"},
			breaking: 1,
			want:     []string{"breaking: command Ordering.Order.Cancel Order, field refund: added (bool), required: clients of the old contract do not send it; affects HTTP clients of ordering"},
		},
		{
			name: "consumed field made optional", base: "order",
			edits: []string{
				"          - name: Order Placed\n            fields: { customerId: string, amount: decimal }",
				"          - name: Order Placed\n            fields: { customerId: optional string, amount: decimal }",
				// What copies it must take it optional too.
				"        fields: { customerId: string, amount: decimal, reason: string }",
				"        fields: { customerId: optional string, amount: decimal, reason: string }",
				"        fields: { orderId: uuid, customerId: string,",
				"        fields: { orderId: uuid, customerId: optional string,",
			},
			breaking: 3,
			want:     []string{"breaking: event Ordering.Order.Order Placed, field customerId: retyped string → optional string: optional string may be absent, where string is required; affects Order History"},
		},
		{
			name: "event nobody reads removed", base: "models/types.yaml",
			edits: []string{
				"emits: [Stock Changed, Product Sold Out, Product Restocked]", "emits: [Stock Changed, Product Restocked]",
				"          - name: Product Sold Out\n", "",
				"then: [Stock Changed, Product Sold Out]", "then: [Stock Changed]",
			},
			want: []string{"old.yaml:95:13: compatible: event Catalog.Product.Product Sold Out: removed: no more events of type kitchen-sink.catalog.product-sold-out on the topic kitchen-sink.catalog.product; no reader\n"},
		},
		{
			name: "field of an event nobody reads removed", base: "library",
			edits: []string{"          - name: Fees Paid\n            fields: { amount: decimal }", "          - name: Fees Paid"},
			want:  []string{"compatible: event Membership.Member.Fees Paid, field amount: removed (was decimal); no reader\n"},
		},
		{
			name: "aggregate renamed", base: "order",
			edits:    []string{"      - name: Order\n", "      - name: Purchase\n        id: orderId\n"},
			breaking: 4,
			want: []string{
				"breaking: aggregate Ordering.Purchase: topic shop.ordering.order renamed to shop.ordering.purchase; affects consumers of topic shop.ordering.order, Order History (read model Order History)\n",
				"breaking: aggregate Ordering.Purchase: route GET /order/{id} moved to GET /purchase/{id}; affects HTTP clients of ordering\n",
				"breaking: command Ordering.Purchase.Place Order: route POST /order/place-order moved to POST /purchase/place-order; affects HTTP clients of ordering\n",
				"breaking: command Ordering.Purchase.Cancel Order: route POST /order/{id}/cancel-order moved to POST /purchase/{id}/cancel-order; affects HTTP clients of ordering\n",
			},
		},
		{
			name: "command removed", base: "order",
			edits: []string{
				"          - name: Cancel Order\n            actor: Customer\n            fields: { reason: string }\n            emits: [Order Cancelled]\n            rules:\n              - a cancelled order cannot be cancelled again\n", "",
				"          - name: a placed order can be cancelled\n            given: [Order Placed]\n            when: Cancel Order\n            then: [Order Cancelled]\n", "",
			},
			breaking: 1,
			want:     []string{"old.yaml:25:13: breaking: command Ordering.Order.Cancel Order: removed, with its route POST /order/{id}/cancel-order; affects HTTP clients of ordering\n"},
		},
		{
			name: "command field retyped", base: "order",
			edits:    []string{"fields: { customerId: string, amount: decimal }\n            emits", "fields: { customerId: string, amount: int }\n            emits"},
			breaking: 1,
			want:     []string{"breaking: command Ordering.Order.Place Order, field amount: retyped decimal → int: decimal cannot be read as int; affects HTTP clients of ordering"},
		},
		{
			name: "command field widened, made optional, made required", base: "models/types.yaml",
			edits: []string{
				"fields: { stock: int, reason: optional string, color: Color }\n            emits", "fields: { stock: decimal, reason: string, color: optional Color }\n            emits",
				// The event takes the optional color as it comes.
				"          - name: Stock Changed\n            fields: { stock: int, reason: optional string, color: Color }",
				"          - name: Stock Changed\n            fields: { stock: int, reason: optional string, color: optional Color }",
				"fields: { stock: int, color: Color }", "fields: { stock: int, color: optional Color }",
			},
			breaking: 3,
			want: []string{
				"compatible: command Catalog.Product.Change Stock, field stock: retyped int → decimal\n",
				"compatible: command Catalog.Product.Change Stock, field color: retyped Color → optional Color\n",
				"breaking: command Catalog.Product.Change Stock, field reason: retyped optional string → string: optional string may be absent, where string is required; affects HTTP clients of catalog\n",
				"breaking: event Catalog.Product.Stock Changed, field color: retyped Color → optional Color: optional Color may be absent, where Color is required; affects Catalog (read model Products By Color, read model Stock Levels)\n",
			},
		},
		{
			name: "event narrowed, command narrowed", base: "models/hops.yaml",
			edits: []string{
				"fields: { customerId: string }\n            emits", "fields: { customerId: uuid }\n            emits",
				"          - name: Order Placed\n            fields: { customerId: string }", "          - name: Order Placed\n            fields: { customerId: uuid }",
			},
			breaking: 1,
			want: []string{
				"breaking: command Ordering.Order.Place Order, field customerId: retyped string → uuid: string cannot be read as uuid; affects HTTP clients of ordering\n",
				"compatible: event Ordering.Order.Order Placed, field customerId: retyped string → uuid\n",
			},
		},
		{
			name: "enum value added", base: "library",
			edits: []string{"  - name: Lending\n    description: Lends copies to borrowers, renews loans and takes copies back at the returns desk.\n    types:\n      - name: Copy Condition\n        enum: [good, worn, damaged]",
				"  - name: Lending\n    description: Lends copies to borrowers, renews loans and takes copies back at the returns desk.\n    types:\n      - name: Copy Condition\n        enum: [good, worn, damaged, lost]",
				// Catalog reads Copy Checked In, so its Copy Condition must hold every value.
				"boardgame]\n      - name: Copy Condition\n        enum: [good, worn, damaged]", "boardgame]\n      - name: Copy Condition\n        enum: [good, worn, damaged, lost]"},
			breaking: 5, // the Copy's, the Loan's and the Return's state, Loan Closed, Copy Checked In
			want: []string{
				`breaking: event Lending.Loan.Loan Closed, field condition: enum Copy Condition changed, values added: lost: "lost" is not among the values of Copy Condition as read; affects Discovery (read model Current Loans)`,
				"breaking: event Lending.Return.Copy Checked In, field condition: enum Copy Condition changed, values added: lost: \"lost\" is not among the values of Copy Condition as read; affects Catalog (policy Record the condition of returned copies), Lending (policy Close the loan when its copy is checked in), Discovery (read model Copy Availability)\n",
				"compatible: command Lending.Loan.Close Loan, field condition: enum Copy Condition changed, values added: lost\n",
				`breaking: aggregate Lending.Loan, field condition: enum Copy Condition changed, values added: lost: "lost" is not among the values of Copy Condition as read; affects HTTP clients of lending`,
			},
		},
		{
			name: "value object loses a field", base: "models/types.yaml",
			edits:    []string{"fields: { width: float, height: float, unit: optional string }", "fields: { width: float, unit: optional string }"},
			breaking: 7, // variants, main and dims of the Product's state; variants and main of Add Product and Product Added
			want: []string{
				"breaking: aggregate Catalog.Product, field main: value object Variant changed, fields retyped: size: in Variant, field size: Dimensions has no field height, which Dimensions as read requires; affects HTTP clients of catalog\n",
				"breaking: aggregate Catalog.Product, field dims: value object Dimensions changed, fields removed: height: Dimensions has no field height, which Dimensions as read requires; affects HTTP clients of catalog\n",
				"breaking: command Catalog.Product.Add Product, field variants: value object Variant changed, fields retyped: size: in Variant, field size: field height of Dimensions would be ignored; affects HTTP clients of catalog\n",
				"breaking: event Catalog.Product.Product Added, field main: value object Variant changed, fields retyped: size: in Variant, field size: Dimensions has no field height, which Dimensions as read requires; affects Catalog (read model Launches)\n",
			},
		},
		{
			name: "new context", base: "order",
			edits: []string{"\nrelationships:", `
  - name: Billing
    aggregates:
      - name: Invoice
        commands:
          - name: Issue Invoice
            creates: true
            fields: { amount: decimal }
            emits: [Invoice Issued]
        events:
          - name: Invoice Issued
            fields: { amount: decimal }
    policies:
      - name: Audit orders
        when: Ordering.Order Placed
        then: Issue Invoice

relationships:`},
			want: []string{"compatible: context Billing: added: the new service billing\n"},
		},
		{
			name: "context renamed", base: "order",
			edits: []string{
				"  - name: Order History\n    description", "  - name: Order Archive\n    description",
				"downstream: Order History", "downstream: Order Archive",
			},
			breaking: 1,
			want:     []string{"breaking: context Order Archive: renamed from Order History: the service order-history becomes order-archive; affects HTTP clients of order-history\n"},
		},
		{
			name: "system renamed", base: "order",
			edits:    []string{"system: Shop", "system: Store"},
			breaking: 3,
			want: []string{
				"breaking: aggregate Ordering.Order: topic shop.ordering.order renamed to store.ordering.order; affects consumers of topic shop.ordering.order, Order History (read model Order History)\n",
				"breaking: event Ordering.Order.Order Placed: type (ce_type) shop.ordering.order-placed renamed to store.ordering.order-placed: consumers skip types they do not know; affects Order History (read model Order History)\n",
			},
		},
		{
			name: "event code changes its type", base: "order",
			edits:    []string{"          - name: Order Cancelled\n            fields", "          - name: Order Cancelled\n            code: OrderCanceled\n            fields"},
			breaking: 1,
			want:     []string{"breaking: event Ordering.Order.Order Cancelled: type (ce_type) shop.ordering.order-cancelled renamed to shop.ordering.order-canceled"},
		},
		{
			name: "context removed with its readers", base: "order",
			edits: []string{
				"  - name: Order History\n    description: Keeps every order's history for customers and support.\n    readModels:\n      - name: Order History\n        key: orderId\n        fields: { orderId: uuid, customerId: string, amount: decimal, status: string, reason: string }\n        from:\n          - event: Ordering.Order Placed\n            set: { status: placed }\n          - event: Ordering.Order Cancelled\n            set: { status: cancelled }\n", "",
				"relationships:\n  - upstream: Ordering\n    downstream: Order History\n    pattern: published-language\n", "",
				"          - name: Order Placed\n            fields: { customerId: string, amount: decimal }", "          - name: Order Placed\n            fields: { customerId: string }",
			},
			breaking: 1,
			want: []string{
				"breaking: context Order History: removed: the service order-history is gone, with 2 routes; affects HTTP clients of order-history\n",
				"compatible: event Ordering.Order.Order Placed, field amount: removed (was decimal); no reader\n",
			},
		},
		{
			name: "producer removed with one of its readers", base: "models/hops.yaml",
			edits: []string{
				"    policies:\n      - name: Mark the order shipped when its parcel leaves\n        when: Shipping.Parcel Dispatched\n        then: Mark Order Shipped\n", "",
				"  - name: Shipping\n    aggregates:\n      - name: Parcel\n        fields: { orderId: uuid }\n        commands:\n          - name: Prepare Parcel\n            creates: true\n            fields: { orderId: uuid }\n            emits: [Parcel Prepared]\n          - name: Dispatch Parcel\n            emits: [Parcel Dispatched]\n        events:\n          - name: Parcel Prepared\n            fields: { orderId: uuid }\n          - name: Parcel Dispatched\n            fields: { orderId: uuid }\n    policies:\n      - name: Prepare a parcel for each order\n        when: Ordering.Order Placed\n        then: Prepare Parcel\n      - name: Dispatch prepared parcels\n        when: Parcel Prepared\n        then: Dispatch Parcel\n", "",
			},
			breaking: 2,
			want: []string{
				"old.yaml:26:5: breaking: context Shipping: removed: the service shipping is gone, with 3 routes; affects HTTP clients of shipping\n",
				"old.yaml:40:13: breaking: event Shipping.Parcel.Parcel Dispatched: removed: no more events of type shop.shipping.parcel-dispatched on the topic shop.shipping.parcel; affects Ordering (policy Mark the order shipped when its parcel leaves)\n",
			},
			unwanted: []string{"Parcel Prepared"}, // read only by Shipping itself, which is gone
		},
		{
			name: "field removed with its reader", base: "order",
			edits: []string{
				"          - name: Order Placed\n            fields: { customerId: string, amount: decimal }", "          - name: Order Placed\n            fields: { customerId: string }",
				"fields: { orderId: uuid, customerId: string, amount: decimal, status: string, reason: string }", "fields: { orderId: uuid, customerId: string, status: string, reason: string }",
			},
			breaking: 2,
			want: []string{
				"breaking: event Ordering.Order.Order Placed, field amount: removed (was decimal); affects Order History (read model Order History)\n",
				"breaking: read model Order History.Order History, field amount: removed (was decimal); affects HTTP clients of order-history\n",
			},
		},
		{
			name: "own event read by its own context", base: "models/hops.yaml",
			edits:    []string{"          - name: Parcel Prepared\n            fields: { orderId: uuid }", "          - name: Parcel Prepared"},
			breaking: 1,
			want:     []string{"breaking: event Shipping.Parcel.Parcel Prepared, field orderId: removed (was uuid); affects Shipping (policy Dispatch prepared parcels)\n"},
		},
		{
			name: "read model removed and key renamed", base: "library",
			edits: []string{
				"      - name: Title Search\n        key: isbn\n        fields:\n          isbn: string",
				"      - name: Title Search\n        key: titleIsbn\n        fields:\n          titleIsbn: string",
				"      - name: Current Loans\n        description: What a member has on loan now, for the \"my loans\" page.\n        key: loanId\n        fields: { loanId: uuid, copyId: uuid, borrowerId: uuid, dueOn: date, renewalsLeft: int }\n        from:\n          - event: Lending.Copy Lent\n            set: { renewalsLeft: 1 }\n          - event: Lending.Loan Renewed\n            set: { renewalsLeft: 0 }\n          - event: Lending.Loan Closed\n            delete: true\n", "",
			},
			breaking: 2,
			want: []string{
				"breaking: read model Discovery.Title Search, field titleIsbn: key renamed isbn → titleIsbn: rows carry the key under its name; affects HTTP clients of discovery\n",
				"breaking: read model Discovery.Current Loans: removed, with its routes GET /current-loans/{key}, GET /current-loans; affects HTTP clients of discovery\n",
			},
		},
		{
			name: "creates toggled", base: "models/flows.yaml",
			edits:    []string{"          - name: Pay Invoice\n", "          - name: Pay Invoice\n            creates: true\n"},
			breaking: 1,
			want:     []string{"breaking: command Billing.Invoice.Pay Invoice: route POST /invoice/{id}/pay-invoice moved to POST /invoice/pay-invoice; affects HTTP clients of billing\n"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := base(t, tc.base)
			old := load(t, "old.yaml", text)
			new := load(t, "new.yaml", edit(t, text, tc.edits...))
			changes := Compare(old, new)
			report := lines(changes)
			if got := changes.Breaking(); got != tc.breaking {
				t.Errorf("%d breaking changes, want %d:\n%s", got, tc.breaking, report)
			}
			for _, w := range tc.want {
				if !strings.Contains(report, w) {
					t.Errorf("the report lacks %q:\n%s", w, report)
				}
			}
			for _, u := range tc.unwanted {
				if strings.Contains(report, u) {
					t.Errorf("the report mentions %q:\n%s", u, report)
				}
			}
			for _, c := range changes {
				if c.Kind == Breaking && len(c.Affected) == 0 {
					t.Errorf("a breaking change names no one affected: %s", c)
				}
			}
		})
	}
}

// TestDiffSameModelIsEmpty compares every sample and test model with
// itself, and with a copy whose comments, descriptions, scenarios and
// hotspots differ: none of those is a contract.
func TestDiffSameModelIsEmpty(t *testing.T) {
	names := []string{"models/flows.yaml", "models/hangul.yaml", "models/hops.yaml", "models/keywords.yaml", "models/types.yaml"}
	for _, s := range samples.All() {
		names = append(names, s.Name)
	}
	for _, name := range names {
		text := base(t, name)
		if got := Compare(load(t, "a.yaml", text), load(t, "b.yaml", text)); len(got) != 0 {
			t.Errorf("%s against itself:\n%s", name, lines(got))
		}
	}
	text := base(t, "order")
	other := edit(t, text,
		"description: Takes and tracks customer orders.", "description: Takes orders.",
		"    downstream: Order History\n    pattern: published-language", "    downstream: Order History\n    pattern: conformist",
		"          - name: an order can be placed\n            when: Place Order\n            then: [Order Placed]\n", "",
		"            rules:\n              - amount must be positive\n", "",
		"# yaml-language-server", "# a comment\n# yaml-language-server",
	)
	if got := Compare(load(t, "a.yaml", text), load(t, "b.yaml", other)); len(got) != 0 {
		t.Errorf("changes that are no contract's are reported:\n%s", lines(got))
	}
}

// TestDiffIsDeterministic compares two unrelated samples of one system
// name, which share no element: the report is the same every time.
func TestDiffIsDeterministic(t *testing.T) {
	old := base(t, "printshop")
	new := edit(t, base(t, "library"), "system: Riverside Library", "system: Layerworks")
	first := lines(Compare(load(t, "old.yaml", old), load(t, "new.yaml", new)))
	if first == "" {
		t.Fatal("two different models show no change")
	}
	for i := 0; i < 5; i++ {
		if again := lines(Compare(load(t, "old.yaml", old), load(t, "new.yaml", new))); again != first {
			t.Fatalf("two runs differ:\n%s\n---\n%s", first, again)
		}
	}
}

// TestDiffAnyPair compares every pair of the samples and test models, so
// unrelated ones too: every breaking change names whom it breaks, and
// every change is placed in one of the two files.
func TestDiffAnyPair(t *testing.T) {
	names := []string{"models/flows.yaml", "models/hangul.yaml", "models/hops.yaml", "models/keywords.yaml", "models/types.yaml"}
	for _, s := range samples.All() {
		names = append(names, s.Name)
	}
	for _, a := range names {
		for _, b := range names {
			for _, c := range Compare(load(t, "old.yaml", base(t, a)), load(t, "new.yaml", base(t, b))) {
				if c.Kind == Breaking && len(c.Affected) == 0 || c.Line < 1 || c.Column < 1 || c.File != "old.yaml" && c.File != "new.yaml" {
					t.Errorf("%s → %s: %s", a, b, c)
				}
			}
		}
	}
}

func TestDiffChangeString(t *testing.T) {
	c := Change{File: "m.yaml", Line: 3, Column: 7, Kind: Breaking, Element: "event", Name: "A.B.C", Field: "x",
		Detail: "removed (was int)", Affected: []string{"D (policy P)", "E (read model R)"}}
	if got, want := c.String(), "m.yaml:3:7: breaking: event A.B.C, field x: removed (was int); affects D (policy P), E (read model R)"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	c = Change{File: "m.yaml", Line: 1, Column: 1, Kind: Compatible, Element: "event", Name: "A.B.C", Detail: "removed", Unread: true}
	if got, want := c.String(), "m.yaml:1:1: compatible: event A.B.C: removed; no reader"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if n := (Changes{{Kind: Breaking}, {Kind: Compatible}, {Kind: Breaking}}).Breaking(); n != 2 {
		t.Errorf("Breaking() = %d, want 2", n)
	}
}

// TestDiffReadable checks the rules of type changes on types written out.
func TestDiffReadable(t *testing.T) {
	for _, tc := range []struct {
		w, r string
		ok   bool
	}{
		{"string", "string", true},
		{"int", "float", true},
		{"int", "decimal", true},
		{"float", "decimal", true},
		{"float", "int", false},
		{"decimal", "int", false},
		{"decimal", "float", false},
		{"decimal", "string", true},
		{"uuid", "string", true},
		{"string", "uuid", false},
		{"time", "string", true},
		{"date", "string", true},
		{"time", "date", false},
		{"date", "time", false},
		{"bool", "string", false},
		{"string", "optional string", true},
		{"optional string", "string", false},
		{"optional int", "optional decimal", true},
		{"optional float", "optional int", false},
		{"optional list of string", "list of string", true},
		{"list of string", "optional list of string", true},
		{"list of int", "list of float", true},
		{"list of float", "list of int", false},
		{"string", "list of string", false},
		{"list of string", "string", false},
		{"optional list of int", "string", false},
	} {
		w, err := model.ParseType(tc.w)
		if err != nil {
			t.Fatal(err)
		}
		r, err := model.ParseType(tc.r)
		if err != nil {
			t.Fatal(err)
		}
		if why := readable(w, r, false); (why == "") != tc.ok {
			t.Errorf("%s read as %s: got %q, want ok=%v", tc.w, tc.r, why, tc.ok)
		}
	}
}

// TestDiffReadableNamedTypes checks enums and value objects, by shape, through
// a value object that contains itself.
func TestDiffReadableNamedTypes(t *testing.T) {
	const head = "eventstorm: 1\nsystem: S\ncontexts:\n  - name: C\n    types:\n"
	m := load(t, "types.yaml", head+`      - name: Status
        enum: [a, b]
      - name: Wider Status
        enum: [a, b, c]
      - name: Node
        fields: { label: string, children: list of Node, note: optional string }
      - name: Bare Node
        fields: { label: string, children: list of Bare Node }
      - name: Int Node
        fields: { label: int, children: list of Int Node }
      - name: Tree
        fields: { children: list of Tree, label: string }
    aggregates:
      - name: A
        fields: { s: Status, w: Wider Status, n: Node, b: Bare Node, i: Int Node, t: Tree, str: string }
`)
	field := map[string]*model.TypeRef{}
	for _, f := range m.Contexts[0].Aggregates[0].Fields {
		field[f.Name] = f.Type
	}
	for _, tc := range []struct {
		w, r   string
		ok     bool
		strict bool
	}{
		{"s", "w", true, false},   // every value written is known
		{"w", "s", false, false},  // c is not
		{"s", "str", true, false}, // an enum is a string
		{"str", "s", false, false},
		{"n", "b", true, false},  // the extra optional note is ignored
		{"n", "b", false, true},  // unless ignoring is an error
		{"b", "n", true, true},   // and may be absent
		{"n", "i", false, false}, // a label is no int, down in the children too
		{"s", "n", false, false},
		{"n", "s", false, false},
	} {
		if why := readable(field[tc.w], field[tc.r], tc.strict); (why == "") != tc.ok {
			t.Errorf("%s read as %s (strict %v): got %q, want ok=%v", tc.w, tc.r, tc.strict, why, tc.ok)
		}
	}
	// A shape ignores names and the order of fields, not their types.
	if !model.SameShape(field["b"], field["t"]) {
		t.Error("a renamed recursive type changes shape")
	}
	if model.SameShape(field["n"], field["b"]) || model.SameShape(field["b"], field["i"]) || model.SameShape(field["s"], field["w"]) {
		t.Error("different types share a shape")
	}
	if !reflect.DeepEqual(minus([]string{"a", "b", "c"}, []string{"b"}), []string{"a", "c"}) {
		t.Error("minus")
	}
}
