package service

import (
	"context"

	"github.com/authzed/authzed-go/v1"

	"example.com/nethttpapp/authz"
	"example.com/nethttpapp/perms"
)

// Task is a stored task.
type Task struct{ ID, Title, Project string }

// Tasks is the task service.
type Tasks struct {
	client *authzed.Client
	tasks  map[string]*Task
}

// NewTasks makes the service.
func NewTasks(client *authzed.Client) *Tasks {
	return &Tasks{client: client, tasks: map[string]*Task{}}
}

// Load returns a task without asking anyone.
func (s *Tasks) Load(ctx context.Context, id string) *Task { return s.tasks[id] }

// Update changes a task the user may edit.
func (s *Tasks) Update(ctx context.Context, id, title string) error {
	if err := authz.Require(ctx, s.client, perms.Task, id, perms.Edit); err != nil {
		return err
	}
	s.tasks[id].Title = title
	return nil
}

// Create adds a task to a project and links it.
func (s *Tasks) Create(ctx context.Context, project, title string) (*Task, error) {
	t := &Task{ID: "t1", Title: title, Project: project}
	s.tasks[t.ID] = t
	if err := authz.Grant(ctx, s.client, perms.Task, t.ID, perms.Assignee, authz.UserID(ctx)); err != nil {
		return nil, err
	}
	return t, nil
}

// Inspect logs a check and returns the task whatever the answer.
func (s *Tasks) Inspect(ctx context.Context, id string) *Task {
	authz.Audit(ctx, s.client, perms.Task, id, perms.View)
	return s.tasks[id]
}

// Complete closes a task; the route's wrapper checked edit.
func (s *Tasks) Complete(ctx context.Context, id string) { s.tasks[id].Title += " (done)" }
