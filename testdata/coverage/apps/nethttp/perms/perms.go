// Package perms names the schema's types, relations and permissions.
package perms

// Object types.
const (
	Project = "project"
	Task    = "task"
	User    = "user"
)

// Permissions.
const (
	View    = "view"
	Edit    = "edit"
	Manage  = "manage"
	Archive = "archive"
)

// Relations.
const (
	Owner    = "owner"
	Assignee = "assignee"
	Project_ = "project"
)
