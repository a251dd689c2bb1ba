package liveboard

import (
	"maps"
	"time"
)

// Snapshot is what the board shows, as the page receives it in JSON. Its
// maps are keyed by the stickies' data-id (diagram.StickyID).
type Snapshot struct {
	// Events are the events seen on their topics or dead-lettered.
	Events map[string]EventStat `json:"events"`
	// Commands are the commands known to have been used: an event the
	// model says they emit was seen.
	Commands map[string]CommandStat `json:"commands"`
	// Consumers are the policies and read models of the contexts that
	// read events, by their group's lag and dead letters.
	Consumers map[string]ConsumerStat `json:"consumers"`
	// Unknown counts the records whose ce_type is no event of the model.
	Unknown int64 `json:"unknown"`
	// Connected says that the last attempt to read the broker worked;
	// Error says why it did not.
	Connected bool   `json:"connected"`
	Error     string `json:"error,omitempty"`
}

// EventStat is what was seen of an event.
type EventStat struct {
	Count        int64     `json:"count"`
	Last         time.Time `json:"last,omitzero"`
	DeadLettered int64     `json:"deadLettered"`
}

// CommandStat is when a command was last known to be used.
type CommandStat struct {
	Last time.Time `json:"last"`
}

// ConsumerStat is the state of a context's consumer group, shown on each
// of its policies and read models. Lagging says the group has had records
// to catch up on for longer than the board's grace period.
type ConsumerStat struct {
	Group        string `json:"group"`
	Lag          int64  `json:"lag"`
	Lagging      bool   `json:"lagging"`
	DeadLettered int64  `json:"deadLettered"`
}

// state accumulates what the board has read; it is not safe for
// concurrent use (Board guards it).
type state struct {
	x        *index
	grace    time.Duration
	snap     Snapshot
	lagSince map[string]time.Time // when each group's lag turned positive
}

func newState(x *index, grace time.Duration) *state {
	return &state{x: x, grace: grace, lagSince: map[string]time.Time{}, snap: Snapshot{
		Events: map[string]EventStat{}, Commands: map[string]CommandStat{}, Consumers: map[string]ConsumerStat{},
	}}
}

// record counts a record of topic with CloudEvents type ceType, written at
// t: an event on its topic, or a dead letter on a dead-letter topic.
func (s *state) record(topic, ceType string, t time.Time) {
	info := s.x.types[ceType]
	if group, dead := s.x.deadLetters[topic]; dead {
		s.deadLetter(group, info)
		return
	}
	if info == nil {
		s.snap.Unknown++
		return
	}
	e := s.snap.Events[info.id]
	e.Count++
	if t.After(e.Last) {
		e.Last = t
	}
	s.snap.Events[info.id] = e
	for _, cmd := range info.commands {
		if c := s.snap.Commands[cmd]; t.After(c.Last) {
			s.snap.Commands[cmd] = CommandStat{Last: t}
		}
	}
}

// deadLetter counts a dead letter of group, of event info when its type
// is known: on the event and on the group's consumers.
func (s *state) deadLetter(group string, info *eventInfo) {
	if info != nil {
		e := s.snap.Events[info.id]
		e.DeadLettered++
		s.snap.Events[info.id] = e
	} else {
		s.snap.Unknown++
	}
	for _, id := range s.x.groups[group].consumers {
		c := s.snap.Consumers[id]
		c.Group = group
		c.DeadLettered++
		s.snap.Consumers[id] = c
	}
}

// lag sets the lag of group as measured at now. The group is lagging once
// its lag has stayed above zero for the grace period.
func (s *state) lag(group string, lag int64, now time.Time) {
	g := s.x.groups[group]
	if g == nil {
		return
	}
	if lag <= 0 {
		delete(s.lagSince, group)
	} else if _, ok := s.lagSince[group]; !ok {
		s.lagSince[group] = now
	}
	since, positive := s.lagSince[group]
	lagging := positive && now.Sub(since) >= s.grace
	for _, id := range g.consumers {
		c := s.snap.Consumers[id]
		c.Group, c.Lag, c.Lagging = group, lag, lagging
		s.snap.Consumers[id] = c
	}
}

// connection notes whether the last read of the broker worked.
func (s *state) connection(err error) {
	s.snap.Connected = err == nil
	s.snap.Error = ""
	if err != nil {
		s.snap.Error = err.Error()
	}
}

// snapshot is a copy of the state, safe to use after s changes.
func (s *state) snapshot() Snapshot {
	out := s.snap
	out.Events = maps.Clone(s.snap.Events)
	out.Commands = maps.Clone(s.snap.Commands)
	out.Consumers = maps.Clone(s.snap.Consumers)
	return out
}
