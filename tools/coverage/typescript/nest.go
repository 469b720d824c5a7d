package typescript

import (
	"slices"
	"strings"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
	"github.com/ambient-authz/ambient-authz/tools/coverage/treesitter"
)

// nestMethods maps NestJS route decorators to HTTP methods; All routes
// every method.
var nestMethods = map[string]string{
	"Get": "GET", "Post": "POST", "Put": "PUT", "Patch": "PATCH", "Delete": "DELETE",
	"Head": "HEAD", "Options": "OPTIONS", "All": "",
}

// nestGuards are the decorators whose arguments run before a handler.
var nestGuards = treesitter.SetOf("UseGuards", "UseInterceptors")

// nestControllers finds `@Controller('documents')` classes and their
// `@Get(':id')`-style methods.
func (a *analyzer) nestControllers(root *node) {
	root.Walk(func(n *node) bool {
		if n.Kind == "class_declaration" || n.Kind == "abstract_class_declaration" {
			a.nestController(n)
		}
		return true
	})
}

func (a *analyzer) nestController(class *node) {
	decorators := class.ChildrenOf("decorator")
	if p := class.Parent; p != nil && p.Kind == "export_statement" {
		decorators = append(p.ChildrenOf("decorator"), decorators...)
	}
	base, ok := a.controllerPath(decorators)
	if !ok {
		return
	}
	name := className(a, class)
	guards := a.guards(decorators)
	for _, m := range class.Child("body").NamedChildren() {
		if m.Kind != "method_definition" {
			continue
		}
		decorators := memberDecorators(m)
		for _, d := range decorators {
			decorator, args := decoratorCall(a, d)
			method, ok := nestMethods[decorator]
			if !ok {
				continue
			}
			var path string
			if len(args) > 0 {
				path, _ = a.firstString(args[0])
				a.names.AddRoute(args[0].StartByte, path)
			}
			a.addHandler(coverage.Handler{
				Framework:  "nestjs",
				Method:     method,
				Route:      treesitter.JoinRoute(base, path),
				Function:   name + "." + memberName(a, m),
				Line:       declLine(m),
				Middleware: slices.Concat(guards, a.guards(decorators)),
			}, m.StartByte)
		}
	}
}

// controllerPath reads `@Controller()`, `@Controller('docs')`,
// `@Controller(['docs'])` and `@Controller({ path: 'docs' })`.
func (a *analyzer) controllerPath(decorators []*node) (string, bool) {
	for _, d := range decorators {
		name, args := decoratorCall(a, d)
		if name != "Controller" {
			continue
		}
		if len(args) == 0 {
			return "", true
		}
		arg := unwrap(args[0])
		if arg.Kind == "object" {
			arg = a.fields(arg)["path"]
		}
		path, _ := a.firstString(arg)
		if arg != nil {
			a.names.AddRoute(arg.StartByte, path)
		}
		return path, true
	}
	return "", false
}

// guards names the guards and interceptors a set of decorators applies.
func (a *analyzer) guards(decorators []*node) []string {
	var out []string
	for _, d := range decorators {
		if name, args := decoratorCall(a, d); nestGuards[name] {
			for _, arg := range args {
				out = append(out, a.middlewareNames(arg)...)
			}
		}
	}
	return out
}

// firstString is a string, or the first string of an array of them.
func (a *analyzer) firstString(n *node) (string, bool) {
	n = unwrap(n)
	if n != nil && n.Kind == "array" {
		if elems := n.NamedChildren(); len(elems) > 0 {
			return a.stringValue(elems[0])
		}
		return "", false
	}
	return a.stringValue(n)
}

// memberDecorators returns a class member's decorators: its children in
// the JavaScript grammar, its preceding siblings in the TypeScript one.
func memberDecorators(m *node) []*node {
	out := m.ChildrenOf("decorator")
	if m.Parent == nil {
		return out
	}
	siblings := m.Parent.Children
	i := 0
	for i < len(siblings) && siblings[i] != m {
		i++
	}
	for j := i - 1; j >= 0 && (siblings[j].Kind == "decorator" || siblings[j].Kind == "comment"); j-- {
		if siblings[j].Kind == "decorator" {
			out = append([]*node{siblings[j]}, out...)
		}
	}
	return out
}

// decoratorCall returns a decorator's name (`Get` for `@Get(':id')`,
// the last part of a qualified one) and its arguments.
func decoratorCall(a *analyzer, d *node) (string, []*node) {
	expr := d.NamedChildren()
	if len(expr) == 0 {
		return "", nil
	}
	e := unwrap(expr[0])
	var args []*node
	if e.Kind == "call_expression" {
		args = e.Child("arguments").NamedChildren()
		e = unwrap(e.Child("function"))
	}
	name := a.text(e)
	return name[strings.LastIndex(name, ".")+1:], args
}
