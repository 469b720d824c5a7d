// Package router serves the document API with gorilla/mux.
package router

import (
	"encoding/json"
	"net/http"

	"github.com/gorilla/mux"

	"example.com/docs/internal/authz"
	"example.com/docs/internal/store"
)

type App struct {
	Router *mux.Router
	Store  *store.Store
}

type Folder struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func (a *App) Initialize() {
	a.Router = mux.NewRouter()
	a.Router.Use(loggingMiddleware)
	a.Router.HandleFunc("/healthz", healthCheck).Methods(http.MethodGet)

	api := a.Router.PathPrefix("/api/v1").Subrouter()
	api.Use(authz.Middleware)
	api.HandleFunc("/folders", a.listFolders).Methods("GET")
	api.HandleFunc("/folders", a.createFolder).Methods("POST")
	api.HandleFunc("/folders/{id}", a.getFolder).Methods("GET").Name("folder")
	api.HandleFunc("/folders/{id}", a.updateFolder).Methods("PUT", "PATCH")
	api.Handle("/folders/{id}", authz.Require("folder", "delete")(http.HandlerFunc(a.deleteFolder))).Methods(http.MethodDelete)
	api.Methods("GET").Path("/folders/{id}/children").HandlerFunc(a.listChildren)

	static := http.FileServer(http.Dir("./static"))
	a.Router.PathPrefix("/static/").Handler(http.StripPrefix("/static/", static))
}

func (a *App) Run(addr string) error {
	return http.ListenAndServe(addr, a.Router)
}

func (a *App) listFolders(w http.ResponseWriter, r *http.Request) {
	folders, _ := a.Store.Folders(r.Context())
	json.NewEncoder(w).Encode(folders)
}

func (a *App) createFolder(w http.ResponseWriter, r *http.Request) {
	var f Folder
	json.NewDecoder(r.Body).Decode(&f)
	w.WriteHeader(http.StatusCreated)
}

func (a *App) getFolder(w http.ResponseWriter, r *http.Request) {
	vars := mux.Vars(r)
	json.NewEncoder(w).Encode(Folder{ID: vars["id"]})
}

func (a *App) updateFolder(w http.ResponseWriter, r *http.Request) {}

func (a *App) deleteFolder(w http.ResponseWriter, r *http.Request) {}

func (a *App) listChildren(w http.ResponseWriter, r *http.Request) {}

func healthCheck(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusOK)
}

func loggingMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
	})
}
