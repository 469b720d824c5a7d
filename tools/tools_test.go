package tools_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/schemas/live"
	"github.com/ambient-authz/ambient-authz/tools"
)

const docsSchema = `definition user {}

definition group {
	relation member: user | group#member
}

definition folder {
	relation parent: folder
	relation owner: user
	relation viewer: user | group#member
	permission edit = owner + parent->edit
	permission view = viewer + edit + parent->view
}

/** A document lives in a folder. */
definition document {
	relation parent: folder
	relation owner: user
	relation viewer: user | user:* | group#member
	permission edit = owner + parent->edit
	permission view = viewer + edit + parent->view
	permission delete = owner
}
`

// newDeps makes a project root holding files and returns tool deps on it.
func newDeps(t *testing.T, files map[string]string) tools.Deps {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	root, err := schemas.NewRoot(dir)
	require.NoError(t, err)
	return tools.Deps{Store: schemas.NewStore(root, nil)}
}

func findTool(t *testing.T, d tools.Deps, name string) server.ServerTool {
	t.Helper()
	for _, tool := range tools.All(d) {
		if tool.Tool.Name == name {
			return tool
		}
	}
	t.Fatalf("no tool %s", name)
	return server.ServerTool{}
}

// call invokes a tool's handler directly and returns its text.
func call(t *testing.T, d tools.Deps, name string, args map[string]any) (*mcp.CallToolResult, string) {
	t.Helper()
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := findTool(t, d, name).Handler(context.Background(), req)
	require.NoError(t, err)
	require.NotEmpty(t, res.Content)
	return res, res.Content[0].(mcp.TextContent).Text
}

func TestToolsGoodAndBadArguments(t *testing.T) {
	d := newDeps(t, map[string]string{"schema.zed": docsSchema})
	tests := []struct {
		name    string
		tool    string
		args    map[string]any
		isError bool
		want    []string
	}{
		{"list schema", "get_schema", nil, false, []string{"4 definitions", "document { relation parent: folder", "permission view = viewer + edit + parent->view"}},
		{"one definition", "get_schema", map[string]any{"definition": "document"}, false, []string{"definition document (schema.zed:16:1)", "A document lives in a folder.", "relation viewer: user | user:* | group#member", "means: "}},
		{"unknown definition", "get_schema", map[string]any{"definition": "documnet"}, true, []string{`"documnet"`, "did you mean: document?", "fix:"}},
		{"explain", "explain_permission", map[string]any{"resource": "document", "permission": "view"}, false, []string{"user → document#viewer", "group#member → document#viewer", "user → folder#viewer via document#parent → folder#view", "user:* → document#viewer"}},
		{"explain typo", "explain_permission", map[string]any{"resource": "document", "permission": "veiw"}, true, []string{"did you mean: view?"}},
		{"explain unknown resource", "explain_permission", map[string]any{"resource": "doc", "permission": "view"}, true, []string{"did you mean: document?"}},
		{"validate current", "validate_schema", nil, false, []string{"valid current schema (schema.zed, 4 definitions)"}},
		{"validate broken proposal", "validate_schema", map[string]any{"schema": "definition user {}\ndefinition doc {\n  relation viewer: usr\n}\n"}, false, []string{"INVALID proposed schema", "proposed:3:", "relation viewer: usr"}},
		{"validate breaking proposal", "validate_schema", map[string]any{"schema": strings.Replace(docsSchema, "permission delete = owner", "permission remove = owner", 1)}, false, []string{"BREAKING renamed permission document#delete → document#remove"}},
		{"validate binary proposal", "validate_schema", map[string]any{"schema": "definition \x00"}, true, []string{"binary"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, text := call(t, d, tt.tool, tt.args)
			assert.Equal(t, tt.isError, res.IsError, text)
			for _, w := range tt.want {
				assert.Contains(t, text, w)
			}
			if !tt.isError {
				assert.NotNil(t, res.StructuredContent, "every success carries structuredContent")
			}
		})
	}
}

func TestValidateReportsStructure(t *testing.T) {
	d := newDeps(t, map[string]string{"schema.zed": docsSchema})
	res, _ := call(t, d, "validate_schema", map[string]any{"schema": strings.Replace(docsSchema, "relation viewer: user | user:* | group#member", "relation viewer: user", 1)})
	r := res.StructuredContent.(tools.ValidationReport)
	assert.True(t, r.Compiles)
	require.NotNil(t, r.Diff)
	assert.Equal(t, 1, r.Diff.Breaking)
	assert.Equal(t, "document#viewer", r.Diff.Changes[0].Name)

	res, _ = call(t, d, "validate_schema", map[string]any{"schema": "definition user {\n  relation x user\n}"})
	r = res.StructuredContent.(tools.ValidationReport)
	assert.False(t, r.Valid)
	require.NotNil(t, r.Error)
	assert.Equal(t, 2, r.Error.Pos.Line)
}

func TestEveryToolExplainsMissingSchema(t *testing.T) {
	d := newDeps(t, map[string]string{"main.go": "package main\n"})
	args := map[string]map[string]any{
		"explain_permission": {"resource": "document", "permission": "view"},
		"authz_context":      {"resource": "document", "operation": "read"},
		"test_permissions":   {"checks": []any{"document:1#view@user:alice"}},
	}
	for _, tool := range tools.All(d) {
		if tool.Tool.Name == "schema_examples" {
			continue // serves the embedded examples; needs no project schema
		}
		res, text := call(t, d, tool.Tool.Name, args[tool.Tool.Name])
		// check_coverage still runs the rules that need no schema.
		assert.Equal(t, tool.Tool.Name != "check_coverage", res.IsError, tool.Tool.Name)
		assert.Contains(t, text, "--schema", "%s must say how to point at a schema", tool.Tool.Name)
	}
}

func TestBrokenCurrentSchema(t *testing.T) {
	d := newDeps(t, map[string]string{"schema.zed": "definition user {\n  relation x: nobody\n}\n"})
	res, text := call(t, d, "get_schema", nil)
	assert.True(t, res.IsError)
	assert.Contains(t, text, "schema.zed:2:")
	res, text = call(t, d, "validate_schema", nil)
	assert.False(t, res.IsError, "a broken schema is validate_schema's answer, not its failure")
	assert.Contains(t, text, "INVALID current schema")
}

var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// everyTool lists every tool, the live SpiceDB ones included.
func everyTool(t *testing.T) []server.ServerTool {
	d := newDeps(t, nil)
	client, err := live.Dial(live.Config{Endpoint: "localhost:50051", Insecure: true})
	require.NoError(t, err)
	t.Cleanup(func() { client.Close() })
	d.SpiceDB = client
	return tools.All(d)
}

func TestToolInventory(t *testing.T) {
	for _, tool := range everyTool(t) {
		t.Run(tool.Tool.Name, func(t *testing.T) {
			tl := tool.Tool
			assert.Regexp(t, snakeCase, tl.Name)
			assert.NotEmpty(t, tl.Annotations.Title, "title")
			assert.GreaterOrEqual(t, len(tl.Description), 80, "a description the model can act on")
			require.NotNil(t, tl.Annotations.ReadOnlyHint, "readOnlyHint must be explicit")
			assert.True(t, *tl.Annotations.ReadOnlyHint)
			var in map[string]any
			require.NoError(t, json.Unmarshal(tl.RawInputSchema, &in))
			assert.Equal(t, "object", in["type"])
			assert.NotContains(t, in, "oneOf")
			assert.NotContains(t, in, "anyOf")
			assert.Equal(t, "object", tl.OutputSchema.Type, "every tool declares an output schema")
		})
	}
}

// TestToolSnapshots pins each tool's JSON (name, description, annotations,
// schemas): it is product text the model reads. Regenerate on purpose with
// UPDATE_SNAPSHOTS=1.
func TestToolSnapshots(t *testing.T) {
	dir := filepath.Join("..", "testdata", "toolsnaps")
	for _, tool := range everyTool(t) {
		got, err := json.MarshalIndent(tool.Tool, "", "  ")
		require.NoError(t, err)
		got = append(got, '\n')
		path := filepath.Join(dir, tool.Tool.Name+".snap")
		if os.Getenv("UPDATE_SNAPSHOTS") != "" {
			require.NoError(t, os.MkdirAll(dir, 0o755))
			require.NoError(t, os.WriteFile(path, got, 0o644))
			continue
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err, "missing snapshot; run UPDATE_SNAPSHOTS=1 go test ./tools")
		assert.Equal(t, string(want), string(got), "tool %s changed; review, then UPDATE_SNAPSHOTS=1 go test ./tools", tool.Tool.Name)
	}
}

func TestArgumentErrorsSayHowToFix(t *testing.T) {
	d := newDeps(t, map[string]string{"schema.zed": docsSchema})
	tests := []struct {
		tool string
		args map[string]any
		want []string
	}{
		{"explain_permission", map[string]any{"resource": "document"}, []string{"missing property 'permission'", "fix: this tool takes {permission: string (required), resource: string (required)}"}},
		{"get_schema", map[string]any{"definition": 42}, []string{"argument definition: got number, want string"}},
		{"get_schema", map[string]any{"extra": "x"}, []string{"'extra'", "fix: this tool takes {definition: string}"}},
	}
	for _, tt := range tests {
		res, text := call(t, d, tt.tool, tt.args)
		assert.True(t, res.IsError)
		for _, w := range tt.want {
			assert.Contains(t, text, w)
		}
		assert.NotContains(t, text, "&{", "no raw Go values")
	}
}
