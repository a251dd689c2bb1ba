package ir

import (
	"fmt"
	"strings"

	"eventstorm/model"
	"eventstorm/platform"
)

// Layout is the shape of the generated system: where each bounded
// context's code lives and how it is built and run.
type Layout string

// The layouts. Every context has the same hexagonal insides in each; only
// the folder around them, the module and the composition differ.
const (
	// LayoutServices is one Go module with a service per context under
	// services/<context>/.
	LayoutServices Layout = "services"
	// LayoutPolyrepo is one Go module per context, each in <context>/ at
	// the root, ready to be pushed as a repository of its own.
	LayoutPolyrepo Layout = "polyrepo"
	// LayoutMonolith is one Go module and one binary, cmd/<system>, with
	// every context a module under internal/<context>/.
	LayoutMonolith Layout = "monolith"
)

// Layouts lists every layout, the default first.
var Layouts = []Layout{LayoutServices, LayoutPolyrepo, LayoutMonolith}

// ParseLayout returns the layout named s; the empty string is the default.
func ParseLayout(s string) (Layout, error) {
	if s == "" {
		return LayoutServices, nil
	}
	for _, l := range Layouts {
		if string(l) == s {
			return l, nil
		}
	}
	return "", fmt.Errorf("unknown layout %q: want services, polyrepo or monolith", s)
}

// ContextDir is the folder of a context's code in a layout, from the
// system's root. Inside it the paths are the same in every layout, so
// that a context's scaffolded files keep their place relative to it when
// the layout changes.
func ContextDir(c *model.Context, layout Layout) string {
	switch layout {
	case LayoutPolyrepo:
		return c.Kebab()
	case LayoutMonolith:
		return "internal/" + c.Kebab()
	}
	return "services/" + c.Kebab()
}

// ContextModule is the import path of a context's folder: the system's
// module and the folder, which in the polyrepo layout is the context's own
// module.
func ContextModule(m *model.Model, c *model.Context, layout Layout) string {
	return m.Module + "/" + ContextDir(c, layout)
}

// MonolithDatabaseEnv is the variable naming a context's own database in
// the monolith, DATABASE_URL_<CONTEXT>, in place of a schema of the
// monolith's DATABASE_URL.
func MonolithDatabaseEnv(c *model.Context) string {
	return "DATABASE_URL_" + strings.ToUpper(c.Snake())
}

// PlatformDir is the folder of the runtime copied into the module holding
// a context: the system's module in the services and monolith layouts, the
// context's own in the polyrepo layout.
func PlatformDir(c *model.Context, layout Layout) string {
	if layout == LayoutPolyrepo {
		return ContextDir(c, layout) + "/" + platform.Dir
	}
	return platform.Dir
}

// PlatformImport is the import path of PlatformDir.
func PlatformImport(m *model.Model, c *model.Context, layout Layout) string {
	if layout == LayoutPolyrepo {
		return ContextModule(m, c, layout) + "/" + platform.Dir
	}
	return m.Module + "/" + platform.Dir
}
