package golang

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// helperServer declares registration helpers that another file calls.
const helperServer = `
package api

import "net/http"

type Server struct{ mux *http.ServeMux }

func requireDoc(next http.Handler) http.Handler { return next }

func logged(next http.Handler) http.Handler { return next }

func (s *Server) guarded(pattern string, mw func(http.Handler) http.Handler, h http.HandlerFunc) {
	s.mux.Handle(pattern, logged(mw(h)))
}

func (s *Server) get(path string, h http.HandlerFunc) {
	s.mux.Handle("GET "+path, requireDoc(h))
}
`

const helperRoutes = `
package api

import "net/http"

const docPath = "/docs/{id}"

func (s *Server) Routes() {
	s.guarded("DELETE /docs/{id}", requireDoc, s.deleteDoc)
	s.get(docPath, s.getDoc)
	s.get("/docs/{id}/raw", http.HandlerFunc(s.rawDoc))
}

func (s *Server) getDoc(w http.ResponseWriter, r *http.Request)    {}
func (s *Server) rawDoc(w http.ResponseWriter, r *http.Request)    {}
func (s *Server) deleteDoc(w http.ResponseWriter, r *http.Request) {}
`

func TestRegistrationHelperOfAnotherFile(t *testing.T) {
	prog := parseModule(t, map[string]string{"api/server.go": helperServer, "api/routes.go": helperRoutes})
	assert.ElementsMatch(t, []string{
		"DELETE /docs/{id} -> api.Server.deleteDoc @api/routes.go:15 [api.logged(?) api.requireDoc]",
		"GET /docs/{id} -> api.Server.getDoc @api/routes.go:13 [api.requireDoc(?)]",
		"GET /docs/{id}/raw -> api.Server.rawDoc @api/routes.go:14 [api.requireDoc(?)]",
	}, handlers(prog))
}

// webPackage is a package whose helper registers on the mux it is given.
const webPackage = `
package web

import "net/http"

func Route(mux *http.ServeMux, pattern string, mw func(http.Handler) http.Handler, h http.HandlerFunc) {
	mux.Handle(pattern, mw(h))
}
`

func TestRegistrationHelperOfAnotherPackage(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"web/web.go": webPackage,
		"api/routes.go": `
package api

import (
	"net/http"

	"example.com/m/web"
)

func requireDoc(next http.Handler) http.Handler { return next }

func Routes() *http.ServeMux {
	mux := http.NewServeMux()
	web.Route(mux, "PUT /docs/{id}", requireDoc, putDoc)
	return mux
}

func putDoc(w http.ResponseWriter, r *http.Request) {}
`,
	})
	assert.Equal(t, []string{"PUT /docs/{id} -> api.putDoc @api/routes.go:17 [api.requireDoc]"}, handlers(prog))
}
