package coverage

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestInferOperation(t *testing.T) {
	tests := []struct {
		method, route, function string
		want                    Operation
	}{
		{"POST", "/documents", "CreateDocument", OpCreate},
		{"POST", "/documents", "handler", OpCreate},
		{"GET", "/documents/{id}", "GetDocument", OpRead},
		{"GET", "/documents/:id", "", OpRead},
		{"GET", "/documents", "", OpList},
		{"GET", "/documents", "getDocuments", OpList},
		{"GET", "", "ListDocuments", OpList},
		{"PUT", "/documents/{id}", "", OpUpdate},
		{"PATCH", "/documents/<int:id>", "", OpUpdate},
		{"DELETE", "/documents/[id]", "", OpDelete},
		{"POST", "/documents/{id}/archive", "ArchiveDocument", OpUpdate},
		{"", "", "handleDeleteFolder", OpDelete},
		{"", "", "DocumentService.RemoveDocument", OpDelete},
		{"", "", "RemoveDocument", OpDelete},
		{"", "", "healthz", OpOther},
		{"GET", "/healthz", "", OpOther},
		{"GET", "/api/ready", "handler", OpOther},
		{"GET", "/documents", "findAll", OpList},
		{"POST", "/issues/:issue/close", "", OpUpdate},
		{"POST", "/issues/:issue/comments", "", OpCreate},
		{"GET", "/documents/{id}/preview", "", OpRead},
		{"GET", "/folders/{id}/documents", "", OpList},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, InferOperation(tt.method, tt.route, tt.function), "%s %s %s", tt.method, tt.route, tt.function)
	}
}

func TestWords(t *testing.T) {
	assert.Equal(t, []string{"get", "document", "by", "id"}, Words("GetDocumentByID"))
	assert.Equal(t, []string{"api", "v1", "documents", "id"}, Words("/api/v1/documents/{id}"))
	assert.Equal(t, []string{"create", "folder", "item"}, Words("create_folder-item"))
	assert.Equal(t, []string{"http", "handler"}, Words("HTTPHandler"))
}
