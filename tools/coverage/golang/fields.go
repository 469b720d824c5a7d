package golang

import (
	"slices"
	"strings"
)

// Routers kept in fields of a type of the package (Server.router) are
// one router to every file of the package: one file makes it and Uses
// middleware on it, another adds routes to it. Each file summarizes
// what it does to the field's router (fieldSum); the link gives the
// routes of each file what the other files put on it.

// fieldSum is what a file does to a router kept in a field of a type of
// the package: the middleware it puts on it, and the prefix it mounts it
// at. The routes other files add to the field's router get them.
type fieldSum struct {
	field      string
	prefix     string
	names      []string
	middleware []targetSym
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
		mws := routerMiddleware(r, prefix)
		if prefix == "" && len(mws) == 0 {
			continue
		}
		s.sum.fields = append(s.sum.fields, fieldSum{field: key, prefix: prefix, names: mwNames(mws), middleware: s.middleware(mws)})
	}
}

// fieldArg is the arg of the rootKey of a router kept in a field.
const fieldArg = -2

func fieldKey(pkg, field string) rootKey { return rootKey{fn: pkg + "." + field, arg: fieldArg} }

// fieldPlacement is a file's placement of a router kept in a field.
type fieldPlacement struct {
	file string
	placement
}

// indexFieldRouters resolves what each file does to the routers kept
// in fields.
func (l *linker) indexFieldRouters(files []linkFile) {
	l.fields = map[rootKey][]fieldPlacement{}
	for _, f := range files {
		for _, fs := range f.sum.fields {
			p := placement{prefix: fs.prefix, names: fs.names}
			for _, mw := range fs.middleware {
				p.calls = append(p.calls, l.middleware(mw, f.pkg, f.path, []string{"Middleware"})...)
			}
			key := fieldKey(f.pkg, fs.field)
			l.fields[key] = append(l.fields[key], fieldPlacement{f.path, p})
		}
	}
}

// fieldPlacements is where the other files of the package put the
// router kept in field, as one placement: it is one router, whose
// middleware is what every file Uses on it.
func (l *linker) fieldPlacements(pkg, field, file string) []placement {
	var merged placement
	found := false
	for _, fp := range l.fields[fieldKey(pkg, field)] {
		if fp.file == file {
			continue // the file's own routes have its middleware already
		}
		found = true
		if merged.prefix == "" {
			merged.prefix = fp.prefix
		}
		merged.names = append(merged.names, fp.names...)
		merged.calls = append(merged.calls, fp.calls...)
	}
	if !found {
		return nil
	}
	return []placement{merged}
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
