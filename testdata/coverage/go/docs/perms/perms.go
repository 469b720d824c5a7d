// Package perms names the schema's object types, permissions and
// relations once, for the rest of the service.
package perms

// Permission is a permission of the schema.
type Permission string

// Object types.
const (
	Document = "document"
	User     = "user"
)

// Permissions on a document.
const (
	View   Permission = "view"
	Edit   Permission = "edit"
	Delete Permission = "delete"
)

// Owner is the relation a document's creator gets.
const Owner = "owner"
