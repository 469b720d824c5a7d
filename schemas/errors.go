package schemas

import (
	"fmt"
	"strings"
)

// ErrorKind classifies an InputError so callers can branch without parsing
// messages.
type ErrorKind string

// The kinds of user-fixable error.
const (
	ErrCompile           ErrorKind = "schema_compile_error"
	ErrNoSchema          ErrorKind = "no_schema"
	ErrAmbiguousSchema   ErrorKind = "ambiguous_schema"
	ErrEmptySchema       ErrorKind = "empty_schema"
	ErrTooLarge          ErrorKind = "too_large"
	ErrBinary            ErrorKind = "binary_file"
	ErrOutsideRoot       ErrorKind = "outside_root"
	ErrNotFound          ErrorKind = "not_found"
	ErrUnknownDefinition ErrorKind = "unknown_definition"
	ErrUnknownPermission ErrorKind = "unknown_permission"
	ErrBadConfig         ErrorKind = "bad_config"
	ErrBadArgument       ErrorKind = "bad_argument"
)

// InputError is a problem the user (or agent) can fix: a broken schema, a
// bad path, an unknown name. Any other error returned by this package is an
// internal failure.
type InputError struct {
	Kind    ErrorKind `json:"kind"`
	Message string    `json:"message"`
	// Pos locates the problem in a schema file, when known.
	Pos *Position `json:"pos,omitempty"`
	// SourceLine is the offending line of schema text, when known.
	SourceLine string `json:"source_line,omitempty"`
	// Fix says how to resolve the problem.
	Fix string `json:"fix,omitempty"`
	// Candidates lists alternatives: "did you mean" names or competing files.
	Candidates []string `json:"candidates,omitempty"`
}

// Error renders the error on one or a few lines, ready for an agent.
func (e *InputError) Error() string {
	var b strings.Builder
	if e.Pos != nil {
		b.WriteString(e.Pos.String() + ": ")
	}
	b.WriteString(e.Message)
	if e.SourceLine != "" {
		fmt.Fprintf(&b, "\n  | %s", strings.TrimRight(e.SourceLine, "\r\n"))
	}
	if len(e.Candidates) > 0 && e.Kind != ErrAmbiguousSchema {
		fmt.Fprintf(&b, "\ndid you mean: %s?", strings.Join(e.Candidates, ", "))
	}
	if e.Fix != "" {
		b.WriteString("\nfix: " + e.Fix)
	}
	return b.String()
}

// howToPointAtSchema is the common advice for any missing-schema error.
const howToPointAtSchema = "pass --schema PATH (or set AMBIENT_AUTHZ_SCHEMA), add `schema: PATH` to .ambient-authz.yaml, or put a schema.zed at the project root"
