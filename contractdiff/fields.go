package contractdiff

import (
	"fmt"

	"eventstorm/model"
)

// direction says who writes a list of fields and who reads it, which
// decides whether a change of type breaks the readers.
type direction int

const (
	// published fields are written by the element's service and read by
	// others (an event's payload, the answer to a GET): readers built from
	// OLD decode what NEW writes.
	published direction = iota
	// accepted fields are written by clients and read by the service (a
	// command's body): NEW decodes what clients written against OLD send.
	accepted
)

// fieldChange is one changed field of a list.
type fieldChange struct {
	field    *model.Field // in NEW, or in OLD when removed
	removed  bool
	breaking bool
	detail   string
}

// compareFields lists the changes from old to new, fields matched by their
// JSON name: the ones removed or retyped in old's order, then the ones
// added in new's order.
func compareFields(old, new []*model.Field, dir direction) []fieldChange {
	var out []fieldChange
	newByJSON := fieldsByJSON(new)
	for _, of := range old {
		nf := newByJSON[jsonName(of)]
		switch {
		case nf == nil && dir == accepted:
			out = append(out, fieldChange{of, true, true, fmt.Sprintf("removed (was %s): the service ignores it where clients still send it", of.Type)})
		case nf == nil:
			optional := of.Type.Kind == model.Optional
			out = append(out, fieldChange{of, true, !optional, fmt.Sprintf("removed (was %s)", of.Type)})
		case !model.SameShape(of.Type, nf.Type):
			why := readable(nf.Type, of.Type, false)
			if dir == accepted {
				why = readable(of.Type, nf.Type, true)
			}
			detail := retyping(of.Type, nf.Type)
			if why != "" {
				detail += ": " + why
			}
			out = append(out, fieldChange{nf, false, why != "", detail})
		}
	}
	oldByJSON := fieldsByJSON(old)
	for _, nf := range new {
		if oldByJSON[jsonName(nf)] != nil {
			continue
		}
		if dir == accepted && nf.Type.Kind != model.Optional {
			out = append(out, fieldChange{nf, false, true, fmt.Sprintf("added (%s), required: clients of the old contract do not send it", nf.Type)})
		} else {
			out = append(out, fieldChange{nf, false, false, fmt.Sprintf("added (%s)", nf.Type)})
		}
	}
	return out
}
