package ir

import (
	"slices"
	"sort"
)

// The Kafka resource types and operations the ACLs use, as Kafka and
// Strimzi name them.
const (
	ResourceTopic = "topic"
	ResourceGroup = "group"

	OpCreate   = "Create"
	OpDescribe = "Describe"
	OpRead     = "Read"
	OpWrite    = "Write"
)

// An ACL allows a context's Kafka principal operations on one resource,
// named literally.
type ACL struct {
	Resource   string   // ResourceTopic or ResourceGroup
	Name       string   // the topic or group
	Operations []string // sorted
}

// Principal is the Kafka user of the context's service: its group's name.
func (x *Context) Principal() string { return x.Group }

// ACLs are everything the context's service may do on Kafka, as the board
// fixes it and nothing more, sorted by resource and name: write the topics
// of its aggregates; read the topics whose events it consumes, in its own
// group; write the dead-letter topics of those; create and describe each of
// these topics (it creates the missing ones at start-up).
func (x *Context) ACLs() []ACL {
	ops := map[[2]string]map[string]bool{}
	allow := func(resource, name string, operations ...string) {
		key := [2]string{resource, name}
		if ops[key] == nil {
			ops[key] = map[string]bool{}
		}
		for _, op := range operations {
			ops[key][op] = true
		}
	}
	for _, t := range x.Publishes {
		allow(ResourceTopic, t, OpCreate, OpDescribe, OpWrite)
	}
	for _, t := range x.Consumes {
		allow(ResourceTopic, t, OpCreate, OpDescribe, OpRead)
		allow(ResourceTopic, x.DeadLetterTopic(t), OpCreate, OpDescribe, OpWrite)
	}
	if x.Reads {
		allow(ResourceGroup, x.Group, OpRead)
	}
	out := make([]ACL, 0, len(ops))
	for key, set := range ops {
		acl := ACL{Resource: key[0], Name: key[1]}
		for op := range set {
			acl.Operations = append(acl.Operations, op)
		}
		slices.Sort(acl.Operations)
		out = append(out, acl)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Resource != out[j].Resource {
			return out[i].Resource > out[j].Resource // topics first
		}
		return out[i].Name < out[j].Name
	})
	return out
}
