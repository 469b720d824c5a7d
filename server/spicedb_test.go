package server

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas/live/livetest"
)

const liveSchema = `definition user {}

definition document {
	relation viewer: user
	permission view = viewer
}
`

// handle sends one JSON-RPC message to s and returns the result object.
func handle(t *testing.T, s interface {
	HandleMessage(context.Context, json.RawMessage) mcp.JSONRPCMessage
}, msg string) map[string]any {
	t.Helper()
	raw, err := json.Marshal(s.HandleMessage(context.Background(), json.RawMessage(msg)))
	require.NoError(t, err)
	var resp struct {
		Result map[string]any `json:"result"`
	}
	require.NoError(t, json.Unmarshal(raw, &resp), string(raw))
	require.NotNil(t, resp.Result, string(raw))
	return resp.Result
}

func TestLiveSpiceDBAssembly(t *testing.T) {
	liveTools := []string{"spicedb_check_permission", "spicedb_lookup_resources", "spicedb_lookup_subjects", "spicedb_read_relationships", "schema_drift"}
	const initialize = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`

	off := New(Options{Store: testStore(t, "google-docs.zed"), Version: "test"})
	for _, name := range liveTools {
		assert.Nil(t, off.GetTool(name), "%s needs an endpoint", name)
	}
	assert.Equal(t, InstructionsFor(false), handle(t, off, initialize)["instructions"])
	assert.Contains(t, InstructionsFor(false), "--spicedb-endpoint host:port")

	on := New(Options{Store: testStore(t, "google-docs.zed"), Version: "test", SpiceDB: livetest.Start(t, liveSchema, "document:readme#viewer@user:alice")})
	for _, name := range liveTools {
		assert.NotNil(t, on.GetTool(name), name)
	}
	assert.Equal(t, InstructionsFor(true), handle(t, on, initialize)["instructions"])
	assert.Contains(t, InstructionsFor(true), "spicedb_check_permission {resource, permission, subject}")

	res := handle(t, on, `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"spicedb_check_permission","arguments":{"resource":"document:readme","permission":"view","subject":"user:alice"}}}`)
	assert.NotEqual(t, true, res["isError"])
	assert.NotNil(t, res["structuredContent"], "the output passed the server's output-schema validation")
	res = handle(t, on, `{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"schema_drift","arguments":{}}}`)
	assert.NotNil(t, res["structuredContent"], "drift's output passed validation too")
}
