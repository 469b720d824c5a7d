package golang

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// A rescan after an edit that changes declarations (see
// fileSummary.changesDecls) links again, besides the file and the files
// that read its positions, the files that name what changed: a name
// declared resolves where it resolved to nothing, a name removed no
// longer resolves, and a changed signature, type or value reads
// otherwise. A type or a method changed may also make a type implement
// other interfaces, so the files that call a method of those interfaces
// are linked again, and so are the files of its package, whose other
// methods may serve an RPC service or not.

// fileChange is how an edit changed the declarations of the index-th
// file, of package pkg.
type fileChange struct {
	index int
	pkg   string
	declChange
}

func changedIndexes(changes []fileChange) []int {
	out := make([]int, len(changes))
	for i, c := range changes {
		out[i] = c.index
	}
	return out
}

// givesIndexes reports whether the file gives the linker's indexes
// something that linking other files reads.
func (s *fileSummary) givesIndexes() bool {
	return len(s.mounts)+len(s.rpcRegs)+len(s.fields)+len(s.servers)+len(s.templates)+len(s.slices)+len(s.madeRouters) > 0
}

// declaredElsewhere reports whether another file of the i-th file's
// package declares a name the change touches, as broken code may: which
// declaration of the two the package index holds then depends on both
// files, and the rescan links every file.
func declaredElsewhere(files []linkFile, i int, c declChange) bool {
	names := map[string]bool{}
	for _, n := range c.names {
		names[n] = true
	}
	for j, f := range files {
		if j == i || f.pkg != files[i].pkg {
			continue
		}
		s := f.sum
		if slices.ContainsFunc(s.funcs, func(fs *funcSum) bool { return fs.recv == "" && names[fs.id] }) ||
			hasAnyKey(s.types, names) || hasAnyKey(s.consts, names) || hasAnyKey(s.vars, names) {
			return true
		}
	}
	return false
}

func hasAnyKey[V any](m map[string]V, names map[string]bool) bool {
	for name := range m {
		if names[name] {
			return true
		}
	}
	return false
}

// changeSet is what a rescan's changes touch: the names declared,
// removed or changed (named, by package), their packages, the packages
// whose types or methods changed, and the methods whose calls may
// resolve otherwise (called).
type changeSet struct {
	named                  map[nameRef]bool
	pkgs, typePkgs, called map[string]bool
}

func newChangeSet(changes []fileChange, called map[string]bool) *changeSet {
	cs := &changeSet{named: map[nameRef]bool{}, pkgs: map[string]bool{}, typePkgs: map[string]bool{}, called: called}
	for _, c := range changes {
		cs.pkgs[c.pkg] = true
		for _, name := range c.names {
			cs.named[nameRef{c.pkg, name}] = true
		}
		if c.types || c.fields || len(c.methods) > 0 {
			cs.typePkgs[c.pkg] = true
		}
	}
	return cs
}

// importsChanged reports whether a file is in a package that changed or
// imports one: only then can it name a declaration that changed.
func (cs *changeSet) importsChanged(f linkFile) bool {
	return cs.pkgs[f.pkg] || slices.ContainsFunc(f.sum.imports, func(p string) bool { return cs.pkgs[p] })
}

// names reports whether refs, the sorted names the file f refers to,
// name something changed or a method in called.
func (cs *changeSet) names(f linkFile, refs []nameRef) bool {
	mayName := cs.importsChanged(f)
	switch {
	case !mayName && len(cs.called) == 0:
		return false
	case len(cs.called)+len(cs.named) < len(refs):
		return cs.probe(f, refs, mayName)
	default:
		return cs.scan(f, refs, mayName)
	}
}

// scan is names walking every reference.
func (cs *changeSet) scan(f linkFile, refs []nameRef, mayName bool) bool {
	for _, ref := range refs {
		switch {
		case ref.pkg == methodRef:
			if cs.called[ref.name] {
				return true
			}
		case mayName:
			if ref.pkg == "" {
				ref.pkg = f.pkg
			}
			if cs.named[ref] {
				return true
			}
		}
	}
	return false
}

// probe is names looking up each name changed and called, for refs
// more numerous than those: most files of a large module refer to far
// more names than an edit changes.
func (cs *changeSet) probe(f linkFile, refs []nameRef, mayName bool) bool {
	has := func(r nameRef) bool {
		_, ok := slices.BinarySearchFunc(refs, r, compareRefs)
		return ok
	}
	for name := range cs.called {
		if has(nameRef{methodRef, name}) {
			return true
		}
	}
	if !mayName {
		return false
	}
	for ref := range cs.named {
		if has(ref) || ref.pkg == f.pkg && has(nameRef{"", ref.name}) {
			return true
		}
	}
	return false
}

func compareRefs(a, b nameRef) int {
	if c := strings.Compare(a.pkg, b.pkg); c != 0 {
		return c
	}
	return strings.Compare(a.name, b.name)
}

// referrersOf lists the files that name something changed, or call a
// method of one of the names in called, and the files of the packages
// whose types or methods changed. Only the files of the packages that
// changed and the files that import those can name a declaration; the
// names a summary refers to are worked out once per summary.
func referrersOf(files []linkFile, cs *changeSet) []int {
	if len(cs.pkgs) == 0 {
		return nil
	}
	refers := make([]bool, len(files))
	parallel(len(files), func(i int) {
		f := files[i]
		refers[i] = cs.typePkgs[f.pkg] || (len(cs.called) > 0 || cs.importsChanged(f)) && cs.names(f, f.sum.references())
	})
	var out []int
	for i, ok := range refers {
		if ok {
			out = append(out, i)
		}
	}
	return out
}

// readsRawGiven reports whether what a file gives other files' links
// unresolved may resolve otherwise after the changes: its registration
// helpers' routes, slice variables and RPC interceptors, which the links
// that read them resolve in its package. They may when they name
// something changed or call a method in called, or when the types or
// methods of its package changed. (What it gives resolved, the linker
// compares: see givenIndexes.)
func (cs *changeSet) readsRawGiven(f linkFile) bool {
	s := f.sum
	if len(s.templates)+len(s.slices)+len(s.rpcRegs)+len(s.servers)+len(s.madeRouters) == 0 {
		return false
	}
	if cs.typePkgs[f.pkg] {
		return true
	}
	refs, seen := map[nameRef]bool{}, map[uintptr]bool{}
	for _, v := range []any{s.templates, s.slices, s.rpcRegs, s.servers, s.madeRouters} {
		collectRefs(reflect.ValueOf(v), refs, seen)
	}
	return cs.names(f, slices.SortedFunc(maps.Keys(refs), compareRefs))
}

// nameRef is a package-level name a summary refers to; pkg is "" for the
// file's own package, and methodRef for a method, of any type.
type nameRef struct{ pkg, name string }

// methodRef is the pkg of a nameRef that names a method.
const methodRef = "()"

// references lists the package-level names and the method names the
// summary refers to, worked out once per summary: its functions by a
// walk of their types (most of a summary, and the hot path), the rest
// by reflection (see collectRefs). They are kept as a sorted slice: a
// server holds them for every file, and a set costs about three times
// the memory.
func (s *fileSummary) references() []nameRef {
	s.refsOnce.Do(func() { s.refs = s.collectReferences() })
	return s.refs
}

// collectReferences works out what references lists.
func (s *fileSummary) collectReferences() []nameRef {
	refs := map[nameRef]bool{}
	collectRefs(reflect.ValueOf(s).Elem(), refs, map[uintptr]bool{})
	for _, fs := range s.funcs {
		funcRefs(fs, refs)
	}
	if len(s.handlers) > 0 {
		// Linking handlers reads whether types have a ServeHTTP (a
		// factory's type, a field or a result that is no handler): a
		// file that registers any is linked again when a ServeHTTP comes
		// or goes.
		refs[nameRef{methodRef, "ServeHTTP"}] = true
	}
	return slices.SortedFunc(maps.Keys(refs), compareRefs)
}

// funcRefs adds the names a function's summary refers to.
func funcRefs(fs *funcSum, refs map[nameRef]bool) {
	for _, r := range fs.results {
		symRefs(r, refs)
	}
	for i := range fs.calls {
		symRefs(fs.calls[i].callee, refs)
		valRefs(fs.calls[i].args, refs)
	}
	for _, ops := range [][]opSum{fs.ops, fs.request} {
		for i := range ops {
			o := &ops[i]
			valRefs([]valSym{o.resource, o.permission, o.subject, o.subjectRel}, refs)
			symRefs(o.recv, refs)
			symRefs(o.helper, refs)
			valRefs(o.helperArgs, refs)
		}
	}
	symRefs(fs.concrete, refs)
	for _, b := range fs.bypass {
		valRefs([]valSym{b.method, b.path, b.prefix}, refs)
	}
}

func symRefs(s *sym, refs map[nameRef]bool) {
	for ; s != nil; s = s.base {
		switch s.op {
		case symFunc, symVar, symNamed:
			refs[nameRef{s.pkg, s.name}] = true
		case symMethod:
			refs[nameRef{methodRef, s.name}] = true
		}
	}
}

func valRefs(vs []valSym, refs map[nameRef]bool) {
	for _, v := range vs {
		if v.ref == nil {
			continue
		}
		if v.ref.name != "" {
			refs[nameRef{v.ref.pkg, v.ref.name}] = true
		}
		valRefs(v.ref.parts, refs)
	}
}

var (
	symType     = reflect.TypeFor[sym]()
	valRefType  = reflect.TypeFor[valRef]()
	summaryType = reflect.TypeFor[fileSummary]()
)

// collectRefs walks a summary value for symbols and values naming
// package-level names, through the fields whose types can hold one (see
// holdsRefs); seen guards against walking a pointer twice.
func collectRefs(v reflect.Value, refs map[nameRef]bool, seen map[uintptr]bool) {
	if !holdsRefs(v.Type()) {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		collectRefs(v.Elem(), refs, seen)
	case reflect.Struct:
		switch v.Type() {
		case symType:
			switch symOp(v.FieldByName("op").Uint()) {
			case symFunc, symVar, symNamed:
				refs[nameRef{v.FieldByName("pkg").String(), v.FieldByName("name").String()}] = true
			case symMethod:
				refs[nameRef{methodRef, v.FieldByName("name").String()}] = true
			}
		case valRefType:
			if name := v.FieldByName("name").String(); name != "" {
				refs[nameRef{v.FieldByName("pkg").String(), name}] = true
			}
		}
		for i := range v.NumField() {
			if v.Type() != summaryType || !summaryOwnFields[v.Type().Field(i).Name] {
				collectRefs(v.Field(i), refs, seen)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			collectRefs(v.Index(i), refs, seen)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			collectRefs(iter.Value(), refs, seen)
		}
	}
}

// summaryOwnFields are the summary's fields collectRefs leaves out: its
// file's IR and the references themselves, which name nothing, and the
// functions, which funcRefs walks.
var summaryOwnFields = map[string]bool{"file": true, "refs": true, "refsOnce": true, "funcs": true}

// holdsRefsOf memoizes holdsRefs by type.
var holdsRefsOf sync.Map

// holdsRefs reports whether a value of type t can hold a symbol or a
// value naming something: a summary type made of them, not a string, a
// number, an AST-free IR type or an interface (summaries hold none).
func holdsRefs(t reflect.Type) bool {
	if v, ok := holdsRefsOf.Load(t); ok {
		return v.(bool)
	}
	holdsRefsOf.Store(t, true) // a recursive type holds what it holds
	holds := false
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		holds = holdsRefs(t.Elem())
	case reflect.Map:
		holds = holdsRefs(t.Elem())
	case reflect.Struct:
		holds = t == symType || t == valRefType
		for i := 0; i < t.NumField() && !holds; i++ {
			f := t.Field(i)
			holds = !(t == summaryType && summaryOwnFields[f.Name]) && holdsRefs(f.Type)
		}
	}
	holdsRefsOf.Store(t, holds)
	return holds
}
