// Package bench measures eventstorm on synthetic models (see bench/synth)
// of 1,000 and 2,000 commands, for issues #2 and #3:
//
//	go test ./bench -run '^$' -bench . -count 6 | tee new.txt
//	benchstat old.txt new.txt
//
// Sub-benchmarks are named commands=N/shape=CxAxK so that benchstat lines
// sizes up (benchstat -col /shape shows them side by side). 2,000 commands
// come in two shapes: twice the contexts, and twice the commands per
// aggregate. ns/command stays flat when the time is linear in the model's
// size.
// bench/run.sh times the CLI the same way; bench/RESULTS.md records runs.
package bench

import (
	"fmt"
	"go/format"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/imports"

	"eventstorm/bench/synth"
	"eventstorm/generator"
	"eventstorm/model"
)

var sizes = []synth.Size{synth.Size1000, synth.Size2000, synth.Size2000Wide}

// name is a sub-benchmark's name, e.g. commands=1000/shape=20x10x5
// (contexts × aggregates × commands).
func name(s synth.Size) string { return fmt.Sprintf("commands=%d/shape=%s", s.Total(), s) }

// load parses a synthetic model, failing the benchmark on any diagnostic
// of Load.
func load(b *testing.B, src []byte) *model.Model {
	m, diags := model.Load("synthetic.yaml", src)
	if m == nil || diags.HasErrors() {
		b.Fatalf("load: %v", diags)
	}
	return m
}

// perCommand reports the time per command, flat when time is linear, and
// the CPU time per op: on a shared machine wall time varies with the load,
// CPU time much less.
func perCommand(b *testing.B, s synth.Size, elapsed, cpu time.Duration) {
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N)/float64(s.Total()), "ns/command")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkValidate is what `eventstorm validate` does in memory: Load and
// Validate (issue #2: well under a second for 1,000 commands).
func BenchmarkValidate(b *testing.B) {
	for _, s := range sizes {
		src := synth.Model(s)
		b.Run(name(s), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			start, cpu := time.Now(), cpuTime()
			for i := 0; i < b.N; i++ {
				m := load(b, src)
				if diags := model.Validate(m); diags.HasErrors() {
					b.Fatal(diags)
				}
			}
			perCommand(b, s, time.Since(start), cpuTime()-cpu)
		})
	}
}

// BenchmarkPlan is generator.Plan (validation included, as in `eventstorm
// generate`) on a freshly loaded model; loading is not timed. It excludes
// writing the files, which bench/run.sh measures through the CLI.
func BenchmarkPlan(b *testing.B) {
	for _, s := range sizes {
		src := synth.Model(s)
		b.Run(name(s), func(b *testing.B) {
			b.ReportAllocs()
			var files []generator.File
			var elapsed, cpu time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				m := load(b, src)
				runtime.GC() // the loading's garbage is not Plan's
				b.StartTimer()
				start, cpu0 := time.Now(), cpuTime()
				var err error
				files, err = generator.Plan(m, generator.Options{Source: src})
				if err != nil {
					b.Fatal(err)
				}
				elapsed += time.Since(start)
				cpu += cpuTime() - cpu0
			}
			perCommand(b, s, elapsed, cpu)
			b.ReportMetric(float64(len(files)), "files")
		})
	}
}

// planned returns the Go files planned for a size, loaded and planned once.
func planned(b *testing.B, s synth.Size) (names []string, srcs [][]byte) {
	src := synth.Model(s)
	files, err := generator.Plan(load(b, src), generator.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".go") {
			names = append(names, f.Path)
			srcs = append(srcs, f.Bytes)
		}
	}
	return names, srcs
}

// BenchmarkPlanPerFile breaks Plan down: the cost per generated Go file
// of formatting alone (what render does after jennifer, on its own
// output), to compare with Plan's time per file.
//
//   - imports: imports.Process with FormatOnly, as render calls it;
//   - gofmt: go/format.Source, the cheaper formatter without import
//     grouping, for comparison.
func BenchmarkPlanPerFile(b *testing.B) {
	s := synth.Size1000
	names, srcs := planned(b, s)
	opts := &imports.Options{FormatOnly: true, Comments: true, TabIndent: true, TabWidth: 8}
	b.Run("imports", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			j := i % len(srcs)
			if _, err := imports.Process(names[j], srcs[j], opts); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("gofmt", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := format.Source(srcs[i%len(srcs)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("plan", func(b *testing.B) {
		// Plan of the whole model, divided by its Go files.
		src := synth.Model(s)
		var elapsed time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			m := load(b, src)
			b.StartTimer()
			start := time.Now()
			if _, err := generator.Plan(m, generator.Options{}); err != nil {
				b.Fatal(err)
			}
			elapsed += time.Since(start)
		}
		b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N)/float64(len(srcs)), "ns/file")
	})
}
