package golang

import (
	"go/ast"
	"go/token"
	"strings"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// Handler factories declared to return an interface:
//
//	func Handler() http.Handler { return &Server{store: store} }
//
// A registration of docs.Handler() serves Server's ServeHTTP, not the
// factory, which only builds it. The declared result says nothing of
// that, so the factory's returns do: when each gives a composite literal
// (&T{...}, T{...}), new(T) or a local declared with one, the handler is
// T's ServeHTTP. A local's static type is its initializer's, so that is
// no guess; any other return (a call, a parameter) leaves the factory
// as the handler.

// The same holds for a service constructor declared to return the
// generated interface (func NewPermissionsServer()
// v1.PermissionsServiceServer { return &permissionServer{} }): its
// registration serves the methods of the type it builds.

// concreteResult is the type expression every return of fn gives its
// first result, when fn is declared to return a handler or service
// interface; nil otherwise.
func (a *analyzer) concreteResult(fn *function) ast.Expr {
	if fn == nil || fn.body == nil || fn.typ == nil {
		return nil
	}
	results := fieldTypes(fn.typ.Results)
	if len(results) == 0 || !a.isHandlerType(results[0]) && !serviceInterface(results[0]) {
		return nil
	}
	if _, isFunc := results[0].(*ast.FuncType); isFunc {
		return nil
	}
	var typ ast.Expr
	agree := true
	ast.Inspect(fn.body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false // its returns are its own
		case *ast.ReturnStmt:
			if !agree || len(x.Results) == 0 {
				agree = false
				return false
			}
			t := builtType(x.Results[0], 0)
			if t == nil || (typ != nil && typeName(t) != typeName(typ)) {
				agree = false
				return false
			}
			typ = t
		}
		return agree
	})
	if !agree {
		return nil
	}
	return typ
}

// serviceInterface reports whether t names what protoc-gen-go-grpc or
// protoc-gen-connect-go declares a service as: <Service>Server or
// <Service>Handler, of another package.
func serviceInterface(t ast.Expr) bool {
	sel, ok := t.(*ast.SelectorExpr)
	return ok && (strings.HasSuffix(sel.Sel.Name, "Server") || strings.HasSuffix(sel.Sel.Name, "Handler"))
}

// builtType is the type of a composite literal, new(T) or the address of
// one, followed through a local declared with one.
func builtType(e ast.Expr, depth int) ast.Expr {
	switch x := unparen(e).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return builtType(x.X, depth)
		}
	case *ast.CompositeLit:
		return x.Type
	case *ast.CallExpr:
		if id, ok := unparen(x.Fun).(*ast.Ident); ok && id.Name == "new" && id.Obj == nil && len(x.Args) == 1 {
			return x.Args[0]
		}
	case *ast.Ident:
		if x.Obj != nil && x.Obj.Kind == ast.Var && depth < maxValueDepth {
			if init := declInit(x.Obj); init != nil {
				return builtType(init, depth+1)
			}
		}
	}
	return nil
}

// servedByConcrete resolves a handler made by a factory of the file to
// the ServeHTTP of the concrete type it returns, when that is a type of
// this package.
func (a *analyzer) servedByConcrete(fn *function, t *target) bool {
	typ := a.concreteResult(fn)
	if typ == nil {
		return false
	}
	return a.servedBy(value{typ: typeName(typ)}, t)
}

// concreteSym is fn's concrete result type in symbolic form, for
// factories of other files.
func (s *summarizer) concreteSym(fn *function) *sym {
	if typ := s.a.concreteResult(fn); typ != nil {
		return s.typeSym(typ)
	}
	return nil
}

// concreteResult is the concrete type of the first result of calling
// callee, a factory declared to return a handler interface (see
// concreteSym).
func (l *linker) concreteResult(callee *sym, pkg string) rtype {
	ids, _ := l.callee(callee, pkg)
	if len(ids) != 1 {
		return rtype{}
	}
	return l.concreteOf(ids[0])
}

// concreteOf is the concrete result type of the function id.
func (l *linker) concreteOf(id string) rtype {
	loc, ok := l.funcs[id]
	if !ok || loc.sum.concrete == nil {
		return rtype{}
	}
	return l.typeOf(loc.sum.concrete, strings.TrimSuffix(id, "."+loc.sum.id), 0)
}

// unpeelFactory undoes the file's reading of a factory given a
// dependency last (reports.Calendar(client, s.projects)) as a wrapper
// around a handler, which the file cannot tell from a method value
// (authz.RequireTask(client, perm, s.CompleteTask)) when the type is
// declared in another file: when what it took for the handler is a field
// that holds no handler, or the result of a function of the file that is
// no handler (a config: wt.NewHandler(pingConfig(cfg))), the call is the
// handler. (A function of another package is left alone: which types
// its result may have, a rescan does not track.)
func (l *linker) unpeelFactory(hs *handlerSum, f linkFile) {
	pkg := f.pkg
	t := hs.target
	n := len(hs.middleware)
	if n == 0 || !hs.middleware[n-1].called {
		return
	}
	if t.local != "" {
		// A function of the file, called for its result (a handler
		// returns none, or an error).
		if loc, ok := l.funcs[pkg+"."+t.local]; ok && len(loc.sum.results) > 0 && !isError(loc.sum.results[0]) &&
			l.noHandler(l.typeOf(loc.sum.results[0], pkg, 0)) {
			l.unpeel(hs)
		}
		return
	}
	if t.called || t.callee == nil {
		return
	}
	if l.constSym(t, f) {
		// A constant given last (s3a.cb.Limit(s3a.PutObjectHandler,
		// ACTION_WRITE), the constant dot-imported) is no handler: the
		// wrapper's last other argument that may be a function is, or,
		// with none, the call.
		mw := hs.middleware[n-1]
		for i := len(mw.funcs) - 1; i >= 0; i-- {
			if c := mw.funcs[i]; (c.callee != nil || c.local != "") && !l.constSym(c, f) {
				hs.target = c
				return
			}
		}
		l.unpeel(hs)
		return
	}
	if t.callee.op != symMethod {
		return
	}
	recv := l.typeOf(t.callee.base, pkg, 0)
	if recv.kind != rModule || recv.elems > 0 {
		return
	}
	field, fpkg := l.field(recv.typeKey, t.callee.name, 0)
	if field == nil {
		return
	}
	if l.noHandler(l.typeOf(field, fpkg, 0)) {
		l.unpeel(hs)
	}
}

// noHandler reports whether a value of type t is surely no handler: a
// struct of the module without ServeHTTP, or a type of a package that is
// no web framework. An unknown type may be one.
func (l *linker) noHandler(t rtype) bool {
	switch {
	case t.kind == rModule && t.elems == 0:
		ts := l.typeDecl(t.typeKey)
		return ts != nil && ts.kind == kindStruct && l.method(t, "ServeHTTP") == ""
	case t.kind == rExternal:
		return t.pkg != "" && frameworkOf(t.pkg) == ""
	}
	return false
}

// constSym reports whether a target of the file f names a constant.
func (l *linker) constSym(t targetSym, f linkFile) bool {
	c := t.callee
	return !t.called && t.local == "" && c != nil && c.op == symFunc && c.base == nil && l.isConst(c.name, pkgOr(c.pkg, f.pkg), f.sum.imports)
}

// isConst reports whether name, unqualified in a file of package pkg,
// is a constant: of pkg, or, when pkg declares no such name, of a
// package the file imports, as a dot import (. ".../s3_constants")
// makes its names the file's.
func (l *linker) isConst(name, pkg string, imports []string) bool {
	if pi := l.pkgs[pkg]; pi != nil {
		if pi.funcs[name] != nil || pi.vars[name] != nil || pi.types[name] != nil {
			return false
		}
		if _, ok := pi.consts[name]; ok {
			return true
		}
	}
	for _, p := range imports {
		if pi := l.pkgs[p]; pi != nil && pi.funcs[name] == nil {
			if _, ok := pi.consts[name]; ok {
				return true
			}
		}
	}
	return false
}

// isError reports whether s is the predeclared error type.
func isError(s *sym) bool {
	return s != nil && s.op == symNamed && s.pkg == "" && s.name == "error" && s.base == nil
}

// unpeel makes the last middleware of a handler, a call, its target.
func (l *linker) unpeel(hs *handlerSum) {
	n := len(hs.middleware)
	hs.target = hs.middleware[n-1]
	hs.middleware = hs.middleware[:n-1]
	if names := hs.handler.Middleware; len(names) > 0 {
		hs.handler.Middleware = names[:len(names)-1]
	}
}

// concreteMiddleware adds the ServeHTTP of the type a wrapper called as
// middleware returns (docs.Wrap(h), returning &guarded{next: h}): it
// runs on each request.
func (l *linker) concreteMiddleware(t targetSym, id string, add func(string, []coverage.Value)) {
	if !t.called {
		return
	}
	if m := l.method(l.concreteOf(id), "ServeHTTP"); m != "" {
		add(m, []coverage.Value{})
	}
}
