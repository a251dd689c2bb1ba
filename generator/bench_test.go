package generator_test

import (
	"testing"

	"eventstorm/generator"
	"eventstorm/model"
	"eventstorm/samples"
)

// BenchmarkPlanSamples plans each bundled sample: the cost of a small,
// everyday model. The benchmarks of large synthetic models (issue #3) are
// in bench/.
func BenchmarkPlanSamples(b *testing.B) {
	for _, s := range samples.All() {
		b.Run(s.Name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				m, diags := model.Load(s.Name+".yaml", s.Data)
				if m == nil || diags.HasErrors() {
					b.Fatalf("sample %s does not load: %v", s.Name, diags)
				}
				b.StartTimer()
				if _, err := generator.Plan(m, generator.Options{Source: s.Data}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
