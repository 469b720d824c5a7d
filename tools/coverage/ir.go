// Package coverage is the language-neutral core of the coverage engine:
// the IR that language frontends produce from source, and the inference
// that works on it. Frontends live in subpackages, one per language.
package coverage

import (
	"path"
	"strings"
)

// Language is a source language with a frontend.
type Language string

// The supported languages.
const (
	Go         Language = "go"
	TypeScript Language = "typescript"
	JavaScript Language = "javascript"
	Python     Language = "python"
)

// LanguageOf maps a file name to its language by extension.
func LanguageOf(file string) (Language, bool) {
	switch strings.ToLower(path.Ext(file)) {
	case ".go":
		return Go, true
	case ".ts", ".tsx", ".mts", ".cts":
		return TypeScript, true
	case ".js", ".jsx", ".mjs", ".cjs":
		return JavaScript, true
	case ".py":
		return Python, true
	}
	return "", false
}

// Operation is what a handler does to its resource.
type Operation string

// The operation kinds.
const (
	OpCreate Operation = "create"
	OpRead   Operation = "read"
	OpUpdate Operation = "update"
	OpDelete Operation = "delete"
	OpList   Operation = "list"
	OpOther  Operation = "other"
)

// Handler is an HTTP route handler or an RPC method.
type Handler struct {
	Language Language `json:"language"`
	// Framework is e.g. net/http, chi, gin, echo, gorilla, fiber, grpc,
	// connect, express, fastify, nestjs, nextjs, flask, fastapi, django.
	Framework string `json:"framework"`
	// Method is the HTTP method, upper case; empty when any method routes
	// here or it is an RPC.
	Method string `json:"method,omitempty"`
	// Route is the path pattern as registered, with the router's
	// parameter syntax (`/docs/{id}`, `/docs/:id`, `/docs/<id>`).
	Route string `json:"route,omitempty"`
	// RPC is `Service/Method` for gRPC and connect handlers.
	RPC string `json:"rpc,omitempty"`
	// Function is the handler's name: `Name`, or `Type.Method` for
	// methods; an inline handler is named after its route (`POST /docs`).
	Function string `json:"function"`
	// File is relative to the project root; Line is 1-based, where the
	// function is declared (or, inline, where it is registered).
	File string `json:"file"`
	Line int    `json:"line"`
	// Operation is inferred from the method, route shape and name.
	Operation  Operation `json:"operation"`
	Middleware []string  `json:"middleware,omitempty"`
}

// Function is a function or method declared in a file.
type Function struct {
	// Name is `Name`, or `Type.Method` (Go) / `Class.method` (TS, Python).
	Name    string `json:"name"`
	Line    int    `json:"line"`
	EndLine int    `json:"end_line"`
}

// SyntaxError is a parse error the frontend recovered from; the rest of
// the file is still analyzed.
type SyntaxError struct {
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Message string `json:"message"`
}

// File is one parsed source file.
type File struct {
	Path      string     `json:"path"`
	Language  Language   `json:"language"`
	Handlers  []Handler  `json:"handlers"`
	Functions []Function `json:"functions"`
	// Identifiers are the names in the file that can point at a resource:
	// type, class and function names, and route path segments, without
	// duplicates, in order of first appearance.
	Identifiers []string      `json:"identifiers"`
	Errors      []SyntaxError `json:"errors,omitempty"`
}

// FunctionAt returns the function whose body spans line, or nil.
func (f *File) FunctionAt(line int) *Function {
	for i := range f.Functions {
		if fn := &f.Functions[i]; fn.Line <= line && line <= fn.EndLine {
			return fn
		}
	}
	return nil
}
