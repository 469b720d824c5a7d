// Package service is the document service; it asks authz before it
// touches the store.
package service

import (
	"context"

	"github.com/authzed/authzed-go/v1"

	"example.com/chiapp/authz"
	"example.com/chiapp/perms"
)

// Document is a stored document.
type Document struct {
	ID, Title, Folder string
}

// Documents is the service.
type Documents struct {
	client *authzed.Client
	docs   map[string]*Document
}

// NewDocuments makes the service.
func NewDocuments(client *authzed.Client) *Documents {
	return &Documents{client: client, docs: map[string]*Document{}}
}

// Get returns a document the user may view.
func (s *Documents) Get(ctx context.Context, id string) (*Document, error) {
	if err := s.authorize(ctx, id, perms.View); err != nil {
		return nil, err
	}
	return s.docs[id], nil
}

// Create stores a new document owned by user.
func (s *Documents) Create(ctx context.Context, title, user string) (*Document, error) {
	doc := &Document{ID: "doc-1", Title: title}
	s.docs[doc.ID] = doc
	return doc, authz.Grant(ctx, s.client, perms.Document, doc.ID, perms.Owner, user)
}

// Delete removes a document and its relationships.
func (s *Documents) Delete(ctx context.Context, id string) error {
	if err := s.authorize(ctx, id, perms.Delete); err != nil {
		return err
	}
	delete(s.docs, id)
	return authz.Forget(ctx, s.client, perms.Document, id)
}

// List returns the documents the user may view.
func (s *Documents) List(ctx context.Context) ([]string, error) {
	return authz.Visible(ctx, s.client, perms.Document, perms.View)
}

// Preview checks a misspelled permission.
func (s *Documents) Preview(ctx context.Context, id string) (*Document, error) {
	if err := authz.Require(ctx, s.client, perms.Document, id, "veiw"); err != nil { // want "unknown-permission"
		return nil, err
	}
	return s.docs[id], nil
}

// Share lets user view a document the caller may share.
func (s *Documents) Share(ctx context.Context, id, user string) error {
	if err := s.authorize(ctx, id, perms.Share); err != nil {
		return err
	}
	return authz.Grant(ctx, s.client, perms.Document, id, perms.Viewer, user)
}

// Revisions lists a document's revisions; the route's middleware checked
// view.
func (s *Documents) Revisions(ctx context.Context, id string) []string {
	return []string{s.docs[id].Title}
}

func (s *Documents) authorize(ctx context.Context, id, p string) error {
	return authz.Require(ctx, s.client, perms.Document, id, p)
}
