module example.com/echoapp

go 1.23

require (
	github.com/authzed/authzed-go v1.4.1
	github.com/labstack/echo/v4 v4.12.0
)
