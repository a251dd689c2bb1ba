package mcpserver

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"eventstorm/tui/board"
)

// The resources' addresses.
const (
	modelURI       = "eventstorm://model"
	diagnosticsURI = "eventstorm://diagnostics"
	contextPrefix  = "eventstorm://contexts/"
)

// addResources adds the model file, its diagnostics and a template for each
// context's text.
func (s *server) addResources(srv *mcp.Server) {
	srv.AddResource(&mcp.Resource{URI: modelURI, Name: "model", Title: "The model file", MIMEType: "application/yaml", Description: "The EventStorming model " + s.opts.File + " as written."}, s.readModelResource)
	srv.AddResource(&mcp.Resource{URI: diagnosticsURI, Name: "diagnostics", Title: "The model's diagnostics", MIMEType: "application/json", Description: "What validate reports: errors, warnings and hotspots with their places."}, s.readDiagnostics)
	srv.AddResourceTemplate(&mcp.ResourceTemplate{URITemplate: contextPrefix + "{name}", Name: "context", Title: "A bounded context", MIMEType: "application/yaml", Description: "A bounded context of the model, its YAML as written."}, s.readContext)
}

func (s *server) readModelResource(_ context.Context, req *mcp.ReadResourceRequest) (*mcp.ReadResourceResult, error) {
	data, err := os.ReadFile(s.opts.File)
	if err != nil {
		return nil, err
	}
	return text(req, "application/yaml", string(data)), nil
}

func (s *server) readDiagnostics(_ context.Context, req *mcp.ReadResourceRequest) (*mcp.ReadResourceResult, error) {
	_, diags := s.readModel()
	data, err := json.MarshalIndent(report(diags), "", "  ")
	if err != nil {
		return nil, err
	}
	return text(req, "application/json", string(data)), nil
}

func (s *server) readContext(_ context.Context, req *mcp.ReadResourceRequest) (*mcp.ReadResourceResult, error) {
	name, err := url.PathUnescape(strings.TrimPrefix(req.Params.URI, contextPrefix))
	if err != nil {
		return nil, mcp.ResourceNotFoundError(req.Params.URI)
	}
	b, err := s.open()
	if err != nil {
		return nil, err
	}
	body, _, err := elementText(b, board.Key{Kind: board.Context, Context: name, Name: name})
	if err != nil {
		return nil, mcp.ResourceNotFoundError(req.Params.URI)
	}
	return text(req, "application/yaml", body), nil
}

// text is a resource answer of one text.
func text(req *mcp.ReadResourceRequest, mime, body string) *mcp.ReadResourceResult {
	return &mcp.ReadResourceResult{Contents: []*mcp.ResourceContents{{URI: req.Params.URI, MIMEType: mime, Text: body}}}
}
