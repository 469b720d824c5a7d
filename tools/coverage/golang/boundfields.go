package golang

import (
	"go/ast"
	"go/token"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// Handler types that keep the function they serve in a field:
//
//	type Endpoint[Req any] struct{ fn func(context.Context, Req) error }
//	func (e *Endpoint[Req]) ServeHTTP(w http.ResponseWriter, r *http.Request) { ... e.fn(r.Context(), req) ... }
//	mux.Handle("GET /docs/{id}", &Endpoint[GetReq]{fn: s.get})
//
// ServeHTTP calls e.fn, which only the registration's composite literal
// names. Each registration binds its own functions, so they are bound on
// the handler rather than in ServeHTTP's Func: the handler is the first
// function the literal sets, and ServeHTTP runs around it as its
// innermost wrapper, with any other function the literal sets.

// boundFuncs are the functions a handler's composite literal sets its
// fields to, in the literal's order.
func (s *summarizer) boundFuncs(e ast.Expr) []targetSym {
	lit := s.compositeOf(e, 0)
	if lit == nil {
		return nil
	}
	var out []targetSym
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		switch v := unparen(kv.Value).(type) {
		case *ast.SelectorExpr, *ast.FuncLit:
			out = append(out, s.targetOf(v, 0))
		case *ast.Ident:
			if v.Obj != nil && v.Obj.Kind == ast.Fun {
				out = append(out, s.targetOf(v, 0))
			}
		}
	}
	return out
}

// compositeOf is the composite literal e is (&T{...}, or a local set
// once to one).
func (s *summarizer) compositeOf(e ast.Expr, depth int) *ast.CompositeLit {
	e = unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = unparen(u.X)
	}
	switch x := e.(type) {
	case *ast.CompositeLit:
		return x
	case *ast.Ident:
		if s.local(x.Obj) && depth < maxValueDepth {
			if init := s.singleValue(x.Obj); init != nil {
				return s.compositeOf(init, depth+1)
			}
		}
	}
	return nil
}

// bindFields makes the first function the handler's literal binds its
// handler, behind the handler type's method and the other functions
// bound: a check in any of them is on the request's path.
func (l *linker) bindFields(h *coverage.ProgramHandler, hs handlerSum, f linkFile) {
	if len(hs.bound) == 0 || h.Func == "" {
		return
	}
	var funcs []string
	for _, b := range hs.bound {
		// Fields set to values (a store, a logger's method value of a
		// dependency) resolve to no Func of the module.
		if id := l.handlerFunc(b, f.pkg); l.funcs[id].sum != nil {
			funcs = append(funcs, id)
		}
	}
	if len(funcs) == 0 {
		return
	}
	fn, loc := funcs[0], l.funcs[funcs[0]]
	for _, id := range append([]string{h.Func}, funcs[1:]...) {
		h.MiddlewareFuncs = append(h.MiddlewareFuncs, id)
		h.MiddlewareCalls = append(h.MiddlewareCalls, coverage.Call{Callee: id, Args: []coverage.Value{}, Line: hs.handler.Line, File: f.path})
	}
	h.Func = fn
	h.Function, h.File, h.Line = loc.sum.id, loc.file, loc.sum.line
	h.Operation = coverage.InferOperation(h.Method, h.Route, h.Function)
}
