package coverage

// schemaInputs is what the whole-program rules read of the ops (see
// schemaRules), counted per op so that an incremental analysis updates
// it by the ops that came and went: the check sites of each permission,
// the places each type is checked, the types written, and the writes of
// a type the analysis cannot resolve.
type schemaInputs struct {
	// sites counts, per `type#permission`, the ops checking it at each
	// site; sorted caches their sorted sites, dropped when they change.
	sites  map[string]map[Site]int32
	sorted map[string][]Site
	// checked counts, per type, the ops checking it at each site of the
	// type's string; first caches the first of them.
	checked map[string]map[site]int32
	first   map[string]site
	// written counts the writes of each type.
	written map[string]int32
	// unknownWrites counts the writes of an unresolved type;
	// unknownChecks the checks and lookups of an unresolved permission.
	unknownWrites, unknownChecks map[*reachedOp]int32
}

func newSchemaInputs() *schemaInputs {
	return &schemaInputs{sites: map[string]map[Site]int32{}, sorted: map[string][]Site{}, checked: map[string]map[site]int32{},
		first: map[string]site{}, written: map[string]int32{}, unknownWrites: map[*reachedOp]int32{}, unknownChecks: map[*reachedOp]int32{}}
}

// count adds an op to the inputs (d = 1) or takes it back (d = -1).
func (in *schemaInputs) count(a *analysis, op *reachedOp, d int32) {
	switch {
	case op.writes() && a.cfg.Included(op.File):
		if op.Resource.Known() {
			in.written[op.Resource.Text] += d
			return
		}
		// An unbound parameter is a wrapper seen on its own; its
		// callers' walks bind it.
		if op.Resource.Kind != ValueParam {
			countIn(in.unknownWrites, op, d)
		}
	case op.Kind == OpWrite || op.Kind == OpDeleteRels:
	case !op.Permission.Known():
		// As for writes, an unbound parameter is a wrapper on its own.
		if op.Permission.Kind != ValueParam && op.Resource.Kind != ValueParam && a.cfg.Included(op.File) {
			countIn(in.unknownChecks, op, d)
		}
	case op.Resource.Known() && a.cfg.Included(op.Permission.Site.File):
		key := op.Resource.Text + "#" + op.Permission.Text
		if in.sites[key] == nil {
			in.sites[key] = map[Site]int32{}
		}
		if countIn(in.sites[key], Site{File: op.Permission.Site.File, Line: op.Permission.Site.Line}, d) {
			delete(in.sorted, key)
		}
		typ := op.Resource.Text
		if in.checked[typ] == nil {
			in.checked[typ] = map[site]int32{}
		}
		if countIn(in.checked[typ], op.Resource.Site, d) {
			delete(in.first, typ)
		}
		if len(in.checked[typ]) == 0 {
			delete(in.checked, typ)
		}
	}
}

// countIn adds d to m[k], dropping k at zero, and reports whether k came
// or went.
func countIn[K comparable](m map[K]int32, k K, d int32) bool {
	n := m[k] + d
	if n == 0 {
		delete(m, k)
	} else {
		m[k] = n
	}
	return n == 0 || n == d
}

// sortedSites returns the sites checking a permission, sorted.
func (in *schemaInputs) sortedSites(key string) []Site {
	if s, ok := in.sorted[key]; ok {
		return s
	}
	var s []Site
	for at := range in.sites[key] {
		s = append(s, at)
	}
	s = sortSites(s)
	in.sorted[key] = s
	return s
}

// firstCheck returns the first site of a checked type's string.
func (in *schemaInputs) firstCheck(typ string) site {
	if at, ok := in.first[typ]; ok {
		return at
	}
	var at site
	first := true
	for s := range in.checked[typ] {
		if first || cmpSite(s, at) < 0 {
			at, first = s, false
		}
	}
	in.first[typ] = at
	return at
}

// firstUnknownWrite returns the first write of an unresolved type, or
// nil.
func (in *schemaInputs) firstUnknownWrite() *reachedOp {
	return firstOp(in.unknownWrites, func(*reachedOp) bool { return true })
}

// firstUnknownCheck returns the first check or lookup of an unresolved
// permission on typ, or on a type the analysis cannot resolve, or nil.
func (in *schemaInputs) firstUnknownCheck(typ string) *reachedOp {
	return firstOp(in.unknownChecks, func(op *reachedOp) bool { return !op.Resource.Known() || op.Resource.Text == typ })
}

// firstOp returns the first op of m that keep holds for, or nil.
func firstOp(m map[*reachedOp]int32, keep func(*reachedOp) bool) *reachedOp {
	var first *reachedOp
	for op := range m {
		if keep(op) && (first == nil || compareOps(*op, *first) < 0) {
			first = op
		}
	}
	return first
}

// schemaInputsOf counts the ops.
func (a *analysis) schemaInputsOf(ops []*reachedOp) *schemaInputs {
	in := newSchemaInputs()
	for _, op := range ops {
		in.count(a, op, 1)
	}
	return in
}
