package cmd

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// Order Placed at version 2 beside version 1, and alone.
const (
	orderPlacedV2 = "          - name: Order Placed\n            version: 2\n            fields: { customerId: string, amount: decimal, currency: optional string }\n" +
		"            earlier:\n              - version: 1\n                fields: { customerId: string, amount: decimal }"
	orderPlacedV2Only = "          - name: Order Placed\n            version: 2\n            fields: { customerId: string, amount: decimal, currency: optional string }"
)

// TestDiffPlanEvolution runs diff --plan on each step of moving Order
// Placed to version 2, and on the shortcut that skips keeping version 1.
func TestDiffPlanEvolution(t *testing.T) {
	dir := t.TempDir()
	v1 := writeFile(t, filepath.Join(dir, "v1.yaml"), orderSample(t, orderPlaced, orderPlaced))
	v2 := writeFile(t, filepath.Join(dir, "v2.yaml"), orderSample(t, orderPlaced, orderPlacedV2))
	only := writeFile(t, filepath.Join(dir, "v2only.yaml"), orderSample(t, orderPlaced, orderPlacedV2Only))
	for _, tc := range []struct {
		name, old, new string
		code           int
		want           string
	}{
		{"add version 2 beside 1", v1, v2, 0, "1. release order-history\n" +
			"   - order-history accepts version 2 of Ordering.Order.Order Placed before ordering publishes it\n" +
			"2. release ordering\n" +
			"   - ordering publishes version 2 of Ordering.Order.Order Placed in place of 1\n" +
			v2 + ": 0 breaking changes, 1 compatible change since " + v1 + "\n"},
		{"drop version 1", v2, only, 0, "1. release ordering, order-history\n" +
			"   - order-history stops accepting version 1 of Ordering.Order.Order Placed: release it once it has read every version 1 record (ordering has not published one since version 2)\n" +
			only + ": 0 breaking changes, 1 compatible change since " + v2 + "\n"},
		{"replace version 1", v1, only, 1, "no safe order: ordering must go before order-history"},
		{"nothing changed", v2, v2, 0, "nothing to release: no contract changes\n" + v2 + ": no contract changes since " + v2 + "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, "diff", "--plan", tc.old, tc.new)
			r.want(t, tc.code)
			if !strings.HasPrefix(r.out, tc.want) {
				t.Errorf("got:\n%s\nwant it to start:\n%s", r.out, tc.want)
			}
		})
	}

	r := run(t, "diff", "--plan", "--format", "json", v1, v2)
	r.want(t, 0)
	var got struct {
		Changes []struct{ Kind, Change string }
		Plan    struct {
			Steps []struct {
				Services []string
				Notes    []string
			}
			Conflicts []string
		}
	}
	if err := json.Unmarshal([]byte(r.out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.out)
	}
	if len(got.Changes) != 1 || len(got.Plan.Steps) != 2 || got.Plan.Steps[0].Services[0] != "order-history" ||
		got.Plan.Steps[1].Services[0] != "ordering" || got.Plan.Conflicts == nil || len(got.Plan.Conflicts) != 0 {
		t.Errorf("the JSON plan is not readers, then producer:\n%s", r.out)
	}
}
