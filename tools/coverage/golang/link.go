package golang

import (
	"context"
	"reflect"
	"slices"
	"strings"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// maxSymDepth bounds the syms followed into one another (a field of the
// result of a method of a field...), and so any cycle among them.
const maxSymDepth = 24

// linkFile is a summarized file placed in its package.
type linkFile struct {
	path string
	pkg  string
	sum  *fileSummary
}

// linker resolves the files' syms against the whole module.
type linker struct {
	pkgs map[string]*pkgIndex
	// modules are the module paths: a package under one that the
	// program lacks is still the module's, not a dependency.
	modules []string
	// concrete are the module's types that are no interfaces, sorted:
	// the candidates for implementing one.
	concrete   []typeKey
	methodSets map[typeKey]map[string]bool
	ifaceSets  map[typeKey]map[string]bool
	impls      map[typeKey][]typeKey
	// byMethod lists the concrete types, in order, by the names in
	// their method sets: built with the first interface that has methods.
	byMethod map[string][]typeKey
	// routed counts the routes of the files last linked.
	routed routedFuncs
	// funcs locate every Func by ID, for public markers.
	funcs map[string]funcLoc
	files map[string]*fileSummary
	// roots are the routers functions return or receive, with routes on
	// them; placements are where other files mount them.
	roots      map[rootKey]bool
	placements map[rootKey][]placement
	// fields are what each file does to the routers kept in fields, by
	// the package-qualified field (see fieldKey).
	fields map[rootKey][]fieldPlacement
	// rpcRegs are the interceptors gRPC and connect registrations of
	// other files install, by the type they register; services are the
	// services the module's types implement, from those registrations
	// and the generated interfaces they implement.
	rpcRegs  map[typeKey][]rpcRegAt
	services map[typeKey]rpcName
	// answers are the checks each Func answers through a result.
	answers map[string][]answer
	// templates are the registration helpers' routes, by helper.
	templates map[string][]tmplAt
	// slices are the package-level slice variables of functions, by
	// package-qualified name.
	slices map[string]sliceAt
	// madeRouters are the middleware of the routers functions return, by
	// Func ID (see maderouters.go).
	madeRouters map[string]madeAt
}

type typeKey struct{ pkg, name string }

type pkgIndex struct {
	funcs map[string]*funcSum
	// methods maps a receiver type to its methods' ids.
	methods map[string]map[string]string
	types   map[string]*typeSum
	consts  map[string]valSym
	vars    map[string]*sym
}

type funcLoc struct {
	file string
	sum  *funcSum
}

// rtype is a resolved type: one the module declares, one from outside
// it (whose methods are no concern), or unknown. elems counts the
// slices, maps or channels around the named type.
type rtype struct {
	kind rkind
	typeKey
	elems int
}

type rkind uint8

const (
	rUnknown rkind = iota
	rExternal
	rModule
)

func newLinker(files []linkFile, modules []string) *linker {
	l := &linker{
		pkgs:       map[string]*pkgIndex{},
		modules:    modules,
		methodSets: map[typeKey]map[string]bool{},
		ifaceSets:  map[typeKey]map[string]bool{},
		impls:      map[typeKey][]typeKey{},
		funcs:      map[string]funcLoc{},
		files:      map[string]*fileSummary{},
	}
	for _, f := range files {
		l.files[f.path] = f.sum
		pi := l.pkgs[f.pkg]
		if pi == nil {
			pi = &pkgIndex{funcs: map[string]*funcSum{}, methods: map[string]map[string]string{}, types: map[string]*typeSum{}, consts: map[string]valSym{}, vars: map[string]*sym{}}
			l.pkgs[f.pkg] = pi
		}
		for _, fs := range f.sum.funcs {
			l.addFunc(f, pi, fs)
		}
		for name, t := range f.sum.types {
			if pi.types[name] == nil {
				pi.types[name] = t
				if t.concrete() {
					l.concrete = append(l.concrete, typeKey{f.pkg, name})
				}
			}
		}
		for name, c := range f.sum.consts {
			if _, dup := pi.consts[name]; !dup {
				pi.consts[name] = c
			}
		}
		for name, v := range f.sum.vars {
			if pi.vars[name] == nil {
				pi.vars[name] = v
			}
		}
	}
	slices.SortFunc(l.concrete, compareTypes)
	l.settleImplementations()
	return l
}

// settleImplementations settles every interface's implementations, in a
// fixed order (an embedding cycle in broken code is cut where it is met
// first): from there on the linker only reads, and files link in
// parallel.
func (l *linker) settleImplementations() {
	for _, t := range l.interfaces() {
		l.implementations(t)
	}
}

// interfaces lists the module's interfaces, sorted.
func (l *linker) interfaces() []typeKey {
	var ifaces []typeKey
	for p, pi := range l.pkgs {
		for name, t := range pi.types {
			if t.kind == kindInterface {
				ifaces = append(ifaces, typeKey{p, name})
			}
		}
	}
	slices.SortFunc(ifaces, compareTypes)
	return ifaces
}

// methodSetsChanged settles every method set and implementation again
// after types changed (one named before may resolve now, or no longer)
// or methods were removed, and returns the names of the methods of the
// interfaces whose implementations changed: calls of them may resolve
// otherwise.
func (l *linker) methodSetsChanged() map[string]bool {
	was := l.impls
	l.methodSets, l.ifaceSets, l.impls, l.byMethod = map[typeKey]map[string]bool{}, map[typeKey]map[string]bool{}, map[typeKey][]typeKey{}, nil
	l.settleImplementations()
	names := map[string]bool{}
	for iface, impls := range l.impls {
		if !slices.Equal(impls, was[iface]) {
			for name := range l.ifaceMethods(iface, 0) {
				names[name] = true
			}
		}
	}
	return names
}

// methodsAdded settles again, after methods were added to the types
// recvs, the method sets of those and of the types that embed them, and
// the implementations of the interfaces that one of them implements now
// and did not before. It returns the names of those interfaces'
// methods: calls of them may resolve to more.
func (l *linker) methodsAdded(recvs []typeKey) map[string]bool {
	grown := map[typeKey]bool{}
	for _, t := range recvs {
		grown[t] = true
	}
	for more := true; more; {
		more = false
		for _, t := range l.concrete {
			if !grown[t] && l.embedsAny(t, grown) {
				grown[t], more = true, true
			}
		}
	}
	for t := range grown {
		delete(l.methodSets, t)
	}
	l.byMethod = nil // made again from the method sets, at the next search
	names := map[string]bool{}
	for _, iface := range l.interfaces() {
		want := l.ifaceMethods(iface, 0)
		if len(want) == 0 {
			continue
		}
		for t := range grown {
			if !slices.Contains(l.impls[iface], t) && hasAll(l.methodSet(t, 0), want) {
				delete(l.impls, iface)
				l.implementations(iface)
				for name := range want {
					names[name] = true
				}
				break
			}
		}
	}
	return names
}

// embedsAny reports whether the type t embeds one of types.
func (l *linker) embedsAny(t typeKey, types map[typeKey]bool) bool {
	ts := l.typeDecl(t)
	if ts == nil {
		return false
	}
	for _, emb := range ts.embedded {
		if r := l.typeOf(emb, t.pkg, 1); r.kind == rModule && r.elems == 0 && types[r.typeKey] {
			return true
		}
	}
	return false
}

// concrete reports whether the type can implement an interface: it is
// none, and no alias.
func (t *typeSum) concrete() bool { return t.kind != kindInterface && !t.alias }

// addType indexes a type a rescan found added, keeping the concrete
// types sorted.
func (l *linker) addType(pkg string, pi *pkgIndex, name string, t *typeSum) {
	pi.types[name] = t
	if t.concrete() {
		k := typeKey{pkg, name}
		i, _ := slices.BinarySearchFunc(l.concrete, k, compareTypes)
		l.concrete = slices.Insert(l.concrete, i, k)
	}
}

// addFunc indexes a function of the file, unless the package has one of
// its ID already (broken code): the first stays.
func (l *linker) addFunc(f linkFile, pi *pkgIndex, fs *funcSum) {
	if _, dup := pi.funcs[fs.id]; dup {
		return
	}
	pi.funcs[fs.id] = fs
	l.funcs[f.pkg+"."+fs.id] = funcLoc{file: f.path, sum: fs}
	if fs.recv != "" {
		if pi.methods[fs.recv] == nil {
			pi.methods[fs.recv] = map[string]string{}
		}
		pi.methods[fs.recv][methodName(fs)] = fs.id
	}
}

// methodName is a method's name, without its receiver's type.
func methodName(fs *funcSum) string { return strings.TrimPrefix(fs.id, fs.recv+".") }

func compareTypes(a, b typeKey) int {
	if c := strings.Compare(a.pkg, b.pkg); c != 0 {
		return c
	}
	return strings.Compare(a.name, b.name)
}

// internal reports whether the import path is the module's own.
func (l *linker) internal(path string) bool {
	if l.pkgs[path] != nil {
		return true
	}
	for _, m := range l.modules {
		if path == m || strings.HasPrefix(path, m+"/") {
			return true
		}
	}
	return false
}

func (l *linker) typeDecl(t typeKey) *typeSum {
	if pi := l.pkgs[t.pkg]; pi != nil {
		return pi.types[t.name]
	}
	return nil
}

// typeOf resolves a type sym written in package pkg.
func (l *linker) typeOf(s *sym, pkg string, depth int) rtype {
	if s == nil || depth > maxSymDepth {
		return rtype{}
	}
	switch s.op {
	case symNamed:
		return l.named(pkgOr(s.pkg, pkg), s.name, s.pkg == "", depth)
	case symSlice:
		r := l.typeOf(s.base, pkg, depth+1)
		if r.kind != rUnknown {
			r.elems++
		}
		return r
	case symElem:
		return l.elem(l.typeOf(s.base, pkg, depth+1), depth)
	case symField:
		r := l.typeOf(s.base, pkg, depth+1)
		switch {
		case r.kind == rExternal:
			return rtype{kind: rExternal}
		case r.kind == rModule && r.elems == 0:
			if f, fpkg := l.field(r.typeKey, s.name, depth+1); f != nil {
				return l.typeOf(f, fpkg, depth+1)
			}
		}
	case symResult:
		return l.result(s.base, s.index, pkg, depth+1)
	case symVar:
		p := pkgOr(s.pkg, pkg)
		if pi := l.pkgs[p]; pi != nil {
			return l.typeOf(pi.vars[s.name], p, depth+1)
		}
		if !l.internal(p) {
			return rtype{kind: rExternal}
		}
	}
	return rtype{}
}

func (l *linker) named(pkg, name string, unqualified bool, depth int) rtype {
	if ts := l.typeDecl(typeKey{pkg, name}); ts != nil {
		if ts.alias {
			return l.typeOf(ts.underlying, pkg, depth+1)
		}
		return rtype{kind: rModule, typeKey: typeKey{pkg, name}}
	}
	if (unqualified && predeclared[name]) || !l.internal(pkg) {
		return rtype{kind: rExternal, typeKey: typeKey{pkg, name}}
	}
	return rtype{}
}

// elem is the element type of r: of its container, or of the slice or
// map type it is defined as.
func (l *linker) elem(r rtype, depth int) rtype {
	switch {
	case r.elems > 0:
		r.elems--
		return r
	case r.kind == rExternal:
		return rtype{kind: rExternal}
	case r.kind == rModule:
		if ts := l.typeDecl(r.typeKey); ts != nil && ts.underlying != nil {
			if u := l.typeOf(ts.underlying, r.pkg, depth+1); u.elems > 0 {
				u.elems--
				return u
			}
		}
	}
	return rtype{}
}

// field is the type of a struct's field, promoted ones included, and the
// package it is written in.
func (l *linker) field(t typeKey, name string, depth int) (*sym, string) {
	ts := l.typeDecl(t)
	if ts == nil || ts.kind != kindStruct || depth > maxSymDepth {
		return nil, ""
	}
	if f := ts.fields[name]; f != nil {
		return f, t.pkg
	}
	for _, emb := range ts.embedded {
		if r := l.typeOf(emb, t.pkg, depth+1); r.kind == rModule && r.elems == 0 {
			if f, p := l.field(r.typeKey, name, depth+1); f != nil {
				return f, p
			}
		}
	}
	return nil, ""
}

// result is the type of result index of calling callee.
func (l *linker) result(callee *sym, index int, pkg string, depth int) rtype {
	if callee == nil || depth > maxSymDepth {
		return rtype{}
	}
	switch callee.op {
	case symFunc:
		p := pkgOr(callee.pkg, pkg)
		if pi := l.pkgs[p]; pi != nil {
			if fs := pi.funcs[callee.name]; fs != nil {
				if index < len(fs.results) {
					return l.typeOf(fs.results[index], p, depth+1)
				}
				return rtype{}
			}
			if pi.types[callee.name] != nil && index == 0 {
				return l.named(p, callee.name, false, depth)
			}
			return rtype{}
		}
		if (callee.pkg == "" && predeclared[callee.name]) || !l.internal(p) {
			return rtype{kind: rExternal}
		}
	case symMethod:
		r := l.typeOf(callee.base, pkg, depth+1)
		switch {
		case r.kind == rExternal:
			return rtype{kind: rExternal}
		case r.kind == rModule && r.elems == 0:
			if results, rp := l.methodResults(r.typeKey, callee.name, depth+1); index < len(results) {
				return l.typeOf(results[index], rp, depth+1)
			}
		}
	}
	return rtype{}
}

// methodResults are the result types of a method of t: of the
// interface's method, or of the method the type (or a type it embeds)
// declares.
func (l *linker) methodResults(t typeKey, name string, depth int) ([]*sym, string) {
	ts := l.typeDecl(t)
	if ts == nil || depth > maxSymDepth {
		return nil, ""
	}
	if ts.kind == kindInterface {
		if res, ok := ts.methods[name]; ok {
			return res, t.pkg
		}
		for _, emb := range ts.embedded {
			if r := l.typeOf(emb, t.pkg, depth+1); r.kind == rModule {
				if res, p := l.methodResults(r.typeKey, name, depth+1); res != nil {
					return res, p
				}
			}
		}
		return nil, ""
	}
	for _, id := range l.lookupMethod(t, name, depth) {
		if loc, ok := l.funcs[id]; ok {
			return loc.sum.results, strings.TrimSuffix(id, "."+loc.sum.id)
		}
	}
	return nil, ""
}

// lookupMethod is the Func IDs a method call on a value of type t
// reaches: the method t declares or promotes from an embedded type, or,
// for an interface, the method of each implementation in the module.
func (l *linker) lookupMethod(t typeKey, name string, depth int) []string {
	return l.lookupMethodVia(t, name, depth, ifaceStack{})
}

// ifaceStack holds the interfaces a lookup is in, by value: a lookup
// makes no garbage for it. Deeper nests than it holds end the lookup.
type ifaceStack struct {
	n     int
	types [6]typeKey
}

func (s ifaceStack) has(t typeKey) bool { return slices.Contains(s.types[:s.n], t) }

// lookupMethodVia is lookupMethod below the interfaces via, whose
// implementations are being looked in. An implementation that promotes
// the method from one of them (a struct embedding the interface, as
// gitea's context types embed a RequestDataStore that they implement
// themselves) forwards to a value of that interface: the other
// implementations, which the outer lookup lists. Without this, each
// such type looked in every other, to the depth limit: exponential.
func (l *linker) lookupMethodVia(t typeKey, name string, depth int, via ifaceStack) []string {
	pi := l.pkgs[t.pkg]
	if pi == nil || depth > maxSymDepth {
		return nil
	}
	if id, ok := pi.methods[t.name][name]; ok {
		return []string{t.pkg + "." + id}
	}
	ts := pi.types[t.name]
	if ts == nil {
		return nil
	}
	switch ts.kind {
	case kindInterface:
		if !l.ifaceMethods(t, 0)[name] || via.has(t) || via.n == len(via.types) {
			return nil
		}
		via.types[via.n] = t
		via.n++
		var ids []string
		for _, impl := range l.implementations(t) {
			for _, id := range l.lookupMethodVia(impl, name, depth+1, via) {
				// Types that promote one method share its Func.
				if !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			}
		}
		return ids
	case kindStruct:
		for _, emb := range ts.embedded {
			if r := l.typeOf(emb, t.pkg, depth+1); r.kind == rModule && r.elems == 0 {
				if ids := l.lookupMethodVia(r.typeKey, name, depth+1, via); len(ids) > 0 {
					return ids
				}
			}
		}
	}
	return nil
}

// ifaceMethods is the method names of an interface, embedded ones
// included.
func (l *linker) ifaceMethods(t typeKey, depth int) map[string]bool {
	if set, ok := l.ifaceSets[t]; ok {
		return set
	}
	set := map[string]bool{}
	l.ifaceSets[t] = set // an interface embedding itself adds nothing
	ts := l.typeDecl(t)
	if ts == nil || depth > maxSymDepth {
		return set
	}
	for name := range ts.methods {
		set[name] = true
	}
	for _, emb := range ts.embedded {
		if r := l.typeOf(emb, t.pkg, depth+1); r.kind == rModule && r.elems == 0 {
			for name := range l.ifaceMethods(r.typeKey, depth+1) {
				set[name] = true
			}
		}
	}
	return set
}

// methodSet is the method names of a type, promoted ones included.
func (l *linker) methodSet(t typeKey, depth int) map[string]bool {
	if set, ok := l.methodSets[t]; ok {
		return set
	}
	set := map[string]bool{}
	l.methodSets[t] = set
	ts := l.typeDecl(t)
	if ts == nil || depth > maxSymDepth {
		return set
	}
	if ts.kind == kindInterface {
		return l.ifaceMethods(t, depth)
	}
	for name := range l.pkgs[t.pkg].methods[t.name] {
		set[name] = true
	}
	for _, emb := range ts.embedded {
		if r := l.typeOf(emb, t.pkg, depth+1); r.kind == rModule && r.elems == 0 {
			for name := range l.methodSet(r.typeKey, depth+1) {
				set[name] = true
			}
		}
	}
	return set
}

// implementations are the module's types whose method sets hold every
// method of the interface, by name.
func (l *linker) implementations(iface typeKey) []typeKey {
	if impls, ok := l.impls[iface]; ok {
		return impls
	}
	want := l.ifaceMethods(iface, 0)
	var impls []typeKey
	if len(want) > 0 {
		if l.byMethod == nil {
			// The methodSet calls the full scan made, in its order.
			l.byMethod = map[string][]typeKey{}
			for _, t := range l.concrete {
				for name := range l.methodSet(t, 0) {
					l.byMethod[name] = append(l.byMethod[name], t)
				}
			}
		}
		// Only the types with the interface's rarest method can match.
		var cands []typeKey
		first := true
		for name := range want {
			if c := l.byMethod[name]; first || len(c) < len(cands) {
				cands, first = c, false
			}
		}
		for _, t := range cands {
			if hasAll(l.methodSet(t, 0), want) {
				impls = append(impls, t)
			}
		}
	}
	l.impls[iface] = impls
	return impls
}

func hasAll(set, want map[string]bool) bool {
	if len(set) < len(want) {
		return false
	}
	for name := range want {
		if !set[name] {
			return false
		}
	}
	return true
}

// callee resolves a callee: the Func IDs it reaches, or drop for a call
// that is none of the module's concern (the standard library, a
// dependency, a builtin, a conversion). No IDs without drop means the
// call is the module's but unresolved.
func (l *linker) callee(s *sym, pkg string) (ids []string, drop bool) {
	switch s.op {
	case symClosure:
		return []string{pkg + "." + s.name}, false
	case symFunc:
		p := pkgOr(s.pkg, pkg)
		if pi := l.pkgs[p]; pi != nil {
			if pi.funcs[s.name] != nil {
				return []string{p + "." + s.name}, false
			}
			if pi.types[s.name] != nil {
				return nil, true
			}
		}
		return nil, (s.pkg == "" && predeclared[s.name]) || !l.internal(p)
	case symMethod:
		r := l.typeOf(s.base, pkg, 0)
		switch {
		case r.kind == rExternal:
			return nil, true
		case r.kind == rModule && r.elems == 0:
			return l.lookupMethod(r.typeKey, s.name, 0), false
		}
	}
	return nil, false
}

// isAuthzedClient reports whether recv resolves to an authzed-go client
// type.
func (l *linker) isAuthzedClient(recv *sym, pkg string) bool {
	r := l.typeOf(recv, pkg, 0)
	return r.kind == rExternal && (r.pkg == authzedClientPath || r.pkg == authzedAPIPath)
}

// method is the one Func a method of r resolves to, or "".
func (l *linker) method(r rtype, name string) string {
	if r.kind != rModule || r.elems > 0 {
		return ""
	}
	if ids := l.lookupMethod(r.typeKey, name, 0); len(ids) == 1 {
		return ids[0]
	}
	return ""
}

func (l *linker) values(vs []valSym, pkg string) []coverage.Value {
	out := make([]coverage.Value, len(vs))
	for i, v := range vs {
		out[i] = l.value(v, pkg)
	}
	return out
}

// function builds the Func of a summarized function.
func (l *linker) function(id string, fs *funcSum, f linkFile) *coverage.Func {
	fn := &coverage.Func{
		ID:     id,
		Name:   fs.id,
		File:   f.path,
		Line:   fs.line,
		Params: fs.params,
		Calls:  []coverage.Call{},
		Ops:    []coverage.AuthzOp{},
	}
	if fn.Params == nil {
		fn.Params = []string{}
	}
	for _, c := range fs.calls {
		var ids []string
		if c.callee != nil {
			var drop bool
			if ids, drop = l.callee(c.callee, f.pkg); drop || (c.ref && len(ids) == 0) {
				continue
			}
		}
		args := l.values(c.args, f.pkg)
		if len(ids) == 0 {
			fn.Calls = append(fn.Calls, coverage.Call{Args: args, Line: c.line})
		}
		for _, callee := range ids {
			fn.Calls = append(fn.Calls, coverage.Call{Callee: callee, Args: args, Line: c.line})
			fn.Ops = append(fn.Ops, l.discardedChecks(callee, c, f)...)
		}
	}
	for _, o := range fs.ops {
		if built := l.builtRequest(o, f); built != nil {
			fn.Ops = append(fn.Ops, built...)
			continue
		}
		if !o.typed && !l.isAuthzedClient(o.recv, f.pkg) {
			continue
		}
		value := func(v valSym) coverage.Value { return l.value(v, f.pkg) }
		fn.Ops = append(fn.Ops, l.op(o, o, f.path, value))
	}
	fn.Bypasses = l.bypassesOf(fs, f.pkg)
	return fn
}

// op makes an AuthzOp of the values of vals and the rest of o.
func (l *linker) op(o, vals opSum, file string, value func(valSym) coverage.Value) coverage.AuthzOp {
	return coverage.AuthzOp{
		Kind:            vals.kind,
		Resource:        value(vals.resource),
		Permission:      value(vals.permission),
		Subject:         value(vals.subject),
		SubjectRelation: value(vals.subjectRel),
		Update:          vals.update,
		Gates:           o.gates,
		Late:            o.late,
		Unread:          o.unread,
		File:            file,
		Line:            o.line,
	}
}

// builtRequest makes the ops of a request a helper of the module builds:
// the helper's values, its parameters bound to the call's arguments.
func (l *linker) builtRequest(o opSum, f linkFile) []coverage.AuthzOp {
	if o.helper == nil {
		return nil
	}
	ids, _ := l.callee(o.helper, f.pkg)
	if len(ids) != 1 {
		return nil
	}
	loc, ok := l.funcs[ids[0]]
	if !ok || loc.sum.request == nil {
		return nil
	}
	hpkg := strings.TrimSuffix(ids[0], "."+loc.sum.id)
	value := func(v valSym) coverage.Value {
		if v.kind != valParam {
			return l.value(v, hpkg)
		}
		if v.param < len(o.helperArgs) {
			return l.value(o.helperArgs[v.param], f.pkg)
		}
		return coverage.Value{Kind: coverage.ValueUnknown, Expr: v.expr}
	}
	out := make([]coverage.AuthzOp, 0, len(loc.sum.request))
	for _, r := range loc.sum.request {
		out = append(out, l.op(o, r, f.path, value))
	}
	return out
}

// linked is a file's part of the Program.
type linked struct {
	funcs []*coverage.Func
	// handlers holds each handler summary's handlers: none for a mount,
	// several for routes mounted in several places.
	handlers [][]coverage.ProgramHandler
	// expanded are the handlers the file's calls of registration helpers
	// of other files register.
	expanded []coverage.ProgramHandler
	// called are the functions the file's functions call (not those
	// they pass as values): a function with a handler's signature that
	// one calls is a helper, no entry point (see handlerList).
	called []string
}

// program links the files, sorted by path, on a pool of GOMAXPROCS
// workers, and returns the Program with each file's part of it.
func (l *linker) program(ctx context.Context, module string, files []linkFile) (*coverage.Program, []linked, error) {
	l.index(files)
	out := make([]linked, len(files))
	err := parallel(len(files), func(i int) {
		if ctx.Err() == nil {
			out[i] = l.link(files[i])
		}
	})
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, nil, err
	}
	l.routed = routedOf(files, out)
	return assemble(module, files, out, l.routed), out, nil
}

// index builds what linking a file reads of the others' routers,
// registration helpers, slices, RPC registrations and answers.
func (l *linker) index(files []linkFile) {
	l.indexPlaces(files)
	l.indexAnswers(files)
}

// indexPlaces builds the indexes that hold positions: all of index but
// the answers, whose positions the calls that use them replace.
func (l *linker) indexPlaces(files []linkFile) {
	l.placeRouters(files)
	l.indexTemplates(files)
	l.indexSlices(files)
	l.indexRPCRegs(files)
	l.indexMadeRouters(files)
}

// link links one file.
func (l *linker) link(f linkFile) linked {
	var out linked
	for _, fs := range f.sum.funcs {
		id := f.pkg + "." + fs.id
		if loc, ok := l.funcs[id]; ok && loc.sum == fs {
			fn := l.function(id, fs, f)
			out.funcs = append(out.funcs, fn)
			out.called = calledBy(fn, fs, out.called)
		}
	}
	for _, hs := range f.sum.handlers {
		out.handlers = append(out.handlers, l.handlers(hs, f))
	}
	out.expanded = l.expandHelperCalls(f)
	return out
}

// assemble puts the files' parts together.
func assemble(module string, files []linkFile, out []linked, routed routedFuncs) *coverage.Program {
	n := 0
	for i := range out {
		n += len(out[i].funcs)
	}
	prog := &coverage.Program{
		Module:   module,
		Files:    make([]*coverage.File, 0, len(files)),
		Funcs:    make(map[string]*coverage.Func, n),
		Handlers: handlerList(files, out, routed),
		Skipped:  []coverage.SkippedFile{},
	}
	for i, f := range files {
		prog.Files = append(prog.Files, f.sum.file)
		for _, fn := range out[i].funcs {
			prog.Funcs[fn.ID] = fn
		}
	}
	return prog
}

// routedFuncs counts, by Func ID, the routes and middleware installs
// that route a function. It is kept between links: a relink moves only
// the changed files' counts.
type routedFuncs map[string]int

// calledBy appends the functions fn calls, of those its summary calls
// rather than passes as values, but itself.
func calledBy(fn *coverage.Func, fs *funcSum, out []string) []string {
	var buf [8]int
	refLines := buf[:0]
	for _, c := range fs.calls {
		if c.ref {
			refLines = append(refLines, c.line)
		}
	}
	if len(refLines) == len(fs.calls) {
		return out
	}
	for _, c := range fn.Calls {
		// A function value and a call on one line cannot be told apart
		// here: the value wins, so the function stays listed.
		if c.Callee != "" && c.Callee != fn.ID && !slices.Contains(refLines, c.Line) {
			out = append(out, c.Callee)
		}
	}
	return out
}

// routedOf counts the files' routes.
func routedOf(files []linkFile, out []linked) routedFuncs {
	routed := routedFuncs{}
	for i, f := range files {
		routed.count(f, out[i], 1)
	}
	return routed
}

// count adds d for each route of one file's part.
func (r routedFuncs) count(f linkFile, o linked, d int) {
	r.countIn(f, o, d, nil)
}

// countIn is count, noting in was, for each function it counts first,
// whether it was routed before.
func (r routedFuncs) countIn(f linkFile, o linked, d int, was map[string]bool) {
	add := r.add
	if was != nil {
		add = func(id string, d int) {
			if _, seen := was[id]; !seen {
				was[id] = r[id] != 0
			}
			r.add(id, d)
		}
	}
	for j, hs := range o.handlers {
		for _, h := range hs {
			if !f.sum.handlers[j].bySignature && h.Func != "" {
				add(variantBase(h.Func), d)
			}
			// Installed as middleware (gin's and fiber's have a
			// handler's signature): no handler of its own.
			for _, mw := range h.MiddlewareFuncs {
				add(mw, d)
			}
		}
	}
	for _, h := range o.expanded {
		if h.Func != "" {
			add(variantBase(h.Func), d)
		}
	}
	for _, id := range o.called {
		add(id, d)
	}
}

func (r routedFuncs) add(id string, d int) {
	if n := r[id] + d; n != 0 {
		r[id] = n
	} else {
		delete(r, id)
	}
}

// handlerList lists the files' handlers in order.
func handlerList(files []linkFile, out []linked, routed routedFuncs) []coverage.ProgramHandler {
	n := 0
	for i := range out {
		for _, hs := range out[i].handlers {
			n += len(hs)
		}
		n += len(out[i].expanded)
	}
	// A handler found by its signature alone and routed from another file
	// is listed once, as routed; one installed as middleware, or called
	// by a function of the module (a helper such as
	// response.HTMLForbidden(w, r)), is none.
	list := make([]coverage.ProgramHandler, 0, n)
	for i, f := range files {
		for j, hs := range out[i].handlers {
			if !f.sum.handlers[j].bySignature {
				list = append(list, hs...)
				continue
			}
			for _, h := range hs {
				if routed[h.Func] == 0 {
					list = append(list, h)
				}
			}
		}
		list = append(list, out[i].expanded...)
	}
	return list
}

// replace puts a file's new summary, whose surface is the old one's, in
// the old one's place: the indexes then name the new functions, which
// linking the file checks it links.
func (l *linker) replace(f linkFile, old *fileSummary) {
	l.files[f.path] = f.sum
	pi := l.pkgs[f.pkg]
	// Declarations the file gave the package index (the first of their
	// name) point at the new summary's; new ones are added as newLinker
	// adds them, and removed ones dropped (see fileSummary.changesDecls).
	for name, t := range old.types {
		if _, kept := f.sum.types[name]; !kept && pi.types[name] == t {
			l.dropType(f.pkg, pi, name)
		}
	}
	for name, t := range f.sum.types {
		switch cur, ok := pi.types[name]; {
		case !ok:
			l.addType(f.pkg, pi, name, t)
		case cur == old.types[name]:
			l.dropType(f.pkg, pi, name) // it may be concrete no more, or now
			l.addType(f.pkg, pi, name, t)
		}
	}
	for name, v := range old.vars {
		if _, kept := f.sum.vars[name]; !kept && pi.vars[name] == v {
			delete(pi.vars, name)
		}
	}
	for name, v := range f.sum.vars {
		if cur, ok := pi.vars[name]; !ok || cur == old.vars[name] {
			pi.vars[name] = v
		}
	}
	for name, c := range old.consts {
		if _, kept := f.sum.consts[name]; !kept && reflect.DeepEqual(pi.consts[name], c) {
			delete(pi.consts, name)
		}
	}
	for name, c := range f.sum.consts {
		was, had := old.consts[name]
		if cur, ok := pi.consts[name]; !ok || (had && reflect.DeepEqual(cur, was)) {
			pi.consts[name] = c
		}
	}
	// The file's functions, by ID.
	now := make(map[string]*funcSum, len(f.sum.funcs))
	for _, nfs := range f.sum.funcs {
		now[nfs.id] = nfs
	}
	for _, fs := range old.funcs {
		if now[fs.id] == nil && pi.funcs[fs.id] == fs {
			l.dropFunc(f.pkg, pi, fs)
		}
	}
	was := make(map[string]*funcSum, len(old.funcs))
	for _, fs := range old.funcs {
		was[fs.id] = fs
	}
	for _, nfs := range f.sum.funcs {
		key := f.pkg + "." + nfs.id
		fs := was[nfs.id]
		if fs == nil {
			l.addFunc(f, pi, nfs)
			continue
		}
		if pi.funcs[fs.id] == fs {
			pi.funcs[fs.id] = nfs
		}
		if loc := l.funcs[key]; loc.sum == fs {
			l.funcs[key] = funcLoc{file: f.path, sum: nfs}
		}
	}
}

// dropType takes a type out of the package index and the concrete types.
func (l *linker) dropType(pkg string, pi *pkgIndex, name string) {
	delete(pi.types, name)
	if i, found := slices.BinarySearchFunc(l.concrete, typeKey{pkg, name}, compareTypes); found {
		l.concrete = slices.Delete(l.concrete, i, i+1)
	}
}

// dropFunc takes a function out of the package index.
func (l *linker) dropFunc(pkg string, pi *pkgIndex, fs *funcSum) {
	delete(pi.funcs, fs.id)
	delete(l.funcs, pkg+"."+fs.id)
	if fs.recv != "" {
		delete(pi.methods[fs.recv], methodName(fs))
	}
}

// rootKey is a router a Func returns (arg -1) or receives as parameter
// arg.
type rootKey struct {
	fn  string
	arg int
}

// placement is where a function's router ends up: below a path prefix,
// behind middleware.
type placement struct {
	prefix string
	names  []string
	calls  []coverage.Call
}

// rpcRegAt is a registration's interceptor, with the package it is
// written in. reg tells the registrations apart (a service registered
// on two servers); a registration without interceptors has one entry,
// with none set.
type rpcRegAt struct {
	interceptor     targetSym
	name, pkg, file string
	unary, stream   bool
	reg             int
	none            bool
}

// indexRPCRegs resolves the types gRPC and connect registrations of
// other files register, and the services the module's types implement.
func (l *linker) indexRPCRegs(files []linkFile) {
	l.rpcRegs = map[typeKey][]rpcRegAt{}
	l.services = map[typeKey]rpcName{}
	// The interceptors of the servers kept in fields, by package and
	// field.
	servers := map[string][]rpcRegAt{}
	reg := 0
	for _, f := range files {
		for _, srv := range f.sum.servers {
			key := f.pkg + "." + srv.field
			servers[key] = append(servers[key], srv.at(f)...)
		}
	}
	for _, f := range files {
		for _, r := range f.sum.rpcRegs {
			t := l.typeOf(r.typ, f.pkg, 0)
			if t.kind != rModule && r.typ != nil && r.typ.op == symResult && r.typ.index == 0 {
				// A constructor declared to return the service's
				// interface: the type it builds.
				t = l.concreteResult(r.typ.base, f.pkg)
			}
			if t.kind != rModule || t.elems > 0 {
				continue
			}
			if _, ok := l.services[t.typeKey]; !ok {
				l.services[t.typeKey] = rpcName{r.service, r.framework}
			}
			at := r.at(f)
			if r.serverField != "" {
				at = append(at, servers[f.pkg+"."+r.serverField]...)
			}
			if len(at) == 0 {
				at = []rpcRegAt{{pkg: f.pkg, file: f.path, none: true}}
			}
			for i := range at {
				at[i].reg = reg
			}
			reg++
			l.rpcRegs[t.typeKey] = append(l.rpcRegs[t.typeKey], at...)
		}
	}
	l.generatedServices()
}

type siteRef struct {
	m mountSum
	f linkFile
}

// placeRouters finds where other files mount the routers the module's
// functions return or receive, and settles their placements up front:
// linking then only reads, and runs in parallel.
func (l *linker) placeRouters(files []linkFile) {
	l.roots = map[rootKey]bool{}
	l.indexFieldRouters(files)
	for _, f := range files {
		for _, hs := range f.sum.handlers {
			if hs.root != nil {
				l.roots[rootKey{f.pkg + "." + hs.root.local, hs.root.arg}] = true
			}
		}
		// A function whose router routes only what its callers pass
		// (see mountfactories.go).
		for _, t := range f.sum.templates {
			if t.root != nil && t.root.field == "" {
				l.roots[rootKey{f.pkg + "." + t.root.local, t.root.arg}] = true
			}
		}
		// A router that only passes a router on is placed too, for the
		// routes below it.
		for _, m := range f.sum.mounts {
			if m.root != nil {
				l.roots[rootKey{f.pkg + "." + m.root.local, m.root.arg}] = true
			}
		}
	}
	sites := map[rootKey][]siteRef{}
	for _, f := range files {
		for _, m := range f.sum.mounts {
			if m.callee.callee == nil {
				continue
			}
			// A call through an interface (a loop over the modules that
			// register routes) hands the router to each implementation.
			ids, _ := l.callee(m.callee.callee, f.pkg)
			for _, id := range ids {
				if key := (rootKey{id, m.arg}); l.roots[key] {
					sites[key] = append(sites[key], siteRef{m, f})
				}
			}
		}
	}
	l.placements = map[rootKey][]placement{}
	keys := make([]rootKey, 0, len(l.roots))
	for key := range l.roots {
		keys = append(keys, key)
	}
	// In a fixed order: with a cycle of mounts, which router the cycle is
	// cut at depends on it.
	slices.SortFunc(keys, func(a, b rootKey) int {
		if c := strings.Compare(a.fn, b.fn); c != 0 {
			return c
		}
		return a.arg - b.arg
	})
	for _, key := range keys {
		l.place(key, sites, 0)
	}
}

func (l *linker) place(key rootKey, sites map[rootKey][]siteRef, depth int) []placement {
	if ps, ok := l.placements[key]; ok || depth > maxSymDepth {
		return ps
	}
	l.placements[key] = nil // a router mounted below itself is placed nowhere
	var ps []placement
	for _, s := range sites[key] {
		own := placement{prefix: l.settlePrefix(s.m.parts, s.m.prefix, s.f.pkg), names: s.m.names}
		for _, mw := range s.m.middleware {
			own.calls = append(own.calls, l.middleware(mw, s.f.pkg, s.f.path, []string{"Middleware"})...)
		}
		var parents []placement
		switch r := s.m.root; {
		case r == nil:
		case r.field != "":
			parents, own.names, own.calls = l.fieldPlacements(s.f.pkg, r.field, s.f.path, own.names, own.calls)
		default:
			parents = l.place(rootKey{s.f.pkg + "." + r.local, r.arg}, sites, depth+1)
		}
		if len(parents) == 0 {
			ps = append(ps, own)
		}
		for _, p := range parents {
			ps = append(ps, placement{
				prefix: joinPath(p.prefix, own.prefix),
				names:  append(slices.Clone(p.names), own.names...),
				calls:  append(slices.Clone(p.calls), own.calls...),
			})
		}
	}
	l.placements[key] = ps
	return ps
}

// handlers places a handler in the call graph: once, or once per place
// its router is mounted. A registration that mounts another file's
// router is no handler of its own.
func (l *linker) handlers(hs handlerSum, f linkFile) []coverage.ProgramHandler {
	if hs.deferred != nil {
		l.settleRoute(&hs, f.pkg)
	}
	if l.mountedFactory(&hs, f.pkg) {
		return nil
	}
	l.unpeelFactory(&hs, f)
	if hs.recv != "" {
		svc, ok := l.services[typeKey{f.pkg, hs.recv}]
		switch {
		case ok && hs.byRecv && svc.framework == hs.handler.Framework:
			_, method, _ := strings.Cut(hs.handler.RPC, "/")
			hs.handler.RPC = svc.service + "/" + method
		case hs.candidate:
			return nil // a method of the shape of one, of no service
		}
	}
	if t := hs.target; t.called && t.callee != nil {
		if ids, _ := l.callee(t.callee, f.pkg); len(ids) == 1 && l.roots[rootKey{ids[0], -1}] {
			return nil
		}
	}
	var out []coverage.ProgramHandler
	for _, h := range l.registered(l.handler(hs, f), hs, f) {
		out = append(out, l.placeHandler(h, hs.root, f.pkg, f.path)...)
	}
	return l.methodVariantsOf(out)
}

// placeHandler places a handler whose router is root, of a file of
// package pkg: once, or once per place other files mount the router.
func (l *linker) placeHandler(h coverage.ProgramHandler, root *rootSum, pkg, file string) []coverage.ProgramHandler {
	var ps []placement
	switch r := root; {
	case r == nil:
	case r.field != "":
		ps, h.Middleware, h.MiddlewareCalls = l.fieldPlacements(pkg, r.field, file, h.Middleware, h.MiddlewareCalls)
		if fw := l.fieldFramework(pkg, r.field); fw != "" {
			h.Framework = fw
		}
	default:
		ps = l.placements[rootKey{pkg + "." + r.local, r.arg}]
	}
	if len(ps) == 0 {
		return []coverage.ProgramHandler{h}
	}
	return placedAll(h, ps)
}

// placedAll is the handler at each placement: below its prefix, behind
// its middleware.
func placedAll(h coverage.ProgramHandler, ps []placement) []coverage.ProgramHandler {
	out := make([]coverage.ProgramHandler, 0, len(ps))
	for _, p := range ps {
		placed := h
		placed.Route = joinPath(p.prefix, h.Route)
		placed.Operation = coverage.InferOperation(h.Method, placed.Route, h.Function)
		placed.Middleware = append(slices.Clone(p.names), h.Middleware...)
		placed.MiddlewareCalls = append(slices.Clone(p.calls), h.MiddlewareCalls...)
		placed.MiddlewareFuncs = make([]string, len(placed.MiddlewareCalls))
		for i, c := range placed.MiddlewareCalls {
			placed.MiddlewareFuncs[i] = c.Callee
		}
		out = append(out, placed)
	}
	return out
}

// registered is an RPC handler behind the interceptors of the servers
// other files register its type on: once per registration when its own
// file registers it nowhere (an internal server without the
// interceptors serves it unchecked), else once behind all of them. Any
// other handler is as it is.
func (l *linker) registered(h coverage.ProgramHandler, hs handlerSum, f linkFile) []coverage.ProgramHandler {
	regs := l.rpcRegs[typeKey{f.pkg, hs.recv}]
	if hs.recv == "" || len(regs) == 0 {
		return []coverage.ProgramHandler{h}
	}
	behind := func(h coverage.ProgramHandler, regs []rpcRegAt) coverage.ProgramHandler {
		h.Middleware = slices.Clone(h.Middleware)
		h.MiddlewareFuncs, h.MiddlewareCalls = slices.Clone(h.MiddlewareFuncs), slices.Clone(h.MiddlewareCalls)
		for _, r := range regs {
			if r.none || (hs.stream && !r.stream) || (!hs.stream && !r.unary) {
				continue
			}
			calls := l.middleware(r.interceptor, r.pkg, r.file, hs.methods)
			if len(calls) > 0 {
				h.Middleware = append(h.Middleware, r.name)
			}
			for _, c := range calls {
				h.MiddlewareFuncs = append(h.MiddlewareFuncs, c.Callee)
				h.MiddlewareCalls = append(h.MiddlewareCalls, c)
			}
		}
		return h
	}
	if hs.regHere {
		return []coverage.ProgramHandler{behind(h, regs)}
	}
	var out []coverage.ProgramHandler
	for start := 0; start < len(regs); {
		end := start + 1
		for end < len(regs) && regs[end].reg == regs[start].reg {
			end++
		}
		// Registered twice behind the same interceptors (one server,
		// two services the type implements, as openfga's): listed once.
		placed := behind(h, regs[start:end])
		if !slices.ContainsFunc(out, func(o coverage.ProgramHandler) bool {
			return reflect.DeepEqual(o.MiddlewareCalls, placed.MiddlewareCalls) && slices.Equal(o.Middleware, placed.Middleware)
		}) {
			out = append(out, placed)
		}
		start = end
	}
	return out
}

// handler places a handler in the call graph.
func (l *linker) handler(hs handlerSum, f linkFile) coverage.ProgramHandler {
	h := coverage.ProgramHandler{Handler: hs.handler, MiddlewareFuncs: []string{}, MiddlewareCalls: []coverage.Call{}}
	h.Func = l.handlerFunc(hs.target, f.pkg)
	if loc, ok := l.funcs[h.Func]; ok && hs.target.local == "" {
		// Declared elsewhere: the handler is named and placed as if the
		// registration were in its file.
		h.Function, h.File, h.Line = loc.sum.id, loc.file, loc.sum.line
		h.Operation = coverage.InferOperation(h.Method, h.Route, h.Function)
	}
	for i, mw := range hs.middleware {
		if !l.scopeHolds(hs.scopes, i, h.Route, f) {
			continue
		}
		for _, c := range l.middleware(mw, f.pkg, f.path, hs.methods) {
			if c.Callee == h.Func {
				continue // the handler a dependency's wrapper is given
			}
			h.MiddlewareFuncs = append(h.MiddlewareFuncs, c.Callee)
			h.MiddlewareCalls = append(h.MiddlewareCalls, c)
		}
	}
	l.madeMiddleware(&h, hs, f)
	l.bindFields(&h, hs, f)
	h.Public = l.public(hs, f, h.Func)
	return h
}

// scopeHolds reports whether the condition on the i-th middleware, if
// any, holds for a route (see mwScope). An x the link reads is a prefix
// when it is a string; one it cannot read is still a prefix when the
// route starts with it as written ({paths.Legacy}/v1/...).
func (l *linker) scopeHolds(scopes []mwScopeSum, i int, route string, f linkFile) bool {
	for _, sc := range scopes {
		if sc.at != i {
			continue
		}
		if len(l.middleware(sc.target, f.pkg, f.path, nil)) > 0 {
			return true // x is middleware too: nothing is scoped
		}
		return strings.HasPrefix(route, joinPath(sc.prefix, l.settleText(sc.value, f.pkg)))
	}
	return true
}

// handlerFunc resolves a handler to its body's Func: a function or
// method named, the factory called (or the ServeHTTP of the type it
// returns), or the ServeHTTP method of the value's type.
func (l *linker) handlerFunc(t targetSym, pkg string) string {
	if t.local != "" {
		if m := l.method(l.concreteOf(pkg+"."+t.local), "ServeHTTP"); t.called && m != "" {
			return m
		}
		return pkg + "." + t.local
	}
	if t.callee != nil {
		if ids, _ := l.callee(t.callee, pkg); len(ids) == 1 {
			if t.called {
				if m := l.method(l.result(t.callee, 0, pkg, 0), "ServeHTTP"); m != "" {
					return m
				}
				if m := l.method(l.concreteResult(t.callee, pkg), "ServeHTTP"); m != "" {
					return m
				}
			}
			return ids[0]
		}
	}
	return l.method(l.typeOf(t.typ, pkg, 0), "ServeHTTP")
}

// middleware resolves one middleware to the calls that install it: the
// function named or the factory called, with the factory's arguments,
// then the middleware methods of the value's type.
func (l *linker) middleware(t targetSym, pkg, file string, methods []string) []coverage.Call {
	var out []coverage.Call
	add := func(id string, args []coverage.Value) {
		out = append(out, coverage.Call{Callee: id, Args: args, Line: t.line, File: file})
	}
	var args []coverage.Value
	if t.called {
		args = l.values(t.args, pkg)
	} else {
		args = []coverage.Value{}
	}
	switch {
	case t.local != "":
		add(pkg+"."+t.local, args)
		l.concreteMiddleware(t, pkg+"."+t.local, add)
	case t.callee != nil:
		ids, _ := l.callee(t.callee, pkg)
		if t.called && len(ids) == 1 && l.roots[rootKey{ids[0], -1}] {
			return nil // it builds a router, mounted (fiber's app.Use("/admin", admin.New()))
		}
		for _, id := range ids {
			add(id, args)
			l.concreteMiddleware(t, id, add)
		}
		if len(ids) == 0 {
			// A dependency's middleware: the functions of the module it
			// is given run on each request.
			for _, fa := range t.funcs {
				out = append(out, l.middleware(fa, pkg, file, nil)...)
			}
			out = append(out, l.spreadMiddleware(t, pkg, methods)...)
		}
	}
	r := l.typeOf(t.typ, pkg, 0)
	if t.called && t.callee != nil {
		r = l.result(t.callee, 0, pkg, 0)
	}
	for _, m := range methods {
		if id := l.method(r, m); id != "" {
			add(id, []coverage.Value{})
		}
	}
	return out
}

// public is the reason of an `// authz:public` comment directly above
// the handler's registration or its function.
func (l *linker) public(hs handlerSum, f linkFile, fn string) string {
	for _, line := range append(hs.regLines, hs.handler.Line) {
		if r := f.sum.public[line]; r != "" {
			return r
		}
	}
	if loc, ok := l.funcs[fn]; ok {
		return l.files[loc.file].public[loc.sum.line]
	}
	return ""
}
