package treesitter

import (
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// Names collects the identifiers a frontend reports, each with the byte
// offset it was seen at, because frontends find them in several passes.
type Names struct {
	// Skip reports names that never point at a resource (builtins,
	// framework types); it sees the name lower-cased.
	Skip  func(lower string) bool
	names []posName
}

type posName struct {
	pos  uint32
	name string
}

// Add records name, seen at byte offset pos, unless it is too short or
// skipped.
func (ns *Names) Add(pos uint32, name string) {
	if len([]rune(name)) < 2 || !isName(name) {
		return
	}
	if lower := strings.ToLower(name); commonSkip[lower] || (ns.Skip != nil && ns.Skip(lower)) {
		return
	}
	ns.names = append(ns.names, posName{pos, name})
}

// AddRoute records the static segments of a route whose literal starts at
// pos.
func (ns *Names) AddRoute(pos uint32, route string) {
	for _, seg := range RouteSegments(route) {
		ns.Add(pos, seg)
	}
}

// List returns the names without duplicates, in order of first appearance.
func (ns *Names) List() []string {
	sort.SliceStable(ns.names, func(i, j int) bool { return ns.names[i].pos < ns.names[j].pos })
	seen := map[string]bool{}
	out := []string{}
	for _, n := range ns.names {
		if !seen[n.name] {
			seen[n.name] = true
			out = append(out, n.name)
		}
	}
	return out
}

func isName(s string) bool {
	for i, r := range s {
		if !(unicode.IsLetter(r) || r == '_' || r == '$' || (i > 0 && (unicode.IsDigit(r) || r == '-'))) {
			return false
		}
	}
	return true
}

// commonSkip holds names no frontend reports: request and response
// parameters, receivers, and route words that name no resource.
var commonSkip = SetOf(
	"req", "res", "request", "response", "self", "cls", "this", "ctx", "context", "next", "reply", "err", "error",
	"api", "app", "router", "id", "ids", "pk", "uuid", "slug", "new", "edit", "get", "post", "put", "patch", "delete", "head", "options", "all",
)

// routeNoise are route words that are never a resource.
var routeNoise = regexp.MustCompile(`^(api|v\d+|\d+)$`)

// RouteSegments returns the words of a route's static path segments, as
// the Go frontend does: `/api/v1/audit-logs/{id}` gives audit, logs.
// Parameters in any router's syntax, `api`, versions and numbers are
// skipped.
func RouteSegments(route string) []string {
	var out []string
	for _, seg := range strings.Split(route, "/") {
		seg = strings.Trim(seg, "^$")
		if seg == "" || strings.ContainsAny(seg[:1], "{:<[*$(") {
			continue
		}
		for _, w := range coverage.Words(seg) {
			if !routeNoise.MatchString(w) {
				out = append(out, w)
			}
		}
	}
	return out
}

// JoinRoute joins route parts with single slashes under a leading one; a
// trailing slash on the last non-empty part is kept, since Django and
// Flask tell `docs/` from `docs`.
func JoinRoute(parts ...string) string {
	var segs []string
	trailing := false
	for _, p := range parts {
		if t := strings.Trim(p, "/"); t != "" {
			segs = append(segs, t)
			trailing = strings.HasSuffix(p, "/")
		}
	}
	route := "/" + strings.Join(segs, "/")
	if trailing && route != "/" {
		route += "/"
	}
	return route
}

// SetOf returns a set of names.
func SetOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// Unique returns names without duplicates, in order; nil when empty, so
// an empty list is omitted from JSON.
func Unique(names []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		if n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}
