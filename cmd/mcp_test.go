package cmd

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// TestMCPOverStdio builds eventstorm and talks to 'eventstorm mcp' over its
// standard input and output as an agent would: initialize, tools/list and a
// validate call.
func TestMCPOverStdio(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "eventstorm")
	build := exec.Command("go", "build", "-o", bin, "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	file := writeNamedSample(t, dir, "order")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	client := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil)
	cs, err := client.Connect(ctx, &mcp.CommandTransport{Command: exec.Command(bin, "mcp", "--model", file)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	if info := cs.InitializeResult(); info == nil || info.ServerInfo.Name != "eventstorm" {
		t.Errorf("initialize: %+v", info)
	}
	tools, err := cs.ListTools(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(tools.Tools) < 11 {
		t.Errorf("tools/list lists %d tools, want 11", len(tools.Tools))
	}
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "validate", Arguments: map[string]any{}})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(res.StructuredContent)
	if res.IsError || !strings.Contains(string(data), `"valid":true`) {
		t.Errorf("validate over stdio: isError %v, %s", res.IsError, data)
	}
}

// TestMCPDryRunAndDiff calls the server's generate_dry_run and diff, which
// run the commands' own code.
func TestMCPDryRunAndDiff(t *testing.T) {
	dir := t.TempDir()
	file := writeNamedSample(t, dir, "order")
	old := filepath.Join(dir, "old.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// The old version's Order Placed had a field the new one lacks: removing
	// it breaks the Order History reader.
	oldData := strings.Replace(string(data), "          - name: Order Placed\n            fields: { customerId: string, amount: decimal }", "          - name: Order Placed\n            fields: { customerId: string, amount: decimal, note: string }", 1)
	if oldData == string(data) {
		t.Fatal("the sample changed; adapt the test's edit")
	}
	if err := os.WriteFile(old, []byte(oldData), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := mcpserverOptions(file)
	out, err := opts.DryRun(context.Background(), file, "")
	if err != nil || !strings.Contains(out, "services/ordering") {
		t.Errorf("dry run: %v\n%.300s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "services")); !os.IsNotExist(err) {
		t.Error("the dry run wrote files")
	}
	out, err = opts.Diff(context.Background(), old, file)
	if err != nil || !strings.Contains(out, "note") || !strings.Contains(out, "breaking") {
		t.Errorf("diff: %v\n%s", err, out)
	}
	if _, err := opts.Diff(context.Background(), filepath.Join(dir, "missing.yaml"), file); err == nil {
		t.Error("diff against a missing file succeeded")
	}
}
