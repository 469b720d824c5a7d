// Package typescript is the coverage frontend for TypeScript and
// JavaScript (.ts, .tsx, .mts, .cts, .js, .jsx, .mjs, .cjs). It reads
// source alone with tree-sitter, so files in the middle of an edit and
// projects whose dependencies were never installed are analyzed too.
package typescript

import (
	"fmt"
	"path"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"
	tsjavascript "github.com/tree-sitter/tree-sitter-javascript/bindings/go"
	tstypescript "github.com/tree-sitter/tree-sitter-typescript/bindings/go"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
	"github.com/ambient-authz/ambient-authz/tools/coverage/treesitter"
)

// The grammars are immutable and shared; parsers are made per call.
var (
	typescriptGrammar = sitter.NewLanguage(tstypescript.LanguageTypescript())
	tsxGrammar        = sitter.NewLanguage(tstypescript.LanguageTSX())
	javascriptGrammar = sitter.NewLanguage(tsjavascript.Language())
)

type node = treesitter.Node

// ParseFile parses one TypeScript or JavaScript file into the IR: its
// functions, its Express, Koa, Fastify, NestJS and Next.js handlers, and
// the identifiers that can name a resource. Syntax errors are recovered
// from and listed in File.Errors; the error return is for internal
// failures and for a path that is neither language.
func ParseFile(path string, src []byte) (file *coverage.File, err error) {
	lang, ok := coverage.LanguageOf(path)
	if !ok || (lang != coverage.TypeScript && lang != coverage.JavaScript) {
		return nil, fmt.Errorf("typescript: %s is not a TypeScript or JavaScript file", path)
	}
	root, syntaxErrors, err := treesitter.Parse(grammarFor(path), src)
	if err != nil {
		return nil, fmt.Errorf("typescript: parse %s: %w", path, err)
	}
	if closed := treesitter.CloseBrackets(src); len(syntaxErrors) > 0 && len(closed) > len(src) {
		// Cut off mid-edit: analyze the file as if the open brackets were
		// closed, but report the errors of the file as written.
		if patched, _, err := treesitter.Parse(grammarFor(path), closed); err == nil {
			root, src = patched, closed
		}
	}
	defer func() {
		// The passes expect partial trees; a shape they did not foresee
		// is a frontend bug to report, not a reason to take the caller
		// down.
		if r := recover(); r != nil {
			file, err = nil, fmt.Errorf("typescript: analyzing %s: internal error: %v", path, r)
		}
	}()
	a := newAnalyzer(path, src, lang)
	a.run(root)
	return &coverage.File{
		Path:        path,
		Language:    lang,
		Handlers:    a.handlers.List(),
		Functions:   treesitter.SortFunctions(a.functions),
		Identifiers: a.names.List(),
		Errors:      syntaxErrors,
	}, nil
}

func grammarFor(file string) *sitter.Language {
	switch strings.ToLower(path.Ext(file)) {
	case ".tsx":
		return tsxGrammar
	case ".ts", ".mts", ".cts":
		return typescriptGrammar
	}
	return javascriptGrammar // its grammar includes JSX
}

// analyzer holds what one file's passes learn.
type analyzer struct {
	path string
	src  []byte
	lang coverage.Language

	names     treesitter.Names
	functions []coverage.Function
	// declared maps a function's name to its declaration, for the line
	// of a handler referenced by name and for Fastify plugins.
	declared map[string]declaration
	// imports maps a local name to the module it was imported from.
	imports map[string]string
	// strings maps a variable to its string-valued initializer, so routes
	// built from constants resolve.
	strings map[string]*node
	// routers are the apps and routers the file creates or registers on,
	// by receiver key.
	routers  map[string]*router
	handlers treesitter.Handlers
}

// declaration is a function declared in the file.
type declaration struct {
	line int
	fn   *node // the function node (the declaration or the literal)
}

func newAnalyzer(path string, src []byte, lang coverage.Language) *analyzer {
	return &analyzer{
		path:     path,
		src:      src,
		lang:     lang,
		names:    treesitter.Names{Skip: func(n string) bool { return skipNames[n] }},
		declared: map[string]declaration{},
		imports:  map[string]string{},
		strings:  map[string]*node{},
		routers:  map[string]*router{},
	}
}

func (a *analyzer) run(root *node) {
	root.Walk(a.declarations)
	a.collectRoutes(root)
	a.nestControllers(root)
	a.nextRoutes(root)
}

func (a *analyzer) text(n *node) string { return n.Text(a.src) }

// addFunction records a function declared by decl whose code is fn.
func (a *analyzer) addFunction(name string, decl, fn *node) {
	line := declLine(decl)
	a.functions = append(a.functions, coverage.Function{Name: name, Line: line, EndLine: fn.EndLine()})
	if _, ok := a.declared[name]; !ok {
		a.declared[name] = declaration{line: line, fn: fn}
	}
}

// declLine is where a declaration starts, after any decorators.
func declLine(n *node) int {
	for _, c := range n.Children {
		if c.Kind != "decorator" && c.Kind != "comment" {
			return c.Line()
		}
	}
	return n.Line()
}

// declarations is the first pass: functions, classes and types,
// imports, string constants and the routers the file creates.
func (a *analyzer) declarations(n *node) bool {
	switch n.Kind {
	case "import_statement":
		a.importStatement(n)
		return false
	case "function_declaration", "generator_function_declaration":
		if name := n.Child("name"); name != nil {
			a.addFunction(a.text(name), n, n)
			a.names.Add(name.StartByte, a.text(name))
		}
	case "class_declaration", "abstract_class_declaration", "class":
		a.class(n)
	case "interface_declaration", "type_alias_declaration", "enum_declaration":
		if name := n.Child("name"); name != nil {
			a.names.Add(name.StartByte, a.text(name))
		}
	case "type_identifier":
		if n.Parent == nil || n.Parent.Kind != "nested_type_identifier" {
			a.names.Add(n.StartByte, a.text(n))
		}
	case "variable_declarator":
		a.variable(n)
	case "assignment_expression":
		a.exportAssignment(n)
	case "decorator":
		a.decoratorModels(n)
	}
	return true
}

func (a *analyzer) importStatement(n *node) {
	source := n.Child("source")
	if source == nil {
		return
	}
	module, _ := a.stringValue(source)
	n.Walk(func(c *node) bool {
		switch c.Kind {
		case "import_specifier":
			local := c.Child("alias")
			if local == nil {
				local = c.Child("name")
			}
			a.imports[a.text(local)] = module
		case "identifier":
			a.imports[a.text(c)] = module // default or namespace import
		}
		return true
	})
}

// class records a class's name, methods as `Class.method` and fields
// holding functions as `Class.field`.
func (a *analyzer) class(n *node) {
	name := className(a, n)
	if name == "" {
		return
	}
	if id := n.Child("name"); id != nil {
		a.names.Add(id.StartByte, name)
	}
	for _, m := range n.Child("body").NamedChildren() {
		member := memberName(a, m)
		if member == "" {
			continue
		}
		switch m.Kind {
		case "method_definition":
			a.addFunction(name+"."+member, m, m)
			a.names.Add(m.Child("name").StartByte, member)
		case "public_field_definition", "field_definition":
			if fn := functionValue(m.Child("value")); fn != nil {
				a.addFunction(name+"."+member, m, fn)
				a.names.Add(m.StartByte, member)
			}
		}
	}
}

// className names a class declaration, or a class expression after the
// variable it is assigned to.
func className(a *analyzer, n *node) string {
	if id := n.Child("name"); id != nil {
		return a.text(id)
	}
	if p := n.Parent; p != nil && p.Kind == "variable_declarator" {
		return a.text(p.Child("name"))
	}
	return ""
}

// memberName is the name of a class member or object property.
func memberName(a *analyzer, m *node) string {
	key := m.Child("name")
	if key == nil {
		key = m.Child("property") // JavaScript fields
	}
	if key == nil {
		key = m.Child("key") // object pairs
	}
	if key == nil {
		return ""
	}
	if key.Kind == "string" {
		s, _ := a.stringValue(key)
		return s
	}
	if key.Kind == "computed_property_name" {
		return ""
	}
	return a.text(key)
}

func (a *analyzer) variable(n *node) {
	name := n.Child("name")
	value := unwrap(n.Child("value"))
	if name == nil || value == nil {
		return
	}
	if name.Kind == "object_pattern" {
		a.requireDestructuring(name, value)
	}
	if name.Kind != "identifier" {
		return
	}
	id := a.text(name)
	if fn := functionValue(value); fn != nil {
		a.addFunction(id, n, fn)
		a.names.Add(name.StartByte, id)
		return
	}
	switch value.Kind {
	case "string", "template_string", "binary_expression":
		a.strings[id] = value
	case "object":
		a.objectMethods(id, value)
	case "call_expression", "new_expression":
		a.routerDeclaration(id, value)
		if module := requiredModule(a, value); module != "" {
			a.imports[id] = module
		}
	}
}

// objectMethods records `const docs = { create(req, res) {…} }` as
// docs.create, the name routes refer to it by.
func (a *analyzer) objectMethods(object string, value *node) {
	for _, m := range value.NamedChildren() {
		switch m.Kind {
		case "method_definition":
			if member := memberName(a, m); member != "" {
				a.addFunction(object+"."+member, m, m)
			}
		case "pair":
			if fn := functionValue(m.Child("value")); fn != nil {
				if member := memberName(a, m); member != "" {
					a.addFunction(object+"."+member, m, fn)
				}
			}
		}
	}
}

// requireDestructuring records `const { Router } = require('express')`.
func (a *analyzer) requireDestructuring(pattern, value *node) {
	module := requiredModule(a, value)
	if module == "" {
		return
	}
	pattern.Walk(func(c *node) bool {
		if c.Kind == "shorthand_property_identifier_pattern" || (c.Kind == "identifier" && c.Field == "value") {
			a.imports[a.text(c)] = module
		}
		return true
	})
}

// requiredModule returns x for `require('x')`.
func requiredModule(a *analyzer, call *node) string {
	if call.Kind != "call_expression" || a.text(call.Child("function")) != "require" {
		return ""
	}
	args := call.Child("arguments").NamedChildren()
	if len(args) == 0 {
		return ""
	}
	module, _ := a.stringValue(args[0])
	return module
}

// exportAssignment records `exports.name = function…` and
// `module.exports.name = …` as name.
func (a *analyzer) exportAssignment(n *node) {
	left, right := n.Child("left"), n.Child("right")
	if left == nil || left.Kind != "member_expression" {
		return
	}
	object := a.text(left.Child("object"))
	if object != "exports" && object != "module.exports" {
		return
	}
	if fn := functionValue(unwrap(right)); fn != nil {
		name := a.text(left.Child("property"))
		a.addFunction(name, n, fn)
		a.names.Add(left.Child("property").StartByte, name)
	}
}

// decoratorModels records the capitalized names in a decorator's
// arguments (`@ApiOkResponse({ type: Document })`); guards and
// interceptors are middleware, not models.
func (a *analyzer) decoratorModels(n *node) {
	name, args := decoratorCall(a, n)
	if middlewareDecorators[name] {
		return
	}
	for _, arg := range args {
		arg.Walk(func(c *node) bool {
			if c.Kind == "identifier" {
				if t := a.text(c); t != "" && t[0] >= 'A' && t[0] <= 'Z' {
					a.names.Add(c.StartByte, t)
				}
			}
			return true
		})
	}
}

// functionValue returns n when it is a function literal, or the function
// literal it is wrapped in (`withAuth(async (req) => …)`), else nil.
func functionValue(n *node) *node {
	for depth := 0; n != nil && depth < 4; depth++ {
		n = unwrap(n)
		switch n.Kind {
		case "arrow_function", "function_expression", "function", "generator_function":
			return n
		case "call_expression":
			args := n.Child("arguments").NamedChildren()
			if len(args) == 0 {
				return nil
			}
			n = args[len(args)-1]
		default:
			return nil
		}
	}
	return nil
}

// unwrap strips parentheses, type assertions and await.
func unwrap(n *node) *node {
	for n != nil {
		switch n.Kind {
		case "parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "await_expression", "type_assertion":
			inner := n.NamedChildren()
			if len(inner) == 0 {
				return n
			}
			n = inner[0]
		default:
			return n
		}
	}
	return n
}

// stringValue evaluates a string literal, a template literal whose
// substitutions are string constants of this file, a constant, or a
// concatenation of those. An unresolved substitution is kept as written.
func (a *analyzer) stringValue(n *node) (string, bool) {
	return a.stringValueDepth(n, 0)
}

func (a *analyzer) stringValueDepth(n *node, depth int) (string, bool) {
	n = unwrap(n)
	if n == nil || depth > 8 {
		return "", false
	}
	switch n.Kind {
	case "string":
		t := a.text(n)
		if len(t) < 2 {
			return "", false
		}
		return t[1 : len(t)-1], true
	case "template_string":
		var b strings.Builder
		at := n.StartByte + 1
		for _, c := range n.Children {
			if c.Kind != "template_substitution" {
				continue
			}
			b.Write(a.src[at:c.StartByte])
			if inner := c.NamedChildren(); len(inner) == 1 {
				if s, ok := a.stringValueDepth(inner[0], depth+1); ok {
					b.WriteString(s)
					at = c.EndByte
					continue
				}
			}
			b.WriteString(a.text(c))
			at = c.EndByte
		}
		if end := n.EndByte - 1; end >= at {
			b.Write(a.src[at:end])
		}
		return b.String(), true
	case "identifier":
		if v, ok := a.strings[a.text(n)]; ok {
			return a.stringValueDepth(v, depth+1)
		}
	case "binary_expression":
		if op := n.FirstOfKind("+"); op == nil {
			return "", false
		}
		left, lok := a.stringValueDepth(n.Child("left"), depth+1)
		right, rok := a.stringValueDepth(n.Child("right"), depth+1)
		return left + right, lok && rok
	}
	return "", false
}

// enclosingClass is the name of the class n is in, or "".
func (a *analyzer) enclosingClass(n *node) string {
	if c := n.Ancestor("class_declaration", "abstract_class_declaration", "class"); c != nil {
		return className(a, c)
	}
	return ""
}

// reference names a function reference as written, with `this.x` inside
// a class written `Class.x` and `exports.x` written x.
func (a *analyzer) reference(n *node) string {
	name := a.text(n)
	for _, exports := range []string{"module.exports.", "exports."} {
		if rest, ok := strings.CutPrefix(name, exports); ok {
			return rest // functions exported by assignment are recorded bare
		}
	}
	if rest, ok := strings.CutPrefix(name, "this."); ok {
		if class := a.enclosingClass(n); class != "" {
			return class + "." + rest
		}
	}
	return name
}

// addHandler records a handler of this file registered at pos.
func (a *analyzer) addHandler(h coverage.Handler, pos uint32) {
	h.Language = a.lang
	h.File = a.path
	a.handlers.Add(h, pos)
}

// skipNames are builtins and framework types, lower-cased.
var skipNames = treesitter.SetOf(
	// language builtins and utility types
	"promise", "array", "record", "partial", "required", "readonly", "pick", "omit", "map", "set", "weakmap", "weakset",
	"date", "object", "string", "number", "boolean", "bigint", "function", "symbol", "buffer", "json", "math", "regexp",
	"exclude", "extract", "nonnullable", "returntype", "parameters", "awaited", "uint8array", "iterable", "asynciterable",
	"generator", "readonlyarray", "any", "unknown", "never", "void", "undefined", "null", "constructor", "default", "handler",
	"main", "init", "setup", "bootstrap",
	// Express, Koa, Fastify, Next.js
	"express", "requesthandler", "nextfunction", "application", "koa", "koarouter", "middleware",
	"fastify", "fastifyinstance", "fastifyrequest", "fastifyreply", "fastifypluginasync", "fastifyplugincallback",
	"fastifypluginoptions", "routeoptions", "routeshorthandoptions", "rawserverdefault",
	"nextrequest", "nextresponse", "nextapirequest", "nextapiresponse", "nextapihandler", "headers", "url", "urlsearchparams",
	// NestJS
	"controller", "injectable", "module", "body", "param", "params", "query", "req", "res", "usequards", "useguards",
	"useinterceptors", "usepipes", "usefilters", "httpcode", "httpstatus", "httpexception", "notfoundexception",
	"forbiddenexception", "unauthorizedexception", "badrequestexception", "conflictexception", "parseintpipe",
	"parseuuidpipe", "validationpipe", "executioncontext", "canactivate", "observable", "logger", "configservice",
	"authguard", "inject", "optional", "version",
)

// middlewareDecorators carry guards and interceptors, not models.
var middlewareDecorators = treesitter.SetOf("UseGuards", "UseInterceptors", "UsePipes", "UseFilters")
