package board

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"eventstorm/model"
)

// toggle adds text to the flow list under key in n, or removes it when an
// entry already says it; it reports whether the entry is now there.
func toggle(n *yaml.Node, key, text string) bool {
	s := seq(n, key, true)
	for _, item := range s.Content {
		if strings.TrimSpace(item.Value) == text {
			remove(s, item)
			return false
		}
	}
	s.Content = append(s.Content, str(text))
	return true
}

// ToggleEmits links a command to an event of its aggregate (the command
// emits it), or unlinks it when it already does.
func (b *Board) ToggleEmits(cmd Key, event string) (bool, error) {
	x, n, err := b.lookup(cmd)
	if err != nil {
		return false, err
	}
	c := x.(*model.Command)
	ok := false
	for _, e := range c.Aggregate.Events {
		ok = ok || e.Name == event
	}
	if !ok {
		return false, fmt.Errorf("%q is no event of %s; a command emits events of its own aggregate", event, c.Aggregate.Name)
	}
	var on bool
	err = b.edit(func(*yaml.Node) error { on = toggle(n, "emits", event); return nil })
	return on, err
}

// ToggleUses links a command to an external system it calls, or unlinks it.
func (b *Board) ToggleUses(cmd Key, system string) (bool, error) {
	_, n, err := b.lookup(cmd)
	if err != nil {
		return false, err
	}
	var on bool
	err = b.edit(func(*yaml.Node) error {
		on = toggle(n, "uses", system)
		if len(get(n, "uses").Content) == 0 {
			del(n, "uses")
		}
		return nil
	})
	return on, err
}

// SetActor sets the actor who issues a command; "" removes it.
func (b *Board) SetActor(cmd Key, actor string) error {
	return b.setText(cmd, "actor", actor)
}

// SetCreates sets whether a command creates its aggregate.
func (b *Board) SetCreates(cmd Key, creates bool) error {
	_, n, err := b.lookup(cmd)
	if err != nil {
		return err
	}
	return b.edit(func(*yaml.Node) error {
		if creates {
			set(n, "creates", boolean(true))
		} else {
			del(n, "creates")
		}
		return nil
	})
}

// SetPolicyWhen sets the event a policy reacts to (qualified by its context
// when it is another context's: see EventRef).
func (b *Board) SetPolicyWhen(policy Key, event string) error {
	return b.setText(policy, "when", event)
}

// SetPolicyThen sets the command a policy issues.
func (b *Board) SetPolicyThen(policy Key, command string) error {
	return b.setText(policy, "then", command)
}

// SetHotspotOn puts a hotspot on an element; "" takes it off.
func (b *Board) SetHotspotOn(hotspot Key, on string) error {
	_, n, err := b.lookup(hotspot)
	if err != nil {
		return err
	}
	if n.Kind == yaml.ScalarNode {
		return b.edit(func(*yaml.Node) error {
			text := n.Value
			*n = *mapping(str("text"), str(text))
			if on != "" {
				n.Content = append(n.Content, str("on"), str(on))
			}
			return nil
		})
	}
	return b.setText(hotspot, "on", on)
}

// SetReadModelKey sets the field a read model's rows are keyed by.
func (b *Board) SetReadModelKey(rm Key, field string) error {
	return b.setText(rm, "key", field)
}

// ToggleFrom feeds a read model from an event (qualified by its context
// when it is another context's), or stops feeding it.
func (b *Board) ToggleFrom(rm Key, event string) (bool, error) {
	x, n, err := b.lookup(rm)
	if err != nil {
		return false, err
	}
	r := x.(*model.ReadModel)
	for _, pr := range r.From {
		if pr.Event != nil && pr.Event.Text == event {
			return false, b.edit(func(*yaml.Node) error {
				pn := b.ix.mappings[pr.Pos]
				if pn == nil {
					pn = b.ix.scalars[pr.Pos]
				}
				remove(b.ix.parent[pn], pn)
				return nil
			})
		}
	}
	return true, b.edit(func(*yaml.Node) error {
		s := seq(n, "from", false)
		s.Style = 0
		s.Content = append(s.Content, mapping(str("event"), str(event)))
		return nil
	})
}

// setText sets (or, for "", removes) a text key of an element.
func (b *Board) setText(k Key, key, text string) error {
	_, n, err := b.lookup(k)
	if err != nil {
		return err
	}
	text = strings.TrimSpace(text)
	return b.edit(func(*yaml.Node) error {
		if text == "" {
			del(n, key)
		} else {
			set(n, key, str(text))
		}
		return nil
	})
}
