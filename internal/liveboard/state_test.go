package liveboard

import (
	"reflect"
	"slices"
	"testing"
	"time"
)

// Names as the generator gives them to the rental model.
const (
	fleetTopic   = "bike-rental.fleet.bike"
	rentalTopic  = "bike-rental.rentals.rental"
	fleetDLQ     = "bike-rental.fleet.bike.rentals.dlq"
	registered   = "bike-rental.fleet.bike-registered"
	retired      = "bike-rental.fleet.bike-retired"
	started      = "bike-rental.rentals.rental-started"
	rentalsGroup = "rentals"
)

func TestIndexNamesAsTheGenerator(t *testing.T) {
	x := newIndex(loadModel(t, rentalModel))
	if want := []string{fleetTopic, fleetDLQ, rentalTopic}; !reflect.DeepEqual(x.allTopics(), want) {
		t.Errorf("topics %v, want %v", x.allTopics(), want)
	}
	if got := x.deadLetters[fleetDLQ]; got != rentalsGroup {
		t.Errorf("%s is written by group %q, want %q", fleetDLQ, got, rentalsGroup)
	}
	g := x.groups[rentalsGroup]
	if g == nil || !reflect.DeepEqual(g.consumers, []string{"Rentals/End rentals of retired bikes", "Rentals/Bikes Available"}) || !reflect.DeepEqual(g.topics, []string{fleetTopic}) {
		t.Errorf("group %s: %+v", rentalsGroup, g)
	}
	if len(x.groups) != 1 {
		t.Errorf("groups %v, want only %s: Fleet reads nothing", x.groupNames(), rentalsGroup)
	}
	info := x.types[retired]
	if info == nil || info.id != "Fleet/Bike Retired" || !slices.Equal(info.commands, []string{"Fleet/Retire Bike", "Fleet/Report Theft"}) {
		t.Errorf("type %s: %+v", retired, info)
	}
}

// rec is a record the state is given.
type rec struct {
	topic, ceType string
	at            int // seconds after t0
}

var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func at(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }

func TestStateCountsRecords(t *testing.T) {
	tests := []struct {
		name     string
		records  []rec
		events   map[string]EventStat
		commands map[string]CommandStat
		unknown  int64
	}{
		{name: "nothing", events: map[string]EventStat{}, commands: map[string]CommandStat{}},
		{
			name:     "one event lights its command",
			records:  []rec{{fleetTopic, registered, 1}},
			events:   map[string]EventStat{"Fleet/Bike Registered": {Count: 1, Last: at(1)}},
			commands: map[string]CommandStat{"Fleet/Register Bike": {Last: at(1)}},
		},
		{
			name:     "counts and the latest time, records out of order",
			records:  []rec{{fleetTopic, registered, 5}, {fleetTopic, registered, 3}, {rentalTopic, started, 4}},
			events:   map[string]EventStat{"Fleet/Bike Registered": {Count: 2, Last: at(5)}, "Rentals/Rental Started": {Count: 1, Last: at(4)}},
			commands: map[string]CommandStat{"Fleet/Register Bike": {Last: at(5)}, "Rentals/Start Rental": {Last: at(4)}},
		},
		{
			name:     "an event two commands emit lights both",
			records:  []rec{{fleetTopic, retired, 2}},
			events:   map[string]EventStat{"Fleet/Bike Retired": {Count: 1, Last: at(2)}},
			commands: map[string]CommandStat{"Fleet/Retire Bike": {Last: at(2)}, "Fleet/Report Theft": {Last: at(2)}},
		},
		{
			name:     "types of no event of the model",
			records:  []rec{{fleetTopic, "bike-rental.fleet.bike-painted", 1}, {fleetTopic, "", 1}, {fleetTopic, "Bike Registered", 1}},
			events:   map[string]EventStat{},
			commands: map[string]CommandStat{},
			unknown:  3,
		},
		{
			name:     "a dead letter marks its event, not its command",
			records:  []rec{{fleetTopic, retired, 1}, {fleetDLQ, retired, 2}},
			events:   map[string]EventStat{"Fleet/Bike Retired": {Count: 1, Last: at(1), DeadLettered: 1}},
			commands: map[string]CommandStat{"Fleet/Retire Bike": {Last: at(1)}, "Fleet/Report Theft": {Last: at(1)}},
		},
		{
			name:     "a dead letter of no known type",
			records:  []rec{{fleetDLQ, "", 2}},
			events:   map[string]EventStat{},
			commands: map[string]CommandStat{},
			unknown:  1,
		},
	}
	m := loadModel(t, rentalModel)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newState(newIndex(m), time.Second)
			for _, r := range tt.records {
				s.record(r.topic, r.ceType, at(r.at))
			}
			got := s.snapshot()
			if !reflect.DeepEqual(got.Events, tt.events) {
				t.Errorf("events %+v, want %+v", got.Events, tt.events)
			}
			if !reflect.DeepEqual(got.Commands, tt.commands) {
				t.Errorf("commands %+v, want %+v", got.Commands, tt.commands)
			}
			if got.Unknown != tt.unknown {
				t.Errorf("unknown %d, want %d", got.Unknown, tt.unknown)
			}
		})
	}
}

func TestStateDeadLettersMarkTheGroupsConsumers(t *testing.T) {
	s := newState(newIndex(loadModel(t, rentalModel)), time.Second)
	s.record(fleetDLQ, retired, at(1))
	s.record(fleetDLQ, "", at(2))
	want := ConsumerStat{Group: rentalsGroup, DeadLettered: 2}
	for _, id := range []string{"Rentals/End rentals of retired bikes", "Rentals/Bikes Available"} {
		if got := s.snapshot().Consumers[id]; got != want {
			t.Errorf("%s: %+v, want %+v", id, got, want)
		}
	}
}

func TestStateLag(t *testing.T) {
	type measure struct {
		lag int64
		at  int
	}
	tests := []struct {
		name     string
		grace    time.Duration
		measures []measure
		lag      int64
		lagging  bool
	}{
		{name: "caught up", grace: 3 * time.Second, measures: []measure{{0, 0}}},
		{name: "lag within the grace", grace: 3 * time.Second, measures: []measure{{5, 0}, {4, 2}}, lag: 4},
		{name: "lag past the grace", grace: 3 * time.Second, measures: []measure{{5, 0}, {4, 2}, {9, 3}}, lag: 9, lagging: true},
		{name: "caught up again", grace: 3 * time.Second, measures: []measure{{5, 0}, {4, 4}, {0, 5}}},
		{name: "the grace starts again after catching up", grace: 3 * time.Second, measures: []measure{{5, 0}, {0, 1}, {2, 2}, {2, 4}}, lag: 2},
		{name: "no grace", grace: 0, measures: []measure{{1, 0}}, lag: 1, lagging: true},
	}
	m := loadModel(t, rentalModel)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newState(newIndex(m), tt.grace)
			for _, ms := range tt.measures {
				s.lag(rentalsGroup, ms.lag, at(ms.at))
			}
			s.lag("no-such-group", 7, at(9))
			got := s.snapshot().Consumers
			want := ConsumerStat{Group: rentalsGroup, Lag: tt.lag, Lagging: tt.lagging}
			for _, id := range []string{"Rentals/End rentals of retired bikes", "Rentals/Bikes Available"} {
				if got[id] != want {
					t.Errorf("%s: %+v, want %+v", id, got[id], want)
				}
			}
			if len(got) != 2 {
				t.Errorf("consumers %v, want the two of %s", got, rentalsGroup)
			}
		})
	}
}
