package golang

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"reflect"
	"slices"
)

// bodyFields are the parts of a summary that only linking its own file
// reads: the calls and SpiceDB calls in function bodies, the file's IR,
// its handlers (other files read only their routers' roots, which
// surface adds back) and its calls of other files' registration helpers;
// and what a rescan reads to find the files that name a function added
// (imports, refs).
var bodyFields = map[reflect.Type]map[string]bool{
	reflect.TypeFor[fileSummary](): {"file": true, "handlers": true, "helperCalls": true, "imports": true, "refsOnce": true, "refs": true},
	reflect.TypeFor[funcSum]():     {"calls": true, "ops": true},
}

// surface is the sha256 of everything in the summary that linking
// another file can read: declarations, function signatures, lines and
// the requests they build, routers handed across files, gRPC
// registrations, public markers and the answers functions return. Two
// summaries with one surface link every other file alike, so an edit
// that keeps it relinks one file. It is computed by reflection, so a
// field added to the summary counts unless it is listed in bodyFields.
func (s *fileSummary) surface() [sha256.Size]byte {
	h := newSurfaceHasher(false)
	h.value(reflect.ValueOf(s).Elem())
	h.roots(s)
	for _, fs := range s.funcs {
		h.answers(fs)
	}
	return h.sum()
}

// positionFields are the parts of a summary that say where things are
// written, which shapes leave out: lines, and the public markers, which
// are by line.
var positionFields = map[string]bool{"line": true, "regLines": true, "public": true}

// shape is the surface without positions: two summaries of one shape
// declare the same things in the same order, maybe on other lines, as
// when a line is added to a function above others. Linking another file
// reads their positions only into the handlers it gives (see readersOf).
// A public marker counts by the function it is above.
func (s *fileSummary) shape() [sha256.Size]byte {
	h := newSurfaceHasher(true)
	h.value(reflect.ValueOf(s).Elem())
	h.roots(s)
	for _, fs := range s.funcs {
		h.answers(fs)
		h.string(s.public[fs.line])
	}
	return h.sum()
}

// declChange is how an edit changed a file's declarations, the rest of
// its shape kept (see changesDecls).
type declChange struct {
	// names are the package-level names (functions, types, constants,
	// variables) declared, removed or changed; methods the names of the
	// methods declared, removed or changed.
	names, methods []string
	// recvs are the types that gained methods, and the concrete types
	// declared; types is set when another type was declared, or one
	// removed, or changed beyond its fields, or a method removed: then
	// every method set is settled again.
	recvs []string
	types bool
	// fields is set when a type's fields changed, not its embedded ones:
	// its method set is as it was.
	fields bool
	// answers is set when what functions answer may change: a function
	// that may answer changed, or a type, constant or variable, which
	// answered values may read.
	answers bool
}

// changesDecls reports whether s differs from old in its declarations
// alone: functions, methods, types, constants and variables declared,
// removed or changed. The rest of its shape must be old's.
func (s *fileSummary) changesDecls(old *fileSummary) (c declChange, ok bool) {
	if s.shapeBesideDecls() != old.shapeBesideDecls() {
		return declChange{}, false
	}
	touch := func(fs *funcSum) {
		if fs.recv == "" {
			c.names = append(c.names, fs.id)
		} else {
			c.methods = append(c.methods, methodName(fs))
		}
	}
	was := make(map[string]*funcSum, len(old.funcs))
	for _, fs := range old.funcs {
		was[fs.id] = fs
	}
	kept := make(map[string]bool, len(s.funcs))
	for _, fs := range s.funcs {
		kept[fs.id] = true
		switch o := was[fs.id]; {
		case o == nil:
			touch(fs)
			c.answers = c.answers || mayAnswer(fs)
			if fs.recv != "" {
				c.recvs = append(c.recvs, fs.recv)
			}
		case s.funcShape(fs) != old.funcShape(o):
			touch(fs)
			c.answers = c.answers || mayAnswer(fs) || mayAnswer(o)
		}
	}
	for _, fs := range old.funcs {
		if !kept[fs.id] {
			touch(fs)
			c.types = c.types || fs.recv != ""
			c.answers = c.answers || mayAnswer(fs)
		}
	}
	types := changedNames(old.types, s.types)
	for _, name := range types {
		switch t, was := s.types[name], old.types[name]; {
		case was == nil && t.concrete():
			// A concrete type declared has its methods as new ones: it
			// can only add implementations, as a type that gained
			// methods does.
			c.recvs = append(c.recvs, name)
		case was != nil && t != nil && fieldsOnly(was, t):
			c.fields = true
		default:
			c.types = true
		}
	}
	values := slices.Concat(types, changedNames(old.consts, s.consts), changedNames(old.vars, s.vars))
	c.answers = c.answers || len(values) > 0
	c.names = append(c.names, values...)
	return c, true
}

// changedNames lists the names declared, removed or changed between two
// of a summary's maps, sorted.
func changedNames[V any](old, cur map[string]V) []string {
	var changed []string
	for name, v := range old {
		if w, ok := cur[name]; !ok || shapeOf(v) != shapeOf(w) {
			changed = append(changed, name)
		}
	}
	for name := range cur {
		if _, ok := old[name]; !ok {
			changed = append(changed, name)
		}
	}
	slices.Sort(changed)
	return changed
}

// fieldsOnly reports whether two declarations of a type differ in their
// fields alone, not the embedded ones, which the method set rests on.
func fieldsOnly(old, cur *typeSum) bool {
	a, b := *old, *cur
	a.fields, b.fields = nil, nil
	return shapeOf(&a) == shapeOf(&b)
}

// shapeOf is the shape of one declaration's summary.
func shapeOf(v any) [sha256.Size]byte {
	h := newSurfaceHasher(true)
	h.value(reflect.ValueOf(v))
	return h.sum()
}

// shapeBesideDecls is the shape of the summary but its functions,
// types, constants and variables.
func (s *fileSummary) shapeBesideDecls() [sha256.Size]byte {
	h := newSurfaceHasher(true)
	h.skip = map[string]bool{"funcs": true, "types": true, "consts": true, "vars": true}
	h.value(reflect.ValueOf(s).Elem())
	h.roots(s)
	return h.sum()
}

// funcShape is the shape of one function, with its answers and the
// public marker above it.
func (s *fileSummary) funcShape(fs *funcSum) [sha256.Size]byte {
	h := newSurfaceHasher(true)
	h.value(reflect.ValueOf(fs).Elem())
	h.answers(fs)
	h.string(s.public[fs.line])
	return h.sum()
}

func newSurfaceHasher(shapeOnly bool) *surfaceHasher {
	return &surfaceHasher{h: sha256.New(), shapeOnly: shapeOnly}
}

// roots hashes the roots of the file's handlers' routers, which other
// files place: each once, in order, so a handler added on a router that
// had one, or on none, keeps them.
func (h *surfaceHasher) roots(s *fileSummary) {
	var roots []rootSum
	for _, hs := range s.handlers {
		if hs.root != nil {
			roots = append(roots, *hs.root)
		}
	}
	slices.SortFunc(roots, func(a, b rootSum) int {
		return cmp.Or(cmp.Compare(a.local, b.local), cmp.Compare(a.arg, b.arg), cmp.Compare(a.field, b.field))
	})
	for _, r := range slices.Compact(roots) {
		h.value(reflect.ValueOf(r))
	}
}

// answers hashes a function's answers (the checks it returns the result
// of, itself or through the calls it returns), which are read where
// other files call it and drop that result.
func (h *surfaceHasher) answers(fs *funcSum) {
	for _, o := range fs.ops {
		if o.result != 0 {
			h.value(reflect.ValueOf(o))
		}
	}
	for _, c := range fs.calls {
		if c.returned {
			h.value(reflect.ValueOf(c))
		}
	}
}

func (h *surfaceHasher) sum() [sha256.Size]byte {
	var out [sha256.Size]byte
	h.h.Sum(out[:0])
	return out
}

type surfaceHasher struct {
	h   hash.Hash
	buf [8]byte
	// shapeOnly leaves positions out; skip leaves out fields of the
	// fileSummary.
	shapeOnly bool
	skip      map[string]bool
}

func (h *surfaceHasher) int(n int64) {
	binary.LittleEndian.PutUint64(h.buf[:], uint64(n))
	h.h.Write(h.buf[:])
}

func (h *surfaceHasher) string(s string) {
	h.int(int64(len(s)))
	h.h.Write([]byte(s))
}

func (h *surfaceHasher) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			h.int(0)
			return
		}
		h.int(1)
		h.value(v.Elem())
	case reflect.Struct:
		skip := bodyFields[v.Type()]
		for i := range v.NumField() {
			name := v.Type().Field(i).Name
			if !skip[name] && !(h.shapeOnly && positionFields[name]) && !(h.skip[name] && v.Type() == reflect.TypeFor[fileSummary]()) {
				h.value(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		h.int(int64(v.Len()))
		for i := range v.Len() {
			h.value(v.Index(i))
		}
	case reflect.Map:
		h.int(int64(v.Len()))
		keys := v.MapKeys()
		slices.SortFunc(keys, compareKeys)
		for _, k := range keys {
			h.value(k)
			h.value(v.MapIndex(k))
		}
	case reflect.String:
		h.string(v.String())
	case reflect.Bool:
		if v.Bool() {
			h.int(1)
		} else {
			h.int(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		h.int(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		h.int(int64(v.Uint()))
	default:
		// A kind the summary does not hold today: fail loudly in tests
		// rather than hash it wrong.
		panic(fmt.Sprintf("golang: surface of a %s", v.Type()))
	}
}

// compareKeys orders map keys of the kinds summaries use.
func compareKeys(a, b reflect.Value) int {
	switch a.Kind() {
	case reflect.String:
		return cmp.Compare(a.String(), b.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return cmp.Compare(a.Int(), b.Int())
	}
	panic(fmt.Sprintf("golang: surface of a map keyed by %s", a.Type()))
}
