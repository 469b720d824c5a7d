package golang

import (
	"go/ast"
	"go/token"
)

// resolveIdents links the identifiers of a file parsed with
// parser.SkipObjectResolution to the objects that declare them, giving
// the same result as go/parser's own resolution: the same identifiers
// resolved, to objects of the same kind and declaration, shared the same
// way (TestResolveIdentsMatchesParser compares the two on the fixtures,
// this module and part of the standard library). That includes its
// quirks, which the summarizer was written against: a composite literal's
// key resolves to a local of its name, struct fields and the parameters
// of func types get objects, and a range clause's variables are declared
// by an assignment made up for them.
//
// It is about three times cheaper than go/parser's, which makes a map
// for every block and looks a name up in each enclosing one: here the
// open scopes are one stack of names searched from the top, and objects
// come from a slab. Unlike go/parser it does not give up on nesting
// deeper than maxResolveDepth scopes; it leaves what is deeper unresolved.
func resolveIdents(f *ast.File) {
	r := &resolver{pkg: make(map[string]*ast.Object, len(f.Decls))}
	for _, d := range f.Decls {
		ast.Walk(r, d)
	}
	for _, id := range r.unresolved {
		id.Obj = r.pkg[id.Name]
	}
}

// maxResolveDepth bounds the scopes open at once, as go/parser does.
const maxResolveDepth = 1000

// resolver is an ast.Visitor that declares and resolves as it goes.
type resolver struct {
	// pkg is the file's scope: what its top-level declarations declared
	// so far (a function once its body is walked).
	pkg map[string]*ast.Object
	// locals are the names declared in the open scopes, outermost first;
	// opens are where each open scope begins in it.
	locals []declared
	opens  []int
	// unresolved are the identifiers no open scope declares: they are
	// looked up in pkg once every declaration is in it.
	unresolved []*ast.Ident
	// labels are the enclosing function bodies' labels and jumps,
	// innermost last.
	labels []labelScope
	slab   []ast.Object
}

type declared struct {
	name string
	obj  *ast.Object
}

// labelScope is one function body's labels and the labelled jumps that
// are resolved against them when the body ends.
type labelScope struct {
	decls []declared
	jumps []*ast.Ident
}

// newObj returns an object from the slab.
func (r *resolver) newObj(kind ast.ObjKind, name string, decl any) *ast.Object {
	if len(r.slab) == cap(r.slab) {
		r.slab = make([]ast.Object, 0, 64)
	}
	r.slab = append(r.slab, ast.Object{Kind: kind, Name: name, Decl: decl})
	return &r.slab[len(r.slab)-1]
}

func (r *resolver) openScope() { r.opens = append(r.opens, len(r.locals)) }

func (r *resolver) closeScope() {
	last := len(r.opens) - 1
	clear(r.locals[r.opens[last]:])
	r.locals = r.locals[:r.opens[last]]
	r.opens = r.opens[:last]
}

func (r *resolver) tooDeep() bool { return len(r.opens) >= maxResolveDepth }

// insert adds obj to the innermost open scope, or to the file's when
// none is open, and returns the object already declared there under its
// name, if any (which then stays).
func (r *resolver) insert(obj *ast.Object) *ast.Object {
	if len(r.opens) == 0 {
		return r.insertPkg(obj)
	}
	for _, d := range r.locals[r.opens[len(r.opens)-1]:] {
		if d.name == obj.Name {
			return d.obj
		}
	}
	r.locals = append(r.locals, declared{obj.Name, obj})
	return nil
}

func (r *resolver) insertPkg(obj *ast.Object) *ast.Object {
	if alt, ok := r.pkg[obj.Name]; ok {
		return alt
	}
	r.pkg[obj.Name] = obj
	return nil
}

// declare gives each identifier a new object. A receiver's type
// parameter (decl is the identifier itself) is declared in the scope but
// left without its object, as go/parser leaves it.
func (r *resolver) declare(decl any, kind ast.ObjKind, toPkg bool, idents ...*ast.Ident) {
	for _, id := range idents {
		obj := r.newObj(kind, id.Name, decl)
		if _, self := decl.(*ast.Ident); !self {
			id.Obj = obj
		}
		if id.Name == "_" {
			continue
		}
		if toPkg {
			r.insertPkg(obj)
		} else {
			r.insert(obj)
		}
	}
}

// shortVarDecl declares the new names of a := and resolves the ones the
// same scope already has to their first declaration.
func (r *resolver) shortVarDecl(as *ast.AssignStmt) {
	for _, x := range as.Lhs {
		id, ok := x.(*ast.Ident)
		if !ok {
			continue
		}
		id.Obj = r.newObj(ast.Var, id.Name, as)
		if id.Name == "_" {
			continue
		}
		if alt := r.insert(id.Obj); alt != nil {
			id.Obj = alt
		}
	}
}

// resolve looks id up from the innermost open scope out. When nothing
// declares it yet, it is collected to be looked up in the file's scope
// at the end, unless collect is false (a composite literal's key).
func (r *resolver) resolve(id *ast.Ident, collect bool) {
	if id.Name == "_" {
		return
	}
	for i := len(r.locals) - 1; i >= 0; i-- {
		if r.locals[i].name == id.Name {
			if _, self := r.locals[i].obj.Decl.(*ast.Ident); !self {
				id.Obj = r.locals[i].obj
			}
			return
		}
	}
	if obj, ok := r.pkg[id.Name]; ok {
		id.Obj = obj
		return
	}
	if collect {
		r.unresolved = append(r.unresolved, id)
	}
}

func (r *resolver) walkExprs(list []ast.Expr) {
	for _, x := range list {
		ast.Walk(r, x)
	}
}

func (r *resolver) walkStmts(list []ast.Stmt) {
	for _, s := range list {
		ast.Walk(r, s)
	}
}

func (r *resolver) walk(n ast.Node) {
	if n != nil {
		ast.Walk(r, n)
	}
}

// Visit handles the nodes that open scopes or declare names, and lets
// ast.Walk go through the others' children.
func (r *resolver) Visit(node ast.Node) ast.Visitor {
	switch n := node.(type) {
	case nil:
	case *ast.Ident:
		r.resolve(n, true)
	case *ast.SelectorExpr:
		ast.Walk(r, n.X) // a selected name is never looked up
	case *ast.CompositeLit:
		r.compositeLit(n)
	case *ast.FuncLit:
		if r.tooDeep() {
			return nil
		}
		r.openScope()
		r.funcType(n.Type)
		r.body(n.Body)
		r.closeScope()
	case *ast.FuncType:
		if r.tooDeep() {
			return nil
		}
		r.openScope()
		r.funcType(n)
		r.closeScope()
	case *ast.StructType:
		r.scopedFields(n.Fields, ast.Var)
	case *ast.InterfaceType:
		r.scopedFields(n.Methods, ast.Fun)
	case *ast.AssignStmt:
		r.walkExprs(n.Rhs)
		if n.Tok == token.DEFINE {
			r.shortVarDecl(n)
		} else {
			r.walkExprs(n.Lhs)
		}
	case *ast.LabeledStmt:
		if len(r.labels) > 0 {
			r.declareLabel(n)
		}
		ast.Walk(r, n.Stmt)
	case *ast.BranchStmt:
		if n.Tok != token.FALLTHROUGH && n.Label != nil && len(r.labels) > 0 {
			ls := &r.labels[len(r.labels)-1]
			ls.jumps = append(ls.jumps, n.Label)
		}
	default:
		if !r.statement(node) && !r.declaration(node) {
			return r
		}
	}
	return nil
}

// statement handles the statements that open scopes.
func (r *resolver) statement(node ast.Node) bool {
	switch n := node.(type) {
	case *ast.BlockStmt, *ast.IfStmt, *ast.CaseClause, *ast.SwitchStmt, *ast.TypeSwitchStmt,
		*ast.CommClause, *ast.ForStmt, *ast.RangeStmt:
		if r.tooDeep() {
			return true
		}
	case *ast.SelectStmt: // its clauses open their own
		if n.Body != nil {
			r.walkStmts(n.Body.List)
		}
		return true
	default:
		return false
	}
	opened := len(r.opens)
	switch n := node.(type) {
	case *ast.BlockStmt:
		r.openScope()
		r.walkStmts(n.List)
	case *ast.IfStmt:
		r.openScope()
		r.walk(n.Init)
		r.walk(n.Cond)
		r.walk(n.Body)
		r.walk(n.Else)
	case *ast.CaseClause:
		r.walkExprs(n.List) // outside the clause's scope
		r.openScope()
		r.walkStmts(n.Body)
	case *ast.SwitchStmt:
		r.openScope()
		r.walk(n.Init)
		if n.Tag != nil {
			if n.Init != nil { // go/parser opens one more here
				r.openScope()
			}
			ast.Walk(r, n.Tag)
		}
		if n.Body != nil {
			r.walkStmts(n.Body.List)
		}
	case *ast.TypeSwitchStmt:
		if n.Init != nil {
			r.openScope()
			ast.Walk(r, n.Init)
		}
		r.openScope()
		r.walk(n.Assign)
		if n.Body != nil {
			r.walkStmts(n.Body.List)
		}
	case *ast.CommClause:
		r.openScope()
		r.walk(n.Comm)
		r.walkStmts(n.Body)
	case *ast.ForStmt:
		r.openScope()
		r.walk(n.Init)
		r.walk(n.Cond)
		r.walk(n.Post)
		r.walk(n.Body)
	case *ast.RangeStmt:
		r.openScope()
		r.rangeStmt(n)
	}
	for len(r.opens) > opened {
		r.closeScope()
	}
	return true
}

// rangeStmt walks a range clause in its scope. Its := variables are
// declared by an assignment of `range x` made up for them, as go/parser
// declares them.
func (r *resolver) rangeStmt(n *ast.RangeStmt) {
	ast.Walk(r, n.X)
	var lhs []ast.Expr
	for _, x := range []ast.Expr{n.Key, n.Value} {
		if x != nil {
			lhs = append(lhs, x)
		}
	}
	if len(lhs) > 0 {
		if n.Tok == token.DEFINE {
			for _, x := range lhs {
				if _, ok := ast.Unparen(x).(*ast.Ident); !ok && x != nil {
					ast.Walk(r, x)
				}
			}
			r.shortVarDecl(&ast.AssignStmt{Lhs: lhs, Tok: token.DEFINE, TokPos: n.TokPos,
				Rhs: []ast.Expr{&ast.UnaryExpr{Op: token.RANGE, X: n.X}}})
		} else {
			r.walkExprs(lhs)
		}
	}
	ast.Walk(r, n.Body)
}

// declaration handles declarations: top-level ones go to the file's
// scope, others to the innermost open one.
func (r *resolver) declaration(node ast.Node) bool {
	switch n := node.(type) {
	case *ast.GenDecl:
		r.genDecl(n)
	case *ast.FuncDecl:
		r.funcDecl(n)
	default:
		return false
	}
	return true
}

func (r *resolver) genDecl(n *ast.GenDecl) {
	switch n.Tok {
	case token.CONST, token.VAR:
		kind := ast.Con
		if n.Tok == token.VAR {
			kind = ast.Var
		}
		for _, spec := range n.Specs {
			vs := spec.(*ast.ValueSpec)
			r.walkExprs(vs.Values)
			r.walk(vs.Type)
			r.declare(vs, kind, false, vs.Names...)
		}
	case token.TYPE:
		// A type's parameters stay in scope for the rest of the group,
		// as go/parser leaves them.
		opened := len(r.opens)
		for _, spec := range n.Specs {
			ts := spec.(*ast.TypeSpec)
			r.declare(ts, ast.Typ, false, ts.Name)
			if ts.TypeParams != nil && !r.tooDeep() {
				r.openScope()
				r.typeParams(ts.TypeParams)
			}
			r.walk(ts.Type)
		}
		for len(r.opens) > opened {
			r.closeScope()
		}
	}
}

func (r *resolver) funcDecl(n *ast.FuncDecl) {
	r.openScope()
	r.receiver(n.Recv)
	if n.Type.TypeParams != nil {
		r.typeParams(n.Type.TypeParams)
	}
	r.fieldTypes(n.Type.Params)
	r.fieldTypes(n.Type.Results)
	r.fieldNames(n.Recv, ast.Var)
	r.fieldNames(n.Type.Params, ast.Var)
	r.fieldNames(n.Type.Results, ast.Var)
	r.body(n.Body)
	if n.Recv == nil && n.Name.Name != "init" {
		r.declare(n, ast.Fun, true, n.Name)
	}
	r.closeScope()
}

// receiver declares a generic receiver's type parameters and walks the
// rest of the receiver's type.
func (r *resolver) receiver(recv *ast.FieldList) {
	if recv == nil || len(recv.List) == 0 {
		return
	}
	typ := recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	var params []ast.Expr
	switch t := typ.(type) {
	case *ast.IndexExpr:
		params, typ = []ast.Expr{t.Index}, t.X
	case *ast.IndexListExpr:
		params, typ = t.Indices, t.X
	}
	var rest []ast.Expr
	for _, p := range params {
		if id, ok := p.(*ast.Ident); ok {
			r.declare(p, ast.Typ, false, id)
		} else {
			rest = append(rest, p)
		}
	}
	r.walk(typ)
	r.walkExprs(rest)
	for _, f := range recv.List[1:] { // invalid, walked all the same
		r.walk(f.Type)
	}
}

// funcType resolves a signature's types, then declares its parameters
// and results in the open scope.
func (r *resolver) funcType(t *ast.FuncType) {
	r.fieldTypes(t.Params)
	r.fieldTypes(t.Results)
	r.fieldNames(t.Params, ast.Var)
	r.fieldNames(t.Results, ast.Var)
}

// scopedFields resolves a struct's or interface's field types and
// declares their names in a scope of their own.
func (r *resolver) scopedFields(list *ast.FieldList, kind ast.ObjKind) {
	if r.tooDeep() {
		return
	}
	r.openScope()
	r.fieldTypes(list)
	r.fieldNames(list, kind)
	r.closeScope()
}

// typeParams declares type parameters before resolving their
// constraints, which may name them.
func (r *resolver) typeParams(list *ast.FieldList) {
	r.fieldNames(list, ast.Typ)
	r.fieldTypes(list)
}

func (r *resolver) fieldTypes(list *ast.FieldList) {
	if list == nil {
		return
	}
	for _, f := range list.List {
		r.walk(f.Type)
	}
}

func (r *resolver) fieldNames(list *ast.FieldList, kind ast.ObjKind) {
	if list == nil {
		return
	}
	for _, f := range list.List {
		r.declare(f, kind, false, f.Names...)
	}
}

// body walks a function body in the function's scope, with a label
// scope of its own.
func (r *resolver) body(b *ast.BlockStmt) {
	if b == nil {
		return
	}
	r.labels = append(r.labels, labelScope{})
	r.walkStmts(b.List)
	ls := r.labels[len(r.labels)-1]
	for _, jump := range ls.jumps {
		for _, d := range ls.decls {
			if d.name == jump.Name {
				jump.Obj = d.obj
				break
			}
		}
	}
	r.labels = r.labels[:len(r.labels)-1]
}

func (r *resolver) declareLabel(n *ast.LabeledStmt) {
	ls := &r.labels[len(r.labels)-1]
	obj := r.newObj(ast.Lbl, n.Label.Name, n)
	n.Label.Obj = obj
	if n.Label.Name == "_" {
		return
	}
	for _, d := range ls.decls {
		if d.name == obj.Name {
			return
		}
	}
	ls.decls = append(ls.decls, declared{obj.Name, obj})
}

func (r *resolver) compositeLit(n *ast.CompositeLit) {
	r.walk(n.Type)
	for _, e := range n.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			ast.Walk(r, e)
			continue
		}
		// A key is looked up but not collected: it is often a field name.
		if id, ok := kv.Key.(*ast.Ident); ok {
			r.resolve(id, false)
		} else {
			r.walk(kv.Key)
		}
		r.walk(kv.Value)
	}
}
