package tui

import (
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"eventstorm/tui/board"
)

// emptyModel is a session on a new model with one empty context.
func emptyModel(t *testing.T) *Model {
	t.Helper()
	b, err := board.New(filepath.Join(t.TempDir(), "eventstorm.yaml"), "Shop")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.AddContext("Ordering"); err != nil {
		t.Fatal(err)
	}
	return newModel(b, asciiRenderer())
}

// TestBigPictureThroughKeys types events onto the timeline as they are
// called out, inserts one, marks it pivotal, moves it first and groups it
// into a new aggregate; the saved file is valid.
func TestBigPictureThroughKeys(t *testing.T) {
	m := emptyModel(t)
	up := tea.KeyMsg{Type: tea.KeyUp}
	final, v := screen(t, m, 80, 24, keys("b", "Order Placed", enter, "Order Shipped", enter, enter,
		up, "a", "Order Paid", enter, enter, "*", "K")...)
	if got := timelineOf(final); got != "Order Paid, Order Placed, Order Shipped" {
		t.Errorf("timeline %s:\n%s", got, v)
	}
	final, v = screen(t, final, 80, 24, keys("h", "Who pays first?", enter)...)
	if !strings.Contains(v, "★ Order Paid") || !strings.Contains(v, "not grouped yet") || !strings.Contains(v, "Big picture") ||
		!strings.Contains(v, "? 1 open") {
		t.Errorf("the timeline screen:\n%s", v)
	}
	if n := strings.Count(v, "\n") + 1; n != 24 {
		t.Errorf("%d lines at 80×24", n)
	}
	final, v = screen(t, final, 80, 24, keys("g", enter, "Order", enter, "g", enter)...)
	if !strings.Contains(v, "Ordering · Order") {
		t.Errorf("grouped events do not say their aggregate:\n%s", v)
	}
	y := savedYAML(t, final)
	if !strings.Contains(y, "- name: Order\n        events:\n          - name: Order Paid # pivotal\n          - name: Order Placed\n") {
		t.Errorf("saved:\n%s", y)
	}
	_, v = screen(t, final, 80, 24, esc)
	if final.mode != modeBoard || !strings.Contains(v, "★ Order") {
		t.Errorf("esc did not go back to the board:\n%s", v)
	}
}

func timelineOf(m *Model) string {
	var out []string
	for _, k := range m.b.TimelineEvents() {
		out = append(out, k.Name)
	}
	return strings.Join(out, ", ")
}

// TestBigPictureMovesToContext groups an event into an aggregate and moves
// the aggregate to a new context with m.
func TestBigPictureMovesToContext(t *testing.T) {
	m := emptyModel(t)
	final, v := screen(t, m, 80, 24, keys("b", "Invoice Sent", enter, enter, "g", enter, "Invoice", enter,
		"m", enter, "Billing", enter)...)
	if !strings.Contains(v, "Billing · Invoice") || final.mode != modeBig {
		t.Fatalf("after the move:\n%s", v)
	}
	y := savedYAML(t, final)
	if !strings.Contains(y, "  - name: Billing\n    aggregates:\n      - name: Invoice\n        events:\n          - name: Invoice Sent\n") {
		t.Errorf("saved:\n%s", y)
	}
}

// TestBigPictureAttaches attaches a command with its actor, a policy and a
// read model to an event on the timeline.
func TestBigPictureAttaches(t *testing.T) {
	m := emptyModel(t)
	final, v := screen(t, m, 80, 24, keys("b", "Order Placed", enter, enter, "g", enter, "Order", enter,
		"c", "Customer: Place Order", enter, "P", "Place Order", enter, "R", "Order List", enter)...)
	if !strings.Contains(v, "Ordering · Order ◀ Place Order") {
		t.Errorf("the timeline does not show the command:\n%s", v)
	}
	y := savedYAML(t, final)
	for _, want := range []string{"- name: Place Order\n            actor: Customer\n            emits: [Order Placed]\n",
		"- name: Place Order when Order Placed\n        when: Order Placed\n        then: Place Order\n", "- name: Order List\n        from:\n          - event: Order Placed\n"} {
		if !strings.Contains(y, want) {
			t.Errorf("saved lacks %q:\n%s", want, y)
		}
	}
}

// TestBigPictureTabAndSave types an event into a second context picked by
// tab, groups the last ungrouped event and attaches a command to it, and
// saves with s, all without leaving the timeline: the command goes to the
// grouped event, where the cursor stays once nothing waits.
func TestBigPictureTabAndSave(t *testing.T) {
	m := emptyModel(t)
	if _, err := m.b.AddContext("Billing"); err != nil {
		t.Fatal(err)
	}
	final, v := screen(t, m, 80, 24, keys("b", "Order Placed", enter, enter, "g", enter, "Order", enter,
		tab, "a", "Invoice Issued", enter, enter, "g", enter, "Invoice", enter, "c", "Issue Invoice", enter, "s")...)
	if !strings.Contains(v, "Billing · Invoice ◀ Issue Invoice") || final.mode != modeBig || final.b.Dirty() {
		t.Fatalf("after tab, grouping, attaching and s:\n%s", v)
	}
	y := savedYAML(t, final)
	if !strings.Contains(y, "  - name: Billing\n    aggregates:\n      - name: Invoice\n        commands:\n          - name: Issue Invoice\n            emits: [Invoice Issued]\n") {
		t.Errorf("saved:\n%s", y)
	}
}

// TestBigPictureHelp shows every key from the timeline with ?, and any key
// goes back to the timeline, not the board.
func TestBigPictureHelp(t *testing.T) {
	m := emptyModel(t)
	final, v := screen(t, m, 80, 24, keys("b", "Order Placed", enter, enter, "?")...)
	if final.mode != modeHelp || !strings.Contains(v, "timeline: a types events") {
		t.Fatalf("? on the timeline:\n%s", v)
	}
	final, v = screen(t, final, 80, 24, esc)
	if final.mode != modeBig || !strings.Contains(v, "Big picture") {
		t.Errorf("back from the help:\n%s", v)
	}
}
