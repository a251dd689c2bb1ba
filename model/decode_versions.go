package model

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxEventVersion bounds an event's version number: a number that large
// is a typing slip, and Go code and topics carry it.
const maxEventVersion = 1_000_000

// versionNumber reads an event version: a whole number from 1 up.
func (l *loader) versionNumber(n *yaml.Node, what string) (int, bool) {
	if n.Kind != yaml.ScalarNode || isNull(n) {
		l.errorf(pos(n), "%s must be a whole number from 1 up, e.g. version: 2, not %s", what, describe(n))
		return 0, false
	}
	text := strings.TrimPrefix(strings.TrimSpace(n.Value), "+")
	v, err := strconv.Atoi(text)
	if n.Tag != "!!int" || err != nil || strings.HasPrefix(text, "0") && text != "0" {
		hint := ""
		if t := strings.TrimPrefix(strings.ToLower(text), "v"); t != text {
			if _, err := strconv.Atoi(t); err == nil {
				hint = "; write the number alone, e.g. version: " + t
			}
		}
		if ref, err := ParseType(text); err == nil && ref.Kind != Named {
			hint = "; this `version:` is the event's own version, and every event already carries the aggregate's version as the field `version` (int)"
		}
		l.errorf(pos(n), "%s must be a whole number from 1 up, not %s%s", what, describe(n), hint)
		return 0, false
	}
	if v < 1 || v > maxEventVersion {
		l.errorf(pos(n), "%s must be from 1 to %d, not %d; versions count up from 1", what, maxEventVersion, v)
		return 0, false
	}
	return v, true
}

// earlierVersion reads one entry of an event's `earlier:` list:
// `{ version: N, fields: {...} }`.
func (l *loader) earlierVersion(n *yaml.Node, event string) *EarlierVersion {
	what := "an earlier version of " + quote(event)
	pairs, ok := l.mapping(n, what, "version", "fields")
	if !ok {
		return nil
	}
	ev := &EarlierVersion{Pos: pos(n)}
	valid := false
	// The version first: the fields' messages name it.
	for _, p := range pairs {
		if p.key == "version" && p.value != nil {
			ev.VersionPos = pos(p.value)
			ev.Version, valid = l.versionNumber(p.value, "the version of "+what)
		}
	}
	for _, p := range pairs {
		if p.key == "fields" && p.value != nil {
			ev.Fields = l.fields(p.value, event+" version "+versionLabel(ev.Version))
		}
	}
	if !hasKey(pairs, "version") {
		l.errorf(ev.Pos, "%s has no `version:`; write the number it was published with, e.g. version: 1", what)
		return nil
	}
	if !valid {
		return nil
	}
	return ev
}

// versionLabel names a version number in messages, "?" when it is not
// known.
func versionLabel(v int) string {
	if v < 1 {
		return "?"
	}
	return strconv.Itoa(v)
}

// store reads an aggregate's `store:`, state or events.
func (l *loader) store(n *yaml.Node, aggregate string) string {
	s, ok := l.str(n, "store of aggregate "+quote(aggregate))
	if !ok {
		return ""
	}
	s = strings.TrimSpace(s)
	if !contains(Stores, s) {
		l.errorf(pos(n), "store of aggregate %q must be state (a state row, the default) or events (the aggregate's events are its storage), not %q%s", aggregate, s, suggest(s, Stores))
		return ""
	}
	return s
}
