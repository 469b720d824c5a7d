// Package perms names the schema's types, relations and permissions.
package perms

// Object types.
const (
	Board = "board"
	Card  = "card"
	User  = "user"
)

// Permissions.
const (
	Read     = "read"
	Write    = "write"
	Move     = "move"
	Remove   = "remove"
	Transfer = "transfer"
)

// Relations.
const (
	Owner   = "owner"
	Creator = "creator"
)
