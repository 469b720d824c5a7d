package hooks

import (
	"context"
	"fmt"

	"github.com/ambient-authz/ambient-authz/tools"
	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// stop runs check_coverage on what the agent changed: for Claude Code the
// files changed against HEAD, untracked ones included; for Cursor the
// files its afterFileEdit recorded in this conversation. Error findings
// the baseline does not accept block the stop. An agent already going on
// because of a stop block is not blocked again on the same findings, so
// the gate cannot loop.
func stop(ctx context.Context, s *session) answer {
	p := s.payload
	if p.client() == cursor && p.Status != "" && p.Status != "completed" {
		return answer{} // aborted or failed: the user is in charge
	}
	if p.continuing() && !s.state.usable() {
		return allow("allowed: the agent is already continuing after a stop block, and without a session ID the findings it was blocked on are unknown")
	}
	changed, opts, err := s.changed(ctx)
	if err != nil {
		return allow("allowed: %v", err)
	}
	if len(changed) == 0 {
		return answer{} // nothing changed
	}
	seen, err := s.state.blocked()
	if err != nil {
		return allow("allowed: %v", err)
	}
	model, err := s.store.Model(ctx)
	if err != nil {
		return allow("allowed: %v", err)
	}
	r, err := scopedCoverage(ctx, tools.Deps{Store: s.store}, model, changed, opts, func(f coverage.Finding) bool {
		return !f.Baselined && f.Severity == coverage.SeverityError
	})
	if err != nil {
		return allow("allowed: check_coverage: %v", err)
	}
	skip := map[string]bool{}
	if p.continuing() {
		skip = seen
	}
	blocks := blocking(r, skip)
	if len(blocks) == 0 {
		if err := s.state.clear(); err != nil {
			return allow("allowed: %v", err)
		}
		return answer{}
	}
	for _, f := range blocks {
		seen[f.Fingerprint()] = true
	}
	if err := s.state.setBlocked(seen); err != nil {
		s.log.Warn().Err(err).Msg("the next stop may block on the same findings")
	}
	text := reason(fmt.Sprintf("ambient-authz check_coverage: %s in the changed files:", plural(len(blocks), "authorization error")), blocks,
		"Fix them before finishing; check_coverage shows the full report.")
	if p.client() == cursor {
		return answer{out: cursorStopOutput{FollowupMessage: text}}
	}
	return answer{out: claudeOutput{Decision: "block", Reason: text}}
}

// changed lists what the stop checks, and the check_coverage options
// that scope a run to it: for Cursor the files recorded in this
// conversation, for Claude Code the files changed against HEAD.
func (s *session) changed(ctx context.Context) ([]string, tools.CoverageOptions, error) {
	if s.payload.client() == cursor {
		edited, err := s.state.edits()
		return edited, tools.CoverageOptions{Paths: edited}, err
	}
	files, err := tools.ChangedFiles(ctx, s.store.Root())
	return files, tools.CoverageOptions{ChangedOnly: true}, err
}
