package api

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"
	"github.com/gorilla/mux"

	"example.com/gorillaapp/authz"
	"example.com/gorillaapp/perms"
)

// NewRouter wires the routes.
func NewRouter(client *authzed.Client, h *Handlers) *mux.Router {
	r := mux.NewRouter()
	r.HandleFunc("/healthz", healthz)
	api := r.PathPrefix("/api").Subrouter()
	api.Use(authz.Authenticated)
	api.HandleFunc("/boards", h.ListBoards).Methods(http.MethodGet)
	api.HandleFunc("/boards", h.CreateBoard).Methods(http.MethodPost)
	api.HandleFunc("/boards/{board}", h.DeleteBoard).Methods(http.MethodDelete)
	api.HandleFunc("/boards/{board}/cards", h.ListCards).Methods(http.MethodGet)
	api.HandleFunc("/cards/{card}", h.MoveCard).Methods(http.MethodPatch)
	api.HandleFunc("/cards/{card}", h.DeleteCard).Methods(http.MethodDelete)
	board := api.PathPrefix("/boards/{board}").Subrouter()
	board.Use(authz.BoardPermission(client, perms.Read))
	board.HandleFunc("", h.GetBoard).Methods(http.MethodGet)
	writer := api.PathPrefix("/boards/{board}/cards").Subrouter()
	writer.Use(authz.BoardPermission(client, perms.Write))
	writer.HandleFunc("", h.CreateCard).Methods(http.MethodPost)
	return r
}
