package coverage

import (
	"slices"
	"strings"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// verbs maps the leading word of a handler name to its operation. Names
// win over the HTTP method: `POST /docs/{id}/archive` named ArchiveDoc is an
// update, not a create.
var verbs = map[string]Operation{
	"create": OpCreate, "add": OpCreate, "new": OpCreate, "insert": OpCreate, "upload": OpCreate, "register": OpCreate, "post": OpCreate,
	"get": OpRead, "read": OpRead, "show": OpRead, "fetch": OpRead, "view": OpRead, "load": OpRead, "describe": OpRead, "retrieve": OpRead, "download": OpRead, "find": OpRead,
	"list": OpList, "search": OpList, "index": OpList, "query": OpList, "browse": OpList, "all": OpList,
	"update": OpUpdate, "edit": OpUpdate, "patch": OpUpdate, "put": OpUpdate, "modify": OpUpdate, "rename": OpUpdate, "move": OpUpdate, "set": OpUpdate, "change": OpUpdate, "save": OpUpdate, "archive": OpUpdate, "publish": OpUpdate,
	"delete": OpDelete, "remove": OpDelete, "destroy": OpDelete, "purge": OpDelete, "drop": OpDelete, "trash": OpDelete,
}

// InferOperation infers what a handler does from its name, then its HTTP
// method and route shape: a route ending in a parameter addresses one
// resource, one ending in a literal addresses the collection.
func InferOperation(method, route, function string) Operation {
	// An action segment names the operation: POST /docs/{id}/archive.
	if routeWords := schemas.Words(route); len(routeWords) > 1 && !endsWithParam(route) {
		if op, ok := verbs[routeWords[len(routeWords)-1]]; ok {
			return op
		}
	}
	// For `Type.Method` the method name carries the verb.
	words := schemas.Words(function[strings.LastIndex(function, ".")+1:])
	// Skip receiver-ish prefixes: handleCreateDoc, HandleGetDoc, onDelete.
	for len(words) > 1 && (words[0] == "handle" || words[0] == "handler" || words[0] == "on" || words[0] == "api" || words[0] == "do") {
		words = words[1:]
	}
	if len(words) > 0 {
		if op, ok := verbs[words[0]]; ok {
			last := words[len(words)-1]
			if op == OpRead && len(words) > 1 && (schemas.IsPlural(last) || last == "all" || last == "many") {
				return OpList // getDocuments, findAll
			}
			return op
		}
	}
	if IsProbe(route) {
		return OpOther
	}
	action := isAction(route)
	switch strings.ToUpper(method) {
	case "POST":
		if action {
			return OpUpdate // POST /issues/{id}/close acts on the issue
		}
		return OpCreate
	case "PUT", "PATCH":
		return OpUpdate
	case "DELETE":
		return OpDelete
	case "GET", "HEAD":
		if route != "" && !endsWithParam(route) && !action {
			return OpList
		}
		return OpRead // GET /documents/{id}/preview reads the document
	}
	return OpOther
}

// Words is schemas.Words, for frontends: it splits an identifier or path
// into lower-case words.
func Words(s string) []string { return schemas.Words(s) }

// probeSegments are the last route segments of health, readiness and
// metrics endpoints. `status` is not one: `/orders/{id}/status` is a
// resource.
var probeSegments = []string{"healthz", "livez", "readyz", "health", "ready", "readiness", "liveness", "metrics", "ping"}

// IsProbe reports whether a route is a health, readiness or metrics
// endpoint: not a resource, and exempt from the rules.
func IsProbe(route string) bool {
	route = strings.Trim(route, "/")
	return route != "" && slices.Contains(probeSegments, strings.ToLower(route[strings.LastIndex(route, "/")+1:]))
}

// isAction reports whether a route ends in a singular word after a
// parameter (`/issues/{id}/close`, `/documents/{id}/preview`): an action
// on one resource, not a sub-collection such as `/folders/{id}/documents`.
func isAction(route string) bool {
	route = strings.TrimRight(route, "/")
	i := strings.LastIndex(route, "/")
	if i <= 0 || endsWithParam(route) || !endsWithParam(route[:i]) {
		return false
	}
	words := schemas.Words(route[i+1:])
	return len(words) > 0 && !schemas.IsPlural(words[len(words)-1])
}

// endsWithParam reports whether a route's last segment is a parameter in
// any router's syntax: {id}, :id, <id>, <int:id>, [id], ${id}, or `*`.
func endsWithParam(route string) bool {
	route = strings.TrimRight(route, "/")
	seg := route[strings.LastIndex(route, "/")+1:]
	return seg == "*" || strings.HasPrefix(seg, "{") || strings.HasPrefix(seg, ":") || strings.HasPrefix(seg, "<") || strings.HasPrefix(seg, "[") || strings.HasPrefix(seg, "${")
}
