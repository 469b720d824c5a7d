package golang

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// endpointType is a generic handler type that keeps the function it
// serves in a field.
const endpointType = `
package api

import (
	"context"
	"net/http"
)

type Endpoint[Req any] struct {
	fn func(ctx context.Context, r Req) error
}

func (e *Endpoint[Req]) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req Req
	if err := e.fn(r.Context(), req); err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
	}
}
`

const endpointRoutes = `
package api

import (
	"context"
	"net/http"
)

type Server struct{}

type GetReq struct{ ID string }

func (s *Server) Mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /docs/{id}", &Endpoint[GetReq]{fn: s.get})
	return mux
}

func (s *Server) get(ctx context.Context, r GetReq) error { return nil }
`

func TestHandlerTypeWithFunctionField(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"other file": {"api/endpoint.go": endpointType, "api/routes.go": endpointRoutes},
		"same file":  {"api/routes.go": endpointRoutes + endpointType[strings.Index(endpointType, "type Endpoint"):]},
	} {
		t.Run(name, func(t *testing.T) {
			prog := parseModule(t, files)
			assert.Equal(t, []string{"GET /docs/{id} -> api.Server.get @api/routes.go:18 [api.Endpoint.ServeHTTP]"}, handlers(prog))
		})
	}
}

func TestHandlerTypeWithValueFields(t *testing.T) {
	prog := parseModule(t, map[string]string{"api/routes.go": `
package api

import "net/http"

type Store struct{}

type Server struct{ store *Store }

type docs struct{ store *Store }

func (d *docs) ServeHTTP(w http.ResponseWriter, r *http.Request) {}

func (s *Server) Mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /docs", &docs{store: s.store})
	return mux
}
`})
	assert.Equal(t, []string{"GET /docs -> api.docs.ServeHTTP @api/routes.go:11"}, handlers(prog))
}
