package golang

import (
	"strconv"
)

// tracedSource starts a traced function's body: a span named name around
// it, ended with the function's named error result.
func (s *service) tracedSource(g *goSource, name string) {
	telemetry := s.platformPkg("telemetry")
	g.line("ctx, span := %s(ctx, %s)", g.q(telemetry, "Start"), strconv.Quote(name))
	g.line("defer %s(span, &err)", g.q(telemetry, "End"))
}
