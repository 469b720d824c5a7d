package golang

import (
	"bytes"
	"errors"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"sort"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// parseMode leaves comments out of the syntax tree: the analysis reads
// none from it (`// authz:public` markers are found in the bytes, see
// publicMarkers), and a tree without them is quicker to build. It skips
// go/parser's object resolution too: parseGo resolves identifiers itself,
// for less (see resolveIdents).
const parseMode = parser.AllErrors | parser.SkipObjectResolution

// parseGo parses a file and resolves its identifiers.
func parseGo(fset *token.FileSet, path string, src []byte) (*ast.File, error) {
	f, err := parser.ParseFile(fset, path, src, parseMode)
	if f != nil {
		resolveIdents(f)
	}
	return f, err
}

// chunkPrefix turns a piece of a file into a file of its own without
// adding a line, so chunk line 1 is the piece's first line.
const chunkPrefix = "package p; "

// source is a Go file parsed for analysis: its top-level declarations in
// source order and the syntax errors the parser recovered from.
//
// go/parser recovers well inside a statement, but a function left open in
// the middle of an edit swallows every declaration after it. So when the
// file has errors, declarations that overlap another top-level declaration
// are dropped, and each gofmt-style declaration start (a line beginning
// with func, type, var, const or import) that no remaining declaration
// covers is parsed again on its own, up to the next start.
type source struct {
	// pkgName is the package clause's name, "" when it is missing.
	pkgName string
	src     []byte
	fset    *token.FileSet
	decls   []ast.Decl
	chunks  map[*token.File]chunk
	errors  []coverage.SyntaxError
	// file and lineStarts are the whole-file parse's positions and the
	// offsets its lines start at: positions in it are looked up there,
	// without the FileSet's locks and search (see position).
	file       *token.File
	lineStarts []int
}

// chunk places a separately parsed piece of the file back in the file.
type chunk struct {
	lineDelta int // file line = chunk line + lineDelta
	lastLine  int // the piece's last non-blank line in the file
	offset    int // the piece's first byte in the file
}

// declStart is a line that begins a top-level declaration.
type declStart struct {
	line, offset int
}

func parseSource(path string, src []byte) *source {
	s := &source{fset: token.NewFileSet(), chunks: map[*token.File]chunk{}, src: src}
	f, err := parseGo(s.fset, path, src)
	if f != nil && f.Name != nil && f.Name.Name != "_" {
		s.pkgName = f.Name.Name
	}
	if f != nil && f.FileStart.IsValid() {
		if s.file = s.fset.File(f.FileStart); s.file != nil {
			s.lineStarts = s.file.Lines()
		}
	}
	if err == nil {
		s.decls = f.Decls
		return s
	}
	s.errors = syntaxErrors(err)
	var decls []ast.Decl
	if f != nil {
		decls = f.Decls
	}
	s.recoverDecls(path, src, decls)
	return s
}

// syntaxErrors lists the first error of each line: the ones after it on
// the same line follow from it.
func syntaxErrors(err error) []coverage.SyntaxError {
	var list scanner.ErrorList
	if !errors.As(err, &list) {
		return []coverage.SyntaxError{{Line: 1, Col: 1, Message: err.Error()}}
	}
	list.RemoveMultiples()
	out := make([]coverage.SyntaxError, 0, len(list))
	for _, e := range list {
		out = append(out, coverage.SyntaxError{Line: e.Pos.Line, Col: e.Pos.Column, Message: e.Msg})
	}
	return out
}

func (s *source) recoverDecls(path string, src []byte, parsed []ast.Decl) {
	starts := declStarts(src)
	type span struct{ from, to int }
	var kept []span
	for _, d := range parsed {
		if _, bad := d.(*ast.BadDecl); bad || !d.End().IsValid() {
			continue
		}
		from, to := s.line(d.Pos()), s.line(d.End())
		if to < from || swallows(starts, from, to) {
			continue
		}
		s.decls = append(s.decls, d)
		kept = append(kept, span{from, to})
	}
	covered := func(line int) bool {
		for _, k := range kept {
			if k.from <= line && line <= k.to {
				return true
			}
		}
		return false
	}
	for i, st := range starts {
		if covered(st.line) {
			continue
		}
		end := len(src)
		if i+1 < len(starts) {
			end = starts[i+1].offset
		}
		s.decls = append(s.decls, s.parseChunk(path, src[st.offset:end], st.line, st.offset)...)
	}
	sort.SliceStable(s.decls, func(i, j int) bool {
		return s.line(s.decls[i].Pos()) < s.line(s.decls[j].Pos())
	})
}

// swallows reports whether a declaration spanning from..to contains the
// start of another one.
func swallows(starts []declStart, from, to int) bool {
	i := sort.Search(len(starts), func(i int) bool { return starts[i].line > from })
	return i < len(starts) && starts[i].line <= to
}

// declStarts finds the lines that begin a top-level declaration in gofmt
// layout.
func declStarts(src []byte) []declStart {
	var starts []declStart
	line := 1
	for off := 0; off < len(src); {
		next := bytes.IndexByte(src[off:], '\n')
		if next < 0 {
			next = len(src) - off
		}
		if startsDecl(src[off : off+next]) {
			starts = append(starts, declStart{line: line, offset: off})
		}
		off += next + 1
		line++
	}
	return starts
}

var declKeywords = [][]byte{[]byte("func"), []byte("type"), []byte("var"), []byte("const"), []byte("import")}

func startsDecl(line []byte) bool {
	for _, kw := range declKeywords {
		if bytes.HasPrefix(line, kw) && len(line) > len(kw) {
			switch line[len(kw)] {
			case ' ', '\t', '(':
				return true
			}
		}
	}
	return false
}

// parseChunk parses one piece of the file. Its errors are not reported:
// the whole-file parse already reported them at their true positions.
func (s *source) parseChunk(path string, text []byte, firstLine, offset int) []ast.Decl {
	buf := make([]byte, 0, len(chunkPrefix)+len(text))
	buf = append(append(buf, chunkPrefix...), text...)
	f, _ := parseGo(s.fset, path, buf)
	if f == nil || !f.Package.IsValid() {
		return nil
	}
	s.chunks[s.fset.File(f.Package)] = chunk{
		lineDelta: firstLine - 1,
		lastLine:  firstLine + bytes.Count(bytes.TrimRight(text, " \t\r\n"), []byte("\n")),
		offset:    offset,
	}
	var decls []ast.Decl
	for _, d := range f.Decls {
		if _, bad := d.(*ast.BadDecl); !bad {
			decls = append(decls, d)
		}
	}
	return decls
}

// position is the 1-based line and column of p in the file, ignoring
// //line directives: findings point at the file as it is on disk.
func (s *source) position(p token.Pos) (line, col int) {
	if !p.IsValid() {
		return 0, 0
	}
	if f := s.file; f != nil && int(p) >= f.Base() && int(p) <= f.Base()+f.Size() {
		offset := int(p) - f.Base()
		i := sort.SearchInts(s.lineStarts, offset+1) - 1
		return i + 1, offset - s.lineStarts[i] + 1
	}
	pos := s.fset.PositionFor(p, false)
	if c, ok := s.chunks[s.fset.File(p)]; ok {
		if pos.Line == 1 {
			pos.Column -= len(chunkPrefix)
		}
		pos.Line += c.lineDelta
	}
	return pos.Line, pos.Column
}

func (s *source) line(p token.Pos) int {
	line, _ := s.position(p)
	return line
}

// endLine is the last line of n. A function that a chunk left open ends
// where its chunk ends.
func (s *source) endLine(n ast.Node) int {
	start, end := s.line(n.Pos()), s.line(n.End())
	if c, ok := s.chunks[s.fset.File(n.Pos())]; ok && (end < start || end > c.lastLine) {
		return max(start, c.lastLine)
	}
	return max(start, end)
}

// text is n as written in src, the file's text; "" when its position
// is unknown.
func (s *source) text(src string, n ast.Node) string {
	from, to := n.Pos(), n.End()
	if !from.IsValid() || !to.IsValid() {
		return ""
	}
	f := s.fset.File(from)
	if f == nil || s.fset.File(to) != f {
		return ""
	}
	i, j := f.Offset(from), f.Offset(to)
	if c, ok := s.chunks[f]; ok {
		i, j = i-len(chunkPrefix)+c.offset, j-len(chunkPrefix)+c.offset
	}
	if i < 0 || j > len(src) || i > j {
		return ""
	}
	return src[i:j]
}

// mentions reports whether word appears anywhere in the file.
func (s *source) mentions(word string) bool {
	return bytes.Contains(s.src, []byte(word))
}
