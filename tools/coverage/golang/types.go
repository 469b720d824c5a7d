package golang

import "go/ast"

// typeRef is a named type as written: pkg is the import name ("" for a
// type of this package), ptr whether it is behind a pointer. Type
// arguments are dropped: connect.Request[T] is connect.Request.
type typeRef struct {
	pkg, name string
	ptr       bool
}

// refOf reads a type expression; the zero typeRef means it names no type
// (a func, map or slice type, or a broken expression).
func refOf(e ast.Expr) typeRef {
	var ref typeRef
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			ref.ptr = true
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			ref.name = x.Name
			return ref
		case *ast.SelectorExpr:
			if pkg, ok := x.X.(*ast.Ident); ok {
				ref.pkg, ref.name = pkg.Name, x.Sel.Name
				return ref
			}
			return typeRef{}
		default:
			return typeRef{}
		}
	}
}

// String is how the frontend keys a type: "Handler" for one of this
// package, "docs.Handler" for an imported one.
func (t typeRef) String() string {
	if t.pkg == "" {
		return t.name
	}
	return t.pkg + "." + t.name
}

// local reports whether the type is declared in this package.
func (t typeRef) local() bool { return t.name != "" && t.pkg == "" }

// typeName is refOf(e).String(): the key of the type e names, or "".
func typeName(e ast.Expr) string { return refOf(e).String() }

// fieldTypes lists the type of each parameter or result, one per name.
func fieldTypes(fl *ast.FieldList) []ast.Expr {
	if fl == nil {
		return nil
	}
	var types []ast.Expr
	if n := fl.NumFields(); n > 0 {
		types = make([]ast.Expr, 0, n)
	}
	for _, f := range fl.List {
		for range max(1, len(f.Names)) {
			types = append(types, f.Type)
		}
	}
	return types
}

// fieldNames lists the name of each parameter, "" where it has none.
func fieldNames(fl *ast.FieldList) []string {
	if fl == nil {
		return nil
	}
	var names []string
	if n := fl.NumFields(); n > 0 {
		names = make([]string, 0, n)
	}
	for _, f := range fl.List {
		if len(f.Names) == 0 {
			names = append(names, "")
		}
		for _, n := range f.Names {
			names = append(names, n.Name)
		}
	}
	return names
}

// exprString writes a name-like expression as in the source: `h.getDoc`,
// `authz.RequireUser`, `s.deps[0].mw`. Calls keep only their callee
// (`authz.Require("doc")` gives `authz.Require`). Other expressions give "".
func exprString(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		if base := exprString(x.X); base != "" {
			return base + "." + x.Sel.Name
		}
	case *ast.StarExpr:
		return exprString(x.X)
	case *ast.ParenExpr:
		return exprString(x.X)
	case *ast.UnaryExpr:
		return exprString(x.X)
	case *ast.IndexExpr:
		return exprString(x.X)
	case *ast.IndexListExpr:
		return exprString(x.X)
	case *ast.CallExpr:
		return exprString(x.Fun)
	case *ast.CompositeLit:
		// A method value of a value made in place: (&api.Server{}).Get.
		return exprString(x.Type)
	}
	return ""
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// The signature checks below resolve package names through the file's
// imports, so an aliased import (nethttp "net/http") is recognized and a
// local type that happens to be called Request is not.

// is reports whether type expression e is pkg.name of the given framework
// or import path (ptr: behind a pointer).
func (a *analyzer) is(e ast.Expr, pkg string, ptr bool, names ...string) bool {
	ref := refOf(e)
	if ref.pkg == "" || ref.ptr != ptr {
		return false
	}
	path := a.imports[ref.pkg]
	if path != pkg && frameworkOf(path) != pkg {
		return false
	}
	for _, n := range names {
		if ref.name == n {
			return true
		}
	}
	return false
}

func (a *analyzer) isContext(e ast.Expr) bool { return a.is(e, "context", false, "Context") }

func (a *analyzer) isError(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "error"
}

// handlerFramework is the framework whose handler signature ft has, or "".
func (a *analyzer) handlerFramework(ft *ast.FuncType) string {
	// Every function of a file is asked: the shapes no handler has are
	// told before the types are listed.
	if ft == nil || ft.Params.NumFields() > 2 || ft.Results.NumFields() > 1 {
		return ""
	}
	params, results := fieldTypes(ft.Params), fieldTypes(ft.Results)
	switch {
	case len(params) == 2 && len(results) == 0 &&
		a.is(params[0], fwNetHTTP, false, "ResponseWriter") && a.is(params[1], fwNetHTTP, true, "Request"):
		return fwNetHTTP
	case len(params) == 1 && len(results) == 0 && a.is(params[0], fwGin, true, "Context"):
		return fwGin
	case len(params) == 1 && len(results) == 1 && a.isError(results[0]):
		switch {
		case a.is(params[0], fwEcho, false, "Context"):
			return fwEcho
		case a.is(params[0], fwFiber, true, "Ctx"), a.is(params[0], fwFiber, false, "Ctx"):
			return fwFiber
		}
	}
	return ""
}

// isHandlerType reports whether e is the type of a handler value:
// http.Handler, http.HandlerFunc, gin.HandlerFunc, echo.HandlerFunc,
// fiber.Handler, or a func type with a handler signature.
func (a *analyzer) isHandlerType(e ast.Expr) bool {
	if ft, ok := e.(*ast.FuncType); ok {
		return a.handlerFramework(ft) != ""
	}
	return a.is(e, fwNetHTTP, false, "Handler", "HandlerFunc") ||
		a.is(e, fwGin, false, "HandlerFunc") ||
		a.is(e, fwEcho, false, "HandlerFunc") ||
		a.is(e, fwFiber, false, "Handler")
}

// routerFramework is the framework whose router type e is, or "".
func (a *analyzer) routerFramework(e ast.Expr) string {
	ref := refOf(e)
	if ref.pkg == "" {
		return ""
	}
	fw := a.imports.framework(ref.pkg)
	if api := routerAPIs[fw]; api != nil && api.types[ref.name] {
		return fw
	}
	return ""
}
