package board

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// textKeys are the one-line details each kind of element carries besides
// its name, as the model format writes them.
var textKeys = map[Kind][]string{
	Context:   {"description", "code"},
	Aggregate: {"description", "code", "id", "idType", "store"},
	Command:   {"description", "code", "actor"},
	Event:     {"version", "description", "code"},
	Policy:    {"description", "code", "target"},
	ReadModel: {"description", "code", "key"},
	External:  {"description", "code"},
	Type:      {"description", "code"},
}

// TextKeys are the one-line details (description, code, and the kind's
// own: an aggregate's id, idType and store, a command's actor, an event's
// version, a policy's target, a read model's key) that SetText edits on
// elements of the kind.
func TextKeys(k Kind) []string { return textKeys[k] }

// Text is the value of a one-line detail of an element as written, "" when
// it has none.
func (b *Board) Text(k Key, key string) string {
	x := b.Find(k)
	if x == nil {
		return ""
	}
	if n := get(b.node(x), key); n != nil && n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return ""
}

// SetText sets a one-line detail of an element (see TextKeys); "" removes
// it. A new code carries the references written with the old one along.
func (b *Board) SetText(k Key, key, text string) error {
	ok := false
	for _, t := range textKeys[k.Kind] {
		ok = ok || t == key
	}
	if !ok {
		return fmt.Errorf("a %s has no %s", k.Kind, key)
	}
	switch key {
	case "code":
		return b.setCode(k, strings.TrimSpace(text))
	case "version":
		return b.setVersion(k, strings.TrimSpace(text))
	}
	return b.setText(k, key, text)
}

// SetDescription sets an element's description; "" removes it.
func (b *Board) SetDescription(k Key, text string) error { return b.SetText(k, "description", text) }

// SetCode sets the identifier base of an element; "" removes it.
func (b *Board) SetCode(k Key, code string) error { return b.SetText(k, "code", code) }

// SetPolicyTarget sets the event field that holds the id of the aggregate
// a policy's command targets; "" leaves it to the default.
func (b *Board) SetPolicyTarget(policy Key, field string) error {
	return b.SetText(policy, "target", field)
}

// setCode sets or removes code and rewrites the references that named the
// element by its old code: to the new code, or to its name when the code
// goes.
func (b *Board) setCode(k Key, code string) error {
	x, n, err := b.lookup(k)
	if err != nil {
		return err
	}
	el := element(x)
	old := el.Code
	return b.edit(func(*yaml.Node) error {
		if code == "" {
			del(n, "code")
		} else {
			set(n, "code", str(code))
		}
		if old == "" {
			return nil
		}
		to := code
		if to == "" {
			to = el.Name
		}
		for _, s := range refs(b.Model) {
			if s.ref.Target != x {
				continue
			}
			if text, ok := recoded(s.ref.Text, old, to); ok {
				b.setScalar(s.ref.Pos, text)
			}
		}
		return nil
	})
}

// recoded is a reference's text once the code old it names its element by
// becomes to; a qualified reference keeps its context.
func recoded(text, old, to string) (string, bool) {
	if strings.TrimSpace(text) == old {
		return to, true
	}
	if i := strings.LastIndex(text, "."); i >= 0 && strings.TrimSpace(text[i+1:]) == old {
		return text[:i+1] + to, true
	}
	return text, false
}

// SetSystemText sets a top-level detail of the model: its description,
// module or code; "" removes it.
func (b *Board) SetSystemText(key, text string) error {
	switch key {
	case "description", "module", "code":
	default:
		return fmt.Errorf("the model has no %s to set", key)
	}
	text = strings.TrimSpace(text)
	return b.edit(func(root *yaml.Node) error {
		if text == "" {
			del(root, key)
		} else {
			set(root, key, str(text))
		}
		return nil
	})
}

// SystemText is a top-level detail of the model as written.
func (b *Board) SystemText(key string) string {
	if n := get(b.root(), key); n != nil && n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return ""
}

// setVersion sets an event's version, written as a number; "" removes it
// (version 1).
func (b *Board) setVersion(k Key, v string) error {
	_, n, err := b.lookup(k)
	if err != nil {
		return err
	}
	return b.edit(func(*yaml.Node) error {
		if v == "" {
			del(n, "version")
		} else {
			set(n, "version", scalar(v))
		}
		return nil
	})
}
