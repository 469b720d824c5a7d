package main

import (
	"log"
	"net/http"

	"example.com/docs/api"
	"example.com/docs/service"
)

func main() {
	h := api.NewDocumentHandler(service.NewDocuments(service.NewMemStore()))
	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", logRequests(api.Routes(h))))
	mux.HandleFunc("GET /version", api.Version)
	http.ListenAndServe(":8080", mux)
}

func logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.Println(r.Method, r.URL.Path)
		next.ServeHTTP(w, r)
	})
}
