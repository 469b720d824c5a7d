package api

import (
	"net/http"

	"example.com/gorillaapp/authz"
	"example.com/gorillaapp/perms"
)

// cardRoutes adds the card routes to the API router NewRouter made,
// behind its middleware. The file does not import gorilla/mux: the
// router's type is in router.go.
func (s *Server) cardRoutes() {
	s.api.HandleFunc("/boards/{board}/cards", s.h.ListCards).Methods(http.MethodGet)
	s.api.HandleFunc("/cards/{card}", s.h.MoveCard).Methods(http.MethodPatch)
	s.api.HandleFunc("/cards/{card}", s.h.DeleteCard).Methods(http.MethodDelete)
	writer := s.api.PathPrefix("/boards/{board}/cards").Subrouter()
	writer.Use(authz.BoardPermission(s.client, perms.Write))
	writer.HandleFunc("", s.h.CreateCard).Methods(http.MethodPost)
	s.archive.HandleFunc("/boards/{board}/summary", s.h.ArchivedSummary).Methods(http.MethodGet)
}
