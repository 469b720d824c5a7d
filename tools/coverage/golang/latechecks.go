package golang

import (
	"go/ast"
	"go/token"
	"strings"
)

// A check that middleware makes after handing the request on (an audit
// after next.ServeHTTP(w, r)) cannot stop it: whatever SpiceDB answers,
// the handler has run. Such a check is late: it gates nothing, and a
// call of a check wrapper there throws its answer away.

// handedOn caches, for the body of the function last asked about, where
// its first statement that hands the request on ends (NoPos: none).
type handedOn struct {
	body *ast.BlockStmt
	end  token.Pos
}

// late reports whether the node whose ancestors in its function are
// stack (the body first) comes after a statement of the body that hands
// the request on unconditionally.
func (s *summarizer) late(stack []ast.Node) bool {
	if len(stack) < 2 {
		return false
	}
	body, ok := stack[0].(*ast.BlockStmt)
	if !ok {
		return false
	}
	if s.handed.body != body {
		s.handed = handedOn{body: body}
		for _, st := range body.List {
			if handsOn(st) {
				s.handed.end = st.End()
				break
			}
		}
	}
	return s.handed.end.IsValid() && stack[1].Pos() >= s.handed.end
}

// handsOn reports whether a statement calls the next handler:
// next.ServeHTTP(w, r), c.Next() on a gin, echo or fiber context,
// next(c) or an RPC interceptor's handler(ctx, req), as a statement,
// an assignment or an if's init.
func handsOn(st ast.Stmt) bool {
	var call *ast.CallExpr
	switch x := st.(type) {
	case *ast.ExprStmt:
		call, _ = unparen(x.X).(*ast.CallExpr)
	case *ast.AssignStmt:
		if len(x.Rhs) == 1 {
			call, _ = unparen(x.Rhs[0]).(*ast.CallExpr)
		}
	case *ast.IfStmt:
		if init, ok := x.Init.(*ast.AssignStmt); ok && len(init.Rhs) == 1 {
			call, _ = unparen(init.Rhs[0]).(*ast.CallExpr)
		}
	}
	return call != nil && handsOnCall(call)
}

// handsOnCall reports whether a call calls the next handler (see
// handsOn).
func handsOnCall(call *ast.CallExpr) bool {
	switch f := unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		param := paramType(f.X)
		return param != nil && (f.Sel.Name == "ServeHTTP" && len(call.Args) == 2 ||
			f.Sel.Name == "Next" && len(call.Args) == 0 && isContextType(param))
	case *ast.Ident:
		return isHandlerType(paramType(f))
	}
	return false
}

// paramType is the declared type of e when e names a parameter.
func paramType(e ast.Expr) ast.Expr {
	id, ok := unparen(e).(*ast.Ident)
	if !ok || id.Obj == nil || id.Obj.Kind != ast.Var {
		return nil
	}
	field, ok := id.Obj.Decl.(*ast.Field)
	if !ok {
		return nil
	}
	return field.Type
}

// isContextType reports whether t is a web framework's request context
// (*gin.Context, echo.Context, *fiber.Ctx).
func isContextType(t ast.Expr) bool {
	name := exprString(t)
	return strings.HasSuffix(name, ".Context") || strings.HasSuffix(name, ".Ctx")
}

// isHandlerType reports whether t is a function type or a named handler
// type (echo.HandlerFunc, grpc.UnaryHandler, connect.UnaryFunc...).
func isHandlerType(t ast.Expr) bool {
	if _, ok := t.(*ast.FuncType); ok {
		return true
	}
	sel, ok := t.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch sel.Sel.Name {
	case "Handler", "HandlerFunc", "UnaryHandler", "StreamHandler", "UnaryFunc", "StreamingHandlerFunc":
		return true
	}
	return false
}
