package model

import (
	"fmt"
	"strings"

	"eventstorm/model/names"
)

// Validate checks every rule of the format page that Load does not, fills
// in defaults (module, aggregate ids, read-model keys, policy targets) and
// resolves every reference, so that a model without errors can be generated
// from. It reports all problems, not just the first; hotspots come back as
// diagnostics of severity HotspotNote.
func Validate(m *Model) Diagnostics {
	v := &validator{reporter: &reporter{file: m.File}, m: m, scopes: map[*Context]*scope{}, rows: map[*ReadModel]*Field{}, badFields: map[*Field]bool{}}
	v.system()
	for _, c := range m.Contexts {
		v.scopes[c] = v.declare(c)
		for _, a := range c.Aggregates {
			// Defaults first: policies and read models of any context
			// read the ids of every aggregate.
			aggregateDefaults(a)
		}
	}
	for _, c := range m.Contexts {
		v.context(c)
	}
	v.fills()
	v.contracts()
	v.relationships()
	v.flows()
	v.policyCycles()
	return nameStickies(v.diags, m.sources).Sort()
}

type validator struct {
	*reporter
	m      *Model
	scopes map[*Context]*scope
	// rows are the read models whose key resolved, with it: fills checks
	// their fields.
	rows map[*ReadModel]*Field
	// badFields are the fields already reported as wrong (no identifier,
	// a colliding one, an unknown type), which fills passes over.
	badFields map[*Field]bool
}

func (v *validator) system() {
	m := v.m
	v.checkName(m.SystemPos, m.System, "system name %q", m.System)
	if m.Code != "" {
		v.checkName(m.CodePos, m.Code, "the code %q of the system", m.Code)
	}
	v.checkFreeText(m.DescriptionPos, m.Description, "the description of the system")
	if m.System != "" && !identifiable(m.SystemBase()) {
		if m.Code != "" {
			v.errorf(m.CodePos, "the code %q of the system has no Latin letter to make an identifier from; use e.g. code: Shop", m.Code)
		} else {
			v.errorf(m.SystemPos, "system name %q gives no identifier for topics and the Go module (it has no Latin letter); add `code:` at the top level, e.g. code: Shop", m.System)
		}
	}
	if m.Module == "" {
		m.Module = defaultModule(names.Kebab(m.SystemBase()))
	} else if msg := checkModulePath(m.Module); msg != "" {
		v.errorf(m.ModulePos, "module %q: %s", m.Module, msg)
	}
	if len(m.Contexts) == 0 && m.contextsWritten == 0 {
		v.errorf(m.Pos, "the model has no contexts; add at least one bounded context under `contexts:`")
	}
	seen := map[string]*Context{}
	packages := map[string]*Context{}
	for _, c := range m.Contexts {
		if !v.derivable(&c.Element, "context") {
			continue
		}
		id := c.Ident()
		if prev, ok := seen[id]; ok {
			v.collision(&c.Element, "context", &prev.Element, "context")
			continue
		}
		seen[id] = c
		// Each context becomes a Go package; their names must differ too
		// ("Order History" and "Orderhistory" are both orderhistory).
		pkg := names.Package(c.Base())
		if prev, ok := packages[pkg]; ok {
			v.errorf(c.Pos, "context %q collides with context %q at %s: both become the Go package %s; rename one or give it a `code:`", c.Name, prev.Name, at(prev.Pos), pkg)
			continue
		}
		packages[pkg] = c
	}
}

// stdRoots are the standard library's top-level paths, which a module path
// of one element must not shadow.
var stdRoots = setOf("archive", "bufio", "builtin", "bytes", "cmp", "compress", "container",
	"context", "crypto", "database", "debug", "embed", "encoding", "errors", "expvar", "flag",
	"fmt", "go", "hash", "html", "image", "index", "internal", "io", "iter", "log", "maps",
	"math", "mime", "net", "os", "path", "plugin", "reflect", "regexp", "runtime", "slices",
	"sort", "strconv", "strings", "structs", "sync", "syscall", "testing", "text", "time",
	"unicode", "unique", "unsafe", "weak", "cmd", "vendor", "std", "all")

func defaultModule(kebab string) string {
	if kebab == "" {
		return "system"
	}
	if stdRoots[kebab] {
		return kebab + "-system"
	}
	return kebab
}

func checkModulePath(p string) string {
	if strings.HasPrefix(p, "/") || strings.HasSuffix(p, "/") || strings.Contains(p, "//") {
		return "a module path has no leading, trailing or doubled slash"
	}
	for _, r := range p {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~/", r)) {
			return fmt.Sprintf("%q is not allowed in a Go module path (letters, digits, - . _ ~ and / are)", r)
		}
	}
	for _, elem := range strings.Split(p, "/") {
		if strings.HasPrefix(elem, ".") || strings.HasSuffix(elem, ".") {
			return "a path element cannot start or end with a dot"
		}
	}
	if first := strings.Split(p, "/")[0]; stdRoots[first] {
		return fmt.Sprintf("it starts with %q, a standard library package; use e.g. example.com/%s", first, p)
	}
	return ""
}

// identifiable reports whether a Go identifier can be derived from s: it
// has a Latin letter or a digit.
func identifiable(s string) bool { return names.GoExported(s) != "" }

// derivable checks that a Go identifier can be derived from the element,
// and that its name, code and description hold no character they may not
// (see checkName).
func (v *validator) derivable(e *Element, kind string) bool {
	v.checkName(e.NamePos, e.Name, "%s name %q", kind, e.Name)
	if e.Code != "" {
		v.checkName(e.CodePos, e.Code, "the code %q of %s %q", e.Code, kind, e.Name)
	}
	v.checkFreeText(e.DescriptionPos, e.Description, "the description of %s %q", kind, e.Name)
	if e.Code != "" {
		if !identifiable(e.Code) {
			v.errorf(e.CodePos, "the code %q of %s %q has no Latin letter to make an identifier from; use e.g. code: %s", e.Code, kind, e.Name, exampleCode(kind))
			return false
		}
		return true
	}
	if !identifiable(e.Name) {
		v.errorf(e.NamePos, "%s name %q gives no Go identifier (it has no Latin letter); add `code:` with one, e.g. code: %s", kind, e.Name, exampleCode(kind))
		return false
	}
	return true
}

func exampleCode(kind string) string {
	switch kind {
	case "command":
		return "PlaceOrder"
	case "event":
		return "OrderReceived"
	case "aggregate":
		return "Order"
	case "context":
		return "Ordering"
	case "policy":
		return "CancelOnPaymentFailure"
	case "read model":
		return "OrderHistory"
	case "type":
		return "OrderStatus"
	case "external system":
		return "PaymentGateway"
	}
	return "Name"
}

// collision reports two elements of one scope that share a name or whose
// identifiers collide; the later one is reported, naming the earlier.
func (v *validator) collision(e *Element, kind string, prev *Element, prevKind string) {
	if prev.Pos.Less(e.Pos) || prev.Pos == e.Pos {
		v.collisionAt(e, kind, prev, prevKind)
	} else {
		v.collisionAt(prev, prevKind, e, kind)
	}
}

func (v *validator) collisionAt(e *Element, kind string, prev *Element, prevKind string) {
	if e.Name == prev.Name {
		scope := "within a context"
		if kind == "context" {
			scope = "within the model"
		}
		v.errorf(e.Pos, "%s %q has the same name as %s %q at %s; names are unique %s", kind, e.Name, prevKind, prev.Name, at(prev.Pos), scope)
		return
	}
	v.errorf(e.Pos, "%s %q collides with %s %q at %s: both become the identifier %s; rename one or give it a `code:`", kind, e.Name, prevKind, prev.Name, at(prev.Pos), e.Ident())
}

func (v *validator) context(c *Context) {
	if len(c.Types)+len(c.Aggregates)+len(c.Policies)+len(c.ReadModels)+len(c.ExternalSystems) == 0 {
		v.warnf(c.Pos, "context %q is empty; it will generate a service with nothing in it", c.Name)
	}
	for _, t := range c.Types {
		v.typ(c, t)
	}
	v.valueObjectCycles(c)
	for _, x := range c.ExternalSystems {
		v.externalSystem(x)
	}
	for _, a := range c.Aggregates {
		v.aggregate(c, a)
	}
	for _, p := range c.Policies {
		v.policy(c, p)
	}
	for _, r := range c.ReadModels {
		v.readModel(c, r)
	}
	for _, h := range c.Hotspots {
		v.hotspot(c, h)
	}
}

func (v *validator) externalSystem(x *ExternalSystem) {
	seen := map[string]*Operation{}
	for _, op := range x.Calls {
		v.checkName(op.Pos, op.Name, "call %q of %q", op.Name, x.Name)
		if !identifiable(op.Name) {
			v.errorf(op.Pos, "call %q of %q gives no Go method name (it has no Latin letter)", op.Name, x.Name)
			continue
		}
		id := op.Ident()
		if prev, ok := seen[id]; ok {
			v.errorf(op.Pos, "call %q of %q collides with %q at %s: both become the method %s", op.Name, x.Name, prev.Name, at(prev.Pos), id)
			continue
		}
		seen[id] = op
	}
}

func (v *validator) hotspot(c *Context, h *Hotspot) {
	text := strings.TrimSpace(h.Text)
	v.checkFreeText(h.Pos, h.Text, "hotspot %q", text)
	if text == "" {
		v.errorf(h.Pos, "a hotspot has no text; write the question or problem noted, or remove it")
		return
	}
	if h.On != nil {
		if target := v.scopes[c].resolveAny(v, h.On); target != nil {
			h.On.Target = target
		} else if on := strings.TrimSpace(h.On.Text); on != "" && (on == c.Name || on == c.Code) {
			h.On.Target = c
		} else if on == "" || !hasActor(c, on) {
			v.warnf(h.On.Pos, "hotspot is on %q, which is no element of context %q%s", h.On.Text, c.Name, v.scopes[c].suggestAny(h.On.Text))
		}
	}
	msg := text
	if h.On != nil {
		msg += " (on " + h.On.Text + ")"
	}
	v.add(HotspotNote, h.Pos, "%s", msg)
}

// hasActor reports whether a command of the context c is issued by the
// actor named name: a hotspot may be on an actor's sticky.
func hasActor(c *Context, name string) bool {
	for _, a := range c.Aggregates {
		for _, cmd := range a.Commands {
			if cmd.Actor == name {
				return true
			}
		}
	}
	return false
}

func (v *validator) relationships() {
	seen := map[[2]*Context]*Relationship{}
	for _, r := range v.m.Relationships {
		up := v.contextRef(r.Upstream, "upstream")
		down := v.contextRef(r.Downstream, "downstream")
		if r.Pattern != "" && !contains(Patterns, r.Pattern) {
			v.errorf(r.PatternPos, "unknown relationship pattern %q; use one of %s%s", r.Pattern, strings.Join(Patterns, ", "), suggest(r.Pattern, Patterns))
		}
		if up == nil || down == nil {
			continue
		}
		if up == down {
			v.errorf(r.Pos, "context %q is both upstream and downstream; a relationship joins two contexts", up.Name)
			continue
		}
		key := [2]*Context{up, down}
		if prev, ok := seen[key]; ok {
			v.warnf(r.Pos, "the relationship %s → %s is declared twice (first at %s)", up.Name, down.Name, at(prev.Pos))
			continue
		}
		seen[key] = r
	}
}

func (v *validator) contextRef(r *Ref, role string) *Context {
	if r == nil {
		return nil
	}
	for _, c := range v.m.Contexts {
		if r.Text == c.Name || (c.Code != "" && r.Text == c.Code) {
			r.Target = c
			return c
		}
	}
	for _, c := range v.m.Contexts {
		if names.Pascal(r.Text) != "" && names.Pascal(r.Text) == names.Pascal(c.Base()) {
			r.Target = c
			return c
		}
	}
	v.errorf(r.Pos, "%s %q is not a context of this model%s", role, r.Text, suggest(r.Text, v.contextNames()))
	return nil
}

func (v *validator) contextNames() []string {
	out := make([]string, 0, len(v.m.Contexts))
	for _, c := range v.m.Contexts {
		out = append(out, c.Name)
	}
	return out
}

func setOf(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, s := range items {
		m[s] = true
	}
	return m
}

// aggregateDefaults fills in an aggregate's id field name and type.
func aggregateDefaults(a *Aggregate) {
	if a.ID == "" {
		a.ID = names.JSON(a.Base()) + "Id"
		a.IDPos = a.Pos
	}
	if a.IDType == "" {
		a.IDType = UUID
	}
	if a.Store == "" {
		a.Store = StoreState
	}
}
