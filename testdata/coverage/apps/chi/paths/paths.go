// Package paths names route paths the api package registers.
package paths

// Document routes, below /documents.
const (
	History  = "/{id}/history"
	Versions = "/{id}/versions"
)

// Prefixes of routers other files of api fill.
const (
	Archive = "/archive"
	Shared  = "/shared"
)
