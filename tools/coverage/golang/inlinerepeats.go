package golang

import (
	"fmt"
	"go/ast"
	"slices"
	"strings"
)

// A registration helper of the file is walked for itself and again for
// each of its calls (see inline). A route of the helper that takes
// nothing from the call (a constant path, a handler the helper names, on
// the router its own walk mounts where the call passes it, in a Group
// closure or not) comes out of a call's walk just as out of the helper's
// own: that is one registration, not one per walk.

// regKey is everything a registration's handlers are made of.
type regKey struct {
	line, callLine int
	framework      string
	methods        string
	path           string
	fn             *function
	lit            *ast.FuncLit
	name           string
	expr           ast.Expr
	// middleware and deferred list the middleware and the parts the link
	// settles, each by its name or text and the node it is written as.
	middleware string
	deferred   string
}

// keyOf is rec's regKey; rec has a target.
func (a *analyzer) keyOf(rec *route) regKey {
	t := rec.target
	full := joinPath(fullPrefix(rec.router), rec.path)
	var mws strings.Builder
	for _, m := range append(append(routerMiddleware(rec.router, full), rec.middleware...), t.middleware...) {
		fmt.Fprintf(&mws, "%s@%p;", m.name, m.expr)
	}
	var parts strings.Builder
	if d := a.deferredOf(rec); d != nil {
		fmt.Fprintf(&parts, "%v %p %p %d;", d.pattern, d.path, d.method, len(d.binds))
		for _, p := range d.parts {
			fmt.Fprintf(&parts, "%s@%p;", p.text, p.expr)
		}
	}
	return regKey{
		line: rec.line, callLine: rec.callLine, framework: rec.router.framework,
		methods: strings.Join(rec.methods, ","), path: full,
		fn: t.fn, lit: t.lit, name: t.name, expr: t.expr,
		middleware: mws.String(), deferred: parts.String(),
	}
}

// inlineRepeats marks the routes a helper's walk for one call makes
// exactly as its own walk did, and gives the routes they repeat the
// lines of those calls, for an `// authz:public` comment above one.
func (a *analyzer) inlineRepeats() map[*route]bool {
	if !slices.ContainsFunc(a.routes, func(rec *route) bool { return len(rec.callSites) > 0 }) {
		return nil
	}
	var own map[regKey]*route
	var repeats map[*route]bool
	for _, rec := range a.routes {
		if rec.target == nil || a.routesParam(rec) {
			continue
		}
		if len(rec.callSites) == 0 {
			if own == nil {
				own = map[regKey]*route{}
			}
			own[a.keyOf(rec)] = rec
			continue
		}
		if len(own) == 0 {
			continue
		}
		if first := own[a.keyOf(rec)]; first != nil {
			if repeats == nil {
				repeats = map[*route]bool{}
			}
			repeats[rec] = true
			first.callSites = append(first.callSites, rec.callSites...)
		}
	}
	return repeats
}
