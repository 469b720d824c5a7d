// Package service is the document service: the API's handlers call it,
// and it asks authz before it touches the store.
package service

import (
	"context"

	"example.com/docs/authz"
	"example.com/docs/perms"
)

// Document is a stored document.
type Document struct {
	ID, Title string
}

// Store keeps documents.
type Store interface {
	Get(ctx context.Context, id string) (*Document, error)
	Put(ctx context.Context, doc *Document) error
	Delete(ctx context.Context, id string) error
}

// Documents is the service.
type Documents struct {
	store Store
}

// NewDocuments makes the service.
func NewDocuments(store Store) *Documents { return &Documents{store: store} }

// Get returns a document the user may view.
func (s *Documents) Get(ctx context.Context, id string) (*Document, error) {
	if err := s.authorize(ctx, id, perms.View); err != nil {
		return nil, err
	}
	return s.store.Get(ctx, id)
}

// Rename changes a document's title.
func (s *Documents) Rename(ctx context.Context, id, title string) error {
	doc, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	doc.Title = title
	return s.store.Put(ctx, doc)
}

// Create stores a new document owned by user.
func (s *Documents) Create(ctx context.Context, title, user string) (*Document, error) {
	doc := &Document{ID: newID(), Title: title}
	if err := s.store.Put(ctx, doc); err != nil {
		return nil, err
	}
	return doc, authz.Grant(ctx, perms.Document, doc.ID, perms.Owner, user)
}

// Delete removes a document and its relationships.
func (s *Documents) Delete(ctx context.Context, id string) error {
	if err := s.authorize(ctx, id, perms.Delete); err != nil {
		return err
	}
	if err := s.store.Delete(ctx, id); err != nil {
		return err
	}
	return authz.Forget(ctx, perms.Document, id)
}

// List returns the documents the user may view.
func (s *Documents) List(ctx context.Context) ([]string, error) {
	return authz.Visible(ctx, perms.Document, perms.View)
}

// Archive is meant to check, and does not look at the answer.
func (s *Documents) Archive(ctx context.Context, id string) {
	authz.Peek(ctx, id)
}

func (s *Documents) authorize(ctx context.Context, id string, p perms.Permission) error {
	return authz.Require(ctx, perms.Document, id, string(p))
}

func newID() string { return "doc-1" }
