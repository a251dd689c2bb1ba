package golang

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"

	"eventstorm/generator/genfile"
	"eventstorm/generator/ir"
	"eventstorm/model"
)

// The contract documents of a service (issue #7) live in its api folder:
// openapi.yaml, asyncapi.yaml and a JSON Schema per event in events/. They
// are built as ordered values (obj) and rendered as YAML or JSON, so that
// they read in the model's order and come out the same every time.

// apiDir is the folder of a service's contract documents.
const apiDir = "api"

// generatedText is the generated-file marker without Go's comment syntax:
// a YAML comment in the YAML documents, a "$comment" in the JSON ones.
var generatedText = strings.TrimPrefix(genfile.GeneratedHeader, "// ")

// obj is a JSON object whose members keep the order they were set in.
type obj struct {
	keys []string
	vals []any // string, int, int64, bool, []any or *obj
}

// set adds a member and returns o, for chaining.
func (o *obj) set(key string, val any) *obj {
	o.keys = append(o.keys, key)
	o.vals = append(o.vals, val)
	return o
}

// child returns the object member key, adding an empty one when missing.
func (o *obj) child(key string) *obj {
	if i := slices.Index(o.keys, key); i >= 0 {
		if c, ok := o.vals[i].(*obj); ok {
			return c
		}
	}
	c := &obj{}
	o.set(key, c)
	return c
}

// jsonList turns strings into a JSON array.
func jsonList(items ...string) []any {
	out := make([]any, len(items))
	for i, s := range items {
		out[i] = s
	}
	return out
}

// sortedObj is an object of the members of m, sorted by key.
func sortedObj(m map[string]*obj) *obj {
	out := &obj{}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		out.set(k, m[k])
	}
	return out
}

// renderYAML writes a document as YAML, 2-space indented, headed by the
// generated-file marker as a comment. Documents are trees of objects,
// lists and scalars, so a small writer does in a pass what a general YAML
// encoder does in several (a system's contracts are a large part of its
// files): strings are plain where YAML reads them back as the same string,
// else double-quoted; lists of scalars are written in flow style.
func renderYAML(doc *obj) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# " + generatedText + "\n\n")
	writeYAMLObj(&b, doc, "")
	return b.Bytes(), nil
}

// writeYAMLObj writes an object's members, each on a line at indent.
func writeYAMLObj(b *bytes.Buffer, o *obj, indent string) {
	if len(o.keys) == 0 {
		b.WriteString(indent + "{}\n")
		return
	}
	for i, k := range o.keys {
		b.WriteString(indent)
		writeYAMLScalar(b, k, false)
		b.WriteByte(':')
		writeYAMLValue(b, o.vals[i], indent)
	}
}

// writeYAMLValue writes v after a key or a list's dash: on the same line
// for a scalar, an empty collection or a list of scalars; on the lines
// below, indented, for the rest.
func writeYAMLValue(b *bytes.Buffer, v any, indent string) {
	switch v := v.(type) {
	case *obj:
		if len(v.keys) == 0 {
			b.WriteString(" {}\n")
			return
		}
		b.WriteByte('\n')
		writeYAMLObj(b, v, indent+"  ")
	case []any:
		if flowList(v) {
			b.WriteString(" [")
			for i, item := range v {
				if i > 0 {
					b.WriteString(", ")
				}
				writeYAMLScalar(b, item, true)
			}
			b.WriteString("]\n")
			return
		}
		b.WriteByte('\n')
		for _, item := range v {
			b.WriteString(indent + "  -")
			if o, ok := item.(*obj); ok && len(o.keys) > 0 {
				// The object's first member follows the dash.
				var inner bytes.Buffer
				writeYAMLObj(&inner, o, indent+"    ")
				b.Write(bytes.TrimPrefix(inner.Bytes(), []byte(indent+"   ")))
				continue
			}
			writeYAMLValue(b, item, indent+"  ")
		}
	default:
		b.WriteByte(' ')
		writeYAMLScalar(b, v, false)
		b.WriteByte('\n')
	}
}

// flowList reports whether a list is written in flow style: empty, or of
// scalars only.
func flowList(v []any) bool {
	for _, item := range v {
		switch item.(type) {
		case *obj, []any:
			return false
		}
	}
	return true
}

// writeYAMLScalar writes a string, a number or a bool.
func writeYAMLScalar(b *bytes.Buffer, v any, inFlow bool) {
	switch v := v.(type) {
	case string:
		if plainYAML(v, inFlow) {
			b.WriteString(v)
			return
		}
		// JSON's escapes are YAML's double-quoted ones.
		enc := json.NewEncoder(b)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(v)       // a string: cannot fail
		b.Truncate(b.Len() - 1) // Encode's newline
	default: // bool, int, int64
		fmt.Fprint(b, v)
	}
}

// plainYAML reports whether s reads back as the same string when written
// plain: no indicator at the start, no ": " or " #" inside, nothing that
// YAML would take for a number, a bool or null, no control characters, and
// in a flow list no commas or brackets.
func plainYAML(s string, inFlow bool) bool {
	if s == "" || s != strings.TrimSpace(s) || strings.HasSuffix(s, ":") ||
		strings.Contains(s, ": ") || strings.Contains(s, " #") ||
		strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`+.0123456789") ||
		inFlow && strings.ContainsAny(s, ",[]{}") {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~":
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xfeff {
			return false
		}
	}
	return true
}

// renderJSON writes a document as JSON, 2-space indented, without the
// HTML escapes of encoding/json (a pattern's < stays <).
func renderJSON(doc *obj) ([]byte, error) {
	var b bytes.Buffer
	if err := writeJSON(&b, doc, ""); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

func writeJSON(b *bytes.Buffer, v any, indent string) error {
	inner := indent + "  "
	switch v := v.(type) {
	case *obj:
		if len(v.keys) == 0 {
			b.WriteString("{}")
			return nil
		}
		b.WriteString("{\n")
		for i, k := range v.keys {
			b.WriteString(inner)
			if err := writeJSON(b, k, inner); err != nil {
				return err
			}
			b.WriteString(": ")
			if err := writeJSON(b, v.vals[i], inner); err != nil {
				return err
			}
			if i < len(v.keys)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent + "}")
	case []any:
		b.WriteByte('[')
		for i, item := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			if err := writeJSON(b, item, inner); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	default:
		enc := json.NewEncoder(b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return err
		}
		b.Truncate(b.Len() - 1) // Encode ends the value with a newline
	}
	return nil
}

// addDoc renders a contract document into the plan at rel, relative to
// the service's api folder, as YAML or JSON by its extension.
func (s *service) addDoc(rel string, doc *obj) {
	render := renderYAML
	if strings.HasSuffix(rel, ".json") {
		render = renderJSON
	}
	p := path.Join(s.dir, apiDir, rel)
	b, err := render(doc)
	if err != nil {
		if s.err == nil {
			s.err = fmt.Errorf("%s: %w", p, err)
		}
		return
	}
	s.files = append(s.files, genfile.File{Path: p, Owner: genfile.Generated, Bytes: b})
}

// schemas builds the JSON Schemas of values as the service's Go code
// writes them, collecting the named types they refer to.
type schemas struct {
	s    *service
	ref  string          // the prefix of a reference to a named type
	defs map[string]*obj // the named types referred to, by name
}

func (s *service) newSchemas(ref string) *schemas {
	return &schemas{s: s, ref: ref, defs: map[string]*obj{}}
}

// resolve is the type the service's code uses for t: its own type of the
// same name when it has one (as its contract copies do), else t.
func (s *service) resolve(t *model.Type) *model.Type {
	if own := s.ownType(t); own != nil {
		return own
	}
	return t
}

// schemaName names a type or event of a context in the service's
// documents: its identifier for the service's own, prefixed with its
// context's for another's (identifiers have no dots, so names never clash).
func (s *service) schemaName(c *model.Context, ident string) string {
	if c == s.c {
		return ident
	}
	return c.Ident() + "." + ident
}

// value is the schema of a field's value. A list that is not optional may
// be null: Go writes a nil slice so. An optional value is left out when
// absent, so where it is present it is never null.
func (ss *schemas) value(t *model.TypeRef) *obj {
	switch t.Kind {
	case model.Optional:
		if t.Elem.Kind == model.List {
			return ss.array(t.Elem, "array")
		}
		return ss.value(t.Elem)
	case model.List:
		return ss.array(t, jsonList("array", "null"))
	case model.Named:
		return ss.named(t.Type)
	}
	return scalarSchema(t.Scalar)
}

func (ss *schemas) array(t *model.TypeRef, typ any) *obj {
	items := ss.value(t.Elem)
	if t.Elem.Kind == model.Optional { // a nil pointer in a slice is null
		items = (&obj{}).set("anyOf", []any{items, (&obj{}).set("type", "null")})
	}
	return (&obj{}).set("type", typ).set("items", items)
}

// scalarSchema is the JSON of a scalar as Go writes it: decimal.Decimal as
// a string, time.Time in RFC 3339, the generated Date as YYYY-MM-DD.
func scalarSchema(scalar string) *obj {
	o := &obj{}
	switch scalar {
	case model.Int:
		return o.set("type", "integer").set("format", "int64")
	case model.Float:
		return o.set("type", "number").set("format", "double")
	case model.Decimal:
		return o.set("type", "string").set("pattern", `^-?[0-9]+(\.[0-9]+)?$`).set("description", "An exact decimal number, written as a string.")
	case model.Bool:
		return o.set("type", "boolean")
	case model.Time:
		return o.set("type", "string").set("format", "date-time")
	case model.Date:
		return o.set("type", "string").set("format", "date")
	case model.UUID:
		return o.set("type", "string").set("format", "uuid")
	}
	return o.set("type", "string")
}

// named refers to a named type, adding its schema to the definitions.
func (ss *schemas) named(t *model.Type) *obj {
	t = ss.s.resolve(t)
	name := ss.s.schemaName(t.Context, t.Ident())
	if _, ok := ss.defs[name]; !ok {
		def := &obj{}
		ss.defs[name] = def // before the fields: a value object may contain itself
		def.set("title", t.Name)
		if t.IsEnum() {
			desc := "The enum " + t.Name + "; the empty string stands for no value."
			if t.Description != "" {
				desc = t.Description + "\n\n" + desc
			}
			values := make([]string, 0, len(t.Enum)+1)
			for _, v := range t.Enum {
				values = append(values, v.Value)
			}
			def.set("description", desc).set("type", "string").set("enum", jsonList(append(values, "")...))
		} else {
			if t.Description != "" {
				def.set("description", t.Description)
			}
			ss.object(def, t.Fields, nil, false)
		}
	}
	return (&obj{}).set("$ref", ss.ref+name)
}

// object makes o the schema of a struct of fields, with a description of
// some of them by JSON name. Optional fields are omitted when empty; the
// others are required, except in what the service writes (output), which
// leaves out a time, date or enum field while it is unset.
func (ss *schemas) object(o *obj, fields []*model.Field, about map[string]string, output bool) *obj {
	props := &obj{}
	var required []string
	for _, f := range fields {
		p := ss.value(f.Type)
		if d := about[f.JSON()]; d != "" {
			p.set("description", d)
		}
		props.set(f.JSON(), p)
		if f.Type.Kind != model.Optional && !(output && mayBeUnset(f.Type)) {
			required = append(required, f.JSON())
		}
	}
	o.set("type", "object").set("properties", props)
	if len(required) > 0 {
		o.set("required", jsonList(required...))
	}
	return o.set("additionalProperties", false)
}

// eventSchema is the schema of an event's JSON, its implicit fields first.
func (ss *schemas) eventSchema(e *model.Event) *obj {
	a := e.Aggregate
	o := (&obj{}).set("title", e.Name)
	desc := fmt.Sprintf("The event %s of %s of the %s context, on the topic %s with the ce_type %s.", e.Name, article(a.Name), a.Context.Name, ir.Topic(ss.s.m, a), ir.EventType(ss.s.m, e))
	if e.Description != "" {
		desc = e.Description + "\n\n" + desc
	}
	o.set("description", desc)
	return ss.object(o, e.AllFields(), map[string]string{
		model.EventIDField:    "The event's id, also its ce_id header; consumers skip the ids they have handled.",
		a.IDField().JSON():    fmt.Sprintf("The %s's id, also the record's key.", a.Name),
		model.OccurredAtField: "When the event occurred, also its ce_time header.",
		model.VersionField:    fmt.Sprintf("The %s's version after the event: 1 for its first event.", a.Name),
	}, true)
}

// versionSchema is the schema of an earlier version of an event's JSON.
func (ss *schemas) versionSchema(e *model.Event, v model.EventVersion) *obj {
	ev := *e
	ev.Fields = v.Fields
	o := ss.eventSchema(&ev)
	o.vals[0] = fmt.Sprintf("%s, version %d", e.Name, v.Version)
	header := "with ce_dataschema " + dataSchema(ss.s.m, e, v.Version)
	if v.Version == 1 {
		header += " or none"
	}
	o.vals[1] = fmt.Sprintf("Version %d of the event, published before version %d %s: readers still accept it.\n\n%s", v.Version, e.CurrentVersion(), header, o.vals[1])
	return o
}

// contractEvents are the events the service publishes, then those of other
// aggregates it reads, each once.
func (s *service) contractEvents() []*model.Event {
	var out []*model.Event
	for _, a := range s.c.Aggregates {
		out = append(out, a.Events...)
	}
	for _, e := range s.x.Consumed {
		if e.Aggregate.Context != s.c {
			out = append(out, e)
		}
	}
	return out
}

// eventSchemaFile is the JSON Schema file of an event, named by its
// ce_type: a producer's and its consumers' copies share the name.
func eventSchemaFile(m *model.Model, e *model.Event) string {
	return "events/" + ir.EventType(m, e) + ".json"
}

// jsonSchemas emits a JSON Schema (draft 2020-12) of every event the
// service publishes or reads.
func (s *service) jsonSchemas() {
	for _, e := range s.contractEvents() {
		ss := s.newSchemas("#/$defs/")
		s.addSchemaDoc(eventSchemaFile(s.m, e), ss, ss.eventSchema(e))
		s.versionSchemas(e)
	}
}

// addSchemaDoc adds the JSON Schema document at rel of an event's schema,
// body, built with ss, whose definitions go in $defs.
func (s *service) addSchemaDoc(rel string, ss *schemas, body *obj) {
	doc := (&obj{}).
		set("$schema", "https://json-schema.org/draft/2020-12/schema").
		set("$comment", generatedText)
	for i, k := range body.keys {
		doc.set(k, body.vals[i])
	}
	if len(ss.defs) > 0 {
		doc.set("$defs", sortedObj(ss.defs))
	}
	s.addDoc(rel, doc)
}

// versionSchemas emits, for an event with versions, the JSON Schema of
// each version in the file its ce_dataschema names; the current version's
// is also the event's own file.
func (s *service) versionSchemas(e *model.Event) {
	if !e.Versioned() {
		return
	}
	for _, v := range e.Versions() {
		ss := s.newSchemas("#/$defs/")
		body := ss.eventSchema(e)
		if !v.Current {
			body = ss.versionSchema(e, v)
		}
		s.addSchemaDoc(dataSchema(s.m, e, v.Version), ss, body)
	}
}
