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
// surface, or only moved it (see relinks); else all of them. The caller
// holds linkMu.
func (c *Cache) link(root, module string, modules []string, files []linkFile) (*coverage.Program, error) {
	if st := c.last; st != nil {
		if ok, moved, added := st.relinks(root, module, modules, files); ok {
			prog, linked := st.relink(files, moved, added)
			c.linked = linked
			return prog, nil
		}
	}
	c.last, c.linked = nil, len(files)
	l := newLinker(files, modules)
	prog, out, err := l.program(module, files)
	if err != nil {
		return nil, err
	}
	c.last = &linkState{root: root, module: module, modules: modules, files: files, l: l, out: out, prog: prog}
	return c.last.program(), nil
}

// relink links the changed files again and, when moved lists files
// whose declarations moved to other lines or that added declarations,
// the files whose links read their positions or name something added
// (see grow.go). It returns how many files it linked.
func (st *linkState) relink(files []linkFile, moved []int, added []addition) (prog *coverage.Program, linked int) {
	// Answers hold values, which an added constant, variable or type
	// may resolve.
	answers, types, recvs := false, false, []typeKey(nil)
	for _, a := range added {
		answers = answers || len(a.types)+len(a.consts)+len(a.vars) > 0
		types = types || len(a.types) > 0
		for _, fs := range a.funcs {
			answers = answers || mayAnswer(fs)
			if fs.recv != "" {
				recvs = append(recvs, typeKey{a.pkg, fs.recv})
			}
		}
	}
	out := slices.Clone(st.out)
	next := *st.prog
	next.Files = slices.Clone(st.prog.Files)
	next.Funcs = maps.Clone(st.prog.Funcs)
	edit := &coverage.FuncsEdit{From: st.prog.Funcs}
	relink := make([]bool, len(files))
	for i, f := range files {
		if old := st.files[i].sum; f.sum != old {
			st.l.replace(f, old)
			relink[i] = true
		}
	}
	var called map[string]bool
	if types || len(recvs) > 0 {
		// A type with more methods, or a new one, may implement more
		// interfaces: the calls of their methods, and of the ones added,
		// may resolve to more, and so may the answers.
		if types {
			called = st.l.typesAdded()
		} else {
			called = st.l.methodsAdded(recvs)
		}
		answers = answers || len(called) > 0
		for _, a := range added {
			for _, fs := range a.funcs {
				if fs.recv != "" {
					called[methodName(fs)] = true
				}
			}
		}
	}
	if len(moved) > 0 {
		// The indexes of other files' routers and helpers hold positions
		// and may take in added functions: built again (the declarations
		// they rest on are as they were, or more); the answers too, when
		// an added function may answer a check. So is every file whose
		// link read the moved ones' positions or names an added
		// function.
		st.l.indexPlaces(files)
		if answers {
			st.l.indexAnswers(files)
		}
		for _, i := range readersOf(files, out, moved) {
			relink[i] = true
		}
		for _, i := range referrersOf(files, added, called) {
			relink[i] = true
		}
	}
	// While every file linked again lists the handlers it listed, the
	// routes are the same and so is the list, which is kept.
	sameHandlers := true
	for i, f := range files {
		if !relink[i] {
			continue
		}
		linked++
		st.l.routed.count(st.files[i], out[i], -1)
		for _, fn := range out[i].funcs {
			delete(next.Funcs, fn.ID)
			edit.IDs = append(edit.IDs, fn.ID)
		}
		was := out[i]
		out[i] = st.l.link(f)
		st.l.routed.count(f, out[i], 1)
		sameHandlers = sameHandlers && sameFileHandlers(st.files[i], was, f, out[i])
		for _, fn := range out[i].funcs {
			next.Funcs[fn.ID] = fn
			edit.IDs = append(edit.IDs, fn.ID)
		}
		next.Files[i] = f.sum.file
	}
	if !sameHandlers {
		next.Handlers = handlerList(files, out, st.l.routed)
	}
	next.Edited = edit
	st.files, st.out, st.prog = files, out, &next
	return st.program(), linked
}

// readersOf lists the files whose link read a position in one of the
// moved files: a handler declared there, or middleware, an interceptor
// or a registration helper's route written there. Each of those leaves
// the moved file's path in the handler it gives.
func readersOf(files []linkFile, out []linked, moved []int) []int {
	paths := map[string]bool{}
	for _, i := range moved {
		paths[files[i].path] = true
	}
	reads := func(hs []coverage.ProgramHandler) bool {
		return slices.ContainsFunc(hs, func(h coverage.ProgramHandler) bool {
			return paths[h.File] || slices.ContainsFunc(h.MiddlewareCalls, func(c coverage.Call) bool { return paths[c.File] })
		})
	}
	var readers []int
	for i := range out {
		if slices.ContainsFunc(out[i].handlers, reads) || reads(out[i].expanded) {
			readers = append(readers, i)
		}
	}
	return readers
}

// sameFileHandlers reports whether a file relinked gives the handlers it
// gave, found the same way.
func sameFileHandlers(oldFile linkFile, old linked, f linkFile, cur linked) bool {
	return slices.EqualFunc(oldFile.sum.handlers, f.sum.handlers, func(x, y handlerSum) bool { return x.bySignature == y.bySignature }) &&
		reflect.DeepEqual(old.handlers, cur.handlers) && reflect.DeepEqual(old.expanded, cur.expanded)
}

// relinks reports whether the state can link the files by relinking the
// changed ones: each kept its surface, or its shape (what it declares,
// in the same order, on other lines), or grew declarations (see
// fileSummary.grows). moved lists the files of the last two kinds, by
// index; added is what they added.
func (st *linkState) relinks(root, module string, modules []string, files []linkFile) (ok bool, moved []int, added []addition) {
	if st.root != root || st.module != module || !slices.Equal(st.modules, modules) || len(st.files) != len(files) {
		return false, nil, nil
	}
	for i, f := range files {
		old := st.files[i]
		if f.path != old.path || f.pkg != old.pkg {
			return false, nil, nil
		}
		if f.sum == old.sum || f.sum.surface() == old.sum.surface() {
			continue
		}
		if f.sum.shape() != old.sum.shape() {
			g, grew := f.sum.grows(old.sum)
			if !grew {
				return false, nil, nil
			}
			added = append(added, addition{pkg: f.pkg, growth: g})
		}
		moved = append(moved, i)
	}
	return true, moved, added
}
