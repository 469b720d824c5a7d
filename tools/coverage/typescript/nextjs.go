package typescript

import (
	"path"
	"strings"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// nextMethods are the handlers an App Router route file can export.
var nextMethods = map[string]bool{"GET": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true, "HEAD": true, "OPTIONS": true}

// nextRoutes finds the handlers of a Next.js route file: the exported
// GET, POST, … of `app/**/route.ts` and the default export of
// `pages/api/**`. The route comes from the file's path.
func (a *analyzer) nextRoutes(root *node) {
	route, appRouter, ok := nextRoute(a.path)
	if !ok {
		return
	}
	a.names.AddRoute(0, route)
	for _, export := range root.Children {
		if export.Kind != "export_statement" {
			continue
		}
		if appRouter {
			a.appRouterExports(export, route)
		} else if export.FirstOfKind("default") != nil {
			a.pagesAPIExport(export, route)
		}
	}
}

// nextRoute derives a route from a file path: `app/api/documents/[id]/route.ts`
// is /api/documents/[id] (route groups and parallel slots left out), and
// `pages/api/documents/[id].ts` is /api/documents/[id].
func nextRoute(file string) (route string, appRouter, ok bool) {
	segs := strings.Split(strings.ReplaceAll(file, "\\", "/"), "/")
	dirs, base := segs[:len(segs)-1], segs[len(segs)-1]
	stem := strings.TrimSuffix(base, path.Ext(base))
	if stem == "route" {
		for i := len(dirs) - 1; i >= 0; i-- {
			if dirs[i] == "app" {
				return "/" + strings.Join(routeSegments(dirs[i+1:]), "/"), true, true
			}
		}
		return "", false, false
	}
	for i := 0; i+1 < len(dirs); i++ {
		if dirs[i] == "pages" && dirs[i+1] == "api" {
			parts := dirs[i+1:]
			if stem != "index" {
				parts = append(parts[:len(parts):len(parts)], stem)
			}
			return "/" + strings.Join(routeSegments(parts), "/"), false, true
		}
	}
	return "", false, false
}

// routeSegments drops the folders that are not part of a URL: route
// groups `(marketing)`, parallel slots `@modal` and private `_lib`.
func routeSegments(dirs []string) []string {
	var out []string
	for _, d := range dirs {
		if d == "" || strings.HasPrefix(d, "(") || strings.HasPrefix(d, "@") || strings.HasPrefix(d, "_") {
			continue
		}
		out = append(out, d)
	}
	return out
}

// appRouterExports reads `export async function GET(…)`,
// `export const POST = withAuth(async (req) => …)` and
// `export { handler as GET }`.
func (a *analyzer) appRouterExports(export *node, route string) {
	decl := export.Child("declaration")
	switch {
	case decl != nil && decl.Kind == "function_declaration":
		if name := a.text(decl.Child("name")); nextMethods[name] {
			a.nextHandler(name, route, name, declLine(decl), nil, decl.StartByte)
		}
	case decl != nil && (decl.Kind == "lexical_declaration" || decl.Kind == "variable_declaration"):
		for _, d := range decl.NamedChildren() {
			if d.Kind != "variable_declarator" {
				continue
			}
			if name := a.text(d.Child("name")); nextMethods[name] {
				a.nextHandler(name, route, name, d.Line(), a.wrappers(d.Child("value")), d.StartByte)
			}
		}
	case export.FirstOfKind("export_clause") != nil:
		for _, spec := range export.FirstOfKind("export_clause").NamedChildren() {
			local, alias := spec.Child("name"), spec.Child("alias")
			if alias == nil || !nextMethods[a.text(alias)] {
				continue
			}
			line := spec.Line()
			if d, ok := a.declared[a.text(local)]; ok {
				line = d.line
			}
			a.nextHandler(a.text(alias), route, a.text(local), line, nil, spec.StartByte)
		}
	}
}

// pagesAPIExport reads a pages/api default export: a function, a name,
// or a name or function wrapped in middleware (`withAuth(handler)`).
func (a *analyzer) pagesAPIExport(export *node, route string) {
	value := export.Child("declaration")
	if value == nil {
		value = export.Child("value")
	}
	value = unwrap(value)
	if value == nil {
		return
	}
	wrappers := a.wrappers(value)
	for value.Kind == "call_expression" {
		args := value.Child("arguments").NamedChildren()
		if len(args) == 0 {
			return
		}
		value = unwrap(args[len(args)-1])
	}
	switch value.Kind {
	case "function_declaration", "function_expression", "function", "arrow_function":
		name := route
		if id := value.Child("name"); id != nil {
			name = a.text(id)
		} else {
			a.functions = append(a.functions, coverage.Function{Name: name, Line: value.Line(), EndLine: value.EndLine()})
		}
		a.nextHandler("", route, name, value.Line(), wrappers, value.StartByte)
	case "identifier":
		name, line := a.text(value), value.Line()
		if d, ok := a.declared[name]; ok {
			line = d.line
		}
		a.nextHandler("", route, name, line, wrappers, value.StartByte)
	}
}

// wrappers names the calls a handler is wrapped in, outermost first:
// `withAuth(withRole('admin', handler))` gives withAuth, withRole.
func (a *analyzer) wrappers(value *node) []string {
	var out []string
	for value = unwrap(value); value != nil && value.Kind == "call_expression"; {
		out = append(out, a.reference(unwrap(value.Child("function"))))
		args := value.Child("arguments").NamedChildren()
		if len(args) == 0 {
			break
		}
		value = unwrap(args[len(args)-1])
	}
	return out
}

func (a *analyzer) nextHandler(method, route, function string, line int, middleware []string, pos uint32) {
	a.addHandler(coverage.Handler{
		Framework:  "nextjs",
		Method:     method,
		Route:      route,
		Function:   function,
		Line:       line,
		Middleware: middleware,
	}, pos)
}
