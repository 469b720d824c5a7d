package server

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/tools"
)

// testdataStore serves the repository's testdata folder: sample handlers
// in every language and the Google-Docs-style schema.
func testdataStore(t *testing.T) *schemas.Store {
	t.Helper()
	root, err := schemas.NewRoot(filepath.Join("..", "testdata"))
	require.NoError(t, err)
	return schemas.NewStore(root, []string{"schemas/google-docs.zed"})
}

func TestPromptsListAndGet(t *testing.T) {
	srv := startInProcess(t, testdataStore(t))
	ctx := context.Background()
	list, err := srv.Client().ListPrompts(ctx, mcp.ListPromptsRequest{})
	require.NoError(t, err)
	var names []string
	for _, p := range list.Prompts {
		names = append(names, p.Name)
		assert.NotEmpty(t, p.Description)
	}
	assert.ElementsMatch(t, []string{"authz_handler", "authz_review", "schema_design"}, names)

	tests := []struct {
		name string
		args map[string]string
		want []string
	}{
		{"authz_handler", map[string]string{"file": "handlers/go/chi.go", "handler": "DocumentHandler.Create"}, []string{"authorization is correct by construction", "resource **document**", "`folder#edit`", "WriteRelationships"}},
		{"authz_handler", map[string]string{"resource": "document", "operation": "delete"}, []string{"`document#delete`", "DeleteRelationships"}},
		{"authz_review", map[string]string{"file": "handlers/typescript/express.ts"}, []string{"Review this code's authorization", "Handlers in this file"}},
		{"authz_review", map[string]string{"diff": "--- a/handlers/python/flask_app.py\n+++ b/handlers/python/flask_app.py\n@@ -1 +1 @@\n+x = 1\n"}, []string{"flask_app.py", "Code under review"}},
		{"schema_design", map[string]string{"description": "teams of users that share dashboards with read-only guests"}, []string{"validate_schema", "Closest example", "**Current schema** (schemas/google-docs.zed)", "teams of users"}},
	}
	for _, tt := range tests {
		req := mcp.GetPromptRequest{}
		req.Params.Name, req.Params.Arguments = tt.name, tt.args
		res, err := srv.Client().GetPrompt(ctx, req)
		require.NoError(t, err, "%s %v", tt.name, tt.args)
		require.Len(t, res.Messages, 1)
		text := res.Messages[0].Content.(mcp.TextContent).Text
		for _, w := range tt.want {
			assert.Contains(t, text, w, "%s %v", tt.name, tt.args)
		}
	}
}

func TestPromptsBadArguments(t *testing.T) {
	srv := startInProcess(t, testdataStore(t))
	tests := []struct {
		name string
		args map[string]string
		want string
	}{
		{"authz_review", nil, "needs a source file or a diff"},
		{"authz_review", map[string]string{"file": "../go.mod"}, "outside the project root"},
		{"schema_design", nil, "needs a description"},
		{"authz_handler", map[string]string{"resource": "documnet"}, "did you mean: document?"},
		{"authz_handler", map[string]string{"file": "handlers/go/chi.go", "handler": "Nope"}, "no function"},
	}
	for _, tt := range tests {
		req := mcp.GetPromptRequest{}
		req.Params.Name, req.Params.Arguments = tt.name, tt.args
		_, err := srv.Client().GetPrompt(context.Background(), req)
		require.Error(t, err, "%s %v", tt.name, tt.args)
		assert.Contains(t, err.Error(), tt.want)
	}
}

// TestPromptSnapshots pins each prompt's JSON (name, description,
// arguments): product text the model reads. Regenerate with
// UPDATE_SNAPSHOTS=1.
func TestPromptSnapshots(t *testing.T) {
	dir := filepath.Join("..", "testdata", "promptsnaps")
	for _, p := range mcpPrompts(tools.Deps{}) {
		got, err := json.MarshalIndent(p.Prompt, "", "  ")
		require.NoError(t, err)
		got = append(got, '\n')
		path := filepath.Join(dir, p.Prompt.Name+".snap")
		if os.Getenv("UPDATE_SNAPSHOTS") != "" {
			require.NoError(t, os.MkdirAll(dir, 0o755))
			require.NoError(t, os.WriteFile(path, got, 0o644))
			continue
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err, "missing snapshot; run UPDATE_SNAPSHOTS=1 go test ./server")
		assert.Equal(t, string(want), string(got), "prompt %s changed; review, then UPDATE_SNAPSHOTS=1 go test ./server", p.Prompt.Name)
	}
}

func TestReviewIncludesFindings(t *testing.T) {
	root, err := schemas.NewRoot(filepath.Join("..", "testdata", "coverage", "go", "docs"))
	require.NoError(t, err)
	srv := startInProcess(t, schemas.NewStore(root, nil))
	req := mcp.GetPromptRequest{}
	req.Params.Name, req.Params.Arguments = "authz_review", map[string]string{"file": "api/handlers.go"}
	res, err := srv.Client().GetPrompt(context.Background(), req)
	require.NoError(t, err)
	text := res.Messages[0].Content.(mcp.TextContent).Text
	assert.Contains(t, text, "**check_coverage findings**")
	assert.Contains(t, text, "error unprotected-handler api/handlers.go:")
}
