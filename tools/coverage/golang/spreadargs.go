package golang

import (
	"go/ast"
	"go/token"
	"slices"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
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
// one argument, which names middleware only when it is a package-level
// variable of another file (see sliceVars).

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

// A package-level slice variable of another file of the package names
// no literal the file can read: the file names the variable as one
// middleware, and the link puts the functions its declaration lists in
// its place.

// sliceVars records the package-level variables of the file declared
// with a slice literal of functions that no function of the file
// assigns again.
func (s *summarizer) sliceVars() {
	for _, d := range s.a.source.decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if i >= len(vs.Values) || s.writes[name.Obj] > 0 {
					continue
				}
				lit, ok := unparen(vs.Values[i]).(*ast.CompositeLit)
				if !ok {
					continue
				}
				if _, isSlice := lit.Type.(*ast.ArrayType); !isSlice || !slices.ContainsFunc(lit.Elts, s.mayBeFunc) {
					continue
				}
				elems := make([]targetSym, 0, len(lit.Elts))
				for _, e := range lit.Elts {
					elems = append(elems, s.targetOf(e, 0))
				}
				if s.sum.slices == nil {
					s.sum.slices = map[string][]targetSym{}
				}
				s.sum.slices[name.Name] = elems
			}
		}
	}
}

// sliceAt is a slice variable's functions, with the package and file
// that declare it.
type sliceAt struct {
	elems     []targetSym
	pkg, file string
}

// indexSlices indexes the files' slice variables by package-qualified
// name.
func (l *linker) indexSlices(files []linkFile) {
	l.slices = map[string]sliceAt{}
	for _, f := range files {
		for name, elems := range f.sum.slices {
			l.slices[f.pkg+"."+name] = sliceAt{elems: elems, pkg: f.pkg, file: f.path}
		}
	}
}

// spreadMiddleware is the middleware a slice variable of the package
// lists, when t names one.
func (l *linker) spreadMiddleware(t targetSym, pkg string, methods []string) []coverage.Call {
	if t.called || t.typ == nil || t.typ.op != symVar {
		return nil
	}
	at, ok := l.slices[pkgOr(t.typ.pkg, pkg)+"."+t.typ.name]
	if !ok {
		return nil
	}
	var out []coverage.Call
	for _, e := range at.elems {
		out = append(out, l.middleware(e, at.pkg, at.file, methods)...)
	}
	return out
}
