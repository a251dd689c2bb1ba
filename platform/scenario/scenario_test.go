package scenario

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const scaffolded = `package order

func (o *Order) placeOrder(cmd PlaceOrder, placed *OrderPlaced) ([]Event, error) {
	// Rule: amount must be positive.
	//
	//	if <the rule does not hold> {
	//		return nil, ErrAmountMustBePositive
	//	}
	return []Event{placed}, nil
}
`

const written = `package order

func (o *Order) placeOrder(cmd PlaceOrder, placed *OrderPlaced) ([]Event, error) {
	if !cmd.Amount.IsPositive() {
		return nil, ErrAmountMustBePositive
	}
	return []Event{placed}, nil
}
`

const delegated = `package order

func (o *Order) placeOrder(cmd PlaceOrder, placed *OrderPlaced) ([]Event, error) {
	return []Event{placed}, o.check(cmd)
}
`

func TestUsesAndUntouched(t *testing.T) {
	generated := `package order

var ErrAmountMustBePositive = 1
func use() any { return ErrAmountMustBePositive }
`
	tests := []struct {
		name      string
		hook      string
		uses      bool
		untouched bool
	}{
		{"as scaffolded: the rule only in a comment", scaffolded, false, true},
		{"the rule written", written, true, false},
		{"checked elsewhere", delegated, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{
				"place_order.go":    tt.hook,
				"rules_gen.go":      generated,
				"order_gen_test.go": generated,
			})
			uses, err := Uses(dir, "ErrAmountMustBePositive")
			if err != nil || uses != tt.uses {
				t.Errorf("Uses = %v, %v; want %v", uses, err, tt.uses)
			}
			untouched, err := Untouched(dir, "placeOrder")
			if err != nil || untouched != tt.untouched {
				t.Errorf("Untouched = %v, %v; want %v", untouched, err, tt.untouched)
			}
		})
	}
}

func TestUntouchedMissingMethod(t *testing.T) {
	dir := writeFiles(t, map[string]string{"place_order.go": scaffolded})
	if untouched, err := Untouched(dir, "cancelOrder"); err != nil || untouched {
		t.Fatalf("Untouched of a missing method = %v, %v", untouched, err)
	}
}

func TestUsesReportsUnparsableFiles(t *testing.T) {
	dir := writeFiles(t, map[string]string{"broken.go": "package order\nfunc {"})
	if _, err := Uses(dir, "x"); err == nil {
		t.Fatal("no error for a file that does not parse")
	}
}

func TestSame(t *testing.T) {
	// Generated services keep decimals' scale in JSON.
	decimal.TrimTrailingZeros = false
	defer func() { decimal.TrimTrailingZeros = true }()
	amount := decimal.RequireFromString("12.50")
	at := time.Date(2026, time.November, 24, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name      string
		got, want any
		same      bool
	}{
		{"decimals of another scale", decimal.RequireFromString("12.5"), amount, true},
		{"optional decimals of another scale", new(decimal.RequireFromString("12.5")), &amount, true},
		{"a time in another zone", at.In(time.FixedZone("CET", 3600)), at, true},
		{"another time", at.Add(time.Second), at, false},
		{"different decimals", decimal.RequireFromString("12.51"), amount, false},
		{"a pointer and its value's pointer", new("c1"), new("c1"), true},
		{"nil and a value", (*string)(nil), new(""), false},
		{"lists", []int64{1, 2}, []int64{1, 2}, true},
		{"strings", "a", "b", false},
	}
	for _, tt := range tests {
		if got := Same(tt.got, tt.want); got != tt.same {
			t.Errorf("%s: Same = %v, want %v", tt.name, got, tt.same)
		}
	}
}

func TestPending(t *testing.T) {
	t.Run("skips by default", func(t *testing.T) {
		t.Setenv(StrictEnv, "")
		ft := &fakeT{TB: t}
		func() {
			defer func() { recover() }()
			Pending(ft, "write the rule in %s", "place_order.go")
		}()
		if !ft.skipped || ft.failed {
			t.Fatalf("skipped %v, failed %v", ft.skipped, ft.failed)
		}
	})
	t.Run("fails when strict", func(t *testing.T) {
		t.Setenv(StrictEnv, "1")
		ft := &fakeT{TB: t}
		func() {
			defer func() { recover() }()
			Pending(ft, "write the rule")
		}()
		if ft.skipped || !ft.failed {
			t.Fatalf("skipped %v, failed %v", ft.skipped, ft.failed)
		}
	})
}

// fakeT records a skip or a failure instead of stopping the test.
type fakeT struct {
	testing.TB
	skipped, failed bool
}

func (f *fakeT) Helper()               {}
func (f *fakeT) Skipf(string, ...any)  { f.skipped = true; panic("stop") }
func (f *fakeT) Fatalf(string, ...any) { f.failed = true; panic("stop") }
