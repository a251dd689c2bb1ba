package generator_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"eventstorm/generator"
	"eventstorm/model"
	"eventstorm/samples"
)

// planSample loads, validates and plans a bundled sample.
func planSample(t *testing.T, s samples.Sample) []generator.File {
	t.Helper()
	m, diags := model.Load(s.Name+".yaml", s.Data)
	if diags.HasErrors() || m == nil {
		t.Fatalf("sample %s does not load: %v", s.Name, diags)
	}
	files, err := generator.Plan(m, generator.Options{Source: s.Data})
	if err != nil {
		t.Fatalf("plan %s: %v", s.Name, err)
	}
	return files
}

// writePlan writes a plan into dir, as a first generation would.
func writePlan(t *testing.T, dir string, files []generator.File) {
	t.Helper()
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Bytes, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// testServer is the database server the generated systems' adapter tests
// create their databases on: the environment's, else this machine's.
func testServer(env, local string) string {
	if v := os.Getenv(env); v != "" {
		return v
	}
	return local
}

// goCmd runs the go command in dir and returns its combined output.
func goCmd(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOWORK=off",
		"TEST_POSTGRES_URL="+testServer("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"),
		"TEST_MYSQL_URL="+testServer("TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/"))
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestSamplesBuildVetTest generates every sample, and every edge-case model
// of testdata/models, and checks that the system builds, vets and passes
// its tests with no edits, that its go.mod and go.sum are tidy, apart from the scenarios the generator lists as
// pending (they wait for hand-written rules).
func TestSamplesBuildVetTest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds generated systems; skipped with -short")
	}
	for _, s := range append(samples.All(), testdataModels(t)...) {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writePlan(t, dir, planSample(t, s))
			if out, err := goCmd(t, dir, "build", "./..."); err != nil {
				t.Fatalf("go build: %v\n%s", err, out)
			}
			// The go.mod and go.sum written from the pinned table must be
			// what go mod tidy would write, or users' first tidy changes them.
			if out, err := goCmd(t, dir, "mod", "tidy", "-diff"); err != nil {
				t.Fatalf("generated go.mod or go.sum is not tidy: %v\n%s", err, out)
			}
			if out, err := goCmd(t, dir, "vet", "./..."); err != nil {
				t.Fatalf("go vet: %v\n%s", err, out)
			}
			staticcheck(t, dir)
			out, err := goCmd(t, dir, "test", "./...")
			if err != nil && !onlyPendingFailures(t, s, generator.LayoutServices, out) {
				t.Fatalf("go test: %v\n%s", err, out)
			}
		})
	}
}

// staticcheck runs the staticcheck that EVENTSTORM_STATICCHECK names, if
// any (CI installs one), on a generated system: generated code is held to
// the checks this repository's own code passes.
func staticcheck(t *testing.T, dir string) {
	t.Helper()
	bin := os.Getenv("EVENTSTORM_STATICCHECK")
	if bin == "" {
		return
	}
	cmd := exec.Command(bin, "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("staticcheck: %v\n%s", err, out)
	}
}

// onlyPendingFailures reports whether every failing test in a go test
// output is a pending scenario, and every pending scenario fails naming the
// file where its code goes in the layout.
func onlyPendingFailures(t *testing.T, s samples.Sample, layout generator.Layout, out string) bool {
	t.Helper()
	m, _ := model.Load(s.Name+".yaml", s.Data)
	model.Validate(m)
	pend := generator.PendingIn(m, layout)
	if len(pend) == 0 {
		return false
	}
	for _, p := range pend {
		if !strings.Contains(out, p.File) {
			t.Errorf("pending scenario %q does not name %s in its failure", p.Scenario.Name, p.File)
		}
	}
	failures := strings.Count(out, "--- FAIL:")
	if failures != len(pend) {
		t.Errorf("%d tests failed, %d scenarios are pending", failures, len(pend))
		return false
	}
	return true
}
