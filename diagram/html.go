package diagram

import (
	"bytes"
	_ "embed"
	"html/template"
	"strings"

	"eventstorm/model"
)

//go:embed board.html.tmpl
var boardHTML string

var pageTemplate = template.Must(template.New("board").Parse(boardHTML))

// page is what the HTML board shows: the context map on top, then a column
// per bounded context.
type page struct {
	System, Description string
	Legend              []sticky
	Map                 mapView
	Relations           []relationView
	Columns             []column
}

type relationView struct {
	Up, Down, Pattern string
}

// sticky is one note on the board. From names the other context an event
// comes from; Note is the small print (calls, what a hotspot is on). Fill,
// set on the legend's stickies only, colours the style sheet's class. ID,
// empty on the legend's stickies, is the element's StickyID, written with
// the class in the sticky's data-id and data-kind attributes.
type sticky struct {
	Class, Kind, Name, From, Note, Fill, ID string
}

// StickyID is the data-id attribute of the sticky of the element named
// name in the bounded context named context: "<context>/<name>". An event
// or command keeps the id of its own context wherever it is drawn, so that
// every copy of it on the board has the same id (the live board finds them
// by it). The data-kind attribute beside it is the kind's CSS class:
// actor, command, aggregate, event, policy, readmodel, external, hotspot.
func StickyID(context, name string) string { return context + "/" + name }

type column struct {
	Name, Description string
	Lanes             []lane
	Policies          []policyRow
	ReadModels        []readRow
	Externals         []sticky
	Hotspots          []sticky
}

// lane is an aggregate with a row per command: actor → command →
// aggregate → events, and the external systems the command calls.
type lane struct {
	Aggregate sticky
	Rows      []laneRow
}

type laneRow struct {
	Actor, Command *sticky
	Events, Calls  []sticky
}

type policyRow struct {
	When, Then *sticky
	Policy     sticky
}

type readRow struct {
	From      []sticky
	ReadModel sticky
}

// HTML draws the board as one self-contained page of sticky notes in the
// classic colours, a column per bounded context, under the context map. It
// loads nothing from the network; every text of the model is escaped.
func HTML(m *model.Model) ([]byte, error) {
	p := page{System: m.System, Description: m.Description}
	for _, k := range Kinds {
		p.Legend = append(p.Legend, sticky{Class: k.class(), Kind: k.String(), Name: k.String(), Fill: k.Fill()})
	}
	rels := relations(m)
	p.Map = layoutMap(m, rels)
	for _, r := range rels {
		pattern := r.pattern
		if r.implied {
			pattern = "implied by the events it reads"
		}
		p.Relations = append(p.Relations, relationView{Up: r.up.Name, Down: r.down.Name, Pattern: pattern})
	}
	for _, c := range m.Contexts {
		p.Columns = append(p.Columns, contextColumn(c))
	}
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func contextColumn(c *model.Context) column {
	col := column{Name: c.Name, Description: c.Description}
	for _, a := range c.Aggregates {
		col.Lanes = append(col.Lanes, aggregateLane(a, c.Name))
	}
	for _, p := range c.Policies {
		row := policyRow{Policy: newSticky(Policy, c.Name, p.Name)}
		if e := p.Event(); e != nil {
			s := eventSticky(e, c)
			row.When = &s
		}
		if cmd := p.Command(); cmd != nil {
			s := commandSticky(cmd, c.Name)
			row.Then = &s
		}
		col.Policies = append(col.Policies, row)
	}
	for _, r := range c.ReadModels {
		row := readRow{ReadModel: newSticky(ReadModel, c.Name, r.Name)}
		for _, pr := range r.From {
			if e := pr.SourceEvent(); e != nil {
				row.From = append(row.From, eventSticky(e, c))
			}
		}
		col.ReadModels = append(col.ReadModels, row)
	}
	called := map[*model.ExternalSystem]bool{}
	for _, a := range c.Aggregates {
		for _, cmd := range a.Commands {
			for _, x := range cmd.UsedSystems() {
				called[x] = true
			}
		}
	}
	for _, x := range c.ExternalSystems {
		if called[x] {
			continue // drawn beside the commands that call it
		}
		s := newSticky(ExternalSystem, c.Name, x.Name)
		var calls []string
		for _, op := range x.Calls {
			calls = append(calls, op.Name)
		}
		if len(calls) > 0 {
			s.Note = "calls: " + strings.Join(calls, ", ")
		}
		col.Externals = append(col.Externals, s)
	}
	for _, h := range c.Hotspots {
		s := newSticky(Hotspot, c.Name, h.Text)
		if h.On != nil {
			s.Note = "on " + h.On.Text
		}
		col.Hotspots = append(col.Hotspots, s)
	}
	return col
}

// aggregateLane is the lane of aggregate a of the context named ctx.
func aggregateLane(a *model.Aggregate, ctx string) lane {
	l := lane{Aggregate: newSticky(Aggregate, ctx, a.Name)}
	emitted := map[*model.Event]bool{}
	for _, cmd := range a.Commands {
		c := newSticky(Command, ctx, cmd.Name)
		row := laneRow{Command: &c}
		if cmd.Actor != "" {
			s := newSticky(Actor, ctx, cmd.Actor)
			row.Actor = &s
		}
		for _, e := range cmd.EmittedEvents() {
			emitted[e] = true
			row.Events = append(row.Events, newSticky(Event, ctx, e.Name))
		}
		for _, x := range cmd.UsedSystems() {
			row.Calls = append(row.Calls, newSticky(ExternalSystem, ctx, x.Name))
		}
		l.Rows = append(l.Rows, row)
	}
	// Events no command emits still belong on the board, in a row of
	// their own.
	var rest laneRow
	for _, e := range a.Events {
		if !emitted[e] {
			rest.Events = append(rest.Events, newSticky(Event, ctx, e.Name))
		}
	}
	if rest.Events != nil || l.Rows == nil {
		l.Rows = append(l.Rows, rest)
	}
	return l
}

// newSticky is the sticky of an element of kind k named name in the
// context named ctx.
func newSticky(k Kind, ctx, name string) sticky {
	return sticky{Class: k.class(), Kind: k.String(), Name: name, ID: StickyID(ctx, name)}
}

// eventSticky is an event as read by context reader, naming its context
// when it comes from another; its id is that of its own context.
func eventSticky(e *model.Event, reader *model.Context) sticky {
	if e.Aggregate == nil || e.Aggregate.Context == nil {
		return newSticky(Event, reader.Name, e.Name)
	}
	s := newSticky(Event, e.Aggregate.Context.Name, e.Name)
	if e.Aggregate.Context != reader {
		s.From = e.Aggregate.Context.Name
	}
	return s
}

// commandSticky is a command as a policy of the context named reader
// issues it, with the id of the command's own context.
func commandSticky(cmd *model.Command, reader string) sticky {
	if cmd.Aggregate != nil && cmd.Aggregate.Context != nil {
		reader = cmd.Aggregate.Context.Name
	}
	return newSticky(Command, reader, cmd.Name)
}
