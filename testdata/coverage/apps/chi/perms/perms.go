// Package perms names the schema's types, relations and permissions.
package perms

// Object types.
const (
	Document = "document"
	Folder   = "folder"
	User     = "user"
)

// Permissions.
const (
	View   = "view"
	Edit   = "edit"
	Delete = "delete"
	Share  = "share"
)

// Relations.
const (
	Owner  = "owner"
	Viewer = "viewer"
	Parent = "parent"
)
