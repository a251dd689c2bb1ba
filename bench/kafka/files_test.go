package kafka

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"eventstorm/bench/generated"
)

// files are the benchmark files that prepare.sh puts into a generated order
// system, by where they go.
var files = map[string]string{
	"consume_bench_test.go.txt": "services/order-history/internal/service/consume_bench_test.go",
	"flow_bench_test.go.txt":    "services/ordering/internal/service/flow_bench_test.go",
	"handwritten.go.txt":        "bench/handwritten/handwritten.go",
	"handwritten_main.go.txt":   "bench/handwritten/cmd/consumer/main.go",
	"history_main.go.txt":       "services/order-history/cmd/order-history-profiled/main.go",
}

// TestBenchmarkFiles copies the benchmark files that run.sh, flow.sh and
// profile.sh put into a generated order system where they go, and vets them,
// so that a change of the generated code cannot leave them behind; then, as
// a smoke check, it runs the four end-to-end flows of flow.sh on a few
// hundred events.
func TestBenchmarkFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("generates, vets and runs a system; skipped with -short")
	}
	dir, err := generated.Write("order")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	for file, into := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.FromSlash(into))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := append(os.Environ(), "GOFLAGS=-mod=readonly", "GOWORK=off")
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("go", "vet", "./services/order-history/internal/service/", "./services/ordering/internal/service/",
		"./services/order-history/cmd/order-history-profiled/", "./bench/...")

	// prepare.sh puts the files in the same places.
	script, err := os.ReadFile("prepare.sh")
	if err != nil {
		t.Fatal(err)
	}
	for file, into := range files {
		if !strings.Contains(string(script), "\n"+file+" "+into+"\n") {
			t.Errorf("prepare.sh does not put %s into %s", file, into)
		}
	}

	run("go", "build", "-o", "bin/order-history", "./services/order-history/cmd/order-history")
	run("go", "build", "-o", "bin/handwritten-consumer", "./bench/handwritten/cmd/consumer")
	env = append(env, "ORDER_HISTORY_BIN="+filepath.Join(dir, "bin/order-history"),
		"HANDWRITTEN_CONSUMER_BIN="+filepath.Join(dir, "bin/handwritten-consumer"))
	out := run("go", "test", "-run", "^$", "-bench", "^Benchmark(Bare|HandWritten|Generated|Traced)Flow$", "-benchtime", "300x",
		"./services/ordering/internal/service/")
	for _, name := range []string{"Bare", "HandWritten", "Generated", "Traced"} {
		if !regexp.MustCompile(`(?m)^Benchmark` + name + `Flow\S*\s+300\s.* events/s`).MatchString(out) {
			t.Errorf("no events/s for Benchmark%sFlow:\n%s", name, out)
		}
	}
}
