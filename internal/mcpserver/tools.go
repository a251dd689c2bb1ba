package mcpserver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"eventstorm/diagram"
	"eventstorm/model"
	"eventstorm/tui/board"
)

// addReadTools adds the tools that read the model and change nothing.
func (s *server) addReadTools(srv *mcp.Server) {
	mcp.AddTool(srv, &mcp.Tool{Name: "validate", Description: "Validate the model: its errors, warnings and hotspots with file, line and column."}, s.validate)
	mcp.AddTool(srv, &mcp.Tool{Name: "describe", Description: "Describe the whole model (counts and each context's elements) or one element (its YAML as written)."}, s.describe)
	mcp.AddTool(srv, &mcp.Tool{Name: "generate_dry_run", Description: "What 'eventstorm generate --dry-run' prints: the files generate would write, change or delete. Changes nothing."}, s.dryRun)
	mcp.AddTool(srv, &mcp.Tool{Name: "diff", Description: "The changes of published contracts (events, topics, HTTP routes) from another version of the model to this one, as 'eventstorm diff --format json': breaking or compatible."}, s.diff)
	mcp.AddTool(srv, &mcp.Tool{Name: "diagram", Description: "Draw the model's board as Mermaid (default) or Graphviz dot text."}, s.diagram)
}

// addEditTools adds the tools that edit and save the model.
func (s *server) addEditTools(srv *mcp.Server) {
	mcp.AddTool(srv, &mcp.Tool{Name: "add_element", Description: "Add a context, aggregate, command, event, policy, read model, external system, type or hotspot; saves the model."}, s.add)
	mcp.AddTool(srv, &mcp.Tool{Name: "rename_element", Description: "Rename an element; every reference to it follows. Saves the model."}, s.rename)
	mcp.AddTool(srv, &mcp.Tool{Name: "delete_element", Description: "Delete an element and the references to it. Saves the model."}, s.remove)
	mcp.AddTool(srv, &mcp.Tool{Name: "link", Description: "Link two elements (a command emits an event, a policy reacts to an event, ...) or unlink them. Saves the model."}, s.link)
	mcp.AddTool(srv, &mcp.Tool{Name: "set_scenario", Description: "Add a scenario (given/when/then) to an aggregate, or replace the one of the same name. Saves the model."}, s.setScenario)
	mcp.AddTool(srv, &mcp.Tool{Name: "remove_scenario", Description: "Remove an aggregate's scenario by name. Saves the model."}, s.removeScenario)
}

// NoInput is the input of a tool that takes none.
type NoInput struct{}

func (s *server) validate(context.Context, *mcp.CallToolRequest, NoInput) (*mcp.CallToolResult, Report, error) {
	m, diags := s.readModel()
	if m == nil && len(diags) == 0 {
		return nil, Report{}, fmt.Errorf("cannot read %s", s.opts.File)
	}
	return nil, report(diags), nil
}

// DescribeInput names what to describe; an empty kind is the whole model.
type DescribeInput struct {
	Element *Element `json:"element,omitempty" jsonschema:"the element to describe; leave out for the whole model"`
}

// ContextSummary lists a context's elements by name.
type ContextSummary struct {
	Name            string   `json:"name"`
	Description     string   `json:"description,omitempty"`
	Aggregates      []string `json:"aggregates,omitempty"`
	Commands        []string `json:"commands,omitempty"`
	Events          []string `json:"events,omitempty"`
	Policies        []string `json:"policies,omitempty"`
	ReadModels      []string `json:"readModels,omitempty"`
	ExternalSystems []string `json:"externalSystems,omitempty"`
}

// Description is the answer of describe.
type Description struct {
	System   string           `json:"system,omitempty"`
	Summary  string           `json:"summary,omitempty"`
	Contexts []ContextSummary `json:"contexts,omitempty"`
	// YAML is the element's text as written in the file.
	YAML string `json:"yaml,omitempty"`
	Line int    `json:"line,omitempty"`
}

func (s *server) describe(_ context.Context, _ *mcp.CallToolRequest, in DescribeInput) (*mcp.CallToolResult, Description, error) {
	b, err := s.open()
	if err != nil {
		return nil, Description{}, err
	}
	if in.Element == nil || in.Element.Kind == "" {
		d := Description{System: b.Model.System, Summary: model.Describe(b.Model)}
		for _, c := range b.Model.Contexts {
			d.Contexts = append(d.Contexts, summarize(c))
		}
		return nil, d, nil
	}
	k, err := in.Element.key()
	if err != nil {
		return nil, Description{}, err
	}
	text, line, err := elementText(b, k)
	return nil, Description{YAML: text, Line: line}, err
}

// summarize lists a context's elements.
func summarize(c *model.Context) ContextSummary {
	cs := ContextSummary{Name: c.Name, Description: c.Description}
	for _, a := range c.Aggregates {
		cs.Aggregates = append(cs.Aggregates, a.Name)
		for _, cmd := range a.Commands {
			cs.Commands = append(cs.Commands, cmd.Name)
		}
		for _, e := range a.Events {
			cs.Events = append(cs.Events, e.Name)
		}
	}
	for _, p := range c.Policies {
		cs.Policies = append(cs.Policies, p.Name)
	}
	for _, r := range c.ReadModels {
		cs.ReadModels = append(cs.ReadModels, r.Name)
	}
	for _, x := range c.ExternalSystems {
		cs.ExternalSystems = append(cs.ExternalSystems, x.Name)
	}
	return cs
}

// elementText is the lines of the file an element takes, and the first.
func elementText(b *board.Board, k board.Key) (string, int, error) {
	x := b.Find(k)
	if x == nil {
		return "", 0, fmt.Errorf("there is no %s in context %q", k, k.Context)
	}
	start, end := b.Span(x)
	lines := strings.Split(string(b.Saved()), "\n")
	if start.Line < 1 || end.Line > len(lines) || end.Line < start.Line {
		return "", 0, fmt.Errorf("cannot find %s in the file", k)
	}
	return strings.Join(lines[start.Line-1:end.Line], "\n") + "\n", start.Line, nil
}

// DryRunInput chooses the layout of the dry run.
type DryRunInput struct {
	Layout string `json:"layout,omitempty" jsonschema:"services (default), polyrepo or monolith"`
}

// TextOutput is a tool's text answer.
type TextOutput struct {
	Text string `json:"text"`
}

func (s *server) dryRun(ctx context.Context, _ *mcp.CallToolRequest, in DryRunInput) (*mcp.CallToolResult, TextOutput, error) {
	if s.opts.DryRun == nil {
		return nil, TextOutput{}, errors.New("generate_dry_run is not available in this server")
	}
	out, err := s.opts.DryRun(ctx, s.opts.File, in.Layout)
	return nil, TextOutput{Text: out}, err
}

// DiffInput names the other version of the model.
type DiffInput struct {
	Against string `json:"against" jsonschema:"the older version: a model file, or REV:PATH read from git (e.g. HEAD:eventstorm.yaml)"`
}

func (s *server) diff(ctx context.Context, _ *mcp.CallToolRequest, in DiffInput) (*mcp.CallToolResult, TextOutput, error) {
	if s.opts.Diff == nil {
		return nil, TextOutput{}, errors.New("diff is not available in this server")
	}
	if strings.TrimSpace(in.Against) == "" {
		return nil, TextOutput{}, errors.New("name the version to compare with in against, e.g. HEAD:eventstorm.yaml")
	}
	out, err := s.opts.Diff(ctx, in.Against, s.opts.File)
	return nil, TextOutput{Text: out}, err
}

// DiagramInput chooses the diagram's format.
type DiagramInput struct {
	Format string `json:"format,omitempty" jsonschema:"mermaid (default) or dot"`
}

func (s *server) diagram(_ context.Context, _ *mcp.CallToolRequest, in DiagramInput) (*mcp.CallToolResult, TextOutput, error) {
	format := in.Format
	if format == "" {
		format = "mermaid"
	}
	if format != "mermaid" && format != "dot" {
		return nil, TextOutput{}, fmt.Errorf("format must be mermaid or dot, not %q", format)
	}
	m, diags := s.readModel()
	if diags.HasErrors() {
		return nil, TextOutput{}, fmt.Errorf("the model has %d errors; run validate", len(diags.Errors()))
	}
	var buf bytes.Buffer
	if err := diagram.Render(&buf, m, format); err != nil {
		return nil, TextOutput{}, err
	}
	return nil, TextOutput{Text: buf.String()}, nil
}
