package diagram

// Kind is the kind of a sticky note on the board.
type Kind int

// The kinds of sticky notes, in the order of the flow on a board.
const (
	Actor Kind = iota
	Command
	Aggregate
	Event
	Policy
	ReadModel
	ExternalSystem
	Hotspot
)

// Kinds lists every kind of sticky, in flow order.
var Kinds = []Kind{Actor, Command, Aggregate, Event, Policy, ReadModel, ExternalSystem, Hotspot}

// style is how a kind of sticky looks: the classic EventStorming paper
// colour and a darker border of the same hue.
type style struct {
	class  string // CSS and Mermaid class name
	label  string // what the sticky is called on the board
	fill   string
	stroke string
}

var styles = [...]style{
	Actor:          {"actor", "actor", "#fef08a", "#ca8a04"},
	Command:        {"command", "command", "#93c5fd", "#2563eb"},
	Aggregate:      {"aggregate", "aggregate", "#fde68a", "#b45309"},
	Event:          {"event", "domain event", "#fdba74", "#c2410c"},
	Policy:         {"policy", "policy", "#d8b4fe", "#7e22ce"},
	ReadModel:      {"readmodel", "read model", "#86efac", "#15803d"},
	ExternalSystem: {"external", "external system", "#f9a8d4", "#be185d"},
	Hotspot:        {"hotspot", "hotspot", "#f43f5e", "#9f1239"},
}

// Fill is the kind's sticky colour, as #rrggbb.
func (k Kind) Fill() string { return styles[k].fill }

// String is what the sticky is called, e.g. "domain event".
func (k Kind) String() string { return styles[k].label }

func (k Kind) class() string  { return styles[k].class }
func (k Kind) stroke() string { return styles[k].stroke }
