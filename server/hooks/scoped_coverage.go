package hooks

import (
	"context"
	"slices"
	"strings"

	"github.com/rs/zerolog"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/tools"
	"github.com/ambient-authz/ambient-authz/tools/coverage"
	"github.com/ambient-authz/ambient-authz/tools/coverage/golang"
)

// scopedCoverage reports the findings in the changed files (root-relative)
// as check_coverage with opts does, but quickly when it can: it analyzes
// the changed Go files' import neighbourhood first (editScope), which can
// only over-report, and analyzes the whole module only when that finds
// something confirm says must be confirmed. Changes to no Go file, the
// schema or the config cannot move a finding, and need no analysis.
func scopedCoverage(ctx context.Context, deps tools.Deps, model *schemas.Model, changed []string, opts tools.CoverageOptions, confirm func(coverage.Finding) bool) (*coverage.Report, error) {
	root := deps.Store.Root()
	var goFiles []string
	inScope := map[string]bool{}
	for _, f := range changed {
		inScope[f] = true
		if strings.HasSuffix(f, ".go") && !strings.HasSuffix(f, "_test.go") {
			goFiles = append(goFiles, f)
		}
	}
	if len(goFiles) == 0 {
		if !inScope[schemas.ConfigFile] && !slices.ContainsFunc(model.Files, func(f string) bool { return inScope[f] }) {
			return &coverage.Report{}, nil
		}
		return tools.RunCoverage(ctx, deps, opts)
	}
	files, total, err := editScope(ctx, root.Dir, goFiles)
	if err != nil {
		return nil, err
	}
	if len(files) < total {
		cfg, err := coverage.LoadConfig(root)
		if err != nil {
			return nil, err
		}
		// One cache for both passes: the whole-module pass then parses
		// only the files the scoped one did not. A hook analyzes each
		// program once, so the cache keeps no analysis.
		if deps.Sources == nil {
			deps.Sources = golang.NewSourceCache()
		}
		prog, err := golang.ParseProgram(ctx, root.Dir, files, deps.Sources)
		if err != nil {
			return nil, err
		}
		r, err := coverage.Analyze(ctx, prog, model, cfg)
		if err != nil {
			return nil, err
		}
		r.Scope(func(file string) bool { return inScope[file] })
		if !slices.ContainsFunc(r.Findings, confirm) {
			return r, nil
		}
		zerolog.Ctx(ctx).Debug().Int("files", len(files)).Int("module", total).Msg("a finding in the changed files' scope: confirming on the whole module")
	}
	return tools.RunCoverage(ctx, deps, opts)
}
