package golang

import (
	"github.com/dave/jennifer/jen"
)

const promPkg = "github.com/prometheus/client_golang/prometheus"

// topology is the service's place on Kafka, the platform's
// kafka.Topology: its group, the topics it publishes and those it reads.
func (s *service) topology() jen.Code {
	var published, consumed []jen.Code
	for _, t := range s.x.Publishes {
		published = append(published, jen.Lit(t))
	}
	for _, t := range s.x.Consumes {
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
