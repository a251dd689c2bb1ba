package kafka

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"eventstorm/bench/generated"
)

// TestBenchmarkFilesCompile copies the benchmark files that run.sh and
// flow.sh put into a generated order system where they go, and vets them,
// so that a change of the generated code cannot leave them behind.
func TestBenchmarkFilesCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and vets a system; skipped with -short")
	}
	dir, err := generated.Write("order")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	for file, into := range map[string]string{
		"consume_bench_test.go.txt": "services/order-history/internal/service/consume_bench_test.go",
		"flow_bench_test.go.txt":    "services/ordering/internal/service/flow_bench_test.go",
	} {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, into), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "vet", "./services/order-history/internal/service/", "./services/ordering/internal/service/")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the benchmark files no longer compile against the generated code: %v\n%s", err, out)
	}
}
