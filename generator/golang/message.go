package golang

import (
	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

func (s *service) messagePkg() string { return s.pkg("internal/message") }

// message emits the package of events in transit: the Message every
// publisher, bus and consumer exchanges, and the conversion of this
// context's domain events into messages.
func (s *service) message() {
	f := newFile(s.messagePkg(), "message", genfile.Generated)
	pkgDoc(f, "Package message holds events in transit between services: a Message is a domain event as JSON with its CloudEvents attributes, whatever carries it (the in-process bus or Kafka).")
	doc(f, "Message is an event in transit, in CloudEvents binary mode: the attributes travel as headers and Data is the event's JSON.")
	f.Type().Id("Message").Struct(
		jen.Comment("ID is the event's id (ce_id); consumers use it to skip redeliveries."),
		jen.Id("ID").String(),
		jen.Comment("Type names the event (ce_type), e.g. "+names.Kebab(s.m.SystemBase())+".ordering.order-placed."),
		jen.Id("Type").String(),
		jen.Comment("Source names the service that published it (ce_source)."),
		jen.Id("Source").String(),
		jen.Comment("Time is when the event occurred (ce_time)."),
		jen.Id("Time").Qual("time", "Time"),
		jen.Comment("Topic is where the event is published: one topic per aggregate type."),
		jen.Id("Topic").String(),
		jen.Comment("Key is the aggregate's id, which keeps one aggregate's events in order."),
		jen.Id("Key").String(),
		jen.Comment("Data is the event as JSON."),
		jen.Id("Data").Index().Byte(),
	)
	f.Line()
	doc(f, "Handler handles a message; an error asks for the message again.")
	f.Type().Id("Handler").Func().Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("m").Id("Message")).Error()
	f.Line()
	if len(s.c.Aggregates) > 0 {
		doc(f, "Publisher publishes messages in order, all or none: on an error the caller sends them all again, and consumers skip what they already handled.")
		f.Type().Id("Publisher").Func().Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("msgs").Index().Id("Message")).Error()
		f.Line()
	}
	if len(s.consumed()) > 0 {
		doc(f, "PoisonError wraps a message that can never be handled, such as a body that is not the event's JSON: retrying it is pointless.")
		f.Type().Id("PoisonError").Struct(jen.Id("Err").Error())
		f.Line()
		doc(f, "Error describes why the message cannot be handled.")
		f.Func().Params(jen.Id("e").Op("*").Id("PoisonError")).Id("Error").Params().String().Block(
			jen.Return(jen.Lit("poison message: ").Op("+").Id("e").Dot("Err").Dot("Error").Call()),
		)
		f.Line()
		doc(f, "Unwrap returns the cause.")
		f.Func().Params(jen.Id("e").Op("*").Id("PoisonError")).Id("Unwrap").Params().Error().Block(jen.Return(jen.Id("e").Dot("Err")))
		f.Line()
	}
	doc(f, "Source is this service's ce_source.")
	f.Const().Id("Source").Op("=").Lit(Source(s.m, s.c))
	s.add("internal/message/message_gen.go", genfile.Generated, f)

	for _, a := range s.c.Aggregates {
		s.messageOf(a)
	}
}

// Topic is the Kafka topic of an aggregate's events:
// <system>.<context>.<aggregate> in kebab-case.
func Topic(m *model.Model, a *model.Aggregate) string {
	return names.Kebab(m.SystemBase()) + "." + a.Context.Kebab() + "." + a.Kebab()
}

// Source is a context's service as a CloudEvents ce_source:
// /<system>/<context> in kebab-case.
func Source(m *model.Model, c *model.Context) string {
	return "/" + names.Kebab(m.SystemBase()) + "/" + c.Kebab()
}

// fromFunc is the function converting an aggregate's events to messages.
func fromFunc(a *model.Aggregate) string { return "From" + a.Ident() }

// fromAllFunc is the function converting a list of an aggregate's events.
func fromAllFunc(a *model.Aggregate) string { return "From" + a.Ident() + "Events" }

// topicConst is the constant naming an aggregate's topic.
func topicConst(a *model.Aggregate) string { return a.Ident() + "Topic" }

func (s *service) messageOf(a *model.Aggregate) {
	f := newFile(s.messagePkg(), "message", genfile.Generated)
	aggPkg := s.aggregatePkg(a)
	f.ImportName(aggPkg, aggregatePkgName(a))
	doc(f, "%s is the topic of %s's events.", topicConst(a), article(a.Name))
	f.Const().Id(topicConst(a)).Op("=").Lit(Topic(s.m, a))
	f.Line()
	key := jen.Id("meta").Dot(fieldIdent(a.ID))
	if a.IDType != model.String {
		key = key.Dot("String").Call()
	}
	doc(f, "%s converts an event of %s into a message keyed by its id.", fromFunc(a), article(a.Name))
	f.Func().Id(fromFunc(a)).Params(jen.Id("e").Qual(aggPkg, eventIface(a))).Params(jen.Id("Message"), jen.Error()).Block(
		jen.List(jen.Id("data"), jen.Err()).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("e")),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Id("Message").Values(), jen.Qual("fmt", "Errorf").Call(jen.Lit("encode %s: %w"), jen.Id("e").Dot("EventType").Call(), jen.Err())),
		),
		jen.Id("meta").Op(":=").Id("e").Dot("EventMeta").Call(),
		jen.Return(jen.Id("Message").Values(
			kv("ID", jen.Id("meta").Dot("EventID").Dot("String").Call()),
			kv("Type", jen.Id("e").Dot("EventType").Call()),
			kv("Source", jen.Id("Source")),
			kv("Time", jen.Id("meta").Dot("OccurredAt")),
			kv("Topic", jen.Id(topicConst(a))),
			kv("Key", key),
			kv("Data", jen.Id("data")),
		), jen.Nil()),
	)
	f.Line()
	doc(f, "%s converts events of %s into messages, in order.", fromAllFunc(a), article(a.Name))
	f.Func().Id(fromAllFunc(a)).Params(jen.Id("events").Index().Qual(aggPkg, eventIface(a))).Params(jen.Index().Id("Message"), jen.Error()).Block(
		jen.Id("msgs").Op(":=").Make(jen.Index().Id("Message"), jen.Lit(0), jen.Len(jen.Id("events"))),
		jen.For(jen.List(jen.Id("_"), jen.Id("e")).Op(":=").Range().Id("events")).Block(
			jen.List(jen.Id("m"), jen.Err()).Op(":=").Id(fromFunc(a)).Call(jen.Id("e")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.Id("msgs").Op("=").Append(jen.Id("msgs"), jen.Id("m")),
		),
		jen.Return(jen.Id("msgs"), jen.Nil()),
	)
	s.add("internal/message/"+names.Snake(a.Base())+"_gen.go", genfile.Generated, f)
}
