package golang

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// A handler registered for every method often serves several itself:
//
//	func (s *Server) documents(w http.ResponseWriter, r *http.Request) {
//		switch r.Method {
//		case http.MethodGet:
//			if !s.can(r, "view") { ... return }
//			...
//		case http.MethodDelete:
//			s.store.Delete(id) // no check
//		}
//	}
//
// Taken whole, it reaches a check, and the DELETE that checks nothing
// hides behind the GET that does. So a function whose body branches on
// the request's method at its top level (a switch on it, ifs on it that
// return, or a guard that lets one method on and returns for the rest)
// gets one variant per method it serves: its body with the branches of
// the other methods left out. A route registered for any method is a
// route per variant, and one registered for one method runs its
// variant (see linker.methodVariantsOf).

// variantSep joins a function's ID and a method into its variant's.
const variantSep = "@"

// variantBase is the ID of the function a variant's ID is of: a route
// to a variant routes its function. (No Go identifier or module path
// holds the separator.)
func variantBase(id string) string {
	if i := strings.LastIndex(id, variantSep); i >= 0 {
		return id[:i]
	}
	return id
}

// methodBranch is a part of a function's body that runs for some
// methods alone: a switch clause or the body of an if on the method.
type methodBranch struct {
	methods  []string
	pos, end token.Pos
	// returns marks a branch that ends in a return: what follows the
	// statement it is of, from after, does not run for its methods.
	returns bool
	after   token.Pos
}

// methodBranches reads the branches on the request's method at the top
// level of a body, and the methods they serve, in order. ok is false
// when it has none, or one whose methods the file cannot read.
func (s *summarizer) methodBranches(ctx *fnCtx, body *ast.BlockStmt) (branches []methodBranch, methods []string, ok bool) {
	if body == nil {
		return nil, nil, false
	}
	add := func(ms []string) {
		for _, m := range ms {
			if !slices.Contains(methods, m) {
				methods = append(methods, m)
			}
		}
	}
	for _, st := range body.List {
		switch x := st.(type) {
		case *ast.SwitchStmt:
			if x.Init != nil || x.Tag == nil || s.requestKey(x.Tag, 0) != keyMethod {
				continue
			}
			for _, c := range x.Body.List {
				cc := c.(*ast.CaseClause)
				ms, ok := s.methodValues(ctx, cc.List)
				if !ok {
					return nil, nil, false
				}
				// A default clause serves the methods no case names:
				// none of the variants.
				branches = append(branches, methodBranch{methods: ms, pos: cc.Pos(), end: cc.End(), returns: endsInReturn(cc.Body), after: x.End()})
				add(ms)
			}
		case *ast.IfStmt:
			ms, eq := s.methodCond(ctx, x.Cond)
			if ms == nil || x.Init != nil || x.Else != nil || !endsInReturn(x.Body.List) {
				continue
			}
			if eq {
				branches = append(branches, methodBranch{methods: ms, pos: x.Pos(), end: x.End(), returns: true, after: x.End()})
				add(ms)
				continue
			}
			// if r.Method != http.MethodPost { ...405; return }: only the
			// methods named go on, and the branch serves none.
			branches = append(branches, methodBranch{pos: x.Pos(), end: x.End()})
			add(ms)
		}
	}
	return branches, methods, len(methods) > 0
}

// methodValues reads a clause's methods; a default clause has none.
func (s *summarizer) methodValues(ctx *fnCtx, exprs []ast.Expr) ([]string, bool) {
	var out []string
	for _, e := range exprs {
		// A constant of this file is read here: the variants are made
		// before linking.
		if id, ok := unparen(e).(*ast.Ident); ok && id.Obj != nil && id.Obj.Kind == ast.Con {
			if init := s.constInit(id.Obj); init != nil {
				e = init
			}
		}
		v := s.value(e, ctx, 0)
		if v.kind != valLiteral && v.kind != valResolved || v.text == "" {
			return nil, false
		}
		out = append(out, strings.ToUpper(v.text))
	}
	return out, true
}

// methodCond reads r.Method == "GET" || r.Method == "HEAD" (eq) or
// r.Method != "POST" && r.Method != "PUT" (not eq) into its methods; nil
// for any other condition.
func (s *summarizer) methodCond(ctx *fnCtx, cond ast.Expr) (methods []string, eq bool) {
	x, ok := unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return nil, false
	}
	switch x.Op {
	case token.LOR, token.LAND:
		a, eqA := s.methodCond(ctx, x.X)
		b, eqB := s.methodCond(ctx, x.Y)
		if a == nil || b == nil || eqA != eqB || eqA != (x.Op == token.LOR) {
			return nil, false
		}
		return append(a, b...), eqA
	case token.EQL, token.NEQ:
		key, val := x.X, x.Y
		if s.requestKey(key, 0) != keyMethod {
			key, val = val, key
		}
		if s.requestKey(key, 0) != keyMethod {
			return nil, false
		}
		ms, ok := s.methodValues(ctx, []ast.Expr{val})
		if !ok {
			return nil, false
		}
		return ms, x.Op == token.EQL
	}
	return nil, false
}

// endsInReturn reports whether the last of a block's statements is a
// return.
func endsInReturn(list []ast.Stmt) bool {
	if len(list) == 0 {
		return false
	}
	_, ok := list[len(list)-1].(*ast.ReturnStmt)
	return ok
}

// methodVariants settles a variant of the function per method its body
// branches on (see methodBranches): its events outside the branches, and
// those in the branch that serves the method, but for those after it
// when it returns. It records the methods on the function's summary.
func (s *summarizer) methodVariants(ctx *fnCtx) {
	branches, methods, ok := s.methodBranches(ctx, ctx.body)
	if !ok {
		return
	}
	ctx.sum.methods = methods
	for _, m := range methods {
		v := *ctx
		v.origin = ctx
		v.sum = &funcSum{id: ctx.sum.id + variantSep + m, line: ctx.sum.line, params: ctx.sum.params, results: ctx.sum.results}
		stop := token.NoPos
		if i := slices.IndexFunc(branches, func(b methodBranch) bool { return slices.Contains(b.methods, m) }); i >= 0 && branches[i].returns {
			stop = branches[i].after
		}
		v.events = make([]event, 0, len(ctx.events))
		for _, ev := range ctx.events {
			pos := ev.node.Pos()
			if stop.IsValid() && pos >= stop {
				continue
			}
			i := slices.IndexFunc(branches, func(b methodBranch) bool { return b.pos <= pos && pos < b.end })
			if i < 0 || slices.Contains(branches[i].methods, m) {
				v.events = append(v.events, ev)
			}
		}
		s.settleEvents(&v)
		s.sum.funcs = append(s.sum.funcs, v.sum)
	}
}

// methodVariantsOf gives a handler whose function branches on the method (see
// methodVariants) the variant of its method; one registered for any
// method becomes one handler per method the function serves.
func (l *linker) methodVariantsOf(hs []coverage.ProgramHandler) []coverage.ProgramHandler {
	var out []coverage.ProgramHandler
	for _, h := range hs {
		loc, ok := l.funcs[h.Func]
		if !ok || len(loc.sum.methods) == 0 || h.Route == "" {
			out = append(out, h)
			continue
		}
		if h.Method != "" {
			if slices.Contains(loc.sum.methods, h.Method) {
				h.Func += variantSep + h.Method
			}
			out = append(out, h)
			continue
		}
		for _, m := range loc.sum.methods {
			v := h
			v.Method, v.Func = m, h.Func+variantSep+m
			v.Operation = coverage.InferOperation(m, v.Route, v.Function)
			out = append(out, v)
		}
	}
	return out
}
