package golang

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// Registration helpers of another file. A helper such as
//
//	func (s *Server) handle(pattern string, mw func(http.Handler) http.Handler, h http.HandlerFunc) {
//		s.mux.Handle(pattern, mw(h))
//	}
//
// registers routes only its callers can name. A call in the helper's own
// file is walked inline (see inline); a call in another file cannot be,
// as each file is summarized alone. So the helper's file keeps each such
// registration as a template (its path, handler and middleware in terms
// of the helper's parameters), the calling file keeps its calls of
// functions of other files that pass a path, and linking expands each
// call of a helper into the routes its template makes.

// tmplRoute is a route a function registers at a path made from its
// parameters, seen on the function's own walk.
type tmplRoute struct {
	fn      *function
	rec     *route
	method  ast.Expr
	path    ast.Expr
	pattern bool
}

// noteTemplate keeps a route whose path is not constant as a template of
// the function registering it, when that is a declared function walked
// for itself (not inline for one call). method is a method argument the
// file cannot read (a parameter too, typically).
func (a *analyzer) noteTemplate(rec *route, method, path ast.Expr, pattern bool, fn *function) {
	if len(a.callSites) == 0 && fn.lit == nil && fn.typ != nil && !rec.template {
		rec.template = true
		a.tmplRoutes = append(a.tmplRoutes, tmplRoute{fn: fn, rec: rec, method: method, path: path, pattern: pattern})
	}
}

// noteHandlerTemplate keeps a route at a path of the function's own (a
// constant, or one only the link reads) that routes to the handler
// parameter it is given as a template too: each call says the handler.
// path is nil for a path the file reads, which rec holds.
func (a *analyzer) noteHandlerTemplate(rec *route, fn *function) {
	var method, path ast.Expr
	pattern := false
	if d := rec.deferred; d != nil {
		method, path, pattern = d.method, d.path, d.pattern
	}
	a.noteTemplate(rec, method, path, pattern, fn)
}

// noteHelperCall keeps a call of a function of another file that passes
// a router, a path (a string with a slash) or a method: it may be a
// registration helper's. A path may be a constant of another package
// (register(r, routes.DocPath, h)), which only the link reads; such a
// call counts when it also passes a function, as a registration
// helper's does.
func (a *analyzer) noteHelperCall(call *ast.CallExpr, route bool, sc *scope) {
	if route || a.passesLinkedPath(call, sc) {
		a.helperCalls = append(a.helperCalls, call)
	}
}

// passesLinkedPath reports whether a call passes a constant of an
// imported package (or a concatenation with one) besides a function.
func (a *analyzer) passesLinkedPath(call *ast.CallExpr, sc *scope) bool {
	if !slices.ContainsFunc(call.Args, func(arg ast.Expr) bool { return a.importedConst(arg, sc) }) {
		return false
	}
	for _, arg := range call.Args {
		switch x := unparen(arg).(type) {
		case *ast.FuncLit:
			return true
		case *ast.Ident, *ast.SelectorExpr:
			if v := a.eval(x, sc); v.router != nil || v.fn != nil || v.lit != nil || v.handler || a.isMethodValue(x, sc) {
				return true
			}
		}
	}
	return false
}

// importedConst reports whether e is a constant of an imported package
// that is no framework (routes.DocPath), or a concatenation with one.
func (a *analyzer) importedConst(e ast.Expr, sc *scope) bool {
	switch x := unparen(e).(type) {
	case *ast.SelectorExpr:
		pkg, ok := a.packageOf(x, sc)
		return ok && a.imports.framework(pkg) == "" && !a.imports.isStdlib(pkg)
	case *ast.BinaryExpr:
		return x.Op == token.ADD && (a.importedConst(x.X, sc) || a.importedConst(x.Y, sc))
	}
	return false
}

// regTemplateSum is a helper's route in terms of its parameters.
type regTemplateSum struct {
	// fn is the helper's id in the file.
	fn        string
	framework string
	methods   []string
	// method is a method argument, a parameter typically, when methods
	// are not known.
	method valSym
	// prefix is the prefix the helper's own groups put the route below;
	// path is the route's path, or its pattern ("GET /docs") when
	// pattern is set.
	prefix  string
	path    valSym
	pattern bool
	// prefixParts is the prefix to settle at the link (see routerParts).
	prefixParts []valSym
	// handler is the parameter the handler is passed as.
	handler    int
	middleware []tmplMiddleware
	root       *rootSum
}

// routesParam reports whether a route of a registration helper, walked
// for itself, routes to the handler parameter it is given
// (func add(e *echo.Echo, method string, h echo.HandlerFunc)): nothing
// but each call says what that is, and the calls register it.
func (a *analyzer) routesParam(rec *route) bool {
	t := rec.target
	if t.fn != nil || t.lit != nil || t.router != nil || t.service != nil || len(rec.callSites) > 0 {
		return false
	}
	id, ok := unparen(t.expr).(*ast.Ident)
	if !ok || id.Obj == nil || id.Obj.Kind != ast.Var {
		return false
	}
	field, ok := id.Obj.Decl.(*ast.Field)
	return ok && a.isHandlerType(field.Type)
}

// tmplMiddleware is a middleware of a template: parameter param of the
// helper (with variadic, each argument from param on), or (param -1) the
// one the helper names.
type tmplMiddleware struct {
	param    int
	variadic bool
	name     string
	sym      targetSym
}

// tmplMiddleware reads a middleware of a template.
func (s *summarizer) tmplMiddleware(e ast.Expr, name string, ctx *fnCtx) tmplMiddleware {
	if i, ok := s.paramOf(e, ctx); ok {
		return tmplMiddleware{param: i}
	}
	fun := e
	if call, ok := unparen(e).(*ast.CallExpr); ok {
		fun = call.Fun // mws[i](handler)
	}
	if v, ok := s.variadicOf(fun, ctx); ok {
		return tmplMiddleware{param: v, variadic: true}
	}
	return tmplMiddleware{param: -1, name: name, sym: s.targetOf(e, 0)}
}

// declInit is the value a local is declared with.
func declInit(obj *ast.Object) ast.Expr {
	switch d := obj.Decl.(type) {
	case *ast.ValueSpec:
		for i, n := range d.Names {
			if n.Obj == obj && i < len(d.Values) {
				return d.Values[i]
			}
		}
	case *ast.AssignStmt:
		for i, l := range d.Lhs {
			if id, ok := l.(*ast.Ident); ok && id.Obj == obj && len(d.Lhs) == len(d.Rhs) {
				return d.Rhs[i]
			}
		}
	}
	return nil
}

// variadicOf is the parameter of ctx an element of which fun is: mws[i],
// or mw ranging over mws.
func (s *summarizer) variadicOf(fun ast.Expr, ctx *fnCtx) (int, bool) {
	switch f := unparen(fun).(type) {
	case *ast.IndexExpr:
		return s.paramOf(f.X, ctx)
	case *ast.Ident:
		if f.Obj == nil {
			return 0, false
		}
		as, ok := f.Obj.Decl.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
			return 0, false
		}
		if v, ok := as.Lhs[1].(*ast.Ident); !ok || v.Obj != f.Obj {
			return 0, false
		}
		if u, ok := as.Rhs[0].(*ast.UnaryExpr); ok && u.Op == token.RANGE {
			return s.paramOf(u.X, ctx)
		}
	}
	return 0, false
}

// helperCallSum is a call of a function of another file that passes a
// path: its arguments as values and as handlers or middleware, and the
// routers it passes, where the call site puts them.
type helperCallSum struct {
	callee  *sym
	args    []valSym
	targets []targetSym
	routers []mountSum
	line    int
}

// templates summarizes the file's templates and helper calls.
func (s *summarizer) templates() {
	var ctxs map[string]*fnCtx
	if len(s.a.tmplRoutes) > 0 {
		ctxs = make(map[string]*fnCtx, len(s.ctxs))
		for _, c := range s.ctxs {
			if c.parent == nil {
				ctxs[c.sum.id] = c
			}
		}
	}
	for _, tr := range s.a.tmplRoutes {
		ctx := ctxs[tr.fn.name]
		t := tr.rec.target
		if ctx == nil || t == nil || t.expr == nil {
			continue
		}
		handler, ok := s.paramOf(t.expr, ctx)
		if !ok {
			continue
		}
		ts := regTemplateSum{
			fn: ctx.sum.id, framework: tr.rec.router.framework, methods: tr.rec.methods,
			prefix: fullPrefix(tr.rec.router), path: valSym{kind: valLiteral, text: tr.rec.path}, pattern: tr.pattern, handler: handler,
			root: s.root(s.a.rootOf(tr.rec.router)), prefixParts: s.routerParts(tr.rec.router),
		}
		if tr.path != nil {
			ts.path = s.valueOf(tr.path, ctx)
		}
		if tr.method != nil {
			ts.method = s.valueOf(tr.method, ctx)
		}
		mws := append(routerMiddleware(tr.rec.router, fullPrefix(tr.rec.router), tr.rec.at), tr.rec.middleware...)
		for _, m := range append(mws, t.middleware...) {
			if m.expr != nil {
				ts.middleware = append(ts.middleware, s.tmplMiddleware(m.expr, m.name, ctx))
			}
		}
		s.sum.templates = append(s.sum.templates, ts)
	}
	// The routers each call passes are among the file's mounts, which
	// handlers summarized in the same order. A call walked again, in a
	// helper of the file walked for each of its calls, is one call.
	var sites map[ast.Expr][]int
	var done map[*ast.CallExpr]bool
	if len(s.a.helperCalls) > 0 {
		sites = map[ast.Expr][]int{}
		for i, m := range s.a.mounts {
			sites[m.fun] = append(sites[m.fun], i)
		}
		done = make(map[*ast.CallExpr]bool, len(s.a.helperCalls))
	}
	for _, call := range s.a.helperCalls {
		callee, _, _ := s.calleeOf(call.Fun)
		if callee == nil || done[call] {
			continue
		}
		done[call] = true
		c := helperCallSum{callee: callee, line: s.a.source.line(call.Pos())}
		for _, arg := range call.Args {
			c.args = append(c.args, s.valueOf(arg, nil))
			var t targetSym
			if arg = s.unconvert(arg); s.mayBeFunc(arg) {
				t = s.targetOf(arg, 0)
			}
			c.targets = append(c.targets, t)
		}
		for _, i := range sites[call] {
			c.routers = append(c.routers, s.sum.mounts[i])
		}
		s.sum.helperCalls = append(s.sum.helperCalls, c)
	}
}

// unconvert is the function a conversion to a framework's function type
// converts (http.HandlerFunc(s.getDoc)), or e.
func (s *summarizer) unconvert(e ast.Expr) ast.Expr {
	call, ok := unparen(e).(*ast.CallExpr)
	if !ok {
		return e
	}
	if sel, ok := unparen(call.Fun).(*ast.SelectorExpr); ok {
		if pkg, ok := unparen(sel.X).(*ast.Ident); ok && pkg.Obj == nil && s.a.isConversion(pkg.Name, sel.Sel.Name, call) {
			return call.Args[0]
		}
	}
	return e
}

// paramOf is the index of the parameter of ctx that e names.
func (s *summarizer) paramOf(e ast.Expr, ctx *fnCtx) (int, bool) {
	id, ok := unparen(e).(*ast.Ident)
	if !ok || id.Obj == nil || s.writes[id.Obj] > 0 {
		return 0, false
	}
	return ctx.paramIndex(id.Obj)
}

// tmplAt is a template with the package and file that declare it.
type tmplAt struct {
	t         *regTemplateSum
	pkg, file string
}

// indexTemplates indexes the files' templates by their helper's Func ID.
func (l *linker) indexTemplates(files []linkFile) {
	l.templates = map[string][]tmplAt{}
	for _, f := range files {
		for i := range f.sum.templates {
			t := &f.sum.templates[i]
			id := f.pkg + "." + t.fn
			l.templates[id] = append(l.templates[id], tmplAt{t: t, pkg: f.pkg, file: f.path})
		}
	}
}

// expandHelperCalls makes the handlers the file's calls of registration
// helpers of other files register.
func (l *linker) expandHelperCalls(f linkFile) []coverage.ProgramHandler {
	var out []coverage.ProgramHandler
	for _, c := range f.sum.helperCalls {
		ids, _ := l.callee(c.callee, f.pkg)
		if len(ids) != 1 {
			continue
		}
		for _, at := range l.templates[ids[0]] {
			out = append(out, l.expand(at, c, f)...)
		}
	}
	return out
}

// expand makes the handlers one call of a helper registers, one per
// method.
func (l *linker) expand(at tmplAt, c helperCallSum, f linkFile) []coverage.ProgramHandler {
	t := at.t
	if t.handler >= len(c.targets) || c.targets[t.handler].line == 0 {
		return nil
	}
	path := l.settle(bindArgs(t.path, c.args, f.pkg), at.pkg, 0)
	if !path.Known() {
		return nil
	}
	route, methods := path.Text, t.methods
	if t.pattern {
		var method string
		method, route = splitPattern(route)
		methods = methodList(method)
	}
	if t.method.kind != valUnknown {
		if m := l.settle(bindArgs(t.method, c.args, f.pkg), at.pkg, 0); m.Known() && m.Text != "" {
			methods = []string{strings.ToUpper(m.Text)}
		}
	}
	route = joinPath(l.settlePrefix(t.prefixParts, t.prefix, at.pkg), route)
	if len(methods) == 0 {
		methods = []string{""}
	}
	var mws []string
	var calls []coverage.Call
	for _, m := range t.middleware {
		if m.param < 0 {
			if mc := l.middleware(m.sym, at.pkg, at.file, []string{"Middleware"}); len(mc) > 0 {
				mws = append(mws, m.name)
				calls = append(calls, mc...)
			}
			continue
		}
		last := m.param
		if m.variadic {
			last = len(c.targets) - 1
		}
		for i := m.param; i <= last && i < len(c.targets); i++ {
			if c.targets[i].line == 0 {
				continue
			}
			if mc := l.middleware(c.targets[i], f.pkg, f.path, []string{"Middleware"}); len(mc) > 0 {
				mws = append(mws, c.args[i].expr)
				calls = append(calls, mc...)
			}
		}
	}
	out := make([]coverage.ProgramHandler, 0, len(methods))
	for _, method := range methods {
		hs := handlerSum{
			handler: coverage.Handler{
				Language: coverage.Go, Framework: t.framework, Method: method, Route: route,
				Function: c.args[t.handler].expr, File: f.path, Line: c.line,
				Operation: coverage.InferOperation(method, route, c.args[t.handler].expr),
			},
			target:   c.targets[t.handler],
			regLines: []int{c.line},
		}
		h := l.handler(hs, f)
		h.Middleware = append(slices.Clone(mws), h.Middleware...)
		for _, call := range calls {
			if call.Callee != h.Func {
				h.MiddlewareFuncs = append(h.MiddlewareFuncs, call.Callee)
				h.MiddlewareCalls = append(h.MiddlewareCalls, call)
			}
		}
		if site, ok := routerAt(c, t.root); ok {
			out = append(out, l.placeAt(h, site, f)...)
			continue
		}
		out = append(out, l.placeHandler(h, t.root, at.pkg, at.file)...)
	}
	return out
}

// routerAt is the router a call passes as the helper's router parameter
// root, where the call site puts it; or, for the router the helper
// returns, where the call site mounts it (see mountfactories.go).
func routerAt(c helperCallSum, root *rootSum) (mountSum, bool) {
	if root == nil || root.field != "" {
		return mountSum{}, false
	}
	for _, m := range c.routers {
		if m.arg == root.arg {
			return m, true
		}
	}
	return mountSum{}, false
}

// placeAt places a handler a helper registers on the router a call
// passes it: below the router's prefix and behind its middleware, once
// per place other files mount the caller's router.
func (l *linker) placeAt(h coverage.ProgramHandler, site mountSum, f linkFile) []coverage.ProgramHandler {
	own := placement{prefix: l.settlePrefix(site.parts, site.prefix, f.pkg), names: site.names}
	for _, mw := range site.middleware {
		own.calls = append(own.calls, l.middleware(mw, f.pkg, f.path, []string{"Middleware"})...)
	}
	var parents []placement
	switch r := site.root; {
	case r == nil:
	case r.field != "":
		parents, own.names, own.calls = l.fieldPlacements(f.pkg, r.field, f.path, own.names, own.calls)
	default:
		parents = l.placements[rootKey{f.pkg + "." + r.local, r.arg}]
	}
	ps := []placement{own}
	if len(parents) > 0 {
		ps = ps[:0]
		for _, p := range parents {
			ps = append(ps, placement{
				prefix: joinPath(p.prefix, own.prefix),
				names:  append(slices.Clone(p.names), own.names...),
				calls:  append(slices.Clone(p.calls), own.calls...),
			})
		}
	}
	return placedAll(h, ps)
}

// bindArgs puts a call's arguments, written in package pkg, in place of
// the parameters v is made of.
func bindArgs(v valSym, args []valSym, pkg string) valSym {
	switch v.kind {
	case valParam:
		if v.param < len(args) {
			return qualify(args[v.param], pkg)
		}
		return valSym{}
	case valConcat:
		parts := make([]valSym, len(v.ref.parts))
		for i, p := range v.ref.parts {
			parts[i] = bindArgs(p, args, pkg)
		}
		return valSym{kind: valConcat, ref: &valRef{parts: parts}}
	}
	return v
}

// qualify names the package of the file-local constants v refers to.
func qualify(v valSym, pkg string) valSym {
	if v.ref == nil {
		return v
	}
	ref := *v.ref
	if ref.pkg == "" && (v.kind == valConst || v.kind == valConvert) {
		ref.pkg = pkg
	}
	ref.parts = slices.Clone(ref.parts)
	for i, p := range ref.parts {
		ref.parts[i] = qualify(p, pkg)
	}
	v.ref = &ref
	return v
}
