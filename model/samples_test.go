package model

import (
	"testing"

	"eventstorm/samples"
)

// Every bundled sample validates without errors, and without warnings
// either: a sample shows a board as it should be written.
func TestSamplesValidate(t *testing.T) {
	all := samples.All()
	if len(all) == 0 {
		t.Fatal("no bundled samples")
	}
	for _, s := range all {
		t.Run(s.Name, func(t *testing.T) {
			m, diags := Load(s.Name+".yaml", s.Data)
			if m == nil {
				t.Fatalf("sample does not load: %v", diags)
			}
			diags = append(diags, Validate(m)...).Sort()
			for _, d := range diags {
				switch d.Severity {
				case Error:
					t.Errorf("%s", d)
				case Warning:
					t.Logf("warning in a sample: %s", d)
				}
			}
		})
	}
}
