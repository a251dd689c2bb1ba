package golang

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

// Upcasting on load (issue #18, docs/event-sourcing.md). The stream of an
// event-sourced aggregate keeps each event as the JSON of its domain type,
// with the version of the event it was appended at. A record of an earlier
// version is decoded into a domain struct of that version and converted by
// an upcaster in the aggregate's package: a generated part that copies the
// metadata and the fields of the same name and type, and a scaffolded hook,
// the team's, for the rest. As the readers' upcasters in their contract
// copies do for published events (versions.go), but on the domain types.

// storedUpcastFunc is the exported generated upcaster, in the aggregate's
// package, of a stored earlier version of an event.
func storedUpcastFunc(e *model.Event, n int) string { return "Upcast" + versionIdent(e, n) }

// storedDecodeFunc is the messaging function that decodes a stored record
// of an earlier version of an event.
func storedDecodeFunc(e *model.Event) string { return "upcast" + e.Ident() }

// storedCopies pairs the fields of version v of e with those of its
// current version that the upcaster copies; the metadata is copied whole.
func storedCopies(e *model.Event, v model.EventVersion) [][2]*model.Field {
	return model.UpcastCopies(eventFields(versionOf(e, v)), eventFields(e))
}

// versionOf is the event as it was at version v.
func versionOf(e *model.Event, v model.EventVersion) *model.Event {
	old := *e
	old.Fields = v.Fields
	return &old
}

// storedUpcasters emits, in the aggregate's package, for each versioned
// event of an event-sourced aggregate: a struct per earlier version as
// its stream stored it, the generated upcasters, their scaffolded hooks
// and their tests.
func (g *agg) storedUpcasters() {
	for _, e := range versionedEvents(g.a) {
		if len(earlierVersions(e)) == 0 {
			continue
		}
		f := g.file(genfile.Generated)
		for _, v := range earlierVersions(e) {
			g.storedVersion(f, e, v)
			g.storedUpgradeHook(e, v)
		}
		base := names.Snake(e.Base())
		g.add(g.dir+base+"_versions_gen.go", genfile.Generated, f)
		g.storedUpcasterTests(e)
	}
}

// storedVersion emits the struct of an earlier version of an event, as
// streams hold it, and its generated upcaster.
func (g *agg) storedVersion(f *jen.File, e *model.Event, v model.EventVersion) {
	meta := metaType(g.a)
	old, cur := versionIdent(e, v.Version), e.CurrentVersion()
	doc(f, "%s is version %d of the event %s, as the streams of %ss appended before version %d hold it: loading one converts it with %s.", old, v.Version, e.Name, g.a.Ident(), cur, storedUpcastFunc(e, v.Version))
	f.Type().Id(old).Struct(append([]jen.Code{jen.Id(meta)}, plainFields(eventFields(versionOf(e, v)), g.domainTypes, eventFieldIdent)...)...)
	f.Line()
	items := []jen.Code{kv(meta, jen.Id("old").Dot(meta))}
	copied := []string{"the metadata"}
	for _, c := range storedCopies(e, v) {
		items = append(items, kv(eventFieldIdent(c[1]), jen.Id("old").Dot(eventFieldIdent(c[0]))))
		copied = append(copied, c[1].JSON())
	}
	doc(f, "%s converts version %d of %s, loaded from a stream, into version %d: it copies the fields of the same name and type (%s) and leaves the rest to %s, yours.", storedUpcastFunc(e, v.Version), v.Version, e.Name, cur, strings.Join(copied, ", "), upgradeFunc(e, v.Version))
	f.Func().Id(storedUpcastFunc(e, v.Version)).Params(jen.Id("old").Id(old)).Params(jen.Id(e.Ident()), jen.Error()).Block(
		jen.Id("e").Op(":=").Id(e.Ident()).Add(lit(items...)),
		jen.Err().Op(":=").Id(upgradeFunc(e, v.Version)).Call(jen.Id("old"), jen.Op("&").Id("e")),
		jen.Return(jen.Id("e"), jen.Err()),
	)
	f.Line()
}

// storedUpgradeHook scaffolds, once, the team's part of the upcaster of a
// stored earlier version: it lists the fields the generated part does not
// fill.
func (g *agg) storedUpgradeHook(e *model.Event, v model.EventVersion) {
	todo := upgradeTodo(e, v, eventFields(e), storedCopies(e, v))
	f := g.file(genfile.Scaffolded)
	doc(f, "%s completes e, version %d of %s converted from old, version %d, loaded from a stream, after %s has copied the metadata and the fields of the same name and type. %s An error fails the load of the aggregate.", upgradeFunc(e, v.Version), e.CurrentVersion(), e.Name, v.Version, storedUpcastFunc(e, v.Version), todo)
	f.Func().Id(upgradeFunc(e, v.Version)).Params(jen.Id("old").Id(versionIdent(e, v.Version)), jen.Id("e").Op("*").Id(e.Ident())).Error().Block(
		jen.Return(jen.Nil()),
	)
	g.add(g.dir+names.Snake(e.Base())+"_v"+strconv.Itoa(v.Version)+".go", genfile.Scaffolded, f)
}

// storedSample are the statements setting old to version v of e with
// every field set, its metadata included, as in the examples.
func (g *agg) storedSample(e *model.Event, v model.EventVersion) []jen.Code {
	sm := g.exampleSampler()
	return []jen.Code{
		jen.Id("old").Op(":=").Add(sm.fields(jen.Id(versionIdent(e, v.Version)), eventFields(versionOf(e, v)), eventFieldIdent)),
		jen.Id("old").Dot(metaType(g.a)).Op("=").Add(sm.fields(jen.Id(metaType(g.a)), e.AllFields()[:4], nil)),
	}
}

// storedUpcasterTests emits the tests of a versioned event's stored
// upcasters: each earlier version, every field set as in the examples,
// keeps its metadata and the values of the fields copied.
func (g *agg) storedUpcasterTests(e *model.Event) {
	f := g.file(genfile.Generated)
	var body []jen.Code
	for _, v := range earlierVersions(e) {
		checks := []jen.Code{
			jen.List(jen.Id("e"), jen.Err()).Op(":=").Id(storedUpcastFunc(e, v.Version)).Call(jen.Id("old")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err())),
		}
		pairs := append([][2]string{{metaType(g.a), metaType(g.a)}}, identPairs(storedCopies(e, v))...)
		for _, p := range pairs {
			checks = append(checks, jen.If(jen.Op("!").Qual("reflect", "DeepEqual").Call(jen.Id("e").Dot(p[1]), jen.Id("old").Dot(p[0]))).Block(
				jen.Id("t").Dot("Errorf").Call(jen.Lit(p[1]+" is %v, want %v"), jen.Id("e").Dot(p[1]), jen.Id("old").Dot(p[0])),
			))
		}
		body = append(body, jen.Id("t").Dot("Run").Call(jen.Lit(fmt.Sprintf("version %d", v.Version)), jen.Func().Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(
			append(g.storedSample(e, v), checks...)...,
		)))
	}
	doc(f, "TestUpcast%s checks that each earlier version of %s, every field set, keeps through its upcaster its metadata and the values of the fields of the same name and type.", e.Ident(), e.Name)
	f.Func().Id("TestUpcast" + e.Ident()).Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(body...)
	g.add(g.dir+names.Snake(e.Base())+"_versions_gen_test.go", genfile.Generated, f)
}

// identPairs are the Go fields of the copied pairs, from and to.
func identPairs(copies [][2]*model.Field) [][2]string {
	out := make([][2]string, 0, len(copies))
	for _, c := range copies {
		out = append(out, [2]string{eventFieldIdent(c[0]), eventFieldIdent(c[1])})
	}
	return out
}

// storedDecoders writes, in messaging, the function decoding a record of
// an earlier version of each versioned event through its upcaster.
func (s *service) storedDecoders(g *goSource, a *model.Aggregate) {
	ap := s.aggregatePkg(a)
	for _, e := range versionedEvents(a) {
		if len(earlierVersions(e)) == 0 {
			continue
		}
		g.line("")
		g.comment("%s converts a record of %s stored at an earlier version (%s) into version %d through its upcaster; a version the model no longer lists under earlier: is an error.", storedDecodeFunc(e), e.Name, earlierList(e), e.CurrentVersion())
		g.line("func %s(r %s) (%s, error) {", storedDecodeFunc(e), g.q(s.eventstorePkg(), "Record"), g.q(ap, eventIface(a)))
		g.line("switch r.EventVersion {")
		for _, v := range earlierVersions(e) {
			g.caseLine("case %d:", v.Version)
			g.line("var old %s", g.q(ap, versionIdent(e, v.Version)))
			g.line("if err := %s(r.Data, &old); err != nil {", g.q(goJSONPkg, "Unmarshal"))
			g.line("return nil, err")
			g.line("}")
			g.line("e, err := %s(old)", g.q(ap, storedUpcastFunc(e, v.Version)))
			g.line("if err != nil {")
			g.line("return nil, err")
			g.line("}")
			g.line("return &e, nil")
		}
		g.line("}")
		g.line("return nil, %s(%s, r.EventVersion)", g.q("fmt", "Errorf"), strconv.Quote(fmt.Sprintf("version %%d of %s is not one this service reads (%s)", e.Name, versionList(e))))
		g.line("}")
	}
}

// earlierList is the event's earlier versions as text, e.g. "1, 2".
func earlierList(e *model.Event) string { return joinVersions(earlierVersions(e)) }

// storedCase writes the start of the codec's case for e: a record of an
// earlier version goes to its upcaster; nothing for an unversioned event.
func storedCase(g *goSource, e *model.Event) {
	if len(earlierVersions(e)) == 0 {
		return
	}
	g.line("if r.EventVersion < %d {", e.CurrentVersion())
	g.line("return %s(r)", storedDecodeFunc(e))
	g.line("}")
}

// upcastLoadTest emits, next to the in-memory repository of an
// event-sourced aggregate with versioned events, a test that stores a
// record of each earlier version straight into a stream, as a release
// before the version did, and loads the aggregate from it: its upcaster
// runs, so the state has the metadata and the fields copied. A record of
// the next version, as a later release would append before a rollback, is
// read by field name.
func (s *service) upcastLoadTest(a *model.Aggregate) {
	g := s.newAgg(a)
	var body []jen.Code
	run := func(label string, c loadCase) {
		body = append(body, jen.Id("t").Dot("Run").Call(jen.Lit(label), jen.Func().Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(
			g.upcastLoadCase(c)...,
		)))
	}
	for _, e := range a.Events {
		for _, v := range earlierVersions(e) {
			run(fmt.Sprintf("%s version %d", e.Name, v.Version), loadCase{e, versionIdent(e, v.Version), eventFields(versionOf(e, v)), v.Version, storedCopies(e, v)})
		}
		if len(earlierVersions(e)) > 0 {
			same := model.UpcastCopies(eventFields(e), eventFields(e))
			run(fmt.Sprintf("%s version %d, newer", e.Name, e.CurrentVersion()+1), loadCase{e, e.Ident(), eventFields(e), e.CurrentVersion() + 1, same})
		}
	}
	if len(body) == 0 {
		return
	}
	f := newFile(s.memoryPkg(), "memory", genfile.Generated)
	f.ImportName(g.path, g.name)
	f.ImportName(s.messagingPkg(), "messaging")
	f.ImportName(s.eventstorePkg(), "eventstore")
	f.ImportName(goJSONPkg, "json")
	name := "Test" + repoType(a) + "Upcasts"
	doc(f, "%s checks that Load converts an event stored at an earlier version through its upcaster, and reads one of a newer version by field name: the %s rebuilt from a stream holding only that record has its id, its version and the fields copied from the event.", name, a.Name)
	f.Func().Id(name).Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(body...)
	s.add("internal/adapters/memory/"+names.Snake(a.Base())+"_upcast_gen_test.go", genfile.Generated, f)
}

// loadCase is a record of the load test: the event e stored at version as
// the Go type typ with fields; copies pairs them with the current fields
// that reach the state.
type loadCase struct {
	e       *model.Event
	typ     string
	fields  []*model.Field
	version int
	copies  [][2]*model.Field
}

// upcastLoadCase are the statements of one record's load test.
func (g *agg) upcastLoadCase(c loadCase) []jen.Code {
	e := c.e
	ap, es := g.path, g.eventstorePkg()
	sm := g.exampleSampler()
	meta := metaType(g.a)
	id := jen.Id("stored").Dot(fieldIdent(g.a.ID))
	out := []jen.Code{
		jen.Id("ctx").Op(":=").Qual("context", "Background").Call(),
		jen.Id("stored").Op(":=").Add(sm.fields(jen.Qual(ap, c.typ), c.fields, eventFieldIdent)),
		jen.Id("stored").Dot(meta).Op("=").Add(sm.fields(jen.Qual(ap, meta), e.AllFields()[:4], nil)),
		jen.List(jen.Id("data"), jen.Err()).Op(":=").Qual(goJSONPkg, "Marshal").Call(jen.Id("stored")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err())),
		jen.Id("record").Op(":=").Qual(es, "Record").Add(multiline(
			kv("Version", jen.Lit(1)),
			kv("Type", jen.Qual(ap, e.Ident()+"Type")),
			kv("EventVersion", jen.Lit(c.version)),
			kv("Data", jen.Id("data")),
			kv("OccurredAt", jen.Id("stored").Dot("OccurredAt")),
		)),
		jen.Id("events").Op(":=").Qual(es, "NewMemory").Call(jen.Qual(g.messagingPkg(), streamVar(g.a))),
		jen.Id("none").Op(":=").Func().Params(jen.Qual("context", "Context")).Error().Block(jen.Return(jen.Nil())),
		jen.If(jen.Err().Op(":=").Id("events").Dot("Append").Call(jen.Id("ctx"), streamID(g.a, id.Clone()), jen.Lit(0), jen.Index().Qual(es, "Record").Values(jen.Id("record")), jen.Nil(), jen.Id("none")), jen.Err().Op("!=").Nil()).Block(
			jen.Id("t").Dot("Fatal").Call(jen.Err())),
		jen.List(jen.Id("got"), jen.Err()).Op(":=").Op("(&").Id(repoType(g.a)).Values(jen.Id("events").Op(":").Id("events")).Op(")").Dot("Load").Call(jen.Id("ctx"), id.Clone()),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err())),
	}
	checks := [][2]string{{fieldIdent(g.a.ID), fieldIdent(g.a.ID)}, {"Version", "Version"}}
	for _, p := range c.copies {
		for _, sf := range g.stateFields() {
			if sameIdent(p[1], sf) && p[1].Type.Same(sf.Type) {
				checks = append(checks, [2]string{eventFieldIdent(p[0]), stateFieldIdent(sf)})
			}
		}
	}
	for _, p := range checks {
		out = append(out, jen.If(jen.Op("!").Qual("reflect", "DeepEqual").Call(jen.Id("got").Dot(p[1]), jen.Id("stored").Dot(p[0]))).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit(p[1]+" is %v, want %v"), jen.Id("got").Dot(p[1]), jen.Id("stored").Dot(p[0]))))
	}
	return out
}

// sameIdent reports whether two fields have the same Go identifier, as
// Apply pairs an event's fields with the state's.
func sameIdent(a, b *model.Field) bool { return a.Ident() == b.Ident() }
