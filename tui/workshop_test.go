package tui

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"eventstorm/generator"
	"eventstorm/model"
)

// meaning is a model file's content without its comments, its key order
// and its descriptions: what two files must share to mean the same model.
func meaning(t *testing.T, path string) any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	return dropKey(v, "description")
}

func dropKey(v any, key string) any {
	switch x := v.(type) {
	case map[string]any:
		delete(x, key)
		for k, y := range x {
			x[k] = dropKey(y, key)
		}
	case []any:
		for i, y := range x {
			x[i] = dropKey(y, key)
		}
	}
	return v
}

// TestTmuxWorkshopBuildsTheOrderSample runs a workshop at 80×24 from no
// file: the events on the big-picture timeline, grouped into Order, their
// commands and actor attached there, then at design level the fields,
// rules, scenarios with data, the read model with what each event sets,
// the relationship and the flow, all through keys, whole words in single
// writes. The saved file validates, means what the bundled sample means,
// and generates a system that builds, vets and passes its tests.
func TestTmuxWorkshopBuildsTheOrderSample(t *testing.T) {
	file := filepath.Join(t.TempDir(), "eventstorm.yaml")
	x := startTmux(t, file, 80, 24)
	x.waitFor("Name the system")
	x.text("Shop\rOrdering\rOrder History\r\r")
	x.waitFor("This context is empty")

	// Big picture: the events, grouped, their commands attached.
	x.text("bOrder Placed\rOrder Cancelled\r\r")
	x.waitFor("2.   Order Cancelled")
	x.text("kg\rOrder\r")
	x.waitFor("Order Placed belongs to Order.")
	x.text("g\r")
	x.waitFor("Order Cancelled belongs to Order.")
	x.text("k")
	x.text("cCustomer: Place Order\r")
	x.waitFor("◀ Place Order")
	x.text("j")
	x.text("cCustomer: Cancel Order\r")
	x.waitFor("◀ Cancel Order")
	x.keys("Escape")
	x.waitFor("a add")

	x.designOrdering()
	x.designHistory()

	x.saveQuitValidate(file)
	if got, want := meaning(t, file), meaning(t, "../samples/order.yaml"); !reflect.DeepEqual(got, want) {
		data, _ := os.ReadFile(file)
		t.Fatalf("the workshop's model differs from the sample's:\n%s", data)
	}
	generatesGreen(t, x.bin, file)
}

// generatesGreen generates the system of the model file with the binary
// bin and checks that it builds, vets and passes its tests, apart from the
// rejected scenarios that wait for their rule (generate lists them), whose
// failures must name the file the rule goes in.
func generatesGreen(t *testing.T, bin, file string) {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command(bin, "generate", file, "-o", dir).CombinedOutput(); err != nil {
		t.Fatalf("generate: %v\n%s", err, out)
	}
	goIn := func(args ...string) (string, error) {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOWORK=off",
			"TEST_POSTGRES_URL="+orDefault("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"),
			"TEST_MYSQL_URL="+orDefault("TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/"))
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	for _, step := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		if out, err := goIn(step...); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(step, " "), err, out)
		}
	}
	out, err := goIn("test", "./...")
	if err == nil {
		return
	}
	m, diags := model.Read(file)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	pend := generator.PendingIn(m, generator.LayoutServices)
	if n := strings.Count(out, "--- FAIL:"); len(pend) == 0 || n != len(pend) {
		t.Fatalf("go test: %v; %d tests failed, %d scenarios wait for their rule\n%s", err, n, len(pend), out)
	}
	for _, p := range pend {
		if !strings.Contains(out, p.File) {
			t.Errorf("the failure of the pending scenario %q does not name %s:\n%s", p.Scenario.Name, p.File, out)
		}
	}
}

// orDefault is the environment variable env, or def when it is unset.
func orDefault(env, def string) string {
	if v := os.Getenv(env); v != "" {
		return v
	}
	return def
}

// find selects the first sticky that says text.
func (x *tmux) find(text string) {
	x.t.Helper()
	x.text("/")
	x.keys("C-u") // the last search is offered again
	x.text(text + "\r")
	x.waitFor("Match 1 of")
}

func (x *tmux) fields(fs ...string) {
	x.t.Helper()
	x.text("f")
	for _, f := range fs {
		x.text("a" + f + "\r")
	}
	x.keys("Escape")
}

// form opens the selected sticky's form at line i and confirms it.
func (x *tmux) form(i int) {
	x.t.Helper()
	x.text("e")
	for range i {
		x.keys("Down")
	}
	x.keys("Enter")
}

// designOrdering gives Ordering's stickies their fields, rules and
// scenarios.
func (x *tmux) designOrdering() {
	x.find("Place Order")
	x.keys("Right")
	x.fields("customerId: string", "amount: decimal", "reason: string")
	x.find("Place Order")
	x.fields("customerId: string", "amount: decimal")
	x.form(2) // creates
	x.waitFor("creates: yes")
	x.keys("Down", "Enter") // rules
	x.text("aamount must be positive\r")
	x.keys("Escape")
	x.keys("Escape")
	x.find("Cancel Order")
	x.fields("reason: string")
	x.form(3) // rules
	x.text("aa cancelled order cannot be cancelled again\r")
	x.keys("Escape")
	x.keys("Escape")
	x.find("Order Placed")
	x.fields("customerId: string", "amount: decimal")
	x.find("Order Cancelled")
	x.fields("reason: string")

	x.find("Place Order")
	x.keys("Right")
	x.form(5) // scenarios
	for _, s := range []string{
		`{ name: an order can be placed, when: { Place Order: { customerId: c1, amount: "12.50" } }, then: [ { Order Placed: { customerId: c1, amount: "12.50" } } ] }`,
		`{ name: a negative amount is refused, when: { Place Order: { customerId: c1, amount: "-1" } }, then: { rejected: amount must be positive } }`,
		`{ name: a placed order can be cancelled, given: [Order Placed], when: { Cancel Order: { reason: changed my mind } }, then: [ { Order Cancelled: { reason: changed my mind } } ] }`,
	} {
		x.text("a")
		x.keys("C-u")
		x.text(s + "\r")
	}
	x.waitForAll("Scenarios of Order", "a placed order can be cancelled")
	x.keys("Escape")
	x.keys("Escape")
}

// designHistory builds the Order History read model, the relationship
// and the flow.
func (x *tmux) designHistory() {
	x.keys("Tab")
	x.waitFor("[Order History]")
	x.text("arOrder History\r")
	x.waitFor("read model Order History")
	x.form(1) // key
	x.text("orderId\r")
	x.keys("Escape")
	x.fields("orderId: uuid", "customerId: string", "amount: decimal", "status: string", "reason: string")
	x.text("l\r")
	x.waitFor("from Ordering.Order Placed")
	x.text("l")
	x.keys("Down", "Enter")
	x.waitFor("from Ordering.Order Placed, Ordering…") // the line is cut at 80
	x.form(4)                                          // what each event sets
	for i, v := range []string{"status: placed", "status: cancelled"} {
		for range i {
			x.keys("Down")
		}
		x.keys("Enter", "Down", "Enter")
		x.text(v + "\r")
	}
	x.waitFor("set {status: cancelled}")
	x.keys("Escape") // back to the form
	x.keys("Escape")

	x.text("E")
	x.keys("Down", "Down", "Down", "Enter") // relationships
	x.text("a")
	x.keys("Down", "Enter") // Ordering → Order History
	for range 5 {
		x.keys("Down")
	}
	x.keys("Enter") // published-language
	x.waitFor("Ordering → Order History: published-language")
	x.keys("Escape")
	x.keys("Down", "Enter") // flows
	x.text("a")
	x.keys("C-u")
	x.text(`{ name: a placed order shows in the history, when: { Ordering.Place Order: { customerId: c1, amount: "12.50" } }, then: [ { Ordering.Order Placed: { customerId: c1, amount: "12.50" } }, { Order History.Order History: { customerId: c1, amount: "12.50", status: placed } } ] }` + "\r")
	x.waitForAll("Flows across contexts", "a placed order shows in the history")
	x.keys("Escape")
	x.keys("Escape")
}
