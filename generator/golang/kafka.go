package golang

import "strconv"

const promPkg = "github.com/prometheus/client_golang/prometheus"

// topology is it writes the var topology, the
// service's consumer group and the topics it publishes to and consumes.
func (s *service) topology(g *goSource) {
	g.line("var topology = %s{", g.q(s.kafkaPkg(), "Topology"))
	g.table([][]string{{"Group:", strconv.Quote(s.c.Kebab()) + ","}}) // the lists after it are sections of their own
	for _, list := range []struct {
		key    string
		topics []string
	}{{"Publishes", s.x.Publishes}, {"Consumes", s.x.Consumes}} {
		if len(list.topics) == 0 {
			continue
		}
		g.line("%s: []string{", list.key)
		for _, t := range list.topics {
			g.line("%s,", strconv.Quote(t))
		}
		g.line("},")
	}
	g.line("}")
}
