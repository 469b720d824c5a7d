package schemas

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"
)

// Store holds the project's current Model and reloads it when a schema
// file (or the config that names it) changes. Agents edit the schema in
// the middle of a session, so every call checks modification times.
type Store struct {
	root     *Root
	explicit []string

	mu     sync.Mutex
	model  *Model
	err    error
	stamps map[string]stamp
	loaded bool
}

// stamp identifies a version of a file cheaply.
type stamp struct {
	mod  time.Time
	size int64
}

// NewStore creates a Store. paths are the --schema paths; empty means
// Discover.
func NewStore(root *Root, paths []string) *Store {
	return &Store{root: root, explicit: paths}
}

// Root returns the project root.
func (s *Store) Root() *Root { return s.root }

// Model returns the current Model, reloading it if any contributing file
// changed. A user-fixable problem (no schema, a compile error) is returned
// as *InputError; it is re-evaluated on the next call.
func (s *Store) Model(ctx context.Context) (*Model, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.loaded && !s.changed() {
		return s.model, s.err
	}
	s.model, s.err, s.stamps = s.load()
	s.loaded = true
	if s.err != nil {
		zerolog.Ctx(ctx).Debug().Err(s.err).Msg("schema not loaded")
	} else {
		zerolog.Ctx(ctx).Debug().Str("schema", s.model.Source).Int("definitions", len(s.model.Definitions)).Msg("schema loaded")
	}
	return s.model, s.err
}

// changed reports whether any watched file differs from when it was read.
// With nothing watched (the last load failed), it loads again.
func (s *Store) changed() bool {
	if len(s.stamps) == 0 {
		return true
	}
	for p, old := range s.stamps {
		cur, _ := statStamp(s.root, p)
		if cur != old {
			return true
		}
	}
	return false
}

func (s *Store) load() (*Model, error, map[string]stamp) {
	watch := map[string]stamp{}
	track := func(p string) {
		st, _ := statStamp(s.root, p)
		watch[p] = st
	}
	paths := s.explicit
	if len(paths) == 0 {
		track(ConfigFile)
		found, err := Discover(s.root)
		if err != nil {
			return nil, err, nil
		}
		paths = found
	}
	for _, p := range paths {
		if _, rel, err := s.root.Resolve(p); err == nil {
			track(rel)
		}
	}
	m, err := LoadFiles(s.root, paths)
	if err != nil {
		// A broken or missing schema may be fixed in any file, imports
		// included, so nothing is cached until it loads.
		return nil, err, nil
	}
	for _, f := range m.Files {
		track(f)
	}
	return m, nil, watch
}

// LoadFiles compiles the schema made of the given root-relative paths (.zed
// files, or one zed validation YAML).
func LoadFiles(root *Root, paths []string) (*Model, error) {
	if len(paths) == 0 {
		return nil, &InputError{Kind: ErrNoSchema, Message: "no schema path given", Fix: howToPointAtSchema}
	}
	var srcs []Source
	for _, p := range paths {
		data, rel, err := root.ReadFile(p)
		if err != nil {
			return nil, err
		}
		if ext := strings.ToLower(path.Ext(rel)); ext == ".yaml" || ext == ".yml" {
			src, schemaFile, err := validationSchema(root, rel, data)
			if err != nil {
				return nil, err
			}
			if schemaFile == "" {
				srcs = append(srcs, src)
				continue
			}
			if data, rel, err = root.ReadFile(schemaFile); err != nil {
				return nil, err
			}
		}
		srcs = append(srcs, Source{File: rel, Text: string(data)})
	}
	return Compile(srcs, root.FS(path.Dir(srcs[0].File)))
}

// statStamp stats a root-relative path; a missing file has a zero stamp.
func statStamp(root *Root, rel string) (stamp, bool) {
	info, err := os.Stat(filepath.Join(root.Dir, filepath.FromSlash(rel)))
	if err != nil {
		return stamp{}, false
	}
	return stamp{mod: info.ModTime(), size: info.Size()}, true
}

// CompileText compiles schema text that is not a file, such as a proposed
// edit. Imports resolve against baseDir (root-relative).
func CompileText(root *Root, name, text, baseDir string) (*Model, error) {
	if len(text) > MaxFileBytes {
		return nil, &InputError{Kind: ErrTooLarge, Message: fmt.Sprintf("the %s schema is larger than %d MiB", name, MaxFileBytes>>20), Fix: "send only the schema text; split a generated schema with `import`"}
	}
	if err := checkText(name, []byte(text)); err != nil {
		err.(*InputError).Fix = "send the schema as plain UTF-8 text, without NUL bytes"
		return nil, err
	}
	return Compile([]Source{{File: name, Text: text}}, root.FS(baseDir))
}
