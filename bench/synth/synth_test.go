package synth

import (
	"bytes"
	"testing"

	"eventstorm/model"
)

// Every size validates with no errors and no warnings, and has the
// number of commands it says.
func TestModelValidates(t *testing.T) {
	for _, s := range []Size{Size1000, Size2000Wide, {1, 1, 1}, {2, 1, 1}, {2, 3, 2}, {3, 13, 11}} {
		t.Run(s.String(), func(t *testing.T) {
			m, diags := model.Load("synthetic.yaml", Model(s))
			if m == nil {
				t.Fatalf("does not load: %v", diags)
			}
			diags = append(diags, model.Validate(m)...)
			for _, d := range diags {
				if d.Severity != model.HotspotNote {
					t.Errorf("%s", d)
				}
			}
			commands, events, scenarios, policies, from := 0, 0, 0, 0, 0
			for _, c := range m.Contexts {
				for _, a := range c.Aggregates {
					commands += len(a.Commands)
					events += len(a.Events)
					scenarios += len(a.Scenarios)
				}
				policies += len(c.Policies)
				for _, r := range c.ReadModels {
					from += len(r.From)
				}
			}
			if commands != s.Total() || events != s.Total() || scenarios != s.Total() {
				t.Errorf("%d commands, %d events, %d scenarios; want %d each", commands, events, scenarios, s.Total())
			}
			if s.Contexts > 1 && policies == 0 {
				t.Error("no policies")
			}
			if from < s.Total() {
				t.Errorf("read models are fed by %d events; want at least %d", from, s.Total())
			}
		})
	}
}

func TestModelIsDeterministic(t *testing.T) {
	if !bytes.Equal(Model(Size1000), Model(Size1000)) {
		t.Error("two calls give different models")
	}
}
