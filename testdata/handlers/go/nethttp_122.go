// Package docs serves documents over net/http with Go 1.22 method
// patterns.
package docs

import (
	"encoding/json"
	"log"
	nethttp "net/http"

	"example.com/docs/internal/authz"
	"example.com/docs/internal/store"
)

type Server struct {
	store *store.Store
	mux   *nethttp.ServeMux
}

type createDocumentRequest struct {
	Title  string `json:"title"`
	Folder string `json:"folder"`
}

type Document struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

func NewServer(st *store.Store) *Server {
	s := &Server{store: st, mux: nethttp.NewServeMux()}
	s.routes()
	return s
}

func (s *Server) routes() {
	s.mux.HandleFunc("GET /api/v1/documents", s.listDocuments)
	s.mux.HandleFunc("POST /api/v1/documents", authz.RequireUser(s.createDocument))
	s.mux.HandleFunc("GET /api/v1/documents/{id}", s.getDocument)
	s.mux.Handle("DELETE /api/v1/documents/{id}", s.requireOwner(nethttp.HandlerFunc(s.deleteDocument)))
	s.mux.HandleFunc("GET /api/v1/folders/{id}/documents", s.folderDocuments())
	s.mux.Handle("GET /api/v1/shares/{id}", &shareHandler{store: s.store})
	s.mux.HandleFunc("GET /healthz", healthz)
	s.mux.HandleFunc("POST /api/v1/documents/{id}/archive", func(w nethttp.ResponseWriter, r *nethttp.Request) {
		w.WriteHeader(nethttp.StatusAccepted)
	})

	admin := nethttp.NewServeMux()
	admin.HandleFunc("GET /users", listUsers)
	admin.HandleFunc("DELETE /users/{id}", removeUser)
	s.mux.Handle("/admin/", authz.RequireAdmin(nethttp.StripPrefix("/admin", admin)))
}

func (s *Server) listDocuments(w nethttp.ResponseWriter, r *nethttp.Request) {
	docs, err := s.store.List(r.Context())
	if err != nil {
		nethttp.Error(w, err.Error(), nethttp.StatusInternalServerError)
		return
	}
	json.NewEncoder(w).Encode(docs)
}

func (s *Server) createDocument(w nethttp.ResponseWriter, r *nethttp.Request) {
	var req createDocumentRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		nethttp.Error(w, err.Error(), nethttp.StatusBadRequest)
		return
	}
	doc := Document{Title: req.Title}
	json.NewEncoder(w).Encode(doc)
}

func (s *Server) getDocument(w nethttp.ResponseWriter, r *nethttp.Request) {
	doc, err := s.store.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		nethttp.NotFound(w, r)
		return
	}
	json.NewEncoder(w).Encode(doc)
}

func (s *Server) deleteDocument(w nethttp.ResponseWriter, r *nethttp.Request) {
	s.store.Delete(r.Context(), r.PathValue("id"))
	w.WriteHeader(nethttp.StatusNoContent)
}

// folderDocuments is a handler factory.
func (s *Server) folderDocuments() nethttp.HandlerFunc {
	return func(w nethttp.ResponseWriter, r *nethttp.Request) {
		docs, _ := s.store.InFolder(r.Context(), r.PathValue("id"))
		json.NewEncoder(w).Encode(docs)
	}
}

func (s *Server) requireOwner(next nethttp.Handler) nethttp.Handler {
	return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		next.ServeHTTP(w, r)
	})
}

type shareHandler struct {
	store *store.Store
}

func (h *shareHandler) ServeHTTP(w nethttp.ResponseWriter, r *nethttp.Request) {
	share, _ := h.store.Share(r.Context(), r.PathValue("id"))
	json.NewEncoder(w).Encode(share)
}

var listUsers = nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
	w.Write([]byte("[]"))
})

func removeUser(w nethttp.ResponseWriter, r *nethttp.Request) {
	w.WriteHeader(nethttp.StatusNoContent)
}

func healthz(w nethttp.ResponseWriter, r *nethttp.Request) {
	w.Write([]byte("ok"))
}

// exportDocuments is wired up in another file.
func (s *Server) exportDocuments(w nethttp.ResponseWriter, r *nethttp.Request) {
	w.Write(nil)
}

func logging(next nethttp.Handler) nethttp.Handler {
	return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		log.Println(r.Method, r.URL.Path)
		next.ServeHTTP(w, r)
	})
}

func Run(st *store.Store) error {
	s := NewServer(st)
	return nethttp.ListenAndServe(":8080", logging(s.mux))
}
