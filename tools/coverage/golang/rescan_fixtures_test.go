package golang

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// The first two mutations keep every line where it is, so most of them
// keep a file's surface and take the rescan's one-file relink; the next
// two move declarations to other lines and keep the file's shape, which
// relinks the files that read its positions too; the others add, remove
// or change declarations, which relinks those, the files that name what
// changed and, for a type or a method, the files of its package.
// Those are the paths whose shortcuts could go stale.
var (
	// stringLiteral is a string literal outside an import line.
	stringLiteral = regexp.MustCompile(`"([a-z][a-zA-Z_/{}.:-]*)"`)
	// authzLine is a line that asks or tells SpiceDB something, itself
	// or through a wrapper.
	authzLine = regexp.MustCompile(`(?i)(check|can|authoriz|require|lookup|write|delete)[a-z]*\(`)
	// receiver is a method's receiver.
	receiver = regexp.MustCompile(`(?m)^func \(\w+ (\*?\w+)\) `)
	// funcName, methodDecl and structType start a declaration.
	funcName   = regexp.MustCompile(`(?m)^func (\w+)\(`)
	methodDecl = regexp.MustCompile(`(?m)^(func \(\w+ \*?\w+\) )(\w+)\(`)
	structType = regexp.MustCompile(`(?m)^(type \w+ struct \{)$`)
)

var rescanMutations = map[string]func(string) string{
	"suffix every string literal": func(src string) string {
		lines := strings.Split(src, "\n")
		for i, line := range lines {
			if !strings.HasPrefix(strings.TrimSpace(line), "import") && !strings.HasPrefix(line, "\t\"") {
				lines[i] = stringLiteral.ReplaceAllString(line, `"${1}x"`)
			}
		}
		return strings.Join(lines, "\n")
	},
	"comment out every SpiceDB or wrapper call line": func(src string) string {
		lines := strings.Split(src, "\n")
		for i, line := range lines {
			if authzLine.MatchString(line) && !strings.HasPrefix(strings.TrimSpace(line), "func ") {
				lines[i] = "//" + line
			}
		}
		return strings.Join(lines, "\n")
	},
	"a blank line after the package clause": func(src string) string {
		return strings.Replace(src, "\n", "\n\n", 1)
	},
	"a function added above the first": func(src string) string {
		return strings.Replace(src, "\nfunc ", "\nfunc zzAdded() {}\n\nfunc ", 1)
	},
	"a type added at the end": func(src string) string {
		return src + "\ntype ZzAdded struct{}\n"
	},
	"the first function renamed": func(src string) string {
		return replaceFirst(funcName, src, "func ${1}Zz(")
	},
	"the first method renamed": func(src string) string {
		return replaceFirst(methodDecl, src, "${1}${2}Zz(")
	},
	"a field added to the first struct": func(src string) string {
		return replaceFirst(structType, src, "${1}\n\tzzAdded int")
	},
	"a method added to the first receiver's type": func(src string) string {
		if m := receiver.FindStringSubmatch(src); m != nil {
			return src + "\nfunc (zz " + m[1] + ") ZzAdded() {}\n"
		}
		return src
	},
	"a blank line at the start of every function body": func(src string) string {
		lines := strings.Split(src, "\n")
		for i, line := range lines {
			if strings.HasPrefix(line, "func ") && strings.HasSuffix(line, "{") {
				lines[i] = line + "\n"
			}
		}
		return strings.Join(lines, "\n")
	},
}

// replaceFirst replaces the first match of re in src.
func replaceFirst(re *regexp.Regexp, src, repl string) string {
	loc := re.FindStringSubmatchIndex(src)
	if loc == nil {
		return src
	}
	return src[:loc[0]] + string(re.ExpandString(nil, repl, src, loc)) + src[loc[1]:]
}

// TestRescanMatchesColdScanOnFixtures mutates every Go file of every
// fixture app in turn, and checks that a warm rescan, which analyzes
// again only what the mutation can change, gives the report a cold scan
// gives, after the mutation and after it is undone.
func TestRescanMatchesColdScanOnFixtures(t *testing.T) {
	if testing.Short() {
		t.Skip("many scans")
	}
	apps, err := filepath.Glob("../../../testdata/coverage/apps/*/go.mod")
	require.NoError(t, err)
	require.NotEmpty(t, apps)
	ctx := context.Background()
	for _, gomod := range apps {
		src := filepath.Dir(gomod)
		t.Run(filepath.Base(src), func(t *testing.T) {
			root := t.TempDir()
			require.NoError(t, os.CopyFS(root, os.DirFS(src)))
			schema, err := os.ReadFile(filepath.Join(root, "schema.zed"))
			require.NoError(t, err)
			model, err := schemas.Compile([]schemas.Source{{File: "schema.zed", Text: string(schema)}}, nil)
			require.NoError(t, err)
			files := goFiles(t, root)
			// Times in the past, one per write, so the cache trusts them.
			stamp := time.Now().Add(-time.Hour)
			write := func(rel, content string) {
				stamp = stamp.Add(time.Second)
				abs := filepath.Join(root, rel)
				require.NoError(t, os.WriteFile(abs, []byte(content), 0o644))
				require.NoError(t, os.Chtimes(abs, stamp, stamp))
			}
			scan := func(cache *Cache) string {
				prog, err := ParseProgram(ctx, root, files, cache)
				require.NoError(t, err)
				r, err := coverage.Analyze(ctx, prog, model, nil)
				require.NoError(t, err)
				data, err := r.JSON()
				require.NoError(t, err)
				return string(data)
			}
			for _, rel := range files {
				data, err := os.ReadFile(filepath.Join(root, rel))
				require.NoError(t, err)
				write(rel, string(data))
			}
			cache := NewCache()
			scan(cache)
			for _, rel := range files {
				orig, err := os.ReadFile(filepath.Join(root, rel))
				require.NoError(t, err)
				for name, mutate := range rescanMutations {
					mutated := mutate(string(orig))
					if mutated == string(orig) {
						continue
					}
					write(rel, mutated)
					require.Equal(t, scan(NewCache()), scan(cache), "%s, %s: the rescan differs from a cold scan", rel, name)
					write(rel, string(orig))
					require.Equal(t, scan(NewCache()), scan(cache), "%s, %s undone: the rescan differs from a cold scan", rel, name)
				}
			}
			// Every rescan after the first scan reused its walks.
			stats := cache.analysis.Stats()
			require.Equal(t, 1, stats.Full, "analyses of the whole program")
			require.Positive(t, stats.Incremental, "incremental analyses")
		})
	}
}
