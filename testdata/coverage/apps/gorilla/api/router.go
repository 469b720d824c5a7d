package api

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"
	"github.com/gorilla/mux"

	"example.com/gorillaapp/authz"
	"example.com/gorillaapp/paths"
	"example.com/gorillaapp/perms"
)

// Server keeps the routers in fields: NewRouter sets them up, and
// cardRoutes, in cards.go, adds the card routes to the API router.
type Server struct {
	router  *mux.Router
	api     *mux.Router
	archive *mux.Router
	client  *authzed.Client
	h       *Handlers
}

// NewRouter wires the routes.
func NewRouter(client *authzed.Client, h *Handlers) *mux.Router {
	s := &Server{router: mux.NewRouter(), client: client, h: h}
	s.router.HandleFunc("/healthz", healthz)
	s.api = s.router.PathPrefix("/api").Subrouter()
	s.api.Use(authz.Authenticated)
	s.api.HandleFunc("/boards", h.ListBoards).Methods(http.MethodGet)
	s.api.HandleFunc("/boards", h.CreateBoard).Methods(http.MethodPost)
	s.api.HandleFunc("/boards/{board}", h.DeleteBoard).Methods(http.MethodDelete)
	board := s.api.PathPrefix("/boards/{board}").Subrouter()
	board.Use(authz.BoardPermission(client, perms.Read))
	board.HandleFunc("", h.GetBoard).Methods(http.MethodGet)
	// A sub-router at a prefix that is a constant of another package,
	// which cards.go adds a route to too.
	s.archive = s.router.PathPrefix(paths.Archive).Subrouter()
	s.archive.Use(authz.BoardPermission(client, perms.Read))
	s.archive.HandleFunc("/boards/{board}", h.ArchivedBoard).Methods(http.MethodGet)
	s.cardRoutes()
	return s.router
}
