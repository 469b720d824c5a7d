package typescript

import (
	"strconv"
	"strings"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
	"github.com/ambient-authz/ambient-authz/tools/coverage/treesitter"
)

// Routers registered by method call: Express, Koa router and Fastify.
const (
	express = "express"
	koa     = "koa"
	fastify = "fastify"
)

// router is an app, router or Fastify plugin instance that routes and
// middleware are registered on, keyed by how the code refers to it
// (`app`, `this.router`, or a plugin's parameter).
type router struct {
	framework string
	// prefix is the router's own prefix (`new Router({ prefix })`).
	prefix string
	// declared is true when a router factory in this file created it.
	declared bool
	// mount is where the router is first mounted in this file, or nil.
	mount *mount
	uses  []use
}

// mount is `parent.use(path, …, child)` or `parent.register(child, { prefix })`.
type mount struct {
	parent     string
	path       string
	middleware []string
	pos        uint32
}

// use is middleware registered on a router for a path prefix.
type use struct {
	path       string
	middleware []string
	pos        uint32
}

// routeCall is one route registration, resolved once every mount and
// middleware of the file is known.
type routeCall struct {
	receiver   string
	method     string
	path       string
	middleware []string
	handler    *node
	// at is the node of the method name, where the route is registered.
	at *node
}

var verbs = treesitter.SetOf("get", "post", "put", "patch", "delete", "del", "head", "options", "all")

// hookOrder lists the Fastify hooks that run before a handler, in the
// order they run.
var hookOrder = []string{"onRequest", "preParsing", "preValidation", "preHandler"}

var hooks = treesitter.SetOf(hookOrder...)

// clients are receivers whose get/post are outgoing requests, not routes.
var clients = treesitter.SetOf("axios", "http", "https", "got", "ky", "superagent", "request", "agent", "client",
	"httpclient", "$http", "fetch", "api", "apiclient", "cache", "redis", "store", "map", "params", "searchparams",
	"headers", "cookies", "storage", "localstorage", "sessionstorage", "formdata")

var clientModules = treesitter.SetOf("axios", "got", "ky", "superagent", "supertest", "node-fetch", "undici")

// routerDeclaration records `const app = express()`, `Router()`,
// `new Router({ prefix })`, `Fastify()` and the like.
func (a *analyzer) routerDeclaration(name string, value *node) {
	callee := value.Child("function")
	if value.Kind == "new_expression" {
		callee = value.Child("constructor")
	}
	if callee == nil {
		return
	}
	text := a.text(callee)
	root, _, _ := strings.Cut(text, ".")
	last := text[strings.LastIndex(text, ".")+1:]
	framework, ok := factories[a.imports[root]]
	if !ok {
		if framework, ok = factories[strings.ToLower(last)]; !ok {
			return
		}
	}
	r := a.router(name)
	r.declared, r.framework = true, framework
	if args := value.Child("arguments").NamedChildren(); len(args) > 0 && args[0].Kind == "object" {
		if prefix, ok := a.stringValue(a.fields(args[0])["prefix"]); ok {
			r.prefix = prefix
			a.names.AddRoute(args[0].StartByte, prefix)
		}
	}
}

// factories maps a module, or else a factory's name, to the framework of
// the routers it makes; "" is left to the file's imports.
var factories = map[string]string{
	"express": express, "router": "",
	"fastify": fastify,
	"koa":     koa, "@koa/router": koa, "koa-router": koa, "koarouter": koa,
}

func (a *analyzer) router(key string) *router {
	r, ok := a.routers[key]
	if !ok {
		r = &router{}
		a.routers[key] = r
	}
	return r
}

// collectRoutes is the second pass: route registrations, mounts and
// middleware, then the handlers they make.
func (a *analyzer) collectRoutes(root *node) {
	var calls []routeCall
	root.Walk(func(n *node) bool {
		if n.Kind == "call_expression" {
			calls = append(calls, a.call(n)...)
		}
		return true
	})
	for _, rc := range calls {
		a.emitRoute(rc)
	}
}

// call inspects one call expression for a registration.
func (a *analyzer) call(n *node) []routeCall {
	fn := unwrap(n.Child("function"))
	argList := n.Child("arguments")
	if fn == nil || fn.Kind != "member_expression" || argList == nil || argList.Kind != "arguments" {
		return nil
	}
	property := fn.Child("property")
	object := unwrap(fn.Child("object"))
	args := argList.NamedChildren()
	switch name := a.text(property); {
	case verbs[name]:
		if rc, ok := a.chainedRoute(object, name, args, property); ok {
			return []routeCall{rc}
		}
		if rc, ok := a.verbRoute(object, name, args, property); ok {
			return []routeCall{rc}
		}
	case name == "route" && len(args) == 1 && args[0].Kind == "object":
		return a.fastifyRoute(object, args[0], property)
	case name == "use":
		a.use(object, args, n)
	case name == "register":
		a.register(object, args, n)
	case name == "addHook":
		a.addHook(object, args, n)
	}
	return nil
}

// verbRoute is `app.get('/x', mw, handler)`, Koa's named
// `router.get('name', '/x', handler)` and Fastify's
// `fastify.get('/x', { preHandler }, handler)`.
func (a *analyzer) verbRoute(object *node, verb string, args []*node, at *node) (routeCall, bool) {
	key, ok := a.receiver(object)
	if !ok || len(args) < 2 {
		return routeCall{}, false
	}
	path, ok := a.stringValue(args[0])
	if !ok {
		return routeCall{}, false
	}
	rest := args[1:]
	if named, ok := a.stringValue(rest[0]); ok && len(rest) > 1 && !strings.HasPrefix(path, "/") && strings.HasPrefix(named, "/") {
		path, rest = named, rest[1:]
	}
	if r := a.routers[key]; (r == nil || !r.declared) && !strings.HasPrefix(path, "/") && path != "*" {
		return routeCall{}, false
	}
	a.names.AddRoute(args[0].StartByte, path)
	return a.routeArgs(key, verb, path, rest, at)
}

// chainedRoute is `app.route('/x').get(h).put(mw, h2)`.
func (a *analyzer) chainedRoute(object *node, verb string, args []*node, at *node) (routeCall, bool) {
	for depth := 0; depth < 16; depth++ {
		if object == nil || object.Kind != "call_expression" || len(args) == 0 {
			return routeCall{}, false
		}
		fn := unwrap(object.Child("function"))
		if fn == nil || fn.Kind != "member_expression" {
			return routeCall{}, false
		}
		switch name := a.text(fn.Child("property")); {
		case name == "route":
			key, ok := a.receiver(unwrap(fn.Child("object")))
			base := object.Child("arguments").NamedChildren()
			if !ok || len(base) == 0 {
				return routeCall{}, false
			}
			path, ok := a.stringValue(base[0])
			if !ok {
				return routeCall{}, false
			}
			a.names.AddRoute(base[0].StartByte, path)
			return a.routeArgs(key, verb, path, args, at)
		case verbs[name]:
			object = unwrap(fn.Child("object"))
		default:
			return routeCall{}, false
		}
	}
	return routeCall{}, false
}

// routeArgs splits a route's arguments into middleware and the handler,
// which is last or, for Fastify, may sit in an options object.
func (a *analyzer) routeArgs(key, verb, path string, args []*node, at *node) (routeCall, bool) {
	rc := routeCall{receiver: key, method: methodOf(verb), path: path, at: at}
	for i, arg := range args {
		arg = unwrap(arg)
		if arg.Kind == "object" {
			fields := a.fields(arg)
			rc.middleware = append(rc.middleware, a.hookMiddleware(fields)...)
			if h := fields["handler"]; h != nil {
				rc.handler = h
			}
			continue
		}
		if i == len(args)-1 && isHandler(arg) {
			rc.handler = arg
			continue
		}
		rc.middleware = append(rc.middleware, a.middlewareNames(arg)...)
	}
	return rc, rc.handler != nil
}

func isHandler(n *node) bool {
	switch n.Kind {
	case "arrow_function", "function_expression", "function", "generator_function", "identifier",
		"member_expression", "call_expression", "shorthand_property_identifier", "method_definition":
		return true
	}
	return false
}

func methodOf(verb string) string {
	switch verb {
	case "all":
		return ""
	case "del":
		return "DELETE"
	}
	return strings.ToUpper(verb)
}

// fastifyRoute is `fastify.route({ method, url, preHandler, handler })`.
func (a *analyzer) fastifyRoute(object, options, at *node) []routeCall {
	key, ok := a.receiver(object)
	if !ok {
		return nil
	}
	fields := a.fields(options)
	urlNode := fields["url"]
	if urlNode == nil {
		urlNode = fields["path"]
	}
	path, ok := a.stringValue(urlNode)
	if !ok || fields["handler"] == nil || fields["method"] == nil {
		return nil
	}
	a.names.AddRoute(urlNode.StartByte, path)
	var methods []string
	if m := unwrap(fields["method"]); m.Kind == "array" {
		for _, e := range m.NamedChildren() {
			if s, ok := a.stringValue(e); ok {
				methods = append(methods, strings.ToUpper(s))
			}
		}
	} else if s, ok := a.stringValue(m); ok {
		methods = append(methods, strings.ToUpper(s))
	}
	middleware := a.hookMiddleware(fields)
	var out []routeCall
	for _, method := range methods {
		out = append(out, routeCall{receiver: key, method: method, path: path, middleware: middleware, handler: fields["handler"], at: at})
	}
	return out
}

// use is `app.use(mw)`, `app.use('/api', mw, router)` and Koa's
// `app.use(router.routes())`.
func (a *analyzer) use(object *node, args []*node, call *node) {
	key, ok := a.receiver(object)
	if !ok || len(args) == 0 {
		return
	}
	var path string
	if s, ok := a.stringValue(args[0]); ok {
		a.names.AddRoute(args[0].StartByte, s)
		path, args = s, args[1:]
	}
	var pending []string
	for _, arg := range args {
		if child := a.mountedRouter(arg); child != "" {
			if r := a.router(child); r.mount == nil && child != key {
				r.mount = &mount{parent: key, path: path, middleware: append([]string(nil), pending...), pos: call.StartByte}
			}
			continue
		}
		if looksLikeRouter(a.text(arg)) {
			continue // a router from another file
		}
		pending = append(pending, a.middlewareNames(arg)...)
	}
	if len(pending) > 0 {
		r := a.router(key)
		r.uses = append(r.uses, use{path: path, middleware: pending, pos: call.StartByte})
	}
}

// mountedRouter returns the key of a router of this file passed to use:
// `router` or Koa's `router.routes()`.
func (a *analyzer) mountedRouter(arg *node) string {
	arg = unwrap(arg)
	if arg.Kind == "call_expression" {
		fn := unwrap(arg.Child("function"))
		if fn == nil || fn.Kind != "member_expression" {
			return ""
		}
		if m := a.text(fn.Child("property")); m != "routes" && m != "middleware" {
			return ""
		}
		arg = unwrap(fn.Child("object"))
	}
	if arg.Kind != "identifier" && arg.Kind != "member_expression" {
		return ""
	}
	key, ok := a.receiver(arg)
	if r := a.routers[key]; ok && r != nil && r.declared {
		return key
	}
	return ""
}

func looksLikeRouter(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasSuffix(lower, "router") || strings.HasSuffix(lower, "routes") || strings.HasPrefix(lower, "require(")
}

// register is Fastify's `fastify.register(plugin, { prefix })` for a
// plugin of this file; routes on the plugin's instance get the prefix.
func (a *analyzer) register(object *node, args []*node, call *node) {
	key, ok := a.receiver(object)
	if !ok || len(args) == 0 {
		return
	}
	plugin := unwrap(args[0])
	if plugin.Kind == "identifier" {
		d, ok := a.declared[a.text(plugin)]
		if !ok {
			return
		}
		plugin = d.fn
	}
	params := parameters(a, plugin)
	if len(params) == 0 {
		return
	}
	var prefix string
	if len(args) > 1 && unwrap(args[1]).Kind == "object" {
		if p := a.fields(unwrap(args[1]))["prefix"]; p != nil {
			prefix, _ = a.stringValue(p)
			a.names.AddRoute(p.StartByte, prefix)
		}
	}
	child := a.router(params[0] + "@" + strconv.Itoa(int(plugin.StartByte)))
	child.framework = fastify
	if child.mount == nil {
		child.mount = &mount{parent: key, path: prefix, pos: call.StartByte}
	}
}

// addHook is Fastify's `fastify.addHook('preHandler', fastify.auth)`.
func (a *analyzer) addHook(object *node, args []*node, call *node) {
	key, ok := a.receiver(object)
	if !ok || len(args) < 2 {
		return
	}
	if name, _ := a.stringValue(args[0]); !hooks[name] {
		return
	}
	if mw := a.middlewareNames(args[1]); len(mw) > 0 {
		r := a.router(key)
		r.uses = append(r.uses, use{middleware: mw, pos: call.StartByte})
	}
}

// receiver keys the object a route is registered on. A parameter of an
// enclosing function is keyed by that function, so plugins and route
// modules do not mix with the file's top-level app.
func (a *analyzer) receiver(object *node) (string, bool) {
	if object == nil {
		return "", false
	}
	switch object.Kind {
	case "identifier":
		name := a.text(object)
		for fn := enclosingFunction(object); fn != nil; fn = enclosingFunction(fn) {
			for _, p := range parameters(a, fn) {
				if p == name {
					return name + "@" + strconv.Itoa(int(fn.StartByte)), true
				}
			}
		}
		if r := a.routers[name]; r != nil && r.declared {
			return name, true
		}
		if clients[strings.ToLower(name)] || clientModules[a.imports[name]] {
			return "", false
		}
		return name, true
	case "member_expression":
		name := a.text(object)
		if clients[strings.ToLower(a.text(object.Child("property")))] {
			return "", false
		}
		return name, true
	}
	return "", false
}

var functionKinds = []string{"function_declaration", "generator_function_declaration", "function_expression",
	"function", "generator_function", "arrow_function", "method_definition"}

func enclosingFunction(n *node) *node { return n.Ancestor(functionKinds...) }

// parameters are the names of a function's simple parameters.
func parameters(a *analyzer, fn *node) []string {
	if p := fn.Child("parameter"); p != nil {
		return []string{a.text(p)} // x => …
	}
	var names []string
	for _, p := range fn.Child("parameters").NamedChildren() {
		switch p.Kind {
		case "identifier":
			names = append(names, a.text(p))
		case "required_parameter", "optional_parameter":
			if id := p.Child("pattern"); id != nil && id.Kind == "identifier" {
				names = append(names, a.text(id))
			}
		case "assignment_pattern":
			if id := p.Child("left"); id != nil && id.Kind == "identifier" {
				names = append(names, a.text(id))
			}
		}
	}
	return names
}

// fields maps an object literal's keys to their values; a method or a
// shorthand property is its own value.
func (a *analyzer) fields(object *node) map[string]*node {
	out := map[string]*node{}
	if object == nil || object.Kind != "object" {
		return out
	}
	for _, c := range object.NamedChildren() {
		switch c.Kind {
		case "pair":
			if key := memberName(a, c); key != "" {
				out[key] = c.Child("value")
			}
		case "method_definition":
			out[memberName(a, c)] = c
		case "shorthand_property_identifier":
			out[a.text(c)] = c
		}
	}
	return out
}

// hookMiddleware names the Fastify hooks in route options.
func (a *analyzer) hookMiddleware(fields map[string]*node) []string {
	var out []string
	for _, hook := range hookOrder {
		if v := fields[hook]; v != nil {
			out = append(out, a.middlewareNames(v)...)
		}
	}
	return out
}

// middlewareNames names middleware as written: `requireAuth`,
// `auth.required`, a factory call by its callee (`requireRole('admin')`
// is requireRole), each element of an array, a spread array by its name.
// Inline functions have no name and are left out.
func (a *analyzer) middlewareNames(n *node) []string {
	n = unwrap(n)
	switch n.Kind {
	case "identifier", "member_expression", "shorthand_property_identifier":
		return []string{a.reference(n)}
	case "call_expression":
		fn := unwrap(n.Child("function"))
		if fn == nil {
			return nil
		}
		if fn.Kind == "call_expression" {
			return a.middlewareNames(fn)
		}
		return []string{a.reference(fn)}
	case "array", "spread_element":
		var out []string
		for _, e := range n.NamedChildren() {
			out = append(out, a.middlewareNames(e)...)
		}
		return out
	}
	return nil
}

// emitRoute turns a registration into a handler, with the prefixes and
// middleware of the routers it is mounted under.
func (a *analyzer) emitRoute(rc routeCall) {
	route := treesitter.JoinRoute(a.prefix(rc.receiver, 0), rc.path)
	middleware := append(a.middleware(rc.receiver, rc.at.StartByte, rc.path, 0), rc.middleware...)
	name, line := a.handlerName(rc.handler, rc.method, route, rc.at)
	a.addHandler(coverage.Handler{
		Framework:  a.framework(rc.receiver, 0),
		Method:     rc.method,
		Route:      route,
		Function:   name,
		Line:       line,
		Middleware: middleware,
	}, rc.at.StartByte)
}

// handlerName names a route's handler as written, or after its route when
// it is inline; the line is the declaration's when the file declares it,
// else the registration's. Inline handlers are recorded as functions.
func (a *analyzer) handlerName(h *node, method, route string, at *node) (string, int) {
	h = unwrap(h)
	switch h.Kind {
	case "arrow_function", "function_expression", "function", "generator_function", "method_definition":
		name := strings.TrimSpace(method + " " + route)
		if id := h.Child("name"); id != nil && h.Kind != "method_definition" {
			name = a.text(id)
		}
		a.functions = append(a.functions, coverage.Function{Name: name, Line: h.Line(), EndLine: h.EndLine()})
		return name, at.Line()
	case "call_expression":
		fn := unwrap(h.Child("function"))
		if fn == nil {
			return strings.TrimSpace(method + " " + route), at.Line()
		}
		if fn.Kind == "member_expression" && a.text(fn.Child("property")) == "bind" {
			return a.handlerName(fn.Child("object"), method, route, at) // docs.create.bind(docs)
		}
		if args := h.Child("arguments").NamedChildren(); len(args) > 0 && isHandler(unwrap(args[len(args)-1])) {
			return a.handlerName(args[len(args)-1], method, route, at) // asyncHandler(createDoc)
		}
		return a.reference(fn), at.Line() // passport.authenticate('local')
	}
	name := a.reference(h)
	if d, ok := a.declared[name]; ok {
		return name, d.line
	}
	return name, at.Line()
}

// prefix is the path a router is mounted at, through its parents.
func (a *analyzer) prefix(key string, depth int) string {
	r := a.routers[key]
	if r == nil || depth > 8 {
		return ""
	}
	if r.mount == nil {
		return r.prefix
	}
	return treesitter.JoinRoute(a.prefix(r.mount.parent, depth+1), r.mount.path, r.prefix)
}

// middleware is what runs before a route registered at pos for path on a
// router: its parents' middleware, then its own. Express and Koa run only
// the middleware registered before the route; Fastify hooks apply to the
// whole plugin.
func (a *analyzer) middleware(key string, pos uint32, path string, depth int) []string {
	r := a.routers[key]
	if r == nil || depth > 8 {
		return nil
	}
	var out []string
	if r.mount != nil {
		out = append(a.middleware(r.mount.parent, r.mount.pos, treesitter.JoinRoute(r.mount.path, path), depth+1), r.mount.middleware...)
	}
	ordered := a.framework(key, 0) != fastify
	for _, u := range r.uses {
		if (!ordered || u.pos < pos) && covers(u.path, path) {
			out = append(out, u.middleware...)
		}
	}
	return out
}

// covers reports whether middleware used at prefix runs for path.
func covers(prefix, path string) bool {
	prefix = strings.TrimRight(prefix, "/")
	if prefix == "" || prefix == "*" {
		return true
	}
	path = treesitter.JoinRoute(path)
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

// framework is the router's framework, its parent's, or the one the
// file imports.
func (a *analyzer) framework(key string, depth int) string {
	if r := a.routers[key]; r != nil && depth < 8 {
		if r.framework != "" {
			return r.framework
		}
		if r.mount != nil {
			return a.framework(r.mount.parent, depth+1)
		}
	}
	switch {
	case strings.Contains(strings.ToLower(key), "fastify") || a.importsAny("fastify"):
		return fastify
	case a.importsAny("koa", "@koa/router", "koa-router"):
		return koa
	}
	return express
}

func (a *analyzer) importsAny(modules ...string) bool {
	for _, imported := range a.imports {
		for _, m := range modules {
			if imported == m {
				return true
			}
		}
	}
	return false
}
