package golang

import (
	"slices"
	"strings"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// Routers kept in fields of a type of the package (Server.router) are
// one router to every file of the package: one file makes it and Uses
// middleware on it, another adds routes to it. Each file summarizes
// what it does to the field's router (fieldSum); the link gives the
// routes of each file what the other files put on it.
//
// In which order the files' Use calls run depends on the order the
// program calls the functions making them, which the source alone does
// not settle. The link takes one fixed order for every route of the
// router: the files that set the field to a router first (their Use
// calls usually run as it is made), then the others, each in path order.

// fieldSum is what a file does to a router kept in a field of a type of
// the package: the middleware it puts on it, and the prefix it mounts it
// at. The routes other files add to the field's router get them.
type fieldSum struct {
	field      string
	prefix     string
	names      []string
	middleware []targetSym
	// makes: the file sets the field to a router.
	makes bool
	// parts is the prefix to settle at the link (see routerParts).
	parts []valSym
}

// fieldRouters summarizes what the file does to the routers kept in
// fields, in a fixed order.
func (s *summarizer) fieldRouters() {
	keys := make([]string, 0, len(s.a.fields))
	for key := range s.a.fields {
		if s.a.named[key] != nil {
			keys = append(keys, key)
		}
	}
	slices.Sort(keys)
	for _, key := range keys {
		r := s.a.named[key]
		prefix := fullPrefix(r)
		mws := routerMiddleware(r, prefix, point{})
		if prefix == "" && len(mws) == 0 {
			continue
		}
		s.sum.fields = append(s.sum.fields, fieldSum{
			field: key, prefix: prefix, names: mwNames(mws), middleware: s.middleware(mws), makes: s.a.made[key],
			parts: s.routerParts(r),
		})
	}
}

// fieldArg is the arg of the rootKey of a router kept in a field.
const fieldArg = -2

func fieldKey(pkg, field string) rootKey { return rootKey{fn: pkg + "." + field, arg: fieldArg} }

// fieldPlacement is a file's placement of a router kept in a field.
type fieldPlacement struct {
	file  string
	makes bool
	placement
}

// indexFieldRouters resolves what each file does to the routers kept
// in fields.
func (l *linker) indexFieldRouters(files []linkFile) {
	l.fields = map[rootKey][]fieldPlacement{}
	for _, f := range files {
		for _, fs := range f.sum.fields {
			p := placement{prefix: l.settlePrefix(fs.parts, fs.prefix, f.pkg), names: fs.names}
			for _, mw := range fs.middleware {
				p.calls = append(p.calls, l.middleware(mw, f.pkg, f.path, []string{"Middleware"})...)
			}
			key := fieldKey(f.pkg, fs.field)
			l.fields[key] = append(l.fields[key], fieldPlacement{f.path, fs.makes, p})
		}
	}
	for _, fps := range l.fields {
		// Files come in path order: the ones making the router first.
		slices.SortStableFunc(fps, func(a, b fieldPlacement) int {
			switch {
			case a.makes == b.makes:
				return 0
			case a.makes:
				return -1
			}
			return 1
		})
	}
}

// fieldPlacements is where the files of the package put the router kept
// in field, as one placement: it is one router, whose middleware is what
// every file Uses on it, in the order the package comment gives. names
// and calls are the middleware of a route (or mount) of file on it,
// which start with what file Uses on the router: the placement puts
// them in their place, and rest is what follows them.
func (l *linker) fieldPlacements(pkg, field, file string, names []string, calls []coverage.Call) (ps []placement, restNames []string, restCalls []coverage.Call) {
	fps := l.fields[fieldKey(pkg, field)]
	var own *placement
	for i := range fps {
		if fps[i].file == file {
			own = &fps[i].placement
		}
	}
	if len(fps) == 0 || (own != nil && len(fps) == 1) {
		return nil, names, calls
	}
	inPlace := own != nil && startsWith(names, calls, *own)
	var merged placement
	for _, fp := range fps {
		if fp.file == file {
			// The file's own routes have its middleware already: in
			// place when they start with it, else after the others.
			if inPlace {
				merged.names = append(merged.names, fp.names...)
				merged.calls = append(merged.calls, fp.calls...)
			}
			continue
		}
		if merged.prefix == "" {
			merged.prefix = fp.prefix
		}
		merged.names = append(merged.names, fp.names...)
		merged.calls = append(merged.calls, fp.calls...)
	}
	if inPlace {
		names, calls = names[len(own.names):], calls[len(own.calls):]
	}
	return []placement{merged}, names, calls
}

// startsWith reports whether names and calls start with the placement's.
func startsWith(names []string, calls []coverage.Call, p placement) bool {
	if len(names) < len(p.names) || len(calls) < len(p.calls) || !slices.Equal(names[:len(p.names)], p.names) {
		return false
	}
	for i, c := range p.calls {
		if calls[i].Callee != c.Callee || calls[i].Line != c.Line {
			return false
		}
	}
	return true
}

// fieldFramework is the router framework of the declared type of field
// (`Server.router`), when it names one: the file that adds the routes
// may not import it.
func (l *linker) fieldFramework(pkg, field string) string {
	typ, name, ok := strings.Cut(field, ".")
	if !ok {
		return ""
	}
	ts := l.typeDecl(typeKey{pkg, typ})
	if ts == nil || ts.fields[name] == nil {
		return ""
	}
	if r := l.typeOf(ts.fields[name], pkg, 0); r.kind == rExternal {
		if fw := frameworkOf(r.pkg); routerAPIs[fw] != nil {
			return fw
		}
	}
	return ""
}
