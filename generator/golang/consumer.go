package golang

import (
	"fmt"
	"strconv"
	"strings"

	"eventstorm/generator/genfile"
	"eventstorm/model"
)

func (s *service) consumerPkg() string { return s.pkg("internal/ports/consumer") }

// reader is one projection method or policy that reads an event.
type reader struct {
	field string   // the dispatcher's field holding it
	call  []string // method path, e.g. ["OnOrderPlaced"] or ["Handle"]
}

// readers lists who reads each consumed event, in model order.
func (s *service) readers(e *model.Event) []reader {
	var out []reader
	for _, r := range s.c.ReadModels {
		for _, pr := range r.From {
			if pr.SourceEvent() == e {
				out = append(out, reader{field: field(r.Base()), call: []string{onMethod(r, e)}})
			}
		}
	}
	for _, p := range s.c.Policies {
		if p.Event() == e {
			out = append(out, reader{field: field(p.Base()), call: []string{"Handle"}})
		}
	}
	return out
}

// consumer writes the inbound port for events: a dispatcher that decodes
// each message by its type and hands it to the projections and policies
// that read it.
func (s *service) consumer() {
	events := s.x.Consumed
	if len(events) == 0 {
		return
	}
	g := s.newSource(s.consumerPkg(), "consumer", genfile.Generated)
	g.importName(s.messagePkg(), "message")
	g.importName(s.projectionPkg(), "projection")
	g.importName(s.policyPkg(), "policy")
	for _, e := range events {
		g.importName(s.contractPkg(e.Aggregate.Context), contractPkgName(e.Aggregate.Context))
	}
	g.packageDoc("Package consumer is the inbound port for the events the %s context reads: it decodes each message by its type and hands it to the projections and policies that read it.", s.c.Name)
	var fields [][]string
	var params []string
	var init []string
	for _, r := range s.c.ReadModels {
		typ := "*" + g.q(s.projectionPkg(), r.Ident())
		fields = append(fields, []string{field(r.Base()), typ})
		params = append(params, field(r.Base())+" "+typ)
		init = append(init, field(r.Base())+": "+field(r.Base()))
	}
	for _, p := range s.c.Policies {
		typ := "*" + g.q(s.policyPkg(), p.Ident())
		fields = append(fields, []string{field(p.Base()), typ})
		params = append(params, field(p.Base())+" "+typ)
		init = append(init, field(p.Base())+": "+field(p.Base()))
	}
	g.comment("Dispatcher hands each message to the projections and policies that read its type.")
	g.structType("Dispatcher", fields)
	g.line("")
	g.comment("NewDispatcher returns a dispatcher to the projections and policies.")
	g.line("func NewDispatcher(%s) *Dispatcher {", strings.Join(params, ", "))
	g.line("return &Dispatcher{%s}", strings.Join(init, ", "))
	g.line("}")
	g.line("")
	g.comment("Handle decodes a message by its type and hands it on. Types the service does not read are skipped, since other services' events share the topics; a body that does not decode is poison (message.Poison), sent to the dead-letter topic at once.")
	g.line("func (d *Dispatcher) Handle(ctx %s, m %s) error {", g.q("context", "Context"), g.q(s.messagePkg(), "Message"))
	g.line("switch m.Type {")
	for _, e := range events {
		s.dispatchCase(g, e)
	}
	g.line("}")
	g.line("return nil")
	g.line("}")
	s.addSource("internal/ports/consumer/dispatcher_gen.go", g)
}

// dispatchCase writes the dispatcher's case for one consumed event: it
// decodes the message and hands the event to each reader, returning the
// last one's error.
func (s *service) dispatchCase(g *goSource, e *model.Event) {
	ep := s.contractPkg(e.Aggregate.Context)
	g.caseLine("case %s:", g.q(ep, e.Ident()+"Type"))
	if e.Versioned() {
		s.decodeVersioned(g, ep, e)
	} else {
		g.line("var e %s", g.q(ep, e.Ident()))
		g.line("if err := %s(m.Data, &e); err != nil {", g.q(goJSONPkg, "Unmarshal"))
		g.line("return %s(%s(%s, err))", g.q(s.messagePkg(), "Poison"), g.q("fmt", "Errorf"), strconv.Quote("the value is not the JSON of "+qualifiedName(s.c, e)+": %w"))
		g.line("}")
	}
	rs := s.readers(e)
	for i, r := range rs {
		call := fmt.Sprintf("d.%s.%s(ctx, e)", r.field, r.call[0])
		if i == len(rs)-1 {
			g.line("return %s", call)
		} else {
			g.line("if err := %s; err != nil {", call)
			g.line("return err")
			g.line("}")
		}
	}
}

// decodeVersioned writes the decoding of a message of a versioned event by
// the version its ce_dataschema names, into the event's current version.
func (s *service) decodeVersioned(g *goSource, ep string, e *model.Event) {
	poison := func() {
		g.line("if err != nil {")
		g.line("return %s(err)", g.q(s.messagePkg(), "Poison"))
		g.line("}")
	}
	g.line("version, err := %s(m)", g.q(s.messagePkg(), "Version"))
	poison()
	g.line("e, err := %s(version, m.Data)", g.q(ep, decodeFunc(e)))
	poison()
}

// goJSONPkg decodes events on the consumer's hot path: measured side by
// side with encoding/json on the order flow's consumer it took events/s
// from about 200,000 to 300,000 on this project's 2-core machine
// (bench/RESULTS.md); it reads the same JSON, custom unmarshalers included.
const goJSONPkg = "github.com/goccy/go-json"
