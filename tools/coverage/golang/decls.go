package golang

import (
	"go/ast"
	"go/token"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// function is a function the file declares: a func, a method, or a func
// literal bound to a package-level variable (`var listDocs =
// http.HandlerFunc(func(...) {...})`), which is named after the variable.
type function struct {
	name string // Name, Type.Method, or the variable's name
	recv string // the receiver's type, for a method
	// recvName is the receiver variable's name.
	recvName string
	// lit is the func literal of a closure.
	lit *ast.FuncLit
	// short is the name without the receiver.
	short         string
	typ           *ast.FuncType
	body          *ast.BlockStmt
	line, endLine int

	// Filled in by the walker.
	walked bool
	// params are the routers the function receives, by parameter index.
	params map[int]*router
	// result is the router the function returns; interceptors those of
	// the gRPC server or connect options it returns (newServer() making
	// grpc.NewServer(grpc.UnaryInterceptor(...))).
	result       *router
	interceptors []interceptor
	// routesFromParams: the function registers a route whose path or
	// handler it cannot know, as it comes from a parameter; each call is
	// walked with its arguments (inlining marks the walk in progress).
	routesFromParams bool
	inlining         bool
	// inlined is the router the walk for one call returns, built around
	// that call's arguments (docs(show) making a router that routes show).
	inlined *router
}

// declIndex is what the file declares at top level, by name.
type declIndex struct {
	ordered []*function
	funcs   map[string]*function
	// methods lists the methods of every receiver type by method name,
	// for a method value whose receiver's type is unknown.
	methods map[string][]*function
	structs map[string]*ast.StructType
	types   map[string]*ast.TypeSpec
	// values are the package-level var and const declarations.
	values []*ast.GenDecl
}

func (s *source) index() *declIndex {
	idx := &declIndex{funcs: map[string]*function{}, methods: map[string][]*function{}, structs: map[string]*ast.StructType{}, types: map[string]*ast.TypeSpec{}}
	for _, d := range s.decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Name != nil && d.Type != nil {
				idx.add(s.funcDecl(d))
			}
		case *ast.GenDecl:
			switch d.Tok {
			case token.TYPE:
				for _, spec := range d.Specs {
					if ts, ok := spec.(*ast.TypeSpec); ok && ts.Name != nil {
						idx.types[ts.Name.Name] = ts
						if st, ok := ts.Type.(*ast.StructType); ok {
							idx.structs[ts.Name.Name] = st
						}
					}
				}
			case token.VAR, token.CONST:
				idx.values = append(idx.values, d)
				for _, fn := range s.boundLiterals(d) {
					idx.add(fn)
				}
			}
		}
	}
	return idx
}

func (idx *declIndex) add(fn *function) {
	idx.ordered = append(idx.ordered, fn)
	if _, dup := idx.funcs[fn.name]; !dup {
		idx.funcs[fn.name] = fn
	}
	if fn.recv != "" {
		idx.methods[fn.short] = append(idx.methods[fn.short], fn)
	}
}

func (s *source) funcDecl(d *ast.FuncDecl) *function {
	fn := &function{
		name:    d.Name.Name,
		short:   d.Name.Name,
		typ:     d.Type,
		body:    d.Body,
		line:    s.line(d.Pos()),
		endLine: s.endLine(d),
	}
	if d.Recv != nil && len(d.Recv.List) > 0 {
		if recv := refOf(d.Recv.List[0].Type); recv.local() {
			fn.recv = recv.name
			fn.name = recv.name + "." + fn.short
		}
		if names := fieldNames(d.Recv); len(names) > 0 {
			fn.recvName = names[0]
		}
	}
	return fn
}

// boundLiterals are the func literals a var declaration binds to names,
// directly or through a conversion such as http.HandlerFunc(func...).
func (s *source) boundLiterals(d *ast.GenDecl) []*function {
	var fns []*function
	for _, spec := range d.Specs {
		vs, ok := spec.(*ast.ValueSpec)
		if !ok || len(vs.Names) != len(vs.Values) {
			continue
		}
		for i, v := range vs.Values {
			lit := funcLiteral(v)
			if lit != nil && vs.Names[i].Name != "_" {
				fns = append(fns, s.closure(vs.Names[i].Name, lit))
			}
		}
	}
	return fns
}

// closure is a func literal as a function named after its variable.
func (s *source) closure(name string, lit *ast.FuncLit) *function {
	return &function{
		name:    name,
		short:   name,
		lit:     lit,
		typ:     lit.Type,
		body:    lit.Body,
		line:    s.line(lit.Pos()),
		endLine: s.endLine(lit),
	}
}

// funcLiteral is the func literal e is, directly or as the one argument
// of a conversion, or nil.
func funcLiteral(e ast.Expr) *ast.FuncLit {
	switch x := unparen(e).(type) {
	case *ast.FuncLit:
		return x
	case *ast.CallExpr:
		if len(x.Args) == 1 {
			if lit, ok := unparen(x.Args[0]).(*ast.FuncLit); ok {
				return lit
			}
		}
	}
	return nil
}

// field is the type of a field of a struct declared in the file, or nil.
func (idx *declIndex) field(structName, name string) ast.Expr {
	st := idx.structs[structName]
	if st == nil || st.Fields == nil {
		return nil
	}
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			if n.Name == name {
				return f.Type
			}
		}
		if len(f.Names) == 0 && refOf(f.Type).name == name {
			return f.Type
		}
	}
	return nil
}

// uniqueMethod resolves x.name for an x of unknown type: an unexported
// method belongs to a type of this package, so when the file declares it
// on one type only, that is the method.
func (idx *declIndex) uniqueMethod(name string) *function {
	if ms := idx.methods[name]; len(ms) == 1 && !token.IsExported(name) {
		return ms[0]
	}
	return nil
}

func (idx *declIndex) functions() []coverage.Function {
	out := make([]coverage.Function, 0, len(idx.ordered))
	for _, fn := range idx.ordered {
		out = append(out, coverage.Function{Name: fn.name, Line: fn.line, EndLine: fn.endLine})
	}
	return out
}
