package contractdiff

import (
	"fmt"
	"strings"
)

// Kind says whether a change breaks someone.
type Kind string

// The kinds of change.
const (
	// Breaking changes break a consumer built from the old model: a reading
	// context, the HTTP clients of a service, the consumers of a topic.
	Breaking Kind = "breaking"
	// Compatible changes break no one: additions, and changes that every
	// reader still decodes or that no one reads.
	Compatible Kind = "compatible"
)

// Change is one change of a published contract.
type Change struct {
	// File, Line and Column place the element: in the new model, or in the
	// old one when the element was removed.
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Kind   Kind   `json:"kind"`
	// Element is the kind of element: context, aggregate, command, event
	// or read model.
	Element string `json:"element"`
	// Name qualifies the element by its context (and aggregate), e.g.
	// "Ordering.Order.Order Placed".
	Name string `json:"name"`
	// Field is the changed field, if the change is to one.
	Field string `json:"field,omitempty"`
	// Detail says what changed and, when it breaks, why.
	Detail string `json:"change"`
	// Affected are who a breaking change breaks: the reading contexts with
	// their policies and read models, "HTTP clients of <service>",
	// "consumers of topic <topic>".
	Affected []string `json:"affected"`
	// Unread marks a change that would break the readers of an event, had
	// it any: it is compatible because no context reads the event.
	Unread bool `json:"unread,omitempty"`
}

// String formats the change as one line:
//
//	FILE:LINE:COL: KIND: ELEMENT NAME[, field FIELD]: DETAIL[; affects WHO][; no reader]
func (c Change) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:%d: %s: %s %s", c.File, c.Line, c.Column, c.Kind, c.Element, c.Name)
	if c.Field != "" {
		fmt.Fprintf(&b, ", field %s", c.Field)
	}
	fmt.Fprintf(&b, ": %s", c.Detail)
	if len(c.Affected) > 0 {
		fmt.Fprintf(&b, "; affects %s", strings.Join(c.Affected, ", "))
	}
	if c.Unread {
		b.WriteString("; no reader")
	}
	return b.String()
}

// Changes are the changes between two models, in the order of their
// elements.
type Changes []Change

// Breaking counts the breaking changes.
func (cs Changes) Breaking() int {
	n := 0
	for _, c := range cs {
		if c.Kind == Breaking {
			n++
		}
	}
	return n
}
