// Package api serves boards and cards with gorilla/mux.
package api

import (
	"encoding/json"
	"net/http"

	"github.com/gorilla/mux"

	"example.com/gorillaapp/service"
)

// Handlers serve the routes.
type Handlers struct {
	Boards *service.Boards
	Cards  *service.Cards
}

func (h *Handlers) ListBoards(w http.ResponseWriter, r *http.Request) {
	ids, err := h.Boards.List(r.Context())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	json.NewEncoder(w).Encode(ids)
}

func (h *Handlers) CreateBoard(w http.ResponseWriter, r *http.Request) {
	b, err := h.Boards.Create(r.Context(), r.FormValue("name"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	json.NewEncoder(w).Encode(b)
}

func (h *Handlers) GetBoard(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(w).Encode(h.Boards.Get(r.Context(), mux.Vars(r)["board"]))
}

func (h *Handlers) ArchivedBoard(w http.ResponseWriter, r *http.Request) { // protected "GET /archive/boards/{board}"
	json.NewEncoder(w).Encode(h.Boards.Get(r.Context(), mux.Vars(r)["board"]))
}

func (h *Handlers) ArchivedSummary(w http.ResponseWriter, r *http.Request) { // protected "GET /archive/boards/{board}/summary"
	json.NewEncoder(w).Encode(h.Boards.Get(r.Context(), mux.Vars(r)["board"]))
}

func (h *Handlers) DeleteBoard(w http.ResponseWriter, r *http.Request) {
	if err := h.Boards.Remove(r.Context(), mux.Vars(r)["board"]); err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
	}
}

func (h *Handlers) ListCards(w http.ResponseWriter, r *http.Request) { // want "unfiltered-list"
	cards, err := h.Cards.OnBoard(r.Context(), mux.Vars(r)["board"])
	if err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	}
	json.NewEncoder(w).Encode(cards)
}

func (h *Handlers) CreateCard(w http.ResponseWriter, r *http.Request) { // protected "POST /api/boards/{board}/cards"
	c, err := h.Cards.Add(r.Context(), mux.Vars(r)["board"], r.FormValue("title"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	json.NewEncoder(w).Encode(c)
}

func (h *Handlers) MoveCard(w http.ResponseWriter, r *http.Request) { // protected "PATCH /api/cards/{card}"
	if err := h.Cards.Move(r.Context(), mux.Vars(r)["card"], r.FormValue("column")); err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
	}
}

func (h *Handlers) DeleteCard(w http.ResponseWriter, r *http.Request) {
	if err := h.Cards.Forget(r.Context(), mux.Vars(r)["card"]); err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
	}
}

func healthz(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }
