package boardimport

import (
	"strings"
	"testing"
)

func TestDefaultLegend(t *testing.T) {
	l := DefaultLegend()
	for _, tc := range []struct {
		color string
		big   bool
		want  Role
	}{
		{"orange", false, Event},
		{"#ffa500", false, Event},
		{"#FDBA74", false, Event}, // eventstorm's own diagrams
		{"#fb9a40", false, Event}, // near orange
		{"light_blue", false, Command},
		{"#93c5fd", false, Command},
		{"violet", false, Policy},
		{"#c8a2c8", false, Policy},
		{"light_green", false, ReadModel},
		{"#86efac", false, ReadModel},
		{"pink", false, ExternalSystem},
		{"red", false, Hotspot},
		{"#f43f5e", false, Hotspot},
		{"light_yellow", false, Actor},
		{"light_yellow", true, Aggregate},
		{"#fde68a", true, Aggregate},
		{"gray", false, Unknown},
		{"#00ff00", false, Unknown},
		{"#123456", false, Unknown},
		{"", false, Unknown},
		{"not-a-colour", false, Unknown},
	} {
		if got := l.match(tc.color, 100, tc.big); got != tc.want {
			t.Errorf("match(%q, big=%v) = %v, want %v", tc.color, tc.big, got, tc.want)
		}
	}
}

func TestParseLegend(t *testing.T) {
	l, err := ParseLegend("legend.yaml", []byte("# muted wall\nevent: [\"#e6b8af\", yellow]\naggregate: { color: \"#fff2cc\", minWidth: 300 }\nactor: \"#fff2cc\"\nignore: [gray]\ntolerance: 20\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		color string
		width float64
		want  Role
	}{
		{"#e6b8af", 100, Event},
		{"yellow", 100, Event}, // the file's yellow is an event: actors lose it
		{"#fff2cc", 350, Aggregate},
		{"#fff2cc", 150, Actor},
		{"gray", 100, Ignore},
		{"orange", 100, Unknown},     // listing a role replaces its colours
		{"#f0a090", 100, Unknown},    // beyond the tolerance of 20
		{"#e9b5ac", 100, Event},      // within it
		{"light_blue", 100, Command}, // roles the file does not name keep theirs
	} {
		if got := l.match(tc.color, tc.width, false); got != tc.want {
			t.Errorf("match(%q, %v) = %v, want %v", tc.color, tc.width, got, tc.want)
		}
	}
}

func TestParseLegendErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"event: [orange, tangerine]\n", `l.yaml:1:17: error: "tangerine" is not a colour`},
		{"evnt: orange\n", `l.yaml:1:1: error: unknown key "evnt"`},
		{"event: orange\nevent: red\n", `l.yaml:2:1: error: "event" is given twice`},
		{"tolerance: much\n", "l.yaml:1:12: error: tolerance must be a number"},
		{"aggregate: { minWidth: 3 }\n", "l.yaml:1:12: error: no `color:`"},
		{"actor: { color: yellow, minWidth: 3 }\n", `l.yaml:1:25: error: unknown key "minWidth"`},
		{"- event\n", "l.yaml:1:1: error: a legend is a mapping"},
		{"event: [\n", "l.yaml:1:1: error: not YAML"},
	} {
		_, err := ParseLegend("l.yaml", []byte(tc.in))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %s", tc.in, err, tc.want)
		}
	}
}
