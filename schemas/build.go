package schemas

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/authzed/spicedb/pkg/namespace"
	core "github.com/authzed/spicedb/pkg/proto/core/v1"
	"github.com/authzed/spicedb/pkg/schema"
	"github.com/authzed/spicedb/pkg/schemadsl/compiler"
	"github.com/authzed/spicedb/pkg/schemadsl/input"
	"github.com/authzed/spicedb/pkg/spiceerrors"
)

// Source is one piece of schema text and where it lives.
type Source struct {
	// File is the path relative to the project root.
	File string
	Text string
	// LineOffset and ColOffset place Text inside File, for a schema
	// embedded (and dedented) in a validation YAML.
	LineOffset, ColOffset int
}

// Compile compiles one or more schema sources, as one schema, into a Model.
// Imports are read from importFS, rooted at the directory of the first
// source (nil disables imports). Compile errors come back as *InputError
// with a 1-based position in the right file.
func Compile(srcs []Source, importFS fs.FS) (*Model, error) {
	if len(srcs) == 0 {
		return nil, &InputError{Kind: ErrNoSchema, Message: "no schema source given", Fix: howToPointAtSchema}
	}
	pos := newPositioner(srcs)
	if strings.TrimSpace(stripComments(pos.text)) == "" {
		return nil, &InputError{
			Kind:    ErrEmptySchema,
			Message: fmt.Sprintf("schema %s is empty: it defines nothing", displayName(srcs[0].File)),
			Fix:     "add at least one `definition`, e.g. `definition user {}`",
		}
	}
	rec := &recordingFS{inner: importFS, files: map[string]string{}}
	opts := []compiler.Option{}
	if importFS != nil {
		opts = append(opts, compiler.SourceFS(rec))
	} else {
		opts = append(opts, compiler.DisallowImportFlag())
	}
	compiled, err := compiler.Compile(compiler.InputSchema{
		Source:       input.Source(srcs[0].File),
		SchemaString: pos.text,
	}, compiler.AllowUnprefixedObjectType(), opts...)
	pos.addImports(rec)
	if err != nil {
		return nil, pos.compileError(err)
	}
	if err := pos.validateTypes(compiled); err != nil {
		return nil, err
	}
	return buildModel(pos, compiled), nil
}

// validateTypes runs spicedb's type system over every definition: the
// compiler alone accepts references to undefined types and relations,
// which SpiceDB would then reject on WriteSchema.
func (p *positioner) validateTypes(cs *compiler.CompiledSchema) error {
	ts := schema.NewTypeSystem(schema.ResolverForCompiledSchema(cs))
	for _, nsDef := range cs.ObjectDefinitions {
		def, err := schema.NewDefinition(nsDef)
		if err == nil {
			_, err = ts.Validate(context.Background(), def)
		}
		if err == nil {
			continue
		}
		ie := &InputError{Kind: ErrCompile, Message: err.Error(), Fix: "correct the reference: every type, relation and permission used must be defined"}
		src, ok := spiceerrors.AsWithSourceError(err)
		if ok && src.LineNumber > 0 {
			needle := src.SourceCodeString
			pos := p.find(int(src.LineNumber)-1, max(int(src.ColumnPosition)-1, 0), func(l string) bool { return strings.Contains(l, needle) })
			ie.Pos = &pos
			ie.SourceLine = p.lineAt(pos)
		} else {
			pos := p.locate("", nsDef.GetSourcePosition(), "definition", nsDef.GetName())
			ie.Pos = &pos
			ie.SourceLine = p.lineAt(pos)
		}
		return ie
	}
	return nil
}

// lineAt returns the text of the line at a mapped position.
func (p *positioner) lineAt(pos Position) string {
	for _, s := range p.segs {
		local := pos.Line - 1 - s.src.LineOffset
		if s.src.File == pos.File && local >= 0 && local < s.n {
			return p.lines[s.start+local]
		}
	}
	for _, imp := range p.imports {
		if imp.file == pos.File && pos.Line-1 < len(imp.lines) {
			return imp.lines[pos.Line-1]
		}
	}
	return ""
}

// positioner maps the compiler's 0-based positions back to 1-based
// positions in the project's files. The compiler sees the root sources as
// one text and keeps line:col per imported file, but not which file.
type positioner struct {
	text    string
	lines   []string
	segs    []segment
	imports []importedFile
}

type segment struct {
	src   Source
	start int // first line of src in the combined text
	n     int // number of lines
}

type importedFile struct {
	name  string // as the compiler knows it, relative to the root schema's dir
	file  string // root-relative
	lines []string
}

func newPositioner(srcs []Source) *positioner {
	p := &positioner{}
	texts := make([]string, len(srcs))
	line := 0
	for i, s := range srcs {
		n := strings.Count(s.Text, "\n") + 1
		p.segs = append(p.segs, segment{src: s, start: line, n: n})
		texts[i] = s.Text
		line += n
	}
	p.text = strings.Join(texts, "\n")
	p.lines = strings.Split(p.text, "\n")
	return p
}

func (p *positioner) addImports(rec *recordingFS) {
	base := path.Dir(p.segs[0].src.File)
	for _, name := range rec.order {
		p.imports = append(p.imports, importedFile{name: name, file: path.Join(base, name), lines: strings.Split(rec.files[name], "\n")})
	}
}

// rootPos maps a 0-based line:col of the combined root text.
func (p *positioner) rootPos(line, col int) (Position, string) {
	for _, s := range p.segs {
		if line >= s.start && line < s.start+s.n {
			return Position{File: s.src.File, Line: line - s.start + s.src.LineOffset + 1, Col: col + s.src.ColOffset + 1}, p.lines[line]
		}
	}
	return Position{File: p.segs[0].src.File, Line: line + 1, Col: col + 1}, ""
}

// compileError turns a compiler error into an InputError at line:col.
func (p *positioner) compileError(err error) error {
	var ctxErr compiler.WithContextError
	if !errors.As(err, &ctxErr) {
		return &InputError{Kind: ErrCompile, Message: err.Error(), Fix: "correct the schema and try again"}
	}
	ie := &InputError{Kind: ErrCompile, Message: ctxErr.BaseMessage, Fix: "correct the schema at this position; `ambient-authz schema lint` re-checks it"}
	line, col, lerr := ctxErr.SourceRange.Start().LineAndColumn()
	if lerr != nil {
		return ie
	}
	src := string(ctxErr.Source)
	for _, imp := range p.imports {
		if imp.name == src {
			ie.Pos = &Position{File: imp.file, Line: line + 1, Col: col + 1}
			if line < len(imp.lines) {
				ie.SourceLine = imp.lines[line]
			}
			return ie
		}
	}
	pos, text := p.rootPos(line, col)
	ie.Pos, ie.SourceLine = &pos, text
	return ie
}

// locate finds the file a declaration's position belongs to: the one whose
// line at that position declares `keyword name`, preferring the enclosing
// definition's file.
func (p *positioner) locate(prefer string, sp *core.SourcePosition, keyword, name string) Position {
	if sp == nil {
		return Position{File: prefer}
	}
	line, col := int(sp.GetZeroIndexedLineNumber()), int(sp.GetZeroIndexedColumnPosition())
	return p.find(line, col, func(l string) bool { return declares(l, keyword, name) }, prefer)
}

// declares reports whether line holds the identifiers `keyword name` in a
// row, e.g. `relation viewer: user` declares relation viewer.
func declares(line, keyword, name string) bool {
	words := identifiers(line)
	for i := 0; i+1 < len(words); i++ {
		if words[i] == keyword && words[i+1] == name {
			return true
		}
	}
	return false
}

// identifiers splits a line into its identifier tokens.
func identifiers(line string) []string {
	return strings.FieldsFunc(line, func(r rune) bool {
		return !(r == '_' || r == '/' || unicode.IsLetter(r) || unicode.IsDigit(r))
	})
}

// find maps a 0-based line:col to the file whose line there matches decl,
// preferring the file named prefer.
func (p *positioner) find(line, col int, matches func(string) bool, prefer ...string) Position {
	var found []Position
	if line < len(p.lines) && matches(p.lines[line]) {
		pos, _ := p.rootPos(line, col)
		found = append(found, pos)
	}
	for _, imp := range p.imports {
		if line < len(imp.lines) && matches(imp.lines[line]) {
			found = append(found, Position{File: imp.file, Line: line + 1, Col: col + 1})
		}
	}
	for _, f := range found {
		if len(prefer) > 0 && f.File == prefer[0] {
			return f
		}
	}
	if len(found) > 0 {
		return found[0]
	}
	pos, _ := p.rootPos(line, col)
	return pos
}

// recordingFS remembers each file the compiler reads, so positions in
// imported files can be attributed to the right file.
type recordingFS struct {
	inner fs.FS
	files map[string]string
	order []string
}

func (r *recordingFS) Open(name string) (fs.File, error) {
	return r.inner.Open(name)
}

// ReadFile is what the compiler calls (via fs.ReadFile) for each import.
func (r *recordingFS) ReadFile(name string) ([]byte, error) {
	data, err := readLimited(r.inner, name)
	if err != nil {
		return nil, err
	}
	if _, seen := r.files[name]; !seen {
		r.order = append(r.order, name)
	}
	r.files[name] = string(data)
	return data, nil
}

func buildModel(p *positioner, cs *compiler.CompiledSchema) *Model {
	m := &Model{Source: p.segs[0].src.File, Text: p.text, Definitions: []*Definition{}, Caveats: []*Caveat{}, compiled: cs, pos: p}
	seen := map[string]bool{}
	for _, s := range p.segs {
		if !seen[s.src.File] {
			seen[s.src.File] = true
			m.Files = append(m.Files, s.src.File)
		}
	}
	for _, imp := range p.imports {
		if !seen[imp.file] {
			seen[imp.file] = true
			m.Files = append(m.Files, imp.file)
		}
	}
	for _, def := range cs.ObjectDefinitions {
		m.Definitions = append(m.Definitions, buildDefinition(p, def))
	}
	for _, cav := range cs.CaveatDefinitions {
		m.Caveats = append(m.Caveats, buildCaveat(p, cav))
	}
	m.index()
	return m
}

func buildDefinition(p *positioner, def *core.NamespaceDefinition) *Definition {
	d := &Definition{Name: def.GetName(), Doc: docOf(def.GetMetadata()), Relations: []*Relation{}, Permissions: []*Permission{}}
	d.words = defWords(d.Name)
	d.Pos = p.locate("", def.GetSourcePosition(), "definition", d.Name)
	for _, rel := range def.GetRelation() {
		pos := rel.GetSourcePosition()
		if rel.GetUsersetRewrite() != nil {
			d.Permissions = append(d.Permissions, &Permission{
				Name: rel.GetName(),
				Doc:  docOf(rel.GetMetadata()),
				Pos:  p.locate(d.Pos.File, pos, "permission", rel.GetName()),
				Expr: buildRewrite(rel.GetUsersetRewrite()),
			})
			continue
		}
		r := &Relation{Name: rel.GetName(), Doc: docOf(rel.GetMetadata()), Pos: p.locate(d.Pos.File, pos, "relation", rel.GetName())}
		for _, ar := range rel.GetTypeInformation().GetAllowedDirectRelations() {
			r.Subjects = append(r.Subjects, buildSubject(ar))
		}
		d.Relations = append(d.Relations, r)
	}
	return d
}

func buildSubject(ar *core.AllowedRelation) SubjectType {
	s := SubjectType{Type: ar.GetNamespace()}
	switch {
	case ar.GetPublicWildcard() != nil:
		s.Wildcard = true
	case ar.GetRelation() != "" && ar.GetRelation() != "...":
		s.Relation = ar.GetRelation()
	}
	if c := ar.GetRequiredCaveat(); c != nil {
		s.Caveat = c.GetCaveatName()
	}
	s.Expiration = ar.GetRequiredExpiration() != nil
	return s
}

func buildRewrite(rw *core.UsersetRewrite) *Expr {
	var kind ExprKind
	var op *core.SetOperation
	switch {
	case rw.GetUnion() != nil:
		kind, op = ExprUnion, rw.GetUnion()
	case rw.GetIntersection() != nil:
		kind, op = ExprIntersection, rw.GetIntersection()
	case rw.GetExclusion() != nil:
		kind, op = ExprExclusion, rw.GetExclusion()
	default:
		return &Expr{Kind: ExprNil}
	}
	children := make([]*Expr, 0, len(op.GetChild()))
	for _, c := range op.GetChild() {
		children = append(children, buildChild(c))
	}
	// A single-operand union is just that operand: `permission view = viewer`.
	if kind == ExprUnion && len(children) == 1 {
		return children[0]
	}
	return &Expr{Kind: kind, Children: children}
}

func buildChild(c *core.SetOperation_Child) *Expr {
	switch ct := c.GetChildType().(type) {
	case *core.SetOperation_Child_ComputedUserset:
		return &Expr{Kind: ExprRef, Name: ct.ComputedUserset.GetRelation()}
	case *core.SetOperation_Child_TupleToUserset:
		return &Expr{Kind: ExprArrow, Tupleset: ct.TupleToUserset.GetTupleset().GetRelation(), Target: ct.TupleToUserset.GetComputedUserset().GetRelation()}
	case *core.SetOperation_Child_FunctionedTupleToUserset:
		f := ct.FunctionedTupleToUserset
		fn := "any"
		if f.GetFunction() == core.FunctionedTupleToUserset_FUNCTION_ALL {
			fn = "all"
		}
		return &Expr{Kind: ExprArrow, Tupleset: f.GetTupleset().GetRelation(), Target: f.GetComputedUserset().GetRelation(), Func: fn}
	case *core.SetOperation_Child_UsersetRewrite:
		return buildRewrite(ct.UsersetRewrite)
	case *core.SetOperation_Child_XSelf:
		return &Expr{Kind: ExprSelf}
	default: // _nil and _this (which the DSL no longer produces)
		return &Expr{Kind: ExprNil}
	}
}

func buildCaveat(p *positioner, cav *core.CaveatDefinition) *Caveat {
	c := &Caveat{Name: cav.GetName(), Doc: docOf(cav.GetMetadata()), Params: []CaveatParam{}}
	c.Pos = p.locate("", cav.GetSourcePosition(), "caveat", c.Name)
	for name, t := range cav.GetParameterTypes() {
		c.Params = append(c.Params, CaveatParam{Name: name, Type: caveatTypeString(t)})
	}
	sort.Slice(c.Params, func(i, j int) bool { return c.Params[i].Name < c.Params[j].Name })
	c.Expression = p.caveatBody(c.Pos)
	return c
}

func caveatTypeString(t *core.CaveatTypeReference) string {
	if len(t.GetChildTypes()) == 0 {
		return t.GetTypeName()
	}
	kids := make([]string, len(t.GetChildTypes()))
	for i, k := range t.GetChildTypes() {
		kids[i] = caveatTypeString(k)
	}
	return t.GetTypeName() + "<" + strings.Join(kids, ", ") + ">"
}

// caveatBody extracts the CEL expression between the caveat's braces.
func (p *positioner) caveatBody(pos Position) string {
	var lines []string
	for _, s := range p.segs {
		if s.src.File == pos.File {
			local := pos.Line - 1 - s.src.LineOffset
			if local >= 0 && local < s.n {
				lines = p.lines[s.start+local : s.start+s.n]
			}
		}
	}
	for _, imp := range p.imports {
		if imp.file == pos.File && pos.Line-1 < len(imp.lines) {
			lines = imp.lines[pos.Line-1:]
		}
	}
	rest := strings.Join(lines, "\n")
	open := strings.Index(rest, "{")
	if open < 0 {
		return ""
	}
	depth := 0
	for i := open; i < len(rest); i++ {
		switch rest[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return strings.Join(strings.Fields(rest[open+1:i]), " ")
			}
		}
	}
	return ""
}

// docOf joins a node's doc comments without their comment markers.
func docOf(md *core.Metadata) string {
	var lines []string
	for _, c := range namespace.GetComments(md) {
		for _, l := range strings.Split(c, "\n") {
			l = strings.TrimSpace(l)
			l = strings.TrimPrefix(l, "/**")
			l = strings.TrimPrefix(l, "/*")
			l = strings.TrimSuffix(l, "*/")
			l = strings.TrimPrefix(l, "//")
			l = strings.TrimPrefix(l, "*")
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
			}
		}
	}
	return strings.Join(lines, " ")
}

var commentRe = regexp.MustCompile(`(?s)/\*.*?\*/|//[^\n]*`)

func stripComments(s string) string { return commentRe.ReplaceAllString(s, "") }

func displayName(source string) string {
	if source == "" {
		return "(inline)"
	}
	return source
}
