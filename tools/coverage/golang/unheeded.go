package golang

import (
	"go/ast"
	"strings"
)

// A check's answer can be tested and still not stop anything: the branch
// that sees the denial writes an error but does not return, and the code
// after it serves the request anyway (`if err := authz.Require(...); err
// != nil { http.Error(w, ...) }` with the work below). Such a test is
// unheeded: for the check it is as if the answer were thrown away.

// unheeded lists the results (1-based) of the call assign sets that the
// code tests against nil in an if that goes on: its branch does not stop,
// it has no else, and statements follow it. stack are the ancestors of
// assign, innermost last.
func unheeded(assign *ast.AssignStmt, stack []ast.Node) []int {
	var test *ast.IfStmt
	var block *ast.BlockStmt
	var at int
	switch p := stack[len(stack)-1].(type) {
	case *ast.IfStmt: // if err := f(); err != nil {...}
		if p.Init != assign || len(stack) < 2 {
			return nil
		}
		if block, _ = stack[len(stack)-2].(*ast.BlockStmt); block == nil {
			return nil
		}
		test, at = p, indexOf(block.List, p)
	case *ast.BlockStmt: // err := f(); if err != nil {...}
		k := indexOf(p.List, assign)
		if k < 0 || k+1 >= len(p.List) {
			return nil
		}
		test, _ = p.List[k+1].(*ast.IfStmt)
		block, at = p, k+1
	}
	if test == nil || test.Init != nil && test.Init != assign || test.Else != nil || at < 0 || at+1 >= len(block.List) || stops(test.Body) {
		return nil
	}
	var out []int
	for i, l := range assign.Lhs {
		if id, ok := l.(*ast.Ident); ok && id.Obj != nil && testsNonNil(test.Cond, id.Obj) {
			out = append(out, i+1)
		}
	}
	return out
}

// testsNonNil reports whether cond is `x != nil` for the object x.
func testsNonNil(cond ast.Expr, x *ast.Object) bool {
	b, ok := unparen(cond).(*ast.BinaryExpr)
	if !ok || b.Op.String() != "!=" {
		return false
	}
	isNil := func(e ast.Expr) bool { id, ok := unparen(e).(*ast.Ident); return ok && id.Name == "nil" }
	return isName(b.X, x) && isNil(b.Y) || isName(b.Y, x) && isNil(b.X)
}

// stops reports whether a branch leaves what follows it unreached: one
// of its statements returns, breaks or continues, panics, exits or aborts
// the request (gin's c.Abort...).
func stops(b *ast.BlockStmt) bool {
	for _, st := range b.List {
		switch x := st.(type) {
		case *ast.ReturnStmt, *ast.BranchStmt:
			return true
		case *ast.ExprStmt:
			call, ok := unparen(x.X).(*ast.CallExpr)
			if !ok {
				continue
			}
			name := ""
			switch f := unparen(call.Fun).(type) {
			case *ast.Ident:
				name = f.Name
			case *ast.SelectorExpr:
				name = f.Sel.Name
			}
			if name == "panic" || name == "Exit" || name == "Goexit" || strings.HasPrefix(name, "Abort") || strings.HasPrefix(name, "Fatal") {
				return true
			}
		}
	}
	return false
}

func indexOf(list []ast.Stmt, st ast.Stmt) int {
	for i, s := range list {
		if s == st {
			return i
		}
	}
	return -1
}
