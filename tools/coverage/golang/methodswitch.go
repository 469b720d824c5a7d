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
	// other marks a switch's default clause, which serves the methods
	// no branch names.
	other bool
}

// restID ends the ID of the variant that serves the methods no branch
// names; the handler that runs it is for any method (Handler.Method
// "").
const restID = "*"

// methodBranches reads the branches on the request's method at the top
// level of a body, and the methods they serve, in order. ok is false
// when it has none, or one whose methods the file cannot read, or when
// they are no dispatch on the method: a lone if for one method (if
// r.Method == http.MethodHead { ...; return }) is a detail of a handler
// that serves others, and is left in it. The methods no branch names are
// served too (rest), unless a guard answers them (if r.Method !=
// http.MethodPost { 405; return }).
func (s *summarizer) methodBranches(ctx *fnCtx, body *ast.BlockStmt) (branches []methodBranch, methods []string, rest, ok bool) {
	if body == nil {
		return nil, nil, false, false
	}
	add := func(ms []string) {
		for _, m := range ms {
			if !slices.Contains(methods, m) {
				methods = append(methods, m)
			}
		}
	}
	dispatch, guarded, eqs := false, false, 0
	for _, st := range body.List {
		switch x := st.(type) {
		case *ast.SwitchStmt:
			if x.Init != nil || x.Tag == nil || s.requestKey(x.Tag, 0) != keyMethod {
				continue
			}
			dispatch = true
			for _, c := range x.Body.List {
				cc := c.(*ast.CaseClause)
				ms, ok := s.methodValues(ctx, cc.List)
				if !ok {
					return nil, nil, false, false
				}
				branches = append(branches, methodBranch{methods: ms, pos: cc.Pos(), end: cc.End(), returns: endsInReturn(cc.Body), after: x.End(), other: cc.List == nil})
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
				eqs++
				continue
			}
			// if r.Method != http.MethodPost { ...405; return }: only the
			// methods named go on, and the branch serves none.
			branches = append(branches, methodBranch{pos: x.Pos(), end: x.End()})
			add(ms)
			guarded = true
		}
	}
	if !dispatch && !guarded && eqs < 2 && !(eqs == 1 && len(methods) > 1) {
		return nil, nil, false, false
	}
	return branches, methods, !guarded, true
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
// when it returns; and one for the methods no branch names, when it
// calls or checks anything: its events outside the branches and in a
// switch's default clause. It records the methods on the function's
// summary, restID last for the rest.
func (s *summarizer) methodVariants(ctx *fnCtx) {
	branches, methods, rest, ok := s.methodBranches(ctx, ctx.body)
	if !ok {
		return
	}
	variant := func(id string, keep func(pos token.Pos) bool) *funcSum {
		v := *ctx
		v.origin = ctx
		v.sum = &funcSum{id: ctx.sum.id + variantSep + id, line: ctx.sum.line, params: ctx.sum.params, results: ctx.sum.results}
		v.events = make([]event, 0, len(ctx.events))
		for _, ev := range ctx.events {
			if keep(ev.node.Pos()) {
				v.events = append(v.events, ev)
			}
		}
		s.settleEvents(&v)
		return v.sum
	}
	in := func(pos token.Pos) int {
		return slices.IndexFunc(branches, func(b methodBranch) bool { return b.pos <= pos && pos < b.end })
	}
	for _, m := range methods {
		stop := token.NoPos
		if i := slices.IndexFunc(branches, func(b methodBranch) bool { return slices.Contains(b.methods, m) }); i >= 0 && branches[i].returns {
			stop = branches[i].after
		}
		s.sum.funcs = append(s.sum.funcs, variant(m, func(pos token.Pos) bool {
			if stop.IsValid() && pos >= stop {
				return false
			}
			i := in(pos)
			return i < 0 || slices.Contains(branches[i].methods, m)
		}))
	}
	ctx.sum.methods = methods
	if !rest {
		return
	}
	if v := variant(restID, func(pos token.Pos) bool {
		i := in(pos)
		return i < 0 || branches[i].other
	}); len(v.calls)+len(v.ops) > 0 {
		s.sum.funcs = append(s.sum.funcs, v)
		ctx.sum.methods = append(ctx.sum.methods, restID)
	}
}

// methodVariantsOf gives a handler whose function branches on the
// method (see methodVariants) the variant of its method (or of the
// rest); one registered for any method becomes one handler per method
// the function serves, and one for any other when the rest does
// anything.
func (l *linker) methodVariantsOf(hs []coverage.ProgramHandler) []coverage.ProgramHandler {
	split := slices.ContainsFunc(hs, func(h coverage.ProgramHandler) bool {
		loc, ok := l.funcs[h.Func]
		return ok && len(loc.sum.methods) > 0 && h.Route != ""
	})
	if !split {
		return hs
	}
	var out []coverage.ProgramHandler
	for _, h := range hs {
		loc, ok := l.funcs[h.Func]
		if !ok || len(loc.sum.methods) == 0 || h.Route == "" {
			out = append(out, h)
			continue
		}
		methods := loc.sum.methods
		if h.Method != "" {
			switch {
			case slices.Contains(methods, h.Method):
				h.Func += variantSep + h.Method
			case slices.Contains(methods, restID):
				h.Func += variantSep + restID
			}
			out = append(out, h)
			continue
		}
		for _, m := range methods {
			v := h
			v.Func = h.Func + variantSep + m
			if m != restID {
				v.Method = m
			}
			v.Operation = coverage.InferOperation(v.Method, v.Route, v.Function)
			out = append(out, v)
		}
	}
	return out
}
