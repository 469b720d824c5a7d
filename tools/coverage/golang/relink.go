package golang

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"sync"

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

// link links the files into the Program: when the last link was of the
// same files, only the changed ones and the files that can read what
// changed (see relinks and relink); else all of them. The caller holds
// linkMu.
func (c *Cache) link(ctx context.Context, root, module string, modules []string, files []linkFile) (*coverage.Program, error) {
	if st := c.last; st != nil {
		if ok, moved, changes := st.relinks(root, module, modules, files); ok {
			if prog, linked, ok := st.relink(files, moved, changes); ok {
				c.linked = linked
				return prog, nil
			}
		}
	}
	c.last, c.linked = nil, len(files)
	l := newLinker(files, modules)
	prog, out, err := l.program(ctx, module, files)
	if err != nil {
		return nil, err
	}
	c.last = &linkState{root: root, module: module, modules: modules, files: files, l: l, out: out, prog: prog}
	return c.last.program(), nil
}

// relink links the changed files again and, when moved lists files
// whose declarations moved to other lines or changed, the files whose
// links read their positions or name what changed (see grow.go). It
// returns how many files it linked, and false when it cannot tell which
// files read what changed: the state is then spent, and every file must
// be linked again.
func (st *linkState) relink(files []linkFile, moved []int, changes []fileChange) (prog *coverage.Program, linked int, ok bool) {
	types, answers, recvs := false, false, []typeKey(nil)
	for _, c := range changes {
		types = types || c.types
		answers = answers || c.answers
		for _, r := range c.recvs {
			recvs = append(recvs, typeKey{c.pkg, r})
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
	// A type changed, or one with methods added or removed, may
	// implement other interfaces: the calls of their methods, and of the
	// methods changed, may resolve otherwise.
	called := map[string]bool{}
	switch {
	case types:
		called = st.l.methodSetsChanged()
	case len(recvs) > 0:
		called = st.l.methodsAdded(recvs)
	}
	// Calls through interfaces that resolve otherwise may answer
	// otherwise.
	answers = answers || len(called) > 0
	for _, c := range changes {
		for _, m := range c.methods {
			called[m] = true
		}
	}
	if len(moved) > 0 {
		// The indexes of other files' routers and helpers hold positions
		// and rest on declarations: built again; the answers too, when
		// what functions answer may have changed. So is every file whose
		// link read the moved ones' positions or names what changed.
		was := st.l.given()
		st.l.indexPlaces(files)
		if answers {
			st.l.indexAnswers(files)
		}
		for _, i := range readersOf(files, out, moved) {
			relink[i] = true
		}
		cs := newChangeSet(changes, called)
		referrers := referrersOf(files, cs)
		for _, i := range referrers {
			relink[i] = true
		}
		// Which files read what a file gives the indexes (routers handed
		// over, RPC registrations, helpers' routes...) is not known: when
		// a file whose names now resolve otherwise gives any, and what it
		// gives may read otherwise, every file is linked again.
		givenAlike := sync.OnceValue(func() bool { return reflect.DeepEqual(was, st.l.given()) })
		for _, i := range slices.Concat(referrers, changedIndexes(changes)) {
			if f := files[i]; f.sum.givesIndexes() && (cs.readsRawGiven(f) || !givenAlike()) {
				return nil, 0, false
			}
		}
	}
	// While every file linked again lists the handlers it listed, and
	// routes and calls the same functions, the list is kept.
	sameHandlers := true
	routedBefore := map[string]bool{}
	for i, f := range files {
		if !relink[i] {
			continue
		}
		linked++
		st.l.routed.countIn(st.files[i], out[i], -1, routedBefore)
		for _, fn := range out[i].funcs {
			delete(next.Funcs, fn.ID)
			edit.IDs = append(edit.IDs, fn.ID)
		}
		was := out[i]
		out[i] = st.l.link(f)
		st.l.routed.countIn(f, out[i], 1, routedBefore)
		sameHandlers = sameHandlers && sameFileHandlers(st.files[i], was, f, out[i])
		for _, fn := range out[i].funcs {
			next.Funcs[fn.ID] = fn
			edit.IDs = append(edit.IDs, fn.ID)
		}
		next.Files[i] = f.sum.file
	}
	for id, routed := range routedBefore {
		sameHandlers = sameHandlers && routed == (st.l.routed[id] != 0)
	}
	if !sameHandlers {
		next.Handlers = handlerList(files, out, st.l.routed)
	}
	next.Edited = edit
	st.files, st.out, st.prog = files, out, &next
	return st.program(), linked, true
}

// readersOf lists the files whose link read a position in one of the
// moved files: a handler declared there, or middleware, an interceptor
// or a registration helper's route written there. Each of those leaves
// the moved file's path in the handler it gives.
func readersOf(files []linkFile, out []linked, moved []int) []int {
	paths := make([]string, len(moved))
	for j, i := range moved {
		paths[j] = files[i].path
	}
	// Every handler of the module is asked: compared rather than hashed
	// when a few files moved, as mostly one did.
	in := func(file string) bool { return slices.Contains(paths, file) }
	if len(paths) > 8 {
		set := map[string]bool{}
		for _, p := range paths {
			set[p] = true
		}
		in = func(file string) bool { return set[file] }
	}
	reads := func(hs []coverage.ProgramHandler) bool {
		return slices.ContainsFunc(hs, func(h coverage.ProgramHandler) bool {
			return in(h.File) || slices.ContainsFunc(h.MiddlewareCalls, func(c coverage.Call) bool { return in(c.File) })
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
// on other lines), or changed declarations alone (see
// fileSummary.changesDecls) that no other file of its package declares
// too. moved lists the files of the last two kinds, by index; changes
// are the declarations they changed.
func (st *linkState) relinks(root, module string, modules []string, files []linkFile) (ok bool, moved []int, changes []fileChange) {
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
			c, ok := f.sum.changesDecls(old.sum)
			if !ok || declaredElsewhere(files, i, c) {
				return false, nil, nil
			}
			changes = append(changes, fileChange{index: i, pkg: f.pkg, declChange: c})
		}
		moved = append(moved, i)
	}
	return true, moved, changes
}

// givenIndexes are the linker's indexes of what files give other files'
// links, resolved where they are given (see indexPlaces): a rescan whose
// changes leave them as they were changes nothing other files read
// there.
type givenIndexes struct {
	roots      map[rootKey]bool
	placements map[rootKey][]placement
	fields     map[rootKey][]fieldPlacement
	rpcRegs    map[typeKey][]rpcRegAt
	services   map[typeKey]rpcName
}

// given returns the linker's givenIndexes, which indexPlaces makes anew
// rather than changes.
func (l *linker) given() givenIndexes {
	return givenIndexes{roots: l.roots, placements: l.placements, fields: l.fields, rpcRegs: l.rpcRegs, services: l.services}
}
