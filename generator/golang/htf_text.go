package golang

import (
	"fmt"
	"sort"
	"strconv"

	"eventstorm/generator/genfile"
	"eventstorm/model"
)

// Text forms, for the emitters of the service package's adapters and their
// tests written with goSource, of jennifer helpers other files still use:
// serviceFile (wiring.go) and multiline (sqldb.go).

// serviceSource is serviceFile as text: it starts a file of the service
// package, its packages known by the names serviceFile gives them.
func (s *service) serviceSource() *goSource {
	g := s.newSource(s.servicePkg(), "service", genfile.Generated)
	for path, name := range map[string]string{
		s.commandPkg(): "command", s.queryPkg(): "query", s.projectionPkg(): "projection",
		s.policyPkg(): "policy", s.consumerPkg(): "consumer", s.httpPkg(): "httpapi",
		s.memoryPkg(): "memory", s.messagePkg(): "message", s.kafkaPkg(): "kafka",
		s.sqlPkg(): "sqldb", s.databasePkg(): "database", s.outboxPkg(): "outbox",
		s.inboxPkg(): "inbox", s.envPkg(): "env", s.runnerPkg(): "runner", s.httpxPkg(): "httpx",
	} {
		g.importName(path, name)
	}
	return g
}

// multilineText is multiline as text: the composite literal typ{items},
// one item a line, as lines of Go. Single-line items are aligned in runs,
// as gofmt aligns them: an item over several lines ends a run.
func multilineText(typ string, items []sampleItem) []string {
	if len(items) == 0 {
		return []string{typ + "{}"}
	}
	out := []string{typ + "{"}
	var run []keyValue
	flush := func() {
		if len(run) > 0 {
			out = append(out, keyedLines(run)...)
			run = nil
		}
	}
	for _, it := range items {
		if len(it.value) == 1 {
			run = append(run, keyValue{it.key, it.value[0]})
			continue
		}
		flush()
		out = append(out, joinLines([]string{it.key + ": "}, it.value, []string{","})...)
	}
	flush()
	return append(out, "}")
}

// keySamplesText is keySamples as text: up to three keys of a read model in
// the order both the databases and the in-memory store sort them, each as
// lines of Go.
func (s *service) keySamplesText(g *goSource, t *model.TypeRef) [][]string {
	var out [][]string
	switch {
	case t.Kind == model.Named && t.Type.IsEnum():
		values := make([]string, 0, len(t.Type.Enum))
		for _, v := range t.Type.Enum {
			values = append(values, v.Value)
		}
		sort.Strings(values)
		for _, v := range values[:min(3, len(values))] {
			out = append(out, []string{g.q(s.domainPkg(), t.Type.Ident()) + "(" + strconv.Quote(v) + ")"})
		}
		return out
	case t.Kind != model.Scalar:
		return nil
	}
	for i := 1; i <= 3; i++ {
		switch t.Scalar {
		case model.String:
			out = append(out, []string{strconv.Quote(fmt.Sprintf("key-%d", i))})
		case model.Int:
			out = append(out, []string{fmt.Sprintf("int64(%d)", i)})
		case model.Decimal:
			out = append(out, []string{fmt.Sprintf("%s(%d)", g.q(decimalPkg, "NewFromInt"), i)})
		case model.UUID:
			out = append(out, []string{fmt.Sprintf("%s(%q)", g.q(uuidPkg, "MustParse"), fmt.Sprintf("00000000-0000-4000-8000-00000000000%d", i))})
		case model.Time:
			out = append(out, []string{fmt.Sprintf("%s(2026, 11, %d, 9, 30, 0, 0, %s)", g.q("time", "Date"), i, g.q("time", "UTC"))})
		case model.Date:
			out = append(out, literalText(g.q(s.domainPkg(), "Date"), []sampleItem{{"Year", []string{"2026"}}, {"Month", []string{"11"}}, {"Day", []string{strconv.Itoa(i)}}}))
		}
	}
	return out
}
