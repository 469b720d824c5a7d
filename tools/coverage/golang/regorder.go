package golang

// Middleware registration order.
//
// gin and fiber run the middleware Use'd on a router only for the routes
// registered after it: gin copies a group's middleware into each route
// as it is registered (and into each group as it is made), fiber matches
// one stack of middleware and routes in registration order. echo does the
// same for a Group's Use, but runs the Echo's own for every route. So in
//
//	r.GET("/admin/users", listUsers)
//	r.Use(requireAdmin)
//
// listUsers runs unprotected. chi refuses Use after a route (it panics),
// and gorilla and net/http apply middleware to the whole router.
//
// The walk orders what it sees in one function body (a registration
// helper walked for one call counts as the caller's body): each route,
// Use, group and mount gets a point. Middleware is left out of a route
// only when both happen in the same body and the Use comes after, so an
// order the walk cannot see (routes in one method, Use in another) never
// drops middleware.

// point is a point of the walk: its order in the file, and the function
// body it happens in (0: unknown, which orders against nothing).
type point struct {
	seq, body int
}

// before reports whether e certainly happens before f.
func (e point) before(f point) bool {
	return e.body != 0 && e.body == f.body && e.seq < f.seq
}

// now is the next point of the body being walked.
func (a *analyzer) now() point {
	a.seq++
	return point{seq: a.seq, body: a.body}
}

// enterBody starts the walk of a function body; the function it returns
// ends it.
func (a *analyzer) enterBody() (exit func()) {
	prev := a.body
	a.bodies++
	a.body = a.bodies
	return func() { a.body = prev }
}

// ordersUse reports whether middleware Use'd on r applies only to the
// routes registered after it.
func ordersUse(r *router) bool {
	switch r.framework {
	case fwGin, fwFiber:
		return true
	case fwEcho:
		return r.grouped
	}
	return false
}

// useCutoffs is, for each router of chain (root first) on the way to a
// route registered at at, the point after which that router's Use no
// longer reaches the route: the route's own registration for its router;
// for an ancestor, when the router below was made or mounted, unless it
// is a fiber group, which shares its parent's stack.
func useCutoffs(chain []*router, at point) []point {
	cuts := make([]point, len(chain))
	if len(chain) == 0 {
		return cuts
	}
	cuts[len(chain)-1] = at
	for i := len(chain) - 1; i > 0; i-- {
		if c := chain[i]; c.sharesStack {
			cuts[i-1] = cuts[i]
		} else {
			cuts[i-1] = c.attached
		}
	}
	return cuts
}
