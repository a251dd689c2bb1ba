package golang

import (
	"runtime"
	"sort"
	"sync"

	"eventstorm/generator/genfile"
	"eventstorm/generator/ir"
	"eventstorm/model"
	"eventstorm/platform"
)

// Services plans the Go code of every bounded context's service, laid out
// as layout says; the monolith's main is Monolith's.
func Services(m *model.Model, layout ir.Layout) ([]genfile.File, error) {
	// Services share nothing but the read-only model, so they are planned
	// concurrently, a few at a time; formatting dominates and is CPU-bound.
	services := make([]*service, len(m.Contexts))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, c := range m.Contexts {
		services[i] = newService(ir.NewContext(m, c, layout))
		wg.Add(1)
		sem <- struct{}{}
		go func(s *service) {
			defer wg.Done()
			defer func() { <-sem }()
			s.emit()
		}(services[i])
	}
	wg.Wait()
	files := platformFiles(m, layout)
	for _, s := range services {
		if s.err != nil {
			return nil, s.err
		}
		files = append(files, s.files...)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// platformFiles copies the runtime into each Go module of the system: the
// one module, or each context's in the polyrepo layout.
func platformFiles(m *model.Model, layout ir.Layout) []genfile.File {
	if layout != ir.LayoutPolyrepo {
		return platform.Files(platform.Dir, m.Module+"/"+platform.Dir)
	}
	var files []genfile.File
	for _, c := range m.Contexts {
		files = append(files, platform.Files(ir.PlatformDir(c, layout), ir.PlatformImport(m, c, layout))...)
	}
	return files
}

// Pendings lists the scenarios whose tests wait until someone writes code,
// in model order, with the files of the layout.
func Pendings(m *model.Model, layout ir.Layout) []Pending {
	var out []Pending
	for _, c := range m.Contexts {
		s := newService(ir.NewContext(m, c, layout))
		for _, a := range c.Aggregates {
			g := s.newAgg(a)
			for _, sc := range a.Scenarios {
				if pending(sc) {
					cmd := sc.When.Target.(*model.Command)
					out = append(out, Pending{Scenario: sc, Command: cmd, File: g.hookPath(cmd), Hook: hookName(cmd), Rules: g.pendingRules(sc, cmd)})
				}
			}
		}
	}
	return out
}

func (s *service) emit() {
	s.domain()
	for _, a := range s.c.Aggregates {
		s.aggregate(a)
	}
	s.messaging()
	s.contracts()
	s.commands()
	s.queries()
	s.projections()
	s.policies()
	s.memory()
	s.sqlDB()
	s.externals()
	s.consumer()
	s.httpAPI()
	s.wiring()
	s.useCaseTests()
	s.httpTests()
	s.kafkaTests()
	s.adapterContractTests()
	s.jsonSchemas()
	s.eventSchemas()
	s.openAPI()
	s.asyncAPI()
	s.apiDocsTests()
}
