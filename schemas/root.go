package schemas

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// MaxFileBytes caps any schema or config file we read. Real schemas are a
// few hundred KiB at most; anything larger is almost surely not a schema.
const MaxFileBytes = 4 << 20

// Root is the project root. Every file argument is confined to it, with
// symlinks resolved.
type Root struct {
	// Dir is the absolute, symlink-free root directory.
	Dir string
}

// NewRoot resolves dir to an absolute, symlink-free path.
func NewRoot(dir string) (*Root, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("resolving root %q: %w", dir, err)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, &InputError{Kind: ErrNotFound, Message: fmt.Sprintf("project root %s does not exist", abs), Fix: "pass an existing directory with --root (or AMBIENT_AUTHZ_ROOT)"}
	}
	return &Root{Dir: real}, nil
}

// Resolve confines p (absolute, or relative to the root) to the root and
// returns its absolute path and its root-relative slash path.
func (r *Root) Resolve(p string) (abs, rel string, err error) {
	if p == "" {
		return "", "", &InputError{Kind: ErrNotFound, Message: "empty path", Fix: "pass a path relative to the project root"}
	}
	abs = p
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(r.Dir, p)
	}
	abs = filepath.Clean(abs)
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", "", fmt.Errorf("resolving %q: %w", p, err)
	}
	rel, err = filepath.Rel(r.Dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", "", &InputError{
			Kind:    ErrOutsideRoot,
			Message: fmt.Sprintf("path %q is outside the project root %s", p, r.Dir),
			Fix:     "use a path inside the project root, or start the server with --root set to a directory that contains it",
		}
	}
	return abs, filepath.ToSlash(rel), nil
}

// ReadFile reads a root-confined file, refusing huge and binary files.
func (r *Root) ReadFile(p string) (data []byte, rel string, err error) {
	abs, rel, err := r.Resolve(p)
	if err != nil {
		return nil, "", err
	}
	data, err = readLimited(osFS{}, abs)
	if err != nil {
		return nil, rel, err
	}
	return data, rel, nil
}

// FS returns a read-only fs.FS rooted at dir (root-relative) that refuses
// any path, symlinks included, that leaves the project root.
func (r *Root) FS(dir string) fs.FS {
	return confinedFS{root: r, dir: filepath.Join(r.Dir, filepath.FromSlash(dir))}
}

type confinedFS struct {
	root *Root
	dir  string
}

func (c confinedFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	abs, _, err := c.root.Resolve(filepath.Join(c.dir, filepath.FromSlash(name)))
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return os.Open(abs)
}

// osFS opens absolute paths; it lets readLimited serve both the OS and an
// fs.FS.
type osFS struct{}

func (osFS) Open(name string) (fs.File, error) { return os.Open(name) }

// readLimited reads a file, failing with an InputError when it is larger
// than MaxFileBytes or is not UTF-8 text.
func readLimited(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		var ie *InputError
		if errors.As(err, &ie) {
			return nil, ie
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &InputError{Kind: ErrNotFound, Message: fmt.Sprintf("file %s does not exist", name), Fix: "check the path; paths are relative to the project root"}
		}
		return nil, fmt.Errorf("opening %s: %w", name, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, &InputError{Kind: ErrNotFound, Message: fmt.Sprintf("%s is a directory, not a schema file", name), Fix: "name a .zed file or a validation .yaml file"}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(data) > MaxFileBytes {
		return nil, &InputError{Kind: ErrTooLarge, Message: fmt.Sprintf("%s is larger than %d MiB; refusing to read it", name, MaxFileBytes>>20), Fix: "point at the schema file itself; split a generated schema with `import`"}
	}
	if err := checkText(name, data); err != nil {
		return nil, err
	}
	return data, nil
}

// checkText rejects binary content, which would otherwise produce a
// confusing parse error deep inside the compiler.
func checkText(name string, data []byte) error {
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		return &InputError{Kind: ErrBinary, Message: fmt.Sprintf("%s is a binary file, not schema text", name), Fix: "point at a UTF-8 .zed schema or a zed validation .yaml file"}
	}
	return nil
}
