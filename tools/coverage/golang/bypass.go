package golang

import (
	"go/ast"
	"go/token"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// Middleware often lets some requests through before its checks:
//
//	if publicPaths[r.URL.Path] || strings.HasPrefix(r.URL.Path, "/static/") {
//		next.ServeHTTP(w, r)
//		return
//	}
//
// and an interceptor some methods (`if info.FullMethod == pb.Health_Check_FullMethodName
// { return handler(ctx, req) }`). Its checks do not protect the routes
// those requests reach (see coverage.Bypass). A bypass is read from the
// leading statements of a function's body, before anything that may
// check and deny, when its condition is made of what this file can read:
// the request's path or method (or RPC method) compared with strings,
// tested for a prefix, looked up in a map or a list written out as a
// literal, joined with || and &&. Any other condition leaves the
// middleware protecting every route, as before.

// bypassSum is a bypass in symbolic form: the parts has says it sets.
type bypassSum struct {
	has                  bypassParts
	method, path, prefix valSym
	line                 int
}

type bypassParts uint8

const (
	bypassMethod bypassParts = 1 << iota
	bypassPath
	bypassPrefix
)

// requestKey is what of a request an expression reads.
type requestKey uint8

const (
	keyNone requestKey = iota
	keyPath
	keyMethod
)

// bypasses records the bypasses at the head of a function's body on its
// summary, and on those of the functions it is a closure of, which
// install it.
func (s *summarizer) bypasses(ctx *fnCtx, body *ast.BlockStmt) {
	if body == nil {
		return
	}
	var found []bypassSum
	for _, st := range body.List {
		if handsOn(st) {
			break
		}
		switch x := st.(type) {
		case *ast.AssignStmt, *ast.DeclStmt, *ast.ExprStmt, *ast.EmptyStmt:
			continue
		case *ast.IfStmt:
			if terms, ok := s.bypassIf(ctx, x); ok {
				found = append(found, terms...)
				continue
			}
			if !mayDeny(x) {
				continue
			}
		}
		break
	}
	if len(found) == 0 {
		return
	}
	for c := ctx; c != nil && !c.pseudo; c = c.parent {
		c.sum.bypass = append(c.sum.bypass, found...)
	}
}

// mayDeny reports whether an if that is no bypass may stop the
// request: it returns in its body. It may test the answer of a check
// made above (err := authz.Require(...)), so a bypass past it lets
// through only requests that passed it.
func mayDeny(x *ast.IfStmt) bool {
	returns := false
	ast.Inspect(x, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.ReturnStmt:
			returns = true
		case *ast.FuncLit:
			return false
		}
		return !returns
	})
	return returns
}

// bypassIf reads an if that hands the request on and returns, with no
// else, and whose condition is made of what bypassCond reads.
func (s *summarizer) bypassIf(ctx *fnCtx, x *ast.IfStmt) ([]bypassSum, bool) {
	if x.Else != nil || !handsOnAndReturns(x.Body) {
		return nil, false
	}
	line := s.a.source.line(x.Pos())
	cond := x.Cond
	// if _, ok := m[r.URL.Path]; ok {
	if init, ok := x.Init.(*ast.AssignStmt); ok {
		id, isIdent := unparen(x.Cond).(*ast.Ident)
		if !isIdent || len(init.Lhs) != 2 || len(init.Rhs) != 1 || lhsIndex(init.Lhs, id.Obj) != 1 {
			return nil, false
		}
		cond = init.Rhs[0]
		if ix, ok := unparen(cond).(*ast.IndexExpr); ok {
			return s.lookupTerms(ctx, ix, false, line)
		}
		return nil, false
	} else if x.Init != nil {
		return nil, false
	}
	return s.bypassCond(ctx, cond, line)
}

// handsOnAndReturns reports whether a block hands the request on and
// then returns (or returns what handing it on returns).
func handsOnAndReturns(b *ast.BlockStmt) bool {
	handed := false
	for _, st := range b.List {
		if r, ok := st.(*ast.ReturnStmt); ok {
			for _, res := range r.Results {
				if call, ok := unparen(res).(*ast.CallExpr); ok && handsOnCall(call) {
					return true
				}
			}
			return handed
		}
		handed = handed || handsOn(st)
	}
	return false
}

// bypassCond reads a condition into the requests it lets through: one
// bypass per alternative.
func (s *summarizer) bypassCond(ctx *fnCtx, cond ast.Expr, line int) ([]bypassSum, bool) {
	switch x := unparen(cond).(type) {
	case *ast.BinaryExpr:
		switch x.Op {
		case token.LOR:
			a, okA := s.bypassCond(ctx, x.X, line)
			b, okB := s.bypassCond(ctx, x.Y, line)
			return append(a, b...), okA && okB
		case token.LAND:
			a, okA := s.bypassCond(ctx, x.X, line)
			b, okB := s.bypassCond(ctx, x.Y, line)
			if !okA || !okB {
				return nil, false
			}
			var out []bypassSum
			for _, t := range a {
				for _, u := range b {
					if t.has&u.has == 0 {
						out = append(out, bypassSum{has: t.has | u.has, method: pick(t.method, u.method), path: pick(t.path, u.path), prefix: pick(t.prefix, u.prefix), line: line})
					}
				}
			}
			return out, len(out) > 0
		case token.EQL:
			key, val := x.X, x.Y
			if s.requestKey(key, 0) == keyNone {
				key, val = val, key
			}
			return s.term(ctx, s.requestKey(key, 0), bypassPath, val, line)
		}
	case *ast.CallExpr:
		sel, ok := unparen(x.Fun).(*ast.SelectorExpr)
		if !ok || len(x.Args) != 2 {
			return nil, false
		}
		switch path := s.importOf(sel); {
		case path == "strings" && sel.Sel.Name == "HasPrefix" && s.requestKey(x.Args[0], 0) == keyPath:
			return s.term(ctx, keyPath, bypassPrefix, x.Args[1], line)
		case path == "slices" && sel.Sel.Name == "Contains":
			return s.listTerms(ctx, x.Args[0], s.requestKey(x.Args[1], 0), line)
		}
	case *ast.IndexExpr:
		return s.lookupTerms(ctx, x, true, line)
	}
	return nil, false
}

// pick is whichever of two values is set.
func pick(a, b valSym) valSym {
	if a.kind != valUnknown {
		return a
	}
	return b
}

// term is the bypass of a request key compared with v: the method, or
// the path (as part: bypassPath or bypassPrefix).
func (s *summarizer) term(ctx *fnCtx, key requestKey, part bypassParts, v ast.Expr, line int) ([]bypassSum, bool) {
	val := s.value(v, ctx, 0)
	switch {
	case key == keyMethod && part == bypassPath:
		return []bypassSum{{has: bypassMethod, method: val, line: line}}, true
	case key == keyPath && part == bypassPath:
		return []bypassSum{{has: bypassPath, path: val, line: line}}, true
	case key == keyPath && part == bypassPrefix:
		return []bypassSum{{has: bypassPrefix, prefix: val, line: line}}, true
	}
	return nil, false
}

// lookupTerms reads m[key], m a map written out as a literal: each key
// it maps to true (any key, for the comma-ok form, asBool false).
func (s *summarizer) lookupTerms(ctx *fnCtx, ix *ast.IndexExpr, asBool bool, line int) ([]bypassSum, bool) {
	key := s.requestKey(ix.Index, 0)
	lit := s.literalOf(ix.X)
	if key == keyNone || lit == nil {
		return nil, false
	}
	if _, isMap := lit.Type.(*ast.MapType); !isMap {
		return nil, false
	}
	var out []bypassSum
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return nil, false
		}
		if asBool {
			if v, ok := unparen(kv.Value).(*ast.Ident); !ok || v.Name != "true" {
				continue
			}
		}
		t, _ := s.term(ctx, key, bypassPath, kv.Key, line)
		out = append(out, t...)
	}
	return out, len(out) > 0
}

// listTerms reads slices.Contains(list, key), list a slice written out
// as a literal.
func (s *summarizer) listTerms(ctx *fnCtx, list ast.Expr, key requestKey, line int) ([]bypassSum, bool) {
	lit := s.literalOf(list)
	if key == keyNone || lit == nil {
		return nil, false
	}
	var out []bypassSum
	for _, elt := range lit.Elts {
		t, _ := s.term(ctx, key, bypassPath, elt, line)
		out = append(out, t...)
	}
	return out, len(out) > 0
}

// literalOf is the composite literal e is, or a variable of this file
// is declared with and never assigned again.
func (s *summarizer) literalOf(e ast.Expr) *ast.CompositeLit {
	switch x := unparen(e).(type) {
	case *ast.CompositeLit:
		return x
	case *ast.Ident:
		if x.Obj == nil || x.Obj.Kind != ast.Var || s.writes[x.Obj] > 0 {
			return nil
		}
		var init ast.Expr
		if s.local(x.Obj) {
			init = s.singleValue(x.Obj)
		} else {
			init = s.constInit(x.Obj)
		}
		lit, _ := unparen(init).(*ast.CompositeLit)
		return lit
	}
	return nil
}

// requestKey says what of the request e reads: its path (r.URL.Path,
// c.Request.URL.Path, c.Request().URL.Path, c.Path(), c.FullPath(),
// c.Route().Path, an interceptor's info.FullMethod, connect's
// req.Spec().Procedure) or its method (r.Method, c.Request.Method,
// c.Method()), directly or through a local set once.
func (s *summarizer) requestKey(e ast.Expr, depth int) requestKey {
	switch x := unparen(e).(type) {
	case *ast.Ident:
		if depth < maxValueDepth && s.local(x.Obj) {
			if init := s.singleValue(x.Obj); init != nil {
				return s.requestKey(init, depth+1)
			}
		}
	case *ast.SelectorExpr:
		if s.importOf(x) != "" {
			return keyNone
		}
		switch x.Sel.Name {
		case "Path":
			switch base := unparen(x.X).(type) {
			case *ast.SelectorExpr:
				if base.Sel.Name == "URL" {
					return keyPath
				}
			case *ast.CallExpr:
				if callsMethod(base, "URL", "Route") {
					return keyPath
				}
			}
		case "FullMethod":
			return keyPath
		case "Procedure":
			if call, ok := unparen(x.X).(*ast.CallExpr); ok && callsMethod(call, "Spec") {
				return keyPath
			}
		case "Method":
			return keyMethod
		}
	case *ast.CallExpr:
		if sel, ok := unparen(x.Fun).(*ast.SelectorExpr); ok && len(x.Args) == 0 && isContextType(paramType(sel.X)) {
			switch sel.Sel.Name {
			case "Path", "FullPath":
				return keyPath
			case "Method":
				return keyMethod
			}
		}
	}
	return keyNone
}

// callsMethod reports whether call is a method call without arguments, of one
// of the names.
func callsMethod(call *ast.CallExpr, names ...string) bool {
	sel, ok := unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	for _, n := range names {
		if sel.Sel.Name == n {
			return true
		}
	}
	return false
}

// bypassesOf links a function's bypasses: a bypass whose strings do not
// resolve is left out, and its middleware protects as if it were not
// there.
func (l *linker) bypassesOf(fs *funcSum, pkg string) []coverage.Bypass {
	var out []coverage.Bypass
	for _, b := range fs.bypass {
		cb := coverage.Bypass{Line: b.line}
		ok := true
		for _, part := range []struct {
			bit bypassParts
			v   valSym
			to  *string
		}{{bypassMethod, b.method, &cb.Method}, {bypassPath, b.path, &cb.Path}, {bypassPrefix, b.prefix, &cb.Prefix}} {
			if b.has&part.bit == 0 {
				continue
			}
			v := l.value(part.v, pkg)
			if !v.Known() || v.Text == "" {
				ok = false
				break
			}
			*part.to = v.Text
		}
		if ok {
			out = append(out, cb)
		}
	}
	return out
}
