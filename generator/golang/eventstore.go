package golang

import (
	"fmt"
	"hash/fnv"

	"github.com/dave/jennifer/jen"

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
// snapshots encode them: a snapshot of another shape is not used.
func (s *service) stateShape(a *model.Aggregate) string {
	g := s.newAgg(a)
	fields := plainFields(g.stateFields(), g.domainTypes, stateFieldIdent)
	h := fnv.New64a()
	fmt.Fprintf(h, "%s %#v", fieldIdent(a.ID), jen.Struct(fields...))
	return fmt.Sprintf("%016x", h.Sum64())
}

// streamCodec emits, in messaging, the options of an event-sourced
// aggregate's streams and the conversions of its events to and from the
// records of its stream: each event as the JSON of its domain type.
func (s *service) streamCodec(a *model.Aggregate) {
	ap := s.aggregatePkg(a)
	es := s.eventstorePkg()
	f := newFile(s.messagingPkg(), "messaging", genfile.Generated)
	f.ImportName(ap, aggregatePkgName(a))
	f.ImportName(es, "eventstore")
	f.ImportName(goJSONPkg, "json")
	event := jen.Qual(ap, eventIface(a))
	doc(f, "%s describes the event streams keeping %ss: their tables and the shape of their snapshots.", streamVar(a), a.Ident())
	f.Var().Id(streamVar(a)).Op("=").Qual(es, "Options").Values(
		kv("Name", jen.Lit(s.aggregateTable(a).name)), kv("Shape", jen.Lit(s.stateShape(a))))
	f.Line()
	var versions, cases []jen.Code
	for _, e := range a.Events {
		versions = append(versions, jen.Qual(ap, e.Ident()+"Type").Op(":").Lit(e.CurrentVersion()))
		cases = append(cases, jen.Case(jen.Qual(ap, e.Ident()+"Type")).Block(append(storedCase(e), jen.Id("e").Op("=").New(jen.Qual(ap, e.Ident())))...))
	}
	versionsVar := field(a.Base()) + "EventVersions"
	doc(f, "%s are the current versions of the %s events, by type.", versionsVar, a.Ident())
	f.Var().Id(versionsVar).Op("=").Map(jen.String()).Int().Add(multiline(versions...))
	f.Line()
	doc(f, "%s converts new %s events into the records appended to their stream.", recordsFunc(a), a.Ident())
	f.Func().Id(recordsFunc(a)).Params(jen.Id("events").Index().Add(event)).Params(jen.Index().Qual(es, "Record"), jen.Error()).Block(
		jen.Id("records").Op(":=").Make(jen.Index().Qual(es, "Record"), jen.Lit(0), jen.Len(jen.Id("events"))),
		jen.For(jen.List(jen.Id("_"), jen.Id("e")).Op(":=").Range().Id("events")).Block(
			jen.List(jen.Id("data"), jen.Err()).Op(":=").Qual(goJSONPkg, "Marshal").Call(jen.Id("e")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit("encode %s: %w"), jen.Id("e").Dot("EventType").Call(), jen.Err()))),
			jen.Id("meta").Op(":=").Id("e").Dot("EventMeta").Call(),
			jen.Id("records").Op("=").Append(jen.Id("records"), jen.Qual(es, "Record").Add(multiline(
				kv("Version", jen.Id("meta").Dot("Version")),
				kv("Type", jen.Id("e").Dot("EventType").Call()),
				kv("EventVersion", jen.Id(versionsVar).Index(jen.Id("e").Dot("EventType").Call())),
				kv("Data", jen.Id("data")),
				kv("OccurredAt", jen.Id("meta").Dot("OccurredAt")),
			))),
		),
		jen.Return(jen.Id("records"), jen.Nil()),
	)
	f.Line()
	doc(f, "%s converts a record of the stream of one %s back into its event.%s", eventFunc(a), a.Ident(), eventFuncDoc(a))
	f.Func().Id(eventFunc(a)).Params(jen.Id("r").Qual(es, "Record")).Params(event.Clone(), jen.Error()).Block(
		jen.Var().Id("e").Add(event.Clone()),
		jen.Switch(jen.Id("r").Dot("Type")).Block(append(cases, jen.Default().Block(
			jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit("no "+a.Ident()+" event has the type %q"), jen.Id("r").Dot("Type"))),
		))...),
		jen.If(jen.Err().Op(":=").Qual(goJSONPkg, "Unmarshal").Call(jen.Id("r").Dot("Data"), jen.Id("e")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Err()),
		),
		jen.Return(jen.Id("e"), jen.Nil()),
	)
	s.storedDecoders(f, a)
	s.add("internal/messaging/"+names.Snake(a.Base())+"_stream_gen.go", genfile.Generated, f)
	s.newAgg(a).storedUpcasters()
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
