package schemas

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// testSkipDirs are never searched for validation files: dependencies and
// build output. Hidden directories (.git, .venv) are skipped too.
var testSkipDirs = map[string]bool{"node_modules": true, "vendor": true}

var (
	testSchemaKey = regexp.MustCompile(`(?m)^(schema|schemaFile):`)
	testBodyKey   = regexp.MustCompile(`(?m)^(relationships|assertions|validation):`)
)

// FindValidationFiles lists, sorted and root-relative, the zed validation
// files anywhere under dir (root-relative; "." is the whole root): YAML with a top-level `schema:` or
// `schemaFile:` key and at least one of `relationships:`, `assertions:`
// and `validation:`. node_modules, vendor and hidden directories are
// skipped, as are files over MaxFileBytes.
func FindValidationFiles(ctx context.Context, root *Root, dir string) ([]string, error) {
	start, _, err := root.Resolve(dir)
	if err != nil {
		return nil, err
	}
	var found []string
	err = filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable entries are not ours to report
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			if p != start && (strings.HasPrefix(d.Name(), ".") || testSkipDirs[d.Name()]) {
				return fs.SkipDir
			}
			return nil
		}
		if ext := strings.ToLower(path.Ext(d.Name())); ext != ".yaml" && ext != ".yml" {
			return nil
		}
		rel, err := filepath.Rel(root.Dir, p)
		if err != nil {
			return nil
		}
		data, _, err := root.ReadFile(rel)
		if err == nil && testSchemaKey.Match(data) && testBodyKey.Match(data) {
			found = append(found, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("finding validation files: %w", err)
	}
	sort.Strings(found)
	return found, nil
}

// RunValidationFileAt runs the root-relative validation file p. Its
// `schemaFile:` and imports resolve next to it, confined to the root.
func RunValidationFileAt(ctx context.Context, root *Root, p string) (*ValidationResult, string, error) {
	data, rel, err := root.ReadFile(p)
	if err != nil {
		return nil, rel, err
	}
	res, err := RunValidationFile(ctx, data, WithSchemaFS(root.FS(path.Dir(rel))))
	return res, rel, err
}
