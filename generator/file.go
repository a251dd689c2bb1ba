// Package generator plans the Go system generated from a validated model:
// Plan returns every file as a value, with no I/O, so tests compare plans
// without touching the disk and the writer alone decides what reaches it.
package generator

import "eventstorm/generator/genfile"

// File is one planned file; see genfile.File.
type File = genfile.File

// Owner says who owns a file after it is first written; see genfile.Owner.
type Owner = genfile.Owner

// The owners of files, and the headers that mark them.
const (
	Generated        = genfile.Generated
	Scaffolded       = genfile.Scaffolded
	GeneratedHeader  = genfile.GeneratedHeader
	ScaffoldedHeader = genfile.ScaffoldedHeader
)
