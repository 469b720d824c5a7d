package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/ambient-authz/ambient-authz/tools"
	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

func newCoverageCmd(g *globals) *cobra.Command {
	var format, failOn, baseline, writeBaseline string
	var changedOnly bool
	cmd := &cobra.Command{
		Use:   "coverage [paths]",
		Short: "Report handlers' authorization gaps against the schema (text, JSON or SARIF)",
		Long: "Follow every Go handler through wrappers, services, middleware and interceptors to its SpiceDB calls, and report\n" +
			"the gaps against the schema. paths (files or folders under the root) narrow the report; the whole module is analyzed.\n" +
			"Exit code 1 when a finding at or above --fail-on remains.",
		RunE: func(cmd *cobra.Command, paths []string) error {
			if format != "text" && format != "json" && format != "sarif" {
				return fmt.Errorf("--format %q: use text, json or sarif", format)
			}
			if failOn != "error" && failOn != "warning" && failOn != "never" {
				return fmt.Errorf("--fail-on %q: use error, warning or never", failOn)
			}
			store, err := g.store()
			if err != nil {
				return err
			}
			opts := tools.CoverageOptions{Paths: paths, ChangedOnly: changedOnly}
			if baseline != "" {
				data, _, err := store.Root().ReadFile(baseline)
				if err != nil {
					return err
				}
				if opts.Baseline, err = coverage.ReadBaseline(bytes.NewReader(data)); err != nil {
					return fmt.Errorf("--baseline %s: %w", baseline, err)
				}
			}
			if isTerminal(cmd.ErrOrStderr()) {
				opts.Progress = func(n int) { fmt.Fprintf(cmd.ErrOrStderr(), "analyzing %d Go files…\r", n) }
			}
			r, err := tools.RunCoverage(cmd.Context(), tools.Deps{Store: store}, opts)
			if opts.Progress != nil {
				fmt.Fprint(cmd.ErrOrStderr(), "\r\033[K")
			}
			if err != nil {
				return err
			}
			if writeBaseline != "" {
				if err := writeBaselineFile(store.Root().Dir, writeBaseline, r); err != nil {
					return err
				}
			}
			if err := printReport(cmd, format, r); err != nil {
				return err
			}
			if failed(r, failOn) {
				return exitCode(1)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "text", "output format: text, json or sarif (SARIF 2.1.0)")
	f.StringVar(&failOn, "fail-on", "error", "exit 1 when a finding at this severity or above remains: error, warning or never")
	f.StringVar(&baseline, "baseline", "", "baseline file of accepted findings (root-relative); they never fail the run")
	f.StringVar(&writeBaseline, "write-baseline", "", "write the current findings as a baseline to this file (root-relative)")
	f.BoolVar(&changedOnly, "changed-only", false, "report only on files changed against HEAD, untracked files included")
	return cmd
}

func printReport(cmd *cobra.Command, format string, r *coverage.Report) error {
	out := cmd.OutOrStdout()
	switch format {
	case "json":
		data, err := r.JSON()
		if err != nil {
			return err
		}
		_, err = out.Write(data)
		return err
	case "sarif":
		data, err := coverage.FormatSARIF(r)
		if err != nil {
			return err
		}
		_, err = out.Write(append(data, '\n'))
		return err
	}
	_, err := fmt.Fprintln(out, coverage.FormatText(r))
	return err
}

func failed(r *coverage.Report, failOn string) bool {
	switch failOn {
	case "error":
		return r.Summary.Errors > 0
	case "warning":
		return r.Summary.Errors+r.Summary.Warnings > 0
	}
	return false
}

func writeBaselineFile(root, name string, r *coverage.Report) error {
	var buf bytes.Buffer
	if err := coverage.WriteBaseline(&buf, r); err != nil {
		return err
	}
	p := name
	if !filepath.IsAbs(p) {
		p = filepath.Join(root, p)
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("--write-baseline: %w", err)
	}
	return nil
}
