package golang

import (
	"crypto/sha256"
	"slices"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// linkState is the last link of a module, kept by the Cache so that a
// rescan whose changed files kept their surfaces links only those files.
type linkState struct {
	root, module string
	modules      []string
	files        []linkFile
	surfaces     [][sha256.Size]byte
	l            *linker
	out          []linked
}

// link links the files into the Program: only the changed ones when the
// last link was of the same files and every changed file kept its
// surface, else all of them. The caller holds linkMu.
func (c *Cache) link(root, module string, modules []string, files []linkFile, surfaces [][sha256.Size]byte) (*coverage.Program, error) {
	if st := c.last; st != nil && st.relinks(root, module, modules, files, surfaces) {
		out := slices.Clone(st.out)
		for i, f := range files {
			if old := st.files[i].sum; f.sum != old {
				st.l.replace(f, old)
				out[i] = st.l.link(f)
			}
		}
		st.files, st.out = files, out
		return assemble(module, files, out), nil
	}
	c.last = nil
	l := newLinker(files, modules)
	prog, out, err := l.program(module, files)
	if err != nil {
		return nil, err
	}
	c.last = &linkState{root: root, module: module, modules: modules, files: files, surfaces: surfaces, l: l, out: out}
	return prog, nil
}

// relinks reports whether the state can link the files by relinking the
// changed ones.
func (st *linkState) relinks(root, module string, modules []string, files []linkFile, surfaces [][sha256.Size]byte) bool {
	if st.root != root || st.module != module || !slices.Equal(st.modules, modules) || len(st.files) != len(files) {
		return false
	}
	for i, f := range files {
		old := st.files[i]
		if f.path != old.path || f.pkg != old.pkg || (f.sum != old.sum && surfaces[i] != st.surfaces[i]) {
			return false
		}
	}
	return true
}
