package golang

import "slices"

// A registration helper of the file is walked for itself and again for
// each of its calls (see inline). A route of the helper that takes
// nothing from the call (a constant path, a handler the helper names, on
// the router its own walk mounts where the call passes it, in a Group
// closure or not) comes out of a call's walk just as out of the helper's
// own: that is one registration, not one per walk.

// regSite is where a registration is written.
type regSite struct{ line, callLine int }

// inlineRepeats marks the routes a helper's walk for one call makes
// exactly as its own walk did. Such a route is none of the call's: an
// `// authz:public` comment above the call does not exempt it.
func (a *analyzer) inlineRepeats() map[*route]bool {
	if !slices.ContainsFunc(a.routes, func(rec *route) bool { return len(rec.callSites) > 0 }) {
		return nil
	}
	own := map[regSite][]*route{}
	for _, rec := range a.routes {
		if len(rec.callSites) == 0 && rec.target != nil && !a.routesParam(rec) {
			site := regSite{rec.line, rec.callLine}
			own[site] = append(own[site], rec)
		}
	}
	var repeats map[*route]bool
	for _, rec := range a.routes {
		if len(rec.callSites) == 0 || rec.target == nil {
			continue
		}
		for _, o := range own[regSite{rec.line, rec.callLine}] {
			if a.sameRegistration(o, rec) {
				if repeats == nil {
					repeats = map[*route]bool{}
				}
				repeats[rec] = true
				break
			}
		}
	}
	return repeats
}

// sameRegistration reports whether two registrations of one site make
// the same handlers: the same methods, path, handler and middleware,
// and the same parts left to the link.
func (a *analyzer) sameRegistration(x, y *route) bool {
	tx, ty := x.target, y.target
	if tx.fn != ty.fn || tx.lit != ty.lit || tx.name != ty.name || tx.expr != ty.expr ||
		x.router.framework != y.router.framework || !slices.Equal(x.methods, y.methods) {
		return false
	}
	full := joinPath(fullPrefix(x.router), x.path)
	if full != joinPath(fullPrefix(y.router), y.path) {
		return false
	}
	mws := func(rec *route) []mwRef {
		return append(append(routerMiddleware(rec.router, full, rec.at), rec.middleware...), rec.target.middleware...)
	}
	if !slices.Equal(mws(x), mws(y)) {
		return false
	}
	dx, dy := a.deferredOf(x), a.deferredOf(y)
	if dx == nil || dy == nil {
		return dx == dy
	}
	return dx.path == dy.path && dx.method == dy.method && dx.pattern == dy.pattern &&
		len(dx.binds) == 0 && len(dy.binds) == 0 && slices.Equal(dx.parts, dy.parts)
}
