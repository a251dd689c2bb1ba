package golang

// Module is a Go module generated code depends on, pinned with the hashes
// that go.sum records, so that a generated system builds with no other step.
type Module struct {
	Path, Version string
	Sum, GoModSum string // go.sum's h1: hashes of the module and its go.mod
}

// Modules are the pinned dependencies of generated code, by import path
// prefix. A module is required only when some generated file imports it.
var Modules = []Module{
	{Path: "github.com/google/uuid", Version: "v1.6.0",
		Sum:      "h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=",
		GoModSum: "h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo="},
	{Path: "github.com/shopspring/decimal", Version: "v1.4.0",
		Sum:      "h1:bxl37RwXBklmTi0C79JfXCEBD1cqqHt0bbgBAGFp81k=",
		GoModSum: "h1:gawqmDU56v4yIKSwfBSFip1HdCCXN8/+DMd9qYNcwME="},
}
