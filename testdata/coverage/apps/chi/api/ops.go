package api

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"
	"github.com/go-chi/chi/v5"

	"example.com/chiapp/platform"
)

// OpsRoutes serves the operators' views, on a router platform/ makes
// with the check installed.
func OpsRoutes(client *authzed.Client, h *Handler) http.Handler {
	r := platform.NewRouter(client)
	r.Get("/ops/documents/{id}", h.OpsDocument)
	return r
}

// OpsDocument shows a document's raw form; the router checks the caller.
func (h *Handler) OpsDocument(w http.ResponseWriter, r *http.Request) { // protected "GET /ops/documents/{id}"
	w.Write([]byte(chi.URLParam(r, "id")))
}
