package coverage

import (
	"maps"
	"slices"
)

// ruleState is what an analysis keeps of its rules' results with its
// walks (see walkState), so that the next analysis after an edit runs
// the op rules again only on the ops that came, went or read a changed
// function, updates the whole-program rules' inputs by those ops, and
// patches the last report's sorted findings instead of sorting them
// anew. The rule classes (handler, op, whole-program and override rules)
// never give findings with the same key, so each key's winner is picked
// among one class's findings.
type ruleState struct {
	// live marks the ops the rules read: those some node binds.
	live []bool
	// opFound are the op rules' findings per op, for the ops that have
	// some; opKeys and handlerKeys list by key the ops and the handler
	// results that give a finding.
	opFound     map[int32][]keyedCandidate
	opKeys      map[string][]int32
	handlerKeys map[string][]*handlerResult
	// ungated lists by place the live checks that do not gate: an op's
	// message names what the others at its place check (see opRule).
	ungated map[string][]int32
	// schema counts the whole-program rules' inputs; schemaFound are
	// their findings by key.
	schema      *schemaInputs
	schemaFound map[string]candidate
	// found are the winning findings by key, of every class: the last
	// report's findings, which it lists sorted.
	found map[string]candidate
}

// edit is what an incremental analysis changed: the functions that reach
// a changed one, the last handler results not kept (gone: analyzed
// again, or their handlers gone), which of the new ones were analyzed
// again (fresh, by index in walkState.handlers), and the last report.
type edit struct {
	affected map[string]bool
	gone     []*handlerResult
	fresh    []bool
	report   *Report
	// moved are the functions whose route, which op findings name,
	// changed with the handlers.
	moved map[string]bool
}

// trackedRules runs the op and whole-program rules on the ops the walks
// bind, and keeps their results in the walk state. The first time it
// runs them on every op and adds their findings to a.findings; after an
// edit (a.edit) it runs them only where the edit changed their inputs,
// and sets the report's findings itself: it then reports true, and the
// findings of the config's overrides are among them.
func (a *analysis) trackedRules(st *walkState) bool {
	rs := st.rules
	if rs == nil || a.edit == nil {
		a.firstRules(st)
		return false
	}
	e := a.edit
	changed := map[int32]bool{}
	var touched []string
	// The ops that came or went.
	for _, id := range st.flips {
		if int(id) >= len(rs.live) {
			rs.live = append(rs.live, make([]bool, len(st.ops)-len(rs.live))...)
		}
		if live := st.refs[id] > 0; live != rs.live[id] {
			rs.live[id] = live
			rs.count(a, st, id, live, changed)
		}
	}
	st.flips = st.flips[:0]
	// The ops whose findings read an affected function, or one whose
	// route changed with the handlers.
	reread := e.affected
	if len(e.moved) > 0 {
		reread = maps.Clone(e.affected)
		maps.Copy(reread, e.moved)
	}
	for id := range rs.opFound {
		if readsAny(st.ops[id], reread) {
			changed[id] = true
		}
	}
	for _, id := range slices.Sorted(maps.Keys(changed)) {
		for _, kc := range rs.opFound[id] {
			dropFrom(rs.opKeys, kc.key, id)
			touched = append(touched, kc.key)
		}
		delete(rs.opFound, id)
		if rs.live[id] {
			found := a.opFindings(st, id)
			rs.addOp(id, found)
			for _, kc := range found {
				touched = append(touched, kc.key)
			}
		}
	}
	// The handlers gone or analyzed again.
	for _, res := range e.gone {
		for _, kc := range res.findings {
			dropFrom(rs.handlerKeys, kc.key, res)
			touched = append(touched, kc.key)
		}
	}
	for i, res := range st.handlers {
		if !e.fresh[i] {
			continue
		}
		for _, kc := range res.findings {
			rs.handlerKeys[kc.key] = append(rs.handlerKeys[kc.key], res)
			touched = append(touched, kc.key)
		}
	}
	// The whole-program rules, on their updated inputs.
	schemaFound := a.schemaFindings(rs.schema)
	for k, c := range schemaFound {
		if old, ok := rs.schemaFound[k]; !ok || old != c {
			touched = append(touched, k)
		}
	}
	for k := range rs.schemaFound {
		if _, ok := schemaFound[k]; !ok {
			touched = append(touched, k)
		}
	}
	rs.schemaFound = schemaFound

	var removed, added []Finding
	for _, k := range touched {
		c, ok := rs.winner(st, k)
		old, had := rs.found[k]
		if had == ok && old == c {
			continue
		}
		if had {
			removed = append(removed, old.f)
			delete(rs.found, k)
		}
		if ok {
			added = append(added, c.f)
			rs.found[k] = c
		}
	}
	if e.report != nil && a.cfg.BaselineFindings == nil {
		// Without a baseline the last report's findings are the winners,
		// sorted.
		if patched, ok := patchFindings(e.report.Findings, removed, added); ok {
			a.report.Findings = patched
			return true
		}
	}
	a.report.Findings = slices.Grow(a.report.Findings, len(rs.found))
	for _, c := range rs.found {
		a.report.Findings = append(a.report.Findings, c.f)
	}
	return true
}

// firstRules runs the rules on every op the walks bind, keeps their
// results, and adds their findings to a.findings, which then holds every
// class's: the state keeps it.
func (a *analysis) firstRules(st *walkState) {
	rs := &ruleState{live: make([]bool, len(st.ops)), opFound: map[int32][]keyedCandidate{}, opKeys: map[string][]int32{},
		ungated: map[string][]int32{}, schema: newSchemaInputs()}
	st.rules = rs
	st.flips = nil
	for id, n := range st.refs {
		if n > 0 {
			rs.live[id] = true
			rs.count(a, st, int32(id), true, nil)
		}
	}
	for id, live := range rs.live {
		if live {
			found := a.opFindings(st, int32(id))
			rs.addOp(int32(id), found)
			for _, kc := range found {
				a.addCandidate(kc.key, kc.c)
			}
		}
	}
	rs.indexHandlerFindings(st)
	// The handlers' findings: a full analysis has them already, a
	// rescan not.
	for _, res := range st.handlers {
		for _, kc := range res.findings {
			a.addCandidate(kc.key, kc.c)
		}
	}
	rs.schemaFound = a.schemaFindings(rs.schema)
	for k, c := range rs.schemaFound {
		a.addCandidate(k, c)
	}
	rs.found = a.findings
}

// count adds a live op to the whole-program rules' inputs and to its
// place's ungated checks, or takes back one gone; changed, when given,
// collects the ops whose findings may change: it and the ungated checks
// at its place whose message names what the others check.
func (rs *ruleState) count(a *analysis, st *walkState, id int32, live bool, changed map[int32]bool) {
	op := st.ops[id]
	d := int32(1)
	if !live {
		d = -1
	}
	rs.schema.count(a, op, d)
	if changed != nil {
		changed[id] = true
	}
	if !op.isCheck() || op.Gates {
		return
	}
	place := op.place()
	if live {
		rs.ungated[place] = append(rs.ungated[place], id)
	} else {
		dropFrom(rs.ungated, place, id)
	}
	if changed != nil {
		for _, o := range rs.ungated[place] {
			if readsBound(st.ops[o]) {
				changed[o] = true
			}
		}
	}
}

// opFindings runs the op rules on one live op.
func (a *analysis) opFindings(st *walkState, id int32) []keyedCandidate {
	op := st.ops[id]
	var boundAs []string
	if readsBound(op) {
		for _, o := range st.rules.ungated[op.place()] {
			if b, ok := boundCheck(st.ops[o]); ok {
				boundAs = append(boundAs, b)
			}
		}
	}
	var found []keyedCandidate
	a.sink = &found
	a.opRule(*op, boundAs)
	a.sink = nil
	return found
}

// readsBound reports whether an op's findings read what the other
// bindings of its call check (see opRule): a check that does not gate,
// of a type or permission its walk leaves unknown.
func readsBound(op *reachedOp) bool {
	return op.isCheck() && !op.Gates && op.Checker == "" && !(op.Resource.Known() && op.Permission.Known())
}

// schemaFindings runs the whole-program rules and returns their findings
// by key.
func (a *analysis) schemaFindings(in *schemaInputs) map[string]candidate {
	var found []keyedCandidate
	a.sink = &found
	a.schemaRules(in)
	a.sink = nil
	out := make(map[string]candidate, len(found))
	for _, kc := range found {
		if old, ok := out[kc.key]; !ok || beats(kc.c, old) {
			out[kc.key] = kc.c
		}
	}
	return out
}

// addOp keeps an op's findings.
func (rs *ruleState) addOp(id int32, found []keyedCandidate) {
	if len(found) == 0 {
		return
	}
	rs.opFound[id] = found
	for _, kc := range found {
		rs.opKeys[kc.key] = append(rs.opKeys[kc.key], id)
	}
}

// indexHandlerFindings lists the handlers by the keys of their findings.
func (rs *ruleState) indexHandlerFindings(st *walkState) {
	rs.handlerKeys = map[string][]*handlerResult{}
	for _, res := range st.handlers {
		for _, kc := range res.findings {
			rs.handlerKeys[kc.key] = append(rs.handlerKeys[kc.key], res)
		}
	}
}

// winner returns the finding that wins a key among its class's, if any
// gives it.
func (rs *ruleState) winner(st *walkState, k string) (candidate, bool) {
	var best candidate
	ok := false
	consider := func(found []keyedCandidate) {
		for _, kc := range found {
			if kc.key == k && (!ok || beats(kc.c, best)) {
				best, ok = kc.c, true
			}
		}
	}
	for _, id := range rs.opKeys[k] {
		consider(rs.opFound[id])
	}
	for _, res := range rs.handlerKeys[k] {
		consider(res.findings)
	}
	if c, in := rs.schemaFound[k]; in && (!ok || beats(c, best)) {
		best, ok = c, true
	}
	return best, ok
}

// beats reports whether c wins over old for one key (see addCandidate).
func beats(c, old candidate) bool {
	return c.rank < old.rank || c.rank == old.rank && compareFindings(&old.f, &c.f) > 0
}

// readsAny reports whether an op's findings read one of the functions:
// its own, the wrapper that answers it, or those of its strings, whose
// names, routes and paths to the op the findings give.
func readsAny(op *reachedOp, ids map[string]bool) bool {
	for _, id := range [...]string{op.Func, op.AnsweredBy, op.Resource.Site.Func, op.Permission.Site.Func, op.Subject.Site.Func, op.SubjectRelation.Site.Func} {
		if id != "" && ids[id] {
			return true
		}
	}
	return false
}

// dropFrom takes v out of the list m[k], and the list out of m when it
// is empty.
func dropFrom[V comparable](m map[string][]V, k string, v V) {
	if s := slices.DeleteFunc(m[k], func(x V) bool { return x == v }); len(s) > 0 {
		m[k] = s
	} else {
		delete(m, k)
	}
}

// patchFindings returns the sorted findings with removed taken out and
// added put in, in order: the same slice when there are none. It reports
// false when a finding to remove is not there.
func patchFindings(sorted, removed, added []Finding) ([]Finding, bool) {
	if len(removed) == 0 && len(added) == 0 {
		return sorted, true
	}
	order := func(x, y Finding) int { return compareFindings(&x, &y) }
	drop := map[int]bool{}
	for _, f := range removed {
		i, _ := slices.BinarySearchFunc(sorted, f, order)
		for i < len(sorted) && order(sorted[i], f) == 0 && (drop[i] || sorted[i] != f) {
			i++
		}
		if i == len(sorted) || sorted[i] != f {
			return nil, false
		}
		drop[i] = true
	}
	slices.SortFunc(added, order)
	out := make([]Finding, 0, len(sorted)-len(drop)+len(added))
	j := 0
	for i, f := range sorted {
		if drop[i] {
			continue
		}
		for j < len(added) && order(added[j], f) < 0 {
			out = append(out, added[j])
			j++
		}
		out = append(out, f)
	}
	return append(out, added[j:]...), true
}
