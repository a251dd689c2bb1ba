package golang

import "strings"

// adaptersFile writes internal/service/adapters_gen.go: the service's
// choice of outbound adapters, the same ports served by the in-memory
// adapters or by the SQL ones.
func (s *service) adaptersFile() {
	if !s.x.Stores {
		return
	}
	g := s.serviceFile()
	var rows [][]string
	if s.x.Records {
		rows = append(rows, []string{"relay", g.q(s.outboxPkg(), "Relayer")})
	}
	if s.x.Reads {
		rows = append(rows, []string{"inbox", g.q(s.inboxPkg(), "Inbox")})
	}
	for _, a := range s.c.Aggregates {
		rows = append(rows, []string{field(a.Base()) + "Repo", g.q(s.commandPkg(), repoType(a))})
	}
	for _, r := range s.c.ReadModels {
		rows = append(rows, []string{field(r.Base()) + "Store", g.q(s.queryPkg(), storeType(r))})
	}
	g.comment("adapters are the outbound adapters the use cases, projections and consumer are built on.")
	if len(rows) == 0 {
		g.line("type adapters struct{}")
	} else {
		g.line("type adapters struct {")
		g.table(rows)
		g.line("}")
	}
	g.line("")
	g.comment("openAdapters keeps the service's data in the database at DATABASE_URL, whose schema it brings up to the model, or in memory without one.")
	g.line("func (svc *Service) openAdapters(ctx %s) (adapters, error) {", g.q("context", "Context"))
	g.line(`if svc.parts.Config.DatabaseURL == "" {`)
	g.line("return memoryAdapters(), nil")
	g.line("}")
	g.line("db, err := %s(ctx, svc.parts.Config.DatabaseURL, %s())", g.q(s.databasePkg(), "OpenSchema"), g.q(s.sqlPkg(), "Schema"))
	g.line("if err != nil {")
	g.line("return adapters{}, err")
	g.line("}")
	g.line("svc.parts.DB = db")
	g.line("return sqlAdapters(db), nil")
	g.line("}")
	g.line("")
	g.comment("memoryAdapters keeps the service's data in memory: nothing survives a restart.")
	g.line("func memoryAdapters() adapters {")
	s.buildAdapters(g, s.memoryPkg(), "Memory", "")
	g.line("}")
	g.line("")
	g.comment("sqlAdapters keeps the service's data in db: an aggregate's state and its events are written in one transaction, and a handled event's id in the transaction of its effect.")
	g.line("func sqlAdapters(db *%s) adapters {", g.q(s.databasePkg(), "DB"))
	s.buildAdapters(g, s.sqlPkg(), "SQL", "db")
	g.line("}")
	s.addSource("internal/service/adapters_gen.go", g)
}

// buildAdapters writes the body of memoryAdapters or sqlAdapters: the
// adapters of adapterPkg, made by its New<kind> functions, given db (if
// not empty) as their first argument.
func (s *service) buildAdapters(g *goSource, adapterPkg, kind, db string) {
	call := func(fn string, args ...string) string {
		if db != "" {
			args = append([]string{db}, args...)
		}
		return fn + "(" + strings.Join(args, ", ") + ")"
	}
	var items []keyValue
	if s.x.Records {
		g.line("events := %s", call(g.q(s.outboxPkg(), "New"+kind)))
		items = append(items, keyValue{"relay", "events"})
	}
	if s.x.Reads {
		items = append(items, keyValue{"inbox", call(g.q(s.inboxPkg(), "New"+kind))})
	}
	for _, a := range s.c.Aggregates {
		items = append(items, keyValue{field(a.Base()) + "Repo", call(g.q(adapterPkg, "New"+repoType(a)), "events")})
	}
	for _, r := range s.c.ReadModels {
		items = append(items, keyValue{field(r.Base()) + "Store", call(g.q(adapterPkg, "New"+storeType(r)))})
	}
	if len(items) == 0 {
		g.line("return adapters{}")
		return
	}
	g.line("return adapters{")
	g.keyed(items)
	g.line("}")
}
