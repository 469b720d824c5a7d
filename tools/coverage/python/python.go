// Package python is the coverage frontend for Python: Flask, FastAPI and
// Django (with Django REST framework). It reads source alone with
// tree-sitter, so files in the middle of an edit and projects whose
// dependencies were never installed are analyzed too.
package python

import (
	"fmt"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"
	tspython "github.com/tree-sitter/tree-sitter-python/bindings/go"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
	"github.com/ambient-authz/ambient-authz/tools/coverage/treesitter"
)

// grammar is immutable and shared; parsers are made per call.
var grammar = sitter.NewLanguage(tspython.Language())

type node = treesitter.Node

// ParseFile parses one Python file into the IR: its functions, its
// Flask, FastAPI and Django handlers, and the identifiers that can name a
// resource. Syntax errors are recovered from and listed in File.Errors;
// the error return is for internal failures and for a path that is not
// Python.
func ParseFile(path string, src []byte) (file *coverage.File, err error) {
	if lang, ok := coverage.LanguageOf(path); !ok || lang != coverage.Python {
		return nil, fmt.Errorf("python: %s is not a Python file", path)
	}
	root, syntaxErrors, err := parseResyncing(src)
	if err != nil {
		return nil, fmt.Errorf("python: parse %s: %w", path, err)
	}
	defer func() {
		// The passes expect partial trees; a shape they did not foresee
		// is a frontend bug to report, not a reason to take the caller
		// down.
		if r := recover(); r != nil {
			file, err = nil, fmt.Errorf("python: analyzing %s: internal error: %v", path, r)
		}
	}()
	a := newAnalyzer(path, src)
	a.run(root)
	return &coverage.File{
		Path:        path,
		Language:    coverage.Python,
		Handlers:    a.handlers.List(),
		Functions:   treesitter.SortFunctions(a.functions),
		Identifiers: a.names.List(),
		Errors:      syntaxErrors,
	}, nil
}

// analyzer holds what one file's passes learn.
type analyzer struct {
	path string
	src  []byte

	names     treesitter.Names
	functions []coverage.Function
	// classes maps the file's classes by name.
	classes map[string]*node
	// functionLines maps a module-level function's name to its line.
	functionLines map[string]int
	// imports maps a local name to the module it was imported from.
	imports map[string]string
	// strings maps a variable to its string-valued initializer.
	strings map[string]*node
	// routers are the apps, blueprints and routers the file creates or
	// registers on, by name.
	routers map[string]*router
	// routed holds the functions a Flask or FastAPI route registers, so
	// they are not also taken for Django views.
	routed   map[*node]bool
	handlers treesitter.Handlers
}

func newAnalyzer(path string, src []byte) *analyzer {
	return &analyzer{
		path:          path,
		src:           src,
		names:         treesitter.Names{Skip: func(n string) bool { return skipNames[n] || strings.HasPrefix(n, "__") }},
		classes:       map[string]*node{},
		functionLines: map[string]int{},
		imports:       map[string]string{},
		strings:       map[string]*node{},
		routers:       map[string]*router{},
		routed:        map[*node]bool{},
	}
}

func (a *analyzer) run(root *node) {
	root.Walk(a.declarations)
	a.collectRoutes(root)
	if a.isDjango() {
		a.django(root)
	}
}

func (a *analyzer) text(n *node) string { return n.Text(a.src) }

// declarations is the first pass: functions, classes, type annotations,
// imports, string constants and the routers the file creates.
func (a *analyzer) declarations(n *node) bool {
	switch n.Kind {
	case "import_statement", "import_from_statement":
		a.importStatement(n)
		return false
	case "function_definition":
		a.function(n)
	case "class_definition":
		if name := n.Child("name"); name != nil {
			a.classes[a.text(name)] = n
			a.names.Add(name.StartByte, a.text(name))
		}
	case "type":
		a.typeNames(n)
		return false
	case "assignment":
		a.assignment(n)
	case "attribute":
		a.managerModel(n)
	case "keyword_argument":
		if name := a.text(n.Child("name")); name == "response_model" || name == "model" || name == "serializer_class" {
			a.typeNames(n.Child("value"))
		}
	}
	return true
}

func (a *analyzer) importStatement(n *node) {
	module := a.text(n.Child("module_name"))
	for _, c := range n.ChildrenOf("name") {
		local, imported := c, c
		if c.Kind == "aliased_import" {
			local, imported = c.Child("alias"), c.Child("name")
		}
		if n.Kind == "import_statement" {
			module = a.text(imported) // import a.b as c
		}
		a.imports[a.text(local)] = module
	}
}

// function records a def as `name`, or `Class.name` in a class body.
func (a *analyzer) function(n *node) {
	id := n.Child("name")
	if id == nil {
		return
	}
	name := a.text(id)
	a.names.Add(id.StartByte, name)
	if class := enclosingClass(n); class != nil {
		name = a.text(class.Child("name")) + "." + name
	} else if isModuleLevel(n) {
		a.functionLines[name] = n.Line()
	}
	a.functions = append(a.functions, coverage.Function{Name: name, Line: n.Line(), EndLine: n.EndLine()})
}

// enclosingClass is the class whose body n is directly in, or nil.
func enclosingClass(n *node) *node {
	p := n.Parent
	if p != nil && p.Kind == "decorated_definition" {
		p = p.Parent
	}
	if p != nil && p.Kind == "block" && p.Parent != nil && p.Parent.Kind == "class_definition" {
		return p.Parent
	}
	return nil
}

func isModuleLevel(n *node) bool {
	p := n.Parent
	if p != nil && p.Kind == "decorated_definition" {
		p = p.Parent
	}
	return p != nil && p.Kind == "module"
}

// typeNames records the names in a type annotation or model argument
// (`-> Document`, `: List[DocumentCreate]`, `response_model=Doc`), leaving
// out module qualifiers.
func (a *analyzer) typeNames(n *node) {
	n.Walk(func(c *node) bool {
		if c.Kind == "identifier" && !(c.Parent != nil && c.Parent.Kind == "attribute" && c.Field == "object") {
			a.names.Add(c.StartByte, a.text(c))
		}
		return c.Kind != "call" // Annotated[User, Depends(get_user)]
	})
}

// managerModel records the model of an ORM query: Document for
// `Document.objects` (Django) and `Document.query` (Flask-SQLAlchemy).
func (a *analyzer) managerModel(n *node) {
	object := n.Child("object")
	if attr := a.text(n.Child("attribute")); (attr != "objects" && attr != "query") || object == nil || object.Kind != "identifier" {
		return
	}
	if model := a.text(object); model[0] >= 'A' && model[0] <= 'Z' {
		a.names.Add(object.StartByte, model)
	}
}

// assignment records module-level string constants and routers, and the
// models a class body names (`queryset = Document.objects.all()`,
// `serializer_class = DocumentSerializer`, `model = Document`).
func (a *analyzer) assignment(n *node) {
	left, right := n.Child("left"), n.Child("right")
	if left == nil || right == nil || left.Kind != "identifier" {
		return
	}
	name := a.text(left)
	if enclosingClassOfStatement(n) != nil {
		switch name {
		case "queryset", "model", "serializer_class":
			if model := a.rootName(right); model != "" && model[0] >= 'A' && model[0] <= 'Z' {
				a.names.Add(right.StartByte, model)
			}
		}
		return
	}
	switch right.Kind {
	case "string", "concatenated_string", "binary_operator":
		a.strings[name] = right
	case "call":
		a.routerDeclaration(name, right)
	}
}

// enclosingClassOfStatement is the class whose body holds the statement
// an assignment is in.
func enclosingClassOfStatement(assign *node) *node {
	stmt := assign.Parent
	if stmt == nil || stmt.Kind != "expression_statement" {
		return nil
	}
	return enclosingClass(stmt)
}

// rootName is the first name of an expression: Document for
// `Document.objects.filter(…)`.
func (a *analyzer) rootName(n *node) string {
	for n != nil {
		switch n.Kind {
		case "identifier":
			return a.text(n)
		case "attribute":
			n = n.Child("object")
		case "call":
			n = n.Child("function")
		default:
			return ""
		}
	}
	return ""
}

// stringValue evaluates a string literal, an f-string whose fields are
// string constants of this file, a constant, or a concatenation of those.
// An unresolved field is kept as written.
func (a *analyzer) stringValue(n *node) (string, bool) {
	return a.stringValueDepth(n, 0)
}

func (a *analyzer) stringValueDepth(n *node, depth int) (string, bool) {
	if n == nil || depth > 8 {
		return "", false
	}
	switch n.Kind {
	case "string":
		start, end := n.FirstOfKind("string_start"), n.FirstOfKind("string_end")
		if start == nil || end == nil {
			return "", false
		}
		var b strings.Builder
		at := start.EndByte
		for _, c := range n.Children {
			if c.Kind != "interpolation" {
				continue
			}
			b.Write(a.src[at:c.StartByte])
			if s, ok := a.stringValueDepth(c.Child("expression"), depth+1); ok {
				b.WriteString(s)
			} else {
				b.WriteString(a.text(c))
			}
			at = c.EndByte
		}
		if end.StartByte >= at {
			b.Write(a.src[at:end.StartByte])
		}
		return b.String(), true
	case "concatenated_string":
		var b strings.Builder
		for _, c := range n.NamedChildren() {
			s, ok := a.stringValueDepth(c, depth+1)
			if !ok {
				return "", false
			}
			b.WriteString(s)
		}
		return b.String(), true
	case "identifier":
		if v, ok := a.strings[a.text(n)]; ok {
			return a.stringValueDepth(v, depth+1)
		}
	case "binary_operator":
		if a.text(n.Child("operator")) != "+" {
			return "", false
		}
		left, lok := a.stringValueDepth(n.Child("left"), depth+1)
		right, rok := a.stringValueDepth(n.Child("right"), depth+1)
		return left + right, lok && rok
	case "parenthesized_expression":
		if inner := n.NamedChildren(); len(inner) == 1 {
			return a.stringValueDepth(inner[0], depth+1)
		}
	}
	return "", false
}

// call is a call expression's callee text, last name and arguments.
type call struct {
	callee string
	name   string
	args   []*node
	kwargs map[string]*node
}

// callOf splits a call; ok is false for anything else.
func (a *analyzer) callOf(n *node) (call, bool) {
	if n == nil || n.Kind != "call" {
		return call{}, false
	}
	c := call{callee: a.text(n.Child("function")), kwargs: map[string]*node{}}
	c.name = c.callee[strings.LastIndex(c.callee, ".")+1:]
	if args := n.Child("arguments"); args != nil && args.Kind == "argument_list" {
		for _, arg := range args.NamedChildren() {
			if arg.Kind == "keyword_argument" {
				c.kwargs[a.text(arg.Child("name"))] = arg.Child("value")
			} else {
				c.args = append(c.args, arg)
			}
		}
	}
	return c, true
}

// arg returns the i-th positional argument or, failing that, the keyword
// argument named kw.
func (c call) arg(i int, kw string) *node {
	if i < len(c.args) {
		return c.args[i]
	}
	return c.kwargs[kw]
}

// stringList reads `['GET', 'POST']` or a tuple of strings, upper-cased.
func (a *analyzer) stringList(n *node) []string {
	if n == nil {
		return nil
	}
	var out []string
	for _, e := range n.NamedChildren() {
		if s, ok := a.stringValue(e); ok {
			out = append(out, strings.ToUpper(s))
		}
	}
	return out
}

// reference names a function or class reference as written.
func (a *analyzer) reference(n *node) string {
	if n == nil {
		return ""
	}
	switch n.Kind {
	case "identifier", "attribute":
		return a.text(n)
	case "call":
		return a.reference(n.Child("function"))
	}
	return ""
}

// decoratorExpr returns a decorator's expression.
func decoratorExpr(d *node) *node {
	if e := d.NamedChildren(); len(e) > 0 {
		return e[0]
	}
	return nil
}

// addHandler records a handler of this file registered at pos.
func (a *analyzer) addHandler(h coverage.Handler, pos uint32) {
	h.Language = coverage.Python
	h.File = a.path
	a.handlers.Add(h, pos)
}

// skipNames are builtins, typing names and framework names, lower-cased.
var skipNames = treesitter.SetOf(
	// builtins and typing
	"str", "int", "float", "bool", "bytes", "dict", "list", "set", "frozenset", "tuple", "object", "none", "true", "false",
	"any", "optional", "union", "literal", "annotated", "callable", "iterable", "iterator", "sequence", "mapping",
	"type", "typing", "datetime", "date", "time", "timedelta", "decimal", "path", "generator", "asyncgenerator",
	"awaitable", "coroutine", "classvar", "self", "cls", "kwargs", "args", "main", "init", "setup",
	// Flask and FastAPI
	"flask", "blueprint", "methodview", "fastapi", "apirouter", "depends", "security", "query", "body", "header",
	"cookie", "form", "file", "uploadfile", "httpexception", "status", "basemodel", "field", "session", "asyncsession",
	"jsonresponse", "htmlresponse", "redirectresponse", "streamingresponse", "backgroundtasks", "jsonify", "abort",
	"oauth2passwordbearer", "httpbearer", "httpauthorizationcredentials", "securityscopes",
	// Django and Django REST framework
	"httprequest", "httpresponse", "httpresponseforbidden", "httpresponseredirect", "http404", "view", "apiview",
	"viewset", "modelviewset", "genericviewset", "readonlymodelviewset", "templateview", "listview", "detailview",
	"createview", "updateview", "deleteview", "formview", "redirectview", "serializer", "modelserializer",
	"loginrequiredmixin", "permissionrequiredmixin", "userpassestestmixin", "isauthenticated", "allowany",
	"isadminuser", "isauthenticatedorreadonly", "djangomodelpermissions", "basepermission", "viewsets", "generics",
	"mixins", "models", "model", "queryset", "serializers", "permissions", "action", "urlpatterns", "defaultrouter",
	"simplerouter", "create", "retrieve", "update", "partial_update", "destroy", "dispatch", "get_queryset",
	"get_object", "get_serializer_class", "perform_create", "perform_update", "perform_destroy", "has_permission",
	"has_object_permission", "as_view",
)
