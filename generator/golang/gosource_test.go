package golang

import (
	"fmt"
	"go/format"
	"math/rand/v2"
	"strings"
	"testing"

	"eventstorm/generator/genfile"
)

// formatted reports the difference, if any, between src and go/format's
// output for it.
func formatted(t *testing.T, src string) {
	t.Helper()
	out, err := format.Source([]byte(src))
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	if string(out) != src {
		t.Fatalf("not as gofmt writes it:\n--- written\n%s\n--- gofmt\n%s", src, out)
	}
}

func testSource() *goSource {
	return &goSource{pkgPath: "example.com/m/p", pkgName: "p", module: "example.com/m", owner: genfile.Generated,
		hints: map[string]string{}, imports: map[string]sourceImport{}}
}

// TestCommentsAsGofmtLeavesThem writes comments whose wrapped lines start
// like list items, numbers, code or headings, at the top level (where
// gofmt reformats doc comments) and in a function body.
func TestCommentsAsGofmtLeavesThem(t *testing.T) {
	texts := []string{
		"Order is the state of one Order, rebuilt from its events.",
		"Orders placed by customers who want things, and many more words to wrap - a list item follows here",
		"A first paragraph.\n\nSecond Paragraph Looks Like A Heading\n\nThird paragraph.",
		"Counts items: 1. the first one of them all and then a lot of words to wrap it here 2. second",
		"Tabs\tinside and   spaces    collapse; # not a heading here but could wrap to one # Heading at start",
		"[Link]: https://example.com and text with a * star and + plus to be wrapped onto lines + plus starts",
		"• bullet at the start of the text itself",
		"9 lives of a cat",
	}
	for _, text := range texts {
		g := testSource()
		g.comment("%s", text)
		g.line("func f() {")
		g.comment("%s", text)
		g.line("_ = 1")
		g.line("}")
		formatted(t, string(g.bytes()))
	}
}

// TestTablesAsGofmtAlignsThem aligns struct fields of random widths, with
// tags on some, and keyed literals with keys short and long.
func TestTablesAsGofmtAlignsThem(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	name := func() string {
		letter := []string{"x", "한"}[r.IntN(2)] // a key's size is its bytes, a cell's width its runes
		return "F" + strings.Repeat(letter, r.IntN(50))
	}
	for range 400 {
		g := testSource()
		g.line("type T struct {")
		var rows [][]string
		for range 1 + r.IntN(6) {
			row := []string{name(), "int" + strings.Repeat("6", r.IntN(2))}
			if r.IntN(2) == 0 {
				row = append(row, tag(map[string]string{"json": strings.ToLower(row[0])}))
			}
			rows = append(rows, row)
		}
		g.table(rows)
		g.line("}")
		g.line("")
		g.line("var v = T{")
		var items []keyValue
		for _, row := range rows {
			items = append(items, keyValue{row[0], fmt.Sprint(r.IntN(1000))})
		}
		g.keyed(items)
		g.line("}")
		formatted(t, string(g.bytes()))
	}
}

// TestImportsAsJenniferNamesThem imports standard, hinted and guessed
// packages, two of one name.
func TestImportsAsJenniferNamesThem(t *testing.T) {
	g := testSource()
	g.importName("example.com/m/internal/platform/kafka", "kafka")
	g.line("var (")
	g.line("_ = %s", g.q("context", "Background"))
	g.line("_ = %s", g.q("math/rand/v2", "N"))
	g.line("_ = %s", g.q("example.com/m/internal/platform/kafka", "X"))
	g.line("_ = %s", g.q("example.com/m/other/kafka", "Y"))
	g.line("_ = %s", g.q("github.com/google/go-cmp", "Z"))
	g.line("_ = %s", g.q("example.com/m/p", "Local"))
	g.line(")")
	src := string(g.bytes())
	formatted(t, src)
	for _, want := range []string{"\t\"context\"\n", "\t\"math/rand/v2\"\n", "\t\"example.com/m/internal/platform/kafka\"\n", "\tkafka1 \"example.com/m/other/kafka\"\n", "\tgocmp \"github.com/google/go-cmp\"\n", "_ = kafka1.Y", "_ = Local"} {
		if !strings.Contains(src, want) {
			t.Errorf("no %q in\n%s", want, src)
		}
	}
}

// TestBareFiles writes a file of a package clause alone, and one with an
// import and no body.
func TestBareFiles(t *testing.T) {
	g := testSource()
	formatted(t, string(g.bytes()))
	g.packageDoc("Package p is bare.")
	formatted(t, string(g.bytes()))
	g.line("var _ = %s", g.q("context", "Background"))
	formatted(t, string(g.bytes()))
}
