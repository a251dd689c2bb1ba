package golang

import (
	"strconv"

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

// messagePayloads writes the payload type of each of an aggregate's
// events and the function mapping an event to its payload.
func (s *service) messagePayloads(a *model.Aggregate) {
	pkg := s.messagingPkg()
	ap := s.aggregatePkg(a)
	g := s.newSource(pkg, "messaging", genfile.Generated)
	g.importName(ap, aggregatePkgName(a))
	for _, e := range a.Events {
		all := e.AllFields()
		meta, rest := all[:4], all[4:]
		fields := append(s.wireFields(g, pkg, meta, jsonTag), s.wireFields(g, pkg, rest, outputTag)...)
		g.comment("%s is the event %s as published: its JSON is the event's contract.", payloadType(e), e.Name)
		g.structType(payloadType(e), fields)
		g.line("")
	}
	g.comment("%s is the payload publishing e.", payloadFunc(a))
	g.line("func %s(e %s) (any, error) {", payloadFunc(a), g.q(ap, eventIface(a)))
	g.line("switch e := e.(type) {")
	for _, e := range a.Events {
		all := e.AllFields()
		meta, rest := all[:4], all[4:]
		g.caseLine("case *%s:", g.q(ap, e.Ident()))
		items := s.fieldItems(g, pkg, meta, "e", true, fieldIdentOf, fieldIdentOf)
		items = append(items, s.fieldItems(g, pkg, rest, "e", true, eventFieldIdent, fieldIdentOf)...)
		g.literal("return "+payloadType(e), items, ", nil")
	}
	g.caseLine("default:")
	g.line("return nil, %s(%s, e)", g.q("fmt", "Errorf"), strconv.Quote("no payload for the event %T"))
	g.line("}")
	g.line("}")
	s.addSource("internal/messaging/"+names.Snake(a.Base())+"_payloads_gen.go", g)
}

// messageValueObjects writes the messaging package's form of the value
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
	g := s.newSource(s.messagingPkg(), "messaging", genfile.Generated)
	s.wireValueObjects(g, s.messagingPkg(), types, "the events carry it", wireWrite)
	s.addSource("internal/messaging/values_gen.go", g)
}
