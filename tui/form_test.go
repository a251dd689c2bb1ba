package tui

import (
	"os"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"eventstorm/model"
	"eventstorm/tui/board"
)

var (
	down = tea.KeyMsg{Type: tea.KeyDown}
	esc  = tea.KeyMsg{Type: tea.KeyEsc}
)

func downs(n int) []tea.Msg {
	var out []tea.Msg
	for range n {
		out = append(out, down)
	}
	return out
}

// keys joins key messages and runs of them.
func keys(parts ...any) []tea.Msg {
	var out []tea.Msg
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			out = append(out, runes(p))
		case []tea.Msg:
			out = append(out, p...)
		default:
			out = append(out, p)
		}
	}
	return out
}

// savedYAML saves the session's model and returns the file.
func savedYAML(t *testing.T, m *Model) string {
	t.Helper()
	if err := m.b.Save(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(m.b.File)
	if err != nil {
		t.Fatal(err)
	}
	if _, diags := model.Load("x.yaml", data); diags.HasErrors() {
		t.Errorf("the saved model has errors: %v", diags)
	}
	return string(data)
}

// TestFormEditsRulesAndComesBack adds a rule to Place Order through its
// form, which stays open after each edit.
func TestFormEditsRulesAndComesBack(t *testing.T) {
	m := sampleModel(t, sampleFile(t))
	// Place Order's form: name, actor, creates, rules (3rd below name).
	final, v := screen(t, m, 80, 24, keys(right, "e", downs(3), enter, "a", "the customer exists", enter)...)
	if !strings.Contains(v, "Rules of Place Order") || !strings.Contains(v, "the customer exists") {
		t.Fatalf("the rules list:\n%s", v)
	}
	final, v = screen(t, final, 80, 24, esc)
	if !strings.Contains(v, "Edit command \"Place Order\"") || !strings.Contains(v, "rules (2)…") {
		t.Fatalf("esc did not come back to the form:\n%s", v)
	}
	_, v = screen(t, final, 80, 24, esc)
	if final.mode != modeBoard {
		t.Errorf("esc from the form did not go back to the board:\n%s", v)
	}
	if y := savedYAML(t, final); !strings.Contains(y, "              - amount must be positive\n              - the customer exists\n") {
		t.Errorf("saved:\n%s", y)
	}
}

// TestFormValidatesLive sets a code that collides with another command's:
// the problems count in the title says so at once, and undo takes it back.
func TestFormValidatesLive(t *testing.T) {
	m := sampleModel(t, sampleFile(t))
	// code is the last line of a command's form (8 lines).
	final, v := screen(t, m, 80, 24, keys(right, "e", downs(7), enter, "CancelOrder", enter)...)
	if !strings.Contains(v, "code: CancelOrder") || !strings.Contains(v, "collides with") {
		t.Fatalf("the form after a bad code:\n%s", v)
	}
	_, v = screen(t, final, 80, 24, esc, runes("u"))
	if !strings.Contains(v, "valid") || strings.Contains(v, "✗") {
		t.Errorf("undo left the error:\n%s", v)
	}
}

// TestEnumThroughKeys adds an enum: a t picks enum, the name, then its
// values one after the other.
func TestEnumThroughKeys(t *testing.T) {
	m := sampleModel(t, sampleFile(t))
	final, v := screen(t, m, 80, 24, keys("a", "t", "e", "Order Status", enter, "placed", enter, "a", "paid", enter)...)
	if !strings.Contains(v, "Values of the enum Order Status") {
		t.Fatalf("no values list:\n%s", v)
	}
	if y := savedYAML(t, final); !strings.Contains(y, "      - name: Order Status\n        enum: [placed, paid]\n") {
		t.Errorf("saved:\n%s", y)
	}
}

// TestContextFormRelationship declares a relationship from the context's
// form (E): the other context, then the pattern.
func TestContextFormRelationship(t *testing.T) {
	m := sampleModel(t, sampleFile(t))
	// name, description, code, relationships.
	final, v := screen(t, m, 80, 24, keys("E", downs(3), enter, "d", "a", enter, downs(1), enter)...)
	if !strings.Contains(v, "Ordering → Order History: conformist") {
		t.Fatalf("the relationships list:\n%s", v)
	}
	y := savedYAML(t, final)
	if !strings.Contains(y, "    pattern: conformist\n") || strings.Contains(y, "published-language") {
		t.Errorf("saved:\n%s", y)
	}
}

// TestReadModelSetThroughForm sets a constant an event writes to the row.
func TestReadModelSetThroughForm(t *testing.T) {
	m := sampleModel(t, sampleFile(t))
	// Order History's form: name, key, fields, fed by, what each event sets.
	final, v := screen(t, m, 80, 24, keys(tab, "e", downs(4), enter, down, enter, down, enter, "reason: none given", enter)...)
	if !strings.Contains(v, "Ordering.Order Cancelled → set {status: cancelled, reason: none given}") {
		t.Fatalf("the list of events:\n%s", v)
	}
	if y := savedYAML(t, final); !strings.Contains(y, "set: {status: cancelled, reason: none given}") {
		t.Errorf("saved:\n%s", y)
	}
}

// TestContextFormFlows adds a flow across contexts as one line of YAML and
// removes the sample's from the context's form.
func TestContextFormFlows(t *testing.T) {
	m := sampleModel(t, sampleFile(t))
	flow := "{ name: a cancel shows, when: Ordering.Cancel Order, then: [Ordering.Order Cancelled] }"
	// name, description, code, relationships, flows.
	final, v := screen(t, m, 80, 24, keys("E", downs(4), enter, "a", tea.KeyMsg{Type: tea.KeyCtrlU}, flow, enter, "d")...)
	if !strings.Contains(v, "a cancel shows") || strings.Contains(v, "a placed order shows") {
		t.Fatalf("the flows list:\n%s", v)
	}
	y := savedYAML(t, final)
	if !strings.Contains(y, "flows:\n  - name: a cancel shows\n    when: Ordering.Cancel Order\n") {
		t.Errorf("saved:\n%s", y)
	}
}

// TestLongFlowEditsWhole opens the sample's flow, longer than a name, and
// confirms it unchanged: nothing is cut, the model stays as it was.
func TestLongFlowEditsWhole(t *testing.T) {
	m := sampleModel(t, sampleFile(t))
	final, _ := screen(t, m, 80, 24, keys("E", downs(4), enter, enter, enter)...)
	if final.b.Dirty() || final.msgErr {
		t.Errorf("confirming the flow unchanged changed the model (%s):\n%s", final.msg, final.b.Bytes())
	}
}

// TestEventFormEarlierVersion sets an event's version and adds the earlier
// one from its fields through the event's form.
func TestEventFormEarlierVersion(t *testing.T) {
	m := sampleModel(t, sampleFile(t))
	// Order Placed's form: name, version, fields, triggers, earlier versions.
	final, v := screen(t, m, 80, 24, keys(right, right, right, "e", down, enter, "2", enter, downs(3), enter, "a", enter)...)
	if !strings.Contains(v, "{version: 1, fields: {customerId: string, amount: decimal}}") {
		t.Fatalf("the earlier versions:\n%s", v)
	}
	y := savedYAML(t, final)
	if !strings.Contains(y, "            version: 2\n") || !strings.Contains(y, "            earlier:\n              - version: 1\n") {
		t.Errorf("saved:\n%s", y)
	}
}

// TestPromptWithCompletionFits checks that a prompt showing a completion
// keeps its box within 80 columns.
func TestPromptWithCompletionFits(t *testing.T) {
	m := sampleModel(t, sampleFile(t))
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	for _, k := range keys(right, "e", down, enter, tea.KeyMsg{Type: tea.KeyCtrlU}, "C") {
		m.Update(k)
	}
	for _, l := range strings.Split(m.viewPrompt(), "\n") {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("a line of %d columns: %q", w, l)
		}
	}
}

// TestUndoInForm undoes and redoes an edit without leaving the form.
func TestUndoInForm(t *testing.T) {
	m := sampleModel(t, sampleFile(t))
	final, v := screen(t, m, 80, 24, keys(right, "e", downs(2), enter, "u")...)
	if !strings.Contains(v, "creates: yes") || final.mode != modeList {
		t.Fatalf("u in the form:\n%s", v)
	}
	_, v = screen(t, final, 80, 24, runes("U"))
	if !strings.Contains(v, "creates: no") {
		t.Errorf("U in the form:\n%s", v)
	}
}

// TestHotspotsOnActorAndContext puts a hotspot on the selected actor with
// a h, one on the context from its form (E), and moves a third onto the
// actor with l: the saved model takes all three without a warning.
func TestHotspotsOnActorAndContext(t *testing.T) {
	m := sampleModel(t, sampleFile(t))
	toHotspots := append([]tea.Msg{runes("E")}, downs(1+len(board.TextKeys(board.Context))+4)...) // the last line
	final, v := screen(t, m, 80, 24, keys("a", "h", "Who is the customer?", enter, toHotspots, enter, "Is Ordering too big?", enter)...)
	if !strings.Contains(v, "hotspots on Ordering (1): add one…") {
		t.Errorf("the context's form:\n%s", v)
	}
	y := savedYAML(t, final)
	for _, want := range []string{"text: Who is the customer?\n        on: Customer\n", "text: Is Ordering too big?\n        on: Ordering\n"} {
		if !strings.Contains(y, want) {
			t.Errorf("saved lacks %q:\n%s", want, y)
		}
	}
	for _, d := range final.b.Diags {
		if d.Severity == model.Warning {
			t.Errorf("warning: %s", d.Message)
		}
	}
	if sev, ok := final.marks[board.Key{Kind: board.Actor, Context: "Ordering", Name: "Customer"}]; !ok || sev != model.HotspotNote {
		t.Errorf("the actor with a hotspot on it is marked %q", sev)
	}
}

// TestFormFieldsKey opens a command's fields from its form with f, adds
// one, and comes back to the form with esc.
func TestFormFieldsKey(t *testing.T) {
	m := sampleModel(t, sampleFile(t))
	final, v := screen(t, m, 80, 24, keys("/", "Place Order", enter, "e", "f", "a", "coupon: string", enter, esc)...)
	if final.mode != modeList || !strings.Contains(v, "fields (3)…") {
		t.Errorf("f in the form, a field added, esc:\n%s", v)
	}
	if !strings.Contains(savedYAML(t, final), "fields: {customerId: string, amount: decimal, coupon: string}") {
		t.Errorf("saved:\n%s", savedYAML(t, final))
	}
}

// TestScenarioTextChecked types a scenario whose then names no event: the
// prompt stays open with its text and validation's message, the model
// unchanged; fixed, it is kept.
func TestScenarioTextChecked(t *testing.T) {
	m := sampleModel(t, sampleFile(t))
	before := string(m.b.Bytes())
	ctrlU := tea.KeyMsg{Type: tea.KeyCtrlU}
	open := keys("/", "Place Order", enter, right, "e", downs(5), enter, "a", ctrlU)
	final, v := screen(t, m, 80, 24, keys(open, "{ name: ship, when: Place Order, then: [Order Shipped] }", enter)...)
	if final.mode != modePrompt || !strings.Contains(v, "Order Shipped") || string(final.b.Bytes()) != before {
		t.Fatalf("a scenario naming no event was kept:\n%s", v)
	}
	final, v = screen(t, final, 80, 24, ctrlU, runes("{ name: ship, when: Place Order, then: [Order Placed] }"), enter)
	if final.mode != modeList || !strings.Contains(v, "ship") {
		t.Errorf("the fixed scenario:\n%s", v)
	}
}

// TestLinkHotspotToContext moves a hotspot from the actor it was put on to
// the context with l, which offers the context and its actors first.
func TestLinkHotspotToContext(t *testing.T) {
	m := sampleModel(t, sampleFile(t))
	final, v := screen(t, m, 80, 24, keys("a", "h", "Who pays?", enter, "l")...)
	if !strings.Contains(v, "context Ordering") || !strings.Contains(v, "[x] actor Customer") {
		t.Fatalf("the hotspot's link picker:\n%s", v)
	}
	final, _ = screen(t, final, 80, 24, down, enter)
	if y := savedYAML(t, final); !strings.Contains(y, "text: Who pays?\n        on: Ordering\n") {
		t.Errorf("saved:\n%s", y)
	}
}
