package golang

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// valSym is a string operand as one file sees it. Literals, parameters
// and locals are settled in the file; a constant, possibly of another
// package, waits for the link.
type valSym struct {
	kind valKind
	// param is the parameter index of a valParam.
	param int
	// text is the string of a literal or resolved value.
	text string
	expr string
	// ref is the rest of a constant, concatenation or conversion.
	ref *valRef
}

// valRef names the constant of a valConst, or the callee of a
// valConvert: a conversion when it names a type (Perm("view")), a call
// otherwise ("" pkg: the file's package). parts are the operands of a
// valConcat, the operand of a valConvert.
type valRef struct {
	pkg, name string
	parts     []valSym
}

type valKind uint8

const (
	valUnknown valKind = iota
	valLiteral
	// valResolved is a local assigned once from a literal.
	valResolved
	valParam
	valConst
	valConcat
	valConvert
	// valAbsent is an optional operand left out: the zero Value.
	valAbsent
)

// maxValueDepth bounds the chains of locals and constants followed.
const maxValueDepth = 8

// exprLimit caps Value.Expr: it is for messages.
const exprLimit = 80

// valueOf reads an operand in the function of ctx (nil outside one, or
// where parameters cannot be bound).
func (s *summarizer) valueOf(e ast.Expr, ctx *fnCtx) valSym {
	v := s.value(e, ctx, 0)
	v.expr = s.exprText(e)
	return v
}

func (s *summarizer) value(e ast.Expr, ctx *fnCtx, depth int) valSym {
	if depth > maxValueDepth {
		return valSym{}
	}
	switch x := unparen(e).(type) {
	case *ast.BasicLit:
		if x.Kind == token.STRING {
			if text, err := strconv.Unquote(x.Value); err == nil {
				return valSym{kind: valLiteral, text: text}
			}
		}
	case *ast.Ident:
		return s.identValue(x, ctx, depth)
	case *ast.SelectorExpr:
		if path := s.importOf(x); path != "" {
			if m, ok := methodConst(x.Sel.Name); ok && frameworkOf(path) != "" {
				return valSym{kind: valResolved, text: m} // http.MethodGet: a method of a dependency
			}
			return valSym{kind: valConst, ref: &valRef{pkg: path, name: x.Sel.Name}}
		}
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			return valSym{kind: valConcat, ref: &valRef{parts: []valSym{s.value(x.X, ctx, depth+1), s.value(x.Y, ctx, depth+1)}}}
		}
	case *ast.CallExpr:
		return s.conversionValue(x, ctx, depth)
	}
	return valSym{}
}

// identValue reads a name: a parameter never assigned, a local (const,
// or var assigned once) from its initializer, a package-level constant
// by name.
func (s *summarizer) identValue(id *ast.Ident, ctx *fnCtx, depth int) valSym {
	obj := id.Obj
	if !s.local(obj) {
		if obj != nil && obj.Kind != ast.Con {
			return valSym{}
		}
		return valSym{kind: valConst, ref: &valRef{name: id.Name}}
	}
	if i, ok := ctx.paramIndex(obj); ok {
		if s.writes[obj] > 0 {
			return valSym{}
		}
		return valSym{kind: valParam, param: i}
	}
	var init ast.Expr
	if obj.Kind == ast.Con {
		init = s.constInit(obj)
	} else {
		init = s.singleValue(obj)
	}
	if init == nil {
		return valSym{}
	}
	v := s.value(init, ctx, depth+1)
	if v.kind == valLiteral {
		v.kind = valResolved
	}
	return v
}

// constInit is the expression a local constant is declared with.
func (s *summarizer) constInit(obj *ast.Object) ast.Expr {
	if d, ok := obj.Decl.(*ast.ValueSpec); ok {
		if i := nameIndex(d.Names, obj); i >= 0 && i < len(d.Values) {
			return d.Values[i]
		}
	}
	return nil
}

// conversionValue reads string(x), Perm(x) and perms.Perm(x): a
// conversion keeps its operand's value. Whether Perm is a type or a
// function is known at the link.
func (s *summarizer) conversionValue(call *ast.CallExpr, ctx *fnCtx, depth int) valSym {
	if len(call.Args) != 1 {
		return valSym{}
	}
	var conv *valRef
	switch f := unparen(call.Fun).(type) {
	case *ast.Ident:
		if s.local(f.Obj) {
			return valSym{}
		}
		if f.Obj == nil && f.Name == "string" {
			return s.value(call.Args[0], ctx, depth+1)
		}
		conv = &valRef{name: f.Name}
	case *ast.SelectorExpr:
		path := s.importOf(f)
		if path == "" {
			return valSym{}
		}
		conv = &valRef{pkg: path, name: f.Sel.Name}
	default:
		return valSym{}
	}
	conv.parts = []valSym{s.value(call.Args[0], ctx, depth+1)}
	return valSym{kind: valConvert, ref: conv}
}

// exprText is e as written, cut to one line and exprLimit bytes.
func (s *summarizer) exprText(e ast.Expr) string {
	text := s.a.source.text(s.src, e)
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		text = strings.TrimSpace(text[:i]) + "…"
	}
	if len(text) > exprLimit {
		cut := exprLimit
		for cut > 0 && !isRuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "…"
	}
	if t, ok := s.a.texts[text]; ok {
		return t
	}
	if s.a.texts == nil {
		s.a.texts = map[string]string{}
	}
	text = strings.Clone(text)
	s.a.texts[text] = text
	return text
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// value resolves an operand at the link, in the package pkg that wrote
// it.
func (l *linker) value(v valSym, pkg string) coverage.Value {
	out := l.settle(v, pkg, 0)
	if out.Kind != "" {
		out.Expr = v.expr
	}
	return out
}

func (l *linker) settle(v valSym, pkg string, depth int) coverage.Value {
	if depth > maxValueDepth {
		return coverage.Value{Kind: coverage.ValueUnknown}
	}
	switch v.kind {
	case valAbsent:
		return coverage.Value{}
	case valLiteral:
		return coverage.Value{Kind: coverage.ValueLiteral, Text: v.text}
	case valResolved:
		return coverage.Value{Kind: coverage.ValueResolved, Text: v.text}
	case valParam:
		return coverage.Value{Kind: coverage.ValueParam, Param: v.param}
	case valConst:
		p := pkgOr(v.ref.pkg, pkg)
		if pi := l.pkgs[p]; pi != nil {
			if c, ok := pi.consts[v.ref.name]; ok {
				if r := l.settle(c, p, depth+1); r.Known() {
					return coverage.Value{Kind: coverage.ValueResolved, Text: r.Text}
				}
			}
		}
	case valConcat:
		var b strings.Builder
		for _, part := range v.ref.parts {
			r := l.settle(part, pkg, depth+1)
			if !r.Known() {
				return coverage.Value{Kind: coverage.ValueUnknown}
			}
			b.WriteString(r.Text)
		}
		return coverage.Value{Kind: coverage.ValueResolved, Text: b.String()}
	case valConvert:
		if p := l.pkgs[pkgOr(v.ref.pkg, pkg)]; p != nil && p.types[v.ref.name] != nil {
			return l.settle(v.ref.parts[0], pkg, depth+1)
		}
	}
	return coverage.Value{Kind: coverage.ValueUnknown}
}

func pkgOr(p, own string) string {
	if p == "" {
		return own
	}
	return p
}
