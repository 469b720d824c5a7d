package tools_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas/live/livetest"
	"github.com/ambient-authz/ambient-authz/tools"
)

var liveRelationships = []string{
	"folder:root#owner@user:alice",
	"folder:root#viewer@group:eng#member",
	"group:eng#member@user:carol",
	"document:readme#parent@folder:root",
	"document:readme#owner@user:bob",
	"document:public#viewer@user:*",
	"document:a#viewer@user:erin",
	"document:b#viewer@user:erin",
	"document:c#viewer@user:erin",
}

// liveDeps serves deployed from spicedb's in-memory services, with repo as
// the repository's schema.
func liveDeps(t *testing.T, repo, deployed string) tools.Deps {
	d := newDeps(t, map[string]string{"schema.zed": repo})
	d.SpiceDB = livetest.Start(t, deployed, liveRelationships...)
	return d
}

func TestLiveToolsOnlyWithAnEndpoint(t *testing.T) {
	for _, tool := range tools.All(newDeps(t, nil)) {
		assert.False(t, strings.HasPrefix(tool.Tool.Name, "spicedb_") || tool.Tool.Name == "schema_drift", tool.Tool.Name)
	}
	names := map[string]bool{}
	for _, tool := range tools.All(liveDeps(t, docsSchema, docsSchema)) {
		names[tool.Tool.Name] = true
	}
	for _, n := range []string{"spicedb_check_permission", "spicedb_lookup_resources", "spicedb_lookup_subjects", "spicedb_read_relationships", "schema_drift"} {
		assert.True(t, names[n], n)
	}
}

func TestLiveTools(t *testing.T) {
	d := liveDeps(t, docsSchema, docsSchema)
	tests := []struct {
		name    string
		tool    string
		args    map[string]any
		isError bool
		want    []string
	}{
		{"granted", "spicedb_check_permission", map[string]any{"resource": "document:readme", "permission": "view", "subject": "user:carol"}, false,
			[]string{"HAS_PERMISSION: user:carol → document:readme#view", "granted through:", "folder:root#viewer (relation) granted", "  group:eng#member (relation) granted"}},
		{"denied", "spicedb_check_permission", map[string]any{"resource": "document:readme", "permission": "delete", "subject": "user:carol", "consistency": "fully_consistent"}, false,
			[]string{"NO_PERMISSION: user:carol → document:readme#delete", "every branch SpiceDB tried:", "document:readme#owner (relation) denied"}},
		{"unknown permission", "spicedb_check_permission", map[string]any{"resource": "document:readme", "permission": "veiw", "subject": "user:carol"}, true,
			[]string{"rejected the request (FailedPrecondition)", "`veiw` not found", "fix: "}},
		{"bad resource", "spicedb_check_permission", map[string]any{"resource": "readme", "permission": "view", "subject": "user:carol"}, true,
			[]string{"pass resource as type:id"}},
		{"missing argument", "spicedb_check_permission", map[string]any{"resource": "document:readme", "permission": "view"}, true,
			[]string{"missing property 'subject'"}},
		{"lookup resources", "spicedb_lookup_resources", map[string]any{"resource_type": "document", "permission": "view", "subject": "user:erin", "limit": 2}, false,
			[]string{"document#view @ user:erin: 2 objects on this page", "more results: call again with cursor"}},
		{"lookup resources, none", "spicedb_lookup_resources", map[string]any{"resource_type": "folder", "permission": "view", "subject": "user:erin"}, false,
			[]string{"folder#view @ user:erin: no objects", "end of results"}},
		{"lookup subjects", "spicedb_lookup_subjects", map[string]any{"resource": "document:readme", "permission": "view", "subject_type": "user"}, false,
			[]string{"document:readme#view @ user: 3 subjects on this page", "alice, bob, carol", "end of results"}},
		{"lookup subjects, wildcard", "spicedb_lookup_subjects", map[string]any{"resource": "document:public", "permission": "view", "subject_type": "user"}, false,
			[]string{"*"}},
		{"lookup subjects, bad limit", "spicedb_lookup_subjects", map[string]any{"resource": "document:readme", "permission": "view", "subject_type": "user", "limit": 5000}, true,
			[]string{"limit 5000 is out of range", "from 1 to 1000"}},
		{"read relationships", "spicedb_read_relationships", map[string]any{"resource_type": "folder"}, false,
			[]string{"2 relationships on this page", "folder:root#owner@user:alice", "folder:root#viewer@group:eng#member", "end of results"}},
		{"read relationships, subject filter", "spicedb_read_relationships", map[string]any{"resource_type": "document", "subject": "user:erin", "limit": 1}, false,
			[]string{"1 relationships on this page", "#viewer@user:erin", "more results"}},
		{"read relationships, no type", "spicedb_read_relationships", map[string]any{"relation": "viewer"}, true,
			[]string{"missing property 'resource_type'"}},
		{"in sync", "schema_drift", nil, false, []string{"in sync: the repository schema (schema.zed) matches the one SpiceDB at in-memory serves"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, text := call(t, d, tt.tool, tt.args)
			assert.Equal(t, tt.isError, res.IsError, text)
			for _, w := range tt.want {
				assert.Contains(t, text, w)
			}
			if !tt.isError {
				assert.NotNil(t, res.StructuredContent)
			}
		})
	}
}

func TestSchemaDrift(t *testing.T) {
	deployed := strings.Replace(docsSchema, "permission delete = owner", "permission remove = owner", 1)
	deployed = strings.Replace(deployed, "relation viewer: user | group#member\n\tpermission edit = owner + parent->edit",
		"relation viewer: user | group#member\n\trelation editor: user\n\tpermission edit = owner + editor + parent->edit", 1)
	res, text := call(t, liveDeps(t, docsSchema, deployed), "schema_drift", nil)
	require.False(t, res.IsError, text)
	assert.Contains(t, text, "drift: the repository schema (schema.zed) differs from the one SpiceDB at in-memory serves")
	assert.Contains(t, text, "BREAKING renamed permission document#remove → document#delete")
	assert.Contains(t, text, "BREAKING removed relation folder#editor")
	assert.Contains(t, text, "changed permission folder#edit: owner + editor + parent->edit ⇒ owner + parent->edit")
	r := res.StructuredContent.(tools.DriftReport)
	assert.True(t, r.Deployed)
	assert.False(t, r.InSync)
	assert.Equal(t, 2, r.Diff.Breaking)
	assert.Len(t, r.Diff.Changes, 3)
}

func TestSchemaDriftWithoutRepositorySchema(t *testing.T) {
	d := newDeps(t, map[string]string{"main.go": "package main\n"})
	d.SpiceDB = livetest.Start(t, docsSchema)
	res, text := call(t, d, "schema_drift", nil)
	assert.True(t, res.IsError)
	assert.Contains(t, text, "--schema")
}

func TestSchemaDriftWithNothingDeployed(t *testing.T) {
	d := newDeps(t, map[string]string{"schema.zed": docsSchema})
	d.SpiceDB = livetest.Start(t, "")
	res, text := call(t, d, "schema_drift", nil)
	require.False(t, res.IsError, text)
	assert.Contains(t, text, "SpiceDB at in-memory has no schema yet; writing the repository schema (schema.zed) would add:")
	assert.Contains(t, text, "added definition document")
	r := res.StructuredContent.(tools.DriftReport)
	assert.False(t, r.Deployed)
	assert.Len(t, r.Diff.Changes, 4)
}
