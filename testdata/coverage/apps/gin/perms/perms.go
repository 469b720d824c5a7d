// Package perms names the schema's types, relations and permissions.
package perms

// Object types.
const (
	Team       = "team"
	Repository = "repository"
	Issue      = "issue"
)

// Permissions.
const (
	Read  = "read"
	Push  = "push"
	Admin = "admin"
	Close = "close"
)

// Relations.
const (
	Owner  = "owner"
	Author = "author"
)
