package golang

import (
	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/generator/ir"
	"eventstorm/model"
	"eventstorm/model/names"
)

func (s *service) messagingPkg() string { return s.pkg("internal/messaging") }

// messaging emits the conversion of this context's domain events into
// messages: their topics, keys and CloudEvents attributes.
func (s *service) messaging() {
	if len(s.c.Aggregates) == 0 {
		return
	}
	f := newFile(s.messagingPkg(), "messaging", genfile.Generated)
	pkgDoc(f, "Package messaging turns the %s context's domain events into messages, the events in transit that the outbox keeps and Kafka or the in-process bus carries: each with its topic, its aggregate's id as key and its CloudEvents attributes.", s.c.Name)
	doc(f, "Source is this service's ce_source.")
	f.Const().Id("Source").Op("=").Lit(ir.Source(s.m, s.c))
	s.add("internal/messaging/messaging_gen.go", genfile.Generated, f)
	for _, a := range s.c.Aggregates {
		s.messageOf(a)
		s.messagePayloads(a)
	}
	s.messageValueObjects()
}

// fromFunc is the function converting an aggregate's events to messages.
func fromFunc(a *model.Aggregate) string { return "From" + a.Ident() }

// fromAllFunc is the function converting a list of an aggregate's events.
func fromAllFunc(a *model.Aggregate) string { return "From" + a.Ident() + "Events" }

// topicConst is the constant naming an aggregate's topic.
func topicConst(a *model.Aggregate) string { return a.Ident() + "Topic" }

func (s *service) messageOf(a *model.Aggregate) {
	f := newFile(s.messagingPkg(), "messaging", genfile.Generated)
	f.ImportName(s.messagePkg(), "message")
	f.ImportName(goJSONPkg, "json")
	msg := func() *jen.Statement { return jen.Qual(s.messagePkg(), "Message") }
	aggPkg := s.aggregatePkg(a)
	f.ImportName(aggPkg, aggregatePkgName(a))
	doc(f, "%s is the topic of %s's events.", topicConst(a), article(a.Name))
	f.Const().Id(topicConst(a)).Op("=").Lit(ir.Topic(s.m, a))
	f.Line()
	key := jen.Id("meta").Dot(fieldIdent(a.ID))
	if a.IDType != model.String {
		key = key.Dot("String").Call()
	}
	attrs := []jen.Code{
		kv("ID", jen.Id("meta").Dot("EventID").Dot("String").Call()),
		kv("Type", jen.Id("e").Dot("EventType").Call()),
		kv("Source", jen.Id("Source")),
		kv("Time", jen.Id("meta").Dot("OccurredAt")),
		kv("Topic", jen.Id(topicConst(a))),
		kv("Key", key),
		kv("Data", jen.Id("data")),
	}
	if s.messageVersions(a) {
		attrs = append(attrs, kv("DataSchema", jen.Id(dataSchemaFunc(a)).Call(jen.Id("e"))))
	}
	attrs = append(attrs, kv("IssuedBy", jen.Id("meta").Dot("IssuedBy")))
	doc(f, "%s converts an event of %s into a message keyed by its id.", fromFunc(a), article(a.Name))
	f.Func().Id(fromFunc(a)).Params(jen.Id("e").Qual(aggPkg, eventIface(a))).Params(msg(), jen.Error()).Block(
		jen.List(jen.Id("payload"), jen.Err()).Op(":=").Id(payloadFunc(a)).Call(jen.Id("e")),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Return(msg().Values(), jen.Err()),
		),
		jen.List(jen.Id("data"), jen.Err()).Op(":=").Qual(goJSONPkg, "Marshal").Call(jen.Id("payload")),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Return(msg().Values(), jen.Qual("fmt", "Errorf").Call(jen.Lit("encode %s: %w"), jen.Id("e").Dot("EventType").Call(), jen.Err())),
		),
		jen.Id("meta").Op(":=").Id("e").Dot("EventMeta").Call(),
		jen.Return(msg().Add(multiline(attrs...)), jen.Nil()),
	)
	f.Line()
	doc(f, "%s converts events of %s into messages, in order.", fromAllFunc(a), article(a.Name))
	f.Func().Id(fromAllFunc(a)).Params(jen.Id("events").Index().Qual(aggPkg, eventIface(a))).Params(jen.Index().Add(msg()), jen.Error()).Block(
		jen.Id("msgs").Op(":=").Make(jen.Index().Add(msg()), jen.Lit(0), jen.Len(jen.Id("events"))),
		jen.For(jen.List(jen.Id("_"), jen.Id("e")).Op(":=").Range().Id("events")).Block(
			jen.List(jen.Id("m"), jen.Err()).Op(":=").Id(fromFunc(a)).Call(jen.Id("e")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.Id("msgs").Op("=").Append(jen.Id("msgs"), jen.Id("m")),
		),
		jen.Return(jen.Id("msgs"), jen.Nil()),
	)
	s.add("internal/messaging/"+names.Snake(a.Base())+"_gen.go", genfile.Generated, f)
}
