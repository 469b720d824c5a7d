package golang

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// Handler.Framework values.
const (
	fwNetHTTP = "net/http"
	fwChi     = "chi"
	fwGin     = "gin"
	fwEcho    = "echo"
	fwGorilla = "gorilla"
	fwFiber   = "fiber"
	fwGRPC    = "grpc"
	fwConnect = "connect"
)

// frameworkPaths maps the import path of a framework's package, without
// its major-version suffix, to the framework.
var frameworkPaths = map[string]string{
	"net/http":                       fwNetHTTP,
	"github.com/go-chi/chi":          fwChi,
	"github.com/gin-gonic/gin":       fwGin,
	"github.com/labstack/echo":       fwEcho,
	"github.com/gorilla/mux":         fwGorilla,
	"github.com/gofiber/fiber":       fwFiber,
	"google.golang.org/grpc":         fwGRPC,
	"connectrpc.com/connect":         fwConnect,
	"github.com/bufbuild/connect-go": fwConnect,
}

// frameworkOf is the framework whose package importPath is, or "".
func frameworkOf(importPath string) string {
	return frameworkPaths[stripMajorVersion(importPath)]
}

func stripMajorVersion(importPath string) string {
	i := strings.LastIndex(importPath, "/v")
	if i < 0 || i+2 == len(importPath) {
		return importPath
	}
	for _, c := range importPath[i+2:] {
		if c < '0' || c > '9' {
			return importPath
		}
	}
	return importPath[:i]
}

// imports maps the names a file gives its imports to the import paths;
// a dot import is under "." and its path.
type imports map[string]string

func collectImports(decls []ast.Decl) imports {
	im := imports{}
	for _, d := range decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		for _, spec := range gd.Specs {
			is, ok := spec.(*ast.ImportSpec)
			if !ok || is.Path == nil {
				continue
			}
			p, err := strconv.Unquote(is.Path.Value)
			if err != nil {
				continue
			}
			name := defaultImportName(p)
			if is.Name != nil {
				name = is.Name.Name
			}
			switch name {
			case "_":
			case ".":
				// Its names are the file's own, unqualified: kept under
				// a key no identifier matches, so that the file counts
				// as importing it (see fileSummary.imports).
				im[name+p] = p
			default:
				im[name] = p
			}
		}
	}
	return im
}

// defaultImportName guesses the package name of an import without reading
// the package: the last path element, skipping a major-version element and
// dropping gopkg.in-style versions and go- / -go affixes.
func defaultImportName(importPath string) string {
	elems := strings.Split(stripMajorVersion(importPath), "/")
	name := elems[len(elems)-1]
	if i := strings.Index(name, ".v"); i > 0 {
		name = name[:i]
	}
	name = strings.TrimSuffix(strings.TrimPrefix(name, "go-"), "-go")
	return strings.ReplaceAll(name, "-", "_")
}

// framework is the framework of the package imported as name, or "".
func (im imports) framework(name string) string {
	return frameworkOf(im[name])
}

// frameworks are the frameworks of the packages the file imports, told
// once per file: guessing a router's framework asks for each call.
func (im imports) frameworks() map[string]bool {
	fws := map[string]bool{}
	for _, p := range im {
		if fw := frameworkOf(p); fw != "" {
			fws[fw] = true
		}
	}
	return fws
}

// isStdlib reports whether the package imported as name is from the
// standard library: its path has no dot in the first element.
func (im imports) isStdlib(name string) bool {
	p, ok := im[name]
	first, _, _ := strings.Cut(p, "/")
	return ok && !strings.Contains(first, ".")
}
