package cmd

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"eventstorm/internal/boardimport"
	"eventstorm/internal/fsutil"
	"eventstorm/model"
)

type importOptions struct {
	streams *IOStreams
	file    string
	from    string
	legend  string
	out     string
	system  string
}

func newImportCmd(streams *IOStreams) *cobra.Command {
	opts := &importOptions{streams: streams}
	c := &cobra.Command{
		Use:   "import FILE",
		Short: "Turn a Miro, Excalidraw or draw.io board into a model",
		Long: `Read an EventStorming wall exported from a whiteboard tool and write it as
a model (default ./eventstorm.yaml):

  miro        Miro REST API v2 board items as JSON: a list, or the API's page
              { "data": [...] }, connectors included or as a second list
  excalidraw  an .excalidraw file
  drawio      a .drawio or .xml file

The format is detected from the file unless --from names it.

Sticky colours say what each sticky is (the classic palette: orange event,
blue command, lilac policy, green read model, pink external system, red
hotspot, small yellow actor, large yellow aggregate; Miro's named colours
and eventstorm's own diagram colours too). Frames become bounded contexts
(a board without frames is one context); arrows, or without them the
layout (a command's events stand right of it on its row), link the
stickies. A sticky that cannot be placed becomes a hotspot quoting it.
Every element keeps source: { board, id } so that validate names the sticky
and a later import updates it.

--legend FILE recolours roles for boards that use other colours:

  event: ["#ff9900", orange]            # a colour or a list
  aggregate: { color: yellow, minWidth: 300 }   # wider = aggregate, else actor
  ignore: gray                          # notes that are not the model
  tolerance: 40                         # RGB distance for a match (default 60)

Keys: event, command, policy, readModel, externalSystem, hotspot, actor,
aggregate, ignore, tolerance. Colours are #rrggbb or Miro colour names.

When -o names an existing model, the import merges into it: elements are
matched by source id and renamed, new stickies added, and everything added
by hand (fields, rules, scenarios, descriptions, comments) kept. Elements
whose sticky is gone are kept and listed. A file that is not an eventstorm
model is never overwritten.

Exit status: 0 when the model was written, 1 when the board or legend
cannot be read, 2 when the command line is wrong.`,
		Example: `  eventstorm import board.json
  eventstorm import wall.excalidraw -o shop/eventstorm.yaml
  eventstorm import items.json --from miro --legend colours.yaml`,
		Args: exactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.file = args[0]
			return fail(runImport(opts))
		},
	}
	c.Flags().StringVar(&opts.from, "from", "", "board format: "+strings.Join(boardimport.Formats(), ", ")+" (default: detected)")
	c.Flags().StringVar(&opts.legend, "legend", "", "YAML file mapping sticky colours to elements")
	c.Flags().StringVarP(&opts.out, "output", "o", ModelFile, "model file to write or merge into")
	c.Flags().StringVar(&opts.system, "system", "", "system name of a new model (default: from the board file's name)")
	return c
}

func runImport(opts *importOptions) error {
	data, err := readImportFile(opts.file)
	if err != nil {
		return err
	}
	b, err := boardimport.Read(opts.file, data, opts.from)
	if err != nil {
		if opts.from != "" && !knownBoardFormat(opts.from) {
			return usageError("%v", err)
		}
		return err
	}
	legend := boardimport.DefaultLegend()
	if opts.legend != "" {
		ld, err := readImportFile(opts.legend)
		if err != nil {
			return err
		}
		if legend, err = boardimport.ParseLegend(opts.legend, ld); err != nil {
			return err
		}
	}
	d, unplaced := boardimport.Infer(b, legend, opts.systemName())
	out, rep, err := importedModel(opts.out, d)
	if err != nil {
		return err
	}
	if err := fsutil.WriteFileAtomic(opts.out, out, 0o644); err != nil {
		return fmt.Errorf("cannot write %s: %v", opts.out, err)
	}
	opts.report(b, d, unplaced, rep)
	return nil
}

// importedModel is the new model file's content: the draft, or the draft
// merged into the model already at path.
func importedModel(path string, d *boardimport.Draft) ([]byte, *boardimport.MergeReport, error) {
	old, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return d.YAML(), nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read %s: %v", path, err)
	}
	out, rep, err := boardimport.Merge(old, d)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %v", path, err)
	}
	return out, rep, nil
}

func readImportFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", path, importPathErr(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, model.MaxFileSize*4+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", path, importPathErr(err))
	}
	if len(data) > model.MaxFileSize*4 {
		return nil, fmt.Errorf("%s is larger than %d MiB; export the board's items only", path, model.MaxFileSize*4>>20)
	}
	return data, nil
}

func importPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func knownBoardFormat(f string) bool {
	for _, k := range boardimport.Formats() {
		if k == f {
			return true
		}
	}
	return false
}

// systemName is --system, else the board file's name in words.
func (opts *importOptions) systemName() string {
	if opts.system != "" {
		return opts.system
	}
	base := filepath.Base(opts.file)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	words := strings.FieldsFunc(base, func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == ' ' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	if len(words) == 0 {
		return "System"
	}
	return strings.Join(words, " ")
}

// report prints what the import did.
func (opts *importOptions) report(b *boardimport.Board, d *boardimport.Draft, unplaced []string, rep *boardimport.MergeReport) {
	w := opts.streams.Out
	counts := d.Counts()
	var parts []string
	for _, k := range [][2]string{{"contexts", "context"}, {"aggregates", "aggregate"}, {"commands", "command"},
		{"events", "event"}, {"policies", "policy"}, {"read models", "read model"},
		{"external systems", "external system"}, {"hotspots", "hotspot"}} {
		switch n := counts[k[0]]; n {
		case 0:
		case 1:
			parts = append(parts, "1 "+k[1])
		default:
			parts = append(parts, fmt.Sprintf("%d %s", n, k[0]))
		}
	}
	fmt.Fprintf(w, "read %d items from the %s board %s: %s\n", len(b.Items), b.Format, opts.file, strings.Join(parts, ", "))
	if d.Ignored > 0 {
		fmt.Fprintf(w, "%d stickies left out: their colour is under `ignore` in the legend\n", d.Ignored)
	}
	if len(d.Blank) > 0 {
		what := "blank stickies"
		if len(d.Blank) == 1 {
			what = "blank sticky"
		}
		fmt.Fprintf(w, "%d %s left out (no text to name or quote): %s\n", len(d.Blank), what, strings.Join(d.Blank, ", "))
	}
	sort.Strings(unplaced)
	if len(unplaced) > 0 {
		if len(unplaced) == 1 {
			fmt.Fprintln(w, "1 sticky could not be placed and became a hotspot:")
		} else {
			fmt.Fprintf(w, "%d stickies could not be placed and became hotspots:\n", len(unplaced))
		}
		for _, u := range unplaced {
			fmt.Fprintf(w, "  %s\n", u)
		}
	}
	if rep == nil {
		fmt.Fprintf(w, "wrote %s; check it with `eventstorm validate %s`\n", opts.out, opts.out)
		return
	}
	fmt.Fprintf(w, "merged into %s: %d added, %d updated, hand-written content kept\n", opts.out, rep.Added, rep.Updated)
	if len(rep.Gone) > 0 {
		fmt.Fprintf(w, "%d elements are no longer on the board and were kept (delete them by hand if they are gone):\n", len(rep.Gone))
		for _, g := range rep.Gone {
			fmt.Fprintf(w, "  %s\n", g)
		}
	}
}
