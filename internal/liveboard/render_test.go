package liveboard

import (
	"strings"
	"testing"
)

func TestDecorate(t *testing.T) {
	const event = `<div class="sticky event" title="domain event" data-kind="event" data-id="A &amp; B/X"><span class="name">X</span></div>`
	const command = `<div class="sticky command" title="command" data-kind="command" data-id="A &amp; B/Do"><span class="name">Do</span></div>`
	const policy = `<div class="sticky policy" title="policy" data-kind="policy" data-id="A &amp; B/P"><span class="name">P</span></div>`
	const legend = `<div class="sticky event" title="domain event"><span class="name">domain event</span></div>`
	tests := []struct {
		name, page string
		snap       Snapshot
		want       []string
	}{
		{"an event not seen shows 0", event, Snapshot{}, []string{`class="sticky event"`, `<span class="live"><span class="live-count">0</span><span class="live-what"> records</span></span></div>`}},
		{"an event seen, by its escaped id", event, Snapshot{Events: map[string]EventStat{"A & B/X": {Count: 1, Last: at(1)}}},
			[]string{`class="sticky event live-seen"`, `<span class="live-count">1</span><span class="live-what"> record</span><span class="live-time"> · last `}},
		{"a dead-lettered event is red", event, Snapshot{Events: map[string]EventStat{"A & B/X": {Count: 2, DeadLettered: 1}}},
			[]string{`class="sticky event live-red live-seen"`, `<span class="live-dead">1 dead-lettered</span>`}},
		{"a command not used is as drawn", command, Snapshot{}, []string{command}},
		{"a command used", command, Snapshot{Commands: map[string]CommandStat{"A & B/Do": {Last: at(1)}}}, []string{`class="sticky command live-used"`, `used · last `}},
		{"a lagging consumer is red", policy, Snapshot{Consumers: map[string]ConsumerStat{"A & B/P": {Lag: 4, Lagging: true}}}, []string{`class="sticky policy live-red"`, `<span class="live-lag">lag 4</span>`}},
		{"a consumer within its grace", policy, Snapshot{Consumers: map[string]ConsumerStat{"A & B/P": {Lag: 4}}}, []string{`class="sticky policy"`, `lag 4`}},
		{"the legend is left alone", legend, Snapshot{Events: map[string]EventStat{"domain event": {Count: 1}}}, []string{legend}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(decorate([]byte(tt.page), tt.snap))
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s\nhas no %s", got, w)
				}
			}
		})
	}
}
