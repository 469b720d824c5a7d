module example.com/notes

go 1.23

require (
	github.com/authzed/authzed-go v1.4.1
	github.com/go-chi/chi/v5 v5.2.1
)
