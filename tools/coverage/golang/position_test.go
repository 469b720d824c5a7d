package golang

import (
	"bytes"
	"go/ast"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestPositionMatchesFileSet checks source.position's own line table
// against the FileSet it stands in for, at the start and end of every
// node of the fixtures (broken files, parsed again in pieces, included).
func TestPositionMatchesFileSet(t *testing.T) {
	checked, chunked := 0, 0
	filepath.WalkDir("../../../testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		// Each file also with a function left open before its last
		// declaration, which the source parses again in pieces.
		if i := bytes.LastIndex(src, []byte("\nfunc ")); i > 0 && chunked < 20 {
			broken := slices.Concat(src[:i], []byte("\nfunc open() {\n\tif x {\n"), src[i:])
			if s := parseSource(path, broken); len(s.chunks) > 0 {
				chunked++
				checked += checkPositions(t, path+" (broken)", s)
			}
		}
		s := parseSource(path, src)
		checked += checkPositions(t, path, s)
		return nil
	})
	if checked < 10000 || chunked < 5 {
		t.Fatalf("only %d positions checked, %d broken files parsed in pieces", checked, chunked)
	}
}

// checkPositions compares the positions of a source's nodes and returns
// how many it compared.
func checkPositions(t *testing.T, path string, s *source) int {
	t.Helper()
	checked := 0
	for _, decl := range s.decls {
		ast.Inspect(decl, func(n ast.Node) bool {
			if n == nil {
				return false
			}
			for _, p := range []token.Pos{n.Pos(), n.End()} {
				if !p.IsValid() {
					continue
				}
				line, col := s.position(p)
				want := s.fset.PositionFor(p, false)
				if c, ok := s.chunks[s.fset.File(p)]; ok {
					if want.Line == 1 {
						want.Column -= len(chunkPrefix)
					}
					want.Line += c.lineDelta
				}
				if line != want.Line || col != want.Column {
					t.Errorf("%s: offset %d is %d:%d here, %d:%d in the FileSet", path, p, line, col, want.Line, want.Column)
				}
				checked++
			}
			return true
		})
	}
	return checked
}
