package schemas

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// schemaDirs are the folders searched, in order, for a .zed schema.
var schemaDirs = []string{".", "spicedb", "authz", "schema"}

// Discover finds the schema when none is configured, in this order: the
// `schema:` key of .ambient-authz.yaml; schema.zed or a single root *.zed
// at the root or in spicedb/, authz/ or schema/; a zed validation YAML
// (a file with a top-level `schema:` or `schemaFile:` key). It returns
// root-relative paths. Several candidates at the same step are an error
// that lists them.
func Discover(root *Root) ([]string, error) {
	cfg, err := LoadConfig(root)
	if err != nil {
		return nil, err
	}
	if len(cfg.Schema) > 0 {
		return cfg.Schema, nil
	}
	var zeds []string
	for _, dir := range schemaDirs {
		found, err := zedRootsIn(root, dir)
		if err != nil {
			return nil, err
		}
		zeds = append(zeds, found...)
	}
	if len(zeds) == 1 {
		return zeds, nil
	}
	if len(zeds) > 1 {
		return nil, ambiguous(zeds)
	}
	yamls, err := validationFiles(root)
	if err != nil {
		return nil, err
	}
	switch len(yamls) {
	case 0:
		return nil, &InputError{Kind: ErrNoSchema, Message: fmt.Sprintf("no SpiceDB schema found under %s", root.Dir), Fix: howToPointAtSchema}
	case 1:
		return yamls, nil
	}
	return nil, ambiguous(yamls)
}

func ambiguous(candidates []string) error {
	return &InputError{
		Kind:       ErrAmbiguousSchema,
		Message:    fmt.Sprintf("found %d candidate schemas: %s", len(candidates), strings.Join(candidates, ", ")),
		Candidates: candidates,
		Fix:        "choose one with --schema PATH (or AMBIENT_AUTHZ_SCHEMA), or set `schema: PATH` in " + ConfigFile,
	}
}

var importRe = regexp.MustCompile(`(?m)^\s*import\s+"([^"]+)"`)

// zedRootsIn returns the schema entry point of dir: schema.zed if present,
// otherwise the .zed files that no other .zed file there imports.
func zedRootsIn(root *Root, dir string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(root.Dir, dir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", dir, err)
	}
	var zeds []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".zed") {
			if e.Name() == "schema.zed" {
				return []string{path.Join(dir, e.Name())}, nil
			}
			zeds = append(zeds, path.Join(dir, e.Name()))
		}
	}
	if len(zeds) < 2 {
		return zeds, nil
	}
	imported := map[string]bool{}
	for _, z := range zeds {
		data, _, err := root.ReadFile(z)
		if err != nil {
			continue // reported when (if) the file is compiled
		}
		for _, m := range importRe.FindAllStringSubmatch(string(data), -1) {
			imported[path.Join(dir, m[1])] = true
		}
	}
	var roots []string
	for _, z := range zeds {
		if !imported[z] {
			roots = append(roots, z)
		}
	}
	return roots, nil
}

// Limits on the validation-YAML walk, so discovery stays fast in large
// repositories.
const (
	walkMaxDepth   = 3
	walkMaxEntries = 5000
)

var skipDirs = map[string]bool{"node_modules": true, "vendor": true, "testdata": true, "third_party": true}

var topLevelSchemaKey = regexp.MustCompile(`(?m)^schema(File)?:`)

// validationFiles finds zed validation YAML files near the root.
func validationFiles(root *Root) ([]string, error) {
	var found []string
	seen := 0
	err := filepath.WalkDir(root.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable entries are not ours to report
		}
		rel, _ := filepath.Rel(root.Dir, p)
		rel = filepath.ToSlash(rel)
		if seen++; seen > walkMaxEntries {
			return fs.SkipAll
		}
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || skipDirs[d.Name()] || strings.Count(rel, "/") >= walkMaxDepth) {
				return fs.SkipDir
			}
			return nil
		}
		if rel == ConfigFile || !(strings.HasSuffix(rel, ".yaml") || strings.HasSuffix(rel, ".yml")) {
			return nil
		}
		if info, err := d.Info(); err != nil || info.Size() > MaxFileBytes {
			return nil
		}
		data, err := os.ReadFile(p)
		if err == nil && topLevelSchemaKey.Match(data) {
			found = append(found, rel)
		}
		return nil
	})
	sort.Strings(found)
	return found, err
}

// validationSchema extracts the schema from a zed validation YAML: either
// the `schema:` text, placed at its line in the file, or the file named by
// `schemaFile:`, relative to the YAML.
func validationSchema(root *Root, rel string, data []byte) (Source, string, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return Source{}, "", &InputError{Kind: ErrCompile, Message: fmt.Sprintf("%s is not a zed validation file (YAML with a top-level schema: key)", rel), Fix: "point at a .zed file, or fix the YAML"}
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		key, val := m.Content[i], m.Content[i+1]
		switch key.Value {
		case "schema":
			if val.Kind != yaml.ScalarNode {
				break
			}
			lineOff, colOff := embeddedOffsets(string(data), val)
			return Source{File: rel, Text: val.Value, LineOffset: lineOff, ColOffset: colOff}, "", nil
		case "schemaFile":
			return Source{}, path.Join(path.Dir(rel), val.Value), nil
		}
	}
	return Source{}, "", &InputError{Kind: ErrNoSchema, Message: fmt.Sprintf("%s has no top-level `schema:` text or `schemaFile:`", rel), Fix: "add the schema under `schema: |` or point at the .zed file with `schemaFile:`"}
}

// embeddedOffsets returns where a YAML scalar's first content line sits in
// the file (0-based line offset) and its indentation, so compile errors in
// an embedded schema point into the YAML file.
func embeddedOffsets(file string, val *yaml.Node) (int, int) {
	lines := strings.Split(file, "\n")
	if val.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
		return val.Line - 1, val.Column - 1
	}
	// val.Line is the 1-based line of the `|`, so content starts at index
	// val.Line; the indentation is that of the first non-blank line.
	for i := val.Line; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "" {
			return val.Line, len(lines[i]) - len(strings.TrimLeft(lines[i], " \t"))
		}
	}
	return val.Line, 0
}
