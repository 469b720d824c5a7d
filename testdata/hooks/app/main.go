package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/notes/api"
	"example.com/notes/legacy"
)

func main() {
	r := chi.NewRouter()
	api.FolderRoutes(r, api.NewFolderHandler())
	r.Get("/legacy/documents/{id}", legacy.ExportDocument)
	http.ListenAndServe(":8080", r)
}
