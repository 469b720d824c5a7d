module example.com/gorillaapp

go 1.23

require (
	github.com/authzed/authzed-go v1.4.1
	github.com/gorilla/mux v1.8.1
)
