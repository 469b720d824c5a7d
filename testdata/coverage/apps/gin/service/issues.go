package service

import (
	"context"

	"github.com/authzed/authzed-go/v1"

	"example.com/ginapp/authz"
	"example.com/ginapp/perms"
)

// Issue is a stored issue.
type Issue struct{ ID, Repo, Title string }

// Issues is the issue service.
type Issues struct {
	client *authzed.Client
	issues map[string]*Issue
}

// NewIssues makes the service.
func NewIssues(client *authzed.Client) *Issues {
	return &Issues{client: client, issues: map[string]*Issue{}}
}

// Open files an issue; its author may close it.
func (s *Issues) Open(ctx context.Context, repo, title string) (*Issue, error) {
	i := &Issue{ID: "i1", Repo: repo, Title: title}
	s.issues[i.ID] = i
	return i, authz.Grant(ctx, s.client, perms.Issue, i.ID, perms.Author, authz.UserID(ctx))
}

// Close closes an issue the user may close.
func (s *Issues) Close(ctx context.Context, id string) error {
	if err := authz.Require(ctx, s.client, perms.Issue, id, perms.Close); err != nil {
		return err
	}
	delete(s.issues, id)
	return nil
}

// Find returns an issue without any check.
func (s *Issues) Find(ctx context.Context, id string) *Issue { return s.issues[id] }

// Retitle renames an issue. It asks whether the user may close it, and
// goes on whatever the answer: only the error is tested.
func (s *Issues) Retitle(ctx context.Context, id, title string) error {
	if _, err := authz.Can(ctx, s.client, perms.Issue, id, perms.Close); err != nil { // want "check-result-ignored"
		return err
	}
	s.issues[id].Title = title
	return nil
}
