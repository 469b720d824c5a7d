package api

import (
	"net/http"

	"example.com/nethttpapp/paths"
)

// handle registers h behind mw; routes.go calls it from another file.
func handle(mux *http.ServeMux, pattern string, mw func(http.Handler) http.Handler, h http.HandlerFunc) {
	mux.Handle(pattern, mw(h))
}

// handleWith registers h at method and path, wrapped in each of mws.
func handleWith(mux *http.ServeMux, method, path string, h http.HandlerFunc, mws ...func(http.Handler) http.Handler) {
	var handler http.Handler = h
	for _, mw := range mws {
		handler = mw(handler)
	}
	mux.Handle(method+" "+path, handler)
}

// projectTags registers h behind mw at a project's tags, a path of its
// own made with a constant of another package.
func projectTags(mux *http.ServeMux, mw func(http.Handler) http.Handler, h http.HandlerFunc) {
	mux.Handle("GET "+paths.Project+"/tags", mw(h))
}
