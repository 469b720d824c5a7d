package api

import "net/http"

// handle registers h behind mw; routes.go calls it from another file.
func handle(mux *http.ServeMux, pattern string, mw func(http.Handler) http.Handler, h http.HandlerFunc) {
	mux.Handle(pattern, mw(h))
}
