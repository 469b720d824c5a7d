module example.com/ginapp

go 1.23

require (
	github.com/authzed/authzed-go v1.4.1
	github.com/gin-gonic/gin v1.10.0
)
