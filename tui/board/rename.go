package board

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"eventstorm/model"
)

// Rename renames an element and makes every reference to it follow: emits,
// uses, scenario given/when/then, policy when/then (qualified references
// from other contexts too), read model `from` events, hotspot `on`,
// relationships, field types naming a type, and the actor of commands.
func (b *Board) Rename(k Key, name string) (Key, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return Key{}, fmt.Errorf("the name is blank")
	}
	if name == k.Name {
		return k, nil
	}
	switch k.Kind {
	case Actor:
		return b.renameActor(k, name)
	case Hotspot:
		return b.renameHotspot(k, name)
	case Context:
		return b.renameContext(k, name)
	}
	x, n, err := b.lookup(k)
	if err != nil {
		return Key{}, err
	}
	if _, err := b.checkName(contextOf(x), name, x); err != nil {
		return Key{}, err
	}
	el := element(x)
	err = b.edit(func(*yaml.Node) error {
		set(n, "name", str(name))
		for _, s := range refs(b.Model) {
			if s.ref.Target != x {
				continue
			}
			if text, ok := renamedRef(s.ref.Text, el, el.Name, name); ok {
				b.setScalar(s.ref.Pos, text)
			}
		}
		if t, ok := x.(*model.Type); ok {
			b.retype(t, name)
		}
		return nil
	})
	k.Name = name
	return k, err
}

// setScalar replaces the text of the scalar at p.
func (b *Board) setScalar(p model.Pos, text string) {
	if n := b.ix.scalars[p]; n != nil {
		n.Value, n.Tag, n.Style = text, "!!str", 0
	}
}

// retype rewrites the field types that name type t.
func (b *Board) retype(t *model.Type, name string) {
	for _, f := range allFields(t.Context) {
		base := f.Type.Base()
		if base.Kind != model.Named || base.Type != t {
			continue
		}
		n := b.ix.scalars[f.TypePos]
		if n == nil {
			continue
		}
		if i := strings.LastIndex(n.Value, base.Name); i >= 0 {
			n.Value = n.Value[:i] + name + n.Value[i+len(base.Name):]
		}
	}
}

func allFields(c *model.Context) []*model.Field {
	var out []*model.Field
	for _, x := range Elements(c) {
		out = append(out, fieldsOf(x)...)
	}
	return out
}

func fieldsOf(x any) []*model.Field {
	switch e := x.(type) {
	case *model.Aggregate:
		return e.Fields
	case *model.Command:
		return e.Fields
	case *model.Event:
		return e.Fields
	case *model.ReadModel:
		return e.Fields
	case *model.Type:
		return e.Fields
	}
	return nil
}

func (b *Board) renameActor(k Key, name string) (Key, error) {
	ctx := b.ContextNamed(k.Context)
	if ctx == nil {
		return Key{}, fmt.Errorf("there is no context %q", k.Context)
	}
	err := b.edit(func(*yaml.Node) error {
		found := false
		for _, a := range ctx.Aggregates {
			for _, cmd := range a.Commands {
				if cmd.Actor == k.Name {
					set(b.node(cmd), "actor", str(name))
					found = true
				}
			}
		}
		if !found {
			return fmt.Errorf("there is no %s", k)
		}
		for _, h := range ctx.Hotspots { // a hotspot on the actor follows
			if h.On != nil && h.On.Target == nil && strings.TrimSpace(h.On.Text) == k.Name {
				b.setScalar(h.On.Pos, name)
			}
		}
		return nil
	})
	k.Name = name
	return k, err
}

func (b *Board) renameHotspot(k Key, text string) (Key, error) {
	_, n, err := b.lookup(k)
	if err != nil {
		return Key{}, err
	}
	err = b.edit(func(*yaml.Node) error {
		if n.Kind == yaml.ScalarNode {
			n.Value, n.Tag, n.Style = text, "!!str", 0
		} else {
			set(n, "text", str(text))
		}
		return nil
	})
	k.Name = text
	return k, err
}

func (b *Board) renameContext(k Key, name string) (Key, error) {
	x, n, err := b.lookup(k)
	if err != nil {
		return Key{}, err
	}
	ctx := x.(*model.Context)
	if b.ContextNamed(name) != nil {
		return Key{}, fmt.Errorf("there is already a context %q", name)
	}
	err = b.edit(func(*yaml.Node) error {
		set(n, "name", str(name))
		for _, s := range refs(b.Model) {
			if s.ref.Target == ctx {
				if s.ref.Text != ctx.Code || ctx.Code == "" {
					b.setScalar(s.ref.Pos, name)
				}
				continue
			}
			if contextOf(s.ref.Target) == ctx {
				if text, ok := requalified(s.ref.Text, ctx, ctx.Name, name); ok {
					b.setScalar(s.ref.Pos, text)
				}
			}
		}
		return nil
	})
	return Key{Context, name, name}, err
}
