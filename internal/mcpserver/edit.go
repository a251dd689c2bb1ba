package mcpserver

import (
	"context"
	"fmt"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"eventstorm/tui/board"
)

// kinds maps the kind names tools accept to the board's kinds.
var kinds = map[string]board.Kind{
	"context": board.Context, "actor": board.Actor, "command": board.Command,
	"aggregate": board.Aggregate, "event": board.Event, "policy": board.Policy,
	"read model": board.ReadModel, "readmodel": board.ReadModel,
	"external system": board.External, "externalsystem": board.External,
	"hotspot": board.Hotspot, "type": board.Type,
}

const kindHelp = "context, aggregate, command, event, policy, read model, external system, type, hotspot or actor"

// Element names an element of the model.
type Element struct {
	Kind    string `json:"kind" jsonschema:"context, aggregate, command, event, policy, read model, external system, type, hotspot or actor"`
	Context string `json:"context,omitempty" jsonschema:"the bounded context the element is in (not needed for a context)"`
	Name    string `json:"name" jsonschema:"the element's name; a hotspot's text"`
}

// key is the board key of an element.
func (e Element) key() (board.Key, error) {
	k, ok := kinds[strings.ToLower(strings.TrimSpace(e.Kind))]
	if !ok {
		return board.Key{}, fmt.Errorf("unknown kind %q: use %s", e.Kind, kindHelp)
	}
	if k == board.Context {
		return board.Key{Kind: k, Context: e.Name, Name: e.Name}, nil
	}
	if e.Context == "" {
		return board.Key{}, fmt.Errorf("name the context the %s %q is in", k, e.Name)
	}
	return board.Key{Kind: k, Context: e.Context, Name: e.Name}, nil
}

// EditResult is the answer of an edit: what it did and the model's state,
// saved.
type EditResult struct {
	Done   string `json:"done"`
	Report Report `json:"report"`
}

// edit opens the model, runs op on it and saves it; op says what it did.
func (s *server) edit(op func(b *board.Board) (string, error)) (*mcp.CallToolResult, EditResult, error) {
	s.edits.Lock()
	defer s.edits.Unlock()
	b, err := s.open()
	if err != nil {
		return nil, EditResult{}, err
	}
	done, err := op(b)
	if err != nil {
		return nil, EditResult{}, err
	}
	if err := b.Save(); err != nil {
		return nil, EditResult{}, fmt.Errorf("saving %s: %w", s.opts.File, err)
	}
	return nil, EditResult{Done: done, Report: report(b.Diags)}, nil
}

// AddInput is what add_element adds.
type AddInput struct {
	Kind      string `json:"kind" jsonschema:"context, aggregate, command, event, policy, read model, external system, type or hotspot"`
	Context   string `json:"context,omitempty" jsonschema:"the context to add to (for a context: its name goes in name)"`
	Aggregate string `json:"aggregate,omitempty" jsonschema:"the aggregate of a command or an event"`
	Name      string `json:"name" jsonschema:"the new element's name; a hotspot's text"`
	On        string `json:"on,omitempty" jsonschema:"for a hotspot: the element it is on"`
}

func (s *server) add(_ context.Context, _ *mcp.CallToolRequest, in AddInput) (*mcp.CallToolResult, EditResult, error) {
	return s.edit(func(b *board.Board) (string, error) {
		k, err := addElement(b, in)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("added %s", k), nil
	})
}

// addElement adds the element in to the board.
func addElement(b *board.Board, in AddInput) (board.Key, error) {
	k, ok := kinds[strings.ToLower(strings.TrimSpace(in.Kind))]
	if !ok {
		return board.Key{}, fmt.Errorf("unknown kind %q: use %s", in.Kind, kindHelp)
	}
	agg := board.Key{Kind: board.Aggregate, Context: in.Context, Name: in.Aggregate}
	if (k == board.Command || k == board.Event) && in.Aggregate == "" {
		return board.Key{}, fmt.Errorf("name the aggregate of the %s", k)
	}
	switch k {
	case board.Context:
		return b.AddContext(in.Name)
	case board.Aggregate:
		return b.AddAggregate(in.Context, in.Name)
	case board.Command:
		return b.AddCommand(agg, in.Name)
	case board.Event:
		return b.AddEvent(agg, in.Name)
	case board.Policy:
		return b.AddPolicy(in.Context, in.Name)
	case board.ReadModel:
		return b.AddReadModel(in.Context, in.Name)
	case board.External:
		return b.AddExternalSystem(in.Context, in.Name)
	case board.Type:
		return b.AddType(in.Context, in.Name)
	case board.Hotspot:
		return b.AddHotspot(in.Context, in.Name, in.On)
	}
	return board.Key{}, fmt.Errorf("an actor is added by setting a command's actor: use link with relation actor")
}

// RenameInput is what rename_element renames.
type RenameInput struct {
	Element Element `json:"element"`
	NewName string  `json:"newName" jsonschema:"the new name; every reference follows"`
}

func (s *server) rename(_ context.Context, _ *mcp.CallToolRequest, in RenameInput) (*mcp.CallToolResult, EditResult, error) {
	return s.edit(func(b *board.Board) (string, error) {
		k, err := in.Element.key()
		if err != nil {
			return "", err
		}
		nk, err := b.Rename(k, in.NewName)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("renamed %s to %q", k, nk.Name), nil
	})
}

// DeleteInput is what delete_element deletes.
type DeleteInput struct {
	Element Element `json:"element"`
}

func (s *server) remove(_ context.Context, _ *mcp.CallToolRequest, in DeleteInput) (*mcp.CallToolResult, EditResult, error) {
	return s.edit(func(b *board.Board) (string, error) {
		k, err := in.Element.key()
		if err != nil {
			return "", err
		}
		if err := b.Delete(k); err != nil {
			return "", err
		}
		return fmt.Sprintf("deleted %s and the references to it", k), nil
	})
}
