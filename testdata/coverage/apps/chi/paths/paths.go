// Package paths names route paths the api package registers.
package paths

// Document routes, below /documents.
const (
	History  = "/{id}/history"
	Versions = "/{id}/versions"
)
