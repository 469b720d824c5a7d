// Package schemas loads a project's SpiceDB schema into a Model and answers
// questions about it: grant paths, lint findings and structural diffs.
package schemas

import (
	"fmt"
	"sort"
	"strings"

	"github.com/authzed/spicedb/pkg/schemadsl/compiler"
)

// Position is a 1-based location in a schema file. File is relative to the
// project root.
type Position struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

// String renders the position as file:line:col.
func (p Position) String() string {
	if p.File == "" {
		return fmt.Sprintf("%d:%d", p.Line, p.Col)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Model is the compiled authorization model of a project.
type Model struct {
	// Source is the root schema file, relative to the project root.
	Source string `json:"source"`
	// Files lists every schema file that contributed, root first.
	Files []string `json:"files"`
	// Text is the raw text of the root schema file.
	Text        string        `json:"-"`
	Definitions []*Definition `json:"definitions"`
	Caveats     []*Caveat     `json:"caveats"`

	defs     map[string]*Definition
	caveats  map[string]*Caveat
	compiled *compiler.CompiledSchema
	pos      *positioner
	explain  explainCache // memoized Explain answers; see explain.go
}

// Definition is an object type.
type Definition struct {
	Name        string        `json:"name"`
	Doc         string        `json:"doc,omitempty"`
	Pos         Position      `json:"pos"`
	Relations   []*Relation   `json:"relations"`
	Permissions []*Permission `json:"permissions"`

	members map[string]any
	// words are the name's words, singular (see defWords): resource
	// inference matches every handler of a scan against them.
	words []string
}

// Relation is a stored relation with the subject types it allows.
type Relation struct {
	Name     string        `json:"name"`
	Doc      string        `json:"doc,omitempty"`
	Pos      Position      `json:"pos"`
	Subjects []SubjectType `json:"subjects"`
}

// SubjectType is one allowed subject of a relation: `user`, `user:*`,
// `group#member`, optionally `with <caveat>` and/or `with expiration`.
type SubjectType struct {
	Type       string `json:"type"`
	Relation   string `json:"relation,omitempty"`
	Wildcard   bool   `json:"wildcard,omitempty"`
	Caveat     string `json:"caveat,omitempty"`
	Expiration bool   `json:"expiration,omitempty"`
}

// String renders the subject type in schema syntax.
func (s SubjectType) String() string {
	var b strings.Builder
	b.WriteString(s.Type)
	switch {
	case s.Wildcard:
		b.WriteString(":*")
	case s.Relation != "":
		b.WriteString("#" + s.Relation)
	}
	var traits []string
	if s.Caveat != "" {
		traits = append(traits, s.Caveat)
	}
	if s.Expiration {
		traits = append(traits, "expiration")
	}
	if len(traits) > 0 {
		b.WriteString(" with " + strings.Join(traits, " and "))
	}
	return b.String()
}

// JoinSubjects renders subject types as in the schema: `user | group#member`.
func JoinSubjects(subjects []SubjectType) string {
	parts := make([]string, len(subjects))
	for i, s := range subjects {
		parts[i] = s.String()
	}
	return strings.Join(parts, " | ")
}

// Permission is a computed permission with its expression tree.
type Permission struct {
	Name string   `json:"name"`
	Doc  string   `json:"doc,omitempty"`
	Pos  Position `json:"pos"`
	Expr *Expr    `json:"expr"`
}

// ExprKind names a node of a permission expression.
type ExprKind string

// The kinds of expression node.
const (
	ExprUnion        ExprKind = "union"
	ExprIntersection ExprKind = "intersection"
	ExprExclusion    ExprKind = "exclusion"
	// ExprRef references a relation or permission on the same definition.
	ExprRef ExprKind = "ref"
	// ExprArrow walks Tupleset and evaluates Target on each subject found.
	ExprArrow ExprKind = "arrow"
	ExprNil   ExprKind = "nil"
	ExprSelf  ExprKind = "self"
)

// Expr is a node of a permission expression tree.
type Expr struct {
	Kind     ExprKind `json:"kind"`
	Children []*Expr  `json:"children,omitempty"`
	// Name is the referenced relation or permission (ExprRef).
	Name string `json:"name,omitempty"`
	// Tupleset, Target and Func describe an arrow: `Tupleset->Target`,
	// `Tupleset.any(Target)` or `Tupleset.all(Target)`.
	Tupleset string `json:"tupleset,omitempty"`
	Target   string `json:"target,omitempty"`
	Func     string `json:"func,omitempty"`
}

// String renders the expression in schema syntax.
func (e *Expr) String() string {
	return e.render(false)
}

func (e *Expr) render(nested bool) string {
	if e == nil {
		return "nil"
	}
	switch e.Kind {
	case ExprRef:
		return e.Name
	case ExprNil:
		return "nil"
	case ExprSelf:
		return "self"
	case ExprArrow:
		switch e.Func {
		case "any", "all":
			return fmt.Sprintf("%s.%s(%s)", e.Tupleset, e.Func, e.Target)
		}
		return e.Tupleset + "->" + e.Target
	}
	op := map[ExprKind]string{ExprUnion: " + ", ExprIntersection: " & ", ExprExclusion: " - "}[e.Kind]
	parts := make([]string, len(e.Children))
	for i, c := range e.Children {
		parts[i] = c.render(true)
	}
	s := strings.Join(parts, op)
	if nested && len(e.Children) > 1 {
		return "(" + s + ")"
	}
	return s
}

// Walk calls fn for e and every node below it, depth first.
func (e *Expr) Walk(fn func(*Expr)) {
	if e == nil {
		return
	}
	fn(e)
	for _, c := range e.Children {
		c.Walk(fn)
	}
}

// Caveat is a named CEL condition with typed parameters.
type Caveat struct {
	Name       string        `json:"name"`
	Doc        string        `json:"doc,omitempty"`
	Pos        Position      `json:"pos"`
	Params     []CaveatParam `json:"params"`
	Expression string        `json:"expression,omitempty"`
}

// CaveatParam is a typed caveat parameter.
type CaveatParam struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Definition returns the named definition, or nil.
func (m *Model) Definition(name string) *Definition {
	if m == nil {
		return nil
	}
	return m.defs[name]
}

// Caveat returns the named caveat, or nil.
func (m *Model) Caveat(name string) *Caveat {
	if m == nil {
		return nil
	}
	return m.caveats[name]
}

// DefinitionNames lists the definitions in schema order.
func (m *Model) DefinitionNames() []string {
	names := make([]string, len(m.Definitions))
	for i, d := range m.Definitions {
		names[i] = d.Name
	}
	return names
}

// index builds the lookup maps; called once after construction.
func (m *Model) index() {
	m.defs = make(map[string]*Definition, len(m.Definitions))
	for _, d := range m.Definitions {
		m.defs[d.Name] = d
		d.members = make(map[string]any, len(d.Relations)+len(d.Permissions))
		for _, r := range d.Relations {
			d.members[r.Name] = r
		}
		for _, p := range d.Permissions {
			d.members[p.Name] = p
		}
	}
	m.caveats = make(map[string]*Caveat, len(m.Caveats))
	for _, c := range m.Caveats {
		m.caveats[c.Name] = c
	}
}

// Relation returns the named relation, or nil.
func (d *Definition) Relation(name string) *Relation {
	r, _ := d.members[name].(*Relation)
	return r
}

// Permission returns the named permission, or nil.
func (d *Definition) Permission(name string) *Permission {
	p, _ := d.members[name].(*Permission)
	return p
}

// HasMember reports whether name is a relation or permission of d.
func (d *Definition) HasMember(name string) bool {
	_, ok := d.members[name]
	return ok
}

// MemberNames lists relations then permissions, in schema order.
func (d *Definition) MemberNames() []string {
	names := make([]string, 0, len(d.Relations)+len(d.Permissions))
	for _, r := range d.Relations {
		names = append(names, r.Name)
	}
	for _, p := range d.Permissions {
		names = append(names, p.Name)
	}
	return names
}

// SubjectTypesOf returns the distinct object types a relation allows,
// sorted.
func (r *Relation) SubjectTypesOf() []string {
	seen := map[string]bool{}
	for _, s := range r.Subjects {
		seen[s.Type] = true
	}
	out := make([]string, 0, len(seen))
	for t := range seen {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Compiled returns spicedb's compiled form of the schema, for callers that
// need spicedb's own machinery (warnings, the in-process engine).
func (m *Model) Compiled() *compiler.CompiledSchema { return m.compiled }

// positionAt maps a 1-based line:col that spicedb reports against the
// compiled schema to the file whose text at that column is name (after an
// optional `relation` or `permission` keyword, where declarations are
// positioned). The compiler keeps line:col per file but not the file.
func (m *Model) positionAt(line, col int, name string) Position {
	if m.pos == nil || line < 1 || col < 1 {
		return Position{File: m.Source, Line: line, Col: col}
	}
	return m.pos.find(line-1, col-1, func(l string) bool { return nameAt(l, col-1, name) })
}

// nameAt reports whether line holds name at byte offset col, possibly
// after a declaration keyword, and not as the prefix of a longer name.
func nameAt(line string, col int, name string) bool {
	if name == "" || col > len(line) {
		return false
	}
	rest := line[col:]
	for _, kw := range []string{"relation", "permission"} {
		if after, ok := strings.CutPrefix(rest, kw); ok && strings.TrimLeft(after, " \t") != after {
			rest = strings.TrimLeft(after, " \t")
			break
		}
	}
	tail, ok := strings.CutPrefix(rest, name)
	return ok && (tail == "" || !isIdentByte(tail[0]) || !isIdentByte(name[len(name)-1]))
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// Lookup returns the named definition, or an InputError with "did you
// mean" candidates.
func (m *Model) Lookup(name string) (*Definition, error) {
	if d := m.Definition(name); d != nil {
		return d, nil
	}
	return nil, &InputError{
		Kind:       ErrUnknownDefinition,
		Message:    fmt.Sprintf("definition %q is not in the schema (%s)", name, m.Source),
		Candidates: Suggest(name, m.DefinitionNames()),
		Fix:        "use one of: " + listNames(m.DefinitionNames()),
	}
}
