package golang

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// docsFactories are handler factories declared to return http.Handler.
const docsFactories = `
package docs

import "net/http"

type Server struct{ name string }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {}

type Value struct{}

func (v Value) ServeHTTP(w http.ResponseWriter, r *http.Request) {}

type Store struct{}

func Handler() http.Handler { return &Server{} }

func ValueHandler(name string) http.Handler {
	v := Value{}
	return v
}

func New(store *Store) http.Handler { return &Server{name: "x"} }

// Either makes one of two types: neither is the handler.
func Either(ok bool) http.Handler {
	if ok {
		return &Server{}
	}
	return Value{}
}

// Passed returns what it is given.
func Passed(h http.Handler) http.Handler { return h }

type guarded struct{ next http.Handler }

func (g *guarded) ServeHTTP(w http.ResponseWriter, r *http.Request) { g.next.ServeHTTP(w, r) }

// Wrap is middleware of its own type.
func Wrap(h http.Handler) http.Handler { return &guarded{next: h} }
`

func TestHandlerFactoriesServeTheirType(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"docs/docs.go": docsFactories,
		"api/server.go": `
package api

import "example.com/m/docs"

type Server struct {
	store *docs.Store
}
`,
		"api/routes.go": `
package api

import (
	"net/http"

	"example.com/m/docs"
)

func (s *Server) Routes(mux *http.ServeMux, ok bool) {
	mux.Handle("/a", docs.Handler())
	mux.Handle("/b", docs.ValueHandler("b"))
	h := docs.New(s.store)
	mux.Handle("/c", h)
	mux.Handle("/d", docs.New(s.store))
	mux.Handle("/e", docs.Either(ok))
	mux.Handle("/f", docs.Passed(local()))
	mux.Handle("/g", docs.Wrap(http.HandlerFunc(show)))
	mux.Handle("/h", local())
	mux.Handle("/i", docsServer())
	// A local of another package's type, wrapped by another package.
	made := docs.New(s.store)
	wrapped := docs.Wrap(made)
	mux.Handle("/j", wrapped)
}

type loc struct{}

func (loc) ServeHTTP(w http.ResponseWriter, r *http.Request) {}

func local() http.Handler { return loc{} }

func show(w http.ResponseWriter, r *http.Request) {}

func docsServer() http.Handler { return &docs.Server{} }
`,
	})
	// A factory whose returns disagree, or pass a handler on, stays the
	// handler (or the wrapper); a wrapper of its own type runs its
	// ServeHTTP in front of the handler.
	assert.ElementsMatch(t, []string{
		"/a -> docs.Server.ServeHTTP @docs/docs.go:7",
		"/b -> docs.Value.ServeHTTP @docs/docs.go:11",
		"/c -> docs.Server.ServeHTTP @docs/docs.go:7",
		"/d -> docs.Server.ServeHTTP @docs/docs.go:7",
		"/e -> docs.Either @docs/docs.go:25",
		"/f -> api.loc.ServeHTTP @api/routes.go:28 [docs.Passed(?)]",
		"/g -> api.show @api/routes.go:32 [docs.Wrap(?) docs.guarded.ServeHTTP]",
		"/h -> api.loc.ServeHTTP @api/routes.go:28",
		"/i -> docs.Server.ServeHTTP @docs/docs.go:7",
		"/j -> docs.guarded.ServeHTTP @docs/docs.go:37",
	}, handlers(prog))
}

// A handler factory given the result of a call (centrifugo:
// mux.Handle(p, wt.NewHandler(pingConfig(cfg)))) is the handler: a call
// whose result is surely no handler (a struct of the module without
// ServeHTTP) is its argument, not the handler it wraps.
func TestFactoryGivenAConfig(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"wt/wt.go": `
package wt

import "net/http"

type Config struct{ Ping int }

type Handler struct{ cfg Config }

func NewHandler(cfg Config) *Handler { return &Handler{cfg: cfg} }

func DefaultConfig() Config { return Config{} }

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {}
`,
		"main.go": `
package main

import (
	"net/http"

	"example.com/m/wt"
)

func pingConfig(n int) wt.Config { return wt.Config{Ping: n} }

func main() {
	mux := http.NewServeMux()
	mux.Handle("/ws", wt.NewHandler(pingConfig(3)))
	http.ListenAndServe(":8080", mux)
}
`,
	})
	assert.Equal(t, []string{
		"/ws -> wt.Handler.ServeHTTP @wt/wt.go:13",
	}, handlers(prog))
}

// A wrapper given a constant last, of a dot-imported package
// (seaweedfs: track(s3a.iam.Auth(s3a.cb.Limit(s3a.PutObjectHandler,
// ACTION_WRITE)), "PUT"), the types declared in another file), wraps
// the function given before it, which is the handler.
func TestWrapperGivenADotImportedConstantLast(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"consts/consts.go": "package consts\n\nconst ACTION_WRITE = \"Write\"\n",
		"s3/types.go": `
package s3

import "net/http"

type Action string

type CB struct{}

func (cb *CB) Limit(f func(w http.ResponseWriter, r *http.Request), action string) (http.HandlerFunc, Action) {
	return func(w http.ResponseWriter, r *http.Request) { f(w, r) }, Action(action)
}

type IAM struct{}

func (i *IAM) Auth(f http.HandlerFunc, action Action) http.HandlerFunc { return f }

type Server struct {
	cb  *CB
	iam *IAM
}

func (s *Server) PutObject(w http.ResponseWriter, r *http.Request) {}
`,
		"s3/router.go": `
package s3

import (
	"net/http"

	"github.com/gorilla/mux"

	. "example.com/m/consts"
)

func track(f http.HandlerFunc, action string) http.HandlerFunc { return f }

func (s3a *Server) register(router *mux.Router) {
	bucket := router.PathPrefix("/{bucket}").Subrouter()
	bucket.Methods(http.MethodPut).Path("/{object}").HandlerFunc(track(s3a.iam.Auth(s3a.cb.Limit(s3a.PutObject, ACTION_WRITE)), "PUT"))
}
`,
	})
	require.Len(t, prog.Handlers, 1)
	h := prog.Handlers[0]
	assert.Equal(t, "PUT /{bucket}/{object} Server.PutObject", h.Method+" "+h.Route+" "+h.Function)
}
