package tools

import (
	"fmt"
	"strings"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/tools/coverage"
	"github.com/ambient-authz/ambient-authz/tools/coverage/golang"
	"github.com/ambient-authz/ambient-authz/tools/coverage/python"
	"github.com/ambient-authz/ambient-authz/tools/coverage/typescript"
)

// ParseSource reads a root-confined source file and runs its language's
// frontend. Unsupported, huge and binary files are InputErrors.
// authz_context and the post-edit hook share it.
func ParseSource(root *schemas.Root, file string) (*coverage.File, error) {
	if _, _, err := root.Resolve(file); err != nil {
		return nil, err
	}
	lang, ok := coverage.LanguageOf(file)
	if !ok {
		return nil, &schemas.InputError{Kind: schemas.ErrBadArgument,
			Message: fmt.Sprintf("%s is not source code in a supported language", file),
			Fix:     "pass a .go, .ts/.tsx/.js/.jsx/.mjs/.cjs or .py file, or omit `file` and pass `resource` and `operation`"}
	}
	src, rel, err := root.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var parsed *coverage.File
	switch lang {
	case coverage.Go:
		parsed, err = golang.ParseFile(rel, src)
	case coverage.TypeScript, coverage.JavaScript:
		parsed, err = typescript.ParseFile(rel, src)
	case coverage.Python:
		parsed, err = python.ParseFile(rel, src)
	}
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", rel, err)
	}
	return parsed, nil
}

// findHandler resolves the agent's handler name against the file: a
// detected handler first, then any function (a handler being written may
// not be registered yet). Matching accepts `Type.Method` or the bare
// method name, case-insensitively.
func findHandler(f *coverage.File, name string) (coverage.Handler, error) {
	matches := func(fn string) bool {
		return strings.EqualFold(fn, name) || strings.EqualFold(fn[strings.LastIndex(fn, ".")+1:], name)
	}
	for _, h := range f.Handlers {
		if matches(h.Function) {
			return h, nil
		}
	}
	for _, fn := range f.Functions {
		if matches(fn.Name) {
			return coverage.Handler{Language: f.Language, Function: fn.Name, File: f.Path, Line: fn.Line,
				Operation: coverage.InferOperation("", "", fn.Name)}, nil
		}
	}
	// Suggest on bare method names too: `Crate` is close to `Create`, not
	// to `DocumentHandler.Create`.
	byBare := map[string][]string{}
	var bare []string
	for _, fn := range f.Functions {
		b := fn.Name[strings.LastIndex(fn.Name, ".")+1:]
		if byBare[b] == nil {
			bare = append(bare, b)
		}
		byBare[b] = append(byBare[b], fn.Name)
	}
	var candidates []string
	for _, b := range schemas.Suggest(name, bare) {
		candidates = append(candidates, byBare[b]...)
	}
	return coverage.Handler{}, &schemas.InputError{Kind: schemas.ErrNotFound,
		Message:    fmt.Sprintf("no function %q in %s", name, f.Path),
		Candidates: candidates,
		Fix:        "pass the name of a function declared in the file, or omit `handler` to list the file's handlers"}
}
