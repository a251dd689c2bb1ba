package golang

import (
	"fmt"
	"strconv"
	"strings"

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
		src := g.source(genfile.Generated)
		for _, v := range earlierVersions(e) {
			g.storedVersion(src, e, v)
			g.storedUpgradeHook(e, v)
		}
		base := names.Snake(e.Base())
		g.addSource(g.dir+base+"_versions_gen.go", src)
		g.storedUpcasterTests(e)
	}
}

// storedVersion writes the struct of an earlier version of an event, as
// streams hold it, and its generated upcaster.
func (g *agg) storedVersion(src *goSource, e *model.Event, v model.EventVersion) {
	meta := metaType(g.a)
	old, cur := versionIdent(e, v.Version), e.CurrentVersion()
	src.comment("%s is version %d of the event %s, as the streams of %ss appended before version %d hold it: loading one converts it with %s.", old, v.Version, e.Name, g.a.Ident(), cur, storedUpcastFunc(e, v.Version))
	src.line("type %s struct {", old)
	src.table(append([][]string{{meta}}, fieldRows(src, eventFields(versionOf(e, v)), g.domainType(src), eventFieldIdent)...))
	src.line("}")
	src.line("")
	items := []keyValue{{meta, "old." + meta}}
	copied := []string{"the metadata"}
	for _, c := range storedCopies(e, v) {
		items = append(items, keyValue{eventFieldIdent(c[1]), "old." + eventFieldIdent(c[0])})
		copied = append(copied, c[1].JSON())
	}
	src.comment("%s converts version %d of %s, loaded from a stream, into version %d: it copies the fields of the same name and type (%s) and leaves the rest to %s, yours.", storedUpcastFunc(e, v.Version), v.Version, e.Name, cur, strings.Join(copied, ", "), upgradeFunc(e, v.Version))
	src.line("func %s(old %s) (%s, error) {", storedUpcastFunc(e, v.Version), old, e.Ident())
	src.literal("e := "+e.Ident(), items, "")
	src.line("err := %s(old, &e)", upgradeFunc(e, v.Version))
	src.line("return e, err")
	src.line("}")
	src.line("")
}

// storedUpgradeHook scaffolds, once, the team's part of the upcaster of a
// stored earlier version: it lists the fields the generated part does not
// fill.
func (g *agg) storedUpgradeHook(e *model.Event, v model.EventVersion) {
	todo := upgradeTodo(e, v, eventFields(e), storedCopies(e, v))
	src := g.source(genfile.Scaffolded)
	src.comment("%s completes e, version %d of %s converted from old, version %d, loaded from a stream, after %s has copied the metadata and the fields of the same name and type. %s An error fails the load of the aggregate.", upgradeFunc(e, v.Version), e.CurrentVersion(), e.Name, v.Version, storedUpcastFunc(e, v.Version), todo)
	src.line("func %s(old %s, e *%s) error {", upgradeFunc(e, v.Version), versionIdent(e, v.Version), e.Ident())
	src.line("return nil")
	src.line("}")
	g.addSource(g.dir+names.Snake(e.Base())+"_v"+strconv.Itoa(v.Version)+".go", src)
}

// storedUpcasterTests emits the tests of a versioned event's stored
// upcasters: each earlier version, every field set as in the examples,
// keeps its metadata and the values of the fields copied.
func (g *agg) storedUpcasterTests(e *model.Event) {
	src := g.source(genfile.Generated)
	sm := g.exampleSampler()
	sm.nameOf = g.domainType(src)
	meta := metaType(g.a)
	src.comment("TestUpcast%s checks that each earlier version of %s, every field set, keeps through its upcaster its metadata and the values of the fields of the same name and type.", e.Ident(), e.Name)
	src.line("func TestUpcast%s(t *%s) {", e.Ident(), src.q("testing", "T"))
	for _, v := range earlierVersions(e) {
		src.line("t.Run(%s, func(t *%s) {", strconv.Quote(fmt.Sprintf("version %d", v.Version)), src.q("testing", "T"))
		src.lines("old := ", sm.fields(src, versionIdent(e, v.Version), eventFields(versionOf(e, v)), eventFieldIdent), "")
		src.lines("old."+meta+" = ", sm.fields(src, meta, e.AllFields()[:4], nil), "")
		src.line("e, err := %s(old)", storedUpcastFunc(e, v.Version))
		src.line("if err != nil {")
		src.line("t.Fatal(err)")
		src.line("}")
		pairs := append([][2]string{{meta, meta}}, identPairs(storedCopies(e, v))...)
		for _, p := range pairs {
			deepEqualCheck(src, "e", "old", p)
		}
		src.line("})")
	}
	src.line("}")
	g.addSource(g.dir+names.Snake(e.Base())+"_versions_gen_test.go", src)
}

// deepEqualCheck writes the check of a test that got's field p[1] equals
// want's field p[0].
func deepEqualCheck(g *goSource, got, want string, p [2]string) {
	g.line("if !%s(%s.%s, %s.%s) {", g.q("reflect", "DeepEqual"), got, p[1], want, p[0])
	g.line("t.Errorf(%s, %s.%s, %s.%s)", strconv.Quote(p[1]+" is %v, want %v"), got, p[1], want, p[0])
	g.line("}")
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
	ag := s.newAgg(a)
	var cases []loadCase
	for _, e := range a.Events {
		for _, v := range earlierVersions(e) {
			cases = append(cases, loadCase{fmt.Sprintf("%s version %d", e.Name, v.Version), e, versionIdent(e, v.Version), eventFields(versionOf(e, v)), v.Version, storedCopies(e, v)})
		}
		if len(earlierVersions(e)) > 0 {
			same := model.UpcastCopies(eventFields(e), eventFields(e))
			cases = append(cases, loadCase{fmt.Sprintf("%s version %d, newer", e.Name, e.CurrentVersion()+1), e, e.Ident(), eventFields(e), e.CurrentVersion() + 1, same})
		}
	}
	if len(cases) == 0 {
		return
	}
	g := s.newSource(s.memoryPkg(), "memory", genfile.Generated)
	g.importName(ag.path, ag.name)
	g.importName(s.messagingPkg(), "messaging")
	g.importName(s.eventstorePkg(), "eventstore")
	g.importName(goJSONPkg, "json")
	name := "Test" + repoType(a) + "Upcasts"
	g.comment("%s checks that Load converts an event stored at an earlier version through its upcaster, and reads one of a newer version by field name: the %s rebuilt from a stream holding only that record has its id, its version and the fields copied from the event.", name, a.Name)
	g.line("func %s(t *%s) {", name, g.q("testing", "T"))
	for _, c := range cases {
		g.line("t.Run(%s, func(t *%s) {", strconv.Quote(c.label), g.q("testing", "T"))
		ag.upcastLoadCase(g, c)
		g.line("})")
	}
	g.line("}")
	s.addSource("internal/adapters/memory/"+names.Snake(a.Base())+"_upcast_gen_test.go", g)
}

// loadCase is a record of the load test, run as label: the event e stored
// at version as the Go type typ with fields; copies pairs them with the
// current fields that reach the state.
type loadCase struct {
	label   string
	e       *model.Event
	typ     string
	fields  []*model.Field
	version int
	copies  [][2]*model.Field
}

// upcastLoadCase writes the statements of one record's load test.
func (g *agg) upcastLoadCase(src *goSource, c loadCase) {
	e := c.e
	ap, es := g.path, g.eventstorePkg()
	sm := g.exampleSampler()
	sm.nameOf = g.domainType(src)
	meta := metaType(g.a)
	id := "stored." + fieldIdent(g.a.ID)
	src.line("ctx := %s()", src.q("context", "Background"))
	src.lines("stored := ", sm.fields(src, src.q(ap, c.typ), c.fields, eventFieldIdent), "")
	src.lines("stored."+meta+" = ", sm.fields(src, src.q(ap, meta), e.AllFields()[:4], nil), "")
	src.line("data, err := %s(stored)", src.q(goJSONPkg, "Marshal"))
	src.line("if err != nil {")
	src.line("t.Fatal(err)")
	src.line("}")
	src.line("record := %s{", src.q(es, "Record"))
	src.keyed([]keyValue{
		{"Version", "1"},
		{"Type", src.q(ap, e.Ident()+"Type")},
		{"EventVersion", strconv.Itoa(c.version)},
		{"Data", "data"},
		{"OccurredAt", "stored.OccurredAt"},
	})
	src.line("}")
	src.line("events := %s(%s)", src.q(es, "NewMemory"), src.q(g.messagingPkg(), streamVar(g.a)))
	src.line("none := func(%s) error {", src.q("context", "Context"))
	src.line("return nil")
	src.line("}")
	src.line("if err := events.Append(ctx, %s, 0, []%s{record}, nil, none); err != nil {", streamID(g.a, id), src.q(es, "Record"))
	src.line("t.Fatal(err)")
	src.line("}")
	src.line("got, err := (&%s{events: events}).Load(ctx, %s)", repoType(g.a), id)
	src.line("if err != nil {")
	src.line("t.Fatal(err)")
	src.line("}")
	checks := [][2]string{{fieldIdent(g.a.ID), fieldIdent(g.a.ID)}, {"Version", "Version"}}
	for _, p := range c.copies {
		for _, sf := range g.stateFields() {
			if sameIdent(p[1], sf) && p[1].Type.Same(sf.Type) {
				checks = append(checks, [2]string{eventFieldIdent(p[0]), stateFieldIdent(sf)})
			}
		}
	}
	for _, p := range checks {
		deepEqualCheck(src, "got", "stored", p)
	}
}

// sameIdent reports whether two fields have the same Go identifier, as
// Apply pairs an event's fields with the state's.
func sameIdent(a, b *model.Field) bool { return a.Ident() == b.Ident() }
