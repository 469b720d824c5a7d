// Package paths names route patterns the api package registers.
package paths

// Project routes.
const (
	Burndown = "GET /projects/{project}/burndown"
	Members  = "GET /projects/{project}/members"
	Project  = "/projects/{project}"
)
