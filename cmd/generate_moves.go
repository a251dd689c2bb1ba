package cmd

import (
	"fmt"
	"io"
	"strings"

	"eventstorm/generator"
	"eventstorm/generator/write"
	"eventstorm/model"
)

// move is a scaffolded file of another layout and its place in this one.
type move struct{ from, to string }

// layoutMoves finds the orphaned scaffolded files that another layout put
// in a context's folder and that this layout scaffolds at the same place
// in the context's new folder: the user's code, left behind by a change of
// layout. It returns them with the layout they came from, and the import
// path prefixes to rewrite in them, old then new.
func layoutMoves(m *model.Model, layout generator.Layout, plan []generator.File, result *write.Result) (from generator.Layout, moves []move, imports [][2]string) {
	scaffolded := map[string]bool{}
	for _, f := range plan {
		if f.Owner == generator.Scaffolded {
			scaffolded[f.Path] = true
		}
	}
	rewritten := map[*model.Context]bool{}
	for _, o := range result.Orphans() {
		for _, c := range m.Contexts {
			for _, old := range generator.Layouts {
				prefix := generator.ContextDir(c, old) + "/"
				if old == layout || !strings.HasPrefix(o.Path, prefix) {
					continue
				}
				to := generator.ContextDir(c, layout) + "/" + strings.TrimPrefix(o.Path, prefix)
				if !scaffolded[to] {
					continue
				}
				from = old
				moves = append(moves, move{o.Path, to})
				if !rewritten[c] {
					rewritten[c] = true
					imports = append(imports, [2]string{generator.ContextModule(m, c, old) + "/", generator.ContextModule(m, c, layout) + "/"})
				}
			}
		}
	}
	return from, moves, imports
}

// printMoves says, after a change of layout, where each scaffolded file of
// the old layout goes in the new one: generate deleted the old layout's
// generated files and scaffolded fresh files in the new places, but the
// user's code is still in the old ones.
func printMoves(w io.Writer, m *model.Model, layout generator.Layout, plan []generator.File, result *write.Result, dry bool) {
	from, moves, imports := layoutMoves(m, layout, plan, result)
	if len(moves) == 0 {
		return
	}
	did := "deleted the %s layout's generated files and scaffolded fresh files at the new places"
	if dry {
		did = "would delete the %s layout's generated files and scaffold fresh files at the new places"
	}
	fmt.Fprintf(w, "\nThe output was in the %s layout; for the %s layout, generate "+did+".\n", from, layout, from)
	fmt.Fprintln(w, "Your code is still in the orphaned scaffolded files, which no longer build: move each over its new place,")
	for _, mv := range moves {
		fmt.Fprintf(w, "  %s -> %s\n", mv.from, mv.to)
	}
	fmt.Fprintln(w, "and in the moved files change the imports")
	for _, imp := range imports {
		fmt.Fprintf(w, "  %s -> %s\n", imp[0], imp[1])
	}
}
