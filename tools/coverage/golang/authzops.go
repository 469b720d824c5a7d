package golang

import (
	"cmp"
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// The authzed-go packages: the generated API (requests, responses) and
// the client.
const (
	authzedAPIPath    = "github.com/authzed/authzed-go/proto/authzed/api/v1"
	authzedClientPath = "github.com/authzed/authzed-go/v1"
)

// authzMethods maps the SpiceDB methods the coverage rules care about to
// their request types. A call is recognized by the method's name on
// anything, given a request of the right type; a client kept in a field
// of any struct is as good as one in a variable.
var authzMethods = map[string]string{
	"CheckPermission":      "CheckPermissionRequest",
	"CheckBulkPermissions": "CheckBulkPermissionsRequest",
	"LookupResources":      "LookupResourcesRequest",
	"LookupSubjects":       "LookupSubjectsRequest",
	"WriteRelationships":   "WriteRelationshipsRequest",
	"DeleteRelationships":  "DeleteRelationshipsRequest",
}

var requestKinds = map[string]coverage.AuthzOpKind{
	"CheckPermissionRequest":      coverage.OpCheck,
	"CheckBulkPermissionsRequest": coverage.OpBulkCheck,
	"LookupResourcesRequest":      coverage.OpLookupResources,
	"LookupSubjectsRequest":       coverage.OpLookupSubjects,
	"WriteRelationshipsRequest":   coverage.OpWrite,
	"DeleteRelationshipsRequest":  coverage.OpDeleteRels,
}

// opSum is an AuthzOp as the file sees it.
type opSum struct {
	kind                          coverage.AuthzOpKind
	resource, permission, subject valSym
	// subjectRel is absent (valAbsent) when the request names none.
	subjectRel valSym
	update     string
	gates      bool
	// late marks a check made after the function handed the request on
	// (see latechecks.go): it gates nothing. unread marks a lookup whose
	// results the function throws away.
	late, unread bool
	// result is set (1-based) when the check gates only by returning
	// its answer as that result of the function: a caller that throws
	// the result away fails open.
	result int
	line   int
	// typed is set when a request of a SpiceDB type was seen. Otherwise
	// the op counts only if the receiver (recv) resolves to an authzed-go
	// client, or the helper builds the request.
	typed bool
	recv  *sym
	// helper is the function of the module that builds the request,
	// called with helperArgs; its request (funcSum.request) stands in
	// for this op's values when it returns a literal.
	helper     *sym
	helperArgs []valSym
}

// authzOps records the SpiceDB op a call of one of authzMethods is.
func (s *summarizer) authzOps(ctx *fnCtx, call *ast.CallExpr, stack []ast.Node) {
	sel := unparen(call.Fun).(*ast.SelectorExpr)
	reqType := authzMethods[sel.Sel.Name]
	var req *ast.CompositeLit
	var helper *ast.CallExpr
	typed := false
	for _, arg := range call.Args {
		if lit, name := s.requestLit(arg, 0); lit != nil {
			req, reqType, typed = lit, name, true
			break
		}
		if t := s.typeOf(arg); t != nil && t.op == symNamed && t.pkg == authzedAPIPath && requestKinds[t.name] != "" {
			reqType, typed = t.name, true
		}
		if c, ok := unparen(arg).(*ast.CallExpr); ok && helper == nil {
			helper = c
		}
	}
	ops := s.requestOps(ctx, reqType, req)
	if req == nil && helper != nil {
		if callee, _, _ := s.calleeOf(helper.Fun); callee != nil && !inStd(callee) {
			ops[0].helper = callee
			for _, arg := range helper.Args {
				ops[0].helperArgs = append(ops[0].helperArgs, s.valueOf(arg, ctx))
			}
		}
	}
	line := s.a.source.line(call.Pos())
	var recv *sym
	if !typed {
		if recv = s.typeOf(sel.X); recv == nil && ops[0].helper == nil {
			return
		}
	}
	gates, result, late, unread := false, 0, false, false
	switch k := requestKinds[reqType]; k {
	case coverage.OpCheck, coverage.OpBulkCheck:
		if late = s.late(stack); !late {
			gates, result = s.gates(ctx, call, stack, k)
		}
	case coverage.OpLookupResources:
		unread, result = s.lookupRead(ctx, call, stack)
	}
	for i := range ops {
		ops[i].gates, ops[i].result, ops[i].recv, ops[i].typed, ops[i].late = gates, result, recv, typed, late
		ops[i].unread = unread
		if ops[i].line == 0 {
			ops[i].line = line
		}
	}
	ctx.sum.ops = append(ctx.sum.ops, ops...)
}

// requestLit is the request literal e is, directly or through a local
// assigned once, and its type's name.
func (s *summarizer) requestLit(e ast.Expr, depth int) (*ast.CompositeLit, string) {
	lit := s.literal(e, depth)
	if lit == nil {
		return nil, ""
	}
	if name := s.apiType(lit.Type); requestKinds[name] != "" {
		return lit, name
	}
	return nil, ""
}

// literal is the composite literal e is, past & and locals assigned once.
func (s *summarizer) literal(e ast.Expr, depth int) *ast.CompositeLit {
	if depth > maxValueDepth || e == nil {
		return nil
	}
	e = unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = unparen(u.X)
	}
	switch x := e.(type) {
	case *ast.CompositeLit:
		return x
	case *ast.Ident:
		if init := s.singleValue(x.Obj); init != nil {
			return s.literal(init, depth+1)
		}
	}
	return nil
}

// apiType is the name of the authzed API type t names, or "".
func (s *summarizer) apiType(t ast.Expr) string {
	if sel, ok := unparen(t).(*ast.SelectorExpr); ok && s.importOf(sel) == authzedAPIPath {
		return sel.Sel.Name
	}
	return ""
}

// requestOps reads a request: one op, or one per bulk item or
// relationship update. A request that is not a literal gives one op with
// unknown values.
func (s *summarizer) requestOps(ctx *fnCtx, reqType string, req *ast.CompositeLit) []opSum {
	kind := requestKinds[reqType]
	if req == nil {
		return []opSum{unknownOp(kind)}
	}
	f := s.fields(req)
	switch kind {
	case coverage.OpCheck:
		return []opSum{s.checkItem(ctx, f)}
	case coverage.OpBulkCheck:
		return s.itemOps(ctx, f["Items"], "CheckBulkPermissionsRequestItem", kind, s.checkItem)
	case coverage.OpLookupResources:
		op := opSum{kind: kind, resource: s.opValue(f["ResourceObjectType"], ctx), permission: s.opValue(f["Permission"], ctx)}
		op.subject, op.subjectRel = s.subjectRef(ctx, f["Subject"])
		return []opSum{op}
	case coverage.OpLookupSubjects:
		return []opSum{{
			kind:       kind,
			resource:   s.objectType(ctx, f["Resource"]),
			permission: s.opValue(f["Permission"], ctx),
			subject:    s.opValue(f["SubjectObjectType"], ctx),
			subjectRel: s.optional(ctx, f["OptionalSubjectRelation"]),
		}}
	case coverage.OpWrite:
		return s.itemOps(ctx, f["Updates"], "RelationshipUpdate", kind, s.update)
	case coverage.OpDeleteRels:
		return []opSum{s.deleteFilter(ctx, f["RelationshipFilter"])}
	}
	return nil
}

func unknownOp(kind coverage.AuthzOpKind) opSum {
	return opSum{kind: kind, subjectRel: valSym{kind: valAbsent}}
}

// fields maps the keys of a keyed literal to their values.
func (s *summarizer) fields(lit *ast.CompositeLit) map[string]ast.Expr {
	out := map[string]ast.Expr{}
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				out[id.Name] = kv.Value
			}
		}
	}
	return out
}

// itemOps makes one op per item of a bulk request or update of a write:
// the items of a slice literal, or else every item literal the function
// builds (items appended in a loop), or else one op with unknowns.
func (s *summarizer) itemOps(ctx *fnCtx, items ast.Expr, itemType string, kind coverage.AuthzOpKind, item func(*fnCtx, map[string]ast.Expr) opSum) []opSum {
	var lits []*ast.CompositeLit
	if list := s.literal(items, 0); list != nil {
		for _, elt := range list.Elts {
			if lit := s.literal(elt, 0); lit != nil {
				lits = append(lits, lit)
			}
		}
	} else {
		lits = s.builtItems(ctx, itemType)
	}
	if len(lits) == 0 {
		return []opSum{unknownOp(kind)}
	}
	ops := make([]opSum, 0, len(lits))
	for _, lit := range lits {
		op := item(ctx, s.fields(lit))
		op.kind, op.line = kind, s.a.source.line(lit.Pos())
		ops = append(ops, op)
	}
	return ops
}

// builtItems are the literals of the item type in the function, typed or
// as elements of a typed slice literal.
func (s *summarizer) builtItems(ctx *fnCtx, itemType string) []*ast.CompositeLit {
	var lits []*ast.CompositeLit
	ast.Inspect(ctx.root, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		if s.apiType(lit.Type) == itemType {
			lits = append(lits, lit)
			return true
		}
		if arr, ok := lit.Type.(*ast.ArrayType); ok && s.apiType(arr.Elt) == itemType {
			for _, elt := range lit.Elts {
				if el := s.literal(elt, maxValueDepth); el != nil && el.Type == nil {
					lits = append(lits, el)
				}
			}
		}
		return true
	})
	return lits
}

func (s *summarizer) checkItem(ctx *fnCtx, f map[string]ast.Expr) opSum {
	op := opSum{kind: coverage.OpCheck, resource: s.objectType(ctx, f["Resource"]), permission: s.opValue(f["Permission"], ctx)}
	op.subject, op.subjectRel = s.subjectRef(ctx, f["Subject"])
	return op
}

// update reads a RelationshipUpdate: its operation and relationship.
func (s *summarizer) update(ctx *fnCtx, f map[string]ast.Expr) opSum {
	op := opSum{kind: coverage.OpWrite, resource: s.opValue(nil, ctx), permission: s.opValue(nil, ctx), subject: s.opValue(nil, ctx), subjectRel: valSym{kind: valAbsent}}
	if sel, ok := unparen(f["Operation"]).(*ast.SelectorExpr); ok {
		if _, name, ok := strings.Cut(sel.Sel.Name, "_OPERATION_"); ok {
			op.update = strings.ToLower(name)
		}
	}
	if rel := s.literal(f["Relationship"], 0); rel != nil {
		rf := s.fields(rel)
		op.resource = s.objectType(ctx, rf["Resource"])
		op.permission = s.opValue(rf["Relation"], ctx)
		op.subject, op.subjectRel = s.subjectRef(ctx, rf["Subject"])
	}
	return op
}

// deleteFilter reads a DeleteRelationships filter.
func (s *summarizer) deleteFilter(ctx *fnCtx, filter ast.Expr) opSum {
	op := opSum{kind: coverage.OpDeleteRels, resource: s.opValue(nil, ctx), permission: s.opValue(nil, ctx), subject: s.opValue(nil, ctx), subjectRel: valSym{kind: valAbsent}}
	lit := s.literal(filter, 0)
	if lit == nil {
		return op
	}
	f := s.fields(lit)
	op.resource = s.opValue(f["ResourceType"], ctx)
	op.permission = s.opValue(f["OptionalRelation"], ctx)
	if sf := s.literal(f["OptionalSubjectFilter"], 0); sf != nil {
		sff := s.fields(sf)
		op.subject = s.opValue(sff["SubjectType"], ctx)
		if rf := s.literal(sff["OptionalRelation"], 0); rf != nil {
			op.subjectRel = s.opValue(s.fields(rf)["Relation"], ctx)
		}
	}
	return op
}

// objectType reads the ObjectType of an ObjectReference.
func (s *summarizer) objectType(ctx *fnCtx, ref ast.Expr) valSym {
	if lit := s.literal(ref, 0); lit != nil {
		return s.opValue(s.fields(lit)["ObjectType"], ctx)
	}
	return s.opValue(nil, ctx)
}

// subjectRef reads a SubjectReference: its object's type and its
// optional relation.
func (s *summarizer) subjectRef(ctx *fnCtx, ref ast.Expr) (typ, rel valSym) {
	lit := s.literal(ref, 0)
	if lit == nil {
		return s.opValue(ref, ctx), valSym{kind: valAbsent}
	}
	f := s.fields(lit)
	return s.objectType(ctx, f["Object"]), s.optional(ctx, f["OptionalRelation"])
}

func (s *summarizer) optional(ctx *fnCtx, e ast.Expr) valSym {
	if e == nil {
		return valSym{kind: valAbsent}
	}
	return s.opValue(e, ctx)
}

// opValue is an operand of a request; a field the literal leaves out is
// unknown.
func (s *summarizer) opValue(e ast.Expr, ctx *fnCtx) valSym {
	if e == nil {
		return valSym{}
	}
	return s.valueOf(e, ctx)
}

// gates reports whether a check's result gates what follows. It does
// when the response's Permissionship is compared (==, !=, switch) in the
// function, directly or through a variable holding it, and when the
// response (or the comparison) is returned: the caller decides then, and
// result is the function's result (1-based) it decides on. A comparison
// that decides whether the function returns early, in a function with an
// error result, is answered through that error too: a caller that throws
// it away goes on whatever SpiceDB answers. It does not gate when the
// response is discarded or only the error is tested. A bulk check gates
// when its Pairs are read or it is returned.
func (s *summarizer) gates(ctx *fnCtx, call *ast.CallExpr, stack []ast.Node, kind coverage.AuthzOpKind) (gates bool, result int) {
	var child ast.Node = call
	for i := len(stack) - 1; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.ParenExpr:
			child = p
			continue
		case *ast.ReturnStmt:
			for k, r := range p.Results {
				if r == child {
					return true, k + 1
				}
			}
			return true, 0
		case *ast.AssignStmt:
			return s.responseGates(ctx, responseName(p.Lhs, p.Rhs, child), kind)
		case *ast.ValueSpec:
			var lhs []ast.Expr
			for _, n := range p.Names {
				lhs = append(lhs, n)
			}
			return s.responseGates(ctx, responseName(lhs, p.Values, child), kind)
		}
		return false, 0
	}
	return false, 0
}

// responseName is the name the response of call is assigned to.
func responseName(lhs, rhs []ast.Expr, call ast.Node) *ast.Ident {
	i := 0
	if len(lhs) == len(rhs) {
		for i = range rhs {
			if rhs[i] == call {
				break
			}
		}
	}
	if i >= len(lhs) {
		return nil
	}
	id, _ := lhs[i].(*ast.Ident)
	return id
}

func (s *summarizer) responseGates(ctx *fnCtx, resp *ast.Ident, kind coverage.AuthzOpKind) (bool, int) {
	if resp == nil || resp.Obj == nil {
		return false, 0
	}
	obj := resp.Obj
	// held are the variables holding the Permissionship; returned maps
	// the comparisons a return statement returns to the result.
	held := map[*ast.Object]bool{}
	returned := map[ast.Node]int{}
	gated, result, decides := false, 0, false
	// unheededTests are the comparisons that gate nothing themselves:
	// denial tests whose branch goes on, and comparisons held in a
	// variable (decisions: allowed := resp... == HAS), which gates only
	// where a condition, a return or a call other than a print reads it.
	unheededTests := map[*ast.BinaryExpr]bool{}
	decisions := map[*ast.Object]bool{}
	reads := func(e ast.Node) bool {
		found := false
		if e != nil && len(decisions) > 0 {
			ast.Inspect(e, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && id.Obj != nil && decisions[id.Obj] {
					found = true
				}
				return !found
			})
		}
		return found
	}
	// decidesAt reports whether the k-th statement of a block branches on
	// the Permissionship, returns in a branch, and leaves nothing to do
	// after it but return: the function is a check, whose error is the
	// answer.
	decidesAt := func(list []ast.Stmt, k int) bool {
		if ctx.errResult == 0 || kind != coverage.OpCheck || !s.workless(list[k+1:]) {
			return false
		}
		var cond ast.Expr
		var branches []ast.Node
		switch st := list[k].(type) {
		case *ast.IfStmt:
			cond, branches = st.Cond, []ast.Node{st.Body, st.Else}
		case *ast.SwitchStmt:
			cond, branches = st.Tag, []ast.Node{st.Body}
		}
		return cond != nil && s.comparesPermissionship(cond, obj, held) &&
			slices.ContainsFunc(branches, func(b ast.Node) bool { return b != nil && hasReturn(b) })
	}
	ast.Inspect(ctx.root, func(n ast.Node) bool {
		if gated {
			return false
		}
		switch x := n.(type) {
		case *ast.BlockStmt:
			for k, st := range x.List {
				decides = decides || decidesAt(x.List, k)
				// if resp.Permissionship != HAS { http.Error(...) } with no
				// return, and the work after it: the test stops nothing.
				if test, ok := st.(*ast.IfStmt); ok && test.Else == nil && k+1 < len(x.List) && !stops(test.Body) {
					if b, ok := unparen(test.Cond).(*ast.BinaryExpr); ok && b.Op == token.NEQ {
						unheededTests[b] = true
					}
				}
			}
		case *ast.BinaryExpr:
			compared := kind == coverage.OpCheck && (x.Op == token.EQL || x.Op == token.NEQ) &&
				(s.permissionship(x.X, obj, held) || s.permissionship(x.Y, obj, held)) && !unheededTests[x]
			switch k := returned[x]; {
			case compared && k > 0:
				result = cmp.Or(result, k)
			case compared:
				gated = true
			}
		case *ast.SwitchStmt:
			gated = kind == coverage.OpCheck && x.Tag != nil && (s.permissionship(x.Tag, obj, held) || reads(x.Tag))
		case *ast.IfStmt:
			gated = reads(x.Cond)
		case *ast.ForStmt:
			gated = reads(x.Cond)
		case *ast.CaseClause:
			gated = slices.ContainsFunc(x.List, func(e ast.Expr) bool { return reads(e) })
		case *ast.CallExpr:
			// Handed to a call, the decision may gate there; printed, not.
			gated = !s.prints(x) && slices.ContainsFunc(x.Args, func(e ast.Expr) bool { return reads(e) })
		case *ast.ReturnStmt:
			for k, r := range x.Results {
				if rootedAt(r, obj) || reads(r) {
					result = cmp.Or(result, k+1)
				}
				if b, ok := unparen(r).(*ast.BinaryExpr); ok {
					returned[b] = k + 1
				}
			}
		case *ast.AssignStmt:
			for i, r := range x.Rhs {
				id, ok := x.Lhs[min(i, len(x.Lhs)-1)].(*ast.Ident)
				if !ok || id.Obj == nil {
					continue
				}
				if s.permissionship(r, obj, held) {
					held[id.Obj] = true
				}
				if b, ok := unparen(r).(*ast.BinaryExpr); ok && len(x.Lhs) == len(x.Rhs) && kind == coverage.OpCheck &&
					(b.Op == token.EQL || b.Op == token.NEQ) && (s.permissionship(b.X, obj, held) || s.permissionship(b.Y, obj, held)) {
					decisions[id.Obj], unheededTests[b] = true, true // gates where it is read
				}
			}
		case *ast.SelectorExpr:
			gated = kind == coverage.OpBulkCheck && isName(x.X, obj) && (x.Sel.Name == "Pairs" || x.Sel.Name == "GetPairs")
		}
		return !gated
	})
	switch {
	case gated && decides:
		return true, ctx.errResult
	case gated:
		return true, 0
	case result > 0:
		return true, result
	}
	return false, 0
}

// prints reports whether a call only prints or logs its arguments (fmt,
// log, log/slog): a decision handed to it gates nothing.
func (s *summarizer) prints(call *ast.CallExpr) bool {
	sel, ok := unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch s.importOf(sel) {
	case "fmt", "log", "log/slog":
		return true
	}
	return false
}

// comparesPermissionship reports whether e is or holds a comparison of
// resp's Permissionship, or is the Permissionship a switch tests.
func (s *summarizer) comparesPermissionship(e ast.Expr, resp *ast.Object, held map[*ast.Object]bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.BinaryExpr:
			found = found || (x.Op == token.EQL || x.Op == token.NEQ) && (s.permissionship(x.X, resp, held) || s.permissionship(x.Y, resp, held))
		case ast.Expr:
			found = found || s.permissionship(x, resp, held)
		}
		return !found
	})
	return found
}

// workless reports whether statements only return, with values that
// call nothing but functions of other packages (errors.New,
// status.Error...): a check wrapper's tail, not a service's work.
func (s *summarizer) workless(stmts []ast.Stmt) bool {
	for _, st := range stmts {
		ret, ok := st.(*ast.ReturnStmt)
		if !ok {
			return false
		}
		for _, r := range ret.Results {
			calls := false
			ast.Inspect(r, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					sel, isSel := unparen(call.Fun).(*ast.SelectorExpr)
					calls = calls || !isSel || s.importOf(sel) == ""
				}
				return !calls
			})
			if calls {
				return false
			}
		}
	}
	return true
}

// hasReturn reports whether a statement holds a return statement of its
// function (not of a function literal in it).
func hasReturn(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		switch m.(type) {
		case *ast.ReturnStmt:
			found = true
		case *ast.FuncLit:
			return false
		}
		return !found
	})
	return found
}

// permissionship reports whether e is resp.Permissionship,
// resp.GetPermissionship(), or a variable holding either.
func (s *summarizer) permissionship(e ast.Expr, resp *ast.Object, held map[*ast.Object]bool) bool {
	e = unparen(e)
	if call, ok := e.(*ast.CallExpr); ok && len(call.Args) == 0 {
		e = unparen(call.Fun)
		if sel, ok := e.(*ast.SelectorExpr); !ok || sel.Sel.Name != "GetPermissionship" {
			return false
		}
	}
	switch x := e.(type) {
	case *ast.SelectorExpr:
		return (x.Sel.Name == "Permissionship" || x.Sel.Name == "GetPermissionship") && isName(x.X, resp)
	case *ast.Ident:
		return x.Obj != nil && held[x.Obj]
	}
	return false
}

// rootedAt reports whether e is obj, or a selection or method call on it.
func rootedAt(e ast.Expr, obj *ast.Object) bool {
	for {
		switch x := unparen(e).(type) {
		case *ast.Ident:
			return x.Obj == obj
		case *ast.SelectorExpr:
			e = x.X
		case *ast.CallExpr:
			e = x.Fun
		default:
			return false
		}
	}
}

func isName(e ast.Expr, obj *ast.Object) bool {
	id, ok := unparen(e).(*ast.Ident)
	return ok && id.Obj == obj
}

// returnedRequest records the request a function builds and returns
// (`return &v1.CheckPermissionRequest{...}`), for the callers that send
// it.
func (s *summarizer) returnedRequest(ctx *fnCtx, result ast.Expr) {
	if ctx.sum.request != nil {
		return
	}
	if lit, name := s.requestLit(result, 0); lit != nil {
		ctx.sum.request = s.requestOps(ctx, name, lit)
	}
}

// answer is a check a function answers through one of its results
// (1-based): its own, or one of a function whose answer it returns
// (`return authz.Can(...)`). Its values are in terms of the function's
// parameters.
type answer struct {
	op     coverage.AuthzOp
	result int
}

// indexAnswers finds, before the link runs in parallel, the checks each
// function answers through a result.
func (l *linker) indexAnswers(files []linkFile) {
	l.answers = map[string][]answer{}
	for _, f := range files {
		for _, fs := range f.sum.funcs {
			// Most functions answer nothing, which a missing entry
			// says as well: only those that could are indexed.
			if mayAnswer(fs) {
				l.answersOf(f.pkg+"."+fs.id, 0)
			}
		}
	}
}

// mayAnswer reports whether a function could answer a check through a
// result: it makes a check whose answer it returns, or returns what a
// call returns.
func mayAnswer(fs *funcSum) bool {
	return slices.ContainsFunc(fs.ops, func(o opSum) bool { return o.result != 0 && o.helper == nil }) ||
		slices.ContainsFunc(fs.calls, func(c callSum) bool { return c.returned && c.callee != nil })
}

func (l *linker) answersOf(id string, depth int) []answer {
	if as, ok := l.answers[id]; ok || depth > maxSymDepth {
		return as
	}
	l.answers[id] = nil // a function answering through itself adds nothing
	loc, ok := l.funcs[id]
	if !ok {
		return nil
	}
	pkg := strings.TrimSuffix(id, "."+loc.sum.id)
	var as []answer
	for _, o := range loc.sum.ops {
		if o.result == 0 || o.helper != nil || (!o.typed && !l.isAuthzedClient(o.recv, pkg)) {
			continue
		}
		value := func(v valSym) coverage.Value { return l.value(v, pkg) }
		as = append(as, answer{op: l.op(o, o, loc.file, value), result: o.result})
	}
	for _, c := range loc.sum.calls {
		if !c.returned || c.callee == nil {
			continue
		}
		ids, _ := l.callee(c.callee, pkg)
		for _, callee := range ids {
			for _, a := range l.answersOf(callee, depth+1) {
				a.op = bindAnswer(a.op, l.values(c.args, pkg))
				as = append(as, a)
			}
		}
	}
	l.answers[id] = as
	return as
}

// bindAnswer puts the arguments of a call in place of the callee's
// parameters in an answered check.
func bindAnswer(op coverage.AuthzOp, args []coverage.Value) coverage.AuthzOp {
	bind := func(v coverage.Value) coverage.Value {
		if v.Kind != coverage.ValueParam {
			return v
		}
		if v.Param < len(args) {
			return args[v.Param]
		}
		return coverage.Value{Kind: coverage.ValueUnknown, Expr: v.Expr}
	}
	op.Resource, op.Permission = bind(op.Resource), bind(op.Permission)
	op.Subject, op.SubjectRelation = bind(op.Subject), bind(op.SubjectRelation)
	return op
}

// lookupRead reports whether a LookupResources call's stream is thrown
// away (unread), and the function's result (1-based) that carries what
// the lookup found: the stream returned as it is, or a slice (the IDs
// read off it) the function returns first. A caller that throws that
// result away filters nothing with it.
func (s *summarizer) lookupRead(ctx *fnCtx, call *ast.CallExpr, stack []ast.Node) (unread bool, result int) {
	d := discardsOf(stack, call)
	if d.has(1) {
		return true, 0
	}
	if returnedAsIs(stack, call) {
		return false, 1
	}
	if len(ctx.sum.results) > 0 && ctx.sum.results[0] != nil && ctx.sum.results[0].op == symSlice {
		return false, 1
	}
	return false, 0
}

// errorResult reports whether a function's result (1-based) is an error.
func (l *linker) errorResult(id string, result int) bool {
	loc, ok := l.funcs[id]
	if !ok || result < 1 || result > len(loc.sum.results) {
		return false
	}
	return isError(loc.sum.results[result-1])
}

// discardedChecks are the checks a callee answers through a result the
// call throws away, or makes after the caller handed the request on (a
// late call) (`_, err := authz.Can(...)`): each is an op of the
// caller, at the call, that gates nothing, with the callee's parameters
// bound to the call's arguments.
func (l *linker) discardedChecks(callee string, c callSum, f linkFile) []coverage.AuthzOp {
	if !c.discarded.all && len(c.discarded.blank)+len(c.discarded.unheeded) == 0 && !c.late {
		return nil
	}
	var out []coverage.AuthzOp
	for _, a := range l.answers[callee] {
		unheeded := slices.Contains(c.discarded.unheeded, a.result)
		if !c.late && !c.discarded.has(a.result) && !unheeded {
			continue
		}
		op := bindAnswer(a.op, l.values(c.args, f.pkg))
		op.Gates, op.File, op.Line, op.AnsweredBy, op.Late = false, f.path, c.line, callee, c.late
		op.Unread = op.Kind == coverage.OpLookupResources
		op.Unheeded = unheeded && !c.late && !c.discarded.has(a.result)
		op.AnswerIsError = l.errorResult(callee, a.result)
		out = append(out, op)
	}
	return out
}
