package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/notes/api"
	"example.com/notes/legacy"
	"example.com/notes/mw"
)

func main() {
	r := chi.NewRouter()
	api.FolderRoutes(r, api.NewFolderHandler())
	r.Get("/documents/{id}", mw.DocumentViewer(api.GetDocument))
	r.Get("/legacy/documents/{id}", legacy.ExportDocument)
	http.ListenAndServe(":8080", r)
}
