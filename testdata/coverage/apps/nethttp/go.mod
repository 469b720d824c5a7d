module example.com/nethttpapp

go 1.23

require github.com/authzed/authzed-go v1.4.1
