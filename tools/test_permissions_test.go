package tools_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/tools"
)

const docsRelationships = `document:readme#parent@folder:eng
folder:eng#viewer@group:staff#member
group:staff#member@user:alice
document:readme#owner@user:bob`

const caveatSchema = `definition user {}

caveat ip_allowlist(allowed string, client_ip ipaddress) {
  client_ip.in_cidr(allowed)
}

definition document {
  relation viewer: user with ip_allowlist
  permission view = viewer
}
`

func TestTestPermissionsChecks(t *testing.T) {
	d := newDeps(t, map[string]string{"schema.zed": docsSchema})
	tests := []struct {
		name    string
		args    map[string]any
		isError bool
		want    []string
	}{
		{
			name: "allowed through a folder and a group",
			args: map[string]any{"relationships": docsRelationships, "checks": []any{"document:readme#view@user:alice"}},
			want: []string{
				"1 check(s) against schema.zed with 4 relationship(s): 1 HAS_PERMISSION",
				"document:readme#view@user:alice → HAS_PERMISSION",
				"document#view = viewer + edit + parent->view",
				"via user:alice → group:staff#member → folder:eng#viewer → folder:eng#view → document:readme#view",
				"uses line 1: document:readme#parent@folder:eng", "uses line 3: group:staff#member@user:alice",
			},
		},
		{
			name: "denied, with the trace and the ways to grant it",
			args: map[string]any{"relationships": docsRelationships, "checks": []any{"document:readme#delete@user:alice"}},
			want: []string{"document:readme#delete@user:alice → NO_PERMISSION", "trace:", "document:readme#owner (relation) denied", "paths that could grant it: user → document#owner"},
		},
		{
			name: "conditional on a proposed schema",
			args: map[string]any{"schema": caveatSchema, "relationships": `document:1#viewer@user:bob[ip_allowlist:{"allowed":"10.0.0.0/8"}]`, "checks": []any{"document:1#view@user:bob"}},
			want: []string{"against proposed", "→ CONDITIONAL_PERMISSION (missing caveat context: client_ip)", `fix: check with the context, e.g. document:1#view@user:bob with {"client_ip": …}`},
		},
		{
			name: "caveat satisfied",
			args: map[string]any{"schema": caveatSchema, "relationships": `document:1#viewer@user:bob[ip_allowlist:{"allowed":"10.0.0.0/8"}]`, "checks": []any{`document:1#view@user:bob with {"client_ip": "10.0.0.7"}`}},
			want: []string{"→ HAS_PERMISSION", "uses line 1: document:1#viewer@user:bob[ip_allowlist"},
		},
		{
			name: "denied, no path for the subject's type",
			args: map[string]any{"relationships": docsRelationships, "checks": []any{"document:readme#edit@group:staff#member"}},
			want: []string{"→ NO_PERMISSION", "no path in the schema grants it to this subject's type"},
		},
		{
			name: "relationship the schema does not allow", isError: true,
			args: map[string]any{"relationships": "document:readme#parent@folder:eng\ndocument:readme#viewer@folder:eng", "checks": []any{"document:readme#view@user:alice"}},
			want: []string{"2:24: document#viewer does not allow subject folder; allowed: user | user:* | group#member", "fix:"},
		},
		{
			name: "check naming an unknown permission", isError: true,
			args: map[string]any{"checks": []any{"document:readme#veiw@user:alice"}},
			want: []string{"check 1, column 17", "did you mean"},
		},
		{
			name: "broken proposed schema", isError: true,
			args: map[string]any{"schema": "definition document {\n  relation viewer: usr\n}", "checks": []any{"document:1#viewer@user:a"}},
			want: []string{"proposed:2:"},
		},
		{
			name: "file and checks together", isError: true,
			args: map[string]any{"file": "x.yaml", "checks": []any{"document:readme#view@user:alice"}},
			want: []string{"pass one or the other"},
		},
		{
			name: "relationships without checks", isError: true,
			args: map[string]any{"relationships": docsRelationships},
			want: []string{"no checks were given"},
		},
		{
			name: "checks of the wrong type", isError: true,
			args: map[string]any{"checks": "document:readme#view@user:alice"},
			want: []string{"argument checks", "array"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, text := call(t, d, "test_permissions", tt.args)
			require.Equal(t, tt.isError, res.IsError, text)
			for _, w := range tt.want {
				assert.Contains(t, text, w)
			}
			if !tt.isError {
				r := res.StructuredContent.(tools.PermissionTestReport)
				assert.Equal(t, "checks", r.Mode)
				require.Len(t, r.Checks, 1)
				assert.NotEmpty(t, r.Checks[0].Trace, "the full trace is in structuredContent")
			}
		})
	}
}

const passingYAML = `schemaFile: ./schema.zed
relationships: |-
  document:readme#owner@user:bob
assertions:
  assertTrue:
    - document:readme#delete@user:bob
`

func TestTestPermissionsValidationFiles(t *testing.T) {
	failing := strings.Replace(passingYAML, "assertTrue", "assertFalse", 1)
	d := newDeps(t, map[string]string{
		"authz/schema.zed":    docsSchema,
		"authz/passing.yaml":  passingYAML,
		"authz/failing.yaml":  failing,
		"authz/broken.yaml":   "schemaFile: ./missing.zed\nassertions: {}\n",
		"node_modules/x.yaml": failing,
	})
	res, text := call(t, d, "test_permissions", nil)
	require.False(t, res.IsError, text)
	assert.Contains(t, text, "3 validation file(s): 1 passed, 2 failed (2 failures)")
	assert.Contains(t, text, "FAIL authz/failing.yaml (1 relationships, 1 assertions, 0 expected relations)\n  authz/failing.yaml:6:7: assertion: Expected relation or permission document:readme#delete@user:bob to not exist")
	assert.Contains(t, text, "PASS authz/passing.yaml")
	assert.Contains(t, text, "authz/broken.yaml:1:13: schema: schemaFile missing.zed cannot be read")
	r := res.StructuredContent.(tools.PermissionTestReport)
	assert.Equal(t, "validation_files", r.Mode)
	assert.False(t, r.Passed)
	require.Len(t, r.Files, 3)

	res, text = call(t, d, "test_permissions", map[string]any{"file": "authz/passing.yaml"})
	require.False(t, res.IsError, text)
	assert.Equal(t, "1 validation file(s): 1 passed, 0 failed\nPASS authz/passing.yaml (1 relationships, 1 assertions, 0 expected relations)", text)
	assert.True(t, res.StructuredContent.(tools.PermissionTestReport).Passed)

	res, text = call(t, d, "test_permissions", map[string]any{"file": "../outside.yaml"})
	assert.True(t, res.IsError)
	assert.Contains(t, text, "outside the project root")

	res, text = call(t, newDeps(t, map[string]string{"schema.zed": docsSchema}), "test_permissions", nil)
	assert.True(t, res.IsError)
	assert.Contains(t, text, "no zed validation files under")
	assert.Contains(t, text, "fix:")
}

func TestTestPermissionsSchemaFileFailureIsRootRelative(t *testing.T) {
	d := newDeps(t, map[string]string{
		"authz/schema.zed":  "definition user {}\ndefinition document {\n  relation viewer: usr\n}\n",
		"authz/broken.yaml": passingYAML,
	})
	res, text := call(t, d, "test_permissions", nil)
	require.False(t, res.IsError, text)
	assert.Contains(t, text, "authz/schema.zed:3:20: schema:")
}
