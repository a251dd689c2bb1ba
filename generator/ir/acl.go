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
	set := aclSet{}
	for _, t := range x.Publishes {
		set.allow(ResourceTopic, t, OpCreate, OpDescribe, OpWrite)
	}
	for _, t := range x.Consumes {
		set.allow(ResourceTopic, t, OpCreate, OpDescribe, OpRead)
		set.allow(ResourceTopic, x.DeadLetterTopic(t), OpCreate, OpDescribe, OpWrite)
	}
	if x.Reads {
		set.allow(ResourceGroup, x.Group, OpRead)
	}
	return set.list()
}

// OwnTopics are the topics the context's service is the one to create and
// write: its aggregates' and the dead-letter topics of those it reads,
// sorted.
func (x *Context) OwnTopics() []string {
	out := slices.Clone(x.Publishes)
	for _, t := range x.Consumes {
		out = append(out, x.DeadLetterTopic(t))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// MergeACLs joins rule lists into one, each resource once with every
// operation any list allows on it: the rights of one process running
// several contexts (the monolith).
func MergeACLs(lists ...[]ACL) []ACL {
	set := aclSet{}
	for _, list := range lists {
		for _, a := range list {
			set.allow(a.Resource, a.Name, a.Operations...)
		}
	}
	return set.list()
}

// aclSet is the operations allowed per resource.
type aclSet map[[2]string]map[string]bool

func (s aclSet) allow(resource, name string, operations ...string) {
	key := [2]string{resource, name}
	if s[key] == nil {
		s[key] = map[string]bool{}
	}
	for _, op := range operations {
		s[key][op] = true
	}
}

// list is the set as ACLs, topics first, each sorted by name.
func (s aclSet) list() []ACL {
	out := make([]ACL, 0, len(s))
	for key, ops := range s {
		acl := ACL{Resource: key[0], Name: key[1]}
		for op := range ops {
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
