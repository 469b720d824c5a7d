module example.com/grpcapp

go 1.23

require (
	github.com/authzed/authzed-go v1.4.1
	google.golang.org/grpc v1.66.0
)
