package golang

import (
	"reflect"
	"slices"
	"strings"
	"sync"
)

// A rescan after an edit that adds functions to a file (see
// fileSummary.grows) links again, besides the file and the files that
// read its positions, the files that name an added function: before, the
// name resolved to nothing. Nothing else can change: the file added no
// method, so no type implements more, and no declaration moved away.

// referrersOf lists the files that name one of the functions added, by
// Func ID. Only the files of the functions' packages and the files that
// import those can; the names a summary refers to are worked out once
// per summary.
func referrersOf(files []linkFile, added map[string]*funcSum) []int {
	if len(added) == 0 {
		return nil
	}
	pkgs := map[string]bool{}
	for id := range added {
		pkgs[id[:strings.LastIndexByte(id, '.')]] = true // no method: the ID is pkg.name
	}
	names := make([]bool, len(files))
	parallel(len(files), func(i int) {
		f := files[i]
		if !pkgs[f.pkg] && !slices.ContainsFunc(f.sum.imports, func(p string) bool { return pkgs[p] }) {
			return
		}
		for ref := range f.sum.references() {
			pkg := ref.pkg
			if pkg == "" {
				pkg = f.pkg
			}
			if added[pkg+"."+ref.name] != nil {
				names[i] = true
				return
			}
		}
	})
	var out []int
	for i, ok := range names {
		if ok {
			out = append(out, i)
		}
	}
	return out
}

// nameRef is a package-level name a summary refers to; pkg is "" for the
// file's own package.
type nameRef struct{ pkg, name string }

// references lists the package-level names the summary refers to, in
// its symbols and values, worked out once per summary.
func (s *fileSummary) references() map[nameRef]bool {
	s.refsOnce.Do(func() {
		s.refs = map[nameRef]bool{}
		collectRefs(reflect.ValueOf(s).Elem(), s.refs, map[uintptr]bool{})
	})
	return s.refs
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
			if op := symOp(v.FieldByName("op").Uint()); op == symFunc || op == symVar || op == symNamed {
				refs[nameRef{v.FieldByName("pkg").String(), v.FieldByName("name").String()}] = true
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

// summaryOwnFields are the summary's fields that name nothing: its
// file's IR and the references themselves.
var summaryOwnFields = map[string]bool{"file": true, "refs": true, "refsOnce": true}

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
