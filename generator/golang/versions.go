package golang

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

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

// messageVersions emits, for an aggregate with versioned events, the
// function giving the ce_dataschema its events are published with; it
// reports whether it did.
func (s *service) messageVersions(a *model.Aggregate) bool {
	versioned := versionedEvents(a)
	if len(versioned) == 0 {
		return false
	}
	ap := s.aggregatePkg(a)
	f := newFile(s.messagingPkg(), "messaging", genfile.Generated)
	f.ImportName(ap, aggregatePkgName(a))
	var cases []jen.Code
	for _, e := range versioned {
		cases = append(cases, jen.Case(jen.Op("*").Qual(ap, e.Ident())).Block(
			jen.Return(jen.Lit(dataSchema(s.m, e, e.CurrentVersion()))),
		))
	}
	doc(f, "%s is the ce_dataschema of e: the JSON Schema of the version of its event that this service publishes, or none for an event that has only version 1, whose readers take a record without one for version 1.", dataSchemaFunc(a))
	f.Func().Id(dataSchemaFunc(a)).Params(jen.Id("e").Qual(ap, eventIface(a))).String().Block(
		jen.Switch(jen.Id("e").Assert(jen.Type())).Block(cases...),
		jen.Return(jen.Lit("")),
	)
	s.add("internal/messaging/"+names.Snake(a.Base())+"_versions_gen.go", genfile.Generated, f)
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

// contractVersions emits, in a reader's copy of the events of a context,
// what reads the versioned ones: a struct per earlier version, a Decode
// function per event, the generated upcasters, their scaffolded hooks and
// the tests of the upcasters.
func (s *service) contractVersions(from *model.Context, events []*model.Event) {
	pkg := s.contractPkg(from)
	name := contractPkgName(from)
	named := s.contractTypes(from)
	for _, e := range events {
		if !e.Versioned() {
			continue
		}
		f := newFile(pkg, name, genfile.Generated)
		f.ImportName(goJSONPkg, "json")
		for _, v := range earlierVersions(e) {
			doc(f, "%s is version %d of the event %s, published before version %d: this service still reads it, converted by %s.", versionIdent(e, v.Version), v.Version, e.Name, e.CurrentVersion(), upcastFunc(e, v.Version))
			f.Type().Id(versionIdent(e, v.Version)).Struct(structFields(versionAllFields(e, v.Fields), named)...)
			f.Line()
		}
		s.decodeVersions(f, e)
		for _, v := range earlierVersions(e) {
			s.upcaster(f, e, v)
			s.upgradeHook(pkg, name, e, v)
		}
		base := names.Snake(e.Base())
		s.add("internal/contract/"+name+"/"+base+"_versions_gen.go", genfile.Generated, f)
		s.upcasterTests(from, e)
	}
}

// decodeVersions emits the Decode function of a versioned event.
func (s *service) decodeVersions(f *jen.File, e *model.Event) {
	qn := qualifiedName(s.c, e)
	cur := e.CurrentVersion()
	var cases []jen.Code
	for _, v := range earlierVersions(e) {
		cases = append(cases, jen.Case(jen.Id("version").Op("==").Lit(v.Version)).Block(
			jen.Var().Id("old").Id(versionIdent(e, v.Version)),
			jen.If(jen.Err().Op(":=").Qual(goJSONPkg, "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("old")), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Id(e.Ident()).Values(), jen.Qual("fmt", "Errorf").Call(jen.Lit(fmt.Sprintf("the value is not the JSON of version %d of %s: %%w", v.Version, qn)), jen.Err())),
			),
			jen.Return(jen.Id(upcastFunc(e, v.Version)).Call(jen.Id("old"))),
		))
	}
	cases = append(cases, jen.Case(jen.Id("version").Op("<").Lit(cur)).Block(
		jen.Return(jen.Id(e.Ident()).Values(), jen.Qual("fmt", "Errorf").Call(jen.Lit(fmt.Sprintf("version %%d of %s is not one this service reads (%s)", qn, versionList(e))), jen.Id("version"))),
	))
	doc(f, "%s reads the JSON of the given version of the event %s as its current version %d. This service reads versions %s: an earlier one is converted by its upcaster; a newer one is read by field name, as a reader without versions reads every version, so its fields of the same name fill the current version's and the others are dropped. An error makes the record poison: a version not read, JSON that does not decode, or an upcaster's refusal.", decodeFunc(e), e.Name, cur, versionList(e))
	f.Func().Id(decodeFunc(e)).Params(jen.Id("version").Int(), jen.Id("data").Index().Byte()).Params(jen.Id(e.Ident()), jen.Error()).Block(
		jen.Switch().Block(cases...),
		jen.Var().Id("e").Id(e.Ident()),
		jen.If(jen.Err().Op(":=").Qual(goJSONPkg, "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("e")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Id("e"), jen.Qual("fmt", "Errorf").Call(jen.Lit(fmt.Sprintf("the value is not the JSON of version %%d of %s: %%w", qn)), jen.Id("version"), jen.Err())),
		),
		jen.Return(jen.Id("e"), jen.Nil()),
	)
	f.Line()
}

// upcaster emits the generated part of an earlier version's upcaster.
func (s *service) upcaster(f *jen.File, e *model.Event, v model.EventVersion) {
	copies := model.UpcastCopies(versionAllFields(e, v.Fields), e.AllFields())
	var items []jen.Code
	var copiedNames []string
	for _, c := range copies {
		items = append(items, kv(c[1].Ident(), jen.Id("old").Dot(c[0].Ident())))
		copiedNames = append(copiedNames, c[1].JSON())
	}
	doc(f, "%s converts version %d of %s into version %d: it copies the fields of the same name and type (%s) and leaves the rest to %s, yours.", upcastFunc(e, v.Version), v.Version, e.Name, e.CurrentVersion(), strings.Join(copiedNames, ", "), upgradeFunc(e, v.Version))
	f.Func().Id(upcastFunc(e, v.Version)).Params(jen.Id("old").Id(versionIdent(e, v.Version))).Params(jen.Id(e.Ident()), jen.Error()).Block(
		jen.Id("e").Op(":=").Id(e.Ident()).Add(lit(items...)),
		jen.Err().Op(":=").Id(upgradeFunc(e, v.Version)).Call(jen.Id("old"), jen.Op("&").Id("e")),
		jen.Return(jen.Id("e"), jen.Err()),
	)
	f.Line()
}

// upgradeHook scaffolds the team's part of an earlier version's upcaster,
// once: it lists the fields the generated part does not fill.
func (s *service) upgradeHook(pkg, name string, e *model.Event, v model.EventVersion) {
	to := e.AllFields()
	todo := upgradeTodo(e, v, to, model.UpcastCopies(versionAllFields(e, v.Fields), to))
	f := newFile(pkg, name, genfile.Scaffolded)
	doc(f, "%s completes e, version %d of %s converted from old, version %d, after %s has copied the fields of the same name and type. %s An error sends the record to the dead-letter topic.", upgradeFunc(e, v.Version), e.CurrentVersion(), e.Name, v.Version, upcastFunc(e, v.Version), todo)
	f.Func().Id(upgradeFunc(e, v.Version)).Params(jen.Id("old").Id(versionIdent(e, v.Version)), jen.Id("e").Op("*").Id(e.Ident())).Error().Block(
		jen.Return(jen.Nil()),
	)
	s.add("internal/contract/"+name+"/"+names.Snake(e.Base())+"_v"+strconv.Itoa(v.Version)+".go", genfile.Scaffolded, f)
}

// upcasterTests emits the tests of a versioned event's Decode function:
// each earlier version, every field set as in the examples, keeps through
// its upcaster the values of the fields copied; the current version, and a
// newer one, keep every field; a version not read is refused.
func (s *service) upcasterTests(from *model.Context, e *model.Event) {
	pkg := s.contractPkg(from)
	name := contractPkgName(from)
	named := s.contractTypes(from)
	f := newFile(pkg, name, genfile.Generated)
	var all []string
	for _, fl := range e.AllFields() {
		all = append(all, fl.JSON())
	}
	cur := e.CurrentVersion()
	check := func(label string, version int, value jen.Code, members []string) jen.Code {
		args := []jen.Code{jen.Id("t"), jen.Id("data"), jen.Id("got")}
		for _, m := range members {
			args = append(args, jen.Lit(m))
		}
		return jen.Id("t").Dot("Run").Call(jen.Lit(label), jen.Func().Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(
			jen.Id("data").Op(":=").Qual(s.platformPkg("contracttest"), "Marshal").Call(jen.Id("t"), value),
			jen.List(jen.Id("got"), jen.Err()).Op(":=").Id(decodeFunc(e)).Call(jen.Lit(version), jen.Id("data")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err())),
			jen.Qual(s.platformPkg("contracttest"), "SameMembers").Call(args...),
		))
	}
	sample := func(typ string, fields []*model.Field) jen.Code {
		sm := &sampler{s: s, named: named, busy: map[*model.Type]bool{}}
		return sm.fields(jen.Id(typ), fields, nil)
	}
	var body []jen.Code
	for _, v := range earlierVersions(e) {
		var copied []string
		for _, c := range model.UpcastCopies(versionAllFields(e, v.Fields), e.AllFields()) {
			copied = append(copied, c[1].JSON())
		}
		body = append(body, check(fmt.Sprintf("version %d", v.Version), v.Version, sample(versionIdent(e, v.Version), versionAllFields(e, v.Fields)), copied))
	}
	body = append(body,
		check(fmt.Sprintf("version %d", cur), cur, sample(e.Ident(), e.AllFields()), all),
		check(fmt.Sprintf("version %d, newer", cur+1), cur+1, sample(e.Ident(), e.AllFields()), all),
		jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Id(decodeFunc(e)).Call(jen.Lit(0), jen.Index().Byte().Call(jen.Lit("{}"))), jen.Err().Op("==").Nil()).Block(
			jen.Id("t").Dot("Error").Call(jen.Lit("version 0, which no producer publishes, was read")),
		),
	)
	doc(f, "Test%s checks that %s reads every version of %s: an earlier one, every field set, keeps the values of the fields its upcaster copies; the current one, and a newer one read by field name, keep every field; a version not read is refused.", decodeFunc(e), decodeFunc(e), e.Name)
	f.Func().Id("Test" + decodeFunc(e)).Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(body...)
	s.add("internal/contract/"+name+"/"+names.Snake(e.Base())+"_versions_gen_test.go", genfile.Generated, f)
}
