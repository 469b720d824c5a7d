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
// surface adds back) and its calls of other files' registration helpers.
var bodyFields = map[reflect.Type]map[string]bool{
	reflect.TypeFor[fileSummary](): {"file": true, "handlers": true, "helperCalls": true},
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
	return s.hash(false)
}

// positionFields are the parts of a summary that say where things are
// written, which shape leaves out: lines, and the public markers, which
// are by line.
var positionFields = map[string]bool{"line": true, "regLines": true, "public": true}

// shape is the surface without positions: two summaries of one shape
// declare the same things in the same order, maybe on other lines, as
// when a line is added to a function above others. Linking another file
// reads their positions only into the handlers it gives (see readersOf).
// A public marker counts by the function it is above.
func (s *fileSummary) shape() [sha256.Size]byte {
	return s.hash(true)
}

func (s *fileSummary) hash(shapeOnly bool) [sha256.Size]byte {
	h := surfaceHasher{h: sha256.New(), shapeOnly: shapeOnly}
	h.value(reflect.ValueOf(s).Elem())
	if shapeOnly {
		for _, fs := range s.funcs {
			h.string(s.public[fs.line])
		}
	}
	for _, hs := range s.handlers {
		h.value(reflect.ValueOf(hs.root))
	}
	// A function's answers (the checks it returns the result of, itself
	// or through the calls it returns) are read where other files call
	// it and drop that result.
	for _, fs := range s.funcs {
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
	var out [sha256.Size]byte
	h.h.Sum(out[:0])
	return out
}

type surfaceHasher struct {
	h         hash.Hash
	buf       [8]byte
	shapeOnly bool
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
			if !skip[name] && !(h.shapeOnly && positionFields[name]) {
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
