package board

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"eventstorm/model"
)

// checkName rejects a blank name or one already taken in the context's
// scope (names are unique across kinds within a context).
func (b *Board) checkName(ctx *model.Context, name string, except any) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", fmt.Errorf("the name is blank")
	}
	if ctx == nil {
		return name, nil
	}
	var clash any
	each(ctx, func(x any) bool {
		if el := element(x); el != nil && x != except && strings.EqualFold(el.Name, name) {
			clash = x
		}
		return clash == nil
	})
	if clash != nil {
		return "", fmt.Errorf("%s already has %s named %q", ctx.Name, KeyOf(clash).Kind, element(clash).Name)
	}
	return name, nil
}

// AddContext adds a bounded context.
func (b *Board) AddContext(name string) (Key, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return Key{}, fmt.Errorf("the name is blank")
	}
	if b.ContextNamed(name) != nil {
		return Key{}, fmt.Errorf("there is already a context %q", name)
	}
	err := b.edit(func(root *yaml.Node) error {
		s := seq(root, "contexts", false)
		s.Content = append(s.Content, mapping(str("name"), str(name)))
		return nil
	})
	return Key{Context, name, name}, err
}

// addTo appends an element mapping named name to the list under list in the
// node of the element with key owner.
func (b *Board) addTo(owner Key, list string, kind Kind, name string, extra ...*yaml.Node) (Key, error) {
	ctx := b.ContextNamed(owner.Context)
	if ctx == nil {
		return Key{}, fmt.Errorf("there is no context %q", owner.Context)
	}
	name, err := b.checkName(ctx, name, nil)
	if err != nil {
		return Key{}, err
	}
	_, n, err := b.lookup(owner)
	if err != nil {
		return Key{}, err
	}
	err = b.edit(func(*yaml.Node) error {
		s := seq(n, list, false)
		s.Content = append(s.Content, mapping(append([]*yaml.Node{str("name"), str(name)}, extra...)...))
		return nil
	})
	return Key{kind, ctx.Name, name}, err
}

func ctxKey(ctx string) Key { return Key{Context, ctx, ctx} }

// AddAggregate adds an aggregate to a context.
func (b *Board) AddAggregate(ctx, name string) (Key, error) {
	return b.addTo(ctxKey(ctx), "aggregates", Aggregate, name)
}

// AddCommand adds a command to an aggregate. It emits nothing yet, which
// validation reports until an event is linked.
func (b *Board) AddCommand(agg Key, name string) (Key, error) {
	return b.addTo(agg, "commands", Command, name,
		str("emits"), &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle})
}

// AddEvent adds an event to an aggregate.
func (b *Board) AddEvent(agg Key, name string) (Key, error) {
	return b.addTo(agg, "events", Event, name)
}

// AddPolicy adds a policy to a context; its when and then are linked later.
func (b *Board) AddPolicy(ctx, name string) (Key, error) {
	return b.addTo(ctxKey(ctx), "policies", Policy, name)
}

// AddReadModel adds a read model to a context; its events are linked later.
func (b *Board) AddReadModel(ctx, name string) (Key, error) {
	return b.addTo(ctxKey(ctx), "readModels", ReadModel, name,
		str("from"), &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle})
}

// AddExternalSystem adds an external system to a context.
func (b *Board) AddExternalSystem(ctx, name string) (Key, error) {
	return b.addTo(ctxKey(ctx), "externalSystems", External, name)
}

// AddType adds a value-object type (with no fields yet) to a context.
func (b *Board) AddType(ctx, name string) (Key, error) {
	return b.addTo(ctxKey(ctx), "types", Type, name,
		str("fields"), &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle})
}

// AddHotspot adds a hotspot to a context, optionally on an element.
func (b *Board) AddHotspot(ctx, text, on string) (Key, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return Key{}, fmt.Errorf("the hotspot has no text")
	}
	_, n, err := b.lookup(ctxKey(ctx))
	if err != nil {
		return Key{}, err
	}
	err = b.edit(func(*yaml.Node) error {
		h := mapping(str("text"), str(text))
		if on = strings.TrimSpace(on); on != "" {
			h.Content = append(h.Content, str("on"), str(on))
		}
		s := seq(n, "hotspots", false)
		s.Content = append(s.Content, h)
		return nil
	})
	return Key{Hotspot, ctx, text}, err
}
