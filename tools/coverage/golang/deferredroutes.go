package golang

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// Routes whose path or method only the link can settle:
//
//	r.Get(routes.DocPath, h.getDoc)        // a constant of another package
//	e.Add(verbs.Delete, "/docs/{id}", h)   // a method constant of another package
//	register(r, routes.DocPath, h.getDoc)  // the same, through a helper of the file
//	api := r.Group(routes.APIPrefix)       // a group's prefix, for its routes
//
// The file keeps the path and method as they are written (in its caller's
// terms when a helper is walked for one call), and the link settles them
// against the module's constants. A path that still does not settle
// leaves the route unrecorded, as in the file; a method that does not
// settle leaves the route without one (any method), never a guess.

// deferredRoute is a route's path and method as written, with the
// arguments the parameters they name were bound to while a registration
// helper was walked for one call. parts are its routers' prefixes and
// its path, which the link joins; a part is text or an expression.
type deferredRoute struct {
	path, method ast.Expr
	// pattern: path may start with the method ("GET /docs/{id}").
	pattern bool
	binds   map[*ast.Object]ast.Expr
	parts   []deferredPart
	// pathKnown: the file reads the path, if not the method or a prefix
	// (which it lists as written), so it lists the route.
	pathKnown bool
}

type deferredPart struct {
	text string
	expr ast.Expr
}

// linkedPrefix is a group's prefix as written (as the call passes it, in
// a helper walked for one call) when it is no constant of the file but
// one of an imported package, which the link reads.
func (a *analyzer) linkedPrefix(e ast.Expr, sc *scope) ast.Expr {
	if _, known := a.constString(e, sc); known {
		return nil
	}
	if e = a.argExpr(e, sc); a.importedConst(e, sc) {
		return e
	}
	return nil
}

// linkedParts is linkedPrefix as the parts of a router's prefix, or nil.
func (a *analyzer) linkedParts(e ast.Expr, sc *scope) []deferredPart {
	if x := a.linkedPrefix(e, sc); x != nil {
		return []deferredPart{{expr: x}}
	}
	return nil
}

// joinParts appends text to linked parts; nil stays nil, as a prefix the
// file reads needs no parts.
func joinParts(parts []deferredPart, text string) []deferredPart {
	if parts == nil || text == "" {
		return parts
	}
	return append(slices.Clone(parts), deferredPart{text: text})
}

// prefixParts is r's own prefix as parts.
func (r *router) prefixParts() []deferredPart {
	switch {
	case len(r.linked) > 0:
		return r.linked
	case r.prefix != "":
		return []deferredPart{{text: r.prefix}}
	}
	return nil
}

// deferredOf is the route the link settles for rec, when its path or
// method or a prefix of its routers is left to the link; else nil.
func (a *analyzer) deferredOf(rec *route) *deferredRoute {
	parts, linked := chainParts(rec.router)
	if !linked && rec.deferred == nil {
		return nil
	}
	d := deferredRoute{pathKnown: true}
	if rec.deferred != nil {
		d = *rec.deferred
		parts = append(parts, deferredPart{expr: d.path})
	} else {
		parts = append(parts, deferredPart{text: rec.path})
	}
	d.parts = parts
	return &d
}

// chainParts are the prefixes of r and its ancestors, root first, and
// whether only the link can read one.
func chainParts(r *router) (parts []deferredPart, linked bool) {
	for _, c := range r.chain() {
		parts = append(parts, c.prefixParts()...)
		linked = linked || len(c.linked) > 0
	}
	return parts, linked
}

// deferRoute keeps a route whose path or method is not a constant of the
// file for the link to settle, unless it is made from a parameter of the
// function registering it that no call binds: that is a registration
// helper's template (see regtemplates.go).
func (a *analyzer) deferRoute(rec *route, method, path ast.Expr, pattern bool, sc *scope) bool {
	var binds map[*ast.Object]ast.Expr
	for _, e := range []ast.Expr{method, path} {
		if e != nil && !a.boundParams(e, sc, &binds) {
			return false
		}
	}
	rec.deferred = &deferredRoute{path: path, method: method, pattern: pattern, binds: binds}
	return true
}

// boundParams records the arguments the parameters e names are bound
// to, and reports false when e names a parameter no call binds.
func (a *analyzer) boundParams(e ast.Expr, sc *scope, binds *map[*ast.Object]ast.Expr) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		id, isIdent := n.(*ast.Ident)
		if !isIdent || id.Obj == nil || id.Obj.Kind != ast.Var || !ok {
			return ok
		}
		if v, bound := sc.lookup(id.Name); bound && v.arg != nil {
			if *binds == nil {
				*binds = map[*ast.Object]ast.Expr{}
			}
			(*binds)[id.Obj] = v.arg
			return true
		}
		if _, isParam := id.Obj.Decl.(*ast.Field); isParam {
			ok = false
		}
		return ok
	})
	return ok
}

// methodExpr is a route's method argument when it names no method the
// file can read, for the link to settle: a slice of methods (gin's
// Match) is read in the file or not at all.
func (a *analyzer) methodExpr(e ast.Expr, methods []string) ast.Expr {
	if _, isList := unparen(e).(*ast.CompositeLit); isList || len(methods) > 0 {
		return nil
	}
	return e
}

// deferredSum is a deferred route in symbolic form: the prefixes of its
// routers and its path, to join, and its method.
type deferredSum struct {
	parts   []valSym
	method  valSym
	pattern bool
	// litNamed: the handler is a func literal, named after its route.
	litNamed bool
}

// deferredSum reads a handler's deferred route.
func (s *summarizer) deferredSum(h handlerRec) *deferredSum {
	d := h.deferred
	if d == nil {
		return nil
	}
	out := &deferredSum{parts: make([]valSym, len(d.parts)), pattern: d.pattern, litNamed: h.lit != nil}
	for i, p := range d.parts {
		if p.expr == nil {
			out.parts[i] = valSym{kind: valLiteral, text: p.text}
		} else {
			out.parts[i] = placeholderNamed(s.boundValue(p.expr, d.binds, 0), p.expr)
		}
	}
	if d.method != nil {
		out.method = s.boundValue(d.method, d.binds, 0)
	}
	return out
}

// boundValue reads an operand written in a registration helper walked
// for one call: a parameter is the argument the call passes.
func (s *summarizer) boundValue(e ast.Expr, binds map[*ast.Object]ast.Expr, depth int) valSym {
	switch x := unparen(e).(type) {
	case *ast.Ident:
		if arg, ok := binds[x.Obj]; ok && depth < maxValueDepth {
			return s.value(arg, nil, depth+1)
		}
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			return valSym{kind: valConcat, ref: &valRef{parts: []valSym{s.boundValue(x.X, binds, depth+1), s.boundValue(x.Y, binds, depth+1)}}}
		}
	}
	return s.value(e, nil, depth)
}

// settleRoute settles a deferred route of hs: what no constant settles
// is kept in braces.
func (l *linker) settleRoute(hs *handlerSum, pkg string) {
	d := hs.deferred
	h := &hs.handler
	route := ""
	last := len(d.parts) - 1
	for i, p := range d.parts {
		if i < last {
			route = joinPath(route, l.settleText(p, pkg))
			continue
		}
		// A part no constant settles (a variable of another package,
		// which code anywhere may assign) is kept as its expression in
		// braces, as a prefix is: the route is listed, its method read
		// from the pattern's literal head.
		text := l.settleText(p, pkg)
		if d.pattern {
			var method string
			if method, text = splitPattern(text); method != "" {
				h.Method = method
			}
		}
		route = joinPath(route, text)
	}
	if d.method.kind != valUnknown {
		if m := l.settle(d.method, pkg, 0); m.Known() && m.Text != "" {
			h.Method = strings.ToUpper(m.Text)
		}
	}
	h.Route = route
	if d.litNamed {
		h.Function = literalName(h.Method, h.Route, h.Line)
	}
	h.Operation = coverage.InferOperation(h.Method, h.Route, h.Function)
}

// mountParts is where a mount site's paths start, in symbolic form, when
// only the link can read a prefix of its routers or the site's own
// (r.Mount(routes.Docs, docs.Routes()), or a group at such a prefix
// handed to docs.Register); else nil.
func (s *summarizer) mountParts(m mountSite) []valSym {
	if len(m.linked) == 0 && !isLinked(m.router) {
		return nil
	}
	parts, _ := chainParts(m.router)
	switch {
	case len(m.linked) > 0:
		parts = append(parts, m.linked...)
	case m.prefix != "":
		parts = append(parts, deferredPart{text: m.prefix})
	}
	return s.partSyms(parts)
}

// routerParts is the prefix of a router, in symbolic form, when only the
// link can read a part of it; else nil.
func (s *summarizer) routerParts(r *router) []valSym {
	if !isLinked(r) {
		return nil
	}
	parts, _ := chainParts(r)
	return s.partSyms(parts)
}

func isLinked(r *router) bool {
	return slices.ContainsFunc(r.chain(), func(c *router) bool { return len(c.linked) > 0 })
}

func (s *summarizer) partSyms(parts []deferredPart) []valSym {
	out := make([]valSym, len(parts))
	for i, p := range parts {
		if p.expr == nil {
			out[i] = valSym{kind: valLiteral, text: p.text}
		} else {
			out[i] = placeholderNamed(s.value(p.expr, nil, 0), p.expr)
		}
	}
	return out
}

// settlePrefix is a router's prefix: its parts settled against the
// module's constants (an operand that does not settle is a placeholder),
// or as the file wrote it (text) when there are none.
func (l *linker) settlePrefix(parts []valSym, text, pkg string) string {
	if parts == nil {
		return text
	}
	prefix := ""
	for _, p := range parts {
		prefix = joinPath(prefix, l.settleText(p, pkg))
	}
	return prefix
}

// placeholderNamed keeps in v the expression of each operand of e, a
// prefix or path as written, that may not settle, so that the link
// shows it in braces as the file does (see prefix).
func placeholderNamed(v valSym, e ast.Expr) valSym {
	switch x := unparen(e).(type) {
	case *ast.BinaryExpr:
		if x.Op == token.ADD && v.kind == valConcat && len(v.ref.parts) == 2 {
			ref := *v.ref
			ref.parts = []valSym{placeholderNamed(ref.parts[0], x.X), placeholderNamed(ref.parts[1], x.Y)}
			v.ref = &ref
		}
	default:
		if v.kind != valLiteral {
			v.expr = exprString(x)
		}
	}
	return v
}

// settleText is a prefix part settled against the module's constants,
// with the operands that do not settle in braces (routes.Prefix+"/v2"
// with routes.Prefix unknown is {routes.Prefix}/v2), as prefix renders
// them in the file.
func (l *linker) settleText(v valSym, pkg string) string {
	if r := l.settle(v, pkg, 0); r.Known() {
		return r.Text
	}
	if v.kind == valConcat {
		var b strings.Builder
		for _, p := range v.ref.parts {
			b.WriteString(l.settleText(p, pkg))
		}
		return b.String()
	}
	if v.expr == "" {
		return "{}"
	}
	return "{" + v.expr + "}"
}
