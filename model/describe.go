package model

import (
	"fmt"
	"strings"
)

// Describe counts a model's elements in words, e.g. "2 contexts, 1
// aggregate, 2 commands, 2 events, 1 read model".
func Describe(m *Model) string {
	if m == nil {
		return "no model"
	}
	var aggregates, commands, events, policies, readModels, externals int
	for _, c := range m.Contexts {
		aggregates += len(c.Aggregates)
		for _, a := range c.Aggregates {
			commands += len(a.Commands)
			events += len(a.Events)
		}
		policies += len(c.Policies)
		readModels += len(c.ReadModels)
		externals += len(c.ExternalSystems)
	}
	parts := []string{count(len(m.Contexts), "context", "contexts")}
	for _, p := range []struct {
		n        int
		one, any string
	}{
		{aggregates, "aggregate", "aggregates"},
		{commands, "command", "commands"},
		{events, "event", "events"},
		{policies, "policy", "policies"},
		{readModels, "read model", "read models"},
		{externals, "external system", "external systems"},
	} {
		if p.n > 0 {
			parts = append(parts, count(p.n, p.one, p.any))
		}
	}
	return strings.Join(parts, ", ")
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
