package coverage

import (
	"cmp"
	"hash/maphash"
	"maps"
	"reflect"
	"slices"
)

// walkState is what an analysis keeps of its walks, so that the next
// analysis of the program after an edit walks again only what the edit
// can change. A walk's result depends only on the functions it reaches
// (see memoID), so a node or handler that reaches no changed function
// has the result it had. The whole-program rules read every op bound in
// any node of any walk: the state keeps the graph of nodes, with the ops
// each binds itself, and reads the ops of the nodes the roots reach.
type walkState struct {
	// seeds hash the memo keys of nodes.
	seeds [2]maphash.Seed
	// ops are the interned ops; index finds one by key.
	ops   []*reachedOp
	index map[string]int
	// nodes are the walks' nodes; nodeIndex finds one by key, and free
	// lists the slots of nodes dropped.
	nodes     []graphNode
	nodeIndex map[memoID]int32
	free      []int32
	// callers is the reverse call graph, by callee ID whether or not it
	// resolves, so an added function's callers are known.
	callers map[string][]string
	// handlers are the included handlers' results, in analysis order;
	// routes are their routes by Func ID (analysis.routes), which no
	// analysis changes once its handlers are listed.
	handlers []*handlerResult
	routes   map[string]string
	// byFunc lists, by function ID, the handlers whose function or
	// middleware it is.
	byFunc map[string][]*handlerResult
	// refs counts, per op, the nodes that bind it; capped counts the
	// nodes whose set was capped.
	refs   []int32
	capped int
	// touched holds, while an edit is folded in, the nodes that lost a
	// reference, with the count they had.
	touched map[int32]int32
	// stamp and stamps mark the nodes one search has met.
	stamp  uint32
	stamps []uint32
	// rules are the rules' results on the ops the nodes bind; flips
	// lists the ops whose count of nodes came to or left zero since.
	rules *ruleState
	flips []int32
}

// graphNode is a node of the walks: a function and its arguments.
type graphNode struct {
	key memoID
	// ops are the ops it binds itself, as ids in walkState.ops.
	ops []int32
	// calls are the nodes it calls.
	calls []int32
	// capped is set on a node whose set hit maxOpsPerFunc.
	capped bool
	used   bool
	// in counts the nodes that call it and the handlers that hold it.
	in int32
}

// previous is the last analysis of a program: the program, its report
// and walks, the functions changed since (see changedFuncs), and whether
// the handlers are as they were.
type previous struct {
	prog         Program
	report       *Report
	state        *walkState
	changed      map[string]bool
	sameHandlers bool
}

// mergeTracked builds the walkState from the shares of a full walk and
// sets the global ops and the truncation from it. It reports false,
// keeping nothing, when a walk was cut short by depth or length, which
// depends on the order of the walks.
func (a *analysis) mergeTracked(shares []*analysis) bool {
	for _, s := range shares {
		if s.reach.cut {
			return false
		}
	}
	// The walks' sets are spent: let the graph have their memory.
	for _, s := range shares {
		s.reach.memo, s.reach.nodes = nil, nil
	}
	r0 := shares[0].reach
	// The first share's numbering of its nodes becomes the state's.
	st := &walkState{seeds: a.seeds, index: r0.index, nodeIndex: r0.record.index}
	st.nodes = make([]graphNode, len(r0.record.keys))
	for i, k := range r0.record.keys {
		st.nodes[i] = graphNode{key: k, used: true}
	}
	st.ops = slices.Clone(r0.ops)
	st.refs = make([]int32, len(st.ops))
	for _, s := range shares {
		st.fold(s.reach)
	}
	for _, s := range shares {
		for _, res := range s.results {
			st.handlerNodes(res)
		}
		st.handlers = append(st.handlers, s.results...)
	}
	st.numberHandlers()
	st.indexHandlers()
	st.callers = map[string][]string{}
	for _, f := range a.prog.Funcs {
		st.link(f, true)
	}
	// The rules read the ops from the state (see trackedRules).
	a.reach.truncated = st.truncated()
	st.routes = a.routes
	a.state, a.ws = st, st
	return true
}

// rewalk analyzes the program after an edit from the previous analysis's
// walks. It records anew the nodes of the functions that reach a changed
// function, entering no node of another function that it has a record
// of, and analyzes again the handlers whose body or middleware reaches a
// changed function; it reuses every other result. It reports false when
// its result could differ from a full analysis's (a walk was cut short);
// the state is then spent. handlers are the included handlers, sorted;
// with the same handlers as before, none are passed (see run).
func (a *analysis) rewalk(prev *previous, handlers []ProgramHandler) (bool, error) {
	st := prev.state
	a.seeds = st.seeds
	changed := prev.changed
	affected := st.reaching(changed)
	// Records the nodes of the affected functions.
	rec := newReacher(a.ctx, a.prog, a.cfg, a.seeds)
	rec.record = newWalkRecord(0)
	rec.known = func(k memoID) bool {
		_, ok := st.nodeIndex[k]
		return ok && !affected[k.fn]
	}
	roots := 0
	for _, id := range slices.Sorted(maps.Keys(affected)) {
		if err := a.ctx.Err(); err != nil {
			return false, err
		}
		if a.prog.Funcs[id] != nil {
			rec.walk(id, nil)
			roots++
		}
	}
	// Walks the handlers in full.
	r := newReacher(a.ctx, a.prog, a.cfg, a.seeds)
	r.record = newWalkRecord(0)
	a.reach = r
	nh := len(handlers)
	if prev.sameHandlers {
		// The caller passes none: the last results hold them, in order.
		nh = len(st.handlers)
	}
	results := make([]*handlerResult, nh)
	fresh := make([]bool, nh)
	// from is, when the handlers changed, the index of the last result
	// each one kept is.
	from := make([]int32, nh)
	reused := make([]bool, len(st.handlers))
	rewalked := 0
	if prev.sameHandlers {
		// The same handlers, sorted the same: the i-th is the i-th, and
		// the index names those that reach an affected function.
		copy(results, st.handlers)
		for i := range reused {
			reused[i] = true
		}
		for _, i := range st.handlersReaching(affected) {
			if err := a.ctx.Err(); err != nil {
				return false, err
			}
			results[i], fresh[i], reused[i] = a.handler(&st.handlers[i].h), true, false
			rewalked++
		}
	} else {
		j := 0
		for i := range handlers {
			h := &handlers[i]
			for j < len(st.handlers) && compareHandlers(&st.handlers[j].h, h) < 0 {
				j++
			}
			if j < len(st.handlers) && sameHandler(st.handlers[j].h, *h) && !affected[h.Func] &&
				!slices.ContainsFunc(h.MiddlewareFuncs, func(id string) bool { return affected[id] }) {
				results[i], reused[j], from[i] = st.handlers[j], true, int32(j)
				j++
				continue
			}
			if err := a.ctx.Err(); err != nil {
				return false, err
			}
			results[i], fresh[i] = a.handler(h), true
			rewalked++
		}
	}
	if err := cmp.Or(rec.err, r.err); err != nil {
		return false, err
	}
	if rec.cut || r.cut {
		return false, nil
	}

	// Fold the records into the state: the nodes of the affected
	// functions are the ones just recorded, or gone.
	st.touched = map[int32]int32{}
	st.dropAffected(affected, reused)
	st.fold(r)
	// The partial walk's sets say nothing of caps: count what each of
	// its nodes reaches.
	for _, i := range st.fold(rec) {
		st.setCapped(i, st.reachesMoreOps(i, maxOpsPerFunc))
	}
	for i, res := range results {
		if fresh[i] {
			st.handlerNodes(res)
		}
	}
	last := st.handlers
	var gone []*handlerResult
	for j, res := range last {
		if !reused[j] {
			gone = append(gone, res)
		}
	}
	st.handlers = results
	st.reindexHandlers(gone, fresh)
	a.edit = &edit{affected: affected, gone: gone, fresh: fresh, report: prev.report}
	st.collect()
	for id := range changed {
		if f := prev.prog.Funcs[id]; f != nil {
			st.link(f, false)
		}
		if f := a.prog.Funcs[id]; f != nil {
			st.link(f, true)
		}
	}
	if len(st.nodeIndex) >= maxReachSteps {
		// A full walk would be cut short.
		return false, nil
	}
	if !prev.sameHandlers {
		a.edit.moved = st.patchRoutes(gone, fresh)
		a.routes = st.routes
	}
	kept := prev.report != nil && len(prev.report.Handlers) == len(last)
	switch {
	case kept && prev.sameHandlers:
		a.patchHandlers(prev.report, last, results, fresh)
	case kept:
		a.spliceHandlers(prev.report, last, reused, results, fresh, from)
	default:
		a.report.Handlers = slices.Grow(a.report.Handlers, len(results))
		for _, res := range results {
			// The findings are the rules' state's (see trackedRules).
			a.recordHandler(res)
		}
	}
	r.truncated = st.truncated()
	a.ws = st
	// Ops no node binds any more stay interned; past twice the live ones
	// the next analysis is full, and starts the state afresh.
	if len(st.ops) <= 2*st.liveOps()+4096 {
		st.routes = a.routes
		a.state = st
	}
	a.rewalked = &Rewalk{Functions: roots, Handlers: rewalked}
	return true, nil
}

// patchHandlers sets the report's handlers to the last report's, with
// those of the results analyzed again (fresh) in their places: with the
// same handlers, each keeps its ID, and the counts change by the
// difference. While the handlers analyzed again report what they did
// (an edit that changes no SpiceDB call they reach), the list is the
// last report's.
func (a *analysis) patchHandlers(last *Report, old, results []*handlerResult, fresh []bool) {
	hs := last.Handlers
	copied := false
	s := &a.report.Summary
	s.Handlers, s.Protected, s.Exempt = last.Summary.Handlers, last.Summary.Protected, last.Summary.Exempt
	for i, res := range results {
		if !fresh[i] {
			continue
		}
		res.report.ID = hs[i].ID
		if !reflect.DeepEqual(&res.report, &hs[i]) {
			if !copied {
				hs, copied = slices.Clone(hs), true
			}
			hs[i] = res.report
		}
		s.Protected += one(res.protected) - one(old[i].protected)
		s.Exempt += one(res.exempt) - one(old[i].exempt)
	}
	a.report.Handlers = hs
	a.idsKept = true
}

// spliceHandlers sets the report's handlers, when the handlers changed,
// to the last report's without those of the results not kept (old, by
// reused) and with those analyzed again (fresh) in their places; from
// says where each kept one was. Only the IDs that a handler gone or
// added can change are given again, and the counts change by the
// difference.
func (a *analysis) spliceHandlers(last *Report, old []*handlerResult, reused []bool, results []*handlerResult, fresh []bool, from []int32) {
	hs := make([]HandlerReport, len(results))
	s := &a.report.Summary
	s.Handlers, s.Protected, s.Exempt = len(results), last.Summary.Protected, last.Summary.Exempt
	bases := map[string]bool{}
	for j, res := range old {
		if !reused[j] {
			bases[idBase(&last.Handlers[j])] = true
			s.Protected -= one(res.protected)
			s.Exempt -= one(res.exempt)
		}
	}
	for i := 0; i < len(results); {
		if res := results[i]; fresh[i] {
			hs[i] = res.report
			bases[idBase(&hs[i])] = true
			s.Protected += one(res.protected)
			s.Exempt += one(res.exempt)
			i++
			continue
		}
		// A run of kept handlers that were in a row: copied at once.
		n := int32(1)
		for int(n)+i < len(results) && !fresh[i+int(n)] && from[i+int(n)] == from[i]+n {
			n++
		}
		copy(hs[i:], last.Handlers[from[i]:from[i]+n])
		i += int(n)
	}
	renumberIDs(hs, bases)
	a.report.Handlers = hs
	a.idsKept = true
}

// one is 1 for true and 0 for false, for counts.
func one(b bool) int {
	if b {
		return 1
	}
	return 0
}

// numberHandlers sets each handler result's place in the handlers.
func (st *walkState) numberHandlers() {
	for i, res := range st.handlers {
		res.pos = int32(i)
	}
}

// indexHandlers lists the handlers by the functions they start at.
func (st *walkState) indexHandlers() {
	st.byFunc = make(map[string][]*handlerResult, len(st.handlers))
	for _, res := range st.handlers {
		res.startFuncs(func(id string) {
			st.byFunc[id] = append(st.byFunc[id], res)
		})
	}
}

// reindexHandlers updates the index and the places after an edit: the
// results gone leave the index, the fresh ones join it.
func (st *walkState) reindexHandlers(gone []*handlerResult, fresh []bool) {
	for _, res := range gone {
		res.startFuncs(func(id string) { dropFrom(st.byFunc, id, res) })
	}
	for i, res := range st.handlers {
		if fresh[i] {
			res.startFuncs(func(id string) {
				st.byFunc[id] = append(st.byFunc[id], res)
			})
		}
	}
	st.numberHandlers()
}

// startFuncs calls f with each function a handler starts at: its own
// and its middleware.
func (res *handlerResult) startFuncs(f func(id string)) {
	if res.h.Func != "" {
		f(res.h.Func)
	}
	for _, id := range res.h.MiddlewareFuncs {
		f(id)
	}
}

// handlersReaching returns, in order, the indexes of the handlers whose
// function or middleware is among ids.
func (st *walkState) handlersReaching(ids map[string]bool) []int32 {
	var out []int32
	for id := range ids {
		for _, res := range st.byFunc[id] {
			out = append(out, res.pos)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// patchRoutes updates the routes by Func ID (see recordRoutes) after the
// handlers changed, and returns the functions whose route changed. A
// function's route is that of its first handler with one, so only the
// functions of the handlers gone or added (fresh) can have another.
func (st *walkState) patchRoutes(gone []*handlerResult, fresh []bool) map[string]bool {
	funcs := map[string]bool{}
	for _, res := range gone {
		funcs[res.h.Func] = true
	}
	for i, res := range st.handlers {
		if fresh[i] {
			funcs[res.h.Func] = true
		}
	}
	delete(funcs, "")
	moved := map[string]bool{}
	for f := range funcs {
		route, first := "", int32(len(st.handlers))
		for _, res := range st.byFunc[f] {
			if res.h.Func == f && res.pos < first {
				if r := routeOf(&res.h.Handler); r != "" {
					route, first = r, res.pos
				}
			}
		}
		if st.routes[f] != route {
			moved[f] = true
		}
		if route == "" {
			delete(st.routes, f)
		} else {
			st.routes[f] = route
		}
	}
	return moved
}

// fold interns a reacher's ops in the state and adds the nodes it
// recorded, in place of any with their keys, and returns their indexes.
func (st *walkState) fold(r *reacher) []int32 {
	local := make([]int, len(r.ops))
	for i, k := range r.keys {
		id, ok := st.index[k]
		if !ok {
			id = len(st.ops)
			st.index[k] = id
			st.ops = append(st.ops, r.ops[i])
			st.refs = append(st.refs, 0)
		}
		local[i] = id
	}
	nodes := make([]int32, len(r.record.keys))
	for i, k := range r.record.keys {
		nodes[i] = st.slot(k)
	}
	var out []int32
	for j, rec := range r.record.nodes {
		if rec == nil {
			continue // met, not walked: a node kept from before
		}
		for i, id := range rec.ops {
			rec.ops[i] = int32(local[id])
		}
		for i, c := range rec.calls {
			rec.calls[i] = nodes[c]
		}
		i := nodes[j]
		st.unbind(i)
		n := &st.nodes[i]
		n.ops, n.calls = rec.ops, rec.calls
		for _, id := range n.ops {
			if st.refs[id]++; st.refs[id] == 1 {
				st.flips = append(st.flips, id)
			}
		}
		for _, c := range n.calls {
			st.nodes[c].in++
		}
		st.setCapped(i, rec.capped)
		out = append(out, i)
	}
	r.record = nil
	return out
}

// slot returns the index of the node with key k, making an empty one if
// there is none.
func (st *walkState) slot(k memoID) int32 {
	if i, ok := st.nodeIndex[k]; ok {
		return i
	}
	var i int32
	if n := len(st.free); n > 0 {
		i, st.free = st.free[n-1], st.free[:n-1]
	} else {
		i = int32(len(st.nodes))
		st.nodes = append(st.nodes, graphNode{})
	}
	st.nodes[i] = graphNode{key: k, used: true}
	st.nodeIndex[k] = i
	return i
}

// unbind takes back what a node's content adds to the counts.
func (st *walkState) unbind(i int32) {
	n := &st.nodes[i]
	for _, id := range n.ops {
		if st.refs[id]--; st.refs[id] == 0 {
			st.flips = append(st.flips, id)
		}
	}
	for _, c := range n.calls {
		st.release(c)
	}
	st.setCapped(i, false)
	n.ops, n.calls = nil, nil
}

// release takes back one reference to a node, noting it for collect.
func (st *walkState) release(i int32) {
	if _, ok := st.touched[i]; !ok && st.touched != nil {
		st.touched[i] = st.nodes[i].in
	}
	st.nodes[i].in--
}

// setCapped sets whether a node's set was capped.
func (st *walkState) setCapped(i int32, capped bool) {
	n := &st.nodes[i]
	switch {
	case capped && !n.capped:
		st.capped++
	case !capped && n.capped:
		st.capped--
	}
	n.capped = capped
}

// drop removes a node.
func (st *walkState) drop(i int32) {
	st.unbind(i)
	delete(st.nodeIndex, st.nodes[i].key)
	st.nodes[i] = graphNode{}
	st.free = append(st.free, i)
}

// root reports whether a node is walked for its own sake: a function
// with no arguments. A handler's middleware node is held by the handler.
func (n *graphNode) root() bool { return n.key.args == [2]uint64{} }

// dropAffected drops the nodes of the affected functions, and releases
// the middleware nodes of the handlers not reused (analyzed again, or
// gone). Every node
// of an affected function is reached from a root of one, or from such a
// handler, through nodes of affected functions: its callers reach what
// it reaches.
func (st *walkState) dropAffected(affected map[string]bool, reused []bool) {
	var stack []int32
	seen := map[int32]bool{}
	push := func(i int32) {
		if !seen[i] && affected[st.nodes[i].key.fn] {
			seen[i] = true
			stack = append(stack, i)
		}
	}
	for j, res := range st.handlers {
		if reused[j] {
			continue
		}
		for _, i := range res.mwIdx {
			st.release(i)
			push(i)
		}
	}
	for id := range affected {
		if i, ok := st.nodeIndex[memoID{fn: id}]; ok {
			push(i)
		}
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, c := range st.nodes[i].calls {
			push(c)
		}
	}
	for i := range seen {
		st.drop(i)
	}
}

// handlerNodes sets the indexes of a handler's middleware nodes, which
// the handler holds.
func (st *walkState) handlerNodes(res *handlerResult) {
	res.mwIdx = make([]int32, len(res.mwNodes))
	for i, k := range res.mwNodes {
		res.mwIdx[i] = st.nodeIndex[k]
		st.nodes[res.mwIdx[i]].in++
	}
}

// collect drops the nodes that lost references and are no longer
// reached from a root: those with none left, and then, among the nodes
// below the others, those that only nodes there reference (a cycle).
func (st *walkState) collect() {
	var region []int32
	inRegion := map[int32]bool{}
	var stack []int32
	for i, before := range st.touched {
		n := &st.nodes[i]
		if !n.used || n.root() || n.in >= before {
			continue
		}
		stack = append(stack, i)
	}
	st.touched = nil
	// The region below the nodes that lost references, roots and what
	// is below them excluded: they live.
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if inRegion[i] || st.nodes[i].root() || !st.nodes[i].used {
			continue
		}
		inRegion[i] = true
		region = append(region, i)
		stack = append(stack, st.nodes[i].calls...)
	}
	if len(region) == 0 {
		return
	}
	// A node of the region lives when something outside it references
	// it, and so does what it calls.
	inner := map[int32]int32{}
	for _, i := range region {
		for _, c := range st.nodes[i].calls {
			if inRegion[c] {
				inner[c]++
			}
		}
	}
	live := map[int32]bool{}
	for _, i := range region {
		if st.nodes[i].in > inner[i] {
			stack = append(stack, i)
		}
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if live[i] || !inRegion[i] {
			continue
		}
		live[i] = true
		stack = append(stack, st.nodes[i].calls...)
	}
	for _, i := range region {
		if !live[i] {
			st.drop(i)
		}
	}
}

// liveOps counts the ops the nodes bind.
func (st *walkState) liveOps() int {
	n := 0
	for _, refs := range st.refs {
		if refs > 0 {
			n++
		}
	}
	return n
}

// truncated reports whether a set the report rests on was capped.
func (st *walkState) truncated() bool {
	truncated := st.capped > 0
	for _, res := range st.handlers {
		truncated = truncated || res.capped
	}
	return truncated
}

// mark starts a search of the nodes.
func (st *walkState) mark() uint32 {
	if n := len(st.nodes); len(st.stamps) < n {
		st.stamps = append(st.stamps, make([]uint32, n-len(st.stamps))...)
	}
	st.stamp++
	return st.stamp
}

// reachesMoreOps reports whether the nodes node i reaches bind more than
// limit ops, which is when its set would be capped.
func (st *walkState) reachesMoreOps(i int32, limit int) bool {
	stamp := st.mark()
	nodeSeen := st.stamps
	ops := map[int32]bool{}
	nodeSeen[i] = stamp
	stack := []int32{i}
	for len(stack) > 0 {
		n := &st.nodes[stack[len(stack)-1]]
		stack = stack[:len(stack)-1]
		for _, id := range n.ops {
			if ops[id] = true; len(ops) > limit {
				return true
			}
		}
		for _, c := range n.calls {
			if nodeSeen[c] != stamp {
				nodeSeen[c] = stamp
				stack = append(stack, c)
			}
		}
	}
	return false
}

// changedFuncs returns the IDs of the functions added, removed or changed
// between two programs. Functions a frontend reused are compared by
// pointer; others in full. When the frontend says which functions an
// edit of old's Funcs touched (Program.Edited), only those are compared.
func changedFuncs(old, cur *Program) map[string]bool {
	changed := map[string]bool{}
	if e := cur.Edited; e != nil && e.From != nil && reflect.ValueOf(e.From).UnsafePointer() == reflect.ValueOf(old.Funcs).UnsafePointer() {
		// The frontend says which functions may differ from old's.
		for _, id := range e.IDs {
			if g, f := old.Funcs[id], cur.Funcs[id]; g != f && (g == nil || f == nil || !g.equal(f)) {
				changed[id] = true
			}
		}
		return changed
	}
	kept := 0
	for id, f := range cur.Funcs {
		g, ok := old.Funcs[id]
		if ok {
			kept++
		}
		if !ok || g != f && !g.equal(f) {
			changed[id] = true
		}
	}
	if kept < len(old.Funcs) {
		for id := range old.Funcs {
			if cur.Funcs[id] == nil {
				changed[id] = true
			}
		}
	}
	return changed
}

// reaching returns the functions that reach one of ids in the call graph,
// ids included. The graph is the previous program's: the new program's
// calls that it lacks are made by changed functions, already in ids.
func (st *walkState) reaching(ids map[string]bool) map[string]bool {
	out := maps.Clone(ids)
	queue := slices.Collect(maps.Keys(ids))
	for len(queue) > 0 {
		id := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, c := range st.callers[id] {
			if !out[c] {
				out[c] = true
				queue = append(queue, c)
			}
		}
	}
	return out
}

// link adds a function's calls to the reverse call graph, or removes
// them.
func (st *walkState) link(f *Func, add bool) {
	for i, c := range f.Calls {
		if c.Callee == "" || slices.ContainsFunc(f.Calls[:i], func(d Call) bool { return d.Callee == c.Callee }) {
			continue
		}
		if add {
			st.callers[c.Callee] = append(st.callers[c.Callee], f.ID)
			continue
		}
		rest := slices.DeleteFunc(st.callers[c.Callee], func(id string) bool { return id == f.ID })
		if len(rest) == 0 {
			delete(st.callers, c.Callee)
		} else {
			st.callers[c.Callee] = rest
		}
	}
}

// compareHandlers orders handlers as analysis.handlers sorts them, by
// place, method, route, RPC, function and Func.
func compareHandlers(x, y *ProgramHandler) int {
	if c := cmp.Compare(x.File, y.File); c != 0 {
		return c
	}
	if c := cmp.Compare(x.Line, y.Line); c != 0 {
		return c
	}
	if c := cmp.Compare(x.Method, y.Method); c != 0 {
		return c
	}
	if c := cmp.Compare(x.Route, y.Route); c != 0 {
		return c
	}
	if c := cmp.Compare(x.RPC, y.RPC); c != 0 {
		return c
	}
	if c := cmp.Compare(x.Function, y.Function); c != 0 {
		return c
	}
	return cmp.Compare(x.Func, y.Func)
}
