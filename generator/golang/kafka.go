package golang

import (
	"sort"

	"github.com/dave/jennifer/jen"
)

const promPkg = "github.com/prometheus/client_golang/prometheus"

// publishedTopics are the topics of the context's own aggregates, sorted.
func (s *service) publishedTopics() []string {
	var out []string
	for _, a := range s.c.Aggregates {
		out = append(out, Topic(s.m, a))
	}
	return sortedCopy(out)
}

// topology is the service's place on Kafka, the platform's
// kafka.Topology: its group, the topics it publishes and those it reads.
func (s *service) topology() jen.Code {
	var published, consumed []jen.Code
	for _, t := range s.publishedTopics() {
		published = append(published, jen.Lit(t))
	}
	for _, t := range s.topics() {
		consumed = append(consumed, jen.Lit(t))
	}
	items := []jen.Code{kv("Group", jen.Lit(s.c.Kebab()))}
	if len(published) > 0 {
		items = append(items, kv("Publishes", jen.Index().String().Add(multiline(published...))))
	}
	if len(consumed) > 0 {
		items = append(items, kv("Consumes", jen.Index().String().Add(multiline(consumed...))))
	}
	return jen.Qual(s.kafkaPkg(), "Topology").Add(multiline(items...))
}

func sortedCopy(in []string) []string {
	out := append([]string(nil), in...)
	sort.Strings(out)
	return out
}
