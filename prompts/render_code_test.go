package prompts

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// codeCase is a handler shape the code templates must cover, with the
// check each operation makes.
type codeCase struct {
	name            string
	resource, actor string
	checks          map[string]*CodeCheck // by operation; "" for the rest
	lookup          *CodeCheck
	create, share   []CodeWrite
	deleteAsSubject []CodeRelationRef
}

func (c codeCase) request(language, op string) CodeRequest {
	req := CodeRequest{Language: language, Operation: op, Resource: c.resource, Actor: c.actor, Lookup: c.lookup,
		DeleteRelationships: true, DeleteAsSubject: c.deleteAsSubject}
	req.Check = c.checks[""]
	if check, ok := c.checks[op]; ok {
		req.Check = check
	}
	switch op {
	case "create":
		req.Writes = c.create
	case "share":
		req.Writes = c.share
	case "unshare":
		req.Writes = c.share
	}
	return req
}

var (
	codeLanguages = []string{"go", "typescript", "javascript", "python"}

	ipAllowlist = []CodeCaveatParam{{Caveat: "ip_allowlist", Name: "user_ip", Type: "ipaddress"}, {Caveat: "business_hours", Name: "now", Type: "timestamp"}}

	codeCases = []codeCase{
		{
			// Google-Docs-style: created inside a folder, owner and parent written.
			name: "document", resource: "document", actor: "user",
			checks: map[string]*CodeCheck{
				"":       {Object: "document", Permission: "view"},
				"create": {Object: "folder", Permission: "create_document"},
				"update": {Object: "document", Permission: "edit"},
				"delete": {Object: "document", Permission: "delete"},
				"share":  {Object: "document", Permission: "share"}, "unshare": {Object: "document", Permission: "share"},
				"other": {Object: "document", Permission: "comment"},
			},
			lookup: &CodeCheck{Object: "document", Permission: "view"},
			create: []CodeWrite{{Object: "document", Relation: "owner", Subject: "user", From: "actor"}, {Object: "document", Relation: "parent", Subject: "folder", From: "parent"}},
			share:  []CodeWrite{{Object: "document", Relation: "viewer", Subject: "user", From: "input"}},
		},
		{
			// Folders nest: the parent has the resource's type, the resource is
			// the subject of other relations, and sharing allows a group.
			name: "folder", resource: "folder", actor: "user",
			checks: map[string]*CodeCheck{
				"":       {Object: "folder", Permission: "view"},
				"create": {Object: "folder", Permission: "create_folder"},
				"delete": {Object: "folder", Permission: "delete"},
			},
			lookup:          &CodeCheck{Object: "folder", Permission: "view"},
			create:          []CodeWrite{{Object: "folder", Relation: "owner", Subject: "user", From: "actor"}, {Object: "folder", Relation: "parent", Subject: "folder", From: "parent"}},
			share:           []CodeWrite{{Object: "folder", Relation: "viewer", Subject: "group", SubjectRelation: "member", From: "input"}, {Object: "folder", Relation: "viewer", Subject: "user", From: "input"}},
			deleteAsSubject: []CodeRelationRef{{Object: "folder", Relation: "parent"}, {Object: "document", Relation: "parent"}},
		},
		{
			// Caveated grants; created at the top level with no check.
			name: "caveated", resource: "report", actor: "user",
			checks: map[string]*CodeCheck{
				"":       {Object: "report", Permission: "view", Caveats: ipAllowlist},
				"create": nil,
			},
			lookup: &CodeCheck{Object: "report", Permission: "view", Caveats: ipAllowlist},
			create: []CodeWrite{{Object: "report", Relation: "owner", Subject: "user", From: "actor"}},
			share:  []CodeWrite{{Object: "report", Relation: "viewer", Subject: "user", From: "input"}},
		},
		{
			// The actor's type is the resource's type and the shared subject's.
			name: "user_profile", resource: "user", actor: "user",
			checks: map[string]*CodeCheck{
				"":       {Object: "user", Permission: "view_profile"},
				"create": {Object: "organization", Permission: "add_member"},
				"update": {Object: "user", Permission: "edit_profile"},
				"share":  {Object: "user", Permission: "manage_friends"}, "unshare": {Object: "user", Permission: "manage_friends"},
			},
			lookup: &CodeCheck{Object: "user", Permission: "view_profile"},
			create: []CodeWrite{{Object: "user", Relation: "organization", Subject: "organization", From: "parent"}},
			share:  []CodeWrite{{Object: "user", Relation: "friend", Subject: "user", From: "input"}},
		},
		{
			// Prefixed, multi-word types; a team#member subject set shared with.
			name: "prefixed", resource: "gh/pull_request", actor: "gh/user",
			checks: map[string]*CodeCheck{
				"":       {Object: "gh/pull_request", Permission: "read"},
				"create": {Object: "gh/repository", Permission: "create_pull_request"},
				"update": {Object: "gh/pull_request", Permission: "write"},
				"delete": {Object: "gh/pull_request", Permission: "admin"},
				"share":  {Object: "gh/pull_request", Permission: "admin"}, "unshare": {Object: "gh/pull_request", Permission: "admin"},
			},
			lookup:          &CodeCheck{Object: "gh/pull_request", Permission: "read"},
			create:          []CodeWrite{{Object: "gh/pull_request", Relation: "author", Subject: "gh/user", From: "actor"}, {Object: "gh/pull_request", Relation: "repository", Subject: "gh/repository", From: "parent"}},
			share:           []CodeWrite{{Object: "gh/pull_request", Relation: "reviewer", Subject: "gh/team", SubjectRelation: "member", From: "input"}},
			deleteAsSubject: []CodeRelationRef{{Object: "gh/comment", Relation: "pull_request"}},
		},
	}
)

// renderCase renders every operation of c in language as one reviewable
// text: imports, snippet and notes per operation.
func renderCase(t *testing.T, c codeCase, language string) string {
	t.Helper()
	var b strings.Builder
	for _, op := range codeOperations {
		code, err := RenderCode(c.request(language, op))
		require.NoError(t, err, "%s %s %s", c.name, language, op)
		fmt.Fprintf(&b, "=== %s\n--- imports\n%s\n--- snippet\n%s--- notes\n", op, strings.Join(code.Imports, "\n"), code.Snippet)
		for _, n := range code.Notes {
			b.WriteString("- " + n + "\n")
		}
	}
	return b.String()
}

// TestRenderCodeGolden compares each case's rendered code with
// testdata/codegen/<case>.<language>.expected; UPDATE_GOLDEN=1 rewrites them.
func TestRenderCodeGolden(t *testing.T) {
	for _, c := range codeCases {
		for _, language := range codeLanguages {
			t.Run(c.name+"/"+language, func(t *testing.T) {
				got := renderCase(t, c, language)
				path := filepath.Join("..", "testdata", "codegen", c.name+"."+language+".expected")
				if os.Getenv("UPDATE_GOLDEN") != "" {
					require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
					require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
					return
				}
				want, err := os.ReadFile(path)
				require.NoError(t, err, "run UPDATE_GOLDEN=1 go test ./prompts -run TestRenderCodeGolden")
				assert.Equal(t, string(want), got)
			})
		}
	}
}

func TestRenderCodeErrors(t *testing.T) {
	base := codeCases[0].request("go", "read")
	tests := []struct {
		name string
		edit func(r *CodeRequest)
		want string
	}{
		{"unknown language", func(r *CodeRequest) { r.Language = "rust" }, `unknown language "rust"`},
		{"unknown operation", func(r *CodeRequest) { r.Operation = "archive" }, `unknown operation "archive"`},
		{"list without lookup", func(r *CodeRequest) { r.Operation, r.Lookup = "list", nil }, "list needs lookup"},
		{"unshare without anything", func(r *CodeRequest) { r.Operation, r.Check = "unshare", nil }, "nothing to render"},
		{"nothing to do", func(r *CodeRequest) { r.Check = nil }, "nothing to render"},
		{"injected name", func(r *CodeRequest) { r.Check = &CodeCheck{Object: "document", Permission: `view") // x`} }, "is not a relation or permission name"},
		{"bad from", func(r *CodeRequest) {
			r.Operation, r.Writes = "create", []CodeWrite{{Object: "document", Relation: "owner", Subject: "user", From: "body"}}
		}, `from "body" must be actor, parent or input`},
		{"write elsewhere", func(r *CodeRequest) {
			r.Operation, r.Writes = "create", []CodeWrite{{Object: "team", Relation: "member", Subject: "user", From: "actor"}}
		}, "team is neither the resource document nor its parent"},
		{"actor write of another type", func(r *CodeRequest) {
			r.Operation, r.Writes = "create", []CodeWrite{{Object: "document", Relation: "owner", Subject: "group", From: "actor"}}
		}, "is from the actor, whose type is user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := base
			tt.edit(&req)
			_, err := RenderCode(req)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestRenderCodeNames(t *testing.T) {
	user := codeCases[3]
	code, err := RenderCode(user.request("go", "share"))
	require.NoError(t, err)
	assert.Contains(t, code.Snippet, "func checkUserManageFriends(ctx context.Context, client *authzed.Client, callerUserID, userID string, token *v1.ZedToken) (bool, error)")
	assert.Contains(t, code.Snippet, "func shareUserWithUser(ctx context.Context, client *authzed.Client, userID, subjectUserID string) (*v1.ZedToken, error)")

	folder := codeCases[1]
	code, err = RenderCode(folder.request("python", "create"))
	require.NoError(t, err)
	assert.Contains(t, code.Snippet, "def check_folder_create_folder(\n    client: Client, user_id: str, parent_folder_id: str,")
	assert.Contains(t, code.Snippet, "def create_folder_relationships(\n    client: Client, user_id: str, folder_id: str, parent_folder_id: str\n) -> ZedToken:")

	code, err = RenderCode(folder.request("typescript", "share"))
	require.NoError(t, err)
	assert.Contains(t, code.Snippet, "export async function shareFolderWithGroupMember(")
	assert.Contains(t, code.Snippet, "export async function shareFolderWithUser(")
	assert.Equal(t, []string{`import { v1 } from "@authzed/authzed-node";`}, code.Imports)
}

func TestRenderCodeFailsClosed(t *testing.T) {
	for _, language := range codeLanguages {
		t.Run(language, func(t *testing.T) {
			code, err := RenderCode(codeCases[2].request(language, "read"))
			require.NoError(t, err)
			assert.Contains(t, code.Snippet, "HAS_PERMISSION", "only HAS_PERMISSION allows")
			assert.NotContains(t, code.Snippet, "== v1.CheckPermissionResponse_PERMISSIONSHIP_CONDITIONAL_PERMISSION")
			assert.Contains(t, code.Snippet, "lacks user_ip, now: deny", "the conditional denial names the missing parameters")
			assert.Contains(t, strings.Join(code.Notes, "\n"), "CONDITIONAL_PERMISSION answer is denied")
		})
	}
}
