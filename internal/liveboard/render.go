package liveboard

import (
	"fmt"
	"html"
	"regexp"
	"strings"
)

// stickyHTML matches a sticky of the diagram's board that has an id: its
// classes, its other attributes, its kind and id, and its content (spans,
// never a div).
var stickyHTML = regexp.MustCompile(`<div class="sticky ([^"]*)"([^>]*) data-kind="([a-z]+)" data-id="([^"]*)">(.*?)</div>`)

// decorate writes the state s into the board page: the same badges and
// classes the page's script sets, so that the page shows the counts as
// soon as it is loaded, before its event stream connects, and without
// script at all.
func decorate(page []byte, s Snapshot) []byte {
	return stickyHTML.ReplaceAllFunc(page, func(div []byte) []byte {
		m := stickyHTML.FindSubmatch(div)
		classes, badge := liveHTML(string(m[3]), html.UnescapeString(string(m[4])), s)
		if badge == "" && classes == "" {
			return div
		}
		return fmt.Appendf(nil, `<div class="sticky %s%s"%s data-kind="%s" data-id="%s">%s%s</div>`, m[1], classes, m[2], m[3], m[4], m[5], badge)
	})
}

// liveHTML is the classes (each after a space) and the badge of the
// sticky of kind and id in state s, as live.js makes them.
func liveHTML(kind, id string, s Snapshot) (classes, badge string) {
	var b strings.Builder
	switch kind {
	case "event":
		e := s.Events[id]
		fmt.Fprintf(&b, `<span class="live-count">%d</span><span class="live-what"> %s</span>`, e.Count, plural(e.Count, "record", "records"))
		if !e.Last.IsZero() {
			fmt.Fprintf(&b, `<span class="live-time"> · last %s</span>`, e.Last.Local().Format("15:04:05"))
		}
		if e.DeadLettered > 0 {
			fmt.Fprintf(&b, `<span class="live-dead">%d dead-lettered</span>`, e.DeadLettered)
			classes += " live-red"
		}
		if e.Count > 0 || e.DeadLettered > 0 {
			classes += " live-seen"
		}
	case "command":
		c, ok := s.Commands[id]
		if !ok {
			return "", ""
		}
		fmt.Fprintf(&b, `<span class="live-time">used · last %s</span>`, c.Last.Local().Format("15:04:05"))
		classes = " live-used"
	case "policy", "readmodel":
		c, ok := s.Consumers[id]
		if !ok {
			return "", ""
		}
		fmt.Fprintf(&b, `<span class="live-lag">lag %d</span>`, c.Lag)
		if c.DeadLettered > 0 {
			fmt.Fprintf(&b, `<span class="live-dead">%d dead-lettered</span>`, c.DeadLettered)
		}
		if c.Lagging || c.DeadLettered > 0 {
			classes = " live-red"
		}
	default:
		return "", ""
	}
	return classes, `<span class="live">` + b.String() + `</span>`
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
