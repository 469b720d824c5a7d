package golang

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"slices"
	"strings"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// router is a router, group or sub-router. Routers form a tree as groups
// are made and sub-routers mounted; a route's full path and middleware
// are read off the tree once the whole file is walked, because a
// sub-router is usually filled before it is mounted.
type router struct {
	framework string
	// guessed: the framework is guessed from the calls on the router,
	// its type being declared in another file.
	guessed bool
	parent  *router
	// prefix is the path prefix relative to the parent; linked is the
	// prefix as written when only the link can read it (see
	// deferredroutes.go).
	prefix     string
	linked     []deferredPart
	middleware []middleware
	// attached is when the router was made below its parent or mounted
	// there; grouped marks one made by Group (or Route, With...), and
	// sharesStack a fiber group, whose parent's later Use still reaches
	// its routes (see regorder.go).
	attached    point
	grouped     bool
	sharesStack bool
	// others are the places a sub-router is mounted again: it serves its
	// routes below each (see eachPlacement). first is its first mount,
	// own its prefix before it.
	others []placementAt
	first  placementAt
	own    ownPrefix
	// made is the call of a function of another package that made the
	// router (see maderouters.go).
	made *ast.CallExpr
}

// ownPrefix is a router's prefix before it is mounted.
type ownPrefix struct {
	prefix string
	linked []deferredPart
}

// placementAt is a place a sub-router is mounted: below parent, at a
// prefix (linked, when only the link can read it), behind mws.
type placementAt struct {
	parent *router
	prefix string
	linked []deferredPart
	mws    []mwRef
	at     point
}

// middleware is one middleware on a router; scope limits it to paths
// under a prefix (fiber's app.Use("/api", mw)). linkedScope is the first
// argument of fiber's app.Use(paths.Reports, mw) when it belongs to
// another package: a prefix or more middleware, which only the link can
// tell (see mwScope).
type middleware struct {
	mwRef
	scope       string
	linkedScope ast.Expr
	// at is when it was Use'd; zero for a group's own or a mount's.
	at point
}

// mwRef is a middleware or interceptor: its name as written, and the
// expression that names it, for the program view to resolve. scope, when
// its x is set, is a condition only the link can check.
type mwRef struct {
	name  string
	expr  ast.Expr
	scope mwScope
}

// mwScope is the condition on middleware that fiber's app.Use(x, mw)
// installs when x is of another package: if x is a string, mw runs for
// the routes below prefix+x only; if x is middleware, for every route.
type mwScope struct {
	prefix string
	x      ast.Expr
}

func mwNames(refs []mwRef) []string {
	if len(refs) == 0 {
		return nil
	}
	names := make([]string, len(refs))
	for i, r := range refs {
		names[i] = r.name
	}
	return names
}

func newRouter(fw string) *router { return &router{framework: fw} }

// child makes a group of r, at the given point of the walk.
func (r *router) child(prefix string, mws []mwRef, at point) *router {
	c := &router{framework: r.framework, guessed: r.guessed, parent: r, prefix: prefix,
		attached: at, grouped: true, sharesStack: r.framework == fwFiber}
	c.use(mws, "")
	return c
}

func (r *router) use(refs []mwRef, scope string) {
	for _, m := range refs {
		r.middleware = append(r.middleware, middleware{mwRef: m, scope: scope})
	}
}

// wrap puts middleware around everything the router serves.
func (r *router) wrap(refs []mwRef) {
	outer := make([]middleware, 0, len(refs)+len(r.middleware))
	for _, m := range refs {
		outer = append(outer, middleware{mwRef: m})
	}
	r.middleware = append(outer, r.middleware...)
}

// mount attaches sub below parent at prefix, behind the given middleware.
// A sub-router is mounted once; a mount that would make a cycle is
// ignored.
func mount(parent, sub *router, prefix string, mws []mwRef, at point) {
	if sub == parent || sub.parent != nil || sub.isAncestorOf(parent) {
		return
	}
	sub.parent, sub.attached = parent, at
	sub.prefix = joinPath(prefix, sub.prefix)
	sub.wrap(mws)
}

// mountLinked mounts sub as mount does, at a prefix that only the link
// may read (linked, nil when the file reads it): sub's own prefix then
// follows it, for the link to settle. A sub-router mounted already is
// mounted again: it serves its routes below both places (see
// eachPlacement).
func mountLinked(parent, sub *router, prefix string, linked []deferredPart, mws []mwRef, at point) {
	p := placementAt{parent: parent, prefix: prefix, linked: linked, mws: mws, at: at}
	if sub.parent != nil {
		// Only a router this mounted first has a first place to leave; a
		// place it has is no other.
		if sub.first.parent != nil && sub != parent && !sub.isAncestorOf(parent) &&
			!slices.ContainsFunc(append([]placementAt{sub.first}, sub.others...), p.same) {
			sub.others = append(sub.others, p)
		}
		return
	}
	own := ownPrefix{sub.prefix, sub.linked}
	parts := sub.prefixParts()
	mount(parent, sub, prefix, mws, at)
	if sub.parent == parent {
		sub.first, sub.own = p, own
		if linked != nil {
			sub.linked = append(slices.Clone(linked), parts...)
		}
	}
}

// same reports whether two places are one: the same parent, prefix and
// middleware.
func (p placementAt) same(q placementAt) bool {
	return p.parent == q.parent && p.prefix == q.prefix && reflect.DeepEqual(p.linked, q.linked) && reflect.DeepEqual(p.mws, q.mws)
}

// place puts a sub-router mounted more than once at one of its other
// places, and returns how to put it back.
func (r *router) place(p placementAt) (restore func()) {
	saved := *r
	r.parent, r.attached = p.parent, p.at
	r.prefix, r.linked = joinPath(p.prefix, r.own.prefix), r.own.linked
	if p.linked != nil {
		r.linked = append(slices.Clone(p.linked), (&router{prefix: r.own.prefix, linked: r.own.linked}).prefixParts()...)
	}
	own := r.middleware[len(r.first.mws):]
	r.middleware = nil
	r.wrap(p.mws)
	r.middleware = append(r.middleware, own...)
	return func() { *r = saved }
}

// maxPlacements bounds the places one route is listed at.
const maxPlacements = 64

// eachPlacement calls f once for each place the routers of r's chain
// put r: first as each is mounted first, then below each other place one
// of them is mounted again.
func eachPlacement(r *router, f func()) {
	n := 0
	var walk func(x *router, seen []*router)
	walk = func(x *router, seen []*router) {
		switch {
		case n >= maxPlacements || slices.Contains(seen, x):
			return // a cycle through another place: nothing to list
		case x == nil:
			n++
			f()
			return
		}
		seen = append(seen, x)
		walk(x.parent, seen)
		for _, p := range x.others {
			restore := x.place(p)
			walk(x.parent, seen)
			restore()
		}
	}
	walk(r, nil)
}

func (r *router) isAncestorOf(x *router) bool {
	for _, c := range x.chain() {
		if c == r {
			return true
		}
	}
	return false
}

// chain lists the routers from the root down to r.
func (r *router) chain() []*router {
	var up []*router
	seen := map[*router]bool{}
	for c := r; c != nil && !seen[c]; c = c.parent {
		seen[c] = true
		up = append(up, c)
	}
	for i, j := 0, len(up)-1; i < j; i, j = i+1, j-1 {
		up[i], up[j] = up[j], up[i]
	}
	return up
}

// joinPath appends a route path to a prefix: `/docs` + `/{id}` is
// `/docs/{id}`, and `/docs` + `/` is `/docs`, the collection a group's
// root route serves.
func joinPath(prefix, path string) string {
	switch {
	case prefix == "":
		return path
	case path == "" || path == "/":
		return prefix
	case strings.HasPrefix(path, "/"):
		return strings.TrimSuffix(prefix, "/") + path
	}
	return strings.TrimSuffix(prefix, "/") + "/" + path
}

// route is one registration: a router, a path relative to it, the
// methods (none: any), route-level middleware and what it routes to.
type route struct {
	router     *router
	methods    []string
	path       string
	middleware []mwRef
	// line is where the path is written, callLine where the registration
	// starts, callSites where the registration helpers it is made in
	// are called: an `// authz:public` comment above any applies.
	line, callLine int
	callSites      []int
	// target is nil until a handler is attached (gorilla's .Handler), and
	// stays nil for a mount or a route that only built a sub-router.
	target *target
	// deferred is set when the link settles the path or method.
	deferred *deferredRoute
	// template: the route is kept as its registering function's
	// template (see regtemplates.go).
	template bool
	// linkedBase is a Mount's prefix when only the link can read it.
	linkedBase []deferredPart
	// at is when it was registered (see regorder.go).
	at point
}

// target is what a registration routes to.
type target struct {
	// fn is the handler when it is a function the file declares, or a
	// closure bound to a name.
	fn *function
	// name is the handler's name when fn is nil: as written, or Type.Method
	// for a method of a type of this package declared elsewhere.
	name string
	// lit is an inline handler, named after its route.
	lit *ast.FuncLit
	// middleware are the wrappers around the handler, outermost first.
	middleware []mwRef
	// router is a router mounted here; strip the prefix http.StripPrefix
	// takes off before it sees the path.
	router *router
	strip  string
	// service is a connect service handler registered on the router.
	service *rpcService
	// expr is the handler expression inside the layers, which the
	// program view resolves when the file does not declare the handler.
	expr ast.Expr
}

// newRoute makes a registration at the path pathExpr evaluates to; for
// a pattern, the path may start with the method ("GET /docs/{id}").
// methodExpr is a method argument the file cannot read. A path or method
// that is not a constant of the file is settled at the link (see
// deferredroutes.go), or, made from the registering function's
// parameters, by each call (see regtemplates.go); the route is resolved
// all the same, as its handler may mount a router or serve an RPC
// service.
func (a *analyzer) newRoute(r *router, methods []string, methodExpr, pathExpr ast.Expr, pattern bool, sc *scope) *route {
	path, known := a.constString(pathExpr, sc)
	if pattern {
		var method string
		method, path = splitPattern(path)
		methods = methodList(method)
	}
	rec := &route{router: r, methods: methods, path: path, line: a.source.line(pathExpr.Pos()), callSites: slices.Clone(a.callSites), at: a.now()}
	switch {
	case known && methodExpr == nil:
		a.routes = append(a.routes, rec)
		a.routeWords(path, pathExpr)
	case a.deferRoute(rec, methodExpr, pathExpr, pattern, sc):
		rec.deferred.pathKnown = known
		a.routes = append(a.routes, rec)
	default:
		// Made from parameters: each call binds them. A method
		// parameter leaves the route here without a method.
		if known {
			a.routes = append(a.routes, rec)
			a.routeWords(path, pathExpr)
		}
		if fn := sc.registrar(); fn != nil {
			fn.routesFromParams = true
			a.noteTemplate(rec, methodExpr, pathExpr, pattern, fn)
		}
	}
	return rec
}

// callRouter evaluates a call of a router method. ok is false when the
// method is not one the framework routes with.
func (a *analyzer) callRouter(r *router, name string, call *ast.CallExpr, sc *scope) (value, bool) {
	api := routerAPIs[r.framework]
	m, ok := api.methods[name]
	if !ok {
		if _, ok := api.routeMethods[name]; ok {
			line := a.source.line(call.Pos())
			rec := &route{router: r, line: line, callLine: line, at: a.now()}
			a.routes = append(a.routes, rec)
			return a.callRoute(rec, name, call, sc)
		}
		return value{}, false
	}
	args := a.spreadArgs(call, sc)
	var rec *route
	switch m.kind {
	case methodRoute:
		if len(args) >= 2 {
			rec = a.newRoute(r, methodList(m.method), nil, args[0], false, sc)
			a.registerHandlers(rec, api, args[1:], sc)
		}
	case methodPattern:
		switch len(args) {
		case 1:
			// mux.Handle(xconnect.NewXServiceHandler(svc)): pattern and
			// handler come from one call.
			if v := a.eval(args[0], sc); v.service != nil {
				v.service.mounts = append(v.service.mounts, serviceMount{router: r})
			}
		case 2:
			rec = a.newRoute(r, nil, nil, args[0], true, sc)
			a.attach(rec, args[1], "", sc)
		}
	case methodAndRoute:
		if len(args) >= 3 {
			methods := a.methods(args[0], sc)
			rec = a.newRoute(r, methods, a.methodExpr(args[0], methods), args[1], false, sc)
			a.registerHandlers(rec, api, args[2:], sc)
		}
	case methodGroup:
		if len(args) >= 1 {
			c := r.child(a.prefix(args[0], sc), a.middlewareRefs(args[1:], sc), a.now())
			c.linked = a.linkedParts(args[0], sc)
			return value{router: c}, true
		}
	case methodRouteFunc:
		if len(args) >= 2 {
			c := r.child(a.prefix(args[0], sc), nil, a.now())
			c.linked = a.linkedParts(args[0], sc)
			a.runOn(c, args[1], sc)
			return value{router: c}, true
		}
	case methodGroupFunc:
		c := r.child("", nil, a.now())
		if len(args) >= 1 {
			a.runOn(c, args[0], sc)
		}
		return value{router: c}, true
	case methodWith:
		return value{router: r.child("", a.middlewareRefs(args, sc), a.now())}, true
	case methodUse:
		a.use(r, args, sc)
	case methodMount:
		if len(args) == 2 {
			prefix := a.prefix(args[0], sc)
			rec = &route{router: r, path: prefix, line: a.source.line(args[0].Pos()), linkedBase: a.linkedParts(args[0], sc), at: a.now()}
			a.routes = append(a.routes, rec)
			a.attach(rec, args[1], prefix, sc)
		}
	}
	if rec != nil {
		rec.callLine = a.source.line(call.Pos())
	}
	if api.chained || rec == nil {
		return value{router: r}, true
	}
	return value{route: rec}, true
}

// callRoute evaluates a call of a method of a route being built.
func (a *analyzer) callRoute(rec *route, name string, call *ast.CallExpr, sc *scope) (value, bool) {
	m, ok := routerAPIs[rec.router.framework].routeMethods[name]
	if !ok && rec.router.guessed {
		// Only a gorilla route is built on (r.HandleFunc(...).Methods(...)).
		if m, ok = routerAPIs[fwGorilla].routeMethods[name]; ok {
			rec.router.framework = fwGorilla
		}
	}
	if !ok {
		return value{}, false
	}
	args := call.Args
	switch m {
	case routeMethods:
		for _, arg := range args {
			rec.methods = append(rec.methods, a.methods(arg, sc)...)
		}
	case routePath:
		if len(args) == 1 {
			if path, ok := a.constString(args[0], sc); ok {
				rec.path = path
				a.routeWords(path, args[0])
			} else if e := a.linkedPrefix(args[0], sc); e != nil {
				rec.deferred = &deferredRoute{path: e}
			}
		}
	case routeHandler:
		if len(args) == 1 {
			a.attach(rec, args[0], "", sc)
		}
	case routeSubrouter:
		c := rec.router.child(rec.path, nil, a.now())
		if d := rec.deferred; d != nil && d.method == nil && !d.pattern {
			c.prefix = a.prefix(d.path, sc)
			c.linked = []deferredPart{{expr: d.path}}
		}
		return value{router: c}, true
	}
	return value{route: rec}, true
}

// registerHandlers attaches the handler among a route's handler arguments
// and records the others as route middleware.
func (a *analyzer) registerHandlers(rec *route, api *routerAPI, handlers []ast.Expr, sc *scope) {
	h, mws := handlers[len(handlers)-1], handlers[:len(handlers)-1]
	if api.handlerFirst {
		h, mws = handlers[0], handlers[1:]
	}
	rec.middleware = a.middlewareRefs(mws, sc)
	a.attach(rec, h, "", sc)
}

// attach resolves what a route routes to. A router there is mounted, at
// base (Mount's prefix) plus what http.StripPrefix strips; a connect
// service learns the middleware in front of it. A mount of something
// unresolved (a sub-router from another package) is left to the
// cross-package pass.
func (a *analyzer) attach(rec *route, e ast.Expr, base string, sc *scope) {
	t := a.target(e, sc)
	linked := joinParts(rec.linkedBase, t.strip)
	if call, ok := t.expr.(*ast.CallExpr); ok && t.name != "" && t.router == nil && t.service == nil {
		// A call of a function of another file: it may return a router.
		a.mounts = append(a.mounts, mountSite{
			router:     rec.router,
			prefix:     joinPath(base, t.strip),
			linked:     linked,
			middleware: append(slices.Clone(rec.middleware), t.middleware...),
			fun:        call,
			arg:        -1,
		})
	}
	if base != "" || rec.linkedBase != nil {
		a.noteMountedFactory(rec, t, joinPath(base, t.strip), linked, sc)
	}
	switch {
	case t.router != nil:
		mountLinked(rec.router, t.router, joinPath(base, t.strip), linked, append(rec.middleware, t.middleware...), rec.at)
	case t.service != nil:
		t.service.mounts = append(t.service.mounts, serviceMount{router: rec.router, middleware: append(rec.middleware, t.middleware...)})
	case t.fn == nil && t.lit == nil && (base != "" || t.name == ""):
		// Nothing to name: a broken expression, or a sub-router from
		// elsewhere.
	default:
		rec.target = &t
		if fn := sc.registrar(); fn != nil && a.routesParam(rec) {
			// Only each call names the handler: walk it with the call's
			// arguments, or expand it at the link for calls of other
			// files, whatever the path.
			fn.routesFromParams = true
			a.noteHandlerTemplate(rec, fn)
		}
	}
}

// mountSite is a router of the file handed to a function of another
// file, which may register routes on it: the router the function
// returns is mounted (r.Mount("/docs", docs.Routes()), or served as a
// handler), or the router is passed to it (docs.Register(r), or
// r.Route("/docs", docs.Register)). The program view puts that
// function's routes below the site.
type mountSite struct {
	router *router
	// prefix is where the mounted router's paths start, relative to
	// router (a Mount's prefix, what http.StripPrefix strips); linked is
	// that prefix as written when only the link can read it.
	prefix     string
	linked     []deferredPart
	middleware []mwRef
	// fun is the call whose result is mounted, or that is passed the
	// router; or the function the router is passed to (chi's Route).
	fun ast.Expr
	// arg is the argument the router is passed as; -1 when the call's
	// result is mounted.
	arg int
	// at is when the router is handed over (see regorder.go).
	at point
}

// rootRef is a router the file cannot place: one a function returns
// (arg -1) or receives as its parameter arg, or one kept in a field of a
// type of the package (field is `Server.router`), which other files of
// the package add routes and middleware to. Its routes are placed by the
// mount sites of other files.
type rootRef struct {
	fn    *function
	arg   int
	field string
}

// rootOf is where the router tree of r starts, when a function returns
// or receives it.
func (a *analyzer) rootOf(r *router) *rootRef {
	if a.roots == nil {
		a.roots = map[*router]*rootRef{}
		for _, fn := range a.index.ordered {
			if fn.result != nil {
				a.roots[fn.result] = &rootRef{fn: fn, arg: -1}
			}
			for i, p := range fn.params {
				a.roots[p] = &rootRef{fn: fn, arg: i}
			}
		}
		for key, r := range a.named {
			if a.fields[key] && a.roots[r] == nil {
				a.roots[r] = &rootRef{field: key}
			}
		}
	}
	return a.roots[r.chain()[0]]
}

// runOn runs a function that configures a sub-router: chi's
// r.Route("/docs", func(r chi.Router) {...}) or r.Group(h.adminRoutes).
// A function of another file (docs.Register) is given the sub-router
// at the link.
func (a *analyzer) runOn(r *router, fnExpr ast.Expr, sc *scope) {
	if lit, ok := unparen(fnExpr).(*ast.FuncLit); ok {
		a.walkLit(lit, sc, r)
		return
	}
	v := a.eval(fnExpr, sc)
	switch {
	case v.fn != nil:
		a.walkFunc(v.fn)
		switch p := v.fn.params[0]; {
		case p == nil:
		case v.fn.routesFromParams:
			mount(r, p, "", nil, a.now())
		default:
			// Run on more routers, it configures each.
			mountLinked(r, p, "", nil, nil, a.now())
		}
	case v.lit == nil && v.router == nil:
		// Resolved at the link, if it is a function of the module.
		a.mounts = append(a.mounts, mountSite{router: r, fun: fnExpr, arg: 0, at: a.now()})
	}
}

// use adds middleware to a router. Fiber's Use takes a path prefix that
// scopes the middleware, and mounts a sub-app given in place of one.
func (a *analyzer) use(r *router, args []ast.Expr, sc *scope) {
	scope := ""
	linked := a.linkedMountPrefix(r, args, sc)
	if linked != nil {
		scope, args = a.prefix(args[0], sc), args[1:]
	}
	linkedScope := a.linkedUseScope(r, args, sc)
	for i, arg := range args {
		v := a.eval(arg, sc)
		switch {
		case v.isStr:
			scope = v.str
		case v.router != nil:
			mountLinked(r, v.router, scope, linked, nil, a.now())
		default:
			a.markMiddleware(arg, sc)
			if m := a.middlewareRef(a.argExpr(arg, sc)); m.name != "" {
				mw := middleware{mwRef: m, scope: scope, at: a.now()}
				if i > 0 {
					mw.linkedScope = linkedScope
				}
				r.middleware = append(r.middleware, mw)
			}
			if i > 0 && linkedScope != nil {
				a.noteUsedFactory(r, arg, a.prefix(linkedScope, sc), a.linkedParts(linkedScope, sc), sc)
			} else {
				a.noteUsedFactory(r, arg, scope, nil, sc)
			}
		}
	}
}

// linkedUseScope is the first argument of fiber's app.Use(x, mw...) when
// x is of another package and the file cannot tell a prefix (a constant
// such as paths.Reports) from middleware (authz.Audit); else nil.
func (a *analyzer) linkedUseScope(r *router, args []ast.Expr, sc *scope) ast.Expr {
	if r.framework != fwFiber || len(args) < 2 {
		return nil
	}
	if _, known := a.constString(args[0], sc); known {
		return nil
	}
	if x := a.argExpr(args[0], sc); a.importedConst(x, sc) {
		return x
	}
	return nil
}

// linkedMountPrefix is the prefix of fiber's app.Use(paths.API, sub)
// when only the link reads it. Only the sub-app after it tells it from
// middleware of another package (app.Use(authz.Audit, ...)).
func (a *analyzer) linkedMountPrefix(r *router, args []ast.Expr, sc *scope) []deferredPart {
	if r.framework != fwFiber || len(args) != 2 {
		return nil
	}
	if _, isIdent := unparen(args[1]).(*ast.Ident); !isIdent || a.eval(args[1], sc).router == nil {
		return nil
	}
	return a.linkedParts(args[0], sc)
}

// target resolves the handler expression of a registration, peeling off
// conversions (http.HandlerFunc(f)), http.StripPrefix and middleware
// wrappers (authz.RequireUser(h.getDoc)) down to the handler.
func (a *analyzer) target(e ast.Expr, sc *scope) target {
	var t target
	for {
		e = unparen(e)
		if id, ok := e.(*ast.Ident); ok {
			if inner, done := a.peelVar(id, &t, sc); done {
				return t
			} else if inner != nil {
				e = inner
				continue
			}
		}
		call, ok := e.(*ast.CallExpr)
		if !ok {
			break
		}
		if inner := a.peel(call, &t, sc); inner != nil {
			e = inner
			continue
		}
		if callee := a.callee(call, sc); callee != nil {
			// A function of the file that returns a handler without
			// taking one is a handler factory (h.listDocs()); the handler
			// is the closure it returns, inside it.
			v := a.callFunc(callee, call, sc)
			t.router, t.service, t.expr = v.router, v.service, call
			if t.router == nil && !a.servedBy(v, &t) && !a.servedByConcrete(callee, &t) {
				t.fn = callee
			}
			if t.fn == callee && a.concreteResult(callee) != nil {
				// It builds a type of another package: the link finds
				// its ServeHTTP.
				t.fn, t.name = nil, callee.name
			}
			return t
		}
		v := a.evalCall(call, sc)
		t.router, t.service, t.expr = v.router, v.service, call
		if t.router == nil && t.service == nil {
			t.name = exprString(call.Fun) // promhttp.Handler()
		}
		return t
	}
	if lit, ok := e.(*ast.FuncLit); ok {
		t.lit = lit
		return t
	}
	v := a.eval(e, sc)
	t.router, t.service, t.fn, t.expr = v.router, v.service, v.fn, a.argExpr(e, sc)
	if v.lit != nil && t.fn == nil {
		t.lit = v.lit
	}
	if t.router == nil && t.service == nil && t.fn == nil && t.lit == nil && !a.servedBy(v, &t) {
		t.name = a.refName(t.expr, sc)
	}
	return t
}

// servedBy resolves a handler value of a type of this package (&docsHandler{},
// newDocsHandler(store)) to the type's ServeHTTP method.
func (a *analyzer) servedBy(v value, t *target) bool {
	typ := localType(v.typ)
	if typ == "" {
		return false
	}
	if ts := a.index.types[typ]; ts != nil && a.index.structs[typ] == nil {
		return false // a func or interface type, not a handler struct
	}
	if fn := a.index.funcs[typ+".ServeHTTP"]; fn != nil {
		t.fn = fn
	} else {
		t.name = typ + ".ServeHTTP"
	}
	return true
}

// peel takes one layer off a handler expression and returns what is
// inside, or nil when call is not a layer.
func (a *analyzer) peel(call *ast.CallExpr, t *target, sc *scope) ast.Expr {
	if fun, ok := unparen(call.Fun).(*ast.SelectorExpr); ok {
		if pkg, ok := a.packageOf(fun, sc); ok {
			if a.isConversion(pkg, fun.Sel.Name, call) {
				return call.Args[0]
			}
			if a.imports.framework(pkg) == fwNetHTTP && fun.Sel.Name == "StripPrefix" && len(call.Args) == 2 {
				if prefix, ok := a.constString(call.Args[0], sc); ok {
					t.strip = joinPath(t.strip, prefix)
				}
				return call.Args[1]
			}
		}
	}
	var i int
	if callee := a.callee(call, sc); callee != nil {
		i = a.handlerParam(callee)
	} else {
		i = a.handlerArg(call, sc)
	}
	if i < 0 || i >= len(call.Args) {
		return nil
	}
	if m := a.wrapperRef(call, sc); m.name != "" {
		t.middleware = append(t.middleware, m)
	}
	return call.Args[i]
}

// wrapperRef names the middleware a wrapping call applies. A wrapper
// called directly (authz.RequireUser(h)) is the call itself; a factory's
// result applied to the handler (authz.Require(c, perm)(h), or canView(h)
// with canView := authz.Require(c, perm)) is the factory call, whose
// arguments bind the middleware's parameters, as chi's With(factory(...)).
func (a *analyzer) wrapperRef(call *ast.CallExpr, sc *scope) mwRef {
	switch fun := unparen(call.Fun).(type) {
	case *ast.CallExpr:
		if name := exprString(fun.Fun); name != "" {
			return mwRef{name: name, expr: fun}
		}
	case *ast.Ident:
		if !a.bound(fun, sc) {
			break
		}
		// A helper's parameter is the middleware its call passes, a
		// function of the file included.
		if arg := a.argExpr(fun, sc); arg != fun {
			return a.middlewareRef(arg)
		}
		if a.evalIdent(fun, sc).fn == nil {
			return mwRef{name: fun.Name, expr: fun}
		}
	}
	return mwRef{name: exprString(call.Fun), expr: call}
}

// callee is the function of the file a call calls, or nil.
func (a *analyzer) callee(call *ast.CallExpr, sc *scope) *function {
	switch fun := unparen(call.Fun).(type) {
	case *ast.Ident:
		return a.evalIdent(fun, sc).fn
	case *ast.SelectorExpr:
		if _, ok := a.packageOf(fun, sc); ok {
			return nil
		}
		return a.member(a.eval(fun.X, sc), fun).fn
	}
	return nil
}

// handlerParam is the index of the handler a middleware function of the
// file wraps (func requireUser(next http.Handler) http.Handler), or -1
// when fn is no wrapper.
func (a *analyzer) handlerParam(fn *function) int {
	returnsHandler := false
	for _, r := range fieldTypes(fn.typ.Results) {
		returnsHandler = returnsHandler || a.isHandlerType(r)
	}
	if !returnsHandler {
		return -1
	}
	for i, p := range fieldTypes(fn.typ.Params) {
		if a.isHandlerType(p) {
			return i
		}
	}
	return -1
}

// handlerArg picks the wrapped handler among the arguments of a call of
// an unknown function: a func literal or a known handler or router
// first, then a nested call (a wrapper inside a wrapper), then a name the
// file does not bind to anything else (a function of the package). -1
// means the call itself is the handler.
func (a *analyzer) handlerArg(call *ast.CallExpr, sc *scope) int {
	weak, nested := -1, -1
	last := len(call.Args) - 1
	for i, arg := range call.Args {
		switch x := unparen(arg).(type) {
		case *ast.FuncLit:
			return i
		case *ast.CallExpr:
			if nested < 0 {
				nested = i
			}
		case *ast.Ident, *ast.SelectorExpr:
			v := a.eval(x, sc)
			if v.router != nil || v.service != nil || v.lit != nil || v.handler || (v.fn != nil && a.handlerFramework(v.fn.typ) != "") {
				return i
			}
			if i == last && i > 0 && (v.fn != nil || (v.empty() && !a.bound(x, sc)) || a.isMethodValue(x, sc)) {
				// A wrapper that takes the handler last, after its own
				// arguments: authz.Require(client, perms.View, s.Create).
				return i
			}
			if weak < 0 && v.empty() && !a.bound(x, sc) {
				weak = i
			}
		}
	}
	if nested >= 0 {
		return nested
	}
	return weak
}

// isMethodValue reports whether x is a method value of a type of this
// package (s.Create), as refName names it.
func (a *analyzer) isMethodValue(x ast.Expr, sc *scope) bool {
	sel, ok := x.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	if _, isPkg := a.packageOf(sel, sc); isPkg {
		return false
	}
	return localType(a.eval(sel.X, sc).typ) != ""
}

// bound reports whether the root name of x is a variable.
func (a *analyzer) bound(x ast.Expr, sc *scope) bool {
	for {
		switch y := x.(type) {
		case *ast.SelectorExpr:
			x = y.X
		case *ast.Ident:
			_, ok := sc.lookup(y.Name)
			return ok
		default:
			return false
		}
	}
}

// refName names a handler the file does not declare: a method value of a
// type of this package is Type.Method, anything else is as written.
func (a *analyzer) refName(e ast.Expr, sc *scope) string {
	if sel, ok := e.(*ast.SelectorExpr); ok {
		if _, isPkg := a.packageOf(sel, sc); !isPkg {
			if recv := localType(a.eval(sel.X, sc).typ); recv != "" {
				return recv + "." + sel.Sel.Name
			}
		}
	}
	return exprString(e)
}

// implicitRouter is the router behind a receiver the walker cannot type,
// such as a field of a struct declared in another file (s.router.Get):
// taken to be a router when the call has the shape of a route
// registration of the one router framework the file imports. Middleware
// Use'd on such a receiver before that is kept until then.
func (a *analyzer) implicitRouter(recv value, fun *ast.SelectorExpr, call *ast.CallExpr, sc *scope) *router {
	if recv.typ != "" && localType(recv.typ) == "" {
		return nil // a known type from another package that is no router
	}
	var key string
	switch x := unparen(fun.X).(type) {
	case *ast.Ident:
		key = x.Name
	case *ast.SelectorExpr:
		key = a.memberKey(a.eval(x.X, sc), x)
	}
	if key == "" {
		return nil
	}
	if r := a.named[key]; r != nil {
		return r
	}
	fw := a.guessFramework(fun.Sel.Name, call, sc, false)
	if fw == "" && a.fields[key] && !a.importsRouter() {
		// A field of a type of the package whose router type another
		// file declares: the link settles which framework it is.
		fw = a.guessFramework(fun.Sel.Name, call, sc, true)
	}
	if fw == "" {
		if fun.Sel.Name == "Use" && (a.importsRouter() || a.fields[key]) {
			a.pendingUse[key] = append(a.pendingUse[key], a.middlewareRefs(call.Args, sc)...)
		}
		return nil
	}
	r := newRouter(fw)
	r.guessed, r.made = true, recv.made
	r.use(a.pendingUse[key], "")
	delete(a.pendingUse, key)
	return a.bindNamed(key, r)
}

func (a *analyzer) importsRouter() bool {
	for _, fw := range frameworkOrder {
		if a.imported[fw] {
			return true
		}
	}
	return false
}

// frameworkOrder makes guessing deterministic: net/http comes last, as a
// file that imports another router usually imports net/http too.
var frameworkOrder = []string{fwChi, fwGin, fwEcho, fwFiber, fwGorilla, fwNetHTTP}

// guessFramework is the framework a call of method on an untyped
// receiver registers a route with, by the frameworks the file imports,
// or, with any, the first that fits.
func (a *analyzer) guessFramework(method string, call *ast.CallExpr, sc *scope, any bool) string {
	var found []string
	for _, fw := range frameworkOrder {
		api := routerAPIs[fw]
		if !(any || a.imported[fw]) {
			continue
		}
		pathArg := 0
		switch m, ok := api.methods[method]; {
		case !ok:
			if api.routeMethods[method] != routePath {
				continue // gorilla's r.PathPrefix("/api") starts a route
			}
		case m.kind == methodAndRoute:
			pathArg = 1
		case m.kind == methodRoute, m.kind == methodPattern, m.kind == methodGroup, m.kind == methodRouteFunc, m.kind == methodMount:
		default:
			continue
		}
		if pathArg >= len(call.Args) {
			continue
		}
		path, ok := a.constString(call.Args[pathArg], sc)
		if _, p := splitPattern(path); ok && strings.HasPrefix(p, "/") {
			found = append(found, fw)
		}
	}
	switch {
	case len(found) == 1, any && len(found) > 0:
		return found[0]
	case len(found) == 2 && found[1] == fwNetHTTP:
		return found[0]
	}
	return ""
}

// splitPattern splits a Go 1.22 ServeMux pattern ("GET /docs/{id}") into
// its method and path.
func splitPattern(pattern string) (method, path string) {
	if m, rest, ok := strings.Cut(strings.TrimSpace(pattern), " "); ok && httpMethods[m] {
		return m, strings.TrimSpace(rest)
	}
	return "", pattern
}

func methodList(m string) []string {
	if m == "" {
		return nil
	}
	return []string{m}
}

// methods reads a method argument: a string, a method constant, or a
// slice of them (gin's Match).
func (a *analyzer) methods(e ast.Expr, sc *scope) []string {
	if lit, ok := unparen(e).(*ast.CompositeLit); ok {
		var out []string
		for _, elt := range lit.Elts {
			out = append(out, a.methods(elt, sc)...)
		}
		return out
	}
	if s, ok := a.constString(e, sc); ok && s != "" {
		return []string{strings.ToUpper(s)}
	}
	return nil
}

// prefix reads a group's path prefix; one that is not a constant is kept
// as its expression in braces, like a path parameter, and so is each
// operand of a concatenation that is not one.
func (a *analyzer) prefix(e ast.Expr, sc *scope) string {
	if s, ok := a.constString(e, sc); ok {
		a.routeWords(s, e)
		return s
	}
	if x, ok := unparen(e).(*ast.BinaryExpr); ok && x.Op == token.ADD {
		// routes.Prefix+"/v2": the parts read, the others in braces.
		return a.prefix(x.X, sc) + a.prefix(x.Y, sc)
	}
	if name := exprString(e); name != "" {
		return "{" + name + "}"
	}
	return "{}"
}

func (a *analyzer) middlewareRefs(args []ast.Expr, sc *scope) []mwRef {
	var refs []mwRef
	for _, arg := range args {
		a.markMiddleware(arg, sc)
		if m := a.middlewareRef(a.argExpr(arg, sc)); m.name != "" {
			refs = append(refs, m)
		}
	}
	return refs
}

// markMiddleware notes a function of the file installed as middleware:
// gin's and fiber's middleware have a handler's signature, yet are no
// handlers. Only names are looked at; evaluating a call again would
// repeat its effects.
func (a *analyzer) markMiddleware(e ast.Expr, sc *scope) {
	switch x := unparen(e).(type) {
	case *ast.Ident, *ast.SelectorExpr:
		if v := a.eval(x, sc); v.fn != nil {
			a.middlewareFns[v.fn] = true
		}
	}
}

// middlewareRef names a middleware as written: `authz.RequireUser`, the
// callee of a middleware factory (`authz.Require("doc", "view")` gives
// `authz.Require`), or `func@LINE` for a func literal.
func (a *analyzer) middlewareRef(e ast.Expr) mwRef {
	switch x := unparen(e).(type) {
	case *ast.FuncLit:
		return mwRef{name: fmt.Sprintf("func@%d", a.source.line(x.Pos())), expr: x}
	case *ast.CallExpr:
		if fun, ok := unparen(x.Fun).(*ast.SelectorExpr); ok {
			if pkg, ok := fun.X.(*ast.Ident); ok && a.imports[pkg.Name] != "" && a.isConversion(pkg.Name, fun.Sel.Name, x) {
				return a.middlewareRef(x.Args[0])
			}
		}
	}
	return mwRef{name: exprString(e), expr: e}
}

// routeHandlers turns the registrations into handlers, one per method.
func (a *analyzer) routeHandlers() []handlerRec {
	var out []handlerRec
	repeats := a.inlineRepeats()
	for _, rec := range a.routes {
		t := rec.target
		if t == nil || a.routesParam(rec) || repeats[rec] {
			continue
		}
		// The handler's body once, however many places list the route.
		switch {
		case t.fn != nil && !a.registered[t.fn]:
			a.registered[t.fn] = true
			a.handlerBodies = append(a.handlerBodies, handlerBody{t.fn.typ, t.fn.body})
		case t.lit != nil:
			a.handlerBodies = append(a.handlerBodies, handlerBody{t.lit.Type, t.lit.Body})
		}
		eachPlacement(rec.router, func() { out = a.routeHandler(rec, out) })
	}
	return out
}

// literalName names a func literal that serves a route after the route,
// or, when the route says nothing (gorilla's MatcherFunc), after its line.
func literalName(method, route string, line int) string {
	if name := strings.TrimSpace(method + " " + route); name != "" {
		return name
	}
	return fmt.Sprintf("func literal at line %d", line)
}

// routeHandler appends the handlers of one route, with its routers
// where they are placed now, to out.
func (a *analyzer) routeHandler(rec *route, out []handlerRec) []handlerRec {
	t := rec.target
	full := joinPath(fullPrefix(rec.router), rec.path)
	mws := append(append(routerMiddleware(rec.router, full, rec.at), rec.middleware...), t.middleware...)
	deferred := a.deferredOf(rec)
	name, line := t.name, rec.line
	if t.fn != nil {
		name, line = t.fn.name, t.fn.line
	}
	methods := rec.methods
	if len(methods) == 0 {
		methods = []string{""}
	}
	for _, m := range methods {
		if t.lit != nil {
			name = literalName(m, full, line)
		}
		h := handlerRec{
			Handler: coverage.Handler{
				Language:   coverage.Go,
				Framework:  rec.router.framework,
				Method:     m,
				Route:      full,
				Function:   name,
				File:       a.path,
				Line:       line,
				Operation:  coverage.InferOperation(m, full, name),
				Middleware: mwNames(mws),
			},
			fn:         t.fn,
			lit:        t.lit,
			middleware: mws,
			wrappers:   len(t.middleware),
			regLines:   append([]int{rec.callLine, rec.line}, rec.callSites...),
			root:       a.rootOf(rec.router),
			made:       madeBy(rec.router),
			value:      t.expr,
			deferred:   deferred,
		}
		if t.fn == nil && t.lit == nil {
			h.expr = t.expr
		}
		out = append(out, h)
	}
	return out
}

func fullPrefix(r *router) string {
	prefix := ""
	for _, c := range r.chain() {
		prefix = joinPath(prefix, c.prefix)
	}
	return prefix
}

// routerMiddleware is the middleware of r and its ancestors, outermost
// first, that applies to a route at path registered at at (the zero
// point when the order is unknown).
func routerMiddleware(r *router, path string, at point) []mwRef {
	var refs []mwRef
	prefix := ""
	chain := r.chain()
	cuts := useCutoffs(chain, at)
	for i, c := range chain {
		prefix = joinPath(prefix, c.prefix)
		for _, m := range c.middleware {
			if ordersUse(c) && cuts[i].before(m.at) {
				continue // Use'd after the route
			}
			if m.scope == "" || strings.HasPrefix(path, joinPath(prefix, m.scope)) {
				ref := m.mwRef
				if m.linkedScope != nil {
					ref.scope = mwScope{prefix: joinPath(prefix, m.scope), x: m.linkedScope}
				}
				refs = append(refs, ref)
			}
		}
	}
	return refs
}
