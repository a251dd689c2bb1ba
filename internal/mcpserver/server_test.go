package mcpserver

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"eventstorm/samples"
)

// connect serves file to an in-process client.
func connect(t *testing.T, file string) *mcp.ClientSession {
	t.Helper()
	ctx := context.Background()
	st, ct := mcp.NewInMemoryTransports()
	ss, err := New(Options{File: file}).Connect(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ss.Close() })
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil).Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cs.Close() })
	return cs
}

// sample writes a bundled sample as dir/eventstorm.yaml, with a comment.
func sample(t *testing.T, name string) string {
	t.Helper()
	s, err := samples.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "eventstorm.yaml")
	if err := os.WriteFile(file, s.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// call calls a tool and decodes its structured output into out.
func call(t *testing.T, cs *mcp.ClientSession, name string, args any, out any) *mcp.CallToolResult {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: protocol error: %v", name, err)
	}
	if res.IsError {
		t.Fatalf("%s: tool error: %s", name, resultText(res))
	}
	if out != nil {
		data, err := json.Marshal(res.StructuredContent)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s: %v in %s", name, err, data)
		}
	}
	return res
}

// resultText is the text content of a result.
func resultText(res *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

func TestToolsListed(t *testing.T) {
	cs := connect(t, sample(t, "order"))
	res, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, tool := range res.Tools {
		got[tool.Name] = true
		if tool.InputSchema == nil || tool.Description == "" {
			t.Errorf("tool %s lacks an input schema or a description", tool.Name)
		}
	}
	for _, want := range []string{"validate", "describe", "add_element", "rename_element", "delete_element", "link", "set_scenario", "remove_scenario", "generate_dry_run", "diff", "diagram"} {
		if !got[want] {
			t.Errorf("tools/list lacks %s", want)
		}
	}
}

func TestValidateBrokenModel(t *testing.T) {
	file := filepath.Join(t.TempDir(), "eventstorm.yaml")
	broken := "eventstorm: 1\nsystem: Shop\ncontexts:\n  - name: Ordering\n    aggregates:\n      - name: Order\n        commands:\n          - name: Place Order\n            emits: [Order Shipped]\n"
	if err := os.WriteFile(file, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	var r Report
	call(t, connect(t, file), "validate", map[string]any{}, &r)
	if r.Valid || r.Errors == 0 {
		t.Fatalf("a broken model validated: %+v", r)
	}
	found := false
	for _, d := range r.Diagnostics {
		if strings.Contains(d.Message, "Order Shipped") {
			found = true
			if d.File != file || d.Line != 9 || d.Column == 0 || d.Severity != "error" {
				t.Errorf("diagnostic at %s:%d:%d (%s), want %s:9", d.File, d.Line, d.Column, d.Severity, file)
			}
		}
	}
	if !found {
		t.Errorf("no diagnostic names the missing event: %+v", r.Diagnostics)
	}
}

func TestAddLinkSaveKeepsComments(t *testing.T) {
	file := sample(t, "order")
	cs := connect(t, file)
	var r EditResult
	call(t, cs, "add_element", AddInput{Kind: "event", Context: "Ordering", Aggregate: "Order", Name: "Order Paid"}, &r)
	call(t, cs, "add_element", AddInput{Kind: "command", Context: "Ordering", Aggregate: "Order", Name: "Pay Order"}, &r)
	call(t, cs, "link", LinkInput{Relation: "emits", Element: Element{Kind: "command", Context: "Ordering", Name: "Pay Order"}, Target: "Order Paid"}, &r)
	if !r.Report.Valid {
		t.Errorf("the model is invalid after add and link: %+v", r.Report.Diagnostics)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, want := range []string{"# The order flow from the course", "- name: Pay Order", "emits: [Order Paid]", "- name: Order Paid"} {
		if !strings.Contains(text, want) {
			t.Errorf("the saved file lacks %q:\n%s", want, text)
		}
	}
	// Linking again is refused, not a silent unlink.
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "link", Arguments: LinkInput{Relation: "emits", Element: Element{Kind: "command", Context: "Ordering", Name: "Pay Order"}, Target: "Order Paid"}})
	if err != nil || !res.IsError {
		t.Errorf("linking twice: %v, isError %v", err, res != nil && res.IsError)
	}
	if after, _ := os.ReadFile(file); string(after) != text {
		t.Error("a refused link changed the file")
	}
}

func TestRenameUpdatesReferences(t *testing.T) {
	file := sample(t, "order")
	cs := connect(t, file)
	call(t, cs, "rename_element", RenameInput{Element: Element{Kind: "event", Context: "Ordering", Name: "Order Placed"}, NewName: "Order Submitted"}, nil)
	data, _ := os.ReadFile(file)
	text := string(data)
	if strings.Contains(text, "Order Placed") {
		t.Errorf("a reference to the old name is left:\n%s", text)
	}
	for _, want := range []string{"emits: [Order Submitted]", "event: Ordering.Order Submitted"} {
		if !strings.Contains(text, want) {
			t.Errorf("the renamed model lacks %q", want)
		}
	}
	var r Report
	call(t, cs, "validate", map[string]any{}, &r)
	if !r.Valid {
		t.Errorf("invalid after a rename: %+v", r.Diagnostics)
	}
}

func TestFailingCallsAreToolErrors(t *testing.T) {
	file := sample(t, "order")
	cs := connect(t, file)
	before, _ := os.ReadFile(file)
	for name, args := range map[string]any{
		"rename_element": RenameInput{Element: Element{Kind: "event", Context: "Ordering", Name: "Nope"}, NewName: "X"},
		"add_element":    AddInput{Kind: "gizmo", Context: "Ordering", Name: "X"},
		"delete_element": DeleteInput{Element: Element{Kind: "command", Context: "Nowhere", Name: "X"}},
		"link":           LinkInput{Relation: "likes", Element: Element{Kind: "command", Context: "Ordering", Name: "Place Order"}, Target: "X"},
		"set_scenario":   ScenarioInput{Context: "Ordering", Aggregate: "Order", Scenario: "[not, a, mapping]"},
		"diagram":        DiagramInput{Format: "png"},
		"diff":           DiffInput{Against: "x"},
	} {
		res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: name, Arguments: args})
		if err != nil {
			t.Errorf("%s: protocol error %v, want a tool error", name, err)
			continue
		}
		if !res.IsError || resultText(res) == "" {
			t.Errorf("%s: isError %v, text %q; want a tool error with a message", name, res.IsError, resultText(res))
		}
	}
	if after, _ := os.ReadFile(file); string(after) != string(before) {
		t.Error("failed calls changed the model file")
	}
}

func TestScenarioDescribeDiagramResources(t *testing.T) {
	file := sample(t, "order")
	cs := connect(t, file)
	call(t, cs, "set_scenario", ScenarioInput{Context: "Ordering", Aggregate: "Order", Scenario: "{ name: cancel, given: [Order Placed], when: { Cancel Order: { reason: r } }, then: [ { Order Cancelled: { reason: r } } ] }"}, nil)
	var d Description
	call(t, cs, "describe", DescribeInput{Element: &Element{Kind: "aggregate", Context: "Ordering", Name: "Order"}}, &d)
	if !strings.Contains(d.YAML, "- name: cancel\n") || d.Line == 0 {
		t.Errorf("describe of the aggregate lacks the new scenario:\n%s", d.YAML)
	}
	call(t, cs, "remove_scenario", RemoveScenarioInput{Context: "Ordering", Aggregate: "Order", Name: "cancel"}, nil)
	call(t, cs, "describe", DescribeInput{}, &d)
	if d.System != "Shop" || len(d.Contexts) != 2 || d.Contexts[0].Commands[0] != "Place Order" {
		t.Errorf("describe of the model: %+v", d)
	}
	var out TextOutput
	call(t, cs, "diagram", DiagramInput{}, &out)
	if !strings.HasPrefix(out.Text, "flowchart") {
		t.Errorf("diagram: %.60q", out.Text)
	}
	for uri, want := range map[string]string{modelURI: "system: Shop", diagnosticsURI: `"valid": true`, contextPrefix + "Order%20History": "- name: Order History"} {
		res, err := cs.ReadResource(context.Background(), &mcp.ReadResourceParams{URI: uri})
		if err != nil {
			t.Errorf("%s: %v", uri, err)
			continue
		}
		if len(res.Contents) != 1 || !strings.Contains(res.Contents[0].Text, want) {
			t.Errorf("%s lacks %q", uri, want)
		}
	}
	if _, err := cs.ReadResource(context.Background(), &mcp.ReadResourceParams{URI: contextPrefix + "Nope"}); err == nil {
		t.Error("reading a missing context succeeded")
	}
}

// TestConcurrentEditsAllLand adds events from several goroutines: every
// edit must be in the file, none lost to another's save.
func TestConcurrentEditsAllLand(t *testing.T) {
	file := sample(t, "order")
	cs := connect(t, file)
	names := []string{"Order Paid", "Order Packed", "Order Shipped", "Order Returned"}
	done := make(chan error, len(names))
	for _, n := range names {
		go func(n string) {
			res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "add_element", Arguments: AddInput{Kind: "event", Context: "Ordering", Aggregate: "Order", Name: n}})
			if err == nil && res.IsError {
				err = errors.New(resultText(res))
			}
			done <- err
		}(n)
	}
	for range names {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	data, _ := os.ReadFile(file)
	for _, n := range names {
		if !strings.Contains(string(data), "- name: "+n+"\n") {
			t.Errorf("the event %s added concurrently is not in the file", n)
		}
	}
}
