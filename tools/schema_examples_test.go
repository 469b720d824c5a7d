package tools_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/tools"
)

func TestSchemaExamples(t *testing.T) {
	// No schema in the project: the examples do not need one.
	d := newDeps(t, map[string]string{"main.go": "package main\n"})
	tests := []struct {
		name    string
		args    map[string]any
		isError bool
		want    []string
		notWant []string
	}{
		{
			name: "list", args: nil,
			want: []string{
				"6 example schemas:",
				"rbac: Role-based access control.",
				"ai-agents: AI agents acting on behalf of users.",
				"(definitions: user, group, folder, document)",
				"Next: schema_examples {name}",
			},
			notWant: []string{"```"},
		},
		{
			name: "one example", args: map[string]any{"name": "time-bound-access"},
			want: []string{
				"Example time-bound-access: Time-bound and conditional access",
				"time-bound-access.zed:\n```zed\nuse expiration\n",
				"caveat ip_allowlist(allowed_cidr string, client_ip ipaddress)",
				"time-bound-access.yaml (save next to time-bound-access.zed; `zed validate time-bound-access.yaml` passes):\n```yaml\n",
				"schemaFile: ./time-bound-access.zed",
				"assertCaveated:",
				"validate_schema {schema}",
			},
		},
		{
			name: "unknown example", args: map[string]any{"name": "githbu"}, isError: true,
			want: []string{`"githbu"`, "did you mean: github?", "fix: use one of: ai-agents, document-sharing, github"},
		},
		{
			name: "wrong type", args: map[string]any{"name": 3}, isError: true,
			want: []string{"argument name: got number, want string"},
		},
		{
			name: "unknown argument", args: map[string]any{"example": "rbac"}, isError: true,
			want: []string{"'example'", "fix: this tool takes {name: string}"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, text := call(t, d, "schema_examples", tt.args)
			assert.Equal(t, tt.isError, res.IsError, text)
			for _, w := range tt.want {
				assert.Contains(t, text, w)
			}
			for _, w := range tt.notWant {
				assert.NotContains(t, text, w)
			}
			if !tt.isError {
				assert.NotNil(t, res.StructuredContent)
			}
		})
	}
}

func TestSchemaExamplesStructured(t *testing.T) {
	d := newDeps(t, nil)
	res, _ := call(t, d, "schema_examples", nil)
	list := res.StructuredContent.(tools.ExampleList)
	require.Len(t, list.Examples, len(schemas.Examples()))
	for _, e := range list.Examples {
		assert.Empty(t, e.Schema, "the list stays compact")
		assert.NotEmpty(t, e.Definitions)
	}

	res, _ = call(t, d, "schema_examples", map[string]any{"name": "github"})
	one := res.StructuredContent.(tools.ExampleList)
	require.Len(t, one.Examples, 1)
	want, err := schemas.ExampleByName("github")
	require.NoError(t, err)
	assert.Equal(t, want.Schema, one.Examples[0].Schema)
	assert.Equal(t, want.Validation, one.Examples[0].Validation)
}
