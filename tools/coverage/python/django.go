package python

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
	"github.com/ambient-authz/ambient-authz/tools/coverage/treesitter"
)

// urlEntry is a `path('docs/<int:pk>/', view)` of a urls.py.
type urlEntry struct {
	route string
	view  string
	// middleware are decorators applied in the pattern:
	// `path('x/', login_required(views.x))`.
	middleware []string
	at         *node
	used       bool
}

// registration is a DRF `router.register(r'documents', DocumentViewSet)`.
type registration struct {
	router string
	prefix string
	view   string
	at     *node
	used   bool
}

// action is a ViewSet action DRF routes by itself.
type action struct {
	name      string
	method    string
	detail    bool
	operation coverage.Operation
}

var viewSetActions = []action{
	{"list", "GET", false, coverage.OpList},
	{"create", "POST", false, coverage.OpCreate},
	{"retrieve", "GET", true, coverage.OpRead},
	{"update", "PUT", true, coverage.OpUpdate},
	{"partial_update", "PATCH", true, coverage.OpUpdate},
	{"destroy", "DELETE", true, coverage.OpDelete},
}

// inheritedActions maps ViewSet bases and mixins to the actions they bring.
var inheritedActions = map[string][]string{
	"ModelViewSet":         {"list", "create", "retrieve", "update", "partial_update", "destroy"},
	"ReadOnlyModelViewSet": {"list", "retrieve"},
	"ListModelMixin":       {"list"},
	"CreateModelMixin":     {"create"},
	"RetrieveModelMixin":   {"retrieve"},
	"UpdateModelMixin":     {"update", "partial_update"},
	"DestroyModelMixin":    {"destroy"},
}

// genericViews maps DRF generic views and Django generic views to the
// HTTP methods they implement and what each does.
var genericViews = map[string]map[string]coverage.Operation{
	"ListAPIView":                  {"GET": coverage.OpList},
	"CreateAPIView":                {"POST": coverage.OpCreate},
	"RetrieveAPIView":              {"GET": coverage.OpRead},
	"UpdateAPIView":                {"PUT": coverage.OpUpdate, "PATCH": coverage.OpUpdate},
	"DestroyAPIView":               {"DELETE": coverage.OpDelete},
	"ListCreateAPIView":            {"GET": coverage.OpList, "POST": coverage.OpCreate},
	"RetrieveUpdateAPIView":        {"GET": coverage.OpRead, "PUT": coverage.OpUpdate, "PATCH": coverage.OpUpdate},
	"RetrieveDestroyAPIView":       {"GET": coverage.OpRead, "DELETE": coverage.OpDelete},
	"RetrieveUpdateDestroyAPIView": {"GET": coverage.OpRead, "PUT": coverage.OpUpdate, "PATCH": coverage.OpUpdate, "DELETE": coverage.OpDelete},
	"ListView":                     {"GET": coverage.OpList},
	"DetailView":                   {"GET": coverage.OpRead},
	"CreateView":                   {"POST": coverage.OpCreate},
	"UpdateView":                   {"POST": coverage.OpUpdate},
	"DeleteView":                   {"POST": coverage.OpDelete},
}

var httpMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}

// isDjango reports whether the file is part of a Django project: it
// imports Django or DRF, or is a views or urls module.
func (a *analyzer) isDjango() bool {
	file := strings.ReplaceAll(a.path, "\\", "/")
	base := path.Base(file)
	return a.importsModule("django") || a.importsModule("rest_framework") ||
		base == "views.py" || base == "urls.py" || base == "viewsets.py" || strings.Contains("/"+file, "/views/")
}

// django finds function views, class-based views and ViewSets, and links
// them to the url patterns and router registrations of the same file;
// patterns for views of other files become handlers named as written.
func (a *analyzer) django(root *node) {
	entries, registrations := a.urlPatterns(root)
	for _, stmt := range root.NamedChildren() {
		def, decorators := stmt, []*node(nil)
		if stmt.Kind == "decorated_definition" {
			def, decorators = stmt.Child("definition"), stmt.ChildrenOf("")
		}
		switch {
		case def == nil || a.routed[def]:
		case def.Kind == "function_definition":
			a.functionView(def, decorators, entries)
		case def.Kind == "class_definition":
			a.classView(def, decorators, entries, registrations)
		}
	}
	for _, e := range entries {
		if !e.used {
			a.addHandler(coverage.Handler{Framework: django, Route: e.route, Function: e.view, Line: e.at.Line(), Middleware: e.middleware}, e.at.StartByte)
		}
	}
	for _, r := range registrations {
		if !r.used {
			route := treesitter.JoinRoute(a.prefix(r.router, 0), r.prefix) + "/"
			a.addHandler(coverage.Handler{Framework: django, Route: route, Function: r.view, Line: r.at.Line()}, r.at.StartByte)
		}
	}
}

// urlPatterns reads `path()`, `re_path()` and `url()` patterns,
// `include(router.urls)` prefixes and DRF router registrations.
func (a *analyzer) urlPatterns(root *node) ([]*urlEntry, []*registration) {
	var entries []*urlEntry
	var registrations []*registration
	root.Walk(func(n *node) bool {
		c, ok := a.callOf(n)
		if !ok {
			return true
		}
		switch {
		case (c.callee == "path" || c.callee == "re_path" || c.callee == "url" || strings.HasSuffix(c.callee, "urls.path")) && len(c.args) >= 2:
			route, ok := a.stringValue(c.args[0])
			if !ok {
				return true
			}
			route = djangoRoute(route)
			a.names.AddRoute(c.args[0].StartByte, route)
			if inc, ok := a.callOf(c.args[1]); ok && inc.name == "include" {
				a.include(route, inc)
				return true
			}
			view, wrappers := a.unwrapView(c.args[1])
			if name := a.viewName(view); name != "" {
				entries = append(entries, &urlEntry{route: treesitter.JoinRoute(route), view: name, middleware: wrappers, at: n})
			}
		case c.name == "register" && len(c.args) >= 2 && strings.Contains(c.callee, "."):
			router := strings.TrimSuffix(c.callee, ".register")
			prefix, ok := a.stringValue(c.args[0])
			if r := a.routers[router]; !ok || r == nil || r.framework != django {
				return true
			}
			a.names.AddRoute(c.args[0].StartByte, prefix)
			registrations = append(registrations, &registration{router: router, prefix: prefix, view: a.reference(c.args[1]), at: n})
		}
		return true
	})
	return entries, registrations
}

// include records `path('api/', include(router.urls))` as the router's
// prefix; includes of other modules are resolved by the engine.
func (a *analyzer) include(route string, inc call) {
	if len(inc.args) == 0 || inc.args[0].Kind != "attribute" || a.text(inc.args[0].Child("attribute")) != "urls" {
		return
	}
	r := a.router(a.text(inc.args[0].Child("object")))
	if r.mount == nil {
		r.mount = &mount{prefix: route}
	}
}

// viewName is a pattern's view as written: `views.detail`, or the class
// of `DocumentView.as_view()`.
func (a *analyzer) viewName(n *node) string {
	if c, ok := a.callOf(n); ok && c.name == "as_view" {
		return strings.TrimSuffix(c.callee, ".as_view")
	}
	if n.Kind == "identifier" || n.Kind == "attribute" {
		return a.text(n)
	}
	return ""
}

var namedGroup = regexp.MustCompile(`\(\?P<(\w+)>[^)]*\)`)

// djangoRoute turns a re_path regular expression into path syntax:
// `^docs/(?P<pk>\d+)/$` is `docs/<pk>/`.
func djangoRoute(route string) string {
	route = strings.TrimSuffix(strings.TrimPrefix(route, "^"), "$")
	return namedGroup.ReplaceAllString(route, "<$1>")
}

// patternOf returns the pattern for a view of this file, marked linked,
// or an empty one.
func patternOf(entries []*urlEntry, view string) urlEntry {
	for _, e := range entries {
		if e.view == view {
			e.used = true
			return *e
		}
	}
	return urlEntry{}
}

// functionView is `def detail(request, pk)`, with its methods from
// `@api_view([…])`, `@require_http_methods([…])` or `@require_POST`.
func (a *analyzer) functionView(fn *node, decorators []*node, entries []*urlEntry) {
	params := fn.Child("parameters").NamedChildren()
	if len(params) == 0 || firstName(a, params[0]) != "request" {
		return
	}
	name := a.text(fn.Child("name"))
	methods := []string{""}
	for _, d := range decorators {
		expr := decoratorExpr(d)
		if c, ok := a.callOf(expr); ok {
			switch c.name {
			case "api_view", "require_http_methods":
				methods = []string{"GET"}
				if len(c.args) > 0 {
					methods = a.stringList(c.args[0])
				}
			}
			continue
		}
		switch a.text(expr) {
		case "require_GET", "require_safe":
			methods = []string{"GET"}
		case "require_POST":
			methods = []string{"POST"}
		}
	}
	pattern := patternOf(entries, name)
	middleware := slices.Concat(pattern.middleware, a.decoratorMiddleware(decorators))
	for _, m := range methods {
		a.addHandler(coverage.Handler{Framework: django, Method: m, Route: pattern.route, Function: name, Line: fn.Line(), Middleware: middleware}, fn.StartByte)
	}
}

func firstName(a *analyzer, param *node) string {
	if param.Kind == "identifier" {
		return a.text(param)
	}
	if id := param.FirstOfKind("identifier"); id != nil {
		return a.text(id)
	}
	return a.text(param.Child("name"))
}

// classView is a class-based view or a ViewSet.
func (a *analyzer) classView(class *node, decorators []*node, entries []*urlEntry, registrations []*registration) {
	name := a.text(class.Child("name"))
	var bases []string
	isView := false
	for _, b := range class.Child("superclasses").NamedChildren() {
		base := a.text(b)
		base = base[strings.LastIndex(base, ".")+1:]
		bases = append(bases, base)
		isView = isView || strings.HasSuffix(base, "View") || strings.HasSuffix(base, "ViewSet") || genericViews[base] != nil
	}
	if !isView {
		return
	}
	middleware := a.decoratorMiddleware(decorators)
	for _, base := range bases {
		if strings.HasSuffix(base, "Mixin") && inheritedActions[base] == nil {
			middleware = append(middleware, base) // LoginRequiredMixin
		}
	}
	middleware = append(middleware, a.classAttributeNames(class, "permission_classes")...)
	methods := map[string]method{}
	for _, m := range classMethods(a, class) {
		methods[m.name] = m
	}
	for _, base := range bases {
		if strings.HasSuffix(base, "ViewSet") {
			a.viewSet(class, name, bases, methods, middleware, registrations)
			return
		}
	}
	pattern := patternOf(entries, name)
	a.methodView(class, name, bases, methods, slices.Concat(pattern.middleware, middleware), pattern.route)
}

// methodView gives a handler per HTTP method a view defines or inherits
// from a generic view.
func (a *analyzer) methodView(class *node, name string, bases []string, methods map[string]method, middleware []string, route string) {
	inherited := map[string]coverage.Operation{}
	framework := django
	for _, base := range bases {
		for m, op := range genericViews[base] {
			inherited[m] = op
		}
		if base == "MethodView" {
			framework = flask
		}
	}
	for _, httpMethod := range httpMethods {
		m, defined := methods[strings.ToLower(httpMethod)]
		op, isInherited := inherited[httpMethod]
		if !defined && !isInherited {
			continue
		}
		h := coverage.Handler{
			Framework:  framework,
			Method:     httpMethod,
			Route:      route,
			Function:   name + "." + strings.ToLower(httpMethod),
			Line:       class.Line(),
			Operation:  op,
			Middleware: slices.Concat(middleware, a.decoratorMiddleware(m.decorators)),
		}
		if defined {
			h.Line = m.fn.Line()
		}
		if !isInherited {
			// The method's name only repeats the HTTP method; the class
			// name says more (`DocumentListView`).
			h.Operation = coverage.InferOperation(httpMethod, route, name)
		}
		a.addHandler(h, class.StartByte)
	}
}

// viewSet gives a handler per ViewSet action, defined or inherited, and
// per `@action` method; routes come from a registration in this file.
func (a *analyzer) viewSet(class *node, name string, bases []string, methods map[string]method, middleware []string, registrations []*registration) {
	var base string
	for _, r := range registrations {
		if r.view == name {
			r.used = true
			base = treesitter.JoinRoute(a.prefix(r.router, 0), r.prefix)
			break
		}
	}
	lookup := "<pk>"
	if field := a.classAttributeString(class, "lookup_field"); field != "" {
		lookup = "<" + field + ">"
	}
	inherited := map[string]bool{}
	for _, b := range bases {
		for _, act := range inheritedActions[b] {
			inherited[act] = true
		}
	}
	for _, act := range viewSetActions {
		m, defined := methods[act.name]
		if !defined && !inherited[act.name] {
			continue
		}
		h := coverage.Handler{
			Framework:  django,
			Method:     act.method,
			Route:      viewSetRoute(base, act.detail, lookup, ""),
			Function:   name + "." + act.name,
			Line:       class.Line(),
			Operation:  act.operation,
			Middleware: slices.Concat(middleware, a.decoratorMiddleware(m.decorators)),
		}
		if defined {
			h.Line = m.fn.Line()
		}
		a.addHandler(h, class.StartByte)
	}
	for _, m := range classMethods(a, class) {
		a.extraAction(name, m, base, lookup, middleware)
	}
}

// extraAction is a ViewSet method marked
// `@action(detail=True, methods=['post'], url_path='share')`.
func (a *analyzer) extraAction(class string, m method, base, lookup string, middleware []string) {
	for _, d := range m.decorators {
		c, ok := a.callOf(decoratorExpr(d))
		if !ok || c.name != "action" {
			continue
		}
		methods := a.stringList(c.kwargs["methods"])
		if len(methods) == 0 {
			methods = []string{"GET"}
		}
		urlPath := m.name
		if p, ok := a.stringValue(c.kwargs["url_path"]); ok {
			urlPath = p
		}
		detail := c.kwargs["detail"] != nil && a.text(c.kwargs["detail"]) == "True"
		route := viewSetRoute(base, detail, lookup, urlPath)
		for _, httpMethod := range methods {
			a.addHandler(coverage.Handler{
				Framework:  django,
				Method:     httpMethod,
				Route:      route,
				Function:   class + "." + m.name,
				Line:       m.fn.Line(),
				Middleware: slices.Concat(middleware, a.decoratorMiddleware(m.decorators)),
			}, m.fn.StartByte)
		}
	}
}

// viewSetRoute is DRF's route for an action: `/documents/`,
// `/documents/<pk>/`, `/documents/<pk>/share/`; empty when the ViewSet is
// registered in another file.
func viewSetRoute(base string, detail bool, lookup, extra string) string {
	if base == "" {
		return ""
	}
	parts := []string{base}
	if detail {
		parts = append(parts, lookup)
	}
	return treesitter.JoinRoute(append(parts, extra)...) + "/"
}

// classAttributeString reads a class attribute holding a string.
func (a *analyzer) classAttributeString(class *node, attribute string) string {
	for _, stmt := range class.Child("body").NamedChildren() {
		for _, assign := range stmt.NamedChildren() {
			if assign.Kind == "assignment" && a.text(assign.Child("left")) == attribute {
				s, _ := a.stringValue(assign.Child("right"))
				return s
			}
		}
	}
	return ""
}
