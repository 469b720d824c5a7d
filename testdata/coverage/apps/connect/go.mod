module example.com/connectapp

go 1.23

require (
	connectrpc.com/connect v1.16.2
	github.com/authzed/authzed-go v1.4.1
)
