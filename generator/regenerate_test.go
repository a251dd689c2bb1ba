package generator_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"eventstorm/cmd"
	"eventstorm/samples"
)

// eventstorm runs the CLI in process and returns its exit code and output.
func eventstorm(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cmd.Run(args, &cmd.IOStreams{In: strings.NewReader(""), Out: &out, Err: &errOut})
	return code, out.String() + errOut.String()
}

// tree maps every file under dir to a hash of its bytes.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		sum := sha256.Sum256(data)
		out[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameTree reports the first difference between two trees.
func sameTree(t *testing.T, a, b map[string]string) {
	t.Helper()
	for p, h := range a {
		if g, ok := b[p]; !ok {
			t.Errorf("%s is in the first tree only", p)
		} else if g != h {
			t.Errorf("%s differs", p)
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			t.Errorf("%s is in the second tree only", p)
		}
	}
}

func sample(t *testing.T, name string) samples.Sample {
	t.Helper()
	for _, s := range samples.All() {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no sample %q", name)
	return samples.Sample{}
}

// TestCLIDeterministic generates every sample and edge-case model twice
// with the CLI, into two directories, and compares the trees, manifest
// included.
func TestCLIDeterministic(t *testing.T) {
	for _, s := range append(samples.All(), testdataModels(t)...) {
		t.Run(s.Name, func(t *testing.T) {
			src := filepath.Join(t.TempDir(), "model.yaml")
			if err := os.WriteFile(src, s.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			a, b := t.TempDir(), t.TempDir()
			for _, dir := range []string{a, b} {
				if code, out := eventstorm(t, "generate", src, "-o", dir); code != 0 {
					t.Fatalf("generate -o %s: exit %d\n%s", dir, code, out)
				}
			}
			sameTree(t, tree(t, a), tree(t, b))
		})
	}
}

// The paths of the order sample that the regeneration test looks at.
const (
	placeOrderHook  = "services/ordering/internal/domain/order/place_order.go"
	cancelOrderHook = "services/ordering/internal/domain/order/cancel_order.go"
	shipOrderHook   = "services/ordering/internal/domain/order/ship_order.go"
	// cancelOrderExample is Cancel Order's example, scaffolded beside the
	// hook's package.
	cancelOrderExample = "services/ordering/internal/domain/order/ordertest/cancel_order.go"
	cancelUseCase      = "services/ordering/internal/app/command/cancel_order_gen.go"
	decideGen          = "services/ordering/internal/domain/order/decide_gen.go"
)

// TestRegenerate walks the life of a generated system: generate the order
// sample, write a rule in a scaffolded file, change the model (a field
// added, a command added, a command removed), generate again, then edit a
// generated file by hand.
func TestRegenerate(t *testing.T) {
	dir := t.TempDir()
	modelPath := filepath.Join(dir, "eventstorm.yaml")
	order := sample(t, "order").Data
	if err := os.WriteFile(modelPath, order, 0o644); err != nil {
		t.Fatal(err)
	}
	generate := func(args ...string) (int, string) {
		t.Helper()
		return eventstorm(t, append([]string{"generate", modelPath}, args...)...)
	}
	if code, out := generate(); code != 0 {
		t.Fatalf("first generate: exit %d\n%s", code, out)
	}

	// --check right after a generate: up to date.
	if code, out := generate("--check"); code != 0 {
		t.Fatalf("generate --check after generate: exit %d, want 0\n%s", code, out)
	}

	// The user writes a rule in the scaffolded hook of Place Order.
	hookPath := filepath.Join(dir, filepath.FromSlash(placeOrderHook))
	hook, err := os.ReadFile(hookPath)
	if err != nil {
		t.Fatal(err)
	}
	const rule = "\tif cmd.Amount.IsNegative() {\n\t\treturn nil, ErrAmountMustBePositive\n\t}\n"
	anchor := "\treturn []Event{orderPlaced}, nil\n"
	if !bytes.Contains(hook, []byte(anchor)) {
		t.Fatalf("%s does not end as expected:\n%s", placeOrderHook, hook)
	}
	edited := bytes.Replace(hook, []byte(anchor), []byte(rule+anchor), 1)
	if err := os.WriteFile(hookPath, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := goCmd(t, dir, "build", "./..."); err != nil {
		t.Fatalf("the edited system does not build: %v\n%s", err, out)
	}

	// The model changes: Place Order and Order Placed get a field, Ship
	// Order is added, Cancel Order (and its scenario) removed. Order
	// Cancelled stays: Order History still reads it.
	changed := string(order)
	for _, r := range []struct{ old, new string }{
		{"            fields: { customerId: string, amount: decimal }\n            emits: [Order Placed]",
			"            fields: { customerId: string, amount: decimal, coupon: string }\n            emits: [Order Placed]"},
		{"          - name: Order Placed\n            fields: { customerId: string, amount: decimal }",
			"          - name: Order Placed\n            fields: { customerId: string, amount: decimal, coupon: string }"},
		{"          - name: Cancel Order\n            actor: Customer\n            fields: { reason: string }\n            emits: [Order Cancelled]\n            rules:\n              - a cancelled order cannot be cancelled again\n",
			"          - name: Ship Order\n            emits: [Order Shipped]\n"},
		{"        events:\n", "        events:\n          - name: Order Shipped\n"},
		{"          - name: a placed order can be cancelled\n            given: [Order Placed]\n            when: { Cancel Order: { reason: changed my mind } }\n            then: [ { Order Cancelled: { reason: changed my mind } } ]\n", ""},
	} {
		if !strings.Contains(changed, r.old) {
			t.Fatalf("the order sample changed; cannot find %q", r.old)
		}
		changed = strings.Replace(changed, r.old, r.new, 1)
	}
	if err := os.WriteFile(modelPath, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}

	// --check after a model change: stale. --dry-run: nothing written.
	if code, out := generate("--check"); code != 1 {
		t.Fatalf("generate --check after a model change: exit %d, want 1\n%s", code, out)
	}
	before := tree(t, dir)
	if code, out := generate("--dry-run"); code != 0 {
		t.Fatalf("generate --dry-run: exit %d\n%s", code, out)
	}
	sameTree(t, before, tree(t, dir))

	code, out := generate()
	if code != 0 {
		t.Fatalf("generate after the model change: exit %d\n%s", code, out)
	}
	// The user's edit survives byte for byte.
	if got, err := os.ReadFile(hookPath); err != nil || !bytes.Equal(got, edited) {
		t.Errorf("the edited %s did not survive regeneration (err %v):\n%s", placeOrderHook, err, got)
	}
	// The removed command's hook is an orphan: reported, and kept.
	if !hasLine(out, "orphan", cancelOrderHook) {
		t.Errorf("generate does not report %s as an orphan:\n%s", cancelOrderHook, out)
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(cancelOrderHook))); err != nil {
		t.Errorf("the orphaned %s is gone: %v", cancelOrderHook, err)
	}
	// Its generated use case is stale and removed; the new command's hook
	// is scaffolded.
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(cancelUseCase))); !os.IsNotExist(err) {
		t.Errorf("the stale %s is still there (err %v)", cancelUseCase, err)
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(shipOrderHook))); err != nil {
		t.Errorf("the new command's hook %s is missing: %v", shipOrderHook, err)
	}
	// The build fails, naming the scaffolded file the user must adapt: the
	// orphaned hook refers to the command that is gone.
	buildOut, err := goCmd(t, dir, "build", "./...")
	if err == nil {
		t.Fatalf("the system builds with the orphaned %s still referring to CancelOrder", cancelOrderHook)
	}
	if !strings.Contains(buildOut, cancelOrderHook) || !strings.Contains(buildOut, "CancelOrder") {
		t.Errorf("the build error does not name %s and CancelOrder:\n%s", cancelOrderHook, buildOut)
	}
	for _, line := range strings.Split(strings.TrimSpace(buildOut), "\n") {
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "\t") {
			continue
		}
		if !strings.Contains(line, cancelOrderHook) {
			t.Errorf("a build error is not about the orphaned hook: %s", line)
		}
	}
	// So is the removed command's example, reported too. Once the user
	// deletes the orphans, the system builds again, and the manifest
	// forgets them.
	if !hasLine(out, "orphan", cancelOrderExample) {
		t.Errorf("generate does not report %s as an orphan:\n%s", cancelOrderExample, out)
	}
	for _, orphan := range []string{cancelOrderHook, cancelOrderExample} {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(orphan))); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := goCmd(t, dir, "build", "./..."); err != nil {
		t.Fatalf("the system does not build without the orphan: %v\n%s", err, out)
	}
	if code, out := generate(); code != 0 {
		t.Fatalf("generate after deleting the orphan: exit %d\n%s", code, out)
	}
	if code, out := generate("--check"); code != 0 {
		t.Fatalf("generate --check after generate: exit %d, want 0\n%s", code, out)
	}

	// A hand edit in a generated file: generate refuses, naming it ...
	genPath := filepath.Join(dir, filepath.FromSlash(decideGen))
	planned, err := os.ReadFile(genPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(genPath, append(append([]byte{}, planned...), "\n// a hand edit\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out = generate()
	if code != 1 || !strings.Contains(out, decideGen) {
		t.Fatalf("generate over a hand-edited generated file: exit %d, want 1 naming %s\n%s", code, decideGen, out)
	}
	if got, _ := os.ReadFile(genPath); !bytes.HasSuffix(got, []byte("// a hand edit\n")) {
		t.Errorf("generate without --force overwrote the hand edit in %s", decideGen)
	}
	if code, out := generate("--check"); code != 1 {
		t.Errorf("generate --check with a hand-edited generated file: exit %d, want 1\n%s", code, out)
	}
	// ... and --force overwrites it, keeping the scaffolded edit.
	if code, out := generate("--force"); code != 0 {
		t.Fatalf("generate --force: exit %d\n%s", code, out)
	}
	if got, _ := os.ReadFile(genPath); !bytes.Equal(got, planned) {
		t.Errorf("generate --force did not restore %s", decideGen)
	}
	if got, _ := os.ReadFile(hookPath); !bytes.Equal(got, edited) {
		t.Errorf("generate --force touched the scaffolded %s", placeOrderHook)
	}
	if code, out := generate("--check"); code != 0 {
		t.Errorf("generate --check after --force: exit %d, want 0\n%s", code, out)
	}
}

// hasLine reports whether some line of out has every one of words.
func hasLine(out string, words ...string) bool {
	for _, line := range strings.Split(out, "\n") {
		all := true
		for _, w := range words {
			all = all && strings.Contains(line, w)
		}
		if all {
			return true
		}
	}
	return false
}
