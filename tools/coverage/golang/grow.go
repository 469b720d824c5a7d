package golang

import (
	"reflect"
	"slices"
	"sync"
)

// A rescan after an edit that adds declarations to a file (see
// fileSummary.grows) links again, besides the file and the files that
// read its positions, the files that name something added: before, the
// name resolved to nothing. A method or a type added may also make a
// type implement more interfaces, so the files that call a method of
// those interfaces are linked again, and so are the files of its
// package, whose other methods may now serve an RPC service.

// addition is what an edit added to a file of package pkg.
type addition struct {
	pkg string
	growth
}

// referrersOf lists the files that name something added, or call a
// method of one of the names in called, and the files of the packages
// that gained methods or types. Only the files of the packages that
// gained declarations, and the files that import those, can name one;
// the names a summary refers to are worked out once per summary.
func referrersOf(files []linkFile, added []addition, called map[string]bool) []int {
	if len(added) == 0 {
		return nil
	}
	named, pkgs, typePkgs := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, a := range added {
		pkgs[a.pkg] = true
		for _, fs := range a.funcs {
			if fs.recv != "" {
				typePkgs[a.pkg] = true
			} else {
				named[a.pkg+"."+fs.id] = true
			}
		}
		for _, names := range [][]string{a.types, a.consts, a.vars} {
			for _, name := range names {
				named[a.pkg+"."+name] = true
			}
		}
		if len(a.types) > 0 {
			typePkgs[a.pkg] = true
		}
	}
	refers := make([]bool, len(files))
	parallel(len(files), func(i int) {
		f := files[i]
		if typePkgs[f.pkg] {
			refers[i] = true
			return
		}
		mayName := pkgs[f.pkg] || slices.ContainsFunc(f.sum.imports, func(p string) bool { return pkgs[p] })
		if !mayName && len(called) == 0 {
			return
		}
		for ref := range f.sum.references() {
			switch pkg := ref.pkg; {
			case pkg == methodRef:
				refers[i] = called[ref.name]
			case mayName:
				if pkg == "" {
					pkg = f.pkg
				}
				refers[i] = named[pkg+"."+ref.name]
			}
			if refers[i] {
				return
			}
		}
	})
	var out []int
	for i, ok := range refers {
		if ok {
			out = append(out, i)
		}
	}
	return out
}

// nameRef is a package-level name a summary refers to; pkg is "" for the
// file's own package, and methodRef for a method, of any type.
type nameRef struct{ pkg, name string }

// methodRef is the pkg of a nameRef that names a method.
const methodRef = "()"

// references lists the package-level names and the method names the
// summary refers to, worked out once per summary: its functions by a
// walk of their types (most of a summary, and the hot path), the rest
// by reflection (see collectRefs).
func (s *fileSummary) references() map[nameRef]bool {
	s.refsOnce.Do(func() {
		s.refs = map[nameRef]bool{}
		collectRefs(reflect.ValueOf(s).Elem(), s.refs, map[uintptr]bool{})
		for _, fs := range s.funcs {
			funcRefs(fs, s.refs)
		}
	})
	return s.refs
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
