package golang

import (
	"maps"
	"reflect"
	"slices"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// linkState is the last link of a module, kept by the Cache so that a
// rescan whose changed files kept their surfaces links only those files.
type linkState struct {
	root, module string
	modules      []string
	files        []linkFile
	l            *linker
	out          []linked
	// prog is the Program linked, of which callers get copies.
	prog *coverage.Program
}

// program is a copy of the Program linked that callers may set the
// fields of; its maps and slices are shared, for reading.
func (st *linkState) program() *coverage.Program {
	prog := *st.prog
	return &prog
}

// link links the files into the Program: only the changed ones when the
// last link was of the same files and every changed file kept its
// surface, else all of them. The caller holds linkMu.
func (c *Cache) link(root, module string, modules []string, files []linkFile) (*coverage.Program, error) {
	if st := c.last; st != nil && st.relinks(root, module, modules, files) {
		out := slices.Clone(st.out)
		prog := *st.prog
		prog.Files = slices.Clone(st.prog.Files)
		prog.Funcs = maps.Clone(st.prog.Funcs)
		edit := &coverage.FuncsEdit{From: st.prog.Funcs}
		// While every changed file lists the handlers it listed, the
		// routes are the same and so is the list, which is kept.
		sameHandlers := true
		for i, f := range files {
			if old := st.files[i].sum; f.sum != old {
				st.l.replace(f, old)
				st.l.routed.count(st.files[i], out[i], -1)
				for _, fn := range out[i].funcs {
					delete(prog.Funcs, fn.ID)
					edit.IDs = append(edit.IDs, fn.ID)
				}
				was := out[i]
				out[i] = st.l.link(f)
				st.l.routed.count(f, out[i], 1)
				sameHandlers = sameHandlers && sameFileHandlers(st.files[i], was, f, out[i])
				for _, fn := range out[i].funcs {
					prog.Funcs[fn.ID] = fn
					edit.IDs = append(edit.IDs, fn.ID)
				}
				prog.Files[i] = f.sum.file
			}
		}
		if !sameHandlers {
			prog.Handlers = handlerList(files, out, st.l.routed)
		}
		prog.Edited = edit
		st.files, st.out, st.prog = files, out, &prog
		return st.program(), nil
	}
	c.last = nil
	l := newLinker(files, modules)
	prog, out, err := l.program(module, files)
	if err != nil {
		return nil, err
	}
	c.last = &linkState{root: root, module: module, modules: modules, files: files, l: l, out: out, prog: prog}
	return c.last.program(), nil
}

// sameFileHandlers reports whether a file relinked gives the handlers it
// gave, found the same way.
func sameFileHandlers(oldFile linkFile, old linked, f linkFile, cur linked) bool {
	return slices.EqualFunc(oldFile.sum.handlers, f.sum.handlers, func(x, y handlerSum) bool { return x.bySignature == y.bySignature }) &&
		reflect.DeepEqual(old.handlers, cur.handlers) && reflect.DeepEqual(old.expanded, cur.expanded)
}

// relinks reports whether the state can link the files by relinking the
// changed ones.
func (st *linkState) relinks(root, module string, modules []string, files []linkFile) bool {
	if st.root != root || st.module != module || !slices.Equal(st.modules, modules) || len(st.files) != len(files) {
		return false
	}
	for i, f := range files {
		old := st.files[i]
		if f.path != old.path || f.pkg != old.pkg || (f.sum != old.sum && f.sum.surface() != old.sum.surface()) {
			return false
		}
	}
	return true
}
