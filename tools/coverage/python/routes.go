package python

import (
	"slices"
	"strings"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
	"github.com/ambient-authz/ambient-authz/tools/coverage/treesitter"
)

// The frameworks.
const (
	flask   = "flask"
	fastapi = "fastapi"
	django  = "django"
)

// router is a Flask app or blueprint, a FastAPI app or APIRouter, or a
// Django REST framework router.
type router struct {
	framework string
	// prefix is the router's own (`url_prefix=`, `prefix=`).
	prefix string
	// middleware runs before every route of the router: FastAPI
	// `dependencies=[Depends(x)]`, Flask `before_request` functions.
	middleware []string
	declared   bool
	// mount is where the router is first registered in this file.
	mount *mount
}

// mount is `parent.register_blueprint(child, url_prefix=…)` or
// `parent.include_router(child, prefix=…, dependencies=…)`.
type mount struct {
	parent string
	prefix string
	// replaces is true when the mount's prefix replaces the router's own,
	// as Flask's url_prefix does.
	replaces   bool
	middleware []string
}

// factories maps a constructor to the framework of what it makes.
var factories = map[string]string{
	"Flask": flask, "Blueprint": flask,
	"FastAPI": fastapi, "APIRouter": fastapi,
	"DefaultRouter": django, "SimpleRouter": django, "ExtendedDefaultRouter": django,
}

// routeDecorators are the decorator methods that register a route, with
// the method they fix ("" when `methods=` says).
var routeDecorators = map[string]string{
	"route": "", "api_route": "",
	"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE", "head": "HEAD", "options": "OPTIONS",
}

// ignoredDecorators change no behaviour a request sees.
var ignoredDecorators = treesitter.SetOf("staticmethod", "classmethod", "property", "abstractmethod", "override",
	"wraps", "functools.wraps", "extend_schema", "extend_schema_view", "swagger_auto_schema", "action", "api_view",
	"require_http_methods", "require_GET", "require_POST", "require_safe")

// routeDef is one route decorator or add_url_rule, resolved once every
// mount of the file is known.
type routeDef struct {
	receiver   string
	methods    []string
	path       string
	function   string
	line       int
	middleware []string
	at         *node
}

// routerDeclaration records `app = Flask(__name__)`,
// `bp = Blueprint('docs', __name__, url_prefix='/docs')`,
// `router = APIRouter(prefix='/docs', dependencies=[Depends(auth)])` and
// DRF's `router = DefaultRouter()`.
func (a *analyzer) routerDeclaration(name string, value *node) {
	c, ok := a.callOf(value)
	if !ok {
		return
	}
	framework, ok := factories[c.name]
	if !ok {
		return
	}
	r := a.router(name)
	r.framework, r.declared = framework, true
	for _, kw := range []string{"url_prefix", "prefix"} {
		if p := c.kwargs[kw]; p != nil {
			r.prefix, _ = a.stringValue(p)
			a.names.AddRoute(p.StartByte, r.prefix)
		}
	}
	r.middleware = append(r.middleware, a.dependencies(c.kwargs["dependencies"])...)
}

func (a *analyzer) router(name string) *router {
	r, ok := a.routers[name]
	if !ok {
		r = &router{}
		a.routers[name] = r
	}
	return r
}

// collectRoutes is the second pass: route decorators, add_url_rule,
// blueprint and router registration, then the handlers they make.
func (a *analyzer) collectRoutes(root *node) {
	var defs []routeDef
	root.Walk(func(n *node) bool {
		switch n.Kind {
		case "decorated_definition":
			defs = append(defs, a.decoratedRoutes(n)...)
		case "call":
			defs = append(defs, a.registration(n)...)
		}
		return true
	})
	for _, d := range defs {
		route := treesitter.JoinRoute(a.prefix(d.receiver, 0), d.path)
		middleware := append(a.routerMiddleware(d.receiver, 0), d.middleware...)
		for _, method := range d.methods {
			a.addHandler(coverage.Handler{
				Framework:  a.framework(d.receiver, 0),
				Method:     method,
				Route:      route,
				Function:   d.function,
				Line:       d.line,
				Middleware: middleware,
			}, d.at.StartByte)
		}
	}
}

// decoratedRoutes reads `@app.route('/x', methods=[…])`, `@bp.get('/x')`,
// `@router.post('/x', dependencies=[…])` and `@bp.before_request`.
// Decorators run bottom-up, so a route registers the function wrapped
// only by the decorators below it: those are its middleware.
func (a *analyzer) decoratedRoutes(n *node) []routeDef {
	fn := n.Child("definition")
	if fn == nil || fn.Kind != "function_definition" {
		return nil
	}
	decorators := n.ChildrenOf("")
	var out []routeDef
	for i, d := range decorators {
		if d.Kind != "decorator" {
			continue
		}
		expr := decoratorExpr(d)
		if expr != nil && expr.Kind == "attribute" && a.text(expr.Child("attribute")) == "before_request" {
			r := a.router(a.text(expr.Child("object")))
			r.middleware = append(r.middleware, a.text(fn.Child("name")))
			continue
		}
		def, ok := a.routeDecorator(expr, fn)
		if !ok {
			continue
		}
		def.at = d
		def.middleware = append(def.middleware, a.decoratorMiddleware(decorators[i+1:])...)
		def.middleware = append(def.middleware, a.parameterDependencies(fn)...)
		a.routed[fn] = true
		out = append(out, def)
	}
	return out
}

func (a *analyzer) routeDecorator(expr, fn *node) (routeDef, bool) {
	c, ok := a.callOf(expr)
	if !ok {
		return routeDef{}, false
	}
	method, ok := routeDecorators[c.name]
	object := expr.Child("function").Child("object")
	if !ok || object == nil {
		return routeDef{}, false
	}
	receiver := a.text(object)
	pathNode := c.arg(0, "path")
	if pathNode == nil {
		pathNode = c.kwargs["rule"]
	}
	path, ok := a.stringValue(pathNode)
	if r := a.routers[receiver]; !ok || ((r == nil || !r.declared) && !strings.HasPrefix(path, "/") && path != "") {
		return routeDef{}, false
	}
	a.names.AddRoute(pathNode.StartByte, path)
	methods := []string{method}
	if method == "" {
		methods = a.stringList(c.kwargs["methods"])
		if len(methods) == 0 {
			methods = []string{"GET"}
		}
	}
	return routeDef{
		receiver:   receiver,
		methods:    methods,
		path:       path,
		function:   a.functionName(fn),
		line:       fn.Line(),
		middleware: a.dependencies(c.kwargs["dependencies"]),
	}, true
}

// functionName is a def's name, `Class.name` for a method.
func (a *analyzer) functionName(fn *node) string {
	name := a.text(fn.Child("name"))
	if class := enclosingClass(fn); class != nil {
		return a.text(class.Child("name")) + "." + name
	}
	return name
}

// registration reads the calls that register routers, hooks and views:
// register_blueprint, include_router, before_request and add_url_rule.
func (a *analyzer) registration(n *node) []routeDef {
	c, ok := a.callOf(n)
	fn := n.Child("function")
	if !ok || fn.Kind != "attribute" || len(c.args) == 0 {
		return nil
	}
	parent := a.text(fn.Child("object"))
	switch c.name {
	case "register_blueprint", "include_router":
		child := a.router(a.text(c.args[0]))
		if child.mount != nil {
			return nil
		}
		m := &mount{parent: parent, middleware: a.dependencies(c.kwargs["dependencies"])}
		for _, kw := range []string{"url_prefix", "prefix"} {
			if p := c.kwargs[kw]; p != nil {
				m.prefix, _ = a.stringValue(p)
				m.replaces = kw == "url_prefix"
				a.names.AddRoute(p.StartByte, m.prefix)
			}
		}
		child.mount = m
	case "before_request":
		r := a.router(parent)
		r.middleware = append(r.middleware, a.reference(c.args[0]))
	case "add_url_rule":
		return a.urlRule(parent, c, n)
	}
	return nil
}

// urlRule is Flask's `bp.add_url_rule('/x', view_func=DocAPI.as_view('doc'))`
// or `app.add_url_rule('/x', 'name', view, methods=[…])`. A MethodView
// class of this file gives a handler per HTTP method it defines.
func (a *analyzer) urlRule(receiver string, c call, at *node) []routeDef {
	path, ok := a.stringValue(c.arg(0, "rule"))
	view := c.arg(2, "view_func")
	if !ok || view == nil {
		return nil
	}
	a.names.AddRoute(c.arg(0, "rule").StartByte, path)
	view, wrappers := a.unwrapView(view)
	def := routeDef{receiver: receiver, path: path, at: at, line: at.Line(), methods: a.stringList(c.kwargs["methods"]), middleware: wrappers}
	if v, ok := a.callOf(view); ok && v.name == "as_view" {
		className := strings.TrimSuffix(v.callee, ".as_view")
		class := a.classes[className]
		if class == nil {
			def.function, def.methods = className, []string{""}
			return []routeDef{def}
		}
		a.routed[class] = true
		var out []routeDef
		classMiddleware := slices.Concat(wrappers, a.classAttributeNames(class, "decorators"))
		for _, m := range classMethods(a, class) {
			if method := httpMethodName(m.name); method != "" {
				out = append(out, routeDef{
					receiver: receiver, path: path, at: at, methods: []string{method},
					function: className + "." + m.name, line: m.fn.Line(),
					middleware: slices.Concat(classMiddleware, a.decoratorMiddleware(m.decorators)),
				})
			}
		}
		return out
	}
	def.function = a.reference(view)
	if line, ok := a.functionLines[def.function]; ok {
		def.line = line
	}
	if len(def.methods) == 0 {
		def.methods = []string{"GET"}
	}
	return []routeDef{def}
}

// unwrapView peels the decorators applied by call to a view
// (`login_required(views.detail)`), returning the view and their names,
// outermost first.
func (a *analyzer) unwrapView(view *node) (*node, []string) {
	var wrappers []string
	for depth := 0; depth < 8; depth++ {
		c, ok := a.callOf(view)
		if !ok || c.name == "as_view" || len(c.args) == 0 {
			break
		}
		wrappers = append(wrappers, c.callee)
		view = c.args[0]
	}
	return view, wrappers
}

// decoratorMiddleware names the decorators that wrap a view, as written
// or by the callee of a factory (`@permission_required('x')`);
// `@method_decorator(login_required)` is login_required and
// `@permission_classes([IsOwner])` is IsOwner.
func (a *analyzer) decoratorMiddleware(decorators []*node) []string {
	var out []string
	for _, d := range decorators {
		if d.Kind != "decorator" {
			continue
		}
		expr := decoratorExpr(d)
		c, isCall := a.callOf(expr)
		name := a.reference(expr)
		switch {
		case name == "" || ignoredDecorators[name] || ignoredDecorators[name[strings.LastIndex(name, ".")+1:]]:
		case isCall && isRouteDecorator(c):
			// another route of the same function
		case isCall && c.name == "method_decorator" && len(c.args) > 0:
			out = append(out, a.listNames(c.args[0])...)
		case isCall && (c.name == "permission_classes" || c.name == "authentication_classes") && len(c.args) > 0:
			out = append(out, a.listNames(c.args[0])...)
		default:
			out = append(out, name)
		}
	}
	return out
}

func isRouteDecorator(c call) bool {
	_, ok := routeDecorators[c.name]
	return ok && strings.Contains(c.callee, ".")
}

// listNames names a reference or each reference in a list or tuple.
func (a *analyzer) listNames(n *node) []string {
	if n.Kind == "list" || n.Kind == "tuple" {
		var out []string
		for _, e := range n.NamedChildren() {
			out = append(out, a.listNames(e)...)
		}
		return out
	}
	if name := a.reference(n); name != "" {
		return []string{name}
	}
	return nil
}

// dependencies names FastAPI's `[Depends(auth), Security(scopes)]`.
func (a *analyzer) dependencies(list *node) []string {
	if list == nil {
		return nil
	}
	var out []string
	for _, e := range list.NamedChildren() {
		if name := a.dependency(e, nil); name != "" {
			out = append(out, name)
		}
	}
	return out
}

// dependency names `Depends(get_user)` (get_user), a factory's callee
// (`Depends(require('doc:read'))` is require) or, for `Depends()`, the
// annotated class.
func (a *analyzer) dependency(n, annotation *node) string {
	c, ok := a.callOf(n)
	if !ok || (c.name != "Depends" && c.name != "Security") {
		return ""
	}
	if dep := c.arg(0, "dependency"); dep != nil {
		return a.reference(dep)
	}
	var class string
	annotation.Walk(func(c *node) bool {
		if class == "" && c.Kind == "identifier" {
			class = a.text(c)
		}
		return class == ""
	})
	return class
}

// parameterDependencies names the dependencies a FastAPI path function
// declares in its parameters: `user = Depends(current_user)` and
// `user: Annotated[User, Depends(current_user)]`.
func (a *analyzer) parameterDependencies(fn *node) []string {
	var out []string
	for _, p := range fn.Child("parameters").NamedChildren() {
		annotation := p.Child("type")
		if name := a.dependency(p.Child("value"), annotation); name != "" {
			out = append(out, name)
			continue
		}
		if annotation == nil {
			continue
		}
		annotation.Walk(func(c *node) bool {
			if name := a.dependency(c, nil); name != "" {
				out = append(out, name)
				return false
			}
			return true
		})
	}
	return out
}

// prefix is the path a router is registered at, through its parents.
func (a *analyzer) prefix(key string, depth int) string {
	r := a.routers[key]
	if r == nil || depth > 8 {
		return ""
	}
	if r.mount == nil {
		return r.prefix
	}
	own := r.prefix
	if r.mount.replaces {
		own = ""
	}
	return treesitter.JoinRoute(a.prefix(r.mount.parent, depth+1), r.mount.prefix, own)
}

// routerMiddleware is what runs before every route of a router: its
// parents', the registration's, then its own.
func (a *analyzer) routerMiddleware(key string, depth int) []string {
	r := a.routers[key]
	if r == nil || depth > 8 {
		return nil
	}
	var out []string
	if r.mount != nil {
		out = append(a.routerMiddleware(r.mount.parent, depth+1), r.mount.middleware...)
	}
	return append(out, r.middleware...)
}

// framework is the router's, its parent's, or the one the file imports.
func (a *analyzer) framework(key string, depth int) string {
	if r := a.routers[key]; r != nil && depth < 8 {
		if r.framework != "" {
			return r.framework
		}
		if r.mount != nil {
			return a.framework(r.mount.parent, depth+1)
		}
	}
	if a.importsModule("fastapi") {
		return fastapi
	}
	return flask
}

// importsModule reports whether the file imports module or a submodule.
func (a *analyzer) importsModule(module string) bool {
	for _, m := range a.imports {
		if m == module || strings.HasPrefix(m, module+".") {
			return true
		}
	}
	return false
}

// method is a def in a class body, with its decorators.
type method struct {
	name       string
	fn         *node
	decorators []*node
}

// classMethods lists the defs directly in a class body.
func classMethods(a *analyzer, class *node) []method {
	var out []method
	for _, stmt := range class.Child("body").NamedChildren() {
		m := method{fn: stmt}
		if stmt.Kind == "decorated_definition" {
			m.fn, m.decorators = stmt.Child("definition"), stmt.ChildrenOf("")
		}
		if m.fn != nil && m.fn.Kind == "function_definition" {
			m.name = a.text(m.fn.Child("name"))
			out = append(out, m)
		}
	}
	return out
}

// classAttributeNames names the references a class attribute lists:
// `permission_classes = [IsAuthenticated, IsOwner]`.
func (a *analyzer) classAttributeNames(class *node, attribute string) []string {
	for _, stmt := range class.Child("body").NamedChildren() {
		if stmt.Kind != "expression_statement" {
			continue
		}
		for _, assign := range stmt.NamedChildren() {
			if assign.Kind == "assignment" && a.text(assign.Child("left")) == attribute && assign.Child("right") != nil {
				return a.listNames(assign.Child("right"))
			}
		}
	}
	return nil
}

// httpMethodName returns GET for a view method named get, and so on.
func httpMethodName(name string) string {
	switch name {
	case "get", "post", "put", "patch", "delete", "head", "options":
		return strings.ToUpper(name)
	}
	return ""
}
