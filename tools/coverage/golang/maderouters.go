package golang

import (
	"go/ast"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// A router made by a function of another package, with middleware
// installed (r := platform.NewRouter(), which Uses the standard stack),
// runs that middleware in front of the routes the caller adds to it. The
// function's file lists the middleware of the routers its functions
// return (fileSummary.madeRouters); the caller's handlers name the
// function (handlerSum.madeBy), and the link puts the one in front of
// the other.

// madeRouterMiddleware lists, by function, the middleware of the router
// a function of the file returns, when it has some: what the function
// installs on it and on the routers it is made below.
func (s *summarizer) madeRouterMiddleware() {
	for _, fn := range s.a.index.ordered {
		if fn.result == nil || fn.lit != nil {
			continue
		}
		var made madeSum
		for _, m := range routerMiddleware(fn.result, "", point{}) {
			if m.expr != nil {
				made.mws = append(made.mws, s.targetOf(m.expr, 0))
				made.names = append(made.names, m.name)
			}
		}
		if len(made.mws) > 0 {
			if s.sum.madeRouters == nil {
				s.sum.madeRouters = map[string]madeSum{}
			}
			s.sum.madeRouters[fn.name] = made
		}
	}
}

// madeSum is the middleware of a router a function returns, and its
// names as written.
type madeSum struct {
	mws   []targetSym
	names []string
}

// madeBy is the function of another package that made the router a
// route's router tree starts at, as written (platform.NewRouter()).
func madeBy(r *router) *ast.CallExpr {
	return r.chain()[0].made
}

// madeAt is a made router's middleware, with the file that installs it.
type madeAt struct {
	madeSum
	pkg, file string
}

// indexMadeRouters indexes the middleware of the routers functions
// return, by Func ID.
func (l *linker) indexMadeRouters(files []linkFile) {
	l.madeRouters = map[string]madeAt{}
	for _, f := range files {
		for fn, made := range f.sum.madeRouters {
			l.madeRouters[f.pkg+"."+fn] = madeAt{madeSum: made, pkg: f.pkg, file: f.path}
		}
	}
}

// madeMiddleware puts the middleware of the router a function of another
// package made in front of a handler whose routes start at it.
func (l *linker) madeMiddleware(h *coverage.ProgramHandler, hs handlerSum, f linkFile) {
	if hs.madeBy == nil {
		return
	}
	ids, _ := l.callee(hs.madeBy, f.pkg)
	if len(ids) != 1 {
		return
	}
	at, ok := l.madeRouters[ids[0]]
	if !ok {
		return
	}
	var names []string
	var calls []coverage.Call
	for i, mw := range at.mws {
		cs := l.middleware(mw, at.pkg, at.file, hs.methods)
		if len(cs) > 0 {
			names = append(names, at.names[i])
		}
		calls = append(calls, cs...)
	}
	h.Middleware = append(names, h.Middleware...)
	h.MiddlewareCalls = append(calls, h.MiddlewareCalls...)
	funcs := make([]string, len(calls))
	for i, c := range calls {
		funcs[i] = c.Callee
	}
	h.MiddlewareFuncs = append(funcs, h.MiddlewareFuncs...)
}
