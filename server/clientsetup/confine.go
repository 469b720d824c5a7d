package clientsetup

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// confine returns the real path init writes for the root-relative rel:
// symlinks are followed, in the file and in every folder above it, and
// anything that ends outside the root is refused.
func confine(root *schemas.Root, rel string) (string, error) {
	abs := filepath.Join(root.Dir, filepath.FromSlash(rel))
	existing, rest := abs, ""
	for {
		if _, err := os.Lstat(existing); err == nil {
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", &FileError{Path: rel, Message: err.Error()}
		}
		rest = filepath.Join(filepath.Base(existing), rest)
		existing = filepath.Dir(existing)
	}
	real, err := filepath.EvalSymlinks(existing)
	if err != nil {
		return "", &FileError{Path: rel, Message: "is a symlink to a missing file (" + err.Error() + ")", Fix: "remove the dangling link or create its target, and rerun"}
	}
	full := filepath.Join(real, rest)
	inside, err := filepath.Rel(root.Dir, full)
	if err != nil || inside == ".." || strings.HasPrefix(inside, ".."+string(filepath.Separator)) {
		return "", &FileError{Path: rel, Message: "resolves to " + full + ", outside the project root " + root.Dir + "; refusing to write there", Fix: "replace the symlink with a real file or folder inside the project, or run init with --root set to the right project"}
	}
	return full, nil
}
