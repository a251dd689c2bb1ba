package golang

import "github.com/dave/jennifer/jen"

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

// deliverBody hands the event m to the service's dispatcher through its
// inbox, in the span of its handling (message.Deliver), as the in-process
// bus does.
func (s *service) deliverBody() []jen.Code {
	ctxParam := jen.Id("ctx").Qual("context", "Context")
	return []jen.Code{
		jen.Return(jen.Qual(s.messagePkg(), "Deliver").Call(jen.Id("ctx"), jen.Id("m"), jen.Func().Params(ctxParam.Clone(), jen.Id("m").Qual(s.messagePkg(), "Message")).Error().Block(
			jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("svc").Dot("inbox").Dot("Handle").Call(jen.Id("ctx"), jen.Id("m").Dot("ID"), jen.Func().Params(ctxParam.Clone()).Error().Block(
				jen.Return(jen.Id("svc").Dot("dispatch").Call(jen.Id("ctx"), jen.Id("m"))),
			)),
			jen.Return(jen.Err()),
		))),
	}
}
