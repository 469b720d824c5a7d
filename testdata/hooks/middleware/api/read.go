package api

import "net/http"

// GetDocument returns a document; main wraps it in mw.DocumentViewer.
func GetDocument(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("{}"))
}
