package tui

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"eventstorm/model"
	"eventstorm/tui/board"
)

// itemNames name the items of each kind's list, for titles.
var itemNames = map[string][2]string{
	"rules": {"Rules of ", "rule"}, "enum": {"Values of the enum ", "value"}, "calls": {"Operations ", "operation"},
}

// editItems edits the text items of k: a command's rules, an enum's
// values, the operations an external system offers.
func (m *Model) editItems(k board.Key) {
	in := itemNames[board.ItemList(k.Kind)]
	items := func() []string { return m.b.Items(k) }
	title := in[0] + k.Name
	if k.Kind == board.External {
		title += " offers (its calls)"
	}
	m.openList(&listEdit{
		title: title,
		items: items,
		empty: "none yet: a adds one",
		add: func() {
			m.listPrompt("New "+in[1]+" of "+k.Name, "", func(s string) error { return m.b.SetItem(k, "", s) }, nil)
		},
		edit: func(i int) {
			old := items()[i]
			m.listPrompt("The "+in[1], old, func(s string) error { return m.b.SetItem(k, old, s) }, nil)
		},
		del: func(i int) error { return m.b.RemoveItem(k, items()[i]) },
	})
}

// editScenarios edits an aggregate's scenarios, each as one line of YAML
// in the model format (given, when, then, with values).
func (m *Model) editScenarios(agg board.Key) {
	names := func() []string {
		var out []string
		if a, ok := m.b.Find(agg).(*model.Aggregate); ok {
			for _, s := range a.Scenarios {
				out = append(out, s.Name)
			}
		}
		return out
	}
	set := func(s string) error {
		return m.b.Refusing(func() error { _, err := m.b.SetScenario(agg, s); return err })
	}
	m.openList(&listEdit{
		title: "Scenarios of " + agg.Name + " (given, when, then)",
		items: names,
		empty: "none yet: a adds one",
		add: func() {
			m.listPrompt("New scenario as YAML (tab completes a command's)", "{ name: ", set, m.scenarioTemplates(agg))
		},
		edit: func(i int) {
			m.listPrompt("Scenario as YAML (a new name adds one)", m.b.ScenarioText(agg, names()[i]), set, nil)
		},
		del: func(i int) error { return m.b.RemoveScenario(agg, names()[i]) },
	})
}

// scenarioTemplates completes a new scenario from the aggregate's
// commands: when the command, then the events it emits.
func (m *Model) scenarioTemplates(agg board.Key) func(string) []string {
	var out []string
	if a, ok := m.b.Find(agg).(*model.Aggregate); ok {
		for _, c := range a.Commands {
			var es []string
			for _, e := range c.Emits {
				es = append(es, e.Text)
			}
			out = append(out, fmt.Sprintf("{ name: %s works, when: %s, then: [%s] }", strings.ToLower(c.Name), c.Name, strings.Join(es, ", ")))
			if len(c.Rules) > 0 {
				out = append(out, fmt.Sprintf("{ name: %s is refused, when: %s, then: { rejected: %s } }", strings.ToLower(c.Name), c.Name, c.Rules[0].Text))
			}
		}
	}
	return func(string) []string { return out }
}

// editProjections edits what each event feeding a read model does to its
// row: the constants it sets and whether it deletes the row.
func (m *Model) editProjections(rm board.Key) {
	from := func() []*model.Projection {
		if r, ok := m.b.Find(rm).(*model.ReadModel); ok {
			return r.From
		}
		return nil
	}
	m.openList(&listEdit{
		title: "What each event does to a row of " + rm.Name,
		items: func() []string {
			var out []string
			for _, pr := range from() {
				out = append(out, projectionLine(pr))
			}
			return out
		},
		empty: "no event feeds it yet: a links one",
		add:   func() { m.inList(m.startLink) },
		edit: func(i int) {
			if prs := from(); i < len(prs) {
				m.editProjection(rm, prs[i])
			}
		},
		keys: "a links events · enter edits · esc back",
	})
}

func projectionLine(pr *model.Projection) string {
	line := refText(pr.Event)
	var sets []string
	for _, s := range pr.Set {
		sets = append(sets, s.Field+": "+s.Value)
	}
	if len(sets) > 0 {
		line += " → set {" + strings.Join(sets, ", ") + "}"
	}
	if pr.Delete {
		line += " → deletes the row"
	}
	return line
}

// editProjection asks what to change of one event's effect on the row.
func (m *Model) editProjection(rm board.Key, pr *model.Projection) {
	event := refText(pr.Event)
	items := []string{check(pr.Delete) + "it deletes the row", "set a field to a constant…"}
	for _, s := range pr.Set {
		items = append(items, "unset "+s.Field+" ("+s.Value+")")
	}
	m.listPick("When "+event+" arrives", items, func(i int) error {
		switch {
		case i == 0:
			return m.b.SetProjectionDelete(rm, event, !pr.Delete)
		case i > 1:
			return m.b.SetProjectionValue(rm, event, pr.Set[i-2].Field, "")
		}
		var fields []string
		for _, f := range m.b.Fields(rm) {
			fields = append(fields, f.Name+": ")
		}
		m.listPrompt("Set as field: value", "", func(s string) error {
			f, v, ok := strings.Cut(s, ":")
			if !ok || strings.TrimSpace(v) == "" {
				return fmt.Errorf("write it as field: value, e.g. status: placed")
			}
			return m.b.SetProjectionValue(rm, event, f, v)
		}, func(string) []string { return fields })
		return nil
	})
}

// editRelationships edits the relationships between contexts.
func (m *Model) editRelationships() {
	rels := func() []board.Relationship { return m.b.Relationships() }
	m.openList(&listEdit{
		title: "Relationships (upstream → downstream: pattern)",
		items: func() []string {
			var out []string
			for _, r := range rels() {
				out = append(out, r.Upstream+" → "+r.Downstream+": "+r.Pattern)
			}
			return out
		},
		empty: "none yet: a adds one",
		add:   m.addRelationship,
		edit: func(i int) {
			r := rels()[i]
			m.pickPattern(r.Upstream, r.Downstream)
		},
		del: func(i int) error { r := rels()[i]; return m.b.RemoveRelationship(r.Upstream, r.Downstream) },
	})
}

// addRelationship asks which context is upstream of which, then the
// pattern.
func (m *Model) addRelationship() {
	var items []string
	var pairs [][2]string
	for _, c := range m.b.Model.Contexts {
		if c.Name == m.ctxName {
			continue
		}
		items = append(items, m.ctxName+" → "+c.Name, c.Name+" → "+m.ctxName)
		pairs = append(pairs, [2]string{m.ctxName, c.Name}, [2]string{c.Name, m.ctxName})
	}
	if len(items) == 0 {
		m.fail(fmt.Errorf("a relationship needs a second context: add one with a, then C"))
		return
	}
	m.listPick("Which context is upstream (→ downstream)?", items, func(i int) error {
		m.pickPattern(pairs[i][0], pairs[i][1])
		return nil
	})
}

func (m *Model) pickPattern(up, down string) {
	m.listPick("Pattern of "+up+" → "+down, model.Patterns, func(i int) error {
		return m.b.SetRelationship(up, down, model.Patterns[i])
	})
}

// editFlows edits the system's flows across contexts, each as one line of
// YAML in the model format (when a command, then events and rows).
func (m *Model) editFlows() {
	set := func(s string) error {
		return m.b.Refusing(func() error { _, err := m.b.SetFlow(s); return err })
	}
	var templates []string
	for _, c := range m.b.Model.Contexts {
		for _, a := range c.Aggregates {
			for _, cmd := range a.Commands {
				var es []string
				for _, e := range cmd.Emits {
					es = append(es, c.Name+"."+e.Text)
				}
				templates = append(templates, fmt.Sprintf("{ name: %s, when: %s.%s, then: [%s] }",
					strings.ToLower(cmd.Name), c.Name, cmd.Name, strings.Join(es, ", ")))
			}
		}
	}
	m.openList(&listEdit{
		title: "Flows across contexts (when a command, then what appears)",
		items: m.b.FlowNames,
		empty: "none yet: a adds one",
		add: func() {
			m.listPrompt("New flow as YAML (tab completes a command's)", "{ name: ", set, func(string) []string { return templates })
		},
		edit: func(i int) {
			m.listPrompt("Flow as YAML (a new name adds one)", m.b.FlowText(m.b.FlowNames()[i]), set, nil)
		},
		del: func(i int) error { return m.b.RemoveFlow(m.b.FlowNames()[i]) },
	})
}

// editEarlier edits an event's earlier published versions, each as one
// line of YAML; a new one starts from the event's fields.
func (m *Model) editEarlier(event board.Key) {
	items := func() []string { return m.b.Earlier(event) }
	var fs []string
	for _, f := range m.b.Fields(event) {
		fs = append(fs, f.Name+": "+f.Type.String())
	}
	version := 1
	if e, ok := m.b.Find(event).(*model.Event); ok {
		version = max(e.Version-1, 1)
	}
	template := fmt.Sprintf("{ version: %d, fields: { %s } }", version, strings.Join(fs, ", "))
	setEarlier := func(s string) error {
		return m.b.Refusing(func() error { return m.b.SetEarlier(event, s) })
	}
	m.openList(&listEdit{
		title: "Earlier versions of " + event.Name + " (consumers may still receive)",
		items: items,
		empty: "none: a adds one (set the event's version first)",
		add: func() {
			m.listPrompt("Earlier version as YAML", template, setEarlier, nil)
		},
		edit: func(i int) {
			m.listPrompt("Earlier version as YAML", items()[i], setEarlier, nil)
		},
		del: func(i int) error {
			var e struct{ Version string }
			_ = yaml.Unmarshal([]byte(items()[i]), &e)
			return m.b.RemoveEarlier(event, e.Version)
		},
	})
}
