package generator

import (
	"fmt"
	"net/http"

	"eventstorm/generator/golang"
	"eventstorm/generator/ir"
	"eventstorm/model"
)

// Layout is the shape of the generated system; see ir.Layout.
type Layout = ir.Layout

// The layouts: services (the default), polyrepo and monolith.
const (
	LayoutServices = ir.LayoutServices
	LayoutPolyrepo = ir.LayoutPolyrepo
	LayoutMonolith = ir.LayoutMonolith
)

// Layouts lists every layout, the default first.
var Layouts = ir.Layouts

// ParseLayout returns the layout named s; the empty string is the default.
func ParseLayout(s string) (Layout, error) { return ir.ParseLayout(s) }

// ContextDir is the folder of a context's code in a layout.
func ContextDir(c *model.Context, layout Layout) string { return ir.ContextDir(c, layout) }

// ContextModule is the import path of a context's folder in a layout.
func ContextModule(m *model.Model, c *model.Context, layout Layout) string {
	return ir.ContextModule(m, c, layout)
}

// PlatformImport is the import path of the runtime in the module holding a
// context in a layout.
func PlatformImport(m *model.Model, c *model.Context, layout Layout) string {
	return ir.PlatformImport(m, c, layout)
}

// monolithProbes are the routes the monolith serves once for all contexts.
var monolithProbes = []string{"GET /healthz", "GET /readyz", "GET /metrics"}

// monolithRoutes refuses a model whose contexts' routes cannot share the
// monolith's one server: two routes that Go's ServeMux would take for the
// same requests with neither more specific (the same method and path, or
// /order/{id} beside /order/{orderId}), or a route on a probe's path.
func monolithRoutes(m *model.Model) error {
	type owned struct {
		pattern string
		c       *model.Context // nil for the monolith's probes
	}
	var seen []owned
	for _, p := range monolithProbes {
		seen = append(seen, owned{pattern: p})
	}
	for _, c := range m.Contexts {
		for _, r := range golang.Routes(c) {
			pattern := r.Method + " " + r.Pattern
			for _, o := range seen {
				if !conflict(o.pattern, pattern) {
					continue
				}
				if o.c == nil {
					return fmt.Errorf("%s:%d:%d: error: context %q serves %s, which the monolith serves once for every context; rename the element or give it a `code:`",
						m.File, c.Pos.Line, c.Pos.Col, c.Name, pattern)
				}
				if o.c == c {
					continue // a context's own routes are its service's, in every layout
				}
				return fmt.Errorf("%s:%d:%d: error: contexts %q and %q would both serve %s (%q is %s) on the monolith's one server; rename one of the elements or give it a `code:`, or use another layout",
					m.File, c.Pos.Line, c.Pos.Col, o.c.Name, c.Name, pattern, o.c.Name, o.pattern)
			}
			seen = append(seen, owned{pattern: pattern, c: c})
		}
	}
	return nil
}

// conflict reports whether Go's ServeMux refuses to serve both patterns,
// which it does when some request matches both and neither is more specific.
func conflict(a, b string) (refused bool) {
	defer func() { refused = recover() != nil }()
	mux := http.NewServeMux()
	mux.Handle(a, http.NotFoundHandler())
	mux.Handle(b, http.NotFoundHandler())
	return false
}
