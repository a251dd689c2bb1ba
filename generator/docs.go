package generator

import (
	"bytes"
	"fmt"
	"strings"

	"eventstorm/diagram"
	"eventstorm/generator/golang"
	"eventstorm/generator/ir"
	"eventstorm/model"
	"eventstorm/model/names"
	"eventstorm/templates"
)

// FirstPort is the HTTP port of the first context's service in the docs
// and in `eventstorm dev`; the i-th context gets FirstPort+i.
const FirstPort = 8080

type systemDoc struct {
	Header, System, Description string
	Binary                      string // the system in kebab-case: the monolith's command
	Diagram                     string // the board as a Mermaid flowchart
	Services                    []serviceDoc
	Pending, Hotspots           []string
	// Flows are the names of the model's flows, which eventstorm test runs.
	Flows []string
}

type serviceDoc struct {
	Header, Name, Description, Dir, Summary string
	Port                                    int
	Stores                                  bool // keeps aggregates or read models, so it reads DATABASE_URL
	Routes                                  []golang.Route
	Published                               []eventDoc
	Consumed                                []eventDoc
	Hotspots                                []string
	// Layout is the system's layout; Path the context's folder in it and
	// Module its import path.
	Layout, Path, Module string
	// System and Binary are the system's name and, in kebab-case, the
	// monolith's command; Schema and DatabaseEnv where the monolith keeps
	// the context's data.
	System, Binary, Schema, DatabaseEnv string
	// Kafka are the rules of its Kafka principal (ir.Context.ACLs).
	Kafka []aclDoc
}

// aclDoc is one Kafka rule, for the system README.
type aclDoc struct{ Resource, Name, Operations string }

type eventDoc struct {
	Name, Type, Topic, Readers string
}

// systemReadme is the template of the system's README in each layout.
var systemReadme = map[Layout]string{
	LayoutServices: "system-readme.md.tmpl",
	LayoutPolyrepo: "system-readme-polyrepo.md.tmpl",
	LayoutMonolith: "system-readme-monolith.md.tmpl",
}

// docs renders the README of the system and of each context's folder.
func docs(m *model.Model, layout Layout) ([]File, error) {
	binary := names.Kebab(m.SystemBase())
	sys := systemDoc{Header: GeneratedHeaderText, System: m.System, Description: m.Description, Diagram: diagram.Mermaid(m), Binary: binary}
	for _, f := range m.Flows {
		sys.Flows = append(sys.Flows, f.Name)
	}
	var files []File
	for i, c := range m.Contexts {
		port := FirstPort + i
		if layout == LayoutMonolith {
			port = FirstPort // every context is served by the monolith
		}
		svc := serviceDoc{
			Header: GeneratedHeaderText, Name: c.Name, Description: cell(c.Description), Dir: c.Kebab(),
			Port: port, Summary: cell(summary(c)), Routes: golang.Routes(c),
			Stores: len(c.Aggregates)+len(c.ReadModels) > 0,
			Layout: string(layout), Path: ContextDir(c, layout), Module: ContextModule(m, c, layout),
			System: m.System, Binary: binary, Schema: c.Snake(), DatabaseEnv: ir.MonolithDatabaseEnv(c),
		}
		for _, a := range c.Aggregates {
			for _, e := range a.Events {
				svc.Published = append(svc.Published, eventDoc{Name: cell(e.Name), Type: ir.EventType(m, e),
					Topic: ir.Topic(m, a)})
			}
		}
		svc.Consumed = consumedDocs(m, c)
		for _, a := range ir.NewContext(m, c, layout).ACLs() {
			svc.Kafka = append(svc.Kafka, aclDoc{Resource: a.Resource, Name: a.Name, Operations: strings.Join(a.Operations, ", ")})
		}
		for _, h := range c.Hotspots {
			text := h.Text
			if h.On != nil {
				text += " (on " + h.On.Text + ")"
			}
			svc.Hotspots = append(svc.Hotspots, text)
			sys.Hotspots = append(sys.Hotspots, c.Name+": "+text)
		}
		for j := range svc.Routes {
			svc.Routes[j].Summary = cell(svc.Routes[j].Summary)
		}
		readme, err := render("service-readme.md.tmpl", svc)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Path: svc.Path + "/README.md", Owner: Generated, Bytes: readme})
		sys.Services = append(sys.Services, svc)
	}
	for _, p := range PendingIn(m, layout) {
		what := "decide the events " + p.Command.Name + " records"
		if p.Scenario.Rejected {
			what = "write the rule that rejects " + p.Command.Name
		}
		sys.Pending = append(sys.Pending, fmt.Sprintf("%q: %s in `%s`", p.Scenario.Name, what, p.File))
	}
	readme, err := render(systemReadme[layout], sys)
	if err != nil {
		return nil, err
	}
	return append(files, File{Path: "README.md", Owner: Generated, Bytes: readme}), nil
}

// consumedDocs lists the events a context reads and who reads them.
func consumedDocs(m *model.Model, c *model.Context) []eventDoc {
	var order []*model.Event
	readers := map[*model.Event][]string{}
	add := func(e *model.Event, who string) {
		if e == nil {
			return
		}
		if readers[e] == nil {
			order = append(order, e)
		}
		readers[e] = append(readers[e], who)
	}
	for _, r := range c.ReadModels {
		for _, pr := range r.From {
			add(pr.SourceEvent(), "read model "+r.Name)
		}
	}
	for _, p := range c.Policies {
		add(p.Event(), "policy "+p.Name)
	}
	var out []eventDoc
	for _, e := range order {
		name := e.Name
		if e.Aggregate.Context != c {
			name = e.Aggregate.Context.Name + "." + e.Name
		}
		out = append(out, eventDoc{Name: cell(name), Type: ir.EventType(m, e), Readers: cell(strings.Join(readers[e], ", "))})
	}
	return out
}

// summary says in a line what a context's service holds.
func summary(c *model.Context) string {
	if c.Description != "" {
		return c.Description
	}
	var parts []string
	for _, a := range c.Aggregates {
		parts = append(parts, fmt.Sprintf("%s (%d commands)", a.Name, len(a.Commands)))
	}
	for _, r := range c.ReadModels {
		parts = append(parts, "read model "+r.Name)
	}
	if len(parts) == 0 {
		return "nothing yet"
	}
	return strings.Join(parts, ", ")
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

func render(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := templates.Parsed.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return buf.Bytes(), nil
}
