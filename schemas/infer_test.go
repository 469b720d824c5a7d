package schemas

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const inferSchema = `definition user {}
definition team {
	relation member: user
}
definition team_member {
	relation team: team
	relation user: user
	permission view = user
}
definition document {
	relation viewer: user
	permission view = viewer
}
definition folder {
	relation viewer: user
	permission view = viewer
}
definition policy {
	relation viewer: user
	permission view = viewer
}
`

func inferModel(t *testing.T) *Model {
	t.Helper()
	m, err := Compile([]Source{{File: "schema.zed", Text: inferSchema}}, nil)
	require.NoError(t, err)
	return m
}

func TestInferResource(t *testing.T) {
	m := inferModel(t)
	tests := []struct {
		name        string
		handler     string
		route       string
		identifiers []string
		want        string // "" when ambiguous
		candidates  []string
	}{
		{"handler name", "DocumentHandler", "", nil, "document", []string{"document"}},
		{"route plural", "handler", "/api/v1/documents/{id}", nil, "document", []string{"document"}},
		{"snake case", "get_folder", "", nil, "folder", []string{"folder"}},
		{"irregular plural", "ListPolicies", "", nil, "policy", []string{"policy"}},
		{"multi-word wins", "CreateTeamMember", "", nil, "team_member", []string{"team_member", "team"}},
		{"route beats identifiers", "handler", "/folders/:id", []string{"Document", "DocumentStore"}, "folder", []string{"folder", "document"}},
		{"two resources in the name", "MoveDocumentToFolder", "", nil, "", []string{"document", "folder"}},
		{"identifiers only, tie", "handler", "", []string{"Document", "Folder"}, "", []string{"document", "folder"}},
		{"identifiers only, one", "handler", "", []string{"DocumentRepo"}, "document", []string{"document"}},
		{"nothing matches", "healthz", "/healthz", nil, "", nil},
		{"many identifiers never outweigh the name", "FolderService.RenameFolder", "", []string{"Document", "DocumentService", "GetDocument", "ListDocuments", "DocumentRequest"}, "folder", []string{"folder", "document"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cands := InferResource(m, tt.handler, tt.route, tt.identifiers)
			var names []string
			for _, c := range cands {
				names = append(names, c.Name)
				assert.NotEmpty(t, c.Because)
			}
			assert.Equal(t, tt.candidates, names)
			got, ok := Decisive(cands)
			assert.Equal(t, tt.want != "", ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestRefineOperation(t *testing.T) {
	assert.Equal(t, OpShare, RefineOperation(OpCreate, "ShareDocument"))
	assert.Equal(t, OpShare, RefineOperation(OpCreate, "addCollaborator"))
	assert.Equal(t, OpUnshare, RefineOperation(OpDelete, "removeCollaborator"))
	assert.Equal(t, OpUnshare, RefineOperation(OpOther, "revoke_access"))
	assert.Equal(t, OpRead, RefineOperation(OpRead, "GetDocument"))
}
