package golang

import (
	"eventstorm/model"
)

// sampler writes Go values of the model's types with every field set, so
// that their JSON has every member the schemas describe (value,
// fields).
type sampler struct {
	s *service
	// nameOf is the Go type of a named type or a date where the value is
	// written: the domain's, or a contract copy's.
	nameOf func(*model.TypeRef) string
	// busy are the value objects being written: one may contain itself
	// through an optional or list field, which then stays empty.
	busy map[*model.Type]bool
}
