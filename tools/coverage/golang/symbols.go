package golang

import (
	"go/ast"
	"go/token"
	"strings"
)

// sym is a symbolic reference that one file can write down but only the
// whole module can resolve: the type of an expression, or the function a
// call reaches. `h.store.Get(ctx, id)` in one file becomes "method Get
// of the type of field store of the type of h", and h's type, the field
// and the method may be declared in three other files. Files are
// summarized alone (and cached), and their syms resolved when the module
// is linked.
//
// pkg is an import path, or "" for the package of the file that wrote
// the sym. Pointers are dropped: a method resolves the same through one.
type sym struct {
	op    symOp
	pkg   string
	name  string
	base  *sym
	index int
}

type symOp uint8

const (
	// symNamed is the named type pkg.name.
	symNamed symOp = iota + 1
	// symSlice is a slice, array, map (its values) or channel of base.
	symSlice
	// symElem is an element of base (an index or range value).
	symElem
	// symField is the type of field name of a value of type base.
	symField
	// symResult is the type of result index of calling base, a symFunc
	// or symMethod.
	symResult
	// symVar is the type of the package-level variable pkg.name.
	symVar
	// symFunc is the package-level function pkg.name (or a conversion to
	// the type of that name).
	symFunc
	// symMethod is the method name of the type base.
	symMethod
	// symClosure is the closure whose ID within its package is name.
	symClosure
)

// typeSym reads a type expression. Function, struct and interface
// literal types give nil, as do type parameters in effect: they name no
// type the module declares.
func (s *summarizer) typeSym(t ast.Expr) *sym {
	switch x := t.(type) {
	case *ast.Ident:
		return &sym{op: symNamed, name: x.Name}
	case *ast.SelectorExpr:
		if path := s.importOf(x); path != "" {
			return &sym{op: symNamed, pkg: path, name: x.Sel.Name}
		}
	case *ast.StarExpr:
		return s.typeSym(x.X)
	case *ast.ParenExpr:
		return s.typeSym(x.X)
	case *ast.IndexExpr:
		return s.typeSym(x.X)
	case *ast.IndexListExpr:
		return s.typeSym(x.X)
	case *ast.ArrayType:
		return container(s.typeSym(x.Elt))
	case *ast.Ellipsis:
		return container(s.typeSym(x.Elt))
	case *ast.MapType:
		return container(s.typeSym(x.Value))
	case *ast.ChanType:
		return container(s.typeSym(x.Value))
	}
	return nil
}

func container(elem *sym) *sym {
	if elem == nil {
		return nil
	}
	return &sym{op: symSlice, base: elem}
}

// importOf is the import path x.X names, when x selects from an imported
// package that no local name shadows.
func (s *summarizer) importOf(x *ast.SelectorExpr) string {
	id, ok := x.X.(*ast.Ident)
	if !ok || s.local(id.Obj) {
		return ""
	}
	return s.a.imports[id.Name]
}

// local reports whether obj is declared inside a function, as opposed to
// at package level (in this file, or unresolved: in another file).
func (s *summarizer) local(obj *ast.Object) bool {
	if obj == nil {
		return false
	}
	switch d := obj.Decl.(type) {
	case *ast.FuncDecl:
		return false
	case *ast.ValueSpec:
		return !s.top[d]
	case *ast.TypeSpec:
		return !s.top[d]
	}
	return true
}

// typeOf is the type of an expression, as far as the file can say.
func (s *summarizer) typeOf(e ast.Expr) *sym {
	switch x := e.(type) {
	case *ast.ParenExpr:
		return s.typeOf(x.X)
	case *ast.Ident:
		return s.identType(x)
	case *ast.SelectorExpr:
		if path := s.importOf(x); path != "" {
			return &sym{op: symVar, pkg: path, name: x.Sel.Name}
		}
		if base := s.typeOf(x.X); base != nil {
			return &sym{op: symField, base: base, name: x.Sel.Name}
		}
	case *ast.CompositeLit:
		if x.Type != nil {
			return s.typeSym(x.Type)
		}
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return s.typeOf(x.X)
		}
		if x.Op == token.ARROW {
			return elem(s.typeOf(x.X))
		}
	case *ast.StarExpr:
		return s.typeOf(x.X)
	case *ast.CallExpr:
		return s.resultType(x, 0)
	case *ast.TypeAssertExpr:
		if x.Type != nil {
			return s.typeSym(x.Type)
		}
	case *ast.IndexExpr:
		return elem(s.typeOf(x.X))
	case *ast.SliceExpr:
		return s.typeOf(x.X)
	}
	return nil
}

func elem(of *sym) *sym {
	if of == nil {
		return nil
	}
	return &sym{op: symElem, base: of}
}

// identType is the type of a name: a package-level variable by name, a
// local from its declaration.
func (s *summarizer) identType(id *ast.Ident) *sym {
	obj := id.Obj
	if !s.local(obj) {
		if obj == nil || obj.Kind == ast.Var {
			return &sym{op: symVar, name: id.Name}
		}
		return nil
	}
	if t, done := s.objTypes[obj]; done {
		return t
	}
	s.objTypes[obj] = nil // a declaration that refers to itself is unknown
	t := s.declType(obj)
	s.objTypes[obj] = t
	return t
}

func (s *summarizer) declType(obj *ast.Object) *sym {
	switch d := obj.Decl.(type) {
	case *ast.Field:
		return s.typeSym(d.Type)
	case *ast.AssignStmt:
		i := lhsIndex(d.Lhs, obj)
		if i < 0 {
			return nil
		}
		if len(d.Rhs) == len(d.Lhs) {
			return s.assignedType(d.Rhs[i], 0)
		}
		if len(d.Rhs) == 1 {
			return s.assignedType(d.Rhs[0], i)
		}
	case *ast.ValueSpec:
		if d.Type != nil {
			return s.typeSym(d.Type)
		}
		i := nameIndex(d.Names, obj)
		switch {
		case i < 0:
		case len(d.Values) == len(d.Names):
			return s.typeOf(d.Values[i])
		case len(d.Values) == 1:
			return s.assignedType(d.Values[0], i)
		}
	}
	return nil
}

// assignedType is the type the i-th variable on the left of `:= rhs`
// gets: a result of a call, the value of a `v, ok` form, or a range
// value (the parser declares range variables as `k, v := range x`).
func (s *summarizer) assignedType(rhs ast.Expr, i int) *sym {
	switch x := unparen(rhs).(type) {
	case *ast.CallExpr:
		return s.resultType(x, i)
	case *ast.UnaryExpr:
		if x.Op == token.RANGE {
			if i == 1 {
				return elem(s.typeOf(x.X))
			}
			return nil
		}
	}
	if i == 0 {
		return s.typeOf(rhs)
	}
	return nil
}

func lhsIndex(lhs []ast.Expr, obj *ast.Object) int {
	for i, e := range lhs {
		if id, ok := e.(*ast.Ident); ok && id.Obj == obj {
			return i
		}
	}
	return -1
}

func nameIndex(names []*ast.Ident, obj *ast.Object) int {
	for i, id := range names {
		if id.Obj == obj {
			return i
		}
	}
	return -1
}

// resultType is the type of result i of a call: a function's or
// method's declared result, a conversion's type, new(T), make(T) and
// append's first argument.
func (s *summarizer) resultType(call *ast.CallExpr, i int) *sym {
	switch f := s.calleeExpr(call.Fun).(type) {
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.StarExpr:
		return s.typeSym(f)
	case *ast.FuncLit:
		return s.litResult(f, i)
	case *ast.Ident:
		if s.local(f.Obj) {
			if lit := s.boundLit(f.Obj); lit != nil {
				return s.litResult(lit, i)
			}
			return nil
		}
		if f.Obj == nil && len(call.Args) > 0 {
			switch f.Name {
			case "new", "make":
				return s.typeSym(call.Args[0])
			case "append":
				return s.typeOf(call.Args[0])
			}
		}
		return &sym{op: symResult, base: &sym{op: symFunc, name: f.Name}, index: i}
	case *ast.SelectorExpr:
		if path := s.importOf(f); path != "" {
			return &sym{op: symResult, base: &sym{op: symFunc, pkg: path, name: f.Sel.Name}, index: i}
		}
		if recv := s.typeOf(f.X); recv != nil {
			return &sym{op: symResult, base: &sym{op: symMethod, base: recv, name: f.Sel.Name}, index: i}
		}
	}
	return nil
}

func (s *summarizer) litResult(lit *ast.FuncLit, i int) *sym {
	if results := fieldTypes(lit.Type.Results); i < len(results) {
		return s.typeSym(results[i])
	}
	return nil
}

// calleeExpr strips parentheses and type arguments off a callee:
// Map[K, V](m) calls Map. An index of a local (handlers[k](w, r)) is no
// instantiation and stays.
func (s *summarizer) calleeExpr(fun ast.Expr) ast.Expr {
	fun = unparen(fun)
	var x ast.Expr
	switch f := fun.(type) {
	case *ast.IndexExpr:
		x = f.X
	case *ast.IndexListExpr:
		x = f.X
	default:
		return fun
	}
	switch b := unparen(x).(type) {
	case *ast.Ident:
		if !s.local(b.Obj) {
			return b
		}
	case *ast.SelectorExpr:
		if s.importOf(b) != "" {
			return b
		}
	}
	return fun
}

// boundLit is the func literal a local is bound to, when it is assigned
// once, from one.
func (s *summarizer) boundLit(obj *ast.Object) *ast.FuncLit {
	if rhs := s.singleValue(obj); rhs != nil {
		lit, _ := unparen(rhs).(*ast.FuncLit)
		return lit
	}
	return nil
}

// singleValue is the expression a local is initialized from, when it is
// never assigned again (and its address never taken).
func (s *summarizer) singleValue(obj *ast.Object) ast.Expr {
	if !s.local(obj) || s.writes[obj] > 0 {
		return nil
	}
	switch d := obj.Decl.(type) {
	case *ast.AssignStmt:
		if i := lhsIndex(d.Lhs, obj); i >= 0 && len(d.Rhs) == len(d.Lhs) {
			if u, ok := d.Rhs[i].(*ast.UnaryExpr); ok && u.Op == token.RANGE {
				return nil
			}
			return d.Rhs[i]
		}
	case *ast.ValueSpec:
		if i := nameIndex(d.Names, obj); i >= 0 && len(d.Values) == len(d.Names) {
			return d.Values[i]
		}
	}
	return nil
}

// stdRoots are the first elements of the standard library's import
// paths. A call into one is settled in the file, without waiting for the
// link: no module's package can have such a path.
var stdRoots = setOf(
	"archive", "bufio", "bytes", "cmp", "compress", "container", "context", "crypto", "database",
	"debug", "embed", "encoding", "errors", "expvar", "flag", "fmt", "go", "hash", "html", "image",
	"index", "io", "iter", "log", "maps", "math", "mime", "net", "os", "path", "plugin", "reflect",
	"regexp", "runtime", "slices", "sort", "strconv", "strings", "structs", "sync", "syscall",
	"testing", "text", "time", "unicode", "unique", "unsafe", "weak",
)

func isStdPath(p string) bool {
	first, _, _ := strings.Cut(p, "/")
	return stdRoots[first]
}

// inStd reports whether s is rooted in the standard library: a function,
// variable or type of it, or reached from one (r.URL.Query().Get).
func inStd(s *sym) bool {
	for ; s != nil; s = s.base {
		switch s.op {
		case symNamed, symFunc, symVar:
			return s.pkg != "" && isStdPath(s.pkg)
		case symClosure:
			return false
		}
	}
	return false
}
