module example.com/grpcapp

go 1.23

require (
	github.com/authzed/authzed-go v1.4.1
	github.com/grpc-ecosystem/go-grpc-middleware/v2 v2.1.0
	google.golang.org/grpc v1.66.0
)
