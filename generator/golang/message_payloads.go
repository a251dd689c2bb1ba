package golang

import (
	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

// An aggregate's events are published as payloads of the messaging
// package's own types, whose JSON is the contract the event schemas
// describe; the domain's events carry no JSON tags.

// payloadType is the type of an event's payload.
func payloadType(e *model.Event) string { return names.GoUnexported(e.Base()) + "Payload" }

// payloadFunc is the function returning the payload of an aggregate's
// event.
func payloadFunc(a *model.Aggregate) string { return names.GoUnexported(a.Base()) + "Payload" }

// messagePayloads emits the payload type of each of an aggregate's events
// and the function mapping an event to its payload.
func (s *service) messagePayloads(a *model.Aggregate) {
	pkg := s.messagingPkg()
	ap := s.aggregatePkg(a)
	f := newFile(pkg, "messaging", genfile.Generated)
	f.ImportName(ap, aggregatePkgName(a))
	var cases []jen.Code
	for _, e := range a.Events {
		all := e.AllFields()
		meta, rest := all[:4], all[4:]
		fields := append(s.wireFields(pkg, meta, jsonTag), s.wireFields(pkg, rest, outputTag)...)
		doc(f, "%s is the event %s as published: its JSON is the event's contract.", payloadType(e), e.Name)
		f.Type().Id(payloadType(e)).Struct(fields...)
		f.Line()
		items := s.fieldItems(pkg, meta, "e", true, fieldIdentOf, fieldIdentOf)
		items = append(items, s.fieldItems(pkg, rest, "e", true, eventFieldIdent, fieldIdentOf)...)
		cases = append(cases, jen.Case(jen.Op("*").Qual(ap, e.Ident())).Block(
			jen.Return(jen.Id(payloadType(e)).Add(lit(items...)), jen.Nil()),
		))
	}
	cases = append(cases, jen.Default().Block(
		jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit("no payload for the event %T"), jen.Id("e"))),
	))
	doc(f, "%s is the payload publishing e.", payloadFunc(a))
	f.Func().Id(payloadFunc(a)).Params(jen.Id("e").Qual(ap, eventIface(a))).Params(jen.Any(), jen.Error()).Block(
		jen.Switch(jen.Id("e").Op(":=").Id("e").Assert(jen.Type())).Block(cases...),
	)
	s.add("internal/messaging/"+names.Snake(a.Base())+"_payloads_gen.go", genfile.Generated, f)
}

// messageValueObjects emits the messaging package's form of the value
// objects the context's events hold.
func (s *service) messageValueObjects() {
	var all [][]*model.Field
	for _, a := range s.c.Aggregates {
		for _, e := range a.Events {
			all = append(all, e.Fields)
		}
	}
	types := s.valueObjectsIn(all...)
	if len(types) == 0 {
		return
	}
	f := newFile(s.messagingPkg(), "messaging", genfile.Generated)
	s.wireValueObjects(f, s.messagingPkg(), types, "the events carry it", wireWrite)
	s.add("internal/messaging/values_gen.go", genfile.Generated, f)
}
