package golang

import (
	"go/ast"
	"slices"
)

// Routers a function of another file builds around the handlers it is
// given, mounted where it is called:
//
//	r.Mount("/docs", docs.Routes(show, del))
//
//	func Routes(show, del http.HandlerFunc) chi.Router {
//		r := chi.NewRouter()
//		r.Get("/{id}", show)
//		return r
//	}
//
// The file cannot tell that call from a wrapper of another file given a
// handler (r.Mount("/docs", docs.Guard(show))), and reads it as one. So
// it keeps the call both as a router mounted at the prefix and as a call
// of a registration helper, and the link, which knows the callee, undoes
// the wrapper reading when the callee returns a router: the routes the
// callee's templates make for this call are placed at this mount, and
// the mount routes no handler of its own. A call of a function of the
// file is walked with its arguments instead (see inline).

// noteMountedFactory keeps a Mount's call of a function of another file
// as a registration helper's: the call itself, which attach keeps as a
// router mounted at the prefix (sharing.Drafts(h.DraftDocument), given
// a method the file cannot tell for a handler), or the call the handler
// was peeled out of as a wrapper, its innermost, which it keeps so here.
func (a *analyzer) noteMountedFactory(rec *route, t target, prefix string, linked []deferredPart, sc *scope) {
	if t.router != nil || t.service != nil {
		return
	}
	if call, ok := t.expr.(*ast.CallExpr); ok && t.name != "" {
		a.helperCalls = append(a.helperCalls, call)
		return
	}
	n := len(t.middleware)
	if n == 0 {
		return
	}
	call, ok := t.middleware[n-1].expr.(*ast.CallExpr)
	if !ok || a.callee(call, sc) != nil {
		return
	}
	switch fun := unparen(call.Fun).(type) {
	case *ast.Ident:
	case *ast.SelectorExpr:
		if pkg, isPkg := a.packageOf(fun, sc); isPkg && (a.imports.framework(pkg) != "" || a.imports.isStdlib(pkg)) {
			return
		}
	default:
		return // a factory's result applied: authz.Require(c, perm)(h)
	}
	a.mounts = append(a.mounts, mountSite{
		router:     rec.router,
		prefix:     prefix,
		linked:     linked,
		middleware: append(slices.Clone(rec.middleware), t.middleware[:n-1]...),
		fun:        call,
		arg:        -1,
		at:         rec.at,
	})
	a.helperCalls = append(a.helperCalls, call)
}

// noteUsedFactory keeps fiber's app.Use("/admin", admin.New()), a call
// of another package's function, as a mount of the router it may return,
// as well as the middleware use reads it as: the link places that
// router's routes below the prefix, or, when the callee returns no
// router, keeps the middleware (see linker.middleware).
func (a *analyzer) noteUsedFactory(r *router, arg ast.Expr, prefix string, linked []deferredPart, sc *scope) {
	if r.framework != fwFiber {
		return
	}
	call, ok := unparen(a.argExpr(arg, sc)).(*ast.CallExpr)
	if !ok || a.callee(call, sc) != nil {
		return
	}
	fun, ok := unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	if pkg, isPkg := a.packageOf(fun, sc); !isPkg || a.imports.framework(pkg) != "" || a.imports.isStdlib(pkg) {
		return
	}
	a.mounts = append(a.mounts, mountSite{router: r, prefix: prefix, linked: linked, fun: call, arg: -1, at: a.now()})
	a.helperCalls = append(a.helperCalls, call)
}

// mountedFactory reports whether the handler hs was peeled out of a call
// of a function that returns a router (see noteMountedFactory): the
// routes that router makes stand for it.
func (l *linker) mountedFactory(hs *handlerSum, pkg string) bool {
	n := len(hs.middleware)
	if n == 0 || hs.wrappers == 0 {
		return false
	}
	m := hs.middleware[n-1]
	if !m.called || m.callee == nil {
		return false
	}
	ids, _ := l.callee(m.callee, pkg)
	return len(ids) == 1 && l.roots[rootKey{ids[0], -1}]
}
