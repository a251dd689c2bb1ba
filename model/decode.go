package model

import (
	"strings"

	"gopkg.in/yaml.v3"
)

func (l *loader) model(doc *yaml.Node) *Model {
	root := doc
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		root = doc.Content[0]
	}
	pairs, ok := l.mapping(root, "the model", "eventstorm", "system", "code", "module",
		"description", "contexts", "relationships", "flows")
	if !ok {
		return nil
	}
	m := &Model{Pos: pos(root)}
	var sawFormat, sawSystem bool
	for _, p := range pairs {
		v := p.value
		if v == nil {
			continue
		}
		switch p.key {
		case "eventstorm":
			sawFormat = true
			if v.Kind != yaml.ScalarNode || v.Tag != "!!int" || v.Value != "1" {
				l.errorf(pos(v), "unsupported model format %s; this eventstorm reads `eventstorm: 1`", describe(v))
				continue
			}
			m.Format = FormatVersion
		case "system":
			sawSystem = true
			m.SystemPos = pos(v)
			if isNull(v) {
				l.errorf(pos(v), "system is empty; write the system's name, e.g. `system: Shop`")
				continue
			}
			m.System, _ = l.str(v, "system")
			m.System = strings.TrimSpace(m.System)
		case "code":
			m.Code, _ = l.str(v, "code")
			m.Code = strings.TrimSpace(m.Code)
			m.CodePos = pos(v)
		case "module":
			m.Module, _ = l.str(v, "module")
			m.Module = strings.TrimSpace(m.Module)
			m.ModulePos = pos(v)
		case "description":
			m.Description, _ = l.str(v, "description")
			m.DescriptionPos = pos(v)
		case "contexts":
			if v.Kind == yaml.SequenceNode {
				m.contextsWritten = len(v.Content)
			} else if !isNull(v) {
				m.contextsWritten = 1 // reported by sequence
			}
			for _, item := range l.sequence(v, "contexts") {
				if c := l.context(item); c != nil {
					m.Contexts = append(m.Contexts, c)
				}
			}
		case "relationships":
			for _, item := range l.sequence(v, "relationships") {
				if r := l.relationship(item); r != nil {
					m.Relationships = append(m.Relationships, r)
				}
			}
		case "flows":
			for _, item := range l.sequence(v, "flows") {
				if f := l.flow(item); f != nil {
					m.Flows = append(m.Flows, f)
				}
			}
		}
	}
	if !sawFormat {
		l.errorf(pos(root), "missing `eventstorm: 1` (the model format version) at the top of the file")
	}
	if !sawSystem {
		l.errorf(pos(root), "missing `system:`, the name of the system, e.g. `system: Shop`")
	}
	// A missing or empty `contexts:` is reported by Validate.
	return m
}

// element reads the keys every element shares. It reports a missing name.
func (l *loader) element(n *yaml.Node, pairs []kv, what string) (Element, bool) {
	e := Element{Pos: pos(n)}
	named := false
	for _, p := range pairs {
		if p.value == nil {
			continue
		}
		switch p.key {
		case "name":
			if s, ok := l.str(p.value, what+" name"); ok {
				e.Name = strings.TrimSpace(s)
				e.NamePos = pos(p.value)
				named = e.Name != ""
				if !named {
					l.errorf(pos(p.value), "%s name is blank", what)
				}
			}
		case "code":
			if s, ok := l.str(p.value, what+" code"); ok {
				e.Code = strings.TrimSpace(s)
				e.CodePos = pos(p.value)
			}
		case "description":
			e.Description, _ = l.str(p.value, what+" description")
			e.DescriptionPos = pos(p.value)
		case "source":
			e.Source = l.source(p.value)
		}
	}
	if !named && !hasKey(pairs, "name") {
		l.errorf(pos(n), "%s has no `name:`", what)
	}
	l.noteSource(n, &e)
	return e, named
}

func hasKey(pairs []kv, key string) bool {
	for _, p := range pairs {
		if p.key == key {
			return true
		}
	}
	return false
}

var elementKeys = []string{"name", "code", "description", "source"}

func keys(extra ...string) []string { return append(append([]string{}, elementKeys...), extra...) }

func (l *loader) context(n *yaml.Node) *Context {
	pairs, ok := l.mapping(n, "a context", keys("types", "aggregates", "policies", "readModels",
		"externalSystems", "hotspots")...)
	if !ok {
		return nil
	}
	el, named := l.element(n, pairs, "a context")
	if !named {
		return nil
	}
	c := &Context{Element: el}
	for _, p := range pairs {
		v := p.value
		if v == nil {
			continue
		}
		switch p.key {
		case "types":
			for _, item := range l.sequence(v, "types") {
				if t := l.typ(item); t != nil {
					t.Context = c
					c.Types = append(c.Types, t)
				}
			}
		case "aggregates":
			for _, item := range l.sequence(v, "aggregates") {
				if a := l.aggregate(item); a != nil {
					a.Context = c
					c.Aggregates = append(c.Aggregates, a)
				}
			}
		case "policies":
			for _, item := range l.sequence(v, "policies") {
				if x := l.policy(item); x != nil {
					x.Context = c
					c.Policies = append(c.Policies, x)
				}
			}
		case "readModels":
			for _, item := range l.sequence(v, "readModels") {
				if x := l.readModel(item); x != nil {
					x.Context = c
					c.ReadModels = append(c.ReadModels, x)
				}
			}
		case "externalSystems":
			for _, item := range l.sequence(v, "externalSystems") {
				if x := l.externalSystem(item); x != nil {
					x.Context = c
					c.ExternalSystems = append(c.ExternalSystems, x)
				}
			}
		case "hotspots":
			for _, item := range l.sequence(v, "hotspots") {
				if x := l.hotspot(item); x != nil {
					x.Context = c
					c.Hotspots = append(c.Hotspots, x)
				}
			}
		}
	}
	return c
}

func (l *loader) typ(n *yaml.Node) *Type {
	pairs, ok := l.mapping(n, "a type", keys("enum", "fields")...)
	if !ok {
		return nil
	}
	el, named := l.element(n, pairs, "a type")
	if !named {
		return nil
	}
	t := &Type{Element: el}
	var hasEnum, hasFields bool
	for _, p := range pairs {
		if p.value == nil {
			continue
		}
		switch p.key {
		case "enum":
			hasEnum = true
			t.Enum = []*EnumValue{}
			for _, item := range l.strList(p.value, "enum of "+el.Name) {
				t.Enum = append(t.Enum, &EnumValue{Value: strings.TrimSpace(item.Value), Pos: pos(item)})
			}
		case "fields":
			hasFields = true
			t.Fields = l.fields(p.value, el.Name)
		}
	}
	switch {
	case hasEnum && hasFields:
		l.errorf(el.Pos, "type %q has both `enum` and `fields`; a type is either an enum or a value object", el.Name)
	case !hasEnum && !hasFields:
		l.errorf(el.Pos, "type %q needs `enum: [values]` (an enum) or `fields: {...}` (a value object)", el.Name)
	case hasEnum && len(t.Enum) == 0:
		l.errorf(el.Pos, "enum %q has no values", el.Name)
	}
	return t
}

// fields reads a `fields` mapping of field name to type, in order.
func (l *loader) fields(n *yaml.Node, owner string) []*Field {
	pairs, ok := l.mapping(n, "fields of "+owner)
	if !ok {
		return nil
	}
	out := make([]*Field, 0, len(pairs))
	for _, p := range pairs {
		name := strings.TrimSpace(p.key)
		if name == "" {
			l.errorf(pos(p.k), "a field of %s has a blank name", owner)
			continue
		}
		v := p.value
		if v == nil {
			continue
		}
		if v.Kind == yaml.SequenceNode && len(v.Content) == 1 && v.Content[0].Kind == yaml.ScalarNode {
			l.errorf(pos(v), "field %q: [%s] is a YAML list, not a type; write list of %s", name, v.Content[0].Value, v.Content[0].Value)
			continue
		}
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			l.errorf(pos(v), "field %q of %s needs a type (e.g. %s: string), not %s", name, owner, name, describe(v))
			continue
		}
		t, err := ParseType(v.Value)
		if err != nil {
			l.errorf(pos(v), "field %q: %s", name, err)
			continue
		}
		out = append(out, &Field{Name: name, Type: t, Pos: pos(p.k), TypePos: pos(v)})
	}
	return out
}

func (l *loader) aggregate(n *yaml.Node) *Aggregate {
	pairs, ok := l.mapping(n, "an aggregate", keys("id", "idType", "store", "fields", "commands", "events", "scenarios")...)
	if !ok {
		return nil
	}
	el, named := l.element(n, pairs, "an aggregate")
	if !named {
		return nil
	}
	a := &Aggregate{Element: el}
	for _, p := range pairs {
		v := p.value
		if v == nil {
			continue
		}
		switch p.key {
		case "id":
			if s, ok := l.str(v, "id"); ok {
				a.ID, a.IDPos = strings.TrimSpace(s), pos(v)
			}
		case "idType":
			if s, ok := l.str(v, "idType"); ok {
				if s != UUID && s != String {
					l.errorf(pos(v), "idType must be uuid or string, not %q", s)
				} else {
					a.IDType = s
				}
			}
		case "store":
			a.Store, a.StorePos = l.store(v, el.Name), pos(v)
		case "fields":
			a.Fields = l.fields(v, el.Name)
		case "commands":
			for _, item := range l.sequence(v, "commands") {
				if c := l.command(item); c != nil {
					c.Aggregate = a
					a.Commands = append(a.Commands, c)
				}
			}
		case "events":
			for _, item := range l.sequence(v, "events") {
				if e := l.event(item); e != nil {
					e.Aggregate = a
					a.Events = append(a.Events, e)
				}
			}
		case "scenarios":
			for _, item := range l.sequence(v, "scenarios") {
				if s := l.scenario(item); s != nil {
					a.Scenarios = append(a.Scenarios, s)
				}
			}
		}
	}
	return a
}

func (l *loader) command(n *yaml.Node) *Command {
	pairs, ok := l.mapping(n, "a command", keys("actor", "creates", "fields", "emits", "rules", "uses")...)
	if !ok {
		return nil
	}
	el, named := l.element(n, pairs, "a command")
	if !named {
		return nil
	}
	c := &Command{Element: el}
	for _, p := range pairs {
		v := p.value
		if v == nil {
			continue
		}
		switch p.key {
		case "actor":
			c.Actor, _ = l.str(v, "actor")
		case "creates":
			c.Creates = l.boolean(v, "creates")
		case "fields":
			c.Fields = l.fields(v, el.Name)
		case "emits":
			c.Emits = l.refs(v, "emits")
			if len(c.Emits) == 0 {
				l.errorf(pos(v), "command %q emits nothing; list at least one event of its aggregate", el.Name)
			}
		case "rules":
			for _, item := range l.strList(v, "rules") {
				c.Rules = append(c.Rules, &Rule{Text: strings.TrimSpace(item.Value), Pos: pos(item)})
			}
		case "uses":
			c.Uses = l.refs(v, "uses")
		}
	}
	if !hasKey(pairs, "emits") {
		l.errorf(el.Pos, "command %q has no `emits:`; list the events it records, e.g. emits: [Order Placed]", el.Name)
	}
	return c
}

func (l *loader) event(n *yaml.Node) *Event {
	pairs, ok := l.mapping(n, "an event", keys("version", "fields", "earlier")...)
	if !ok {
		return nil
	}
	el, named := l.element(n, pairs, "an event")
	if !named {
		return nil
	}
	e := &Event{Element: el, Version: 1}
	for _, p := range pairs {
		if p.value == nil {
			continue
		}
		switch p.key {
		case "fields":
			e.Fields = l.fields(p.value, el.Name)
		case "version":
			// The event's own version, not the aggregate's version that
			// every event carries as a field (VersionField).
			e.VersionPos = pos(p.value)
			if v, ok := l.versionNumber(p.value, "the version of event "+quote(el.Name)); ok {
				e.Version = v
			}
		case "earlier":
			for _, item := range l.sequence(p.value, "earlier versions of "+quote(el.Name)) {
				if ev := l.earlierVersion(item, el.Name); ev != nil {
					e.Earlier = append(e.Earlier, ev)
				}
			}
		}
	}
	return e
}

func (l *loader) scenario(n *yaml.Node) *Scenario {
	pairs, ok := l.mapping(n, "a scenario", "name", "description", "given", "when", "then")
	if !ok {
		return nil
	}
	s := &Scenario{Pos: pos(n)}
	for _, p := range pairs {
		v := p.value
		if v == nil {
			continue
		}
		switch p.key {
		case "name":
			s.Name, _ = l.str(v, "scenario name")
		case "given":
			s.Given = l.steps(v, "given")
		case "when":
			s.When = l.step(v, "when")
		case "then":
			l.scenarioThen(s, v)
		}
	}
	if s.Name == "" && !hasKey(pairs, "name") {
		l.errorf(s.Pos, "a scenario has no `name:`")
	}
	if !hasKey(pairs, "when") {
		l.errorf(s.Pos, "scenario %q has no `when:` (the command tried)", s.Name)
	}
	if !hasKey(pairs, "then") {
		l.errorf(s.Pos, "scenario %q has no `then:` (the events expected, or `rejected`)", s.Name)
	}
	return s
}

// scenarioThen reads a scenario's `then`: the events expected, `rejected`,
// or `{ rejected: <rule> }`.
func (l *loader) scenarioThen(s *Scenario, v *yaml.Node) {
	s.ThenPos = pos(v)
	switch {
	case v.Kind == yaml.ScalarNode && v.Value == "rejected":
		s.Rejected = true
		return
	case v.Kind == yaml.MappingNode && len(v.Content) == 2 && v.Content[0].Value == "rejected":
		s.Rejected = true
		if rule := l.deref(v.Content[1]); rule != nil {
			s.RuleText, _ = l.str(rule, "the rule of `rejected`")
			s.RuleText = strings.TrimSpace(s.RuleText)
			s.RulePos = pos(rule)
		}
		return
	}
	s.Then = l.steps(v, "then")
}

func (l *loader) policy(n *yaml.Node) *Policy {
	pairs, ok := l.mapping(n, "a policy", keys("when", "then", "target")...)
	if !ok {
		return nil
	}
	el, named := l.element(n, pairs, "a policy")
	if !named {
		return nil
	}
	x := &Policy{Element: el}
	for _, p := range pairs {
		v := p.value
		if v == nil {
			continue
		}
		switch p.key {
		case "when":
			x.When = l.ref(v, "when")
		case "then":
			x.Then = l.ref(v, "then")
		case "target":
			if s, ok := l.str(v, "target"); ok {
				x.Target, x.TargetPos = strings.TrimSpace(s), pos(v)
			}
		}
	}
	if x.When == nil && !hasKey(pairs, "when") {
		l.errorf(el.Pos, "policy %q has no `when:` (the event it reacts to)", el.Name)
	}
	if x.Then == nil && !hasKey(pairs, "then") {
		l.errorf(el.Pos, "policy %q has no `then:` (the command it issues)", el.Name)
	}
	return x
}

func (l *loader) readModel(n *yaml.Node) *ReadModel {
	pairs, ok := l.mapping(n, "a read model", keys("key", "fields", "from")...)
	if !ok {
		return nil
	}
	el, named := l.element(n, pairs, "a read model")
	if !named {
		return nil
	}
	r := &ReadModel{Element: el}
	fromFailed := false
	for _, p := range pairs {
		v := p.value
		if v == nil {
			continue
		}
		switch p.key {
		case "key":
			if s, ok := l.str(v, "key"); ok {
				r.Key, r.KeyPos = strings.TrimSpace(s), pos(v)
			}
		case "fields":
			r.Fields = l.fields(v, el.Name)
		case "from":
			before := len(l.diags)
			for _, item := range l.sequence(v, "from") {
				if pr := l.projection(item); pr != nil {
					r.From = append(r.From, pr)
				}
			}
			fromFailed = len(l.diags) > before
		}
	}
	switch {
	case !hasKey(pairs, "from"):
		l.errorf(el.Pos, "read model %q has no `from:`; list the events that feed it, e.g. from: [Order Placed]", el.Name)
	case len(r.From) == 0 && !fromFailed:
		l.errorf(el.Pos, "read model %q lists no events under `from:`; list the events that feed it, e.g. from: [Order Placed]", el.Name)
	}
	return r
}

func (l *loader) projection(n *yaml.Node) *Projection {
	if n.Kind == yaml.ScalarNode {
		// `- Ordering.Order Placed` is short for `- event: Ordering.Order Placed`.
		if r := l.ref(n, "from"); r != nil {
			return &Projection{Event: r, Pos: pos(n)}
		}
		return nil
	}
	pairs, ok := l.mapping(n, "a `from` entry", "event", "set", "delete")
	if !ok {
		return nil
	}
	pr := &Projection{Pos: pos(n)}
	for _, p := range pairs {
		v := p.value
		if v == nil {
			continue
		}
		switch p.key {
		case "event":
			pr.Event = l.ref(v, "event")
		case "delete":
			pr.Delete = l.boolean(v, "delete")
		case "set":
			sets, ok := l.mapping(v, "set")
			if !ok {
				continue
			}
			for _, s := range sets {
				if s.value == nil {
					continue
				}
				if s.value.Kind != yaml.ScalarNode {
					l.errorf(pos(s.value), "set %s: the value must be a constant, not %s", s.key, describe(s.value))
					continue
				}
				pr.Set = append(pr.Set, &SetValue{Field: s.key, Value: s.value.Value, Tag: s.value.ShortTag(), Pos: pos(s.value), FieldPos: pos(s.k)})
			}
		}
	}
	if pr.Event == nil && !hasKey(pairs, "event") {
		l.errorf(pr.Pos, "a `from` entry has no `event:`")
		return nil
	}
	return pr
}

func (l *loader) externalSystem(n *yaml.Node) *ExternalSystem {
	pairs, ok := l.mapping(n, "an external system", keys("calls")...)
	if !ok {
		return nil
	}
	el, named := l.element(n, pairs, "an external system")
	if !named {
		return nil
	}
	x := &ExternalSystem{Element: el}
	for _, p := range pairs {
		if p.key == "calls" && p.value != nil {
			for _, item := range l.strList(p.value, "calls") {
				x.Calls = append(x.Calls, &Operation{Name: strings.TrimSpace(item.Value), Pos: pos(item)})
			}
		}
	}
	return x
}

func (l *loader) hotspot(n *yaml.Node) *Hotspot {
	if n.Kind == yaml.ScalarNode {
		// `- Why is this slow?` is short for `- text: Why is this slow?`.
		if s, ok := l.str(n, "a hotspot"); ok {
			return &Hotspot{Text: s, Pos: pos(n)}
		}
		return nil
	}
	pairs, ok := l.mapping(n, "a hotspot", "text", "on", "source")
	if !ok {
		return nil
	}
	h := &Hotspot{Pos: pos(n)}
	for _, p := range pairs {
		v := p.value
		if v == nil {
			continue
		}
		switch p.key {
		case "text":
			if !isNull(v) {
				h.Text, _ = l.str(v, "hotspot text")
			}
		case "on":
			h.On = l.ref(v, "on")
		case "source":
			h.Source = l.source(v)
		}
	}
	if h.Source != nil {
		l.sources = append(l.sources, sourceSpan{start: h.Pos, end: lastPos(n, 0),
			label: h.Source.Board + " sticky " + h.Source.ID})
	}
	if !hasKey(pairs, "text") {
		l.errorf(h.Pos, "a hotspot has no `text:`; write the question or problem noted, or remove it")
		return nil
	}
	return h
}

func (l *loader) relationship(n *yaml.Node) *Relationship {
	pairs, ok := l.mapping(n, "a relationship", "upstream", "downstream", "pattern", "description")
	if !ok {
		return nil
	}
	r := &Relationship{Pos: pos(n)}
	for _, p := range pairs {
		v := p.value
		if v == nil {
			continue
		}
		switch p.key {
		case "upstream":
			r.Upstream = l.ref(v, "upstream")
		case "downstream":
			r.Downstream = l.ref(v, "downstream")
		case "pattern":
			if s, ok := l.str(v, "pattern"); ok {
				r.Pattern, r.PatternPos = strings.TrimSpace(s), pos(v)
			}
		}
	}
	if r.Upstream == nil && !hasKey(pairs, "upstream") {
		l.errorf(r.Pos, "a relationship has no `upstream:` context")
	}
	if r.Downstream == nil && !hasKey(pairs, "downstream") {
		l.errorf(r.Pos, "a relationship has no `downstream:` context")
	}
	return r
}
