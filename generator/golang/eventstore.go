package golang

import (
	"fmt"
	"hash/fnv"
	"strconv"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

// The code of an event-sourced aggregate (`store: events`): its events are
// its storage, kept by the runtime's eventstore. Generated here are only
// what the model shapes: the codec between its events and the records of
// its stream, in messaging, and its repositories, in memory and sqldb,
// which keep the same ports as a state-stored aggregate's.

func (s *service) eventstorePkg() string { return s.platformPkg("eventstore") }

// streamVar names the eventstore.Options of an aggregate's streams.
func streamVar(a *model.Aggregate) string { return a.Ident() + "Stream" }

// recordsFunc names the function turning an aggregate's events into records.
func recordsFunc(a *model.Aggregate) string { return a.Ident() + "Records" }

// eventFunc names the function turning a record back into an event.
func eventFunc(a *model.Aggregate) string { return a.Ident() + "Event" }

// stateShape identifies the fields of an aggregate's state, as its
// snapshots encode them: a snapshot of another shape is not used. It hashes
// the id's name and the state's struct type as gofmt writes it (as
// jennifer's %#v of it did, so that the shapes of existing snapshots stay).
func (s *service) stateShape(a *model.Aggregate) string {
	ag := s.newAgg(a)
	g := s.newSource("", "", genfile.Generated)
	g.depth = 1
	g.table(fieldRows(g, ag.stateFields(), ag.domainType(g), stateFieldIdent))
	typ := "struct{}"
	if g.body.Len() > 0 {
		typ = "struct {\n" + g.body.String() + "}"
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "%s %s", fieldIdent(a.ID), typ)
	return fmt.Sprintf("%016x", h.Sum64())
}

// streamCodec emits, in messaging, the options of an event-sourced
// aggregate's streams and the conversions of its events to and from the
// records of its stream: each event as the JSON of its domain type.
func (s *service) streamCodec(a *model.Aggregate) {
	ap := s.aggregatePkg(a)
	es := s.eventstorePkg()
	g := s.newSource(s.messagingPkg(), "messaging", genfile.Generated)
	g.importName(ap, aggregatePkgName(a))
	g.importName(es, "eventstore")
	g.importName(goJSONPkg, "json")
	g.comment("%s describes the event streams keeping %ss: their tables and the shape of their snapshots.", streamVar(a), a.Ident())
	g.literal("var "+streamVar(a)+" = "+g.q(es, "Options"), []keyValue{
		{"Name", strconv.Quote(s.aggregateTable(a).name)}, {"Shape", strconv.Quote(s.stateShape(a))}}, "")
	g.line("")
	versionsVar := field(a.Base()) + "EventVersions"
	var versions []keyValue
	for _, e := range a.Events {
		versions = append(versions, keyValue{g.q(ap, e.Ident()+"Type"), strconv.Itoa(e.CurrentVersion())})
	}
	g.comment("%s are the current versions of the %s events, by type.", versionsVar, a.Ident())
	g.line("var %s = map[string]int{", versionsVar)
	g.keyed(versions)
	g.line("}")
	g.line("")
	s.recordsSource(g, a, versionsVar)
	g.line("")
	s.eventFuncSource(g, a)
	s.storedDecoders(g, a)
	s.addSource("internal/messaging/"+names.Snake(a.Base())+"_stream_gen.go", g)
	s.newAgg(a).storedUpcasters()
}

// recordsSource writes the function converting an aggregate's new events
// into the records of its stream, each with the current version of its
// event from versionsVar.
func (s *service) recordsSource(g *goSource, a *model.Aggregate, versionsVar string) {
	es := s.eventstorePkg()
	g.comment("%s converts new %s events into the records appended to their stream.", recordsFunc(a), a.Ident())
	g.line("func %s(events []%s) ([]%s, error) {", recordsFunc(a), g.q(s.aggregatePkg(a), eventIface(a)), g.q(es, "Record"))
	g.line("records := make([]%s, 0, len(events))", g.q(es, "Record"))
	g.line("for _, e := range events {")
	g.line("data, err := %s(e)", g.q(goJSONPkg, "Marshal"))
	g.line("if err != nil {")
	g.line("return nil, %s(%s, e.EventType(), err)", g.q("fmt", "Errorf"), strconv.Quote("encode %s: %w"))
	g.line("}")
	g.line("meta := e.EventMeta()")
	g.line("records = append(records, %s{", g.q(es, "Record"))
	g.keyed([]keyValue{
		{"Version", "meta.Version"},
		{"Type", "e.EventType()"},
		{"EventVersion", versionsVar + "[e.EventType()]"},
		{"Data", "data"},
		{"OccurredAt", "meta.OccurredAt"},
	})
	g.line("})")
	g.line("}")
	g.line("return records, nil")
	g.line("}")
}

// eventFuncSource writes the function converting a record of an
// aggregate's stream back into its event, by its type.
func (s *service) eventFuncSource(g *goSource, a *model.Aggregate) {
	ap := s.aggregatePkg(a)
	event := g.q(ap, eventIface(a))
	g.comment("%s converts a record of the stream of one %s back into its event.%s", eventFunc(a), a.Ident(), eventFuncDoc(a))
	g.line("func %s(r %s) (%s, error) {", eventFunc(a), g.q(s.eventstorePkg(), "Record"), event)
	g.line("var e %s", event)
	g.line("switch r.Type {")
	for _, e := range a.Events {
		g.caseLine("case %s:", g.q(ap, e.Ident()+"Type"))
		storedCase(g, e)
		g.line("e = new(%s)", g.q(ap, e.Ident()))
	}
	g.caseLine("default:")
	g.line("return nil, %s(%s, r.Type)", g.q("fmt", "Errorf"), strconv.Quote("no "+a.Ident()+" event has the type %q"))
	g.line("}")
	g.line("if err := %s(r.Data, e); err != nil {", g.q(goJSONPkg, "Unmarshal"))
	g.line("return nil, err")
	g.line("}")
	g.line("return e, nil")
	g.line("}")
}

// eventFuncDoc is the end of the doc of an aggregate's record decoder:
// what it does with a record of another version of its event.
func eventFuncDoc(a *model.Aggregate) string {
	for _, e := range a.Events {
		if len(earlierVersions(e)) > 0 {
			return " A record of an earlier version of its event is converted by that version's upcaster; one of a newer version (appended by a later release, before a rollback) keeps the fields of the same name and type, the others left zero."
		}
	}
	return " A record of an earlier version of the event keeps the fields of the same name and type; the others are left zero."
}

// seedEvent is the event a use case's test records to create an
// event-sourced aggregate: the first a creating command emits, else its
// first event.
func seedEvent(a *model.Aggregate) *model.Event {
	for _, c := range a.Commands {
		if emitted := c.EmittedEvents(); c.Creates && len(emitted) > 0 {
			return emitted[0]
		}
	}
	return a.Events[0]
}

// snapshotVar documents SNAPSHOT_EVERY in a command's doc, without the
// punctuation after it.
const snapshotVar = " SNAPSHOT_EVERY (default 0: none) snapshots the state of the event-sourced aggregates every that many events"

// snapshotDoc documents SNAPSHOT_EVERY in the doc of the command of a
// service with event-sourced aggregates; empty for the others.
func (s *service) snapshotDoc() string {
	if eventSourced(s.c.Aggregates) {
		return snapshotVar + "."
	}
	return ""
}

// eventSourced reports whether any of the aggregates is event-sourced.
func eventSourced(aggregates []*model.Aggregate) bool {
	for _, a := range aggregates {
		if a.EventSourced() {
			return true
		}
	}
	return false
}
