package golang

import (
	"fmt"
	"strconv"
	"strings"

	"eventstorm/generator/genfile"
	"eventstorm/generator/ir"
	"eventstorm/model"
	"eventstorm/model/names"
	"eventstorm/platform/message"
)

// Event versions (issue #18, docs/versions.md). A versioned event (one
// above version 1, or with earlier versions) is published at its current
// version with ce_dataschema naming that version's JSON Schema
// (message.DataSchema); a record without it is version 1. A reader's copy
// of the event declares a struct per earlier version and a Decode function
// that reads any version into the current one, an earlier one through a
// generated upcaster that copies the fields of the same name and type and
// calls a scaffolded hook for the rest. An event that never had another
// version is published and read exactly as before versions existed.

// dataSchema is the ce_dataschema of version n of an event, which is also
// the path of that version's JSON Schema under the service's api folder.
func dataSchema(m *model.Model, e *model.Event, n int) string {
	return message.DataSchema(ir.EventType(m, e), n)
}

// versionedEvents are the aggregate's events that have versions.
func versionedEvents(a *model.Aggregate) []*model.Event {
	var out []*model.Event
	for _, e := range a.Events {
		if e.Versioned() {
			out = append(out, e)
		}
	}
	return out
}

// dataSchemaFunc is the messaging function giving the ce_dataschema of an
// aggregate's event.
func dataSchemaFunc(a *model.Aggregate) string { return names.GoUnexported(a.Base()) + "DataSchema" }

// messageVersions writes, for an aggregate with versioned events, the
// function giving the ce_dataschema its events are published with; it
// reports whether it did.
func (s *service) messageVersions(a *model.Aggregate) bool {
	versioned := versionedEvents(a)
	if len(versioned) == 0 {
		return false
	}
	ap := s.aggregatePkg(a)
	g := s.newSource(s.messagingPkg(), "messaging", genfile.Generated)
	g.importName(ap, aggregatePkgName(a))
	g.comment("%s is the ce_dataschema of e: the JSON Schema of the version of its event that this service publishes, or none for an event that has only version 1, whose readers take a record without one for version 1.", dataSchemaFunc(a))
	g.line("func %s(e %s) string {", dataSchemaFunc(a), g.q(ap, eventIface(a)))
	g.line("switch e.(type) {")
	for _, e := range versioned {
		g.caseLine("case *%s:", g.q(ap, e.Ident()))
		g.line("return %s", strconv.Quote(dataSchema(s.m, e, e.CurrentVersion())))
	}
	g.line("}")
	g.line(`return ""`)
	g.line("}")
	s.addSource("internal/messaging/"+names.Snake(a.Base())+"_versions_gen.go", g)
	return true
}

// versionIdent is the Go type of an earlier version of an event in a
// reader's copy, e.g. OrderPlacedV1.
func versionIdent(e *model.Event, n int) string { return e.Ident() + "V" + strconv.Itoa(n) }

// decodeFunc is the function of a reader's copy that decodes any version
// of an event.
func decodeFunc(e *model.Event) string { return "Decode" + e.Ident() }

// upcastFunc is the generated upcaster of an earlier version.
func upcastFunc(e *model.Event, n int) string { return "upcast" + versionIdent(e, n) }

// upgradeFunc is the scaffolded hook of an earlier version's upcaster.
func upgradeFunc(e *model.Event, n int) string { return "upgrade" + versionIdent(e, n) }

// versionAllFields are the fields of version n of an event with the
// implicit ones first, as AllFields gives the current version's.
func versionAllFields(e *model.Event, fields []*model.Field) []*model.Field {
	v := *e
	v.Fields = fields
	return v.AllFields()
}

// earlierVersions are an event's versions below the current one, lowest
// first.
func earlierVersions(e *model.Event) []model.EventVersion {
	var out []model.EventVersion
	for _, v := range e.Versions() {
		if !v.Current {
			out = append(out, v)
		}
	}
	return out
}

// versionList is the event's accepted versions as text, e.g. "1, 2".
func versionList(e *model.Event) string { return joinVersions(e.Versions()) }

// joinVersions is the numbers of versions as text, e.g. "1, 2".
func joinVersions(versions []model.EventVersion) string {
	var vs []string
	for _, v := range versions {
		vs = append(vs, strconv.Itoa(v.Version))
	}
	return strings.Join(vs, ", ")
}

// upgradeTodo is what an upgrade hook's doc asks of the team: the fields
// of to, the current version's, that copies (from version v to the
// current one) leave empty.
func upgradeTodo(e *model.Event, v model.EventVersion, to []*model.Field, copies [][2]*model.Field) string {
	filled := map[*model.Field]bool{}
	for _, c := range copies {
		filled[c[1]] = true
	}
	var left []string
	for _, fl := range to {
		if !filled[fl] {
			left = append(left, fl.JSON()+" ("+fl.Type.String()+")")
		}
	}
	cur := strconv.Itoa(e.CurrentVersion())
	if len(left) == 0 {
		return "Version " + cur + " has no field that the generated part leaves empty; fill in what the values of the copied fields should become, if anything."
	}
	return "Fill in what version " + cur + " has and version " + strconv.Itoa(v.Version) + " had not, or had with another type: " + strings.Join(left, ", ") + "."
}

// contractVersions writes, in a reader's copy of the events of a context,
// what reads the versioned ones: a struct per earlier version, a Decode
// function per event, the generated upcasters, their scaffolded hooks and
// the tests of the upcasters.
func (s *service) contractVersions(from *model.Context, events []*model.Event) {
	pkg := s.contractPkg(from)
	name := contractPkgName(from)
	for _, e := range events {
		if !e.Versioned() {
			continue
		}
		g := s.newSource(pkg, name, genfile.Generated)
		named := s.contractType(g, from)
		for _, v := range earlierVersions(e) {
			g.comment("%s is version %d of the event %s, published before version %d: this service still reads it, converted by %s.", versionIdent(e, v.Version), v.Version, e.Name, e.CurrentVersion(), upcastFunc(e, v.Version))
			g.structType(versionIdent(e, v.Version), taggedRows(g, versionAllFields(e, v.Fields), named))
			g.line("")
		}
		s.decodeVersions(g, e)
		for _, v := range earlierVersions(e) {
			upcaster(g, e, v)
			s.upgradeHook(pkg, name, e, v)
		}
		base := names.Snake(e.Base())
		s.addSource("internal/contract/"+name+"/"+base+"_versions_gen.go", g)
		s.upcasterTests(from, e)
	}
}

// decodeVersions writes the Decode function of a versioned event.
func (s *service) decodeVersions(g *goSource, e *model.Event) {
	qn := qualifiedName(s.c, e)
	cur := e.CurrentVersion()
	g.comment("%s reads the JSON of the given version of the event %s as its current version %d. This service reads versions %s: an earlier one is converted by its upcaster; a newer one is read by field name, as a reader without versions reads every version, so its fields of the same name fill the current version's and the others are dropped. An error makes the record poison: a version not read, JSON that does not decode, or an upcaster's refusal.", decodeFunc(e), e.Name, cur, versionList(e))
	g.line("func %s(version int, data []byte) (%s, error) {", decodeFunc(e), e.Ident())
	g.line("switch {")
	for _, v := range earlierVersions(e) {
		g.caseLine("case version == %d:", v.Version)
		g.line("var old %s", versionIdent(e, v.Version))
		g.line("if err := %s(data, &old); err != nil {", g.q(goJSONPkg, "Unmarshal"))
		g.line("return %s{}, %s(%s, err)", e.Ident(), g.q("fmt", "Errorf"), strconv.Quote(fmt.Sprintf("the value is not the JSON of version %d of %s: %%w", v.Version, qn)))
		g.line("}")
		g.line("return %s(old)", upcastFunc(e, v.Version))
	}
	g.caseLine("case version < %d:", cur)
	g.line("return %s{}, %s(%s, version)", e.Ident(), g.q("fmt", "Errorf"), strconv.Quote(fmt.Sprintf("version %%d of %s is not one this service reads (%s)", qn, versionList(e))))
	g.line("}")
	g.line("var e %s", e.Ident())
	g.line("if err := %s(data, &e); err != nil {", g.q(goJSONPkg, "Unmarshal"))
	g.line("return e, %s(%s, version, err)", g.q("fmt", "Errorf"), strconv.Quote(fmt.Sprintf("the value is not the JSON of version %%d of %s: %%w", qn)))
	g.line("}")
	g.line("return e, nil")
	g.line("}")
	g.line("")
}

// upcaster writes the generated part of an earlier version's upcaster.
func upcaster(g *goSource, e *model.Event, v model.EventVersion) {
	copies := model.UpcastCopies(versionAllFields(e, v.Fields), e.AllFields())
	var items []keyValue
	var copiedNames []string
	for _, c := range copies {
		items = append(items, keyValue{c[1].Ident(), "old." + c[0].Ident()})
		copiedNames = append(copiedNames, c[1].JSON())
	}
	g.comment("%s converts version %d of %s into version %d: it copies the fields of the same name and type (%s) and leaves the rest to %s, yours.", upcastFunc(e, v.Version), v.Version, e.Name, e.CurrentVersion(), strings.Join(copiedNames, ", "), upgradeFunc(e, v.Version))
	g.line("func %s(old %s) (%s, error) {", upcastFunc(e, v.Version), versionIdent(e, v.Version), e.Ident())
	g.literal("e := "+e.Ident(), items, "")
	g.line("err := %s(old, &e)", upgradeFunc(e, v.Version))
	g.line("return e, err")
	g.line("}")
	g.line("")
}

// upgradeHook writes the team's part of an earlier version's upcaster,
// scaffolded once: its doc lists the fields the generated part does not
// fill.
func (s *service) upgradeHook(pkg, name string, e *model.Event, v model.EventVersion) {
	to := e.AllFields()
	todo := upgradeTodo(e, v, to, model.UpcastCopies(versionAllFields(e, v.Fields), to))
	g := s.newSource(pkg, name, genfile.Scaffolded)
	g.comment("%s completes e, version %d of %s converted from old, version %d, after %s has copied the fields of the same name and type. %s An error sends the record to the dead-letter topic.", upgradeFunc(e, v.Version), e.CurrentVersion(), e.Name, v.Version, upcastFunc(e, v.Version), todo)
	g.line("func %s(old %s, e *%s) error {", upgradeFunc(e, v.Version), versionIdent(e, v.Version), e.Ident())
	g.line("return nil")
	g.line("}")
	s.addSource("internal/contract/"+name+"/"+names.Snake(e.Base())+"_v"+strconv.Itoa(v.Version)+".go", g)
}

// upcasterTests writes the tests of a versioned event's Decode function:
// each earlier version, every field set as in the examples, keeps through
// its upcaster the values of the fields copied; the current version, and a
// newer one, keep every field; a version not read is refused.
func (s *service) upcasterTests(from *model.Context, e *model.Event) {
	pkg := s.contractPkg(from)
	name := contractPkgName(from)
	g := s.newSource(pkg, name, genfile.Generated)
	sm := &sampler{s: s, nameOf: s.contractType(g, from), busy: map[*model.Type]bool{}}
	var all []string
	for _, fl := range e.AllFields() {
		all = append(all, fl.JSON())
	}
	cur := e.CurrentVersion()
	g.comment("Test%s checks that %s reads every version of %s: an earlier one, every field set, keeps the values of the fields its upcaster copies; the current one, and a newer one read by field name, keep every field; a version not read is refused.", decodeFunc(e), decodeFunc(e), e.Name)
	g.line("func Test%s(t *%s) {", decodeFunc(e), g.q("testing", "T"))
	for _, v := range earlierVersions(e) {
		var copied []string
		for _, c := range model.UpcastCopies(versionAllFields(e, v.Fields), e.AllFields()) {
			copied = append(copied, c[1].JSON())
		}
		s.decodeCheck(g, e, v.Version, sm.fields(g, versionIdent(e, v.Version), versionAllFields(e, v.Fields), nil), copied)
	}
	s.decodeCheck(g, e, cur, sm.fields(g, e.Ident(), e.AllFields(), nil), all)
	s.decodeCheck(g, e, cur+1, sm.fields(g, e.Ident(), e.AllFields(), nil), all)
	g.line("if _, err := %s(0, []byte(\"{}\")); err == nil {", decodeFunc(e))
	g.line("t.Error(\"version 0, which no producer publishes, was read\")")
	g.line("}")
	g.line("}")
	s.addSource("internal/contract/"+name+"/"+names.Snake(e.Base())+"_versions_gen_test.go", g)
}

// decodeCheck writes one subtest of an upcaster test: value, a sample of
// the given version as lines, marshalled and decoded keeps its members.
func (s *service) decodeCheck(g *goSource, e *model.Event, version int, value []string, members []string) {
	label := fmt.Sprintf("version %d", version)
	if version > e.CurrentVersion() {
		label += ", newer"
	}
	ct := s.platformPkg("contracttest")
	g.line("t.Run(%s, func(t *%s) {", strconv.Quote(label), g.q("testing", "T"))
	g.lines("data := "+g.q(ct, "Marshal")+"(t, ", value, ")")
	g.line("got, err := %s(%d, data)", decodeFunc(e), version)
	g.line("if err != nil {")
	g.line("t.Fatal(err)")
	g.line("}")
	args := "t, data, got"
	for _, m := range members {
		args += ", " + strconv.Quote(m)
	}
	g.line("%s(%s)", g.q(ct, "SameMembers"), args)
	g.line("})")
}
