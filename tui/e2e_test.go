package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"eventstorm/model"
)

// tmux drives one tmux session.
type tmux struct {
	t       *testing.T
	session string
	bin     string // the eventstorm binary it runs
}

func (x *tmux) run(args ...string) string {
	x.t.Helper()
	out, err := exec.Command("tmux", args...).CombinedOutput()
	if err != nil {
		x.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// saveQuitValidate saves with s, quits with q and checks that the built
// binary's validate accepts the saved file, printing it if not.
func (x *tmux) saveQuitValidate(file string) {
	x.t.Helper()
	x.text("s")
	x.waitFor("Saved")
	x.text("q")
	out, err := exec.Command(x.bin, "validate", file).CombinedOutput()
	if err != nil {
		data, _ := os.ReadFile(file)
		x.t.Fatalf("validate: %v\n%s\n%s", err, out, data)
	}
}

func (x *tmux) screen() string { return x.run("capture-pane", "-p", "-t", x.session) }

// waitFor polls the pane until it shows text.
func (x *tmux) waitFor(text string) {
	x.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(x.screen(), text) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	x.t.Fatalf("the screen never showed %q:\n%s", text, x.screen())
}

// waitForAll polls the pane until it shows every one of texts at once:
// a list's title with an item typed into a prompt, say, which the prompt
// alone shows too.
func (x *tmux) waitForAll(texts ...string) {
	x.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		screen, all := x.screen(), true
		for _, text := range texts {
			all = all && strings.Contains(screen, text)
		}
		if all {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	x.t.Fatalf("the screen never showed all of %q:\n%s", texts, x.screen())
}

// keys sends tmux key names (Enter, Tab, Down, Escape, ...) one by one.
func (x *tmux) keys(keys ...string) {
	x.t.Helper()
	for _, k := range keys {
		x.run("send-keys", "-t", x.session, k)
		time.Sleep(60 * time.Millisecond)
	}
}

// text types literal text.
func (x *tmux) text(s string) {
	x.t.Helper()
	x.run("send-keys", "-t", x.session, "-l", s)
	time.Sleep(60 * time.Millisecond)
}

// answer types a line into a prompt and confirms it.
func (x *tmux) answer(s string) {
	x.t.Helper()
	x.text(s)
	x.keys("Enter")
}

// startTmux builds the binary and runs `eventstorm model file` in a tmux
// session of w×h, killed when the test ends. Without tmux it skips the
// test, except in CI, where tmux is required.
func startTmux(t *testing.T, file string, w, h int) *tmux {
	t.Helper()
	needTmux(t)
	return startTmuxWith(t, buildBinary(t), file, w, h)
}

// needTmux skips the test without tmux, except in CI, where tmux is
// required.
func needTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("tmux is not installed (in CI it must be)")
		}
		t.Fatal("tmux is required in CI:", err)
	}
}

// waitGone waits until the session's program has ended.
func (x *tmux) waitGone() {
	x.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if exec.Command("tmux", "has-session", "-t", x.session).Run() != nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	x.t.Fatalf("the session did not end:\n%s", x.screen())
}

// buildBinary builds the eventstorm binary into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "eventstorm")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// startTmuxWith runs `bin model file` in a tmux session of w×h, killed
// when the test ends.
func startTmuxWith(t *testing.T, bin, file string, w, h int) *tmux {
	t.Helper()
	x := &tmux{t: t, session: strings.NewReplacer("/", "-", ".", "-", ":", "-").Replace("eventstorm-" + t.Name() + "-" + filepath.Base(t.TempDir())), bin: bin}
	x.run("new-session", "-d", "-s", x.session, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), "env", "TERM=xterm-256color", bin, "model", file)
	t.Cleanup(func() { _ = exec.Command("tmux", "kill-session", "-t", x.session).Run() })
	return x
}

// TestEndToEndBuildOrderSampleInTmux drives the real binary in tmux to build
// the order sample from nothing, saves it, and validates the file.
func TestEndToEndBuildOrderSampleInTmux(t *testing.T) {
	file := filepath.Join(t.TempDir(), "shop", "eventstorm.yaml")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	x := startTmux(t, file, 120, 40)

	x.waitFor("Name the system")
	x.answer("Shop")
	x.waitFor("first bounded context")
	x.answer("Ordering")
	x.answer("Order History")
	x.keys("Enter")
	x.waitFor("This context is empty")

	x.e2eOrdering()

	// The Order History read model in its own context.
	x.keys("Tab")
	x.waitFor("[Order History]")
	x.keys("a", "r")
	x.answer("Order History")
	x.waitFor("read model Order History")
	x.keys("e", "Down", "Enter")
	x.answer("orderId")
	x.keys("Escape") // the form
	x.fields("orderId: uuid", "customerId: string", "amount: decimal", "status: string", "reason: string")
	x.keys("l", "Enter")
	x.waitFor("from Ordering.Order Placed")
	x.keys("l", "Down", "Enter")
	x.waitFor("from Ordering.Order Placed, Ordering.Order Cancelled")

	x.keys("s")
	x.waitFor("Saved")
	x.keys("q")
	x.waitGone()

	out, err := exec.Command(x.bin, "validate", file).CombinedOutput()
	if err != nil {
		data, _ := os.ReadFile(file)
		t.Fatalf("validate: %v\n%s\n%s", err, out, data)
	}
	m, _ := model.Read(file)
	sample, _ := model.Read("../samples/order.yaml")
	if got, want := model.Describe(m), model.Describe(sample); got != want {
		t.Errorf("built %s; the sample has %s", got, want)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(file), ".eventstorm", "eventstorm.schema.json")); err != nil {
		t.Error("the schema was not written beside the new model:", err)
	}
}

// e2eOrdering builds Ordering on the board: the Order aggregate, its
// events and commands with their fields, links and actor.
func (x *tmux) e2eOrdering() {
	x.t.Helper()
	fields := x.fields
	// The Order aggregate and its fields.
	x.keys("a", "g")
	x.answer("Order")
	x.waitFor(`aggregate "Order"`)
	fields("customerId: string", "amount: decimal", "reason: string")

	// Its events.
	x.keys("a", "e")
	x.answer("Order Placed")
	x.waitFor(`event "Order Placed"`)
	fields("customerId: string", "amount: decimal")
	x.keys("a", "e")
	x.answer("Order Cancelled")
	x.waitFor(`event "Order Cancelled"`)
	fields("reason: string")

	// Place Order: creates, emits Order Placed, issued by the customer.
	x.keys("a", "c")
	x.answer("Place Order")
	x.waitFor("command Place Order")
	fields("customerId: string", "amount: decimal")
	x.keys("e", "Down", "Down", "Enter") // creates: yes
	x.waitFor("command Place Order · creates")
	x.keys("Escape")     // the form
	x.keys("l", "Enter") // emits Order Placed
	x.waitFor("emits Order Placed")
	x.keys("a", "a")
	x.answer("Customer")
	x.waitFor("actor Customer")

	// Cancel Order: emits Order Cancelled.
	x.keys("a", "c")
	x.answer("Cancel Order")
	x.waitFor("command Cancel Order")
	fields("reason: string")
	x.keys("l", "Down", "Enter")
	x.waitFor("emits Order Cancelled")
	x.keys("a", "a")
	x.answer("Customer")
}

// TestTmuxKeysInOneWrite writes keys to a real terminal as a paste or a
// script would, several in one write: the add menu, the kind and the name
// with its Enter. Each key must reach what has focus when it arrives, none
// run as a board command.
func TestTmuxKeysInOneWrite(t *testing.T) {
	file := sampleFile(t)
	x := startTmux(t, file, 80, 24)
	x.waitFor("Problems (0)")

	x.text("agStock\r")
	x.waitFor(`aggregate "Stock"`)
	x.text("acDrop Order\r")
	x.waitFor("command Drop Order")
	x.text("s")
	x.waitFor("Saved")
	x.text("q")

	// The new command emits nothing yet: the file has that problem, and
	// only that one.
	m, diags := model.Read(file)
	if m == nil || len(diags) != 1 || !strings.Contains(diags[0].Message, `"Drop Order" emits nothing`) {
		t.Fatalf("the saved file: %v", diags)
	}
	var aggregates, commands []string
	for _, a := range m.Contexts[0].Aggregates {
		aggregates = append(aggregates, a.Name)
		for _, c := range a.Commands {
			commands = append(commands, c.Name)
		}
	}
	if got := strings.Join(aggregates, ","); got != "Order,Stock" {
		t.Errorf("aggregates %s, want Order,Stock", got)
	}
	if !strings.Contains(","+strings.Join(commands, ",")+",", ",Drop Order,") || !strings.Contains(strings.Join(commands, ","), "Cancel Order") {
		t.Errorf("commands %v, want Drop Order beside the sample's (none deleted)", commands)
	}
}

// TestTmuxBigPictureToDesignLevel starts from no file, types the events of
// a workshop onto the big-picture timeline as a paste would (whole lines in
// single writes), marks one pivotal, groups them into an aggregate, then
// goes on at design level with a command; the saved file validates.
func TestTmuxBigPictureToDesignLevel(t *testing.T) {
	file := filepath.Join(t.TempDir(), "eventstorm.yaml")
	x := startTmux(t, file, 80, 24)
	x.waitFor("Name the system")
	x.text("Shop\rOrdering\r\r")
	x.waitFor("This context is empty")

	x.text("bOrder Placed\rOrder Cancelled\r\r")
	x.waitFor("2.   Order Cancelled")
	x.text("k*")
	x.waitFor("★ Order Placed")
	x.text("g\rOrder\r") // the new aggregate, then its name
	x.waitFor("Order Placed belongs to Order.")
	x.text("g\r")
	x.waitFor("Order Cancelled belongs to Order.")
	if s := x.screen(); strings.Contains(s, "not grouped yet") {
		t.Fatalf("an event is still ungrouped:\n%s", s)
	}
	x.keys("Escape")
	x.waitFor("a add")

	x.text("acPlace Order\r")
	x.waitFor("command Place Order")
	x.text("l\r")
	x.waitFor("emits Order Placed")
	x.text("s")
	x.waitFor("Saved")
	x.text("q")

	out, err := exec.Command(x.bin, "validate", file).CombinedOutput()
	data, _ := os.ReadFile(file)
	if err != nil {
		t.Fatalf("validate: %v\n%s\n%s", err, out, data)
	}
	for _, want := range []string{"- name: Order\n", "- name: Order Placed # pivotal\n", "emits: [Order Placed]"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the saved file lacks %q:\n%s", want, data)
		}
	}
	if strings.Contains(string(data), "Timeline") {
		t.Errorf("the placeholder is still in the file:\n%s", data)
	}
}
