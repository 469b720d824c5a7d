package golang

import (
	"go/ast"
	"go/token"
)

// Handlers registered through a local that wraps another:
//
//	h := docs.Handler()
//	h2 := requireDoc(h)        // or h = requireDoc(h)
//	mux.Handle("GET /docs", h2)
//
// The local's value says little when the handler is another package's
// (a call's result the file cannot evaluate), so the registration reads
// the local's assignments instead: the middleware each wraps around it,
// down to what it started as.

// peelVar follows a local of the registering function to the expression
// it is made from, adding to t the middleware its assignments wrap
// around it. It returns nil, leaving t alone, unless the local is
// declared once from a wrapper or a conversion, or only ever reassigned
// to a wrapper of itself. done is set when the start is a call that is
// no wrapper, which t then names without evaluating it again.
func (a *analyzer) peelVar(id *ast.Ident, t *target, sc *scope) (inner ast.Expr, done bool) {
	obj := id.Obj
	fn := sc.function()
	if obj == nil || obj.Kind != ast.Var || fn == nil || fn.body == nil {
		return nil, false
	}
	if decl, ok := obj.Decl.(ast.Node); !ok || decl.Pos() < fn.body.Pos() || decl.End() > fn.body.End() {
		return nil, false // a parameter, or a package-level variable
	}
	init := declInit(obj)
	if init == nil {
		return nil, false
	}
	layers, ok := reassignments(obj, fn.body, id.Pos())
	if !ok {
		return nil, false
	}
	probe := target{strip: t.strip}
	for i := len(layers) - 1; i >= 0; i-- {
		x, isIdent := unparen(a.peelWrapper(layers[i], &probe, sc, fn.body, obj)).(*ast.Ident)
		if !isIdent || x.Obj != obj {
			return nil, false
		}
	}
	if call, isCall := unparen(init).(*ast.CallExpr); isCall {
		if in := a.peelStart(call, &probe, sc, fn.body); in != nil {
			init = in
		} else if len(layers) == 0 {
			return nil, false
		} else {
			probe.expr, probe.name, done = call, exprString(call.Fun), true
		}
	} else if len(layers) == 0 {
		return nil, false
	}
	t.middleware = append(t.middleware, probe.middleware...)
	t.strip = probe.strip
	if done {
		t.expr, t.name = probe.expr, probe.name
	}
	return init, done
}

// peelStart peels the call a local starts as, unless it is a call of
// the standard library that makes a handler (http.FileServer(dir)).
func (a *analyzer) peelStart(call *ast.CallExpr, t *target, sc *scope, body *ast.BlockStmt) ast.Expr {
	if sel, ok := unparen(call.Fun).(*ast.SelectorExpr); ok {
		pkg, isPkg := a.packageOf(sel, sc)
		switch {
		case !isPkg || !a.imports.isStdlib(pkg) || a.isConversion(pkg, sel.Sel.Name, call):
		case len(call.Args) == 1 && a.isHandlerType(sel):
			return call.Args[0] // http.Handler(h)
		default:
			return nil
		}
	}
	return a.peelWrapper(call, t, sc, body, nil)
}

// peelWrapper peels a wrapper, or a call of another package given
// nothing but a handler local of the function, which it wraps
// (guarded := guard.ViewProject(weekly), weekly an http.Handler), or
// the handler local self being followed (h = mws[i](h)). A call of the
// file is a wrapper only by its signature, as peel reads it:
// newDocs(store) makes a handler of a store.
func (a *analyzer) peelWrapper(call *ast.CallExpr, t *target, sc *scope, body *ast.BlockStmt, self *ast.Object) ast.Expr {
	if inner := a.peel(call, t, sc); inner != nil {
		return inner
	}
	if len(call.Args) != 1 || a.callee(call, sc) != nil {
		return nil
	}
	id, ok := unparen(call.Args[0]).(*ast.Ident)
	if !ok || id.Obj == nil || id.Obj.Kind != ast.Var {
		return nil
	}
	if decl, ok := id.Obj.Decl.(ast.Node); !ok || decl.Pos() < body.Pos() || decl.End() > body.End() {
		return nil
	}
	if v := a.eval(id, sc); id.Obj != self && !v.handler && v.fn == nil && v.lit == nil && v.router == nil && !a.declaredHandler(id.Obj) {
		return nil // a store, a client: what the call makes a handler of
	}
	if m := a.wrapperRef(call, sc); m.name != "" {
		t.middleware = append(t.middleware, m)
	}
	return id
}

// declaredHandler reports whether a local is declared with a handler
// type (var weekly http.Handler = reports.NewWeekly(store)).
func (a *analyzer) declaredHandler(obj *ast.Object) bool {
	vs, ok := obj.Decl.(*ast.ValueSpec)
	return ok && vs.Type != nil && a.isHandlerType(vs.Type)
}

// reassignments are the calls a local is reassigned to (x = f(x)) before
// pos, in source order; ok is false when it is assigned anything else.
func reassignments(obj *ast.Object, body *ast.BlockStmt, pos token.Pos) (calls []*ast.CallExpr, ok bool) {
	ok = true
	ast.Inspect(body, func(n ast.Node) bool {
		as, isAssign := n.(*ast.AssignStmt)
		if !ok || !isAssign || as.Tok == token.DEFINE || as.Pos() >= pos {
			return ok
		}
		for i, lhs := range as.Lhs {
			if l, isIdent := unparen(lhs).(*ast.Ident); !isIdent || l.Obj != obj {
				continue
			}
			call, isCall := ast.Expr(nil), false
			if len(as.Lhs) == len(as.Rhs) {
				call = unparen(as.Rhs[i])
				_, isCall = call.(*ast.CallExpr)
			}
			if !isCall || as.Tok != token.ASSIGN {
				ok = false
				return false
			}
			calls = append(calls, call.(*ast.CallExpr))
		}
		return true
	})
	return calls, ok
}
