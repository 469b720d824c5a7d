package treesitter

import (
	"sort"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// Handlers collects a file's handlers, found in several passes.
type Handlers struct {
	items []posHandler
}

type posHandler struct {
	coverage.Handler
	pos uint32
}

// Add records a handler registered at byte offset pos, which orders
// handlers on the same line. An empty operation is inferred, and
// middleware is deduplicated.
func (hs *Handlers) Add(h coverage.Handler, pos uint32) {
	if h.Operation == "" {
		h.Operation = coverage.InferOperation(h.Method, h.Route, h.Function)
	}
	h.Middleware = Unique(h.Middleware)
	hs.items = append(hs.items, posHandler{h, pos})
}

// List returns the handlers sorted by line, then registration; never nil.
func (hs *Handlers) List() []coverage.Handler {
	sort.SliceStable(hs.items, func(i, j int) bool {
		a, b := hs.items[i], hs.items[j]
		return a.Line < b.Line || (a.Line == b.Line && a.pos < b.pos)
	})
	out := make([]coverage.Handler, len(hs.items))
	for i, h := range hs.items {
		out[i] = h.Handler
	}
	return out
}

// SortFunctions sorts functions by line; never nil.
func SortFunctions(fns []coverage.Function) []coverage.Function {
	if fns == nil {
		return []coverage.Function{}
	}
	sort.SliceStable(fns, func(i, j int) bool { return fns[i].Line < fns[j].Line })
	return fns
}
