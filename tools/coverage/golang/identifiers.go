package golang

import (
	"go/ast"
	"go/token"
	"regexp"
	"sort"
	"strings"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// names collects the identifiers that can name a resource, with where
// they appear; the passes add them in any order.
type names struct {
	src     *source
	imports imports
	items   []nameAt
}

type nameAt struct {
	line, col int
	name      string
}

// predeclared are Go's predeclared identifiers.
var predeclared = setOf(
	"any", "bool", "byte", "comparable", "complex64", "complex128", "error", "float32", "float64",
	"int", "int8", "int16", "int32", "int64", "rune", "string", "uint", "uint8", "uint16", "uint32",
	"uint64", "uintptr", "true", "false", "iota", "nil", "append", "cap", "clear", "close", "complex",
	"copy", "delete", "imag", "len", "make", "max", "min", "new", "panic", "print", "println", "real",
	"recover",
)

// plumbing are names too generic to point at a resource.
var plumbing = setOf("ctx", "err", "req", "res", "resp", "rw", "main", "init", "New", "ServeHTTP", "String", "Error", "Empty")

// routeNoise are route segments that are never a resource.
var routeNoise = regexp.MustCompile(`^(api|v\d+|\d+)$`)

func (n *names) keep(name string) bool {
	return len(name) > 1 && !token.IsKeyword(name) && !predeclared[name] && !plumbing[name] && n.imports[name] == ""
}

func (n *names) add(pos token.Pos, name string) {
	if !n.keep(name) {
		return
	}
	line, col := n.src.position(pos)
	n.items = append(n.items, nameAt{line: line, col: col, name: name})
}

// addRoute adds the words of a route's static segments:
// `/api/v1/documents/{id}` gives documents.
func (n *names) addRoute(pos token.Pos, route string) {
	for _, seg := range strings.Split(route, "/") {
		if seg == "" || strings.ContainsAny(seg[:1], "{:<[*$") {
			continue
		}
		for _, w := range coverage.Words(seg) {
			if !routeNoise.MatchString(w) {
				n.add(pos, w)
			}
		}
	}
}

// list is the names without duplicates, in order of first appearance.
func (n *names) list() []string {
	sort.SliceStable(n.items, func(i, j int) bool {
		a, b := n.items[i], n.items[j]
		return a.line < b.line || (a.line == b.line && a.col < b.col)
	})
	seen := map[string]bool{}
	out := []string{}
	for _, it := range n.items {
		if !seen[it.name] {
			seen[it.name] = true
			out = append(out, it.name)
		}
	}
	return out
}

func (a *analyzer) routeWords(route string, e ast.Expr) { a.names.addRoute(e.Pos(), route) }

// declNames adds the names the file declares: types, functions, methods
// and their receivers' types, and variables holding a handler closure.
func (a *analyzer) declNames() {
	for _, d := range a.source.decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil && len(d.Recv.List) > 0 {
				if recv := refOf(d.Recv.List[0].Type); recv.local() {
					a.names.add(d.Recv.List[0].Type.Pos(), recv.name)
				}
			}
			if d.Name != nil {
				a.names.add(d.Name.Pos(), d.Name.Name)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					if s.Name != nil {
						a.names.add(s.Name.Pos(), s.Name.Name)
					}
				case *ast.ValueSpec:
					for i, v := range s.Values {
						if i < len(s.Names) && funcLiteral(v) != nil {
							a.names.add(s.Names[i].Pos(), s.Names[i].Name)
						}
					}
				}
			}
		}
	}
}

// handlerTypeNames adds the types a handler takes, returns, builds or
// declares: its request and response types.
func (a *analyzer) handlerTypeNames(ft *ast.FuncType, body *ast.BlockStmt) {
	if ft != nil {
		for _, t := range append(fieldTypes(ft.Params), fieldTypes(ft.Results)...) {
			a.typeNames(t)
		}
	}
	if body == nil {
		return
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CompositeLit:
			a.bodyTypeNames(x.Type)
		case *ast.ValueSpec:
			a.bodyTypeNames(x.Type)
		}
		return true
	})
}

// bodyTypeNames adds the types used in a body. An unqualified name there
// must be declared in the file or exported, since code in the middle of
// an edit parses `if !ok {` as a composite literal of type ok.
func (a *analyzer) bodyTypeNames(e ast.Expr) {
	if id, ok := e.(*ast.Ident); ok && a.index.types[id.Name] == nil && !token.IsExported(id.Name) {
		return
	}
	a.typeNames(e)
}

// typeNames adds the named types in a type expression, leaving out the
// standard library's and the frameworks' (http.Request, gin.Context) but
// looking into their type arguments (connect.Request[docsv1.GetDocRequest]).
func (a *analyzer) typeNames(e ast.Expr) {
	switch x := e.(type) {
	case *ast.Ident:
		a.names.add(x.Pos(), x.Name)
	case *ast.SelectorExpr:
		// Generated names such as DocService_WatchServer are stream
		// plumbing, not resources.
		if pkg, ok := x.X.(*ast.Ident); ok && !a.imports.isStdlib(pkg.Name) && a.imports.framework(pkg.Name) == "" && !strings.Contains(x.Sel.Name, "_") {
			a.names.add(x.Sel.Pos(), x.Sel.Name)
		}
	case *ast.StarExpr:
		a.typeNames(x.X)
	case *ast.ParenExpr:
		a.typeNames(x.X)
	case *ast.ArrayType:
		a.typeNames(x.Elt)
	case *ast.MapType:
		a.typeNames(x.Key)
		a.typeNames(x.Value)
	case *ast.ChanType:
		a.typeNames(x.Value)
	case *ast.Ellipsis:
		a.typeNames(x.Elt)
	case *ast.IndexExpr:
		a.typeNames(x.X)
		a.typeNames(x.Index)
	case *ast.IndexListExpr:
		a.typeNames(x.X)
		for _, i := range x.Indices {
			a.typeNames(i)
		}
	}
}
