package golang

import (
	"go/ast"
	"slices"
)

// Middleware passed as a spread slice:
//
//	mws := []func(http.Handler) http.Handler{authz.RequireUser, audit}
//	r.Use(mws...)
//	r.With(mws...).Get("/docs", h.list)
//	e.GET("/docs", h.list, mws...)
//
// The slice is read from the literal it is declared with, a local of the
// function or a package-level variable of the file, when nothing assigns
// it again; its elements are then the arguments. Any other slice stays
// one argument, which names no middleware the link can resolve.

// spreadArgs are a call's arguments with a spread slice literal's
// elements in place of the slice.
func (a *analyzer) spreadArgs(call *ast.CallExpr, sc *scope) []ast.Expr {
	n := len(call.Args)
	if !call.Ellipsis.IsValid() || n == 0 {
		return call.Args
	}
	elems, ok := a.sliceElems(call.Args[n-1], sc)
	if !ok {
		return call.Args
	}
	return append(slices.Clip(call.Args[:n-1]), elems...)
}

// sliceElems are the elements of the slice literal e is, or names.
func (a *analyzer) sliceElems(e ast.Expr, sc *scope) ([]ast.Expr, bool) {
	switch x := unparen(e).(type) {
	case *ast.CompositeLit:
		if _, isSlice := x.Type.(*ast.ArrayType); isSlice {
			return x.Elts, true
		}
	case *ast.Ident:
		obj := x.Obj
		if obj == nil || obj.Kind != ast.Var || a.reassigned(obj, sc) {
			return nil, false
		}
		if init := declInit(obj); init != nil {
			if lit, ok := unparen(init).(*ast.CompositeLit); ok {
				return a.sliceElems(lit, sc)
			}
		}
	}
	return nil, false
}

// reassigned reports whether a variable is assigned after its
// declaration: in the function being walked, for a local, or in any
// function of the file, for a package-level variable.
func (a *analyzer) reassigned(obj *ast.Object, sc *scope) bool {
	bodies := make([]*ast.BlockStmt, 0, 1)
	if fn := sc.registrar(); fn != nil && fn.body != nil && declaredIn(obj, fn.body) {
		bodies = append(bodies, fn.body)
	} else {
		for _, fn := range a.index.ordered {
			if fn.body != nil {
				bodies = append(bodies, fn.body)
			}
		}
	}
	for _, body := range bodies {
		if calls, ok := reassignments(obj, body, body.End()); !ok || len(calls) > 0 {
			return true
		}
	}
	return false
}

// declaredIn reports whether obj is declared inside body.
func declaredIn(obj *ast.Object, body *ast.BlockStmt) bool {
	decl, ok := obj.Decl.(ast.Node)
	return ok && decl.Pos() >= body.Pos() && decl.End() <= body.End()
}
