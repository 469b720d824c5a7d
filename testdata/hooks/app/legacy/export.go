// Package legacy predates authorization; its gap is accepted in the
// baseline.
package legacy

import "net/http"

// ExportDocument streams a document.
func ExportDocument(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("document"))
}
