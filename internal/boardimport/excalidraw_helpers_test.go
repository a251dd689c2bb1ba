package boardimport

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// itemLine is an item in one line, for tables of expected items:
// "kind id 'text' color parent from>to".
func itemLine(it Item) string {
	s := fmt.Sprintf("%s %s %q", it.Kind, it.ID, it.Text)
	if it.Color != "" {
		s += " " + it.Color
	}
	if it.Parent != "" {
		s += " in:" + it.Parent
	}
	if it.Kind == Connector {
		s += " " + it.From + ">" + it.To
	}
	return s
}

// readFixture reads testdata/name with format detection, as import does.
func readFixture(t *testing.T, name string) *Board {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Read(name, data, "")
	if err != nil {
		t.Fatalf("Read %s: %v", name, err)
	}
	return b
}

// checkItems compares a board's items, in order, with lines of itemLine.
func checkItems(t *testing.T, b *Board, want []string) {
	t.Helper()
	var got []string
	for _, it := range b.Items {
		got = append(got, itemLine(it))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("items:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// itemByID finds an item, failing the test when it is missing.
func itemByID(t *testing.T, b *Board, id string) Item {
	t.Helper()
	for _, it := range b.Items {
		if it.ID == id {
			return it
		}
	}
	t.Fatalf("no item %q", id)
	return Item{}
}

// fixtureItems is a fixture board and the items it must read to, as
// itemLine writes them.
type fixtureItems struct {
	file string
	want []string
}

// checkFixtures reads each fixture, checks the detected format and its
// items.
func checkFixtures(t *testing.T, format string, tests []fixtureItems) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b := readFixture(t, tt.file)
			if b.Format != format {
				t.Errorf("format %q, want %s", b.Format, format)
			}
			checkItems(t, b, tt.want)
		})
	}
}
