package board

import (
	"fmt"

	"eventstorm/model"
)

// validate runs model.Validate, shielding the session from two things a
// half-drawn board has and the validator does not yet expect: a policy
// without `when:` or `then:` (model.Policy.Event dereferences a nil Ref, so
// such policies are left out of validation; Load has already reported what
// they lack), and any other panic, which becomes an error diagnostic rather
// than a crash that loses the session's work.
func validate(m *model.Model) (diags model.Diagnostics) {
	saved := make(map[*model.Context][]*model.Policy)
	for _, c := range m.Contexts {
		var keep []*model.Policy
		for _, p := range c.Policies {
			if p.When != nil && p.Then != nil {
				keep = append(keep, p)
			}
		}
		if len(keep) != len(c.Policies) {
			saved[c] = c.Policies
			c.Policies = keep
		}
	}
	defer func() {
		for c, ps := range saved {
			c.Policies = ps
		}
		if r := recover(); r != nil {
			diags = append(diags, model.Diagnostic{File: m.File, Line: 1, Col: 1, Severity: model.Error,
				Message: fmt.Sprintf("the validator failed on this model (%v); save, and report it with the file", r)})
		}
	}()
	return model.Validate(m)
}
