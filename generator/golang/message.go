package golang

import (
	"strconv"

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
	g := s.newSource(s.messagingPkg(), "messaging", genfile.Generated)
	g.packageDoc("Package messaging turns the %s context's domain events into messages, the events in transit that the outbox keeps and Kafka or the in-process bus carries: each with its topic, its aggregate's id as key and its CloudEvents attributes.", s.c.Name)
	g.comment("Source is this service's ce_source.")
	g.line("const Source = %s", strconv.Quote(ir.Source(s.m, s.c)))
	s.addSource("internal/messaging/messaging_gen.go", g)
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

// messageOf writes the conversion of an aggregate's events into messages:
// its topic, From<Aggregate> and From<Aggregate>Events.
func (s *service) messageOf(a *model.Aggregate) {
	g := s.newSource(s.messagingPkg(), "messaging", genfile.Generated)
	g.importName(s.messagePkg(), "message")
	g.importName(goJSONPkg, "json")
	aggPkg := s.aggregatePkg(a)
	g.importName(aggPkg, aggregatePkgName(a))
	g.comment("%s is the topic of %s's events.", topicConst(a), article(a.Name))
	g.line("const %s = %s", topicConst(a), strconv.Quote(ir.Topic(s.m, a)))
	g.line("")
	g.comment("%s converts an event of %s into a message keyed by its id.", fromFunc(a), article(a.Name))
	event := g.q(aggPkg, eventIface(a)) // imported first: on a clash of names, the message package is the one renamed
	msg := g.q(s.messagePkg(), "Message")
	g.line("func %s(e %s) (%s, error) {", fromFunc(a), event, msg)
	g.line("payload, err := %s(e)", payloadFunc(a))
	g.line("if err != nil {")
	g.line("return %s{}, err", msg)
	g.line("}")
	g.line("data, err := %s(payload)", g.q(goJSONPkg, "Marshal"))
	g.line("if err != nil {")
	g.line("return %s{}, %s(%s, e.EventType(), err)", msg, g.q("fmt", "Errorf"), strconv.Quote("encode %s: %w"))
	g.line("}")
	g.line("meta := e.EventMeta()")
	g.line("return %s{", msg)
	g.keyed(s.messageAttrs(a))
	g.line("}, nil")
	g.line("}")
	g.line("")
	g.comment("%s converts events of %s into messages, in order.", fromAllFunc(a), article(a.Name))
	g.line("func %s(events []%s) ([]%s, error) {", fromAllFunc(a), event, msg)
	g.line("msgs := make([]%s, 0, len(events))", msg)
	g.line("for _, e := range events {")
	g.line("m, err := %s(e)", fromFunc(a))
	g.line("if err != nil {")
	g.line("return nil, err")
	g.line("}")
	g.line("msgs = append(msgs, m)")
	g.line("}")
	g.line("return msgs, nil")
	g.line("}")
	s.addSource("internal/messaging/"+names.Snake(a.Base())+"_gen.go", g)
}

// messageAttrs are the attributes of the message of an aggregate's event
// e, whose metadata is meta.
func (s *service) messageAttrs(a *model.Aggregate) []keyValue {
	key := "meta." + fieldIdent(a.ID)
	if a.IDType != model.String {
		key += ".String()"
	}
	attrs := []keyValue{
		{"ID", "meta.EventID.String()"},
		{"Type", "e.EventType()"},
		{"Source", "Source"},
		{"Time", "meta.OccurredAt"},
		{"Topic", topicConst(a)},
		{"Key", key},
		{"Data", "data"},
	}
	if s.messageVersions(a) {
		attrs = append(attrs, keyValue{"DataSchema", dataSchemaFunc(a) + "(e)"})
	}
	return append(attrs, keyValue{"IssuedBy", "meta.IssuedBy"})
}
