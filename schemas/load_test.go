package schemas_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
)

const tinySchema = "definition user {}\n\ndefinition document {\n\trelation viewer: user\n\tpermission view = viewer\n}\n"

// project writes files (path → content) under a temp root.
func project(t *testing.T, files map[string]string) *schemas.Root {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	root, err := schemas.NewRoot(dir)
	require.NoError(t, err)
	return root
}

func inputError(t *testing.T, err error) *schemas.InputError {
	t.Helper()
	var ie *schemas.InputError
	require.True(t, errors.As(err, &ie), "want *InputError, got %T: %v", err, err)
	return ie
}

func TestDiscover(t *testing.T) {
	yamlSchema := "schema: |-\n  definition user {}\n"
	tests := []struct {
		name  string
		files map[string]string
		want  []string
		kind  schemas.ErrorKind
	}{
		{"config wins", map[string]string{".ambient-authz.yaml": "schema: authz/main.zed\n", "schema.zed": tinySchema, "authz/main.zed": tinySchema}, []string{"authz/main.zed"}, ""},
		{"config list", map[string]string{".ambient-authz.yaml": "schema: [a.zed, b.zed]\n"}, []string{"a.zed", "b.zed"}, ""},
		{"schema.zed at root", map[string]string{"schema.zed": tinySchema, "other.zed": tinySchema}, []string{"schema.zed"}, ""},
		{"single zed in spicedb/", map[string]string{"spicedb/model.zed": tinySchema}, []string{"spicedb/model.zed"}, ""},
		{"import root chosen", map[string]string{"authz/root.zed": "use import\nimport \"parts.zed\"\n", "authz/parts.zed": tinySchema}, []string{"authz/root.zed"}, ""},
		{"validation yaml", map[string]string{"validations/app.yaml": yamlSchema, "other.yaml": "name: x\n"}, []string{"validations/app.yaml"}, ""},
		{"zed beats yaml", map[string]string{"schema/s.zed": tinySchema, "v.yaml": yamlSchema}, []string{"schema/s.zed"}, ""},
		{"ambiguous dirs", map[string]string{"spicedb/a.zed": tinySchema, "authz/b.zed": tinySchema}, nil, schemas.ErrAmbiguousSchema},
		{"ambiguous yaml", map[string]string{"a.yaml": yamlSchema, "b.yaml": yamlSchema}, nil, schemas.ErrAmbiguousSchema},
		{"nothing", map[string]string{"main.go": "package main"}, nil, schemas.ErrNoSchema},
		{"bad config", map[string]string{".ambient-authz.yaml": "schema: [unclosed\n"}, nil, schemas.ErrBadConfig},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := schemas.Discover(project(t, tt.files))
			if tt.kind != "" {
				ie := inputError(t, err)
				assert.Equal(t, tt.kind, ie.Kind)
				assert.NotEmpty(t, ie.Fix)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestAmbiguousListsCandidates(t *testing.T) {
	_, err := schemas.Discover(project(t, map[string]string{"spicedb/a.zed": tinySchema, "authz/b.zed": tinySchema}))
	ie := inputError(t, err)
	assert.Equal(t, []string{"spicedb/a.zed", "authz/b.zed"}, ie.Candidates)
	assert.Contains(t, ie.Error(), "spicedb/a.zed, authz/b.zed")
}

func TestLoadBadInput(t *testing.T) {
	huge := strings.Repeat("// padding padding padding padding padding\n", schemas.MaxFileBytes/40)
	tests := []struct {
		name    string
		files   map[string]string
		paths   []string
		kind    schemas.ErrorKind
		pos     string
		context string
	}{
		{"broken schema", map[string]string{"s.zed": "definition user {}\ndefinition doc {\n  relation viewer: usr\n}\n"}, []string{"s.zed"}, schemas.ErrCompile, "s.zed:3:20", "relation viewer: usr"},
		{"syntax error", map[string]string{"s.zed": "definition user {\n  relation x user\n}\n"}, []string{"s.zed"}, schemas.ErrCompile, "s.zed:2:", "relation x user"},
		{"broken schema in yaml", map[string]string{"v.yaml": "relationships: ''\nschema: |-\n  definition user {}\n  definition doc {\n    relation viewer: usr\n  }\n"}, []string{"v.yaml"}, schemas.ErrCompile, "v.yaml:5:22", "relation viewer: usr"},
		{"broken import", map[string]string{"root.zed": "use import\nimport \"sub/a.zed\"\n", "sub/a.zed": "definition user {}\ndefinition doc {\n  relation owner: nobody\n}\n"}, []string{"root.zed"}, schemas.ErrCompile, "sub/a.zed:3:19", "relation owner: nobody"},
		{"missing import", map[string]string{"root.zed": "use import\nimport \"nope.zed\"\n"}, []string{"root.zed"}, schemas.ErrCompile, "root.zed:", ""},
		{"empty schema", map[string]string{"s.zed": "// nothing yet\n\n"}, []string{"s.zed"}, schemas.ErrEmptySchema, "", ""},
		{"binary file", map[string]string{"s.zed": "definition\x00\x01\x02"}, []string{"s.zed"}, schemas.ErrBinary, "", ""},
		{"huge file", map[string]string{"s.zed": huge + "definition user {}\n"}, []string{"s.zed"}, schemas.ErrTooLarge, "", ""},
		{"outside root", map[string]string{"s.zed": tinySchema}, []string{"../../etc/passwd"}, schemas.ErrOutsideRoot, "", ""},
		{"absolute outside root", map[string]string{"s.zed": tinySchema}, []string{"/etc/hostname"}, schemas.ErrOutsideRoot, "", ""},
		{"missing file", map[string]string{"s.zed": tinySchema}, []string{"nope.zed"}, schemas.ErrNotFound, "", ""},
		{"directory", map[string]string{"dir/s.zed": tinySchema}, []string{"dir"}, schemas.ErrNotFound, "", ""},
		{"yaml without schema", map[string]string{"v.yaml": "relationships: ''\n"}, []string{"v.yaml"}, schemas.ErrNoSchema, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := schemas.LoadFiles(project(t, tt.files), tt.paths)
			ie := inputError(t, err)
			assert.Equal(t, tt.kind, ie.Kind, ie.Error())
			assert.NotEmpty(t, ie.Fix)
			if tt.pos != "" {
				require.NotNil(t, ie.Pos, ie.Error())
				assert.True(t, strings.HasPrefix(ie.Pos.String(), tt.pos), "position %s, want prefix %s", ie.Pos, tt.pos)
			}
			if tt.context != "" {
				assert.Contains(t, ie.SourceLine, tt.context)
			}
		})
	}
}

func TestImportSymlinkOutsideRootRefused(t *testing.T) {
	outside := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(outside, "secret.zed"), []byte(tinySchema), 0o644))
	root := project(t, map[string]string{"root.zed": "use import\nimport \"link/secret.zed\"\n"})
	require.NoError(t, os.Symlink(outside, filepath.Join(root.Dir, "link")))
	_, err := schemas.LoadFiles(root, []string{"root.zed"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "outside the project root")
}

func TestComposableSchemaPositions(t *testing.T) {
	root := project(t, map[string]string{
		"authz/root.zed":        "use import\n\nimport \"parts/users.zed\"\nimport \"parts/docs.zed\"\n",
		"authz/parts/users.zed": "definition user {}\n",
		"authz/parts/docs.zed":  "use import\nimport \"users.zed\"\n\ndefinition document {\n\trelation viewer: user\n\tpermission view = viewer\n}\n",
	})
	m, err := schemas.LoadFiles(root, []string{"authz/root.zed"})
	require.NoError(t, err)
	assert.Equal(t, "authz/root.zed", m.Source)
	assert.Contains(t, m.Files, "authz/parts/docs.zed")
	doc := m.Definition("document")
	require.NotNil(t, doc)
	assert.Equal(t, "authz/parts/docs.zed:4:1", doc.Pos.String())
	assert.Equal(t, "authz/parts/docs.zed:6:2", doc.Permission("view").Pos.String())
	assert.Equal(t, "authz/parts/users.zed:1:1", m.Definition("user").Pos.String())
}

func TestMultipleSchemaFiles(t *testing.T) {
	root := project(t, map[string]string{
		"a.zed": "definition user {}\n",
		"b.zed": "\ndefinition document {\n\trelation viewer: user\n}\n",
	})
	m, err := schemas.LoadFiles(root, []string{"a.zed", "b.zed"})
	require.NoError(t, err)
	assert.Equal(t, "b.zed:2:1", m.Definition("document").Pos.String())
	assert.Equal(t, "b.zed:3:2", m.Definition("document").Relation("viewer").Pos.String())

	_, err = schemas.LoadFiles(project(t, map[string]string{"a.zed": "definition user {}\n", "b.zed": "definition doc {\n  relation r: usr\n}\n"}), []string{"a.zed", "b.zed"})
	assert.Equal(t, "b.zed:2:3", inputError(t, err).Pos.String())
}

func TestValidationYAMLSchemaFile(t *testing.T) {
	root := project(t, map[string]string{"v/app.yaml": "schemaFile: ../authz/s.zed\n", "authz/s.zed": tinySchema})
	m, err := schemas.LoadFiles(root, []string{"v/app.yaml"})
	require.NoError(t, err)
	assert.Equal(t, "authz/s.zed", m.Source)
}

func TestStoreReloadsOnChange(t *testing.T) {
	ctx := context.Background()
	root := project(t, map[string]string{})
	store := schemas.NewStore(root, nil)

	_, err := store.Model(ctx)
	assert.Equal(t, schemas.ErrNoSchema, inputError(t, err).Kind, "no schema yet, but the store works")

	path := filepath.Join(root.Dir, "schema.zed")
	require.NoError(t, os.WriteFile(path, []byte(tinySchema), 0o644))
	m, err := store.Model(ctx)
	require.NoError(t, err)
	assert.Len(t, m.Definitions, 2)

	same, err := store.Model(ctx)
	require.NoError(t, err)
	assert.Same(t, m, same, "unchanged files are not recompiled")

	broken := tinySchema + "definition folder {\n  relation x: nope\n}\n"
	writeLater(t, path, broken)
	_, err = store.Model(ctx)
	assert.Equal(t, schemas.ErrCompile, inputError(t, err).Kind)

	writeLater(t, path, tinySchema+"definition folder {}\n")
	m, err = store.Model(ctx)
	require.NoError(t, err)
	assert.NotNil(t, m.Definition("folder"))
}

// writeLater rewrites a file with a modification time that is surely new,
// whatever the file system's timestamp granularity.
func writeLater(t *testing.T, path, content string) {
	t.Helper()
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	future := time.Now().Add(time.Duration(len(content)) * time.Second)
	require.NoError(t, os.Chtimes(path, future, future))
}

func TestCompileText(t *testing.T) {
	root := project(t, map[string]string{})
	_, err := schemas.CompileText(root, "proposed", "definition\x00", ".")
	assert.Equal(t, schemas.ErrBinary, inputError(t, err).Kind)
	_, err = schemas.CompileText(root, "proposed", strings.Repeat("x", schemas.MaxFileBytes+1), ".")
	assert.Equal(t, schemas.ErrTooLarge, inputError(t, err).Kind)
	m, err := schemas.CompileText(root, "proposed", tinySchema, ".")
	require.NoError(t, err)
	assert.Equal(t, "proposed", m.Source)
}

func TestSuggest(t *testing.T) {
	assert.Equal(t, []string{"view"}, schemas.Suggest("veiw", []string{"view", "edit", "delete"}))
	assert.Equal(t, []string{"document"}, schemas.Suggest("documnet", []string{"user", "document", "folder"}))
	assert.Empty(t, schemas.Suggest("zzz", []string{"view", "edit"}))
}
