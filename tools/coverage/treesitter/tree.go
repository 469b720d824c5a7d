// Package treesitter is the plumbing the tree-sitter based frontends
// (typescript, python) share: it parses source into a plain Go tree, so the
// frontends walk it without cgo calls or C lifetimes, and collects the
// syntax errors the parser recovered from. It also holds what both fill
// in the same way: identifiers, handlers and route paths.
package treesitter

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// Node is one syntax node, copied out of the C tree.
type Node struct {
	// Kind is the grammar's node type (`call_expression`, `ERROR`, or the
	// token itself for anonymous nodes such as `(`).
	Kind string
	// Field is the node's field name in its parent, or empty.
	Field string
	// Named is false for anonymous tokens.
	Named bool
	// StartByte and EndByte delimit the node's source text.
	StartByte, EndByte uint32
	// Start and End are 1-based; End is just past the last byte.
	Start, End Point
	Parent     *Node
	Children   []*Node
	// inError marks an ERROR node and everything under it, so nested
	// errors are reported once, by the outermost.
	inError bool
}

// Point is a 1-based line and byte column.
type Point struct {
	Line, Col int
}

// Text returns the node's source text.
func (n *Node) Text(src []byte) string {
	if n == nil || int(n.EndByte) > len(src) || n.StartByte > n.EndByte {
		return ""
	}
	return string(src[n.StartByte:n.EndByte])
}

// Line is the 1-based line the node starts on.
func (n *Node) Line() int { return n.Start.Line }

// EndLine is the 1-based line of the node's last byte.
func (n *Node) EndLine() int {
	if n.End.Col == 1 && n.End.Line > n.Start.Line {
		return n.End.Line - 1 // the node ends with its newline
	}
	return n.End.Line
}

// Child returns the first child with the given field name, or nil.
func (n *Node) Child(field string) *Node {
	if n == nil {
		return nil
	}
	for _, c := range n.Children {
		if c.Field == field {
			return c
		}
	}
	return nil
}

// ChildrenOf returns the children with the given field name.
func (n *Node) ChildrenOf(field string) []*Node {
	var out []*Node
	for _, c := range n.Children {
		if c.Field == field {
			out = append(out, c)
		}
	}
	return out
}

// FirstOfKind returns the first child of one of the given kinds, or nil.
func (n *Node) FirstOfKind(kinds ...string) *Node {
	if n == nil {
		return nil
	}
	for _, c := range n.Children {
		for _, k := range kinds {
			if c.Kind == k {
				return c
			}
		}
	}
	return nil
}

// NamedChildren returns the named children, skipping comments.
func (n *Node) NamedChildren() []*Node {
	if n == nil {
		return nil
	}
	out := make([]*Node, 0, len(n.Children))
	for _, c := range n.Children {
		if c.Named && c.Kind != "comment" {
			out = append(out, c)
		}
	}
	return out
}

// Walk visits n and its descendants in source order; returning false from
// visit skips a node's children.
func (n *Node) Walk(visit func(*Node) bool) {
	if n == nil || !visit(n) {
		return
	}
	for _, c := range n.Children {
		c.Walk(visit)
	}
}

// Ancestor returns the nearest ancestor of one of the given kinds, or nil.
func (n *Node) Ancestor(kinds ...string) *Node {
	for p := n.Parent; p != nil; p = p.Parent {
		for _, k := range kinds {
			if p.Kind == k {
				return p
			}
		}
	}
	return nil
}

// Parse parses src with lang. It returns the root of the tree and the
// syntax errors the parser recovered from, 1-based; the error return is
// for internal failures only.
func Parse(lang *sitter.Language, src []byte) (*Node, []coverage.SyntaxError, error) {
	parser := sitter.NewParser()
	defer parser.Close()
	if err := parser.SetLanguage(lang); err != nil {
		return nil, nil, fmt.Errorf("treesitter: set language: %w", err)
	}
	tree := parser.Parse(src, nil)
	if tree == nil {
		return nil, nil, fmt.Errorf("treesitter: parser returned no tree")
	}
	defer tree.Close()
	b := builder{lang: lang, src: src, checkErrors: tree.RootNode().HasError()}
	return b.build(flatten(tree.RootNode())), b.errors, nil
}

type builder struct {
	lang        *sitter.Language
	src         []byte
	checkErrors bool
	// lineStarts are the offsets lines start at, for positions.
	lineStarts []uint32
	errors     []coverage.SyntaxError
}

type kind struct {
	name  string
	named bool
}

// build links the flat records into a tree, with every node and every
// children slice carved out of one allocation.
func (b *builder) build(records []record) *Node {
	if len(records) == 0 {
		return &Node{Kind: "ERROR"}
	}
	b.lineStarts = []uint32{0}
	for i, ch := range b.src {
		if ch == '\n' {
			b.lineStarts = append(b.lineStarts, uint32(i+1))
		}
	}
	kinds := map[uint16]kind{}
	fields := map[uint16]string{}
	nodes := make([]Node, len(records))
	children := make([]int, len(records))
	for _, r := range records {
		if r.parent >= 0 {
			children[r.parent]++
		}
	}
	backing := make([]*Node, len(records))
	for i := range nodes {
		nodes[i].Children, backing = backing[:0:children[i]], backing[children[i]:]
	}
	for i, r := range records {
		k, ok := kinds[uint16(r.symbol)]
		if !ok {
			k = kind{name: b.lang.NodeKindForId(uint16(r.symbol)), named: b.lang.NodeKindIsNamed(uint16(r.symbol))}
			kinds[uint16(r.symbol)] = k
		}
		var field string
		if r.field != 0 {
			if field, ok = fields[uint16(r.field)]; !ok {
				field = b.lang.FieldNameForId(uint16(r.field))
				fields[uint16(r.field)] = field
			}
		}
		n := &nodes[i]
		n.Kind, n.Field, n.Named = k.name, field, k.named
		n.StartByte, n.EndByte = uint32(r.start), uint32(r.end)
		n.Start, n.End = b.point(n.StartByte), b.point(n.EndByte)
		if r.parent >= 0 {
			n.Parent = &nodes[r.parent]
			n.Parent.Children = append(n.Parent.Children, n)
		}
		if b.checkErrors {
			b.checkError(n, r.missing != 0)
		}
	}
	return &nodes[0]
}

// point is the 1-based line and byte column of an offset.
func (b *builder) point(offset uint32) Point {
	line := sort.Search(len(b.lineStarts), func(i int) bool { return b.lineStarts[i] > offset }) - 1
	return Point{Line: line + 1, Col: int(offset-b.lineStarts[line]) + 1}
}

func (b *builder) checkError(n *Node, missing bool) {
	if n.Parent != nil && n.Parent.inError {
		n.inError = true
		return
	}
	n.inError = n.Kind == "ERROR"
	switch {
	case n.Kind == "ERROR":
		// Report where the skipped text starts, not the whitespace before it.
		text := n.Text(b.src)
		at := b.point(n.StartByte + uint32(len(text)-len(strings.TrimLeft(text, " \t\r\n"))))
		b.errors = append(b.errors, coverage.SyntaxError{Line: at.Line, Col: at.Col, Message: errorMessage(text)})
	case missing:
		b.errors = append(b.errors, coverage.SyntaxError{Line: n.Start.Line, Col: n.Start.Col, Message: "missing " + strconv.Quote(n.Kind)})
	}
}

// errorMessage quotes the first line of the text the parser skipped,
// shortened.
func errorMessage(text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return "syntax error"
	}
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		text = strings.TrimSpace(text[:i])
	}
	if r := []rune(text); len(r) > 30 {
		text = string(r[:30]) + "…"
	}
	return "syntax error at " + strconv.Quote(text)
}
