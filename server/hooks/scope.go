package hooks

import (
	"bufio"
	"context"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// skippedDirs are never application code; check_coverage skips the same
// ones, and hidden or underscore-prefixed folders.
var skippedDirs = map[string]bool{"vendor": true, "node_modules": true, "testdata": true, "third_party": true}

// goPackages maps the module's packages (folders of non-test Go files,
// root-relative) to their files and the module packages they import.
type goPackages struct {
	files   map[string][]string
	imports map[string][]string
	// total counts the module's Go files.
	total int
}

// editScope lists the Go files that decide the findings in the edited
// files, for a fast first look: their packages, the module packages those
// import, transitively (wrappers, services, constants), and the packages
// that import them, transitively (where their handlers are registered and
// wrapped in middleware, and the callers that bind their parameters).
// Sibling packages that only share an importer are left out.
//
// Leaving code out can only hide checks, writes and lookups, never add
// them, so the findings in the edited files over this scope are a
// superset of those over the whole module: an empty result is final, and
// scopedCoverage confirms a finding on the whole module before it blocks.
// It returns the scope and the module's Go file count.
func editScope(ctx context.Context, root string, edited []string) ([]string, int, error) {
	pkgs, err := scanPackages(ctx, root)
	if err != nil {
		return nil, 0, err
	}
	importers := map[string][]string{}
	for pkg, imps := range pkgs.imports {
		for _, imp := range imps {
			importers[imp] = append(importers[imp], pkg)
		}
	}
	keep := map[string]bool{}
	for _, rel := range edited {
		closure(path.Dir(rel), pkgs.imports, keep)
		closure(path.Dir(rel), importers, keep)
	}
	var files []string
	for pkg := range keep {
		files = append(files, pkgs.files[pkg]...)
	}
	slices.Sort(files)
	return files, pkgs.total, nil
}

// closure adds every package reachable from start along edges to keep.
func closure(start string, edges map[string][]string, keep map[string]bool) {
	queue := []string{start}
	seen := map[string]bool{start: true}
	for len(queue) > 0 {
		pkg := queue[0]
		queue = queue[1:]
		keep[pkg] = true
		for _, next := range edges[pkg] {
			if !seen[next] {
				seen[next] = true
				queue = append(queue, next)
			}
		}
	}
}

// scanPackages walks the root and reads each Go file's imports only (the
// parser stops after the import block), keeping the imports of packages
// in the project's own modules.
func scanPackages(ctx context.Context, root string) (*goPackages, error) {
	pkgs := &goPackages{files: map[string][]string{}, imports: map[string][]string{}}
	modules := map[string]string{} // import path prefix by module dir
	rawImports := map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // an unreadable entry is skipped, as check_coverage does
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		name := d.Name()
		switch {
		case d.IsDir():
			if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || skippedDirs[name]) {
				return filepath.SkipDir
			}
		case name == "go.mod":
			if mod, ok := modulePath(p); ok {
				modules[path.Dir(rel)] = mod
			}
		case d.Type().IsRegular() && strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go"):
			dir := path.Dir(rel)
			pkgs.files[dir] = append(pkgs.files[dir], rel)
			pkgs.total++
			f, _ := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
			if f == nil {
				return nil
			}
			for _, imp := range f.Imports {
				if s, err := strconv.Unquote(imp.Path.Value); err == nil {
					rawImports[dir] = append(rawImports[dir], s)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	byPath := map[string]string{}
	for dir := range pkgs.files {
		byPath[importPath(dir, modules, filepath.Base(root))] = dir
	}
	for dir, imps := range rawImports {
		for _, imp := range imps {
			if target, ok := byPath[imp]; ok && target != dir {
				pkgs.imports[dir] = append(pkgs.imports[dir], target)
			}
		}
	}
	return pkgs, nil
}

// importPath is a package folder's import path under its nearest go.mod;
// folders under none are placed in a module named after the root, as the
// Go frontend does.
func importPath(dir string, modules map[string]string, rootName string) string {
	for d := dir; ; d = path.Dir(d) {
		if mod, ok := modules[d]; ok {
			if d == dir {
				return mod
			}
			if d == "." {
				return mod + "/" + dir
			}
			return mod + "/" + strings.TrimPrefix(dir, d+"/")
		}
		if d == "." {
			if dir == "." {
				return rootName
			}
			return rootName + "/" + dir
		}
	}
}

// modulePath reads the module line of a go.mod.
func modulePath(gomod string) (string, bool) {
	f, err := os.Open(gomod)
	if err != nil {
		return "", false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module"); ok && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
			mod := strings.Trim(strings.TrimSpace(rest), `"`)
			return mod, mod != ""
		}
	}
	return "", false
}
