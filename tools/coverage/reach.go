package coverage

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"hash/maphash"
	"slices"
	"strconv"
	"strings"
)

// Reachability limits. Real call chains from a handler to a SpiceDB call
// are a handful of functions deep, but a depth-first walk through a large
// cycle goes much deeper; the caps (walk depth, nodes walked, ops held per
// node) keep a pathological or generated call graph from stalling a hook.
// Hitting one is reported in the summary notes.
const (
	maxReachDepth = 1_000
	maxReachSteps = 1_000_000
	maxOpsPerFunc = 2_000
)

// site is where a string came from: the SpiceDB call that names it, or
// the call that passed it down to a wrapper.
type site struct {
	File string
	Line int
	// Func is the ID of the function whose code holds the string.
	Func string
}

// boundValue is an operand after parameter binding.
type boundValue struct {
	Value
	// Site is set for known values.
	Site site
}

// text renders the value for messages and reports: the string when
// known, else the source expression in angle brackets, else `?`.
func (v boundValue) text() string {
	switch {
	case v.Known():
		return v.Text
	case v.Expr != "":
		return "<" + v.Expr + ">"
	}
	return "?"
}

// appendKey appends what identifies the value and its origin: everything
// a report can show of it, so two values with one key are
// interchangeable and the ops a walk collects do not depend on the order
// it meets them in.
func (v boundValue) appendKey(b []byte) []byte {
	b = append(b, v.Kind...)
	b = append(b, 0)
	b = append(b, v.Text...)
	b = append(b, 0)
	b = strconv.AppendInt(b, int64(v.Param), 10)
	b = append(b, 0)
	b = append(b, v.Expr...)
	b = append(b, 0)
	b = append(b, v.Site.File...)
	b = append(b, 0)
	b = strconv.AppendInt(b, int64(v.Site.Line), 10)
	b = append(b, 0)
	b = append(b, v.Site.Func...)
	return append(b, 1)
}

// present reports whether the operand was given at all (a subject
// relation often is not).
func (v boundValue) present() bool {
	return v.Kind != "" && !(v.Known() && v.Text == "")
}

// reachedOp is an AuthzOp as seen from a root: its parameters bound to the
// arguments of the callers on the way, and the path it was reached by.
type reachedOp struct {
	Kind                                           AuthzOpKind
	Resource, Permission, Subject, SubjectRelation boundValue
	Update                                         string
	Gates, Late, Unread                            bool
	// File and Line locate the SpiceDB call, or the call to a configured
	// checker.
	File string
	Line int
	// Func is the ID of the function that makes the call.
	Func string
	// Checker is the configured checker this call matched, if any.
	Checker string
	// AnsweredBy, AnswerIsError and Unheeded are as in AuthzOp.
	AnsweredBy              string
	AnswerIsError, Unheeded bool
	// Via lists the functions from the root's first callee down to Func,
	// as display names; empty when the root makes the call itself.
	Via []string
}

func (o reachedOp) key() string { return string(o.appendKey(nil)) }

func (o reachedOp) appendKey(b []byte) []byte {
	for _, f := range []string{string(o.Kind), o.Update, o.File, o.Func, o.Checker, o.AnsweredBy} {
		b = append(b, f...)
		b = append(b, 2)
	}
	b = strconv.AppendBool(b, o.Gates)
	b = strconv.AppendBool(b, o.Late)
	b = strconv.AppendBool(b, o.Unread)
	b = strconv.AppendBool(b, o.AnswerIsError)
	b = strconv.AppendBool(b, o.Unheeded)
	b = append(b, 2)
	b = strconv.AppendInt(b, int64(o.Line), 10)
	b = append(b, 2)
	for _, v := range []boundValue{o.Resource, o.Permission, o.Subject, o.SubjectRelation} {
		b = v.appendKey(b)
	}
	return b
}

// isCheck reports whether the op asks SpiceDB about the caller's access.
func (o reachedOp) isCheck() bool { return o.Kind == OpCheck || o.Kind == OpBulkCheck }

// protects reports whether the op can authorize a request: a check, a bulk
// check, or a LookupResources that filters to what the caller may see.
func (o reachedOp) protects() bool { return o.isCheck() || o.Kind == OpLookupResources }

// writes reports whether the op creates or touches a relationship.
func (o reachedOp) writes() bool { return o.Kind == OpWrite && o.Update != "delete" }

// deletes reports whether the op removes relationships.
func (o reachedOp) deletes() bool {
	return o.Kind == OpDeleteRels || o.Kind == OpWrite && o.Update == "delete"
}

// viaText renders the path: " via svc.Update → authz.Require", or "".
func (o reachedOp) viaText() string {
	if len(o.Via) == 0 {
		return ""
	}
	return " via " + strings.Join(o.Via, " → ")
}

// opSet collects ops without duplicates, keeping the shortest path to each.
type opSet struct {
	index map[string]int
	ops   []reachedOp
}

func newOpSet() *opSet { return &opSet{index: map[string]int{}} }

// add adds an op whose key (without Via) is k.
func (s *opSet) add(k string, o reachedOp) {
	if i, ok := s.index[k]; ok {
		if len(o.Via) < len(s.ops[i].Via) {
			s.ops[i] = o
		}
		return
	}
	s.index[k] = len(s.ops)
	s.ops = append(s.ops, o)
}

// capped returns at most limit of the ops: the first by key, which do
// not depend on the order they were added in, and whether some were cut.
func (s *opSet) capped(limit int) ([]reachedOp, bool) {
	if len(s.ops) <= limit {
		return s.ops, false
	}
	keys := make([]string, 0, len(s.index))
	for k := range s.index {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]reachedOp, limit)
	for i, k := range keys[:limit] {
		out[i] = s.ops[s.index[k]]
	}
	return out, true
}

// reacher walks the call graph from roots to AuthzOps. A node of the walk
// is a function together with the known arguments it is called with, so a
// wrapper's summary is its result for the arguments a caller gives it.
// Results are memoized per node; nodes on a cycle share one result,
// computed once for their strongly connected component (Tarjan), so a
// dense or recursive call graph costs linear work, not exponential.
type reacher struct {
	ctx  context.Context
	prog *Program
	cfg  *Config
	// ops interns every bound op, keys their keys; sets hold indexes
	// into them. The ops live in pages, so interning one never copies
	// the others (an op is large, and a walk interns tens of thousands).
	ops   []*reachedOp
	page  []reachedOp
	keys  []string
	index map[string]int
	// memo holds the finished nodes' results.
	memo map[memoID][]int
	// nodes and stack are Tarjan's state for nodes in progress.
	nodes map[memoID]*walkNode
	stack []memoID
	// seeds and buf make memo keys.
	seeds     [2]maphash.Seed
	buf       []byte
	counter   int
	truncated bool
	// cut is set when a walk stopped at a cap on depth or length, which
	// depends on the order of the walks.
	cut bool
	err error
	// trees caches breadth-first search trees of the plain call graph,
	// per source function, for paths in messages.
	trees map[string]map[string]string
	// record holds every node walked, when an analysis keeps its walks
	// (see walkState).
	record *walkRecord
	// known, when set, names the nodes a walk that only records need not
	// enter: their records are kept from before. Sets are then partial.
	known func(memoID) bool
}

// walkRecord is what a reacher's walks were made of: the nodes met, by a
// number of their own, and for each node walked its record.
type walkRecord struct {
	keys  []memoID
	index map[memoID]int32
	nodes []*nodeRecord
}

// nodeRecord is what a walk node is made of: the ops it binds itself and
// the nodes it calls.
type nodeRecord struct {
	// ops are ids of interned ops: the reacher's, then the walkState's.
	ops []int32
	// calls are the nodes' numbers in the walkRecord.
	calls []int32
	// capped is set when the node's set hit maxOpsPerFunc.
	capped bool
}

// newWalkRecord returns an empty record with room for about size nodes.
func newWalkRecord(size int) *walkRecord {
	return &walkRecord{index: make(map[memoID]int32, size), keys: make([]memoID, 0, size), nodes: make([]*nodeRecord, 0, size)}
}

// id returns a node's number, giving it one if it has none.
func (w *walkRecord) id(k memoID) int32 {
	if i, ok := w.index[k]; ok {
		return i
	}
	i := int32(len(w.keys))
	w.index[k] = i
	w.keys = append(w.keys, k)
	w.nodes = append(w.nodes, nil)
	return i
}

type walkNode struct {
	index, low int
	onStack    bool
	// set is nil once merged into the node's parent in the same
	// component.
	set *idSet
}

// idSet is a set of interned ops. Most sets hold a few ops, so the
// index is made only for a large one. A set that reaches maxOpsPerFunc
// keeps the ops first by key from then on, in a heap whose top is the
// last of them: which ops a capped set keeps does not depend on the
// order the walk met them in (the first k of a union are the first k of
// the unions of the first k).
type idSet struct {
	has  map[int]bool
	list []int
	// keys are the interned ops' keys, for a full set.
	keys *[]string
	full bool
}

// smallSet is the size up to which a set is searched, not indexed.
const smallSet = 16

func (s *idSet) contains(id int) bool {
	if s.has != nil {
		return s.has[id]
	}
	return slices.Contains(s.list, id)
}

// add adds an op; false means the set is full and the op was dropped, or
// took the place of one.
func (s *idSet) add(id int) bool {
	if s.contains(id) {
		return true
	}
	if s.full || len(s.list) >= maxOpsPerFunc {
		s.keepFirst(id)
		return false
	}
	if s.has == nil && len(s.list) >= smallSet {
		s.has = make(map[int]bool, 2*smallSet)
		for _, x := range s.list {
			s.has[x] = true
		}
	}
	if s.has != nil {
		s.has[id] = true
	}
	s.list = append(s.list, id)
	return true
}

func (s *idSet) addAll(ids []int) bool {
	ok := true
	for _, id := range ids {
		ok = s.add(id) && ok
	}
	return ok
}

// keepFirst puts the op in the full set if it comes before the set's
// last by key, which it then drops.
func (s *idSet) keepFirst(id int) {
	if !s.full {
		s.full = true
		heap.Init(s)
	}
	keys := *s.keys
	if keys[id] >= keys[s.list[0]] {
		return
	}
	delete(s.has, s.list[0])
	s.has[id] = true
	s.list[0] = id
	heap.Fix(s, 0)
}

// Len, Less, Swap, Push and Pop make a full set a max-heap by key.
func (s *idSet) Len() int           { return len(s.list) }
func (s *idSet) Less(i, j int) bool { return (*s.keys)[s.list[i]] > (*s.keys)[s.list[j]] }
func (s *idSet) Swap(i, j int)      { s.list[i], s.list[j] = s.list[j], s.list[i] }
func (s *idSet) Push(x any)         { s.list = append(s.list, x.(int)) }
func (s *idSet) Pop() any {
	x := s.list[len(s.list)-1]
	s.list = s.list[:len(s.list)-1]
	return x
}

// newReacher returns a reacher whose memo keys hash with seeds; reachers
// that record their nodes for one walkState share them.
func newReacher(ctx context.Context, prog *Program, cfg *Config, seeds [2]maphash.Seed) *reacher {
	return &reacher{ctx: ctx, prog: prog, cfg: cfg, index: map[string]int{}, memo: map[memoID][]int{},
		nodes: map[memoID]*walkNode{}, seeds: seeds, trees: map[string]map[string]string{}}
}

// newSeeds returns fresh seeds for memo keys.
func newSeeds() [2]maphash.Seed { return [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()} }

func (r *reacher) intern(op reachedOp) int {
	// Most bindings were met before: look the key up without making a
	// string of it.
	r.buf = op.appendKey(r.buf[:0])
	if id, ok := r.index[string(r.buf)]; ok {
		return id
	}
	k := string(r.buf)
	r.index[k] = len(r.ops)
	if len(r.page) == cap(r.page) {
		r.page = make([]reachedOp, 0, opsPage)
	}
	r.page = append(r.page, op)
	r.ops = append(r.ops, &r.page[len(r.page)-1])
	r.keys = append(r.keys, k)
	return len(r.ops) - 1
}

// opsPage is how many interned ops a page holds.
const opsPage = 256

// walk memoizes the ops reachable from a function called with args and
// returns their indexes in ops.
func (r *reacher) walk(id string, args []boundValue) []int {
	if r.prog.Funcs[id] == nil {
		return nil
	}
	key := r.memoKey(id, args)
	if _, ok := r.memo[key]; !ok && r.err == nil {
		r.visit(key, id, args, 0)
	}
	return r.memo[key]
}

// visit walks one node depth first (Tarjan's algorithm). A child found
// to be in the same component as its parent merges its set into the
// parent's; the component's root memoizes the whole set for every member,
// since members of a cycle reach exactly the same ops.
func (r *reacher) visit(key memoID, id string, args []boundValue, depth int) *walkNode {
	n := &walkNode{index: r.counter, low: r.counter, onStack: true, set: &idSet{keys: &r.keys}}
	r.counter++
	r.nodes[key] = n
	r.stack = append(r.stack, key)
	if r.counter%1024 == 0 && r.ctx.Err() != nil {
		r.err = r.ctx.Err()
	}
	f := r.prog.Funcs[id]
	var rec *nodeRecord
	if r.record != nil {
		rec = &nodeRecord{}
		r.record.nodes[r.record.id(key)] = rec
	}
	// own adds an op the node binds itself.
	own := func(op reachedOp) {
		id := r.intern(op)
		if rec != nil {
			rec.ops = append(rec.ops, int32(id))
		}
		r.keepIn(rec, n.set.add(id))
	}
	for _, op := range f.Ops {
		own(bindOp(f, op, args))
	}
	for _, call := range f.Calls {
		if ch := r.cfg.checker(call.Callee); ch != nil {
			own(checkerOp(f, call, ch, args))
			continue
		}
		if r.prog.Funcs[call.Callee] == nil || r.err != nil {
			continue
		}
		cargs := bindArgs(f, call, args)
		ck := r.memoKey(call.Callee, cargs)
		if rec != nil {
			rec.calls = append(rec.calls, r.record.id(ck))
		}
		if r.known != nil && r.known(ck) {
			continue
		}
		if done, ok := r.memo[ck]; ok {
			r.keepIn(rec, n.set.addAll(done))
			continue
		}
		if m, ok := r.nodes[ck]; ok { // on the stack: a cycle
			n.low = min(n.low, m.index)
			continue
		}
		if depth+1 >= maxReachDepth || r.counter >= maxReachSteps {
			r.truncated, r.cut = true, true
			continue
		}
		m := r.visit(ck, call.Callee, cargs, depth+1)
		if m.set != nil && m.low < m.index { // same component as n
			n.low = min(n.low, m.low)
			r.keepIn(rec, n.set.addAll(m.set.list))
			m.set = nil
		} else if done, ok := r.memo[ck]; ok {
			r.keepIn(rec, n.set.addAll(done))
		}
	}
	if n.low == n.index {
		for {
			k := r.stack[len(r.stack)-1]
			r.stack = r.stack[:len(r.stack)-1]
			delete(r.nodes, k)
			r.memo[k] = n.set.list
			if k == key {
				break
			}
		}
	}
	return n
}

// keep records that a set hit its cap.
func (r *reacher) keep(ok bool) {
	if !ok {
		r.truncated = true
	}
}

// keepIn records that a node's set hit its cap, in its record if any.
func (r *reacher) keepIn(rec *nodeRecord, ok bool) {
	if !ok && rec != nil {
		rec.capped = true
	}
	r.keep(ok)
}

// handler returns the ops reachable from a handler's middleware and body,
// each with the path it is reached by, how many of the project's
// functions that covers, the nodes its middleware walks start at (walks
// with arguments that only a handler roots), whether its ops were
// capped, and why middleware that lets the handler's requests through
// before its checks (see Bypass) does not protect it ("" when none
// does). Such middleware is still walked, so that an edit of it
// analyzes the handler again.
func (r *reacher) handler(h *ProgramHandler) (ops []reachedOp, funcs int, mwNodes []memoID, cut bool, bypass string) {
	// A handler's body is rarely another's: its search tree is dropped
	// after, not kept for the rest of the run.
	if _, kept := r.trees[h.Func]; !kept {
		defer delete(r.trees, h.Func)
	}
	acc := newOpSet()
	for i, mw := range h.MiddlewareFuncs {
		f := r.prog.Funcs[mw]
		if f == nil {
			continue
		}
		args := middlewareArgs(h, i)
		mwNodes = append(mwNodes, r.memoKey(mw, args))
		reached := r.walk(mw, args)
		if j := slices.IndexFunc(f.Bypasses, func(b Bypass) bool { return b.Matches(&h.Handler) }); j >= 0 {
			if bypass == "" {
				bypass = bypassReason(f, f.Bypasses[j])
			}
			continue
		}
		for _, id := range reached {
			op := *r.ops[id]
			op.Via = append([]string{displayName(f)}, r.via(mw, op)...)
			acc.add(r.keys[id], op)
		}
	}
	if h.Func != "" {
		for _, id := range r.walk(h.Func, nil) {
			op := *r.ops[id]
			op.Via = r.via(h.Func, op)
			acc.add(r.keys[id], op)
		}
	}
	ops, cut = acc.capped(maxOpsPerFunc)
	r.keep(!cut)
	return ops, r.countFuncs(append(slices.Clone(h.MiddlewareFuncs), h.Func)), mwNodes, cut, bypass
}

// LetThrough starts the exemption of a handler that middleware lets
// through before its checks (see Bypass).
const LetThrough = "let through by "

// bypassReason says which middleware lets a handler's requests through,
// and where.
func bypassReason(f *Func, b Bypass) string {
	var cond []string
	if b.Method != "" {
		cond = append(cond, b.Method+" requests")
	}
	switch {
	case b.Path != "":
		cond = append(cond, b.Path)
	case b.Prefix != "":
		cond = append(cond, "paths under "+b.Prefix)
	}
	return fmt.Sprintf(LetThrough+"%s before its checks (%s:%d): %s", displayName(f), f.File, b.Line, strings.Join(cond, " to "))
}

// middlewareArgs binds the arguments of the call that installs the i-th
// middleware (a factory such as `authz.Require("document", "edit")`).
// Its strings are placed where the call is written, or at the handler
// when the frontend gives no file for it.
func middlewareArgs(h *ProgramHandler, i int) []boundValue {
	if i >= len(h.MiddlewareCalls) || h.MiddlewareCalls[i].Callee != h.MiddlewareFuncs[i] {
		return nil
	}
	at := site{File: h.File, Line: h.Line, Func: h.Func}
	if c := h.MiddlewareCalls[i]; c.File != "" && c.Line > 0 {
		at.File, at.Line = c.File, c.Line
	}
	args := h.MiddlewareCalls[i].Args
	out := make([]boundValue, len(args))
	for j, a := range args {
		out[j] = bindValue(a, nil, at)
	}
	return out
}

// via is the path from root to the op, through the function that wrote
// its permission (or resource) string when that is another function, so
// a wrapper's check shows the caller that bound it.
func (r *reacher) via(root string, op reachedOp) []string {
	waypoint := op.Func
	for _, v := range []boundValue{op.Permission, op.Resource} {
		if v.Known() && v.Site.Func != "" {
			waypoint = v.Site.Func
			break
		}
	}
	first, ok := r.path(root, waypoint)
	if !ok {
		p, _ := r.path(root, op.Func)
		return p
	}
	rest, _ := r.path(waypoint, op.Func)
	return append(first, rest...)
}

// path returns the display names of the functions on a shortest call
// path from one function to another, the first excluded; ok is false when
// there is none. Paths follow the plain call graph: they are for messages.
func (r *reacher) path(from, to string) ([]string, bool) {
	if from == to {
		return nil, true
	}
	parent := r.tree(from)
	if _, ok := parent[to]; !ok {
		return nil, false
	}
	var out []string
	for at := to; at != from; at = parent[at] {
		out = append(out, displayName(r.prog.Funcs[at]))
	}
	slices.Reverse(out)
	return out, true
}

// bfs maps every function reachable from src to its parent on a shortest
// path, visiting calls in source order.
func (r *reacher) bfs(src string) map[string]string {
	parent := map[string]string{src: ""}
	queue := []string{src}
	for len(queue) > 0 {
		f := r.prog.Funcs[queue[0]]
		queue = queue[1:]
		if f == nil {
			continue
		}
		for _, c := range f.Calls {
			if _, seen := parent[c.Callee]; !seen && r.prog.Funcs[c.Callee] != nil {
				parent[c.Callee] = f.ID
				queue = append(queue, c.Callee)
			}
		}
	}
	return parent
}

// countFuncs counts the project functions reachable from roots.
func (r *reacher) countFuncs(roots []string) int {
	seen := map[string]bool{}
	for _, id := range roots {
		if r.prog.Funcs[id] == nil {
			continue
		}
		for f := range r.tree(id) {
			seen[f] = true
		}
	}
	return len(seen)
}

// tree returns the cached breadth-first search tree from id.
func (r *reacher) tree(id string) map[string]string {
	t, ok := r.trees[id]
	if !ok {
		t = r.bfs(id)
		r.trees[id] = t
	}
	return t
}

// memoID identifies a function and the arguments it is called with, all
// of them: a walk's result depends on nothing else, so a node means the
// same whichever caller reaches it first. The arguments are kept as a
// 128-bit hash of their keys: nodes are many, and their arguments'
// texts long.
type memoID struct {
	fn   string
	args [2]uint64
}

func (r *reacher) memoKey(id string, args []boundValue) memoID {
	if len(args) == 0 {
		return memoID{fn: id}
	}
	r.buf = r.buf[:0]
	for _, a := range args {
		r.buf = a.appendKey(r.buf)
	}
	return memoID{fn: id, args: [2]uint64{maphash.Bytes(r.seeds[0], r.buf), maphash.Bytes(r.seeds[1], r.buf)}}
}

// bindValue resolves an operand of f: a parameter takes the caller's
// argument, a literal or constant records where it is written.
func bindValue(v Value, args []boundValue, at site) boundValue {
	switch {
	case v.Known():
		return boundValue{Value: v, Site: at}
	case v.Kind == ValueParam:
		if v.Param >= 0 && v.Param < len(args) {
			return args[v.Param]
		}
		// Unbound: the function is a root. Its callers bind it, each in
		// their own walk, so it stays a parameter rather than unknown.
		return boundValue{Value: v}
	}
	return boundValue{Value: v}
}

func bindOp(f *Func, op AuthzOp, args []boundValue) reachedOp {
	file := cmp.Or(op.File, f.File)
	at := site{File: file, Line: op.Line, Func: f.ID}
	return reachedOp{
		Kind:            op.Kind,
		Resource:        bindValue(op.Resource, args, at),
		Permission:      bindValue(op.Permission, args, at),
		Subject:         bindValue(op.Subject, args, at),
		SubjectRelation: bindValue(op.SubjectRelation, args, at),
		Update:          op.Update,
		Gates:           op.Gates,
		Late:            op.Late,
		Unread:          op.Unread,
		File:            file,
		Line:            op.Line,
		Func:            f.ID,
		AnsweredBy:      op.AnsweredBy,
		AnswerIsError:   op.AnswerIsError,
		Unheeded:        op.Unheeded,
	}
}

func bindArgs(f *Func, call Call, args []boundValue) []boundValue {
	at := site{File: f.File, Line: call.Line, Func: f.ID}
	out := make([]boundValue, len(call.Args))
	for i, a := range call.Args {
		out[i] = bindValue(a, args, at)
	}
	return out
}

// checkerOp turns a call to a configured checker into a gating check with
// the configured arguments bound.
func checkerOp(f *Func, call Call, ch *Checker, args []boundValue) reachedOp {
	at := site{File: f.File, Line: call.Line, Func: f.ID}
	arg := func(pos *int) boundValue {
		if pos == nil || *pos >= len(call.Args) {
			return boundValue{Value: Value{Kind: ValueUnknown}}
		}
		return bindValue(call.Args[*pos], args, at)
	}
	return reachedOp{
		Kind: OpCheck, Resource: arg(ch.Resource), Permission: arg(ch.Permission), Subject: boundValue{Value: Value{Kind: ValueUnknown}},
		Gates: true, File: f.File, Line: call.Line, Func: f.ID, Checker: ch.Func,
	}
}

// displayName names a function for messages as `pkg.Name` or
// `pkg.Type.Method`, pkg being the last element of its import path.
func displayName(f *Func) string {
	pkg := packageOf(f.ID)
	if pkg == "" || f.Name == "" {
		return cmp.Or(f.Name, f.ID)
	}
	return pkg + "." + f.Name
}

// packageOf returns the last element of the import path in a Func ID.
func packageOf(id string) string {
	if i := strings.IndexByte(id, '$'); i >= 0 {
		id = id[:i]
	}
	rest := id[strings.LastIndexByte(id, '/')+1:]
	pkg, _, ok := strings.Cut(rest, ".")
	if !ok {
		return ""
	}
	return pkg
}
