package contractdiff

import (
	"strings"
	"testing"
)

// The order sample's Order Placed in the versions of a three-step
// evolution: version 1 as in the sample, version 2 beside it, version 2
// alone.
const (
	placedV1 = "          - name: Order Placed\n            fields: { customerId: string, amount: decimal }\n"
	placedV2 = "          - name: Order Placed\n            version: 2\n            fields: { customerId: string, amount: decimal, currency: optional string }\n" +
		"            earlier:\n              - version: 1\n                fields: { customerId: string, amount: decimal }\n"
	placedV2Only = "          - name: Order Placed\n            version: 2\n            fields: { customerId: string, amount: decimal, currency: optional string }\n"
	historyV1    = "fields: { orderId: uuid, customerId: string, amount: decimal, status: string, reason: string }"
	historyV2    = "fields: { orderId: uuid, customerId: string, amount: decimal, currency: optional string, status: string, reason: string }"
)

// evolution is the order sample at each step of moving Order Placed to
// version 2: its readers first, then its producer, then dropping version 1.
func evolution(t *testing.T) (v1, v2, moved, dropped string) {
	v1 = base(t, "order")
	v2 = edit(t, v1, placedV1, placedV2)
	moved = edit(t, v2, historyV1, historyV2)
	dropped = edit(t, moved, placedV2, placedV2Only)
	return
}

// TestVersionsEvolution judges each step of the three-step evolution and
// the shortcuts that skip one, and checks the release plan of each.
func TestVersionsEvolution(t *testing.T) {
	v1, v2, moved, dropped := evolution(t)
	for _, tc := range []struct {
		name     string
		old, new string
		breaking int
		want     []string // lines of the report, in order
		plan     string
	}{
		{name: "add version 2 beside version 1", old: v1, new: v2, want: []string{
			"new.yaml:33:22: compatible: event Ordering.Order.Order Placed: version 2 published in place of 1 (version 2 adds currency), which readers still accept (kept under earlier): release the readers before Ordering publishes version 2 (see --plan)",
		}, plan: "1. release order-history\n" +
			"   - order-history accepts version 2 of Ordering.Order.Order Placed before ordering publishes it\n" +
			"2. release ordering\n" +
			"   - ordering publishes version 2 of Ordering.Order.Order Placed in place of 1\n"},
		{name: "move a reader to version 2", old: v2, new: moved, want: []string{
			"compatible: read model Order History.Order History, field currency: added (optional string)",
		}, plan: "1. release order-history\n"},
		{name: "drop version 1", old: moved, new: dropped, want: []string{
			"old.yaml:36:17: compatible: event Ordering.Order.Order Placed: earlier version 1 dropped: Order History (read model Order History) will reject version 1 records once released; Ordering has not published one since version 2, so release the readers once every one is read (see --plan)",
		}, plan: "1. release ordering, order-history\n" +
			"   - order-history stops accepting version 1 of Ordering.Order.Order Placed: release it once it has read every version 1 record (ordering has not published one since version 2)\n"},
		{name: "version 2 in place of 1, not kept", old: v1, new: dropped, breaking: 1, want: []string{
			"new.yaml:33:22: breaking: event Ordering.Order.Order Placed: version 2 replaces 1 without keeping 1 under earlier",
			"; affects Order History (read model Order History)",
			"compatible: event Ordering.Order.Order Placed, field currency: added (optional string)",
		}, plan: "no safe order: ordering must go before order-history (ordering stops publishing version 1 of Ordering.Order.Order Placed before order-history stops accepting it; release order-history once it has read every version 1 record), " +
			"and order-history before ordering (order-history accepts version 2 of Ordering.Order.Order Placed before ordering publishes it)\n" +
			"1. release ordering, order-history\n"},
		{name: "no change", old: v2, new: v2, plan: "nothing to release: no contract changes\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old, new := load(t, "old.yaml", tc.old), load(t, "new.yaml", tc.new)
			changes := Compare(old, new)
			report := lines(changes)
			if changes.Breaking() != tc.breaking {
				t.Errorf("%d breaking changes, want %d:\n%s", changes.Breaking(), tc.breaking, report)
			}
			rest := report
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Errorf("the report lacks, in order, %q:\n%s", w, report)
					break
				}
				rest = rest[i+len(w):]
			}
			if got := PlanReleases(old, new).String(); !strings.HasPrefix(got, tc.plan) {
				t.Errorf("plan:\n%s\nwant it to start:\n%s", got, tc.plan)
			}
		})
	}
}

// TestVersionsJudged checks the changes of versions beyond the three
// steps: an earlier version's fields edited, a kept version that no longer
// reads what was written, going back to an earlier version, an event no
// one reads.
func TestVersionsJudged(t *testing.T) {
	v1, v2, _, _ := evolution(t)
	v2Earlier := func(fields string) string {
		return edit(t, v2, "              - version: 1\n                fields: { customerId: string, amount: decimal }\n",
			"              - version: 1\n                fields: "+fields+"\n")
	}
	for _, tc := range []struct {
		name     string
		old, new string
		breaking int
		want     []string
	}{
		{name: "earlier version gains a required field", old: v2, new: v2Earlier("{ customerId: string, amount: decimal, currency: string }"), breaking: 1, want: []string{
			"new.yaml:37:64: breaking: event Ordering.Order.Order Placed, field currency: version 1: added (string), required: records written so far lack it; affects Order History (read model Order History)",
		}},
		{name: "earlier version gains an optional field, loses one", old: v2, new: v2Earlier("{ customerId: string, note: optional string }"), want: []string{
			"new.yaml:37:47: compatible: event Ordering.Order.Order Placed, field note: version 1: added (optional string): records written so far lack it",
			"old.yaml:37:47: compatible: event Ordering.Order.Order Placed, field amount: version 1: removed (was decimal): readers ignore it in the records written so far",
		}},
		{name: "kept version no longer reads what was written", old: v1, new: v2Earlier("{ customerId: string, amount: int }"), breaking: 1, want: []string{
			"compatible: event Ordering.Order.Order Placed: version 2 published in place of 1 (version 2 adds currency)",
			"new.yaml:37:47: breaking: event Ordering.Order.Order Placed, field amount: version 1: retyped decimal → int: decimal cannot be read as int",
			"; affects Order History (read model Order History)",
		}},
		{name: "back to version 1", old: v2, new: edit(t, v2, placedV2, "          - name: Order Placed\n            fields: { customerId: string, amount: decimal }\n"), want: []string{
			"compatible: event Ordering.Order.Order Placed: version 1 published again in place of 2; running readers accept it, and once released no longer accept version 2: release Ordering first (see --plan)",
		}},
		{name: "version 3 beside 2 and 1", old: v2, new: edit(t, v2, "            version: 2\n", "            version: 3\n",
			"fields: { customerId: string, amount: decimal, currency: optional string }\n", "fields: { customerId: string, amount: float, total: decimal }\n",
			"            earlier:\n", "            earlier:\n              - { version: 2, fields: { customerId: string, amount: decimal, currency: optional string } }\n"), want: []string{
			"compatible: event Ordering.Order.Order Placed: version 3 published in place of 2 (version 3 adds total; removes currency; retypes amount), which readers still accept (kept under earlier)",
		}},
		{name: "an earlier version added", old: edit(t, v2, "            version: 2\n", "            version: 3\n"), new: edit(t, v2, "            version: 2\n", "            version: 3\n",
			"            earlier:\n", "            earlier:\n              - { version: 2, fields: { customerId: string } }\n"), want: []string{
			"new.yaml:36:17: compatible: event Ordering.Order.Order Placed: earlier version 2 added: readers accept it once released",
		}},
		{name: "no reader", old: edit(t, v1, "          - event: Ordering.Order Placed\n            set: { status: placed }\n", ""),
			new: edit(t, edit(t, v2, "          - event: Ordering.Order Placed\n            set: { status: placed }\n", ""), placedV2, placedV2Only), want: []string{
				"compatible: event Ordering.Order.Order Placed: version 2 replaces 1 without keeping 1 under earlier",
				"; no reader",
			}},
		{name: "earlier version dropped, no reader", old: edit(t, v2, "          - event: Ordering.Order Placed\n            set: { status: placed }\n", ""),
			new: edit(t, edit(t, v2, "          - event: Ordering.Order Placed\n            set: { status: placed }\n", ""), placedV2, placedV2Only), want: []string{
				"old.yaml:36:17: compatible: event Ordering.Order.Order Placed: earlier version 1 dropped; no context reads the event\n",
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			changes := Compare(load(t, "old.yaml", tc.old), load(t, "new.yaml", tc.new))
			report := lines(changes)
			if changes.Breaking() != tc.breaking {
				t.Errorf("%d breaking changes, want %d:\n%s", changes.Breaking(), tc.breaking, report)
			}
			rest := report
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Errorf("the report lacks, in order, %q:\n%s", w, report)
					break
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

// TestPlanBackToVersion1 checks that going back to a version the readers
// accept releases the producer first.
func TestPlanBackToVersion1(t *testing.T) {
	_, v2, _, _ := evolution(t)
	back := edit(t, v2, placedV2, "          - name: Order Placed\n            fields: { customerId: string, amount: decimal }\n")
	got := PlanReleases(load(t, "old.yaml", v2), load(t, "new.yaml", back)).String()
	want := "1. release ordering\n" +
		"   - ordering stops publishing version 2 of Ordering.Order.Order Placed before order-history stops accepting it; release order-history once it has read every version 2 record\n" +
		"2. release order-history\n"
	if got != want {
		t.Errorf("plan:\n%s\nwant:\n%s", got, want)
	}
}

// TestPlanProducerReadsItself checks the note for a producer that reads
// its own event: the plan cannot order a service before itself.
func TestPlanProducerReadsItself(t *testing.T) {
	v1, v2, _, _ := evolution(t)
	own := "    readModels:\n      - { name: Placed Orders, fields: { orderId: uuid }, from: [Order Placed] }\n\n  - name: Order History\n"
	mine := func(text string) string { return edit(t, text, "\n  - name: Order History\n", own) }
	got := PlanReleases(load(t, "old.yaml", mine(v1)), load(t, "new.yaml", mine(v2))).String()
	if !strings.Contains(got, "   - ordering reads Ordering.Order.Order Placed itself: its instances still running may receive version 2 from the new ones") {
		t.Errorf("no note for the producer reading its own event:\n%s", got)
	}
}
