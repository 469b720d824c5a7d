package golang

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestResolveIdentsMatchesParser holds resolveIdents to go/parser's
// resolution: every identifier resolved or not alike, to an object of
// the same kind, name and declaration, and identifiers that share an
// object in one tree share one in the other. The corpus is the fixtures,
// this module, a synthetic module, and the parts of the standard
// library with the most varied syntax (generics, labels, the type
// checker's test files, which include invalid code).
func TestResolveIdentsMatchesParser(t *testing.T) {
	var files []string
	add := func(root string) {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") {
				files = append(files, path)
			}
			return nil
		})
	}
	add("../../..")
	synth := t.TempDir()
	synthModule(t, synth, 8, 3, 4, 7)
	add(synth)
	if !testing.Short() {
		goroot := filepath.Join(runtime.GOROOT(), "src")
		for _, dir := range []string{"go", "internal/types/testdata", "slices", "maps", "iter", "sync", "net/http", "encoding/json", "text/template", "cmd/compile/internal/types2"} {
			add(filepath.Join(goroot, dir))
		}
	}
	if len(files) < 100 {
		t.Fatalf("corpus has %d files", len(files))
	}
	idents := 0
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := parser.ParseFile(token.NewFileSet(), path, src, parser.AllErrors)
		got, _ := parseGo(token.NewFileSet(), path, src)
		idents += compareResolution(t, path, want, got)
	}
	t.Logf("%d files, %d identifiers compared", len(files), idents)
}

// TestResolveIdentsCases spells out the quirks resolveIdents keeps.
func TestResolveIdentsCases(t *testing.T) {
	src := `package p

var g = 1

func f(a int) (r int) {
	a := 2 // the parameter, redeclared in its own scope
	for k := range m { _ = k }
	s := S{g: a}
	_ = s
	x := struct{ y int }{}
	_ = x
L:
	goto L
	return h()
}

func h() int { return g }

func (t T[P]) m() P { var p P; return p }
`
	f, err := parseGo(token.NewFileSet(), "p.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	objs := map[string][]*ast.Object{}
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			objs[id.Name] = append(objs[id.Name], id.Obj)
		}
		return true
	})
	// f's parameter a, the := a, and a as S{g: a}'s value: one object.
	if a := objs["a"]; len(a) != 3 || a[0] == nil || a[1] != a[0] || a[2] != a[0] {
		t.Errorf("a: %v", a)
	}
	// The range variable is declared by an assignment of `range m`.
	k := objs["k"][0]
	if as, ok := k.Decl.(*ast.AssignStmt); !ok || len(as.Rhs) != 1 || as.Rhs[0].(*ast.UnaryExpr).Op != token.RANGE {
		t.Errorf("k declared by %#v", k.Decl)
	}
	// The key g of S{g: a} resolves to the package variable declared
	// before it; h, declared after f, resolves at the end.
	if g := objs["g"]; g[1] != g[0] || g[0].Kind != ast.Var {
		t.Errorf("g: %v", g)
	}
	if h := objs["h"]; h[0] == nil || h[0] != h[1] || h[0].Kind != ast.Fun {
		t.Errorf("h: %v", h)
	}
	// A struct field gets an object; m (a map nothing declares) none.
	if y := objs["y"]; y[0] == nil || y[0].Kind != ast.Var {
		t.Errorf("y: %v", y)
	}
	if m := objs["m"]; m[0] != nil {
		t.Errorf("m resolved to %v", m[0])
	}
	if l := objs["L"]; l[0] == nil || l[1] != l[0] || l[0].Kind != ast.Lbl {
		t.Errorf("L: %v", l)
	}
	// A receiver's type parameter is in scope but not resolved.
	if p := objs["P"]; p[0] != nil || p[1] != nil || p[2] != nil {
		t.Errorf("P: %v", p)
	}
}

// compareResolution compares two trees of the same source and returns
// how many identifiers it compared.
func compareResolution(t *testing.T, path string, want, got *ast.File) int {
	t.Helper()
	var wantNodes, gotNodes []ast.Node
	ast.Inspect(want, func(n ast.Node) bool { wantNodes = append(wantNodes, n); return true })
	ast.Inspect(got, func(n ast.Node) bool { gotNodes = append(gotNodes, n); return true })
	if len(wantNodes) != len(gotNodes) {
		t.Fatalf("%s: trees differ: %d nodes, %d", path, len(wantNodes), len(gotNodes))
	}
	objs := map[*ast.Object]*ast.Object{}
	back := map[*ast.Object]*ast.Object{}
	n := 0
	for i, w := range wantNodes {
		wid, ok := w.(*ast.Ident)
		if !ok {
			continue
		}
		gid := gotNodes[i].(*ast.Ident)
		n++
		at := func() string { return fmt.Sprintf("%s: %s at offset %d", path, wid.Name, wid.Pos()) }
		switch {
		case wid.Obj == nil && gid.Obj == nil:
			continue
		case wid.Obj == nil || gid.Obj == nil:
			t.Errorf("%s: resolved to %v by go/parser, %v here", at(), wid.Obj, gid.Obj)
			continue
		}
		if wid.Obj.Kind != gid.Obj.Kind || wid.Obj.Name != gid.Obj.Name || declKey(wid.Obj.Decl) != declKey(gid.Obj.Decl) {
			t.Errorf("%s: go/parser's object is %v %s %s, this one %v %s %s", at(),
				wid.Obj.Kind, wid.Obj.Name, declKey(wid.Obj.Decl), gid.Obj.Kind, gid.Obj.Name, declKey(gid.Obj.Decl))
		}
		if o, seen := objs[wid.Obj]; seen && o != gid.Obj {
			t.Errorf("%s: go/parser shares its object with an identifier before it, this one does not", at())
		}
		if o, seen := back[gid.Obj]; seen && o != wid.Obj {
			t.Errorf("%s: its object is shared with an identifier before it, go/parser's is not", at())
		}
		objs[wid.Obj], back[gid.Obj] = gid.Obj, wid.Obj
	}
	return n
}

// declKey names a declaration by its type and extent: the assignment
// made up for a range clause is in neither tree.
func declKey(d any) string {
	if n, ok := d.(ast.Node); ok {
		return fmt.Sprintf("%T[%d,%d]", n, n.Pos(), n.End())
	}
	return fmt.Sprintf("%T", d)
}
