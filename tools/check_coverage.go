package tools

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/tools/coverage"
	"github.com/ambient-authz/ambient-authz/tools/coverage/golang"
)

// CheckCoverageArgs are the arguments of check_coverage.
type CheckCoverageArgs struct {
	Paths       []string `json:"paths,omitempty" jsonschema_description:"Files or folders to report on, relative to the project root. Default: the whole root. The whole module is still analyzed, so wrappers and middleware elsewhere count."`
	ChangedOnly bool     `json:"changed_only,omitempty" jsonschema_description:"Report only on the files changed against HEAD, untracked files included (needs git)."`
	Format      string   `json:"format,omitempty" jsonschema_description:"text (default): findings first, then the permission matrix; json: the full report." jsonschema:"enum=text,enum=json"`
}

// CheckCoverage is the check_coverage tool.
func CheckCoverage(d Deps) server.ServerTool {
	return readOnlyTool[CheckCoverageArgs, coverage.Report]("check_coverage", "Check handlers' authorization coverage",
		"Call this before finishing any change that adds or edits HTTP or RPC handlers, or the schema. It follows every Go handler "+
			"through wrappers, services, middleware and interceptors to its SpiceDB calls and reports, against the schema: unprotected "+
			"handlers, creates that write no relationship, deletes that leave relationships behind, unfiltered lists, unknown "+
			"permissions and types (with did-you-mean), invalid relationship writes, relations checked directly, and check results "+
			"that do not gate the response. Each finding has file:line and a concrete fix. `passed` is false while an error remains.",
		func(ctx context.Context, args CheckCoverageArgs) (string, coverage.Report, error) {
			r, err := RunCoverage(ctx, d, CoverageOptions{Paths: args.Paths, ChangedOnly: args.ChangedOnly})
			if err != nil {
				return "", coverage.Report{}, err
			}
			switch args.Format {
			case "json":
				data, err := r.JSON()
				if err != nil {
					return "", coverage.Report{}, fmt.Errorf("rendering the report: %w", err)
				}
				return string(data), *r, nil
			case "", "text":
				return coverage.FormatText(r), *r, nil
			}
			return "", coverage.Report{}, &schemas.InputError{Kind: schemas.ErrBadArgument, Message: fmt.Sprintf("unknown format %q", args.Format), Fix: "use text or json"}
		})
}

// CoverageOptions scope a coverage run.
type CoverageOptions struct {
	// Paths limit the report to these root-relative files or folders.
	Paths []string
	// ChangedOnly limits the report to the files changed against HEAD.
	ChangedOnly bool
	// Baseline, when set, is applied on top of the config's baseline.
	Baseline *coverage.Baseline
	// Progress, when set, is told how many files are being analyzed.
	Progress func(files int)
}

// RunCoverage analyzes the module at the root against the current schema.
// A missing schema is not an error: the rules that need none still run.
// The tool, the CLI and the hooks share it.
func RunCoverage(ctx context.Context, d Deps, opts CoverageOptions) (*coverage.Report, error) {
	root := d.Store.Root()
	model, err := d.Store.Model(ctx)
	var ie *schemas.InputError
	if err != nil && !(errors.As(err, &ie) && ie.Kind == schemas.ErrNoSchema) {
		return nil, err
	}
	cfg, err := coverage.LoadConfig(root)
	if err != nil {
		return nil, err
	}
	keep, err := scope(ctx, root, opts)
	if err != nil {
		return nil, err
	}
	files, err := goFiles(ctx, root)
	if err != nil {
		return nil, err
	}
	if opts.Progress != nil {
		opts.Progress(len(files))
	}
	sources := d.sources()
	prog, err := golang.ParseProgram(ctx, root.Dir, files, sources)
	if err != nil {
		return nil, fmt.Errorf("analyzing Go sources: %w", err)
	}
	zerolog.Ctx(ctx).Debug().Int("files", len(files)).Int("handlers", len(prog.Handlers)).Msg("program parsed")
	r, err := coverage.Analyze(ctx, prog, model, cfg)
	// A server's cache readies itself for the next rescan while the agent
	// works.
	sources.IdleSoon()
	if err != nil {
		return nil, err
	}
	if opts.Baseline != nil {
		r.ApplyBaseline(opts.Baseline)
	}
	if keep != nil {
		r.Scope(keep)
	} else if opts.Baseline != nil {
		r.Scope(func(string) bool { return true })
	}
	return r, nil
}

// skippedDirs are never application code.
var skippedDirs = map[string]bool{"vendor": true, "node_modules": true, "testdata": true, "third_party": true}

// goFiles lists the module's non-test Go files, root-relative and sorted.
// Symlinks are not followed, so a symlink loop cannot trap the walk.
func goFiles(ctx context.Context, root *schemas.Root) ([]string, error) {
	var files []string
	err := filepath.WalkDir(root.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // an unreadable entry is skipped, not fatal
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		name := d.Name()
		if d.IsDir() {
			if p != root.Dir && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || skippedDirs[name]) {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			rel, _ := filepath.Rel(root.Dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(files)
	return files, err
}

// scope returns the report filter for the options, or nil for everything.
func scope(ctx context.Context, root *schemas.Root, opts CoverageOptions) (func(string) bool, error) {
	var prefixes []string
	for _, p := range opts.Paths {
		_, rel, err := root.Resolve(p)
		if err != nil {
			return nil, err
		}
		prefixes = append(prefixes, rel)
	}
	var changed map[string]bool
	if opts.ChangedOnly {
		files, err := ChangedFiles(ctx, root)
		if err != nil {
			return nil, err
		}
		changed = map[string]bool{}
		for _, f := range files {
			changed[f] = true
		}
	}
	if prefixes == nil && changed == nil {
		return nil, nil
	}
	return func(file string) bool {
		if changed != nil && !changed[file] {
			return false
		}
		if prefixes == nil {
			return true
		}
		for _, p := range prefixes {
			if p == "." || file == p || strings.HasPrefix(file, p+"/") {
				return true
			}
		}
		return false
	}, nil
}

// ChangedFiles lists files changed against HEAD, untracked ones included,
// root-relative.
func ChangedFiles(ctx context.Context, root *schemas.Root) ([]string, error) {
	var out []string
	for _, args := range [][]string{{"diff", "--name-only", "--relative", "HEAD"}, {"ls-files", "--others", "--exclude-standard"}} {
		cmd := exec.CommandContext(ctx, "git", append([]string{"-C", root.Dir}, args...)...)
		data, err := cmd.Output()
		if err != nil {
			return nil, &schemas.InputError{Kind: schemas.ErrBadArgument,
				Message: fmt.Sprintf("changed_only needs a git repository with a HEAD commit at %s (git %s: %v)", root.Dir, args[0], err),
				Fix:     "commit once, or omit changed_only and pass `paths`"}
		}
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			if line != "" {
				out = append(out, path.Clean(line))
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
