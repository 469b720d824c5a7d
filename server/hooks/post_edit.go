package hooks

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/ambient-authz/ambient-authz/tools"
	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// postEdit answers an edit. Cursor's afterFileEdit cannot answer, so the
// file is recorded for its stop. Claude Code's PostToolUse gets the authz
// context of the file's handlers and its findings, and a block when the
// edited file has an error the baseline does not accept: the gaps the edit
// introduced, never ones elsewhere.
func postEdit(ctx context.Context, s *session) answer {
	file := s.payload.editedFile()
	if file == "" {
		return allow("allowed: the payload names no edited file (tool_input.file_path)")
	}
	lang, ok := coverage.LanguageOf(file)
	if !ok {
		return answer{} // not source code: nothing to say
	}
	root := s.store.Root()
	_, rel, err := root.Resolve(file)
	if err != nil {
		return allow("allowed: %v", err)
	}
	if s.payload.client() == cursor {
		if err := s.state.recordEdit(rel); err != nil {
			return allow("allowed: %v", err)
		}
		return answer{}
	}
	f, err := tools.ParseSource(root, rel)
	if err != nil {
		return allow("allowed: %v", err)
	}
	if len(f.Errors) > 0 {
		e := f.Errors[0]
		return allow("allowed: %s:%d:%d does not parse (%s); it is checked once it does", rel, e.Line, e.Col, e.Message)
	}
	model, err := s.store.Model(ctx)
	if err != nil {
		return allow("allowed without context: %v", err)
	}
	deps := tools.Deps{Store: s.store}
	var findings, blocks []coverage.Finding
	if lang == coverage.Go {
		r, err := scopedCoverage(ctx, deps, model, []string{rel}, tools.CoverageOptions{Paths: []string{rel}}, needsWholeModule)
		if err != nil {
			return allow("allowed: coverage of %s: %v", rel, err)
		}
		// A copy: the report's slices may be shared with the scan cache.
		r.Findings = slices.DeleteFunc(slices.Clone(r.Findings), programWide)
		for _, f := range r.Findings {
			if !f.Baselined && f.Severity != coverage.SeverityInfo {
				findings = append(findings, f)
			}
		}
		blocks = blocking(r, nil)
	}
	if len(f.Handlers) == 0 && len(findings) == 0 {
		return answer{}
	}
	out := withContext("PostToolUse", editContext(ctx, deps, f, findings, blocks))
	if len(blocks) > 0 {
		out.Decision = "block"
		out.Reason = reason(fmt.Sprintf("ambient-authz: this edit leaves %s in %s:", plural(len(blocks), "authorization error"), rel), blocks,
			"Fix them now (the authz context has the code), or put `// authz:public <reason>` above a handler that is public on purpose.")
	}
	return answer{out: out}
}

// editContext is what the model reads after the edit: the file's
// findings, then the authz context of the handler the first error is
// about (or of the file's handlers).
func editContext(ctx context.Context, deps tools.Deps, f *coverage.File, findings, blocks []coverage.Finding) string {
	var b strings.Builder
	if len(findings) > 0 {
		fmt.Fprintf(&b, "ambient-authz findings in %s:\n", f.Path)
		for _, x := range findings {
			fmt.Fprintf(&b, "- %s %s: %s\n", x.Severity, findingLine(x), x.Message)
		}
		b.WriteString("\n")
	}
	args := tools.AuthzContextArgs{File: f.Path}
	for _, x := range blocks {
		if handlerIn(f, x.Handler) {
			args.Handler = x.Handler
			break
		}
	}
	if len(f.Handlers) > 0 {
		c, err := tools.BuildAuthzContext(ctx, deps, args)
		if err == nil {
			b.WriteString(c.Markdown())
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// needsWholeModule reports whether a finding over part of the module
// must be confirmed before the edit hook says it: an error would block.
func needsWholeModule(f coverage.Finding) bool {
	return !f.Baselined && f.Severity == coverage.SeverityError && !programWide(f)
}

// programWide reports the rules about the whole program (no code writes a
// type, no code checks a permission): they are not about the edit, so the
// edit hook leaves them to check_coverage and the stop hook.
func programWide(f coverage.Finding) bool {
	return f.Rule == coverage.RuleTypeNeverWritten || f.Rule == coverage.RulePermissionNeverChecked
}

func handlerIn(f *coverage.File, function string) bool {
	for _, h := range f.Handlers {
		if h.Function == function {
			return true
		}
	}
	return false
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
