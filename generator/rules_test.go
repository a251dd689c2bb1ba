package generator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"eventstorm/samples"
)

// TestRulesKeepTestsGreen writes the order sample's rules as a team would,
// consistently with its scenarios: every generated test passes, the
// rejected scenario now runs instead of skipping, and breaking the rule
// fails its scenario, naming it.
func TestRulesKeepTestsGreen(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and tests a generated system; skipped with -short")
	}
	s, err := samples.Get("order")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writePlan(t, dir, planSample(t, s))
	domain := filepath.Join(dir, "services", "ordering", "internal", "domain", "order")
	const anchorPlace = "\treturn []Event{orderPlaced}, nil\n"
	const anchorCancel = "\treturn []Event{orderCancelled}, nil\n"
	positive := "\tif !cmd.Amount.IsPositive() {\n\t\treturn nil, ErrAmountMustBePositive\n\t}\n"
	once := "\tif o.Reason != \"\" {\n\t\treturn nil, ErrACancelledOrderCannotBeCancelledAgain\n\t}\n"
	writeRule(t, filepath.Join(domain, "place_order.go"), anchorPlace, positive)
	writeRule(t, filepath.Join(domain, "cancel_order.go"), anchorCancel, once)

	out, err := goCmd(t, dir, "test", "-v", "./services/ordering/...")
	if err != nil {
		t.Fatalf("the generated tests fail once the rules are written:\n%s", out)
	}
	if !strings.Contains(out, "--- PASS: TestANegativeAmountIsRefused") {
		t.Errorf("the rejected scenario did not run and pass:\n%s", out)
	}
	if strings.Contains(out, "--- SKIP") {
		t.Errorf("a scenario still skips with every rule written:\n%s", out)
	}

	// A broken rule: zero is refused, negative amounts are not.
	writeRule(t, filepath.Join(domain, "place_order.go"), "!cmd.Amount.IsPositive()", "cmd.Amount.IsZero()")
	out, err = goCmd(t, dir, "test", "./services/ordering/internal/domain/order/")
	if err == nil || !strings.Contains(out, "TestANegativeAmountIsRefused") || !strings.Contains(out, "amount must be positive") {
		t.Errorf("breaking the rule does not fail its scenario (err %v):\n%s", err, out)
	}
}

// writeRule replaces the one occurrence of old in a file with new, or
// inserts new before old when new ends where old begins (a rule before
// the hook's return).
func writeRule(t *testing.T, path, old, rule string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if strings.Count(text, old) != 1 {
		t.Fatalf("%s does not hold %q once:\n%s", path, old, text)
	}
	replacement := rule
	if strings.HasPrefix(old, "\treturn ") {
		replacement = rule + old
	}
	if err := os.WriteFile(path, []byte(strings.Replace(text, old, replacement, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}
