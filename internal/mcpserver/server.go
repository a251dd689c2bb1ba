// Package mcpserver is eventstorm's Model Context Protocol server: it lets a
// coding agent read a model (resources) and work on it (tools) through the
// same operations as the terminal board, package tui/board, so that every
// edit keeps the file's comments and is saved atomically.
package mcpserver

import (
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"eventstorm/model"
	"eventstorm/tui/board"
)

// Options configure a server.
type Options struct {
	// File is the model file the server reads and edits.
	File string
	// Version is eventstorm's version, reported to clients.
	Version string
	// DryRun returns what 'eventstorm generate --dry-run' prints for the
	// model file in a layout (empty: the default).
	DryRun func(ctx context.Context, file, layout string) (string, error)
	// Diff returns the contract changes from old to new, model files or
	// REV:PATH git revisions, as 'eventstorm diff --format json' prints.
	Diff func(ctx context.Context, old, new string) (string, error)
}

// server is the state behind the tools: the options, as every call reads
// the model file afresh, so that edits made by hand in between are seen.
type server struct {
	opts Options
	// edits serializes the edits: the SDK may run calls concurrently, and
	// two read-edit-save rounds at once would lose one of the edits.
	edits sync.Mutex
}

// New returns an MCP server of the model file with its tools and resources.
func New(opts Options) *mcp.Server {
	if opts.Version == "" {
		opts.Version = "dev"
	}
	s := &server{opts: opts}
	srv := mcp.NewServer(&mcp.Implementation{Name: "eventstorm", Version: opts.Version}, &mcp.ServerOptions{
		Instructions: "Tools and resources of the EventStorming model " + opts.File + ". Edits are validated and saved to the file at once; each answer carries the model's diagnostics.",
	})
	s.addReadTools(srv)
	s.addEditTools(srv)
	s.addResources(srv)
	return srv
}

// Run serves the model over a transport (standard input and output for
// 'eventstorm mcp') until the client closes the connection.
func Run(ctx context.Context, opts Options, t mcp.Transport) error {
	return New(opts).Run(ctx, t)
}

// open reads the model file into a board.
func (s *server) open() (*board.Board, error) {
	data, err := os.ReadFile(s.opts.File)
	if err != nil {
		return nil, fmt.Errorf("cannot read the model %s: %w", s.opts.File, err)
	}
	b, err := board.Open(s.opts.File, data)
	if err != nil {
		return nil, fmt.Errorf("%s is not a model: %w", s.opts.File, err)
	}
	return b, nil
}

// Diagnostic is one problem of the model, at its place in the file.
type Diagnostic struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity" jsonschema:"error, warning or hotspot"`
	Message  string `json:"message"`
}

// Report is the state of the model after a call.
type Report struct {
	Valid       bool         `json:"valid" jsonschema:"true when the model has no errors"`
	Errors      int          `json:"errors"`
	Warnings    int          `json:"warnings"`
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// report turns a model's diagnostics into a Report.
func report(diags model.Diagnostics) Report {
	r := Report{Valid: !diags.HasErrors(), Diagnostics: []Diagnostic{}}
	for _, d := range diags {
		switch d.Severity {
		case model.Error:
			r.Errors++
		case model.Warning:
			r.Warnings++
		}
		r.Diagnostics = append(r.Diagnostics, Diagnostic{File: d.File, Line: d.Line, Column: d.Col, Severity: string(d.Severity), Message: d.Message})
	}
	return r
}

// readModel loads and validates the model file, with its diagnostics; the
// model is nil only when the file is not a model at all.
func (s *server) readModel() (*model.Model, model.Diagnostics) {
	return model.Read(s.opts.File)
}
