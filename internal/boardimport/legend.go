package boardimport

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"eventstorm/diagram"

	"gopkg.in/yaml.v3"
)

// Role is what a sticky means on an EventStorming wall.
type Role int

// The roles a legend assigns; Unknown is a colour the legend does not know.
const (
	Unknown Role = iota
	Event
	Command
	Policy
	ReadModel
	ExternalSystem
	Hotspot
	Actor
	Aggregate
	// Ignore marks colours of notes that are not part of the model
	// (comments, legends drawn on the wall).
	Ignore
)

// roleKeys are the legend file's keys, in Role order.
var roleKeys = [...]string{"", "event", "command", "policy", "readModel", "externalSystem", "hotspot", "actor", "aggregate", "ignore"}

// String is the role's legend key, e.g. "readModel".
func (r Role) String() string {
	if r == Unknown {
		return "unknown"
	}
	return roleKeys[r]
}

// DefaultTolerance is how far (Euclidean distance in RGB, 0–441) a colour
// may be from a legend colour and still match it.
const DefaultTolerance = 60

// Legend says which sticky colour means which element.
type Legend struct {
	colors []legendColor
	// Tolerance is the largest RGB distance a colour may be from its
	// nearest legend colour.
	Tolerance float64
	// AggregateMinWidth, when positive, is the width from which a sticky
	// whose colour both actors and aggregates use is an aggregate; when 0 a
	// sticky markedly larger than the board's usual sticky is one.
	AggregateMinWidth float64
}

type legendColor struct {
	role Role
	rgb  [3]float64
	name string // a colour name matched by name first, "" for hex only
}

// miroColors are the named fill colours of Miro sticky notes
// (`style.fillColor`) with the hex Miro draws them in.
var miroColors = map[string]string{
	"gray": "#f5f6f8", "light_yellow": "#fff9b1", "yellow": "#f5d128", "orange": "#ff9d48",
	"light_green": "#d5f692", "green": "#c9df56", "dark_green": "#93d275", "cyan": "#67c6c0",
	"light_pink": "#ffcee0", "pink": "#ea94bb", "violet": "#be88c7", "red": "#f24726",
	"light_blue": "#a6ccf5", "blue": "#6cd8fa", "dark_blue": "#9ea9ff", "black": "#1a1a1a",
	"white": "#ffffff",
	// Plain names a legend file may use.
	"purple": "#c084fc", "lilac": "#c8a2c8",
}

// DefaultLegend is the classic EventStorming palette, eventstorm's own
// diagram colours and Miro's named sticky colours.
func DefaultLegend() *Legend {
	l := &Legend{Tolerance: DefaultTolerance}
	add := func(r Role, colors ...string) {
		for _, c := range colors {
			rgb, _ := parseColor(c)
			name := ""
			if !strings.HasPrefix(c, "#") {
				name = c
			}
			l.colors = append(l.colors, legendColor{role: r, rgb: rgb, name: name})
		}
	}
	// The classic palette, then draw.io's and Excalidraw's fill pickers,
	// then Miro's names and eventstorm's diagrams.
	add(Event, "#ffa500", "#ff9900", "#ffb74d", "#f5a623", "#ffe6cc", "#ffcc99", "#ffc078", "#ffd8a8", "#ff922b", "orange", diagram.Event.Fill())
	add(Command, "#87ceeb", "#a7c7e7", "#5bc0de", "#4a90e2", "#dae8fc", "#a5d8ff", "#74c0fc", "light_blue", "blue", "dark_blue", "cyan", diagram.Command.Fill())
	add(Policy, "#c8a2c8", "#b19cd9", "#9c27b0", "#e1d5e7", "#d0bfff", "#eebefa", "violet", "purple", diagram.Policy.Fill())
	add(ReadModel, "#90ee90", "#7ed321", "#4caf50", "#d5e8d4", "#b2f2bb", "#8ce99a", "light_green", "green", "dark_green", diagram.ReadModel.Fill())
	add(ExternalSystem, "#ffc0cb", "#ff69b4", "#f8bbd0", "#f8cecc", "#fcc2d7", "light_pink", "pink", diagram.ExternalSystem.Fill())
	add(Hotspot, "#ff0000", "#e0115f", "#d0021b", "#c71585", "#e64980", "#ff8787", "#ffc9c9", "red", diagram.Hotspot.Fill())
	yellows := []string{"#ffff88", "#ffeb3b", "#fff59d", "#f8e71c", "#fff2cc", "#ffec99", "#fff3bf", "light_yellow", "yellow"}
	// Neutral colours are notes, not elements: matched here so that a
	// grey sticky is not taken for the nearest pastel.
	add(Unknown, "gray", "white", "black", "#ffffff", "#000000", "#808080", "#f5f5f5", "#f8f9fa")
	add(Actor, append(yellows, diagram.Actor.Fill())...)
	add(Aggregate, append(yellows, diagram.Aggregate.Fill())...)
	return l
}

// match is the role of a colour, by name when the legend names it, else by
// the nearest legend colour within the tolerance. big says whether the
// sticky is large, which decides between colours actors and aggregates
// share.
func (l *Legend) match(color string, width float64, big bool) Role {
	color = strings.ToLower(strings.TrimSpace(color))
	if color == "" {
		return Unknown
	}
	roles := map[Role]bool{}
	for _, c := range l.colors {
		if c.name != "" && c.name == color {
			roles[c.role] = true
		}
	}
	if len(roles) == 0 {
		rgb, ok := parseColor(color)
		if !ok {
			return Unknown
		}
		best := math.Inf(1)
		for _, c := range l.colors {
			d := distance(rgb, c.rgb)
			switch {
			case d < best-1e-9:
				best, roles = d, map[Role]bool{c.role: true}
			case math.Abs(d-best) <= 1e-9:
				roles[c.role] = true
			}
		}
		if best > l.Tolerance {
			return Unknown
		}
	}
	if roles[Actor] && roles[Aggregate] {
		if l.AggregateMinWidth > 0 {
			big = width >= l.AggregateMinWidth
		}
		if big {
			return Aggregate
		}
		return Actor
	}
	for r := Event; r <= Ignore; r++ {
		if roles[r] {
			return r
		}
	}
	return Unknown
}

func distance(a, b [3]float64) float64 {
	return math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
}

// parseColor reads #rgb, #rrggbb (or #rrggbbaa) or a known colour name.
func parseColor(s string) ([3]float64, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if hex, ok := miroColors[s]; ok {
		s = hex
	}
	if !strings.HasPrefix(s, "#") {
		return [3]float64{}, false
	}
	h := s[1:]
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if len(h) == 8 {
		h = h[:6]
	}
	if len(h) != 6 {
		return [3]float64{}, false
	}
	var rgb [3]float64
	for i := 0; i < 3; i++ {
		v, err := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		if err != nil {
			return [3]float64{}, false
		}
		rgb[i] = float64(v)
	}
	return rgb, true
}

// LegendError is a problem in a legend file, at a line and column.
type LegendError struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *LegendError) Error() string {
	return fmt.Sprintf("%s:%d:%d: error: %s", e.File, e.Line, e.Col, e.Msg)
}

// ParseLegend reads a legend file: the default legend with the roles it
// lists recoloured. Each role key (event, command, policy, readModel,
// externalSystem, hotspot, actor, aggregate, ignore) takes a colour, a list
// of colours, or a mapping { color: ..., minWidth: N } (minWidth only for
// aggregate); `tolerance: N` changes how near a colour must be.
func ParseLegend(file string, data []byte) (*Legend, error) {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return DefaultLegend(), nil
		}
		return nil, &LegendError{file, 1, 1, "not YAML: " + err.Error()}
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	l := DefaultLegend()
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return l, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, legendErr(file, root, "a legend is a mapping of roles to colours, e.g. `event: [\"#ff9900\", orange]`")
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			return nil, legendErr(file, k, fmt.Sprintf("%q is given twice", k.Value))
		}
		seen[k.Value] = true
		if err := l.setKey(file, k, v); err != nil {
			return nil, err
		}
	}
	return l, nil
}

func legendErr(file string, n *yaml.Node, msg string) error {
	return &LegendError{file, n.Line, n.Column, msg}
}

// setKey applies one key of a legend file.
func (l *Legend) setKey(file string, k, v *yaml.Node) error {
	if k.Value == "tolerance" {
		f, err := strconv.ParseFloat(v.Value, 64)
		if v.Kind != yaml.ScalarNode || err != nil || f < 0 || f > 441 {
			return legendErr(file, v, "tolerance must be a number from 0 to 441 (RGB distance)")
		}
		l.Tolerance = f
		return nil
	}
	role := Unknown
	for r := Event; r <= Ignore; r++ {
		if roleKeys[r] == k.Value {
			role = r
		}
	}
	if role == Unknown {
		keys := append([]string{"tolerance"}, roleKeys[1:]...)
		sort.Strings(keys)
		return legendErr(file, k, fmt.Sprintf("unknown key %q; a legend has %s", k.Value, strings.Join(keys, ", ")))
	}
	if v.Kind == yaml.MappingNode {
		return l.setMapping(file, role, v)
	}
	return l.setColors(file, role, v)
}

func (l *Legend) setMapping(file string, role Role, v *yaml.Node) error {
	var colors *yaml.Node
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		switch {
		case k.Value == "color" || k.Value == "colors":
			colors = val
		case k.Value == "minWidth" && role == Aggregate:
			f, err := strconv.ParseFloat(val.Value, 64)
			if val.Kind != yaml.ScalarNode || err != nil || f <= 0 {
				return legendErr(file, val, "minWidth must be a positive number (board units)")
			}
			l.AggregateMinWidth = f
		default:
			return legendErr(file, k, fmt.Sprintf("unknown key %q; write color (and, for aggregate, minWidth)", k.Value))
		}
	}
	if colors == nil {
		return legendErr(file, v, "no `color:`; write e.g. `{ color: yellow, minWidth: 300 }`")
	}
	return l.setColors(file, role, colors)
}

// setColors replaces the role's colours by those of n (a colour or a list).
func (l *Legend) setColors(file string, role Role, n *yaml.Node) error {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	var out []legendColor
	for _, c := range items {
		rgb, ok := parseColor(c.Value)
		if c.Kind != yaml.ScalarNode || !ok {
			return legendErr(file, c, fmt.Sprintf("%q is not a colour; write #rrggbb or a Miro colour name (%s)", c.Value, strings.Join(colorNames(), ", ")))
		}
		name := ""
		if !strings.HasPrefix(strings.TrimSpace(c.Value), "#") {
			name = strings.ToLower(strings.TrimSpace(c.Value))
		}
		out = append(out, legendColor{role: role, rgb: rgb, name: name})
	}
	// The file's colours win: other roles lose them, except that actors
	// and aggregates share theirs (size tells them apart).
	kept := l.colors[:0:0]
	for _, c := range l.colors {
		if c.role != role && (!taken(out, c) || sizeDecided(c.role) && sizeDecided(role)) {
			kept = append(kept, c)
		}
	}
	l.colors = append(kept, out...)
	return nil
}

func colorNames() []string {
	var out []string
	for n := range miroColors {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func sizeDecided(r Role) bool { return r == Actor || r == Aggregate }

// taken reports whether c is one of the colours in out.
func taken(out []legendColor, c legendColor) bool {
	for _, o := range out {
		if o.rgb == c.rgb || c.name != "" && o.name == c.name {
			return true
		}
	}
	return false
}
