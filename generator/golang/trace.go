package golang

import (
	"strconv"

	"github.com/dave/jennifer/jen"
)

// traced returns body preceded by the start of a span named name, which the
// function ends when it returns, recording its error: the function must name
// its error result err and take ctx, which from then on carries the span.
func (s *service) traced(name string, body []jen.Code) []jen.Code {
	telemetry := s.platformPkg("telemetry")
	return append([]jen.Code{
		jen.List(jen.Id("ctx"), jen.Id("span")).Op(":=").Qual(telemetry, "Start").Call(jen.Id("ctx"), jen.Lit(name)),
		jen.Defer().Qual(telemetry, "End").Call(jen.Id("span"), jen.Op("&").Err()),
	}, body...)
}

// errResult is a function's named error result, for traced.
func errResult() *jen.Statement { return jen.Err().Error() }

// tracedSource starts a traced function's body: a span named name around
// it, ended with the function's named error result.
func (s *service) tracedSource(g *goSource, name string) {
	telemetry := s.platformPkg("telemetry")
	g.line("ctx, span := %s(ctx, %s)", g.q(telemetry, "Start"), strconv.Quote(name))
	g.line("defer %s(span, &err)", g.q(telemetry, "End"))
}
