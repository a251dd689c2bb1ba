package mcpserver

import (
	"context"
	"fmt"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"eventstorm/tui/board"
)

// LinkInput is a link to make or break.
type LinkInput struct {
	Relation string  `json:"relation" jsonschema:"emits (command to event), uses (command to external system), actor (command to actor name), when (policy to event), then (policy to command), from (read model to event), on (hotspot to element)"`
	Element  Element `json:"element" jsonschema:"the element the link starts from: a command, policy, read model or hotspot"`
	Target   string  `json:"target" jsonschema:"the name linked to; an event of another context as Context.Event"`
	Unlink   bool    `json:"unlink,omitempty" jsonschema:"break the link instead of making it"`
}

// toggles are the relations that are lists, toggled by the board.
var toggles = map[string]func(*board.Board, board.Key, string) (bool, error){
	"emits": (*board.Board).ToggleEmits,
	"uses":  (*board.Board).ToggleUses,
	"from":  (*board.Board).ToggleFrom,
}

// setters are the relations that are one value.
var setters = map[string]func(*board.Board, board.Key, string) error{
	"actor": (*board.Board).SetActor,
	"when":  (*board.Board).SetPolicyWhen,
	"then":  (*board.Board).SetPolicyThen,
	"on":    (*board.Board).SetHotspotOn,
}

func (s *server) link(_ context.Context, _ *mcp.CallToolRequest, in LinkInput) (*mcp.CallToolResult, EditResult, error) {
	return s.edit(func(b *board.Board) (string, error) {
		k, err := in.Element.key()
		if err != nil {
			return "", err
		}
		if set, ok := setters[in.Relation]; ok {
			target := in.Target
			if in.Unlink {
				target = ""
			}
			if err := set(b, k, target); err != nil {
				return "", err
			}
			return fmt.Sprintf("set %s of %s to %q", in.Relation, k, target), nil
		}
		toggle, ok := toggles[in.Relation]
		if !ok {
			return "", fmt.Errorf("unknown relation %q: use emits, uses, from, actor, when, then or on", in.Relation)
		}
		return toggleTo(b, toggle, k, in)
	})
}

// toggleTo makes or breaks a list link, refusing to make one that is there
// or break one that is not (a toggle would do the opposite).
func toggleTo(b *board.Board, toggle func(*board.Board, board.Key, string) (bool, error), k board.Key, in LinkInput) (string, error) {
	on, err := toggle(b, k, in.Target)
	if err != nil {
		return "", err
	}
	if on == in.Unlink {
		// The link was already as asked; put it back.
		if _, err := toggle(b, k, in.Target); err != nil {
			return "", err
		}
		if in.Unlink {
			return "", fmt.Errorf("%s has no %s link to %q", k, in.Relation, in.Target)
		}
		return "", fmt.Errorf("%s already %s %q", k, in.Relation, in.Target)
	}
	if in.Unlink {
		return fmt.Sprintf("%s no longer %s %q", k, in.Relation, in.Target), nil
	}
	return fmt.Sprintf("%s now %s %q", k, in.Relation, in.Target), nil
}

// ScenarioInput is a scenario to add or replace.
type ScenarioInput struct {
	Context   string `json:"context"`
	Aggregate string `json:"aggregate"`
	Scenario  string `json:"scenario" jsonschema:"the scenario as YAML, as in the model file: { name: ..., given: [Event], when: { Command: { field: value } }, then: [ { Event: { field: value } } ] } or then: { rejected: rule }; replaces the scenario of the same name"`
}

func (s *server) setScenario(_ context.Context, _ *mcp.CallToolRequest, in ScenarioInput) (*mcp.CallToolResult, EditResult, error) {
	return s.edit(func(b *board.Board) (string, error) {
		agg := board.Key{Kind: board.Aggregate, Context: in.Context, Name: in.Aggregate}
		replaced, err := b.SetScenario(agg, in.Scenario)
		if err != nil {
			return "", err
		}
		if replaced {
			return "replaced a scenario of " + agg.String(), nil
		}
		return "added a scenario to " + agg.String(), nil
	})
}

// RemoveScenarioInput names a scenario to remove.
type RemoveScenarioInput struct {
	Context   string `json:"context"`
	Aggregate string `json:"aggregate"`
	Name      string `json:"name" jsonschema:"the scenario's name"`
}

func (s *server) removeScenario(_ context.Context, _ *mcp.CallToolRequest, in RemoveScenarioInput) (*mcp.CallToolResult, EditResult, error) {
	return s.edit(func(b *board.Board) (string, error) {
		agg := board.Key{Kind: board.Aggregate, Context: in.Context, Name: in.Aggregate}
		if err := b.RemoveScenario(agg, in.Name); err != nil {
			return "", err
		}
		return fmt.Sprintf("removed scenario %q of %s", in.Name, agg), nil
	})
}
