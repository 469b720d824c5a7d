package golang

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// maxFileBytes is the largest source file read; bigger ones are
// generated, or not source.
const maxFileBytes = 1 << 20

// ParseProgram parses a Go module (or several nested ones) into the
// program IR: every file's File, the call graph of the module's
// functions, methods and closures with the SpiceDB calls they make, and
// the handlers with their functions and middleware resolved across
// files and packages.
//
// root is the project's absolute directory; files are root-relative
// .go paths, already filtered by the caller. Files are parsed in
// parallel and taken from cache when their bytes did not change (a nil
// cache is a source cache for this call alone). A file that is too large, binary, unreadable or outside
// the root is listed in Program.Skipped; one with syntax errors is
// analyzed as far as it goes. The error is for a canceled ctx, an
// unreadable root and internal failures.
//
// Nothing is built, loaded or run: the analysis is syntactic, and works
// the same whether the module's dependencies were downloaded or not.
// What the source does not settle is left unresolved (Call.Callee "",
// ValueUnknown), never guessed; go/types is not used, as it needs the
// dependencies' sources to type most of a module.
//
// The Program shares the Files and the Funcs' parameter lists with the
// cache: it is for reading.
func ParseProgram(ctx context.Context, root string, files []string, cache *Cache) (*coverage.Program, error) {
	if cache == nil {
		cache = NewSourceCache()
	}
	cache.scanStarts()
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, fmt.Errorf("golang: project root: %w", err)
	}
	files = uniqueFiles(files)
	loaded, err := loadAll(ctx, realRoot, files, cache)
	if err != nil {
		return nil, err
	}
	mods := newModules(realRoot)
	linked := make([]linkFile, 0, len(files))
	var skipped []coverage.SkippedFile
	for i, rel := range files {
		r := loaded[i]
		if r.skip != "" {
			skipped = append(skipped, coverage.SkippedFile{File: rel, Reason: r.skip, Unbuilt: r.unbuilt})
			continue
		}
		linked = append(linked, linkFile{path: rel, pkg: mods.importPath(rel, r.entry.fs.pkgName), sum: r.entry.fs})
	}
	cache.linkMu.Lock()
	defer cache.linkMu.Unlock()
	prog, err := cache.link(ctx, realRoot, mods.main(realRoot), mods.paths(), linked)
	if err != nil {
		return nil, err
	}
	if skipped != nil {
		prog.Skipped = skipped
	}
	prog.Analysis = cache.analysis
	return prog, nil
}

// uniqueFiles cleans the paths to slash form, drops duplicates and sorts
// them: the program does not depend on the order the caller lists files
// in. It sorts a copy rather than filling a set: a rescan lists
// thousands of files.
func uniqueFiles(files []string) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = path.Clean(filepath.ToSlash(f))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

type loadResult struct {
	entry cacheEntry
	skip  string
	// unbuilt marks a skipped file no build includes.
	unbuilt bool
}

// loadAll summarizes the files on a pool of GOMAXPROCS workers.
func loadAll(ctx context.Context, root string, files []string, cache *Cache) ([]loadResult, error) {
	results := make([]loadResult, len(files))
	dirs := &realDirs{root: root, dirs: map[string]realDir{}}
	err := parallel(len(files), func(i int) {
		if ctx.Err() == nil {
			results[i] = load(root, files[i], dirs, cache)
		}
	})
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, err
	}
	return results, nil
}

// parallel runs do(0..n-1) on a pool of GOMAXPROCS workers. A panic in
// do, a bug, comes back as an error: the host (a server) stays up.
func parallel(n int, do func(i int)) (err error) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	var once sync.Once
	for range min(runtime.GOMAXPROCS(0), max(1, n)) {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					once.Do(func() { err = fmt.Errorf("golang: internal error: %v", r) })
					for range jobs { // let the feeder finish
					}
				}
			}()
			for i := range jobs {
				do(i)
			}
		})
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return err
}

// realDirs resolves the symlinks of each directory once per scan.
type realDirs struct {
	root string
	mu   sync.Mutex
	dirs map[string]realDir
}

type realDir struct {
	path, skip string
	// direct is set when no symlink leads to it: its real path is the
	// root's joined with its own.
	direct bool
}

// of is the real path of a root-relative directory, or why files in it
// are skipped.
func (d *realDirs) of(dir string) realDir {
	d.mu.Lock()
	r, ok := d.dirs[dir]
	d.mu.Unlock()
	if ok {
		return r
	}
	// A directory's real path is its parent's and its name, unless it is
	// a symlink: one lstat per directory, not one per path element.
	var parent realDir
	if dir != "." {
		parent = d.of(path.Dir(dir))
	}
	switch {
	case dir == ".":
		r.path, r.direct = d.root, true
	case parent.skip != "":
		r.skip = parent.skip
	default:
		p := filepath.Join(parent.path, path.Base(dir))
		info, err := os.Lstat(p)
		if err == nil && info.Mode()&fs.ModeSymlink == 0 {
			r.path, r.direct = p, parent.direct
			break
		}
		real, err := filepath.EvalSymlinks(p)
		switch {
		case err != nil:
			r.skip = "unreadable: " + reason(err)
		case !inside(d.root, real):
			r.skip = "a symlink to outside the project root"
		default:
			r.path = real
		}
	}
	d.mu.Lock()
	d.dirs[dir] = r
	d.mu.Unlock()
	return r
}

func inside(root, real string) bool {
	rel, err := filepath.Rel(root, real)
	return err == nil && filepath.IsLocal(rel)
}

// load summarizes one file, or says why it is skipped. A file whose size
// and modification time are as cached is not read.
func load(root, rel string, dirs *realDirs, cache *Cache) loadResult {
	if !filepath.IsLocal(filepath.FromSlash(rel)) {
		return loadResult{skip: "outside the project root"}
	}
	abs := filepath.Join(root, filepath.FromSlash(rel))
	dir := dirs.of(path.Dir(rel))
	if dir.skip != "" {
		return loadResult{skip: dir.skip}
	}
	real := abs
	if !dir.direct {
		real = filepath.Join(dir.path, path.Base(rel))
	}
	info, err := os.Lstat(real)
	if err == nil && info.Mode()&fs.ModeSymlink != 0 {
		if real, err = filepath.EvalSymlinks(real); err == nil {
			if !inside(root, real) {
				return loadResult{skip: "a symlink to outside the project root"}
			}
			info, err = os.Stat(real)
		}
	}
	if err != nil {
		return loadResult{skip: "unreadable: " + reason(err)}
	}
	if e, ok := cache.unchanged(abs, rel, info); ok {
		return loadResult{entry: e}
	}
	read := time.Now()
	data, skip := readSource(real)
	if skip != "" {
		return loadResult{skip: skip}
	}
	if neverBuilt(data) {
		return loadResult{skip: "//go:build ignore: no build includes it", unbuilt: true}
	}
	e, err := cache.summary(abs, rel, data, info, read)
	if err != nil {
		return loadResult{skip: err.Error()}
	}
	return loadResult{entry: e}
}

// readSource reads a regular text file of at most maxFileBytes.
func readSource(name string) ([]byte, string) {
	f, err := os.Open(name)
	if err != nil {
		return nil, "unreadable: " + reason(err)
	}
	defer f.Close()
	info, err := f.Stat()
	switch {
	case err != nil:
		return nil, "unreadable: " + reason(err)
	case !info.Mode().IsRegular():
		return nil, "not a regular file"
	case info.Size() > maxFileBytes:
		return nil, fmt.Sprintf("larger than %d MiB", maxFileBytes>>20)
	}
	data, err := readAll(f, info.Size())
	switch {
	case err != nil:
		return nil, "unreadable: " + reason(err)
	case len(data) > maxFileBytes:
		return nil, fmt.Sprintf("larger than %d MiB", maxFileBytes>>20)
	case bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data):
		return nil, "binary: not UTF-8 text"
	}
	return data, ""
}

// readAll reads a file of the size stat gave into one buffer, not
// io.ReadAll's doublings; one that grew since is read to the end, up to
// a byte past maxFileBytes.
func readAll(f io.Reader, size int64) ([]byte, error) {
	data := make([]byte, size+1)
	n, err := io.ReadFull(f, data)
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return data[:n], nil
	case err != nil:
		return nil, err
	}
	rest, err := io.ReadAll(io.LimitReader(f, max(0, maxFileBytes-size)))
	return append(data, rest...), err
}

// reason is an I/O error without the absolute path it names: reports
// name files relative to the root.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// modules finds the go.mod that governs each directory: the nearest one
// above it, up to the root.
type modules struct {
	root string
	// byDir caches the module of each root-relative directory, and pkgs
	// the import path of its package; found holds the module paths seen.
	byDir map[string]module
	pkgs  map[string]string
	found map[string]bool
}

// module is a go.mod: the root-relative directory it is in and its
// module path; ok is false where no go.mod governs.
type module struct {
	dir, path string
	ok        bool
}

func newModules(root string) *modules {
	return &modules{root: root, byDir: map[string]module{}, pkgs: map[string]string{}, found: map[string]bool{}}
}

func (m *modules) of(dir string) module {
	if mod, ok := m.byDir[dir]; ok {
		return mod
	}
	var mod module
	if p, ok := readModulePath(filepath.Join(m.root, filepath.FromSlash(dir), "go.mod")); ok {
		mod = module{dir: dir, path: p, ok: true}
		m.found[p] = true
	} else if dir != "." {
		mod = m.of(path.Dir(dir))
	}
	m.byDir[dir] = mod
	return mod
}

// importPath is the import path of the package of a file: its module's
// path and its directory below the module's; an external test package
// (package x_test) is the directory's path plus _test. A file under no
// go.mod is placed in a module named after the root.
func (m *modules) importPath(rel, pkgName string) string {
	dir := path.Dir(rel)
	p, ok := m.pkgs[dir]
	if !ok {
		mod := m.of(dir)
		if !mod.ok {
			mod = module{dir: ".", path: filepath.Base(m.root)}
		}
		p = mod.path
		switch {
		case dir == mod.dir:
		case mod.dir == ".":
			p += "/" + dir
		default:
			p += "/" + strings.TrimPrefix(dir, mod.dir+"/")
		}
		m.pkgs[dir] = p
	}
	if strings.HasSuffix(pkgName, "_test") {
		p += "_test"
	}
	return p
}

func (m *modules) paths() []string {
	out := make([]string, 0, len(m.found))
	for p := range m.found {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// main is the module path of the root's go.mod, else the root's name.
func (m *modules) main(root string) string {
	if mod := m.of("."); mod.ok && mod.dir == "." {
		return mod.path
	}
	return filepath.Base(root)
}

// readModulePath reads the module directive of a go.mod.
func readModulePath(name string) (string, bool) {
	f, err := os.Open(name)
	if err != nil {
		return "", false
	}
	defer f.Close()
	sc := bufio.NewScanner(io.LimitReader(f, maxFileBytes))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "//"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		rest, ok := strings.CutPrefix(line, "module")
		if !ok || rest == "" || (rest[0] != ' ' && rest[0] != '\t' && rest[0] != '"') {
			continue
		}
		rest = strings.TrimSpace(rest)
		if unq, err := strconv.Unquote(rest); err == nil {
			rest = unq
		}
		if rest != "" {
			return rest, true
		}
	}
	return "", false
}
