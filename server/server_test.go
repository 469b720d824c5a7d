package server

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/mcptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/tools"
)

// testStore returns a store over a copy of a testdata schema.
func testStore(t testing.TB, schemaFile string) *schemas.Store {
	t.Helper()
	dir := t.TempDir()
	if schemaFile != "" {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "schemas", schemaFile))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "schema.zed"), data, 0o644))
	}
	root, err := schemas.NewRoot(dir)
	require.NoError(t, err)
	return schemas.NewStore(root, nil)
}

// startInProcess runs the server's tools and resources through mcp-go's
// mcptest harness, with the same server options as New.
func startInProcess(t *testing.T, store *schemas.Store) *mcptest.Server {
	t.Helper()
	srv := mcptest.NewUnstartedServer(t)
	srv.AddServerOptions(serverOptions(false)...)
	srv.AddTools(tools.All(tools.Deps{Store: store})...)
	srv.AddPrompts(mcpPrompts(tools.Deps{Store: store})...)
	srv.AddResources(resources(store)...)
	srv.AddResourceTemplates(resourceTemplates(store)...)
	require.NoError(t, srv.Start(context.Background()))
	t.Cleanup(srv.Close)
	return srv
}

func callTool(t *testing.T, srv *mcptest.Server, name string, args map[string]any) (*mcp.CallToolResult, string) {
	t.Helper()
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := srv.Client().CallTool(context.Background(), req)
	require.NoError(t, err)
	require.NotEmpty(t, res.Content)
	return res, res.Content[0].(mcp.TextContent).Text
}

func TestInProcessEndToEnd(t *testing.T) {
	srv := startInProcess(t, testStore(t, "google-docs.zed"))
	ctx := context.Background()

	list, err := srv.Client().ListTools(ctx, mcp.ListToolsRequest{})
	require.NoError(t, err)
	var names []string
	for _, tl := range list.Tools {
		names = append(names, tl.Name)
	}
	assert.Equal(t, []string{"authz_context", "check_coverage", "explain_permission", "get_schema", "schema_examples", "test_permissions", "validate_schema"}, slices.Sorted(slices.Values(names)))

	res, text := callTool(t, srv, "get_schema", nil)
	assert.False(t, res.IsError, text)
	assert.NotNil(t, res.StructuredContent, "structured output passed the server's output-schema validation")

	res, text = callTool(t, srv, "explain_permission", map[string]any{"resource": "document", "permission": "view"})
	assert.False(t, res.IsError, text)
	assert.Contains(t, text, "→ document#viewer")

	res, text = callTool(t, srv, "explain_permission", map[string]any{"resource": "document"})
	assert.True(t, res.IsError, "a missing required argument is caught by input validation")
	assert.Contains(t, text, "permission")

	res, text = callTool(t, srv, "get_schema", map[string]any{"definition": 42})
	assert.True(t, res.IsError, text)

	res, text = callTool(t, srv, "get_schema", map[string]any{"bogus": "x"})
	assert.True(t, res.IsError, "unknown arguments are rejected: %s", text)

	res, text = callTool(t, srv, "validate_schema", map[string]any{"schema": "definition user {\n  relation x user\n}"})
	assert.False(t, res.IsError, text)
	assert.Contains(t, text, "proposed:2:")

	read, err := srv.Client().ReadResource(ctx, mcp.ReadResourceRequest{Params: mcp.ReadResourceParams{URI: "authz://schema"}})
	require.NoError(t, err)
	assert.Contains(t, read.Contents[0].(mcp.TextResourceContents).Text, "definition document")

	read, err = srv.Client().ReadResource(ctx, mcp.ReadResourceRequest{Params: mcp.ReadResourceParams{URI: "authz://schema/folder"}})
	require.NoError(t, err)
	assert.Contains(t, read.Contents[0].(mcp.TextResourceContents).Text, "definition folder {")

	_, err = srv.Client().ReadResource(ctx, mcp.ReadResourceRequest{Params: mcp.ReadResourceParams{URI: "authz://schema/foldr"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "did you mean: folder?")

	res, _ = callTool(t, srv, "get_schema", map[string]any{"definition": "folder"})
	assert.False(t, res.IsError, "the server is still up after errors")
}

func TestToolsWithoutSchema(t *testing.T) {
	srv := startInProcess(t, testStore(t, ""))
	res, text := callTool(t, srv, "get_schema", nil)
	assert.True(t, res.IsError)
	assert.Contains(t, text, "no SpiceDB schema found")
	assert.Contains(t, text, ".ambient-authz.yaml")
}

// stdioSession runs ServeStdio over pipes and returns a line writer and a
// line reader of the server's stdout.
func stdioSession(t *testing.T, store *schemas.Store) (send func(string), recv func() map[string]any, stdout *strings.Builder) {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ServeStdio(ctx, New(Options{Store: store, Version: "test"}), inR, outW) }()
	t.Cleanup(func() {
		cancel()
		_ = inW.Close()
		_ = outW.Close()
		<-done
	})
	lines := bufio.NewScanner(outR)
	lines.Buffer(make([]byte, 1<<20), 1<<22)
	all := &strings.Builder{}
	send = func(s string) {
		_, err := io.WriteString(inW, s+"\n")
		require.NoError(t, err)
	}
	recv = func() map[string]any {
		got := make(chan bool, 1)
		go func() { got <- lines.Scan() }()
		select {
		case ok := <-got:
			require.True(t, ok, "stdout closed")
		case <-time.After(10 * time.Second):
			t.Fatal("no response within 10s")
		}
		all.WriteString(lines.Text() + "\n")
		var msg map[string]any
		require.NoError(t, json.Unmarshal(lines.Bytes(), &msg), "stdout line is not JSON: %q", lines.Text())
		require.Equal(t, "2.0", msg["jsonrpc"], "stdout line is not JSON-RPC 2.0: %q", lines.Text())
		return msg
	}
	return send, recv, all
}

func TestStdioMalformedInputKeepsServing(t *testing.T) {
	send, recv, _ := stdioSession(t, testStore(t, "rbac.zed"))
	send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`)
	init := recv()
	assert.Equal(t, InstructionsFor(false), init["result"].(map[string]any)["instructions"])
	send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)

	for _, bad := range []string{`{not json`, `[1,2`, `{"jsonrpc":"2.0","id":7,"method":"no/such/method"}`, `{"jsonrpc":"2.0","id":8,"method":"tools/call","params":"oops"}`} {
		send(bad)
		msg := recv()
		require.Contains(t, msg, "error", "bad input %q gets an error response", bad)
	}
	send(`{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"get_schema","arguments":{}}}`)
	msg := recv()
	assert.EqualValues(t, 9, msg["id"])
	assert.Contains(t, msg, "result", "the server still answers after malformed input")
}

func TestSchemaEditedMidSession(t *testing.T) {
	store := testStore(t, "rbac.zed")
	srv := startInProcess(t, store)
	_, text := callTool(t, srv, "get_schema", map[string]any{"definition": "project"})
	require.NotContains(t, text, "archive")

	path := filepath.Join(store.Root().Dir, "schema.zed")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	edited := string(data) + "\ndefinition archive {\n\trelation owner: user\n\tpermission view = owner\n}\n"
	require.NoError(t, os.WriteFile(path, []byte(edited), 0o644))
	later := time.Now().Add(time.Hour) // whatever the file system's timestamp granularity
	require.NoError(t, os.Chtimes(path, later, later))

	res, text := callTool(t, srv, "get_schema", map[string]any{"definition": "archive"})
	assert.False(t, res.IsError, "the edit is seen without a restart: %s", text)
	assert.Contains(t, text, "permission view = owner")
}
