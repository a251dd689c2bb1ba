package boardimport

// Draft is the model inferred from a board, before it is written as YAML.
type Draft struct {
	System   string
	Board    string // the board format, for `source.board`
	Contexts []*DraftContext
	// Ignored counts the stickies of colours the legend says to ignore.
	Ignored int
	// Blank lists the ids of stickies with no text, left out because they
	// carry nothing to name an element or quote in a hotspot.
	Blank []string
}

// DraftContext is one bounded context: a frame of the board.
type DraftContext struct {
	Name, ID   string
	Aggregates []*DraftAggregate
	Policies   []*DraftPolicy
	ReadModels []*DraftReadModel
	Externals  []*DraftElement
	Hotspots   []*DraftElement // Name holds the hotspot's text
}

// DraftElement is a named sticky; ID is its board id ("" for an element
// the import made up, such as a context's default aggregate).
type DraftElement struct {
	Name, ID string
}

// DraftAggregate is an aggregate with its commands and events, events in
// timeline order.
type DraftAggregate struct {
	DraftElement
	Commands []*DraftCommand
	Events   []*DraftElement
}

// DraftCommand is a command with its links.
type DraftCommand struct {
	DraftElement
	Actor   string
	Creates bool
	Emits   []string
	Uses    []string
}

// DraftPolicy is a policy: whenever When, then Then.
type DraftPolicy struct {
	DraftElement
	When, Then string
}

// DraftReadModel is a read model fed by events.
type DraftReadModel struct {
	DraftElement
	From []string
}

// Counts tallies what a draft holds, by kind, for the import's summary.
func (d *Draft) Counts() map[string]int {
	n := map[string]int{}
	for _, c := range d.Contexts {
		n["contexts"]++
		for _, a := range c.Aggregates {
			n["aggregates"]++
			n["commands"] += len(a.Commands)
			n["events"] += len(a.Events)
		}
		n["policies"] += len(c.Policies)
		n["read models"] += len(c.ReadModels)
		n["external systems"] += len(c.Externals)
		n["hotspots"] += len(c.Hotspots)
	}
	return n
}
